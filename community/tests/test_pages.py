import datetime as dt

import pytest
from django.urls import reverse
from stdnum.lv import pvn

from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from cases import services as cs
from community import reports, services
from community.models import HourEntry, ProviderSupervisor
from community.tests.conftest import make_client, open_section, posted, record_details
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from partners import services as partners
from people import services as ps
from tasks.models import Task

OFFICERS = ["alice", "bob", "hanna", "rita"]


def test_client_file_links_to_the_section_page(personas, cs_section):
    response = client_for(personas.alice).get(reverse("case_detail", args=[cs_section.case_id]))
    assert reverse("community:section", args=[cs_section.case_id, cs_section.pk]) in response.content.decode()


def test_section_page_access(personas, order):
    section = order.details.section
    url = reverse("community:section", args=[section.case_id, section.pk])
    assert_page_access(url, personas, allowed=sorted(CASE_READERS), denied=sorted(CASE_NON_READERS))


def test_section_page_shows_progress_and_a_form_to_record_details(personas, cs_section, today):
    url = reverse("community:section", args=[cs_section.case_id, cs_section.pk])
    page = client_for(personas.alice).get(url).content.decode()
    assert 'name="details-ordered_hours"' in page
    response = client_for(personas.alice).post(reverse("community:details", args=[cs_section.case_id, cs_section.pk]),
                                               posted("details", {
        "order_type": "court_sentence", "ordered_hours": "300", "registration_basis": "ruling",
        "ruling_in_force": cs_section.basis_in_force.isoformat()}))
    assert response.status_code == 422
    assert "govuk-error-summary" in response.content.decode()
    response = client_for(personas.alice).post(reverse("community:details", args=[cs_section.case_id, cs_section.pk]),
                                               posted("details", {
        "order_type": "court_sentence", "ordered_hours": "120", "registration_basis": "ruling",
        "ruling_in_force": cs_section.basis_in_force.isoformat()}))
    assert response.status_code == 302
    page = client_for(personas.alice).get(url).content.decode()
    assert "120" in page and 'name="details-ordered_hours"' in page  # now the change form

    assert Task.objects.filter(section=cs_section, kind="community.register_after_ruling").exists()


def test_auditor_reads_but_cannot_change(personas, details, place, today):
    section = details.section
    url = reverse("community:order", args=[section.case_id, section.pk])
    data = posted("order", {"place": place.pk, "start_date": today.isoformat(), "schedule": "S"})
    assert_page_access(url, personas, allowed=[], denied=["audrey", "carol", "walt", "anna", "admin"],
                       method="post", data=data)
    response = client_for(personas.bob).post(url, data)
    assert response.status_code == 302


def test_hours_form_errors_are_shown_beside_the_field(personas, order, today):
    section = order.details.section
    url = reverse("community:hours_add", args=[section.case_id, section.pk])
    response = client_for(personas.alice).post(url, posted("hours", {"day": (today + dt.timedelta(days=1)).isoformat(),
                                                                     "hours": "2"}))
    assert response.status_code == 422
    assert 'id="id_hours-day-error"' in response.content.decode()
    assert not HourEntry.objects.exists()
    response = client_for(personas.alice).post(url, posted("hours", {"day": today.isoformat(), "hours": "2"}))
    assert response.status_code == 302 and HourEntry.objects.count() == 1


def test_correction_page(personas, order, today):
    entry = services.hours_record(actor=personas.alice, order=order, day=today, hours="4")
    url = reverse("community:hours_correct", args=[entry.pk])
    section = order.details.section
    page = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert url in page.content.decode()
    assert_page_access(url, personas, allowed=OFFICERS, denied=["carol", "otto", "walt", "audrey", "anna", "admin"])
    response = client_for(personas.alice).post(url, {"hours": "3", "reason": "Kļūda"})
    assert response.status_code == 302
    assert HourEntry.objects.filter(superseded=False).get().hours == 3


