"""Schemas of the partner organisations API (``partners.api``)."""

from __future__ import annotations

from ninja import Schema


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    stage: str
    unit_id: int
    registration_number: str
    version: int


class OrganisationIn(Schema):
    name: str
    kind: str
    unit_id: int
    status: str = "prospect"
    stage: str = "identified"
    registration_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


class PlaceOut(Schema):
    id: int
    organisation_id: int
    name: str
    address: str
    municipality: str
    kinds_of_work: str
    capacity: int
    placed: int
    working_times: str
    active: bool
    version: int
