import datetime as dt

import pytest
from django.urls import reverse

from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from cases import services
from cases.kinds import SECTION_KINDS
from cases.models import Case, Section
from core.models import SensitiveRead
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from people import services as people_services
from people.models import Person

pytestmark = pytest.mark.django_db

WRITERS = {"alice", "bob", "hanna", "rita"}  # case.edit / section.manage within scope


def test_client_file_pages_access(personas, client_case):
    for name in ("case_detail", "case_timeline"):
        assert_page_access(reverse(name, args=[client_case.pk]), personas, allowed=CASE_READERS, denied=CASE_NON_READERS)


def test_edit_pages_access(personas, client_case):
    section = client_case.sections.get()
    urls = [reverse("person_edit", args=[client_case.pk]), reverse("contact_add", args=[client_case.pk]),
            reverse("alias_add", args=[client_case.pk]), reverse("section_new", args=[client_case.pk]),
            reverse("section_close", args=[client_case.pk, section.pk])]
    for url in urls:
        assert_page_access(url, personas, allowed=WRITERS, denied=CASE_NON_READERS | {"audrey"})


def test_transfer_and_assign_pages_access(personas, client_case):
    for name in ("case_transfer", "case_assign"):
        assert_page_access(reverse(name, args=[client_case.pk]), personas, allowed={"hanna", "rita"},
                           denied=CASE_NON_READERS | {"alice", "bob", "audrey"})


def test_missing_case_looks_like_a_forbidden_one(personas, client_case):
    missing = client_for(personas.alice).get(reverse("case_detail", args=[client_case.pk + 1000]))
    forbidden = client_for(personas.carol).get(reverse("case_detail", args=[client_case.pk]))
    assert missing.status_code == forbidden.status_code == 404


def test_list_pages_access(personas, client_case):
    assert_page_access(reverse("caseload"), personas, allowed={"alice", "bob", "carol", "hanna", "rita", "otto", "audrey"},
                       denied={"anna", "rolf", "emil", "vera", "walt", "admin", "noah"})
    assert_page_access(reverse("search") + "?q=berzins", personas,
                       allowed={"alice", "bob", "carol", "hanna", "rita", "audrey"},
                       denied={"anna", "rolf", "emil", "vera", "walt", "admin", "noah"})
    assert_page_access(reverse("case_new"), personas, allowed={"alice", "bob", "carol", "hanna", "rita", "otto"},
                       denied={"anna", "rolf", "emil", "vera", "walt", "admin", "noah", "audrey"})


def test_search_ignores_case_and_diacritics(personas, client_case):
    client = client_for(personas.alice)
    for query in ("berzins", "BĒRZIŅŠ", "janis berz", "161175", "161175-19997", client_case.registration_number):
        response = client.get(reverse("search"), {"q": query})
        assert client_case.registration_number in response.content.decode(), query
    other_region = client_for(personas.carol).get(reverse("search"), {"q": "berzins"})
    assert client_case.registration_number not in other_region.content.decode()


def test_caseload_shows_own_clients_with_sections(personas, client_case):
    response = client_for(personas.alice).get(reverse("caseload"))
    html = response.content.decode()
    assert "Bērziņš" in html and client_case.registration_number in html
    assert "Bērziņš" not in client_for(personas.bob).get(reverse("caseload")).content.decode()
    assert "Bērziņš" in client_for(personas.bob).get(reverse("caseload"), {"show": "all"}).content.decode()


def _add_clients(personas, n, start=[0]):
    for _ in range(n):
        start[0] += 1
        i = start[0]
        person = people_services.person_create(
            actor=personas.alice, first_name=f"Klients{i}", last_name="Ābols", birth_date=dt.date(1980, 1, 1),
            document_type="passport", document_number=f"P{i:06d}", document_country="LT",
        )
        case = services.case_open(actor=personas.alice, person=person, responsible_unit=personas.org.riga_centre,
                                  responsible_officer=personas.alice)
        for kind in SECTION_KINDS:  # a section of every installed function's every kind
            services.section_open(actor=personas.alice, case=case, kind=kind, basis_type="court_ruling",
                                  basis_number=f"K{i}", basis_date=dt.date(2025, 1, 1), basis_issuer="Tiesa")


