"""Deterministic synthetic demo data (``manage.py seed_demo``).

One ``random.Random`` per stream (organisation staff, people), seeded from ``--seed``, so the same
seed and size give the same names, personal codes and cases. Records are written with
``bulk_create`` in batches (one transaction per batch), which builds 200,000 clients in minutes on
PostgreSQL; the case timeline (``case_opened``, ``section_opened``, ``section_closed``,
``case_closed``) is written in the same bulk, back-dated to the day each thing happened. The
technical change log is not written for seeded rows (they were never changed by anyone).
Registration numbers are assigned directly and the ``core.Counter`` rows set to match, so cases
opened later through ``cases.services.case_open`` continue the sequence.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter as Tally
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone, translation
from stdnum.lv import pvn

from accounts.models import Grant, OrgUnit, User
from accounts.roles import Role, Scope
from cases.kinds import CLOSING_REASONS, SECTION_KINDS, BasisType
from cases.models import Case, CaseEvent, Section
from cases.policies import REGISTRATION_NUMBER_FORMAT
from core import permissions, policies
from core.models import Counter
from core.text import feminine_surname, fold
from demo import data
from people.models import Alias, Contact, Person

DEMO_PASSWORD = "Probacija-demo-2025"
CLIENTS_PER_OFFICER = 60
RIGA_TZ = ZoneInfo("Europe/Riga")
HQ_CODE = "HQ"
GRANTS_FROM = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class NamedUser:
    username: str
    role: str
    unit_code: str | None
    first_name: str
    last_name: str
    position: str


# The fixed demo logins (all with DEMO_PASSWORD, except the integration account).
NAMED_USERS: list[NamedUser] = [
    NamedUser("officer", Role.OFFICER, "RIGA", "Ilze", "Kalniņa", "Probācijas speciāliste"),
    NamedUser("officer2", Role.OFFICER, "LIEP", "Mārtiņš", "Ozols", "Probācijas speciālists"),
    NamedUser("senior", Role.SENIOR_OFFICER, "RIGA", "Dace", "Liepiņa", "Vecākā probācijas speciāliste"),
    NamedUser("head", Role.UNIT_HEAD, "RIGA", "Inese", "Bērziņa", "Teritoriālās struktūrvienības vadītāja"),
    NamedUser("regional", Role.REGIONAL_HEAD, "R-RIGA", "Andris", "Vītols", "Reģiona vadītājs"),
    NamedUser("analyst", Role.ANALYST, HQ_CODE, "Laura", "Eglīte", "Analītiķe"),
    NamedUser("researcher", Role.RESEARCHER, HQ_CODE, "Kārlis", "Zariņš", "Pētnieks"),
    NamedUser("em", Role.EM_OPERATOR, HQ_CODE, "Edgars", "Krūmiņš", "Elektroniskās uzraudzības operators"),
    NamedUser("mediator", Role.MEDIATOR, "RIGA", "Santa", "Lāce", "Starpniece"),
    NamedUser("volunteer", Role.VOLUNTEER, "RIGA", "Agnese", "Siliņa", "Brīvprātīgā"),
    NamedUser("facilitator", Role.FACILITATOR, "RIGA", "Gatis", "Kļaviņš", "Programmu vadītājs"),
    NamedUser("supervisor", Role.WORK_SUPERVISOR, None, "Uldis", "Kalējs", "Darba devēja atbildīgā persona"),
    NamedUser("admin", Role.ADMINISTRATOR, HQ_CODE, "Roberts", "Sproģis", "Sistēmas administrators"),
    NamedUser("auditor", Role.AUDITOR, HQ_CODE, "Māra", "Grīnberga", "Auditore"),
    NamedUser("integration", Role.INTEGRATION, None, "E-lietas", "integrācija", "Integrācijas konts"),
]
SERVICE_ACCOUNTS = {"integration"}


@dataclass
class SeedResult:
    clients: int = 0
    persons_without_code: int = 0
    cases_open: int = 0
    sections: int = 0
    events: int = 0
    staff: int = 0
    units: int = 0
    tasks: int = 0
    inbox_items: int = 0
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, role, unit, password


# --- helpers ------------------------------------------------------------------------------------------


@contextmanager
def _explicit_timestamps(*model_fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let bulk_create keep the given auto_now/auto_now_add values (back-dated seed rows)."""
    saved: list[tuple[models.DateField, bool, bool]] = []
    for model, name in model_fields:
        f = model._meta.get_field(name)
        if not isinstance(f, models.DateField):  # DateTimeField is a DateField
            raise TypeError(f"{model.__name__}.{name} has no auto_now")
        saved.append((f, f.auto_now, f.auto_now_add))
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=RIGA_TZ)