def test_old_provider_links_lead_to_the_partner_pages(personas, provider, place):
    """The work providers' pages moved to /partners/; bookmarks and links to the old addresses still work."""
    client = client_for(personas.alice)
    for old, new in ((reverse("community:old_providers") + "?status=active", reverse("partners:list") + "?status=active"),
                     (reverse("community:old_provider_new"), reverse("partners:new")),
                     (reverse("community:old_provider", args=[provider.pk]),
                      reverse("partners:organisation", args=[provider.pk])),
                     (reverse("community:old_provider_item_edit", args=[provider.pk, "place", place.pk]),
                      reverse("partners:item_edit", args=[provider.pk, "place", place.pk]))):
        response = client.get(old)
        assert response.status_code == 301 and response.url == new, old
        assert client.get(new).status_code == 200
    assert old == f"/community/providers/{provider.pk}/place/{place.pk}/edit/"
    assert_page_access(reverse("community:old_providers"), personas, allowed=["alice", "carol", "audrey"],
                       denied=["walt", "anna", "admin"], ok_status=(301,))
    assert_page_access(reverse("community:old_provider", args=[provider.pk]), personas,
                       allowed=["alice", "carol", "audrey"], denied=["walt", "anna", "admin"], ok_status=(301,))
    assert_page_access(reverse("community:old_provider_new"), personas, allowed=["alice", "carol"],
                       denied=["walt", "audrey", "anna", "admin"], ok_status=(301,))
    assert_page_access(reverse("community:old_provider_item_edit", args=[provider.pk, "place", place.pk]), personas,
                       allowed=["alice", "carol"], denied=["walt", "audrey", "anna", "admin"], ok_status=(301,))


def test_the_organisation_page_shows_community_services_panel(personas, provider, place, walt_link, order):
    """Who supervises the work there, the places' load from the active work orders, and for those who
    may manage the organisation: the link to enter a day's hours and the form to link a supervisor."""
    url = reverse("partners:organisation", args=[provider.pk])
    page = client_for(personas.alice).get(url).content.decode()
    assert "Valters Ābele (walt)" in page and "1 / 3" in page
    assert reverse("community:bulk_hours", args=[place.pk]) in page
    assert reverse("community:supervisor_link", args=[provider.pk]) in page
    other_region = client_for(personas.carol).get(url).content.decode()  # reads, cannot change
    assert "Valters Ābele (walt)" in other_region and "1 / 3" in other_region
    assert reverse("community:bulk_hours", args=[place.pk]) not in other_region
    assert reverse("community:supervisor_link", args=[provider.pk]) not in other_region


def test_supervisor_linked_from_the_organisation_page(personas, provider):
    url = reverse("community:supervisor_link", args=[provider.pk])
    assert_page_access(url, personas, allowed=[], denied=["carol", "otto", "audrey", "walt", "anna", "admin"],
                       method="post", data=posted("supervisor", {"username": "walt"}))
    response = client_for(personas.alice).post(url, posted("supervisor", {"username": "bob"}))  # not a supervisor
    assert response.status_code == 422 and 'id="id_supervisor-username-error"' in response.content.decode()
    response = client_for(personas.alice).post(url, posted("supervisor", {"username": "walt"}))
    assert response.status_code == 302 and response.url == reverse("partners:organisation", args=[provider.pk])
    assert ProviderSupervisor.objects.filter(user=personas.walt, provider=provider, active=True).exists()


# --- The supervisor's restricted view ----------------------------------------------------------------


def test_supervisor_sees_only_first_name_and_case_number(personas, order, walt_link):
    client = client_for(personas.walt)
    page = client.get(reverse("community:supervisor")).content.decode()
    case = order.details.section.case
    assert case.registration_number in page and "Jānis" in page
    assert "Bērziņš" not in page and "161175" not in page and "Brīvības" not in page
    bulk = client.get(reverse("community:bulk_hours", args=[order.place_id])).content.decode()
    assert "Jānis" in bulk and "Bērziņš" not in bulk and "161175" not in bulk
    # ...and nothing of the case file itself.
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("community:section", args=[case.pk, order.details.section_id])).status_code == 404


def test_supervisor_pages_access(personas, order, walt_link):
    assert_page_access(reverse("community:supervisor"), personas, allowed=["walt"],
                       denied=["alice", "carol", "anna", "admin", "vera", "noah"])
    assert_page_access(reverse("community:bulk_hours", args=[order.place_id]), personas,
                       allowed=["walt", "alice", "bob", "hanna", "rita"],
                       denied=["carol", "otto", "anna", "admin", "vera", "audrey", "noah"])


def test_supervisor_of_another_provider_sees_nothing(personas, order, provider):
    other = partners.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, name="Cits",
                                     kind="company", status="active", stage="agreed")
    services.supervisor_link(actor=personas.alice, provider=other, user=personas.walt)
    client = client_for(personas.walt)
    assert "Jānis" not in client.get(reverse("community:supervisor")).content.decode()
    assert client.get(reverse("community:bulk_hours", args=[order.place_id])).status_code == 404


