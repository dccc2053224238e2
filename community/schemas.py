"""Schemas of the community-service API (``community.api``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class ProgressOut(Schema):
    ordered: int
    done: Decimal
    remaining: Decimal
    behind_pace: bool
    expected_by_now: Decimal
    conversion_days: int
    early_release_eligible: bool
    enforceable_until: dt.date
    limitation_warning: bool


class CommunitySectionOut(Schema):
    section_id: int
    case_id: int
    order_type: str
    ordered_hours: int
    ruling_in_force: dt.date
    registration_basis: str
    basis_event_date: dt.date
    active_order_id: int | None
    progress: ProgressOut
    version: int


class HoursIn(Schema):
    day: dt.date
    hours: Decimal


class HoursRow(Schema):
    order_id: int
    hours: Decimal


class BulkIn(Schema):
    day: dt.date
    rows: list[HoursRow]


class EntryOut(Schema):
    id: int
    order_id: int
    day: dt.date
    hours: Decimal
    channel: str


class RateOut(Schema):
    year: int
    month: int
    normal_hours: int
    minimum_wage: Decimal
    hourly_rate: Decimal


class UnitValueOut(Schema):
    unit_id: int
    name: str
    people: int
    adult_hours: Decimal
    minor_hours: Decimal
    value_eur: Decimal | None


class ReportOut(Schema):
    year: int
    hours: Decimal
    adult_hours: Decimal
    minor_hours: Decimal
    value_eur: Decimal
    adult_value_eur: Decimal
    minor_value_eur: Decimal
    adult_people: int
    minor_people: int
    units: list[UnitValueOut]


class StepIn(Schema):
    kind: str
    day: dt.date | None = None
    note: str = ""


class StepOut(Schema):
    id: int
    kind: str
    day: dt.date
    note: str
    decision: str
    decided_on: dt.date | None
    decision_note: str
    remaining_hours: Decimal | None
    conversion_days: int | None
    document_id: int | None
    version: int


class CommunityDecisionIn(Schema):
    decision: str
    decided_on: dt.date | None = None
    note: str = ""
    version: int | None = None


class CompletedOut(Schema):
    section_id: int
    state: str
    closing_reason: str
    closed_on: dt.date | None