def old_format_code(birth: dt.date, serial: int) -> str:
    """DDMMYY-CNNNK: C is the century (0 = 1800s, 1 = 1900s, 2 = 2000s), K the check digit."""
    century = (birth.year - 1800) // 100
    body = f"{birth:%d%m}{birth.year % 100:02d}{century}{serial:03d}"
    return body + pvn.calc_check_digit_pers(body)


def new_format_code(number: int) -> str:
    """32NNNNNNNNK: no birth date, K the check digit."""
    body = f"32{number:08d}"
    return body + pvn.calc_check_digit_pers(body)


def _username(first: str, last: str, taken: set[str]) -> str:
    base = f"{fold(first)}.{fold(last)}".replace(" ", "")
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


# --- organisation and staff ------------------------------------------------------------------------


def ensure_organisation() -> dict[str, OrgUnit]:
    """Headquarters, 5 regions and the territorial units (created once, found by code)."""
    units: dict[str, OrgUnit] = {}
    hq, _ = OrgUnit.objects.get_or_create(
        code=HQ_CODE, defaults={"name": "Valsts probācijas dienests, centrālais aparāts",
                                "kind": OrgUnit.Kind.HEADQUARTERS, "address": "Čiekurkalna 1. līnija 1 k-3, Rīga",
                                "phone": "+371 67 021 500", "email": "pasts@vpd.example.lv"})
    units[HQ_CODE] = hq
    for region_code, region_name, unit_rows in data.ORGANISATION:
        region, _ = OrgUnit.objects.get_or_create(
            code=region_code, defaults={"name": region_name, "kind": OrgUnit.Kind.REGION, "parent": hq})
        units[region_code] = region
        for code, name, municipalities, address in unit_rows:
            unit, _ = OrgUnit.objects.get_or_create(
                code=code, defaults={"name": name, "kind": OrgUnit.Kind.UNIT, "parent": region,
                                     "municipalities": municipalities, "address": address,
                                     "email": f"{code.lower()}@vpd.example.lv"})
            units[code] = unit
    return units


@dataclass
class _StaffSpec:
    username: str
    role: str
    home: OrgUnit | None
    first_name: str
    last_name: str
    position: str
    service: bool = False


