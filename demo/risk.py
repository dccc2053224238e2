"""Risk assessment for the demo (small seeds only), through the risk services: criminal histories (so every
such client has an OGRS3 score with its breakdown), assessments in every state (draft, completed, completed
with an overridden level, corrected with both versions kept) and questionnaires (issued and submitted)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cases.models import Case
from core.errors import DomainError

CLIENTS = 40
ARTICLES = ("175", "175.3", "176", "177", "185", "231", "253", "262", "125", "130", "314")


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def seed_risk(limit: int = CLIENTS, seed: int = 1) -> dict[str, int]:
    from risk import instrument, services
    from risk.models import Instrument

    rng = random.Random(seed)
    made = {"entries": 0, "assessments": 0, "questionnaires": 0}
    today = timezone.localdate()
    adult = Instrument.objects.filter(code="adult-general", status="active").first()
    minor = Instrument.objects.filter(code="minor-support", status="active").first()
    cases = list(Case.objects.filter(status=Case.Status.OPEN, responsible_officer__isnull=False, person__sex__in=("M", "F"))
                 .select_related("person", "responsible_officer").order_by("id")[:limit])
    for n, case in enumerate(cases):
        person, officer = case.person, case.responsible_officer
        adult_from = person.birth_date + dt.timedelta(days=365 * 18 + 5)
        if adult_from >= today - dt.timedelta(days=90):
            continue
        dates = sorted(_day_between(rng, adult_from, today - dt.timedelta(days=60)) for _ in range(1 + n % 4))
        for offence in dates:
            convicted = min(today, offence + dt.timedelta(days=rng.randint(30, 200)))
            try:
                services.conviction_add(actor=officer, person=person, kind="conviction", article=rng.choice(ARTICLES),
                                        offence_date=offence, conviction_date=convicted,
                                        sanction=rng.choice(("nosacīta notiesāšana", "probācijas uzraudzība",
                                                             "sabiedriskais darbs", "brīvības atņemšana")),
                                        court="Rīgas pilsētas tiesa", custodial=rng.random() < 0.2)
                made["entries"] += 1
            except DomainError:
                continue
        record = minor if (today - person.birth_date).days < 365 * 18 and minor else adult
        if record is None:
            continue
        items = [i["code"] for i in instrument.items(record.definition)]
        answers = {code: rng.choice((0, 0, 1, 1, 2)) for code in items}
        assessed_on = max(case.opened_on, today - dt.timedelta(days=rng.randint(0, 30)))
        try:
            draft = services.assessment_start(actor=officer, case=case, record=record)
            made["assessments"] += 1
            state = n % 5
            if state == 0:  # a draft half done, with a questionnaire the client has yet to answer
                services.assessment_save(actor=officer, assessment=draft, answers=dict(list(answers.items())[:6]),
                                         note="", expected_version=None)
                services.questionnaire_issue(actor=officer, case=case, assessment=draft, language="lv")
                made["questionnaires"] += 1
                continue
            if state == 1:  # the client answered the self-report part on the kiosk, skipping one question
                _issued, code = services.questionnaire_issue(actor=officer, case=case, assessment=draft,
                                                             language="ru")
                questionnaire = services.questionnaire_open(code=code, ip="demo-kiosk")
                for k, code in enumerate(questionnaire.items):
                    services.questionnaire_answer(questionnaire=questionnaire, item=code,
                                                  value=None if k == 1 else answers[code])
                services.questionnaire_submit(questionnaire=questionnaire)
                made["questionnaires"] += 1
                draft.refresh_from_db()
                continue
            override = {"override_level": "high", "override_reason": "Jauna informācija par vardarbību ģimenē"} \
                if state == 3 else {}
            done = services.assessment_complete(actor=officer, assessment=draft, answers=answers, note="",
                                                assessed_on=assessed_on, expected_version=None, **override)
            if state == 4:  # corrected: both versions kept
                correction = services.assessment_correct(actor=officer, assessment=done)
                fix = {items[0]: 2 if answers[items[0]] != 2 else 1}
                services.assessment_complete(actor=officer, assessment=correction, answers=fix, note="Labots",
                                             assessed_on=assessed_on, expected_version=None)
                made["assessments"] += 1
        except DomainError:
            continue
    return made


def seed_risk_summary() -> str:
    made = seed_risk()
    return (f"Risk assessment: {made['entries']} criminal history entries, {made['assessments']} assessments, "
            f"{made['questionnaires']} questionnaires.")
