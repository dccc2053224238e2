"""The query count of the outbox's API list (tests/test_seam.py asks for one per list)."""

import pytest

from core.testing.checks import assert_constant_queries, client_for
from outbox import services

pytestmark = pytest.mark.django_db


def test_api_message_list_query_count_is_constant(client_case, personas):
    def build(n):
        for i in range(n):
            services.send(actor=personas.alice, case=client_case, channel="sms" if i % 2 else "email",
                          recipient="+371 20000000" if i % 2 else "klients@example.lv", body=f"Ziņa {i}",
                          subject="" if i % 2 else "Tikšanās")

    hanna = client_for(personas.hanna)
    assert_constant_queries(build, lambda: hanna.get("/api/outbox/messages"))
