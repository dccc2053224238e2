"""The audit page speaks the reader's language (issue 9, item 17): no service codes, model labels or
Python dicts with None on a Latvian page."""

import pytest
from django.urls import reverse

from core import audit
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


def test_the_change_log_in_words(personas):
    alice = personas.alice
    before = {"first_name": "Alise", "home_unit": None, "is_active": True}
    audit.record(actor=personas.admin, verb="user_update", instance=alice, before=before,
                 after={**before, "first_name": "Alīse"})
    audit.record(actor=personas.admin, verb="some_new_service", instance=alice, before=None, after={"x": 1})
    html = client_for(personas.audrey).get(reverse("audit_log")).content.decode()
    assert "Mainīti lietotāja dati" in html  # the verb's words
    assert ">user_update<" not in html and "accounts.user#" not in html
    assert "None" not in html and "{&#x27;" not in html and "{'" not in html
    assert "Alīse" in html and "—" in html
    assert 'title="some_new_service"' in html  # a verb without words: the kind of change, the code in the title
