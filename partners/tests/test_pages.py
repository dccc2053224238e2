"""The partner organisation pages: who may read and change them, the forms (each with its own prefix,
errors beside their field), stale edits refused, Latvian wording, and a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import ChangeLog
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from core.testing.pagecheck import Page
from partners import forms as f
from partners import services, views
from partners.models import Organisation
from partners.tests.conftest import posted

OFFICERS = ["alice", "bob", "hanna", "rita"]
# Everyone else: Carol and Otto work in another region (they may read the registry, not change an
# organisation of Rīga centre); the others have no section.manage at all.
NOT_EDITORS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "audrey", "noah"]
PAGE_FORMS = {"edit": f.OrganisationForm, "agreement": f.AgreementForm, "place": f.PlaceForm,
              "contact": f.ContactForm, "note": f.NoteForm, "rating": f.RatingForm}


def test_registry_and_organisation_pages_access(personas, organisation):
    assert_page_access(reverse("partners:list"), personas, allowed=OFFICERS + ["carol", "otto", "audrey"],
                       denied=["walt", "vera", "anna", "admin", "noah", "emil", "rolf"])
    assert_page_access(reverse("partners:organisation", args=[organisation.pk]), personas,
                       allowed=OFFICERS + ["carol", "audrey"], denied=["walt", "vera", "anna", "admin", "noah"])
    assert_page_access(reverse("partners:new"), personas, allowed=OFFICERS + ["carol", "otto"],
                       denied=["walt", "audrey", "anna", "admin", "vera", "noah"])
    assert client_for(personas.alice).get(reverse("partners:organisation", args=[organisation.pk + 1000])
                                          ).status_code == 404


@pytest.mark.parametrize("action", list(PAGE_FORMS))
def test_changes_need_section_manage_in_the_organisations_unit(action, personas, organisation):
    url = reverse("partners:action", args=[organisation.pk, action])
    assert_page_access(url, personas, allowed=[], denied=NOT_EDITORS, method="post", data={})
    assert client_for(personas.alice).post(url, {}).status_code == 422
    assert client_for(personas.alice).post(reverse("partners:action", args=[organisation.pk, "nonsense"]),
                                           {}).status_code == 404


def test_organisation_added_and_managed_through_the_pages(personas):
    response = client_for(personas.alice).post(reverse("partners:new"), posted("organisation", {
        "name": "Zaļā draudze", "kind": "religious", "status": "prospect", "stage": "contacted",
        "unit": personas.org.riga_centre.pk}))
    organisation = Organisation.objects.get(name="Zaļā draudze")
    assert response.status_code == 302 and response.url == reverse("partners:organisation", args=[organisation.pk])
    url = reverse("partners:action", args=[organisation.pk, "place"])
    place = {"name": "Dārzs", "address": "Iela 1", "municipality": "LV-RIX", "kinds_of_work": "Ravēšana"}
    assert client_for(personas.alice).post(url, posted("place", {**place, "capacity": "0"})).status_code == 422
    assert client_for(personas.alice).post(url, posted("place", {**place, "capacity": "2"})).status_code == 302
    # Carol (another region) may read the registry but not change an organisation of Alice's unit.
    note = reverse("partners:action", args=[organisation.pk, "note"])
    assert client_for(personas.carol).post(note, posted("note", {"text": "x"})).status_code == 404
    assert client_for(personas.alice).post(note, posted("note", {"text": "Zvanīju"})).status_code == 302
    assert organisation.places.count() == 1 and organisation.notes.count() == 1
    edit = reverse("partners:action", args=[organisation.pk, "edit"])
    changed = {"name": "Zaļā draudze", "kind": "religious", "status": "active", "stage": "agreed",
               "unit": personas.org.riga_centre.pk, "version": 1}
    assert client_for(personas.bob).post(edit, posted("organisation", changed)).status_code == 302
    stale = client_for(personas.bob).post(edit, posted("organisation", {**changed, "name": "X"}))
    assert stale.status_code == 422 and stale.context["edit_form"].errors  # the version read is stale
    organisation.refresh_from_db()
    assert organisation.status == "active" and organisation.name == "Zaļā draudze"


def test_rating_recorded_from_the_page(personas, organisation, today):
    url = reverse("partners:action", args=[organisation.pk, "rating"])
    rated = posted("rating", {"year": today.year - 1, "rated_on": today, "score": "3", "note": "Labi"})
    assert client_for(personas.carol).post(url, rated).status_code == 404
    assert client_for(personas.alice).post(url, rated).status_code == 302
    page = client_for(personas.audrey).get(reverse("partners:organisation", args=[organisation.pk])).content.decode()
    assert "Labi" in page


def test_agreement_edit_and_end(personas, organisation, today):
    agreement = services.agreement_add(actor=personas.alice, organisation=organisation, number="L-1",
                                       valid_from=today - dt.timedelta(days=300))
    url = reverse("partners:item_edit", args=[organisation.pk, "agreement", agreement.pk])
    assert_page_access(url, personas, allowed=OFFICERS, denied=NOT_EDITORS)
    data = {"version": agreement.version, "number": "L-1", "valid_from": agreement.valid_from.isoformat(),
            "status": "ended"}
    response = client_for(personas.alice).post(url, data)
    assert response.status_code == 422 and "valid_until" in response.context["form"].errors
    data["valid_until"] = today.isoformat()
    assert client_for(personas.alice).post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "ended" and agreement.valid_until == today and agreement.version == 2
    stale = client_for(personas.bob).post(url, {**data, "version": 1, "number": "L-2"})
    assert stale.status_code == 409
    agreement.refresh_from_db()
    assert agreement.number == "L-1"
    assert ChangeLog.objects.filter(verb="partner_agreement_update").count() == 1


def test_closing_an_empty_place(personas, place):
    url = reverse("partners:item_edit", args=[place.organisation_id, "place", place.pk])
    data = {"name": place.name, "address": place.address, "municipality": place.municipality,
            "kinds_of_work": place.kinds_of_work, "capacity": place.capacity, "version": place.version}
    assert client_for(personas.alice).post(url, {**data, "capacity": "0"}).status_code == 422
    assert client_for(personas.alice).post(url, data).status_code == 302  # "active" unchecked: closed
    place.refresh_from_db()
    assert not place.active


def test_contact_edit(personas, organisation):
    contact = services.contact_add(actor=personas.alice, organisation=organisation, name="Anna", phone="67000000")
    url = reverse("partners:item_edit", args=[organisation.pk, "contact", contact.pk])
    assert_page_access(url, personas, allowed=OFFICERS, denied=NOT_EDITORS)
    response = client_for(personas.alice).post(url, {"version": 1, "name": "Anna Liepa", "active": "on"})
    assert response.status_code == 422 and "phone" in response.context["form"].errors
    assert client_for(personas.alice).post(url, {"version": 1, "name": "Anna Liepa", "phone": "2000"}).status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Anna Liepa" and not contact.active and contact.version == 2
    assert client_for(personas.alice).post(url, {"version": 1, "name": "X", "phone": "1"}).status_code == 409
    assert ChangeLog.objects.filter(verb="partner_contact_update").count() == 1


def test_an_item_of_another_organisation_is_not_found(personas, organisation, place):
    other = services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, name="Cits",
                                         kind="company", status="active", stage="agreed")
    assert client_for(personas.alice).get(
        reverse("partners:item_edit", args=[other.pk, "place", place.pk])).status_code == 404
    assert client_for(personas.alice).get(
        reverse("partners:item_edit", args=[organisation.pk, "nonsense", place.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["agreement", "place", "contact"])
def test_item_edit_heading_is_latvian_on_a_latvian_page(kind, personas, organisation, place, today):
    item = {"agreement": lambda: services.agreement_add(actor=personas.alice, organisation=organisation,
                                                        number="L-1", valid_from=today),
            "place": lambda: place,
            "contact": lambda: services.contact_add(actor=personas.alice, organisation=organisation, name="Anna",
                                                    phone="67000000")}[kind]()
    title = views.ITEM_TITLES[kind]
    with translation.override("lv"):
        latvian = str(title)
    with translation.override("en"):
        english = str(title)
    assert latvian != english  # extracted and translated
    url = reverse("partners:item_edit", args=[organisation.pk, kind, item.pk])
    page = client_for(personas.alice).get(url, HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    assert f'<h1 class="govuk-heading-l">{latvian}</h1>' in page and english not in page


def test_agreement_dates_and_filter_button_read_as_meant(personas, organisation):
    """The agreement's 'Valid from' is not a role grant's "Derīga no"; 'Filter' is a verb on a button,
    not Django admin's noun "Filtrs"."""
    client = client_for(personas.alice)
    page = client.get(reverse("partners:organisation", args=[organisation.pk])).content.decode()
    assert "Spēkā no" in page and "Spēkā līdz" in page and "Derīga no" not in page
    registry = client.get(reverse("partners:list")).content.decode()
    assert ">Atlasīt</button>" in registry and "Filtrs" not in registry
    assert "Sadarbības partneri" in registry