def test_caseload_query_count_is_constant(personas, client_case):
    client = client_for(personas.alice)
    assert_constant_queries(lambda n: _add_clients(personas, n), lambda: client.get(reverse("caseload")),
                            none_in_render=True)


def test_search_query_count_is_constant(personas, client_case):
    client = client_for(personas.alice)
    assert_constant_queries(lambda n: _add_clients(personas, n), lambda: client.get(reverse("search"), {"q": "abols"}),
                            none_in_render=True)


def test_client_file_query_count_is_constant(personas, client_case):
    client = client_for(personas.alice)

    def grow(n):
        for i in range(n):
            for kind in SECTION_KINDS:  # a section of every installed function's every kind
                services.section_open(actor=personas.alice, case=client_case, kind=kind, basis_type="other",
                                      basis_number=f"M{n}-{i}", basis_date=dt.date(2025, 2, 1), basis_issuer="Prokuratūra")
            people_services.person_add_contact(actor=personas.alice, person=client_case.person, kind="phone",
                                               value=f"+3712000000{i}")

    assert_constant_queries(grow, lambda: client.get(reverse("case_detail", args=[client_case.pk])), none_in_render=True)


def test_address_shown_only_to_allowed_roles_and_each_read_logged(personas, client_case):
    html = client_for(personas.alice).get(reverse("case_detail", args=[client_case.pk])).content.decode()
    assert "Brīvības iela 1-2" in html
    assert SensitiveRead.objects.filter(user=personas.alice, sensitivity="address",
                                        object_id=str(client_case.person.pk)).count() == 1
    # A regional head sees addresses; change the role sensitivity to check hiding by role instead:
    from accounts.roles import Role
    from core import permissions

    with permissions.sensitivities_replaced(Role.REGIONAL_HEAD, set()):
        html = client_for(personas.rita).get(reverse("case_detail", args=[client_case.pk])).content.decode()
    assert "Brīvības iela 1-2" not in html
    assert not SensitiveRead.objects.filter(user=personas.rita).exists()


