"""Demo tasks and inbox items (only when the tasks app's tables exist).

* Inbox: a few incoming documents per unit, received through the real service
  ``tasks.services.inbox_receive`` (so the "open the case file" rule makes their tasks and the
  change log is written); each carries a small generated PDF.
* Tasks on open cases: written in bulk (one in five or so done, some overdue), with their
  ``task_created`` / ``task_completed`` timeline events back-dated like the rest of the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from accounts.models import OrgUnit, User

TASK_TITLES = [
    "Pārrunas ar klientu",
    "Sastādīt uzraudzības plānu",
    "Pārbaudīt sabiedriskā darba izpildi",
    "Nosūtīt informāciju tiesai",
    "Pieprasīt ziņas no VID",
    "Sagatavot izvērtēšanas ziņojumu",
    "Riska un vajadzību novērtējums",
    "Sazināties ar darba devēju",
    "Pārbaudīt klienta dzīvesvietu",
]
OUTCOMES = ["Izpildīts", "Klients ieradās, pārrunas notikušas", "Informācija nosūtīta", "Plāns apstiprināts"]
INBOX_SENDERS = [
    ("court_ruling", "Rīgas pilsētas tiesa"), ("court_ruling", "Kurzemes rajona tiesa"),
    ("prosecutor_decision", "Latgales tiesas apgabala prokuratūra"),
    ("evaluation_request", "Valsts policijas Zemgales reģiona pārvalde"), ("prison_request", "Olaines cietums"),
]


def _tables_exist() -> bool:
    try:
        from tasks.models import IncomingDocument, Task
    except ImportError:
        return False
    tables = set(connection.introspection.table_names())
    return Task._meta.db_table in tables and IncomingDocument._meta.db_table in tables


def demo_pdf(title: str) -> bytes:
    """A minimal one-page PDF with one line of text (ASCII only)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def seed_inbox(rng: random.Random, today: dt.date, per_unit: int = 2) -> int:
    from demo.generate import old_format_code
    from tasks.services import inbox_receive

    count = 0
    clerk = User.objects.filter(username="head").first()
    for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).order_by("code"):
        for _ in range(per_unit):
            kind, sender = rng.choice(INBOX_SENDERS)
            received = today - dt.timedelta(days=rng.randint(0, 6))
            birth = dt.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
            reference = f"{rng.randint(1, 9999)}/{today.year}"
            pdf = ContentFile(demo_pdf(f"{sender} {reference}"), name=f"dokuments-{reference.replace('/', '-')}.pdf")
            inbox_receive(
                actor=clerk, kind=kind, sender=sender, sender_reference=reference,
                document_date=received - dt.timedelta(days=rng.randint(1, 10)), file=pdf, routed_unit=unit,
                hint_personal_code=old_format_code(birth, rng.randint(0, 999)),
                hint_first_name=rng.choice(["Jānis", "Sergejs", "Kristaps", "Aivars"]),
                hint_last_name=rng.choice(["Kalniņš", "Ivanovs", "Ozols", "Vanags"]), hint_birth_date=birth,
                received_at=dt.datetime.combine(received, dt.time(9 + rng.randint(0, 7), rng.randint(0, 59)),
                                                tzinfo=timezone.get_current_timezone()),
            )
            count += 1
    return count


def seed_case_tasks(rng: random.Random, today: dt.date, batch_size: int = 5000) -> int:
    from cases.models import Case, CaseEvent
    from demo.generate import _explicit_timestamps, _moment
    from tasks.models import Task

    rows = list(Case.objects.filter(status=Case.Status.OPEN, responsible_officer__isnull=False)
                .order_by("pk").values_list("pk", "responsible_unit_id", "responsible_officer_id", "opened_on"))
    total = 0
    with _explicit_timestamps((Task, "created_at"), (CaseEvent, "at")):
        for start in range(0, len(rows), batch_size):
            tasks: list[Any] = []
            for case_id, unit_id, officer_id, opened_on in rows[start:start + batch_size]:
                if rng.random() < 0.35:
                    continue
                title = rng.choice(TASK_TITLES)
                created = max(opened_on, today - dt.timedelta(days=rng.randint(1, 60)))
                due = created + dt.timedelta(days=rng.randint(3, 40))
                done = rng.random() < 0.25
                task = Task(title=title, case_id=case_id, unit_id=unit_id, assignee_id=officer_id, due_date=due,
                            created_by_id=officer_id, created_at=_moment(created, rng))
                if done:
                    task.status = Task.Status.DONE
                    task.outcome = rng.choice(OUTCOMES)
                    task.completed_by_id = officer_id
                    finished = min(today, created + dt.timedelta(days=rng.randint(0, 30)))
                    task.completed_at = _moment(finished, rng)
                tasks.append(task)
            Task.objects.bulk_create(tasks)
            events = []
            for task in tasks:
                events.append(CaseEvent(case_id=task.case_id, type="task_created", actor_id=task.assignee_id,
                                        at=task.created_at,
                                        data={"title": task.title, "due": task.due_date.strftime("%d.%m.%Y")}))
                if task.status == Task.Status.DONE:
                    events.append(CaseEvent(case_id=task.case_id, type="task_completed", actor_id=task.assignee_id,
                                            at=max(task.completed_at, task.created_at),
                                            data={"title": task.title, "outcome": task.outcome}))
            CaseEvent.objects.bulk_create(events)
            total += len(tasks)
    return total


def seed_tasks(rng: random.Random, today: dt.date) -> tuple[int, int]:
    """(tasks on cases, inbox items); (0, 0) when the tasks app has no tables yet."""
    if not _tables_exist():
        return 0, 0
    tasks = seed_case_tasks(rng, today)
    inbox = seed_inbox(rng, today)
    return tasks, inbox
