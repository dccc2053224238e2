import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Grant, OrgUnit, User
from accounts.roles import Role, Scope
from cases import services as case_services
from cases.kinds import SECTION_KINDS
from cases.models import Case, CaseEvent, Section
from core import permissions
from core.models import Counter as SeqCounter
from core.places import municipalities
from core.text import fold
from demo import generate
from demo.generate import DEMO_PASSWORD, NAMED_USERS, new_format_code, old_format_code, seed
from people import services as people_services
from people.identity import parse_personal_code
from people.models import Person
from people.selectors import person_by_code

TODAY = dt.date(2025, 11, 20)
SIZE = 150


class _Rollback(Exception):
    pass


def _fingerprint(clients: int, seed_value: int) -> list[tuple]:
    """Seed inside a savepoint, read what was made, roll it back."""
    rows: list[tuple] = []
    try:
        with transaction.atomic():
            seed(clients=clients, seed=seed_value, today=TODAY)
            rows = list(Person.objects.order_by("pk").values_list(
                "personal_code", "document_number", "first_name", "last_name", "birth_date",
                "declared_municipality", "case__registration_number", "case__responsible_officer__username"))
            raise _Rollback
    except _Rollback:
        pass
    return rows


@pytest.fixture
def seeded(db):
    return seed(clients=SIZE, seed=3, today=TODAY)


def test_check_digit_helpers_make_valid_codes():
    old = old_format_code(dt.date(1975, 11, 16), 999)
    assert old == "16117519997"  # the python-stdnum doc example
    parsed = parse_personal_code(old)
    assert parsed.birth_date == dt.date(1975, 11, 16) and parsed.format == "old"
    assert parse_personal_code(old_format_code(dt.date(2004, 2, 29), 5)).birth_date == dt.date(2004, 2, 29)
    assert parse_personal_code(new_format_code(86730067)).compact == "32867300679"  # stdnum doc example


def test_small_seed_builds_clients_cases_staff(seeded):
    assert seeded.clients == SIZE
    assert Person.objects.count() == SIZE
    assert Case.objects.count() == SIZE
    assert seeded.sections == Section.objects.count() >= SIZE
    assert seeded.events == CaseEvent.objects.exclude(type__startswith="task_").count()
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).count() == 5
    assert 25 <= OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).count() <= 30
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    assert Section.objects.filter(state=Section.State.CLOSED).exclude(closing_reason="").exists()
    assert not Section.objects.filter(state=Section.State.CLOSED, closing_reason="").exists()


def test_seed_is_deterministic(db):
    first = _fingerprint(60, 11)
    second = _fingerprint(60, 11)
    other = _fingerprint(60, 12)
    assert len(first) == 60
    assert first == second
    assert first != other


def test_every_personal_code_valid_unique_and_consistent(seeded):
    persons = list(Person.objects.all())
    codes = [p.personal_code for p in persons if p.personal_code]
    assert len(codes) == len(set(codes))
    formats = Counter()
    for p in persons:
        if not p.personal_code:
            assert p.document_type and p.document_number and p.code_format == Person.CodeFormat.NONE
            continue
        parsed = parse_personal_code(p.personal_code)
        assert parsed.format == p.code_format
        formats[parsed.format] += 1
        if parsed.birth_date:
            assert parsed.birth_date == p.birth_date
    assert formats["new"] > 0 and formats["old"] > formats["new"]


def test_names_have_diacritics_and_search_fields(seeded):
    persons = list(Person.objects.all())
    assert any(any(ord(ch) > 127 for ch in p.last_name) for p in persons)
    for p in persons:
        assert p.search_name == fold(f"{p.last_name} {p.first_name}")
        assert p.search_name_reversed == fold(f"{p.first_name} {p.last_name}")
    # Feminine surname forms for women (e.g. Bērziņa, Jansone), masculine for men.
    women = [p for p in persons if p.sex == Person.Sex.FEMALE and p.citizenship == "LV"]
    assert women and all(p.last_name.endswith(("a", "e")) for p in women)


def test_each_client_has_one_case_in_the_unit_covering_the_declared_municipality(seeded):
    assert Person.objects.filter(case__isnull=True).count() == 0
    for case in Case.objects.select_related("person", "responsible_unit", "responsible_officer"):
        assert case.person.declared_municipality in case.responsible_unit.municipalities
        assert case.responsible_officer.home_unit_id == case.responsible_unit_id
        assert case.responsible_officer.grants.filter(role=Role.OFFICER).exists()


def test_units_cover_every_municipality_exactly_once(seeded):
    covered = Counter(m for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT) for m in u.municipalities)
    assert set(covered) == {code for code, _name in municipalities()}
    assert set(covered.values()) == {1}


def test_every_section_kind_present(seeded):
    assert set(Section.objects.values_list("kind", flat=True)) == set(SECTION_KINDS)
    # Children's functions belong to minors at registration.
    for section in Section.objects.filter(kind__in=[k for k, v in SECTION_KINDS.items() if v.for_children]):
        age = (section.registered_on - section.case.person.birth_date).days / 365.25
        assert 14 <= age < 18


