"""Persona access of every risk page, the query counts of its lists, and the pages' error handling."""

import datetime as dt

from django.urls import reverse

from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from risk import services
from risk.models import Conviction, ImportBatch, Instrument, OffenceArticle

READERS = ["alice", "bob", "hanna", "rita", "audrey"]
NON_READERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
ASSESSORS = ["alice", "bob", "hanna"]
NON_ASSESSORS = ["rita", "audrey", "carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
NOT_ADMIN = ["alice", "bob", "hanna", "rita", "carol", "otto", "anna", "rolf", "emil", "vera", "walt", "audrey", "noah"]


def test_the_client_file_tab(personas, history, completed, client_case):
    url = reverse("risk:case", args=[client_case.pk])
    assert_page_access(url, personas, allowed=READERS, denied=NON_READERS)
    page = client_for(personas.alice).get(url).content.decode()
    assert "KL 175.3" in page and "app-level-" in page
    # The panel on the overview.
    overview = client_for(personas.alice).get(reverse("case_detail", args=[client_case.pk])).content.decode()
    assert reverse("risk:case", args=[client_case.pk]) in overview


def test_a_volunteer_never_sees_scores(personas, history, client_case):
    for name in ("vera", "walt", "emil", "anna"):
        response = client_for(getattr(personas, name)).get(reverse("risk:case", args=[client_case.pk]))
        assert response.status_code == 404


def test_history_forms(personas, history, client_case):
    new = reverse("risk:conviction_new", args=[client_case.pk])
    assert_page_access(new, personas, allowed=ASSESSORS, denied=NON_ASSESSORS)
    assert_page_access(new, personas, allowed=ASSESSORS, denied=NON_ASSESSORS, method="post",
                       data={"kind": "conviction", "article": "175", "offence_date": "1970-01-01"}, ok_status=(400,))
    response = client_for(personas.alice).post(new, {"kind": "conviction", "article": "175",
                                                     "offence_date": "1970-01-01", "custodial": "no"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    edit = reverse("risk:conviction_edit", args=[history.pk])
    assert_page_access(edit, personas, allowed=ASSESSORS, denied=NON_ASSESSORS)
    withdraw = reverse("risk:conviction_withdraw", args=[history.pk])
    assert_page_access(withdraw, personas, allowed=ASSESSORS, denied=NON_ASSESSORS)
    assert_page_access(withdraw, personas, allowed=["alice"], denied=NON_ASSESSORS, method="post",
                       data={"reason": "Reģistra kļūda", "version": history.version}, ok_status=(302,))
    assert Conviction.objects.get(pk=history.pk).withdrawn


def test_a_stale_history_edit_shows_the_conflict(personas, history):
    edit = reverse("risk:conviction_edit", args=[history.pk])
    data = {"kind": "conviction", "article": "175", "offence_date": "2025-03-01", "conviction_date": "2025-08-01",
            "custodial": "no", "version": history.version - 1}
    response = client_for(personas.alice).post(edit, data)
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()


def test_assessment_pages(personas, client_case, draft, completed):
    start = reverse("risk:assessment_new", args=[client_case.pk])
    assert_page_access(start, personas, allowed=ASSESSORS, denied=NON_ASSESSORS)
    adult = Instrument.objects.get(code="adult-general", status="active")
    # A second draft of the same instrument is refused beside the field; the minors' one starts.
    assert_page_access(start, personas, allowed=ASSESSORS, denied=NON_ASSESSORS, method="post",
                       data={"instrument": str(adult.pk)}, ok_status=(302, 400))
    url = reverse("risk:assessment", args=[completed.pk])
    assert_page_access(url, personas, allowed=READERS, denied=NON_READERS)
    correct = reverse("risk:assessment_correct", args=[completed.pk])
    assert_page_access(correct, personas, allowed=["alice"], denied=NON_ASSESSORS, method="post", ok_status=(302,))


def test_assessment_form_saves_and_completes(personas, draft):
    url = reverse("risk:assessment", args=[draft.pk])
    alice = client_for(personas.alice)
    assert alice.get(url).status_code == 200
    response = alice.post(url, {"save": "1", "item_ch_previous": "2", "note": "x", "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    # Completing with items unanswered: the error is beside the first unanswered item.
    response = alice.post(url, {"complete": "1", "item_ch_previous": "2", "version": draft.version,
                                "assessed_on": dt.date.today().isoformat()})
    assert response.status_code == 400
    assert 'href="#id_item_ch_early"' in response.content.decode()
    # An auditor may read the draft (no form) but not post to it.
    read = client_for(personas.audrey).get(url)
    assert read.status_code == 200 and 'name="complete"' not in read.content.decode()
    assert client_for(personas.audrey).post(url, {"save": "1"}).status_code == 404


def test_the_override_report(personas, overridden):
    url = reverse("risk:overrides")
    assert_page_access(url, personas, allowed=READERS + ["carol", "otto"],
                       denied=["anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert "Vardarbība ģimenē" in client_for(personas.hanna).get(url).content.decode()
    assert "Vardarbība ģimenē" not in client_for(personas.carol).get(url).content.decode()


def test_the_override_report_counts_queries(personas, client_case, adult):
    from cases import services as case_services
    from people import services as people_services
    from risk.tests.conftest import answers_all

    made = []

    def build(n):
        for _ in range(n):
            i = len(made)
            person = people_services.person_create(actor=personas.alice, personal_code=None, first_name="Ilze",
                                                   last_name=f"Kalna{i}", birth_date=dt.date(1990, 1, 1), sex="F",
                                                   document_type="passport", document_number=f"P{i:06d}")
            case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice,
                                           responsible_unit=personas.org.riga_centre)
            a = services.assessment_start(actor=personas.alice, case=case, record=adult)
            services.assessment_complete(actor=personas.alice, assessment=a, answers=answers_all(adult, 0), note="",
                                         assessed_on=dt.date.today(), override_level="high", override_reason="r",
                                         expected_version=None)
            made.append(a)

    hanna = client_for(personas.hanna)
    assert_constant_queries(build, lambda: hanna.get(reverse("risk:overrides")))


def test_questionnaire_pages(personas, client_case, issued):
    questionnaire, _code = issued
    new = reverse("risk:questionnaire_new", args=[client_case.pk])
    assert_page_access(new, personas, allowed=ASSESSORS, denied=NON_ASSESSORS)
    assert_page_access(new, personas, allowed=["alice"], denied=NON_ASSESSORS, method="post",
                       data={"source": f"a{questionnaire.assessment_id}", "language": "lv"})
    url = reverse("risk:questionnaire", args=[questionnaire.pk])
    assert_page_access(url, personas, allowed=READERS, denied=NON_READERS)
    cancel = reverse("risk:questionnaire_cancel", args=[questionnaire.pk])
    assert_page_access(cancel, personas, allowed=["alice"], denied=NON_ASSESSORS, method="post", ok_status=(302,))


def test_the_calculator(personas):
    url = reverse("risk:calculator")
    assert_page_access(url, personas, allowed=["alice", "rita", "anna", "rolf", "admin", "carol"],
                       denied=["emil", "vera", "walt", "audrey", "noah"])
    page = client_for(personas.alice).get(url, {"sex": "male", "age": 32, "sanctions": 3,
                                                 "age_at_first_sanction": 20, "offence_category": "theft",
                                                 "version": "1"})
    assert page.status_code == 200 and "36%" in page.content.decode()
    bad = client_for(personas.alice).get(url, {"sex": "male", "age": 32, "sanctions": 3,
                                                "age_at_first_sanction": 40, "offence_category": "theft"})
    assert bad.status_code == 422 and "govuk-error-summary" in bad.content.decode()


def test_instrument_administration(personas, adult):
    for url in (reverse("risk:instruments"), reverse("risk:instrument", args=[adult.pk]),
                reverse("risk:instrument_new")):
        assert_page_access(url, personas, allowed=["admin"], denied=NOT_ADMIN)
    new = reverse("risk:instrument_new")
    assert_page_access(new, personas, allowed=["admin"], denied=NOT_ADMIN, method="post",
                       data={"definition": "{not json", "note": "x"}, ok_status=(400,))
    import json

    response = client_for(personas.admin).post(new, {"definition": json.dumps(adult.definition), "note": "labojumi"})
    assert response.status_code == 302
    created = Instrument.objects.get(code="adult-general", number=2)
    activate = reverse("risk:instrument_activate", args=[created.pk])
    assert_page_access(activate, personas, allowed=["admin"], denied=NOT_ADMIN, method="post", ok_status=(302,))
    assert Instrument.objects.get(pk=created.pk).status == "active"


def test_the_instrument_list_counts_queries(personas, adult):
    def build(n):
        for _ in range(n):
            services.instrument_version_create(actor=personas.admin, definition=adult.definition, note="v")

    admin = client_for(personas.admin)
    assert_constant_queries(build, lambda: admin.get(reverse("risk:instruments")))


def test_the_article_table(personas):
    url = reverse("risk:articles")
    assert_page_access(url, personas, allowed=["admin"], denied=NOT_ADMIN)
    assert_page_access(reverse("risk:article_new"), personas, allowed=["admin"], denied=NOT_ADMIN)
    assert_page_access(reverse("risk:article_new"), personas, allowed=["admin"], denied=NOT_ADMIN, method="post",
                       data={"article": "178", "title": "Nolaupīšana", "category": "vehicle_theft"}, ok_status=(302,))
    record = OffenceArticle.objects.get(article="178")
    assert_page_access(reverse("risk:article_edit", args=[record.pk]), personas, allowed=["admin"], denied=NOT_ADMIN)
    dup = client_for(personas.admin).post(reverse("risk:article_new"), {"article": "178", "title": "x",
                                                                        "category": "theft"})
    assert dup.status_code == 400

    def build(n):
        start = OffenceArticle.objects.count()
        OffenceArticle.objects.bulk_create([OffenceArticle(article=f"9{start + i:02d}", title="t", category="other")
                                            for i in range(n)])

    admin = client_for(personas.admin)
    assert_constant_queries(build, lambda: admin.get(reverse("risk:articles")))


def test_the_import_pages(personas, client_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("risk:imports")
    assert_page_access(url, personas, allowed=["admin"], denied=NOT_ADMIN)
    content = (b"register_id,personal_code,kind,article,offence_date,conviction_date,sanction,custodial,court\n"
               b"SR-1,161175-19997,conviction,175,2021-02-10,2021-06-01,,no,\n")
    assert_page_access(url, personas, allowed=["admin"], denied=NOT_ADMIN, method="post",
                       data={"file": SimpleUploadedFile("sr.csv", content)}, ok_status=(302,))
    batch = ImportBatch.objects.first()
    assert_page_access(reverse("risk:import", args=[batch.pk]), personas, allowed=["admin"], denied=NOT_ADMIN)

    def build(n):
        ImportBatch.objects.bulk_create([ImportBatch(filename="x.csv", sha256="0", status="imported", actor=personas.admin)
                                         for _ in range(n)])

    admin = client_for(personas.admin)
    assert_constant_queries(build, lambda: admin.get(reverse("risk:imports")))


def test_research_pages_are_pseudonymised(personas, history):
    assert_page_access(reverse("risk:research"), personas, allowed=["rolf"],
                       denied=["alice", "hanna", "anna", "admin", "audrey", "vera", "noah"])
    export = reverse("risk:research_export")
    assert_page_access(export, personas, allowed=["rolf"], denied=["alice", "anna", "admin", "vera", "noah"])
    for what in ("scores", "history"):
        body = b"".join(client_for(personas.rolf).get(export, {"what": what}).streaming_content).decode()
        assert "P-" in body and "Bērziņš" not in body and "161175" not in body and "Jānis" not in body