def test_new_client_with_invalid_code_shows_the_error_beside_the_field(personas):
    response = client_for(personas.alice).post(reverse("case_new"), {
        "personal_code": "161175-19996", "first_name": "Anna", "last_name": "Kalniņa", "sex": "F",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_personal_code"' in html
    assert 'id="id_personal_code-error"' in html
    assert Person.objects.count() == 0 and Case.objects.count() == 0


def test_second_case_for_a_client_links_the_existing_one(personas, client_case):
    response = client_for(personas.bob).post(reverse("case_new"), {
        "personal_code": "16117519997", "first_name": "Jānis", "last_name": "Bērziņš", "sex": "M",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert reverse("case_detail", args=[client_case.pk]) in html
    assert Case.objects.count() == 1


def test_new_client_is_registered_with_a_case(personas):
    response = client_for(personas.alice).post(reverse("case_new"), {
        "personal_code": "32579461005", "first_name": "Līga", "last_name": "Ozola", "sex": "F",
        "birth_date": "1990-03-04", "declared_municipality": "LV-RIX", "declared_address": "Lāčplēša iela 5",
    })
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.responsible_unit == personas.org.riga_centre and case.responsible_officer == personas.alice
    assert response["Location"] == reverse("case_detail", args=[case.pk])


def test_section_with_future_ruling_date_is_refused_in_the_ui(personas, client_case, section_kind):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client_for(personas.alice).post(reverse("section_new", args=[client_case.pk]), {
        "kind": section_kind, "basis_type": "court_ruling", "basis_number": "K1", "basis_date": future,
        "basis_issuer": "Rīgas pilsētas tiesa",
    })
    assert response.status_code == 400
    assert 'id="id_basis_date-error"' in response.content.decode()
    assert not Section.objects.filter(kind=section_kind).exists()


def test_concurrent_person_edit_is_refused(personas, client_case):
    person = client_case.person
    form = {"personal_code": "161175-19997", "first_name": "Jānis", "last_name": "Bērziņš-Ozols", "sex": "M",
            "birth_date": "1975-11-16", "version": person.version}
    client = client_for(personas.alice)
    assert client.post(reverse("person_edit", args=[client_case.pk]), form).status_code == 302
    form["last_name"] = "Cits"
    stale = client.post(reverse("person_edit", args=[client_case.pk]), form)
    assert stale.status_code == 400
    person.refresh_from_db()
    assert person.last_name == "Bērziņš-Ozols"


def test_transfer_in_the_ui_keeps_the_number(personas, client_case):
    number = client_case.registration_number
    response = client_for(personas.hanna).post(reverse("case_transfer", args=[client_case.pk]), {
        "to_unit": personas.org.riga_east.pk, "reason": "Deklarētā dzīvesvieta mainīta", "version": client_case.version,
    })
    assert response.status_code == 302
    client_case.refresh_from_db()
    assert client_case.registration_number == number and client_case.responsible_unit == personas.org.riga_east


def test_caseload_export_honours_the_visibility_registry(personas, client_case):
    import io

    from openpyxl import load_workbook

    from accounts.roles import Role
    from core import permissions

    def sheet(user):
        response = client_for(user).get(reverse("caseload_export"), {"show": "all"})
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        return rows[0], rows[1:]

    header, rows = sheet(personas.alice)
    assert "Brīvības iela 1-2, Rīga" in rows[0]
    assert SensitiveRead.objects.filter(user=personas.alice, purpose="export:caseload").count() == 1
    with permissions.sensitivities_replaced(Role.REGIONAL_HEAD, set()):
        header_rita, rows_rita = sheet(personas.rita)
    assert len(header_rita) == len(header) - 2
    assert all("Brīvības" not in str(v) for v in rows_rita[0])
    assert client_case.registration_number in rows_rita[0]
    assert not SensitiveRead.objects.filter(user=personas.rita).exists()


def test_caseload_export_access(personas, client_case):
    assert_page_access(reverse("caseload_export"), personas,
                       allowed={"alice", "bob", "carol", "hanna", "rita", "otto", "audrey"},
                       denied={"anna", "rolf", "emil", "vera", "walt", "admin", "noah"})


def test_search_finds_a_client_by_a_new_name_after_an_edit(personas, client_case):
    person = client_case.person
    services.client_person_update(actor=personas.alice, person=person, expected_version=person.version,
                                 last_name="Kļaviņš")
    client = client_for(personas.alice)
    assert client_case.registration_number in client.get(reverse("search"), {"q": "klavins"}).content.decode()
    assert client_case.registration_number not in client.get(reverse("search"), {"q": "berzins"}).content.decode()


def test_a_national_reader_finds_clients_by_name(personas, client_case):
    html = client_for(personas.audrey).get(reverse("search"), {"q": "jānis bērz"}).content.decode()
    assert client_case.registration_number in html


def test_contact_and_section_close_through_the_ui(personas, client_case):
    client = client_for(personas.alice)
    bad = client.post(reverse("contact_add", args=[client_case.pk]), {"kind": "email", "value": "nav-e-pasts"})
    assert bad.status_code == 400 and 'id="id_value-error"' in bad.content.decode()
    assert not client_case.person.contacts.exists()
    ok = client.post(reverse("contact_add", args=[client_case.pk]), {"kind": "email", "value": "janis@example.lv"})
    assert ok.status_code == 302 and client_case.person.contacts.get().value == "janis@example.lv"
    section = client_case.sections.get()
    wrong = client.post(reverse("section_close", args=[client_case.pk, section.pk]),
                        {"reason": "term_expired", "closed_on": "2025-01-01", "version": section.version})
    assert wrong.status_code == 400  # before the section was registered
    closed = client.post(reverse("section_close", args=[client_case.pk, section.pk]),
                         {"reason": "term_expired", "closed_on": dt.date.today().isoformat(), "version": section.version})
    assert closed.status_code == 302
    section.refresh_from_db()
    assert section.state == "closed" and section.closing_reason == "term_expired"