def test_staff_roles_grants_and_demo_logins(seeded):
    for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT):
        assert Grant.objects.filter(role=Role.OFFICER, user__home_unit=unit).count() >= 2
        assert Grant.objects.filter(role=Role.UNIT_HEAD, org_unit=unit, scope=Scope.UNIT).count() == 1
    for grant in Grant.objects.select_related("user"):
        assert grant.scope == permissions.ROLES[grant.role].default_scope
    assert set(Role.values) <= set(Grant.objects.values_list("role", flat=True))
    for named in NAMED_USERS:
        user = User.objects.get(username=named.username)
        if named.username in generate.SERVICE_ACCOUNTS:
            assert user.is_service_account and not user.has_usable_password()
        else:
            assert check_password(DEMO_PASSWORD, user.password)
    assert [row[0] for row in seeded.logins] == [u.username for u in NAMED_USERS]


def test_timeline_written_for_cases_and_sections(seeded):
    assert CaseEvent.objects.filter(type="case_opened").count() == SIZE
    assert CaseEvent.objects.filter(type="section_opened").count() == Section.objects.count()
    assert CaseEvent.objects.filter(type="section_closed").count() == Section.objects.filter(state="closed").count()
    case = Case.objects.filter(status=Case.Status.CLOSED).first()
    assert case.events.filter(type="case_closed").exists()
    opened = case.events.get(type="case_opened")
    assert opened.at.date() == case.opened_on


def test_counters_continue_after_seed(seeded):
    year = TODAY.year
    assert SeqCounter.objects.get(name=f"case:{year}").value == Case.objects.filter(opened_on__year=year).count()
    officer = User.objects.get(username="officer")
    code = next(c for c in (old_format_code(dt.date(1975, 11, 16), n) for n in range(1000))
                if person_by_code(c) is None)
    person = people_services.person_create(
        actor=officer, personal_code=code, first_name="Jānis", last_name="Bērziņš",
        birth_date=dt.date(1975, 11, 16), declared_municipality="LV-RIX",
    )
    case = case_services.case_open(actor=officer, person=person, responsible_officer=officer, opened_on=TODAY)
    expected = Case.objects.filter(opened_on__year=year).count()
    assert case.registration_number == f"{year}-{expected:06d}"
    assert case.responsible_unit.code == "RIGA"


def test_command_prints_logins_and_if_empty_skips(db):
    out = io.StringIO()
    call_command("seed_demo", "--clients", "40", "--seed", "5", stdout=out)
    text = out.getvalue()
    assert "Seeded 40 clients" in text
    assert "officer" in text and DEMO_PASSWORD in text and "Rīgas TSV" in text
    persons = Person.objects.count()  # the clients, and the demo's offenders without a case file (mediation)
    out = io.StringIO()
    call_command("seed_demo", "--clients", "40", "--if-empty", stdout=out)
    again = out.getvalue()
    assert "nothing to seed" in again
    assert "Demo logins" in again and DEMO_PASSWORD in again and "Rīgas TSV" in again  # make run prints them every time
    assert Person.objects.count() == persons
    with pytest.raises(CommandError):
        call_command("seed_demo", "--clients", "40", stdout=io.StringIO())
    assert Person.objects.count() == persons


def test_command_refuses_bad_size(db):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--clients", "0", stdout=io.StringIO())
    assert not Person.objects.exists()


def test_tasks_and_inbox_seeded_when_tasks_app_present(seeded):
    from tasks.models import IncomingDocument, Task

    units = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).count()
    assert seeded.inbox_items == IncomingDocument.objects.count() == 2 * units
    # The inbox items came through the real service: the rule made their "open the case file" tasks.
    assert Task.objects.filter(inbox_item__isnull=False, kind="inbox.open_case_file").count() == 2 * units
    case_tasks = Task.objects.filter(case__isnull=False)
    assert seeded.tasks == case_tasks.count() > 0
    assert case_tasks.filter(status=Task.Status.DONE).exclude(outcome="").exists()
    assert case_tasks.filter(status=Task.Status.OPEN, due_date__lt=TODAY).exists()
    for task in case_tasks.select_related("case"):
        assert task.case.status == Case.Status.OPEN
        assert task.assignee_id == task.case.responsible_officer_id
        assert task.unit_id == task.case.responsible_unit_id
        assert task.created_at.date() >= task.case.opened_on
    assert CaseEvent.objects.filter(type="task_created").count() == case_tasks.count()


def test_demo_community_network_is_visible_to_the_supervisor_login(db):
    from community.models import HourEntry, WorkOrder
    from core.testing.checks import client_for
    from partners.models import Organisation

    call_command("seed_demo", "--clients", "300", "--seed", "1", stdout=io.StringIO())
    assert Organisation.objects.filter(status="active").count() == 5
    orders = list(WorkOrder.objects.select_related("details__section__case__person"))
    assert orders and HourEntry.objects.exists()
    page = client_for(User.objects.get(username="supervisor")).get("/community/supervisor/").content.decode()
    case = orders[0].details.section.case
    assert case.registration_number in page and case.person.first_name in page
    assert case.person.last_name not in page  # the supervisor sees first name and case number only
