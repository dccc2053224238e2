"""Persona access of every mediation page, victim-data masking, the mediator's own list, and the forms'
errors beside their fields."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit import SensitiveRead
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from mediation import services
from mediation.models import Mediation, Meeting
from mediation.tests.conftest import add_victim, held_meeting, register

OUTSIDERS = ["carol", "otto", "anna", "rolf", "emil", "walt", "admin", "noah"]


@pytest.fixture
def cast(personas, sam, mira, staff_mediator):
    """The personas with the coordinator (sam) and a staff mediator not assigned to the mediation (mira)."""
    personas.sam = sam
    personas.mira = mira
    return personas


def test_detail_page_access_and_the_volunteer_mediator(cast, ready):
    url = reverse("mediation:detail", args=[ready.pk])
    assert_page_access(url, cast, allowed=["alice", "bob", "hanna", "rita", "audrey", "sam", "vera"],
                       denied=[*OUTSIDERS, "mira"])


def test_victim_data_only_for_the_officer_the_mediator_and_coordinators(cast, ready):
    url = reverse("mediation:detail", args=[ready.pk])
    for name in ["alice", "vera", "sam", "hanna", "audrey"]:
        before = SensitiveRead.objects.filter(user=getattr(cast, name)).count()
        body = client_for(getattr(cast, name)).get(url).content.decode()
        assert "Anna Liepa" in body and "+37120000000" in body, name
        assert SensitiveRead.objects.filter(user=getattr(cast, name), sensitivity="victim").count() == before + 1
    for name in ["bob", "rita"]:  # a colleague standing in, the regional head: no need to know
        body = client_for(getattr(cast, name)).get(url).content.decode()
        assert "Anna Liepa" not in body and "+37120000000" not in body and "Vēlos atlīdzību" not in body, name
        assert not SensitiveRead.objects.filter(user=getattr(cast, name)).exists()


def test_the_volunteer_never_sees_the_client_file(cast, ready):
    body = client_for(cast.vera).get(reverse("mediation:detail", args=[ready.pk])).content.decode()
    assert reverse("case_detail", args=[ready.section.case_id]) not in body
    assert client_for(cast.vera).get(reverse("case_detail", args=[ready.section.case_id])).status_code == 404
    alice_body = client_for(cast.alice).get(reverse("mediation:detail", args=[ready.pk])).content.decode()
    assert reverse("case_detail", args=[ready.section.case_id]) in alice_body


def test_lists(cast, ready):
    not_officers = ["anna", "rolf", "emil", "walt", "admin", "noah"]
    assert_page_access(reverse("mediation:list"), cast, allowed=["alice", "bob", "hanna", "sam", "carol", "otto"],
                       denied=["vera", "mira", "rita", "audrey", *not_officers])
    assert ready.number in client_for(cast.bob).get(reverse("mediation:list")).content.decode()
    assert ready.number not in client_for(cast.carol).get(reverse("mediation:list")).content.decode()
    assert_page_access(reverse("mediation:mine"), cast, allowed=["vera", "mira"],
                       denied=["alice", "bob", "hanna", "sam", "rita", "audrey", *OUTSIDERS])
    assert ready.number in client_for(cast.vera).get(reverse("mediation:mine")).content.decode()
    assert ready.number not in client_for(cast.mira).get(reverse("mediation:mine")).content.decode()


def test_list_query_counts(cast, client_case):
    unit = cast.org.riga_centre

    def build(n):
        for i in range(n):
            m = register(cast.alice, unit, offender=client_case.person if i == 0 and not Mediation.objects.exists()
                         else None, data=services.OffenderData(first_name="P", last_name=f"N{i}",
                                                               birth_date=dt.date(1980, 1, 1),
                                                               document_type="pase",
                                                               document_number=f"X{Mediation.objects.count()}"))
            add_victim(cast.alice, m)

    alice = client_for(cast.alice)
    assert_constant_queries(build, lambda: alice.get(reverse("mediation:list")))


def test_mine_query_count(cast, volunteer_mediator, client_case):
    unit = cast.org.riga_centre

    def build(n):
        for _ in range(n):
            m = register(cast.alice, unit, data=services.OffenderData(
                first_name="P", last_name="N", birth_date=dt.date(1980, 1, 1), document_type="pase",
                document_number=f"Y{Mediation.objects.count()}"))
            services.mediation_assign(actor=cast.sam, mediation=m, mediator=volunteer_mediator, expected_version=None)

    vera = client_for(cast.vera)
    assert_constant_queries(build, lambda: vera.get(reverse("mediation:mine")))


def test_mediators_register_query_count_and_access(cast, today):
    def build(n):
        for i in range(n):
            services.mediator_create(actor=cast.sam, kind="staff", first_name="M", last_name=f"L{i}{n}",
                                     unit=cast.org.riga_centre)

    sam = client_for(cast.sam)
    assert_constant_queries(build, lambda: sam.get(reverse("mediation:mediators")))
    assert_page_access(reverse("mediation:mediators"), cast, allowed=["sam", "hanna", "otto"],
                       denied=["alice", "bob", "vera", "mira", "rita", "audrey", "carol", "anna", "rolf", "emil",
                               "walt", "admin", "noah"])
    # Adding: an expired volunteer certificate has its error beside the field; nothing saved.
    count = services.Mediator.objects.count()
    assert_page_access(reverse("mediation:mediators"), cast, method="post", allowed=["sam"],
                       denied=["alice", "vera", "carol", "anna", "walt", "noah"], ok_status=(422,), data={
                           "mediator-kind": "volunteer", "mediator-first_name": "A", "mediator-last_name": "B",
                           "mediator-languages": ["lv"]})
    assert services.Mediator.objects.count() == count


def test_mediator_edit(cast, volunteer_mediator):
    url = reverse("mediation:mediator_edit", args=[volunteer_mediator.pk])
    assert_page_access(url, cast, allowed=["sam", "hanna"], denied=["alice", "vera", "mira", *OUTSIDERS])
    # otto heads another unit: he coordinates there, not here.
    response = client_for(cast.sam).post(url, {
        "mediator-version": volunteer_mediator.version, "mediator-kind": "volunteer", "mediator-first_name": "Vera",
        "mediator-last_name": "Roze", "mediator-certified_from": "2020-01-01", "mediator-certified_until": "2019-01-01",
        "mediator-languages": ["lv"]})
    assert response.status_code == 422
    assert "Sertifikāta derīgumam jābeidzas pēc tā sākuma" in response.content.decode() or "certificate must end" in \
        response.content.decode()
    assert_page_access(url, cast, method="post", allowed=["sam"], denied=["alice", "vera", *OUTSIDERS],
                       ok_status=(302,), data={
                           "mediator-version": volunteer_mediator.version + 0, "mediator-kind": "volunteer",
                           "mediator-first_name": "Vera", "mediator-last_name": "Roze",
                           "mediator-certified_from": volunteer_mediator.certified_from.isoformat(),
                           "mediator-certified_until": volunteer_mediator.certified_until.isoformat(),
                           "mediator-languages": ["lv", "ru"]})


def test_register_page(cast, client_case):
    url = reverse("mediation:new")
    not_officers = ["anna", "rolf", "emil", "walt", "admin", "noah"]
    assert_page_access(url, cast, allowed=["alice", "bob", "hanna", "sam", "carol"],
                       denied=["vera", "mira", "rita", "audrey", *not_officers])
    assert_page_access(url, cast, method="post", data={}, allowed=["alice", "carol"], ok_status=(422,),
                       denied=["vera", "mira", "rita", "audrey", *not_officers])
    response = client_for(cast.alice).post(url, {
        "case_number": client_case.registration_number, "started_by": "victim", "initiator": "Anna Liepa",
        "offence": "Zādzība", "offence_class": "violation", "received_on": "2999-01-01"})
    assert response.status_code == 422 and "nākotnē" in response.content.decode()
    response = client_for(cast.alice).post(url, {
        "case_number": client_case.registration_number, "started_by": "victim", "initiator": "Anna Liepa",
        "offence": "Zādzība", "offence_class": "violation", "received_on": timezone.localdate().isoformat(),
        "responsible_officer": cast.alice.pk, "intentional": "on"})
    assert response.status_code == 302
    mediation = Mediation.objects.get()
    assert mediation.section.case == client_case and mediation.responsible_officer == cast.alice


def test_section_link_from_the_client_file(cast, mediation):
    url = reverse("mediation:section", args=[mediation.section.case_id, mediation.section_id])
    assert_page_access(url, cast, allowed=["alice", "bob", "hanna", "rita", "audrey"], ok_status=(302,),
                       denied=["vera", "mira", *OUTSIDERS])


def test_meeting_before_consent_refused_beside_the_field(cast, mediation, volunteer_mediator):
    services.mediation_assign(actor=cast.sam, mediation=mediation, mediator=volunteer_mediator, expected_version=None)
    url = reverse("mediation:meeting_plan", args=[mediation.pk])
    response = client_for(cast.vera).post(url, {
        "meeting-kind": "joint", "meeting-format": "online", "meeting-place": "https://meet.example",
        "meeting-starts_at": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_meeting-starts_at-error"' in body and "govuk-error-summary" in body
    assert not Meeting.objects.exists()


POSTS = ["mediation:gate", "mediation:victim_add", "mediation:meeting_plan", "mediation:settle", "mediation:end"]


def test_form_posts_need_the_right_role_in_scope(cast, ready):
    managers = ["alice", "hanna", "sam"]
    for name in POSTS:
        url = reverse(name, args=[ready.pk])
        if name in ("mediation:meeting_plan", "mediation:settle", "mediation:end"):
            allowed, denied = [*managers, "bob", "vera"], ["rita", "audrey", "mira", *OUTSIDERS]
        elif name == "mediation:victim_add":  # managers who may see victim data
            allowed, denied = managers, ["bob", "rita", "audrey", "vera", "mira", *OUTSIDERS]
        else:
            allowed, denied = [*managers, "bob"], ["rita", "audrey", "vera", "mira", *OUTSIDERS]
        ok = (422, 302) if name == "mediation:gate" else (422,)
        assert_page_access(url, cast, method="post", data={}, allowed=allowed, denied=denied, ok_status=ok)
    assert Mediation.objects.get(pk=ready.pk).status == Mediation.Status.IN_PROGRESS


def test_assign_page(cast, ready, volunteer_mediator):
    url = reverse("mediation:assign", args=[ready.pk])
    assert_page_access(url, cast, method="post", data={"assign-version": 999}, allowed=["sam", "hanna"],
                       denied=["alice", "bob", "vera", "mira", "rita", "audrey", *OUTSIDERS], ok_status=(422,))


def test_victim_consent_page(cast, mediation):
    victim = add_victim(cast.alice, mediation, consent=False)
    url = reverse("mediation:victim_consent", args=[mediation.pk, victim.pk])
    assert_page_access(url, cast, method="post", data={}, allowed=["alice", "sam"], ok_status=(422,),
                       denied=["bob", "vera", "rita", "audrey", "mira", *OUTSIDERS])


def test_meeting_record_and_the_outcome_pages(cast, ready, today):
    meeting = services.meeting_plan(actor=cast.alice, mediation=ready, kind="joint", format="in_person",
                                    starts_at=timezone.now() + dt.timedelta(days=1), place="Birojs")
    url = reverse("mediation:meeting_record", args=[ready.pk, meeting.pk])
    assert_page_access(url, cast, method="post", data={}, allowed=["alice", "vera"], ok_status=(422,),
                       denied=["rita", "audrey", "mira", *OUTSIDERS])
    # Held in the future: refused beside the field.
    response = client_for(cast.vera).post(url, {f"rec{meeting.pk}-version": meeting.version,
                                                f"rec{meeting.pk}-status": "held"})
    assert response.status_code == 422 and "meeting_not_yet" not in response.content.decode()
    held_meeting(cast.alice, ready)
    response = client_for(cast.vera).post(reverse("mediation:settle", args=[ready.pk]), {
        "settle-version": Mediation.objects.get(pk=ready.pk).version, "settle-signed_on": today.isoformat(),
        "settle-certified_by": "mediator", "settle-voluntary": "on", "settle-consequences_understood": "on",
        "settle-term_1": "Samaksāt 100 EUR", "settle-due_1": (today - dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 422 and 'id="id_settle-due_1-error"' in response.content.decode()
    response = client_for(cast.vera).post(reverse("mediation:settle", args=[ready.pk]), {
        "settle-version": Mediation.objects.get(pk=ready.pk).version, "settle-signed_on": today.isoformat(),
        "settle-certified_by": "mediator", "settle-voluntary": "on", "settle-consequences_understood": "on",
        "settle-term_1": "Samaksāt 100 EUR", "settle-due_1": (today + dt.timedelta(days=10)).isoformat()})
    assert response.status_code == 302
    term = Mediation.objects.get(pk=ready.pk).settlement.terms.get()
    url = reverse("mediation:term_record", args=[ready.pk, term.pk])
    assert_page_access(url, cast, method="post", data={}, allowed=["alice", "bob"], ok_status=(422,),
                       denied=["vera", "rita", "audrey", "mira", *OUTSIDERS])


def test_letters_and_their_download(cast, ready):
    meeting = services.meeting_plan(actor=cast.alice, mediation=ready, kind="preliminary_victim",
                                    format="in_person", starts_at=timezone.now() + dt.timedelta(days=2),
                                    place="Brīvības iela 10")
    victim = ready.victims.get()
    url = reverse("mediation:letter", args=[ready.pk])
    assert_page_access(url, cast, method="post", data={}, allowed=["alice", "vera"], ok_status=(422,),
                       denied=["rita", "audrey", "mira", *OUTSIDERS])
    response = client_for(cast.vera).post(url, {"letter-code": "mediation_invitation", "letter-language": "ru",
                                                "letter-addressee": str(victim.pk), "letter-meeting": str(meeting.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = ready.documents.get(format="pdf")
    assert doc.addressee == "victim" and doc.language == "ru"
    url = reverse("mediation:document", args=[doc.pk])
    assert_page_access(url, cast, allowed=["alice", "vera", "sam", "hanna", "audrey"],
                       denied=["bob", "rita", "mira", *OUTSIDERS])


def test_the_pages_speak_latvian(cast, ready):
    """Latvian is the default: no English heading or label on the mediation page and the lists."""
    for url, client in [(reverse("mediation:detail", args=[ready.pk]), client_for(cast.alice)),
                        (reverse("mediation:mine"), client_for(cast.vera)),
                        (reverse("mediation:mediators"), client_for(cast.sam))]:
        body = client.get(url).content.decode()
        for english in ("Victims", "Meetings", "Outcome", "Admission and consent", "Letters", "Mediator<",
                        "Certified volunteer mediator", "My mediations", "Add a mediator"):
            assert english not in body, (url, english)
    body = client_for(cast.alice).get(reverse("mediation:detail", args=[ready.pk])).content.decode()
    assert "Cietušie" in body and "Tikšanās" in body and "Sertificēts brīvprātīgais starpnieks" in body
