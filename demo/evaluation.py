"""Evaluation-report requests for the demo (small seeds only), one in every state, made through the
services (``evaluation.services``) on the open case files of the demo officer (``officer``), reviewed by
the demo senior officer (``senior``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from cases import services as case_services
from cases.models import Case
from core.calendar import add_working_days
from core.errors import DomainError
from evaluation import services
from evaluation.models import SECTION_CODES

STATES = ("registered", "in_progress", "in_review", "changes_requested", "approved", "report_sent", "letter_sent")

COURTS = ("Rīgas pilsētas tiesa", "Rīgas rajona tiesa", "Rīgas Ziemeļu rajona prokuratūra")
TEXT = {
    "offence": "Klients atzīst nodarījumu un nožēlo to.",
    "family": "Dzīvo kopā ar māti un jaunāko brāli; attiecības labas.",
    "work_education": "Strādā noliktavā pilnu slodzi; ieguvis vidējo izglītību.",
    "peers": "Brīvo laiku pavada ar kolēģiem; ar iepriekšējo draugu loku kontaktus pārtraucis.",
    "behaviour": "Uz pārrunām ieradās laikā, bija atklāts.",
    "health": "Atkarības nav konstatētas.",
    "criminal_record": "Iepriekš nav sodīts.",
    "risk": "Atkārtota noziedzīga nodarījuma risks vērtējams kā zems.",
    "victim": "Klients gatavs atlīdzināt zaudējumus.",
    "recommendation": "Piemērojams sods, kas nav saistīts ar brīvības atņemšanu.",
}


def seed_evaluation() -> dict[str, int]:
    officer = User.objects.filter(username="officer").first()
    senior = User.objects.filter(username="senior").first()
    if officer is None or senior is None:
        return {}
    today = timezone.localdate()
    made: dict[str, int] = {}
    cases = (Case.objects.filter(responsible_officer=officer, status=Case.Status.OPEN)
             .exclude(sections__kind="evaluation").select_related("person").order_by("id")[:len(STATES)])
    for i, (case, state) in enumerate(zip(cases, STATES, strict=False)):
        request_date = today - dt.timedelta(days=20 - i)
        try:
            section = case_services.section_open(
                actor=officer, case=case, kind="evaluation", basis_type="evaluation_request",
                basis_number=f"IZ-{today.year}-{i + 1}", basis_date=request_date,
                basis_issuer=COURTS[i % len(COURTS)], responsible_officer=officer,
                registered_on=request_date + dt.timedelta(days=1))
            request = services.request_record(
                actor=officer, section=section, requester_kind="prosecutor" if i % 3 == 2 else "court",
                requester_name=COURTS[i % len(COURTS)], request_number=f"IZ-{today.year}-{i + 1}",
                case_number=f"1181600{i:04d}", offence="KL 180. panta otrā daļa", request_date=request_date,
                received_on=request_date + dt.timedelta(days=1),
                deadline=add_working_days(today, 2 + 3 * i) if state not in ("report_sent", "letter_sent") else
                today + dt.timedelta(days=5),
                person_contacts="tālr. 2000000" + str(i), victim_meeting_undesirable=i % 2 == 1,
                victim_name="" if i % 2 else "Laura Zariņa", victim_contacts="" if i % 2 else "tālr. 29999999")
            if state != "registered":
                services.step_record(actor=officer, request=request, kind="interview", source="client",
                                     day=request_date + dt.timedelta(days=3), summary="Pārrunas klātienē.")
                services.step_record(actor=officer, request=request, kind="check", source="social_service",
                                     day=request_date + dt.timedelta(days=4),
                                     summary="Sociālais dienests: ģimene nav reģistrēta kā riska ģimene.")
                request.refresh_from_db()
            if state == "in_progress":
                services.invitation_send(actor=officer, request=request, appearance_date=today + dt.timedelta(days=5),
                                         appearance_time=dt.time(10), language="lv")
            if state in ("in_review", "changes_requested", "approved", "report_sent"):
                request = services.sections_save(actor=officer, request=request, expected_version=request.version,
                                                 sections={code: TEXT[code] for code in SECTION_CODES})
                request = services.review_submit(actor=officer, request=request, expected_version=request.version,
                                                 reviewer=senior)
            if state == "changes_requested":
                services.review_decide(actor=senior, request=request, expected_version=request.version,
                                       decision="changes", comments="Papildiniet riska novērtējuma pamatojumu.")
            if state in ("approved", "report_sent"):
                services.review_decide(actor=senior, request=request, expected_version=request.version,
                                       decision="approved")
                request.refresh_from_db()
            if state == "report_sent":
                services.request_finish(actor=officer, request=request, expected_version=request.version,
                                        end_state="report")
            if state == "letter_sent":
                services.request_finish(actor=officer, request=request, expected_version=request.version,
                                        end_state="informative_letter", letter_reason="refused")
            made[state] = made.get(state, 0) + 1
        except DomainError:
            continue  # a case whose dates do not allow it stays without a request
    return made


def seed_evaluation_summary() -> str:
    made = seed_evaluation()
    return "Evaluation reports: " + (", ".join(f"{state} {n}" for state, n in made.items()) or "none")