def _actions(organisation):
    return {name: reverse("partners:action", args=[organisation.pk, name]) for name in PAGE_FORMS}


def test_organisation_page_every_form_and_no_id_twice(organisation, personas):
    page = Page(client_for(personas.alice).get(reverse("partners:organisation", args=[organisation.pk]))
                .content.decode())
    assert page.duplicate_ids() == []
    for name, action in _actions(organisation).items():
        form = PAGE_FORMS[name]()
        expected = {form[field].html_name for field in form.fields}
        names = page.form(action).names - {"csrfmiddlewaretoken"}
        assert names and names <= expected, f"{name} posts {sorted(names - expected)}"


@pytest.mark.parametrize("name", list(PAGE_FORMS))
def test_empty_post_errors_point_into_their_own_form(name, organisation, personas):
    action = _actions(organisation)[name]
    response = client_for(personas.alice).post(action, {})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.duplicate_ids() == []
    page.assert_summary_points_into(action)


def test_registry_filters(personas, organisation):
    services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, name="Biedrība Prospekts",
                                 kind="ngo", status="prospect", stage="contacted")
    client = client_for(personas.alice)
    names = lambda **q: [r["organisation"].name for r in client.get(reverse("partners:list"), q).context["rows"]]  # noqa: E731
    assert names() == ["Biedrība Prospekts", "Rīgas dārzi"]
    assert names(status="prospect") == ["Biedrība Prospekts"]
    assert names(stage="agreed") == ["Rīgas dārzi"]
    assert names(q="dārz") == ["Rīgas dārzi"]


