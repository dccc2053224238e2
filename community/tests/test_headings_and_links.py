"""Edit-page headings are translated; the yearly value report is linked for those who may open it."""

import pytest
from django.urls import reverse
from django.utils import translation

from community import services, views
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["agreement", "place", "contact"])
def test_item_edit_heading_is_latvian_on_a_latvian_page(kind, personas, provider, place, today):
    item = {"agreement": lambda: services.agreement_add(actor=personas.alice, provider=provider, number="L-1",
                                                        valid_from=today),
            "place": lambda: place,
            "contact": lambda: services.contact_add(actor=personas.alice, provider=provider, name="Anna",
                                                       phone="67000000")}[kind]()
    title = views._ITEM_TITLES[kind]
    with translation.override("lv"):
        latvian = str(title)
    with translation.override("en"):
        english = str(title)
    assert latvian != english  # extracted and translated
    url = reverse("community:provider_item_edit", args=[provider.pk, kind, item.pk])
    page = client_for(personas.alice).get(url, HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    assert f'<h1 class="govuk-heading-l">{latvian}</h1>' in page and english not in page


REPORT_LINK = 'href="/community/report/"'


@pytest.mark.parametrize("name", ["caseload", "providers"])
def test_report_link_for_those_with_the_stats_permission(name, personas):
    url = reverse(f"community:{name}")
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
