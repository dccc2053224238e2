"""Named personas for tests (healthchecks' Alice/Bob/Charlie style).

An organisation with headquarters, two regions and three territorial units, and one user per
role. ``alice`` is the assigned officer of the sample client; ``bob`` is her colleague in the same
unit; ``carol`` is an officer in another region; ``hanna`` heads Alice's unit; ``rita`` heads
Alice's region; ``otto`` heads the other region's unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accounts.models import Grant, OrgUnit, User
from accounts.roles import Role, Scope
from core import permissions

PASSWORD = "Parole-123-abc"


@dataclass
class Org:
    hq: OrgUnit
    riga_region: OrgUnit
    kurzeme_region: OrgUnit
    riga_centre: OrgUnit
    riga_east: OrgUnit
    liepaja: OrgUnit


def make_org() -> Org:
    hq = OrgUnit.objects.create(code="HQ", name="Centrālais aparāts", kind=OrgUnit.Kind.HEADQUARTERS)
    riga = OrgUnit.objects.create(code="R-RIGA", name="Rīgas reģions", kind=OrgUnit.Kind.REGION, parent=hq)
    kurzeme = OrgUnit.objects.create(code="R-KURZ", name="Kurzemes reģions", kind=OrgUnit.Kind.REGION, parent=hq)
    centre = OrgUnit.objects.create(code="RIGA-C", name="Rīgas centra TSV", kind=OrgUnit.Kind.UNIT, parent=riga,
                                    municipalities=["LV-RIX"])
    east = OrgUnit.objects.create(code="RIGA-A", name="Rīgas austrumu TSV", kind=OrgUnit.Kind.UNIT, parent=riga,
                                  municipalities=["LV-062", "LV-080"])
    liepaja = OrgUnit.objects.create(code="LIEP", name="Liepājas TSV", kind=OrgUnit.Kind.UNIT, parent=kurzeme,
                                     municipalities=["LV-LPX", "LV-112"])
    return Org(hq, riga, kurzeme, centre, east, liepaja)


def make_user(username: str, role: str, *, unit: OrgUnit | None, scope: str | None = None,
              scope_unit: OrgUnit | None = None, first_name: str = "", last_name: str = "", **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=first_name or username.title(),
                                    last_name=last_name, home_unit=unit, **extra)
    scope = scope or permissions.ROLES[role].default_scope
    org_unit = None
    if scope == Scope.UNIT:
        org_unit = scope_unit or unit
    elif scope == Scope.REGION:
        org_unit = scope_unit or (unit.parent if unit and unit.kind == OrgUnit.Kind.UNIT else unit)
    Grant.objects.create(user=user, role=role, scope=scope, org_unit=org_unit,
                         valid_from=dt.date(2020, 1, 1))
    return user


@dataclass
class Personas:
    org: Org
    alice: User  # assigned officer, Rīga centre
    bob: User  # colleague in the same unit
    carol: User  # officer in another region (Liepāja)
    hanna: User  # head of Alice's unit
    rita: User  # head of Alice's region
    otto: User  # head of the Liepāja unit
    anna: User  # headquarters analyst
    rolf: User  # researcher
    emil: User  # EM operator
    vera: User  # volunteer
    walt: User  # work-provider supervisor
    admin: User  # administrator
    audrey: User  # auditor
    noah: User  # staff account with no role

    def all(self) -> dict[str, User]:
        return {k: v for k, v in self.__dict__.items() if isinstance(v, User)}


def make_personas() -> Personas:
    org = make_org()
    return Personas(
        org=org,
        alice=make_user("alice", Role.OFFICER, unit=org.riga_centre, first_name="Alise", last_name="Ozola"),
        bob=make_user("bob", Role.OFFICER, unit=org.riga_centre, first_name="Bruno", last_name="Liepiņš"),
        carol=make_user("carol", Role.OFFICER, unit=org.liepaja, first_name="Karina", last_name="Kalniņa"),
        hanna=make_user("hanna", Role.UNIT_HEAD, unit=org.riga_centre, first_name="Hanna", last_name="Egle"),
        rita=make_user("rita", Role.REGIONAL_HEAD, unit=org.riga_region, first_name="Rita", last_name="Bērziņa"),
        otto=make_user("otto", Role.UNIT_HEAD, unit=org.liepaja, first_name="Oto", last_name="Vītols"),
        anna=make_user("anna", Role.ANALYST, unit=org.hq, first_name="Anna", last_name="Priede"),
        rolf=make_user("rolf", Role.RESEARCHER, unit=org.hq, first_name="Rolfs", last_name="Krūmiņš"),
        emil=make_user("emil", Role.EM_OPERATOR, unit=org.hq, first_name="Emīls", last_name="Zariņš"),
        vera=make_user("vera", Role.VOLUNTEER, unit=org.riga_centre, first_name="Vera", last_name="Roze"),
        walt=make_user("walt", Role.WORK_SUPERVISOR, unit=None, first_name="Valters", last_name="Ābele"),
        admin=make_user("admin", Role.ADMINISTRATOR, unit=org.hq, first_name="Ādams", last_name="Sproģis"),
        audrey=make_user("audrey", Role.AUDITOR, unit=org.hq, first_name="Auda", last_name="Lāce"),
        noah=User.objects.create_user(username="noah", password=PASSWORD, home_unit=org.riga_centre),
    )


# Who may see a client file of Alice's client (Rīga centre), by persona name.
CASE_READERS = {"alice", "bob", "hanna", "rita", "audrey"}
CASE_NON_READERS = {"carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"}