def test_registry_queries_are_constant(personas):
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            counter["n"] += 1
            o = services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre,
                                             name=f"Organizācija {counter['n']}", kind="company", status="active",
                                             stage="agreed")
            services.place_add(actor=personas.alice, organisation=o, name="Vieta", address="Iela",
                               municipality="LV-RIX", kinds_of_work="Darbs", capacity=2)

    client = client_for(personas.alice)
    assert_constant_queries(build, lambda: client.get(reverse("partners:list")))


def test_organisation_page_queries_are_constant(personas, organisation, today):
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            services.place_add(actor=personas.alice, organisation=organisation, name=f"Vieta {i}", address="Iela",
                               municipality="LV-RIX", kinds_of_work="Darbs", capacity=2)
            services.agreement_add(actor=personas.alice, organisation=organisation, number=f"L-{i}", valid_from=today)
            services.contact_add(actor=personas.alice, organisation=organisation, name=f"K{i}", phone="1")
            services.note_add(actor=personas.alice, organisation=organisation, text=f"Piezīme {i}")
            services.rating_add(actor=personas.alice, organisation=organisation, year=2000 + i, rated_on=today,
                                score=3)

    client = client_for(personas.alice)
    assert_constant_queries(build, lambda: client.get(reverse("partners:organisation", args=[organisation.pk])))
