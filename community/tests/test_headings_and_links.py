"""The yearly value report is linked, from the caseload and from the partner organisations' registry
(community service's link there), for those who may open it."""

import pytest
from django.urls import reverse

from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


REPORT_LINK = 'href="/community/report/"'


@pytest.mark.parametrize("name", ["community:caseload", "partners:list"])
def test_report_link_for_those_with_the_stats_permission(name, personas):
    url = reverse(name)
    assert reverse("community:report") == "/community/report/"
    for who in ("hanna", "rita"):  # unit and regional heads: stats.view
        assert REPORT_LINK in client_for(getattr(personas, who)).get(url).content.decode(), who
    for who in ("alice", "bob", "audrey"):  # officers and the auditor: no stats.view
        page = client_for(getattr(personas, who)).get(url)
        assert page.status_code == 200 and REPORT_LINK not in page.content.decode(), who
    # The analyst (stats.view, no case.view) has neither page; the report is her first page.
    assert client_for(personas.anna).get(url).status_code == 404
    assert client_for(personas.anna).get("/").url == reverse("community:report")
    assert client_for(personas.anna).get(reverse("community:report")).status_code == 200
    assert client_for(personas.alice).get(reverse("community:report")).status_code == 404
