"""Mediations for the demo (small seeds only), made through mediation's services so that the audit trail,
tasks and rules are real: the `mediator` login as a staff mediator and the `volunteer` login as a certified
volunteer mediator (plus one whose certificate has expired), and mediations in every state — waiting for a
mediator, gathering consent, in progress with a meeting planned, settled with terms being fulfilled, ended
without settlement, and closed — some of the `officer` login's clients, some offenders without a case file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.models import User
from cases.models import Case
from core.errors import DomainError
from mediation import services
from mediation.models import Mediation, Mediator

VICTIMS = [("Anna", "Liepa", "+37120000101", "Elizabetes iela 1-5, Rīga", "lv"),
           ("Pāvels", "Ivanovs", "+37120000102", "Maskavas iela 12-3, Rīga", "ru"),
           ("Laura", "Kalniņa", "+37120000103", "Tērbatas iela 40, Rīga", "lv"),
           ("SIA", "Mazais veikals", "+37167000104", "Brīvības iela 88, Rīga", "lv"),
           ("Jānis", "Ozoliņš", "+37120000105", "Ganību dambis 7, Rīga", "lv"),
           ("Olga", "Petrova", "+37120000106", "Krasta iela 50, Rīga", "ru"),
           ("Mārtiņš", "Grava", "+37120000107", "Valdemāra iela 3, Rīga", "lv")]
OFFENCES = ["Zādzība veikalā", "Mantas bojāšana", "Miesas bojājums (viegls)", "Huligānisms", "Krāpšana",
            "Zādzība no automašīnas", "Draudi"]
WITHOUT_CASE = [("Roberts", "Kļaviņš", dt.date(2010, 3, 14), "pase", "LV9988776"),
                ("Kristīne", "Bite", dt.date(1996, 7, 2), "pase", "LV9988777")]


def seed_mediation() -> dict[str, int]:
    officer = User.objects.filter(username="officer").first()
    senior = User.objects.filter(username="senior").first()
    if officer is None or senior is None or officer.home_unit is None or Mediation.objects.exists():
        return {"mediators": 0, "mediations": 0}
    unit = officer.home_unit
    today = timezone.localdate()
    mediators = []
    for username, kind, first, last, languages in [("mediator", Mediator.Kind.STAFF, "Santa", "Lāce", ["lv", "ru"]),
                                                   ("volunteer", Mediator.Kind.VOLUNTEER, "Agnese", "Siliņa", ["lv", "en"])]:
        user = User.objects.filter(username=username).first()
        mediators.append(services.mediator_create(
            actor=senior, kind=kind, first_name=first, last_name=last, unit=unit, user=user, languages=languages,
            certificate_number="S-2024-017" if kind == Mediator.Kind.VOLUNTEER else "",
            certified_from=today - dt.timedelta(days=500) if kind == Mediator.Kind.VOLUNTEER else None,
            certified_until=today + dt.timedelta(days=600) if kind == Mediator.Kind.VOLUNTEER else None,
            availability="Darba dienās pēc 17:00" if kind == Mediator.Kind.VOLUNTEER else "Darba laikā"))
    services.mediator_create(actor=senior, kind=Mediator.Kind.VOLUNTEER, first_name="Pēteris", last_name="Vecais",
                             unit=unit, certificate_number="S-2019-003", certified_from=today - dt.timedelta(days=2200),
                             certified_until=today - dt.timedelta(days=30), languages=["lv"], available=False)
    staff, volunteer = mediators
    # The officer's own clients first, then others of the unit (a small seed gives the officer few).
    mine = list(Case.objects.filter(responsible_officer=officer, status=Case.Status.OPEN).select_related("person")
                .order_by("pk")[:6])
    others = list(Case.objects.filter(responsible_unit=unit, status=Case.Status.OPEN).exclude(
        responsible_officer=officer).select_related("person").order_by("pk")[:6])
    clients = (mine + others)[:6]
    offenders = [c.person for c in clients]
    plans = ["registered", "consenting", "in_progress", "settled", "not_settled", "closed", "in_progress_minor",
             "registered_no_case"]
    made = 0
    for n, plan in enumerate(plans):
        try:
            made += _one(n, plan, officer, senior, unit, offenders, staff if n % 2 else volunteer, today)
        except DomainError:
            continue  # a client the generated data makes unsuitable (e.g. too young): skip it
    return {"mediators": 3, "mediations": made}


def _one(n: int, plan: str, officer: User, senior: User, unit: Any, offenders: list[Any], mediator: Mediator,
         today: dt.date) -> int:
    received = today - dt.timedelta(days=70 - n * 5)
    common = {"actor": officer, "unit": unit, "responsible_officer": officer, "started_by": "process_director",
                  "initiator": "Valsts policijas Rīgas reģiona pārvalde",
                  "process_director": "Valsts policijas Rīgas reģiona pārvalde",
                  "criminal_case_number": f"1181600{4100 + n}", "offence": OFFENCES[n % len(OFFENCES)],
                  "offence_class": "violation" if n % 3 else "less_serious", "intentional": n % 4 != 1,
                  "received_on": received, "offence_date": received - dt.timedelta(days=25)}
    if plan in ("in_progress_minor", "registered_no_case"):
        first, last, birth, doc, number = WITHOUT_CASE[0 if plan == "in_progress_minor" else 1]
        if plan == "in_progress_minor":
            common["started_by"] = "minor_notification"
        mediation = services.mediation_register(offender_data=services.OffenderData(
            first_name=first, last_name=last, birth_date=birth, document_type=doc, document_number=number), **common)
    else:
        if n >= len(offenders):
            return 0
        mediation = services.mediation_register(offender=offenders[n], **common)
    if plan in ("registered", "registered_no_case"):
        return 1
    services.mediation_assign(actor=senior, mediation=mediation, mediator=mediator, expected_version=None,
                              on=received + dt.timedelta(days=2))
    first, last, phone, address, language = VICTIMS[n % len(VICTIMS)]
    consent = received + dt.timedelta(days=6)
    services.victim_add(actor=officer, mediation=mediation, first_name=first if first != "SIA" else "",
                        last_name=last if first != "SIA" else f"SIA \"{last}\"", phone=phone, address=address,
                        language=language, statement="Vēlas atvainošanos un zaudējumu atlīdzību.",
                        consent_on=None if plan == "consenting" else consent)
    services.mediation_record_gate(actor=officer, mediation=mediation, expected_version=None,
                                   admission_on=received + dt.timedelta(days=4),
                                   offender_consent_on=received + dt.timedelta(days=5))
    if plan == "consenting":
        return 1
    now = timezone.now()
    kind = "juvenile_conference" if plan == "in_progress_minor" else "joint"
    if plan in ("in_progress", "in_progress_minor"):
        first_talk = services.meeting_plan(actor=mediator.user or officer, mediation=mediation,
                                           kind="preliminary_victim", format="in_person",
                                           starts_at=now - dt.timedelta(days=10), place="Brīvības iela 10, Rīga")
        services.meeting_record(actor=mediator.user or officer, meeting=first_talk, status="held",
                                expected_version=None)
        services.meeting_plan(actor=mediator.user or officer, mediation=mediation, kind=kind, format="online",
                              starts_at=(now + dt.timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0),
                              place="https://meet.example.lv/izligums")
        return 1
    meeting = services.meeting_plan(actor=mediator.user or officer, mediation=mediation, kind=kind,
                                    format="in_person", starts_at=now - dt.timedelta(days=20),
                                    place="Brīvības iela 10, Rīga")
    services.meeting_record(actor=mediator.user or officer, meeting=meeting, status="held", expected_version=None)
    if plan == "not_settled":
        services.mediation_end_without_settlement(actor=mediator.user or officer, mediation=mediation,
                                                  expected_version=None, reason="no_agreement",
                                                  ended_on=today - dt.timedelta(days=19))
        return 1
    signed = today - dt.timedelta(days=20)
    settlement = services.mediation_settle(
        actor=mediator.user or officer, mediation=mediation, expected_version=None, signed_on=signed,
        certified_by="mediator", voluntary=True, consequences_understood=True,
        terms=[services.NewTerm("Rakstiska atvainošanās cietušajam", signed + dt.timedelta(days=7)),
               services.NewTerm("Atlīdzināt zaudējumus 150 EUR", today + dt.timedelta(days=30))])
    terms = list(settlement.terms.all())
    services.term_record(actor=officer, term=terms[0], status="fulfilled", resolved_on=signed + dt.timedelta(days=5),
                         expected_version=None)
    if plan == "closed":
        services.term_record(actor=officer, term=terms[1], status="fulfilled", resolved_on=today - dt.timedelta(days=1),
                             expected_version=None)
    return 1


def seed_mediation_summary() -> str:
    made = seed_mediation()
    return f"Mediation: {made['mediators']} mediators, {made['mediations']} mediations."