def test_bulk_entry_by_the_supervisor(personas, order, walt_link, today, place):
    d2 = record_details(personas.alice, open_section(
        personas.alice, make_client(personas, code="020295-11007", first="Ilze", birth=dt.date(1995, 2, 2))))
    o2 = services.order_issue(actor=personas.alice, details=d2, place=place, start_date=today, schedule="S")
    url = reverse("community:bulk_hours", args=[place.pk])
    client = client_for(personas.walt)
    response = client.post(url, {"day": today.isoformat(), f"hours_{order.pk}": "4", f"hours_{o2.pk}": "12"})
    assert response.status_code == 422 and not HourEntry.objects.exists()
    assert "govuk-error-message" in response.content.decode()
    response = client.post(url, {"day": today.isoformat(), f"hours_{order.pk}": "4", f"hours_{o2.pk}": "5"})
    assert response.status_code == 302
    assert set(HourEntry.objects.values_list("channel", flat=True)) == {"supervisor"}


def test_bulk_page_queries_are_constant(personas, place, today):
    place.capacity = 50
    place.save()
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            # new-format codes (32…) carry no date of birth
            base = f"32{i:08d}"
            code = next(base + str(c) for c in range(10) if pvn.is_valid(base + str(c)))
            person = ps.person_create(actor=personas.alice, personal_code=code, first_name=f"K{i}",
                                      last_name="L", birth_date=dt.date(1990, 1, 1), sex="M",
                                      declared_municipality="LV-RIX", declared_address="Iela 1")
            case = cs.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
            d = record_details(personas.alice, open_section(personas.alice, case))
            services.order_issue(actor=personas.alice, details=d, place=place, start_date=today, schedule="S")

    client = client_for(personas.alice)
    assert_constant_queries(build, lambda: client.get(reverse("community:bulk_hours", args=[place.pk])))


def test_report_page(personas, order, today):
    services.hours_record(actor=personas.alice, order=order, day=today, hours="5")
    assert_page_access(reverse("community:report"), personas, allowed=["hanna", "rita", "anna"],
                       denied=["alice", "walt", "admin", "audrey", "rolf"])
    response = client_for(personas.anna).get(reverse("community:report"), {"year": today.year})
    assert response.context["report"].adult_hours == 5
    # Otto (head of Liepāja) sees only his unit's figures; Hanna (Alice's unit) sees them.
    assert client_for(personas.otto).get(reverse("community:report"), {"year": today.year}).context[
        "report"].adult_hours == 0
    assert client_for(personas.hanna).get(reverse("community:report"), {"year": today.year}).context[
        "report"].adult_hours == 5


@pytest.mark.parametrize("year", [2024])
def test_report_values_the_hours_at_the_monthly_rate(personas, details, place, year):
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=dt.date(2024, 1, 2), schedule="S")
    HourEntry.objects.create(order=order, details=details, day=dt.date(2024, 1, 10), hours=10, channel="officer")
    HourEntry.objects.create(order=order, details=details, day=dt.date(2024, 6, 10), hours=10, channel="officer")
    HourEntry.objects.create(order=order, details=details, day=dt.date(2024, 6, 11), hours=10, channel="officer",
                             superseded=True)
    report = reports.year_report(year)
    assert report.adult_hours == 20 and report.minor_hours == 0
    assert str(report.total_value) == "81.79"  # 10 × 3.8043 + 10 × 4.3750
    assert report.adult_people == 1


def test_section_pages_are_under_the_client_file_header(personas, order, today):
    """The section page and the correction page show the client file's header and tabs, as every page
    of a client's file does."""
    section = order.details.section
    case = section.case
    entry = services.hours_record(actor=personas.alice, order=order, day=today, hours="2")
    for url in (reverse("community:section", args=[case.pk, section.pk]),
                reverse("community:hours_correct", args=[entry.pk])):
        page = client_for(personas.alice).get(url).content.decode()
        assert f'<h1 class="govuk-heading-l">{case.person.full_name}</h1>' in page, url
        assert case.person.personal_code_display in page and reverse("case_timeline", args=[case.pk]) in page, url
        assert page.count("<h1") == 1, url


@pytest.mark.parametrize(("typed", "stored"), [("2,5", "2.5"), ("2.5", "2.5"), ("1,25", "1.25")])
def test_hours_typed_with_a_decimal_comma(personas, order, today, typed, stored):
    from decimal import Decimal

    section = order.details.section
    url = reverse("community:hours_add", args=[section.case_id, section.pk])
    form = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert 'id="id_hours-hours"' in form.content.decode()
    assert 'inputmode="decimal"' in form.content.decode()
    response = client_for(personas.alice).post(url, posted("hours", {"day": today.isoformat(), "hours": typed}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HourEntry.objects.get().hours == Decimal(stored)