def _staff_specs(rng: random.Random, units: dict[str, OrgUnit], clients_per_unit: Tally) -> list[_StaffSpec]:
    taken = {u.username for u in NAMED_USERS}
    specs = [
        _StaffSpec(u.username, u.role, units.get(u.unit_code) if u.unit_code else None, u.first_name, u.last_name,
                   u.position, service=u.username in SERVICE_ACCOUNTS)
        for u in NAMED_USERS
    ]
    named_in_unit = Tally((u.unit_code, u.role) for u in NAMED_USERS)

    def person_name() -> tuple[str, str]:
        female = rng.random() < 0.8  # most of the service's staff are women
        russian = rng.random() < 0.15
        first = rng.choice((data.FEMALE_FIRST_RU if russian else data.FEMALE_FIRST) if female
                           else (data.MALE_FIRST_RU if russian else data.MALE_FIRST))
        last = rng.choice(data.SURNAMES_RU if russian else data.SURNAMES)[1 if female else 0]
        return first, last

    def add(role: str, home: OrgUnit, position: str, count: int) -> None:
        for _ in range(max(0, count)):
            first, last = person_name()
            # The position agrees with the person: "Probācijas speciāliste" for a woman.
            title = FEMININE_POSITIONS.get(position, position) if feminine_surname(last) else position
            specs.append(_StaffSpec(_username(first, last, taken), role, home, first, last, title))

    for region_code, _name, unit_rows in data.ORGANISATION:
        region = units[region_code]
        add(Role.REGIONAL_HEAD, region, "Reģiona vadītājs", 1 - named_in_unit[(region_code, Role.REGIONAL_HEAD)])
        for code, *_rest in unit_rows:
            unit = units[code]
            officers = max(2, round(clients_per_unit[code] / CLIENTS_PER_OFFICER))
            add(Role.UNIT_HEAD, unit, "Struktūrvienības vadītājs", 1 - named_in_unit[(code, Role.UNIT_HEAD)])
            add(Role.SENIOR_OFFICER, unit, "Vecākais probācijas speciālists",
                1 + officers // 20 - named_in_unit[(code, Role.SENIOR_OFFICER)])
            add(Role.OFFICER, unit, "Probācijas speciālists", officers - named_in_unit[(code, Role.OFFICER)])
    return specs


FEMININE_POSITIONS = {
    "Reģiona vadītājs": "Reģiona vadītāja",
    "Struktūrvienības vadītājs": "Struktūrvienības vadītāja",
    "Vecākais probācijas speciālists": "Vecākā probācijas speciāliste",
    "Probācijas speciālists": "Probācijas speciāliste",
}


def ensure_staff(rng: random.Random, units: dict[str, OrgUnit], clients_per_unit: Tally) -> dict[str, list[User]]:
    """Create the staff that do not exist yet (found by username) with their grants; return the
    officers of each unit (by unit code) who carry a caseload."""
    specs = _staff_specs(rng, units, clients_per_unit)
    existing = set(User.objects.filter(username__in=[s.username for s in specs]).values_list("username", flat=True))
    password = make_password(DEMO_PASSWORD)  # hashed once: the same demo password for everyone
    new = [s for s in specs if s.username not in existing]
    User.objects.bulk_create([
        User(username=s.username, first_name=s.first_name, last_name=s.last_name, home_unit=s.home,
             position=s.position, is_service_account=s.service,
             password=make_password(None) if s.service else password,
             email="" if s.service else f"{s.username}@vpd.example.lv",
             phone="" if s.service else f"+371 2{rng.randint(0, 9999999):07d}")
        for s in new
    ], batch_size=1000)
    by_name = {u.username: u for u in User.objects.filter(username__in=[s.username for s in specs])}
    grants = []
    for s in new:
        scope = permissions.ROLES[s.role].default_scope
        org_unit = s.home if scope in (Scope.UNIT, Scope.REGION) else None
        grants.append(Grant(user=by_name[s.username], role=s.role, scope=scope, org_unit=org_unit,
                            valid_from=GRANTS_FROM))
    Grant.objects.bulk_create(grants, batch_size=1000)
    officers: dict[str, list[User]] = {}
    for s in specs:
        if s.role == Role.OFFICER and s.home is not None:
            officers.setdefault(s.home.code, []).append(by_name[s.username])
    return officers


# --- people and cases ------------------------------------------------------------------------------


_KIND_ORDER = list(data.MAIN_KIND_WEIGHTS)
_KIND_WEIGHTS = list(data.MAIN_KIND_WEIGHTS.values())
_SUPERVISION = {k for k, v in SECTION_KINDS.items() if v.group == "supervision" and not v.for_children}
_REASON_WEIGHTS = {
    "term_expired": 50, "completed": 55, "early_discharge": 8, "cancelled_by_court": 3, "report_sent": 60,
    "informative_letter": 5, "revoked": 8, "new_offence": 5, "absconded": 3, "death": 1, "transferred_out": 2,
    "other": 2,
}


class _PeopleGenerator:
    def __init__(self, rng: random.Random, today: dt.date, units: dict[str, OrgUnit]) -> None:
        self.rng = rng
        self.today = today
        self.codes: set[str] = set()
        self.documents: set[str] = set()
        self.region_of_unit = {code: region for region, _n, rows in data.ORGANISATION for code, *_r in rows}
        self.unit_of_muni = {m: code for _r, _n, rows in data.ORGANISATION for code, _nm, munis, _a in rows
                             for m in munis}
        self.kind_labels = {code: str(kind.label) for code, kind in SECTION_KINDS.items()}
        self.basis_labels = {code: str(label) for code, label in BasisType.CHOICES}
        self.reason_labels = {code: str(r.label) for code, r in CLOSING_REASONS.items()}

    # identity ------------------------------------------------------------------------------------
    def birth_date(self, minor: bool, reference: dt.date) -> dt.date:
        rng = self.rng
        if minor:
            age_days = rng.randint(14 * 365 + 4, 17 * 365 + 300)
        else:
            age = min(75, max(18, int(rng.gauss(34, 11))))
            age_days = age * 365 + rng.randint(0, 364)
        return reference - dt.timedelta(days=age_days)

    def personal_code(self, birth: dt.date) -> tuple[str, str]:
        rng = self.rng
        while True:
            if rng.random() < 0.15:
                code, fmt = new_format_code(rng.randint(0, 99_999_999)), Person.CodeFormat.NEW
            else:
                code, fmt = old_format_code(birth, rng.randint(0, 999)), Person.CodeFormat.OLD
            if code not in self.codes:
                self.codes.add(code)
                return code, fmt

    # sections ------------------------------------------------------------------------------------
    def basis(self, kind: str, unit_code: str, on: dt.date) -> tuple[str, str, str]:
        rng = self.rng
        region = self.region_of_unit[unit_code]
        yy = on.year % 100
        court = rng.choice(data.COURTS_BY_REGION[region])
        prosecutor = rng.choice(data.PROSECUTORS_BY_REGION[region])
        court_number = f"{data.COURT_CODES[court]}-{rng.randint(1, 9999):04d}-{yy:02d}"
        proceedings = f"1{rng.choice(['1816', '1090', '1260', '1550'])}{yy:02d}{rng.randint(0, 9999):04d}"
        if kind == "evaluation":
            issuer = rng.choices([prosecutor, court, rng.choice(data.POLICE), rng.choice(data.PRISONS)],
                                 [45, 25, 15, 15])[0]
            return BasisType.EVALUATION_REQUEST, f"{rng.randint(1, 4999)}/{on.year}", issuer
        if kind == "supervision_conditional_release":
            return BasisType.PROSECUTOR_DECISION, proceedings, prosecutor
        if kind == "community_service" and rng.random() < 0.4:
            return BasisType.PENAL_ORDER, proceedings, prosecutor
        if kind == "mediation":
            issuer = rng.choice([prosecutor, court, rng.choice(data.POLICE)])
            return BasisType.MEDIATION_REQUEST, f"M-{on.year}/{rng.randint(1, 999)}", issuer
        if kind == "electronic_monitoring" and rng.random() < 0.5:
            return BasisType.PRISON_REQUEST, f"1-{rng.randint(10, 99)}/{rng.randint(100, 9999)}", rng.choice(data.PRISONS)
        return BasisType.COURT_RULING, court_number, court

    def closing_reason(self, kind: str) -> str:
        reasons = SECTION_KINDS[kind].closing_reasons
        return self.rng.choices(reasons, [_REASON_WEIGHTS.get(r, 1) for r in reasons])[0]

    def section_plan(self, kind: str, is_open: bool, end_before: dt.date) -> dict[str, Any]:
        """Dates and state of one section. Open sections are under way today; closed ones ended
        before ``end_before``."""
        rng = self.rng
        low, high = data.DURATION_DAYS[kind]
        duration = rng.randint(low, high)
        if is_open:
            registered = self.today - dt.timedelta(days=rng.randint(0, int(duration * 0.95)))
        else:
            latest_close = min(end_before, self.today - dt.timedelta(days=1))
            closed = latest_close - dt.timedelta(days=rng.randint(0, 5 * 365))
            actual = duration if rng.random() < 0.8 else rng.randint(low // 2 + 1, duration)
            registered = closed - dt.timedelta(days=actual)
        basis_date = registered - dt.timedelta(days=rng.randint(3, 45))
        in_force = basis_date + dt.timedelta(days=rng.randint(0, min(14, (registered - basis_date).days)))
        start = min(self.today, registered + dt.timedelta(days=0 if kind == "evaluation" else rng.randint(0, 10)))
        plan: dict[str, Any] = {
            "kind": kind, "registered_on": registered, "basis_date": basis_date, "basis_in_force": in_force,
            "start_date": start, "planned_end_date": start + dt.timedelta(days=duration),
        }
        if is_open:
            if (self.today - registered).days < 7:
                plan["state"] = Section.State.REGISTERED
            elif rng.random() < 0.03:
                plan["state"] = Section.State.SUSPENDED
            else:
                plan["state"] = Section.State.ACTIVE
        else:
            plan["state"] = Section.State.CLOSED
            plan["closed_on"] = registered + dt.timedelta(days=actual)
            plan["closing_reason"] = self.closing_reason(kind)
        return plan

    def sections_for(self, main_kind: str, case_open: bool) -> list[dict[str, Any]]:
        rng = self.rng
        plans = [self.section_plan(main_kind, case_open, self.today)]
        if case_open and main_kind in _SUPERVISION and rng.random() < 0.06:
            plans.append(self.section_plan("programme", True, self.today))
        if case_open and main_kind == "supervision_parole_em":
            plans.append(self.section_plan("electronic_monitoring", True, self.today))
        if rng.random() < 0.2 and not SECTION_KINDS[main_kind].for_children:
            earlier = rng.choices(_KIND_ORDER[:6], _KIND_WEIGHTS[:6])[0]
            plans.append(self.section_plan(earlier, False, plans[0]["registered_on"]))
        return plans


TOUR_OFFICER = "officer"
TOUR_CLIENTS = (("Jānis", "Bērziņš", Person.Sex.MALE), ("Anna", "Ozola", Person.Sex.FEMALE),
                ("Jānis", "Ozols", Person.Sex.MALE))


def _tour_client(person: Person, first: str, last: str, sex: str) -> None:
    person.first_name, person.last_name, person.sex = first, last, sex
    person.search_name = fold(f"{last} {first}")[:210]
    person.search_name_reversed = fold(f"{first} {last}")[:210]


def _main_kind(rng: random.Random, index: int) -> str:
    # The first clients take every kind once, so even a small seed shows every function.
    if index < len(_KIND_ORDER):
        return _KIND_ORDER[index]
    return rng.choices(_KIND_ORDER, _KIND_WEIGHTS)[0]


def _person(gen: _PeopleGenerator, municipality: str, minor: bool, reference: dt.date) -> tuple[Person, list, list]:
    rng = gen.rng
    female = rng.random() < 0.13
    foreign = not minor and rng.random() < 0.01
    russian = rng.random() < 0.3
    birth = gen.birth_date(minor, reference)
    person = Person(birth_date=birth, sex=Person.Sex.FEMALE if female else Person.Sex.MALE)
    if foreign:
        country, doc_type, male_names, female_names, surnames = rng.choice(data.FOREIGNERS)
        person.first_name = rng.choice(female_names if female else male_names)
        person.last_name = rng.choice(surnames)[1 if female else 0]
        person.citizenship = country
        person.document_type = doc_type
        person.document_country = country
        while True:
            number = f"{country}{rng.randint(1_000_000, 9_999_999)}"
            if number not in gen.documents:
                gen.documents.add(number)
                break
        person.document_number = number
        person.languages = ["en", "ru"] if country in ("UA",) else ["en"]
    else:
        first_names = (data.FEMALE_FIRST_RU if russian else data.FEMALE_FIRST) if female else (
            data.MALE_FIRST_RU if russian else data.MALE_FIRST)
        person.first_name = rng.choice(first_names)
        person.last_name = rng.choice(data.SURNAMES_RU if russian else data.SURNAMES)[1 if female else 0]
        person.personal_code, person.code_format = gen.personal_code(birth)
        person.citizenship = "LV"
        person.languages = ["ru", "lv"] if russian else (["lv", "en"] if rng.random() < 0.3 else ["lv"])
    town = rng.choice(data.TOWNS[municipality])
    street = rng.choice(data.STREETS)
    flat = f"-{rng.randint(1, 120)}" if rng.random() < 0.6 else ""
    person.declared_municipality = municipality
    person.declared_address = f"{street} {rng.randint(1, 140)}{flat}, {town}"
    if rng.random() < 0.08:
        other = rng.choice(list(data.TOWNS))
        person.actual_municipality = other
        person.actual_address = f"{rng.choice(data.STREETS)} {rng.randint(1, 90)}, {rng.choice(data.TOWNS[other])}"
    person.search_name = fold(f"{person.last_name} {person.first_name}")[:210]
    person.search_name_reversed = fold(f"{person.first_name} {person.last_name}")[:210]
    contacts: list[dict[str, Any]] = []
    if rng.random() < 0.92:
        contacts.append({"kind": Contact.Kind.MOBILE, "value": f"+371 2{rng.randint(0, 9999999):07d}",
                         "preferred": True})
    if rng.random() < 0.25:
        handle = f"{fold(person.first_name)}.{fold(person.last_name)}{rng.randint(1, 99)}".replace(" ", "")
        contacts.append({"kind": Contact.Kind.EMAIL,
                         "value": f"{handle}@{rng.choice(['inbox.lv', 'gmail.com', 'apollo.lv'])}",
                         "preferred": not contacts})
    if rng.random() < 0.05:
        contacts.append({"kind": Contact.Kind.PHONE, "value": f"+371 6{rng.randint(0, 9999999):07d}",
                         "note": "mājas tālrunis", "preferred": False})
    aliases: list[dict[str, Any]] = []
    if rng.random() < 0.03:
        if female and not foreign:
            last = rng.choice(data.SURNAMES)[1]
            aliases.append({"first_name": person.first_name, "last_name": last, "note": data.ALIAS_NOTES[0]})
        else:
            last = rng.choice(data.SURNAMES + data.SURNAMES_RU)[1 if female else 0]
            aliases.append({"first_name": "", "last_name": last, "note": rng.choice(data.ALIAS_NOTES[1:])})
    return person, contacts, aliases


def _write_batch(gen: _PeopleGenerator, rows: list[dict[str, Any]], fmt: str, sequences: dict[int, int],
                 result: SeedResult) -> None:
    rng = gen.rng
    Person.objects.bulk_create([r["person"] for r in rows])
    Contact.objects.bulk_create([Contact(person=r["person"], **c) for r in rows for c in r["contacts"]])
    Alias.objects.bulk_create([
        Alias(person=r["person"], search_name=fold(f"{a['last_name']} {a['first_name']}")[:210], **a)
        for r in rows for a in r["aliases"]
    ])
    cases = []
    for r in rows:
        opened = r["opened_on"]
        sequences[opened.year] = sequences.get(opened.year, 0) + 1
        created = _moment(opened, rng)
        case = Case(
            person=r["person"], responsible_unit=r["unit"], responsible_officer=r["officer"],
            status=Case.Status.OPEN if r["open"] else Case.Status.CLOSED, opened_on=opened,
            closed_on=r["closed_on"], opened_by=r["officer"],
            registration_number=str(fmt).format(year=opened.year, seq=sequences[opened.year]),
            search_name=r["person"].search_name, search_name_reversed=r["person"].search_name_reversed,
            created_at=created, updated_at=created,
        )
        r["case"] = case
        cases.append(case)
    Case.objects.bulk_create(cases)
    sections = []
    for r in rows:
        r["section_objs"] = []
        for plan in r["sections"]:
            basis_type, number, issuer = gen.basis(plan["kind"], r["unit"].code, plan["basis_date"])
            created = _moment(plan["registered_on"], rng)
            section = Section(
                case=r["case"], kind=plan["kind"], state=plan["state"], responsible_officer=r["officer"],
                basis_type=basis_type, basis_number=number, basis_date=plan["basis_date"], basis_issuer=issuer,
                basis_in_force=plan["basis_in_force"], registered_on=plan["registered_on"],
                start_date=plan["start_date"], planned_end_date=plan["planned_end_date"],
                closed_on=plan.get("closed_on"), closing_reason=plan.get("closing_reason", ""),
                created_at=created, updated_at=created,
            )
            sections.append(section)
            r["section_objs"].append(section)
            result.kinds[plan["kind"]] = result.kinds.get(plan["kind"], 0) + 1
    Section.objects.bulk_create(sections)
    events = []
    for r in rows:
        case = r["case"]
        events.append(CaseEvent(case=case, type="case_opened", actor=r["officer"], at=case.created_at,
                                data={"registration_number": case.registration_number, "unit": r["unit"].name}))
        for s in sorted(r["section_objs"], key=lambda s: s.registered_on):
            basis = f"{gen.basis_labels[s.basis_type]} {s.basis_number} ({s.basis_date:%d.%m.%Y})"
            events.append(CaseEvent(case=case, section=s, type="section_opened", actor=r["officer"],
                                    at=max(s.created_at, case.created_at),
                                    data={"kind": gen.kind_labels[s.kind], "basis": basis}))
            if s.closed_on:
                events.append(CaseEvent(case=case, section=s, type="section_closed", actor=r["officer"],
                                        at=_moment(s.closed_on, rng),
                                        data={"kind": gen.kind_labels[s.kind],
                                              "reason": gen.reason_labels[s.closing_reason]}))
        if not r["open"]:
            events.append(CaseEvent(case=case, type="case_closed", actor=r["officer"],
                                    at=_moment(r["closed_on"], rng) + dt.timedelta(minutes=1), data={}))
    CaseEvent.objects.bulk_create(events)
    result.sections += len(sections)
    result.events += len(events)


def seed(*, clients: int, seed: int = 1, today: dt.date | None = None, batch_size: int = 5000,
         progress: Callable[[str], None] | None = None) -> SeedResult:
    """Build the organisation, staff and ``clients`` clients with their case files."""
    started = time.monotonic()
    today = today or timezone.localdate()
    say = progress or (lambda _msg: None)
    result = SeedResult()
    staff_rng = random.Random(f"staff-{seed}")
    people_rng = random.Random(f"people-{seed}")
    with translation.override(settings.LANGUAGE_CODE), _explicit_timestamps(
        (Case, "created_at"), (Case, "updated_at"), (Section, "created_at"), (Section, "updated_at"),
        (CaseEvent, "at"),
    ):
        with transaction.atomic():
            units = ensure_organisation()
            gen = _PeopleGenerator(people_rng, today, units)
            municipalities = list(data.MUNICIPALITY_WEIGHT)
            homes = people_rng.choices(municipalities, [data.MUNICIPALITY_WEIGHT[m] for m in municipalities],
                                       k=clients)
            per_unit = Tally(gen.unit_of_muni[m] for m in homes)
            officers = ensure_staff(staff_rng, units, per_unit)
        result.units = sum(1 for u in units.values() if u.kind == OrgUnit.Kind.UNIT)
        result.staff = User.objects.count()
        fmt = policies.value(REGISTRATION_NUMBER_FORMAT.key)
        sequences = {int(name.split(":")[1]): value for name, value in
                     Counter.objects.filter(name__startswith="case:").values_list("name", "value")}
        rows: list[dict[str, Any]] = []
        # The README tour's search hints find clients of the demo officer ("berzins", "ozola", "jānis").
        tour_officer = User.objects.select_related("home_unit").get(username=TOUR_OFFICER)
        tour = list(TOUR_CLIENTS)
        tour_unit = tour_officer.home_unit.code if tour_officer.home_unit else ""
        for index, municipality in enumerate(homes):
            kind = _main_kind(people_rng, index)
            case_open = index < len(_KIND_ORDER) or people_rng.random() < 0.88
            plans = gen.sections_for(kind, case_open)
            opened = min(p["registered_on"] for p in plans)
            person, contacts, aliases = _person(gen, municipality, SECTION_KINDS[kind].for_children,
                                                plans[0]["registered_on"])
            unit_code = gen.unit_of_muni[municipality]
            officer = people_rng.choice(officers[unit_code])
            if tour and tour_unit == unit_code and case_open and person.citizenship == "LV":
                _tour_client(person, *tour.pop(0))
                officer = tour_officer
            rows.append({
                "person": person, "contacts": contacts, "aliases": aliases, "sections": plans,
                "opened_on": opened, "open": case_open, "unit": units[unit_code],
                "officer": officer,
                "closed_on": None if case_open else max(p["closed_on"] for p in plans),
            })
            result.persons_without_code += person.personal_code is None
            result.cases_open += case_open
            if len(rows) >= batch_size or index == clients - 1:
                with transaction.atomic():
                    _write_batch(gen, rows, fmt, sequences, result)
                result.clients += len(rows)
                say(f"{result.clients:,} / {clients:,} clients ({time.monotonic() - started:.0f} s)")
                rows = []
        with transaction.atomic():
            for year, value in sequences.items():
                Counter.objects.update_or_create(name=f"case:{year}", defaults={"value": value})
            extra = seed_optional(people_rng, today)
        result.tasks, result.inbox_items = extra
    result.logins = demo_logins(units)
    result.seconds = time.monotonic() - started
    return result


def seed_optional(rng: random.Random, today: dt.date) -> tuple[int, int]:
    """Tasks and inbox items, when the tasks app provides them (see demo/tasks.py)."""
    from demo import tasks as demo_tasks

    return demo_tasks.seed_tasks(rng, today)


def demo_logins(units: dict[str, OrgUnit]) -> list[tuple[str, str, str, str]]:
    labels = dict(Role.choices)
    rows = []
    for u in NAMED_USERS:
        home = units.get(u.unit_code) if u.unit_code else None
        unit = home.name if home is not None else "—"
        password = "(API token only)" if u.username in SERVICE_ACCOUNTS else DEMO_PASSWORD
        rows.append((u.username, str(labels[u.role]), unit, password))
    return rows
