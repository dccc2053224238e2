"""JSON API of partner organisations (/api/partners). The same rules as the pages: reading needs
``case.view``; adding an organisation needs ``section.manage`` in the unit it is given to (the
service checks the unit). Errors are ``{"code", "message", "field"}``; a missing organisation is 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Status

from accounts import roles
from accounts.models import OrgUnit
from core.api import ApiRouter
from partners import selectors, services
from partners.schemas import OrganisationIn, OrganisationOut, PlaceOut

router = ApiRouter(tags=["partners"], write_scope="partners:write",
                   write_label=gettext_lazy("Add partner organisations"))

LIST_LIMIT = 500


def list_organisations(status: str = "") -> list[Any]:
    return list(selectors.organisations(status=status)[:LIST_LIMIT])


def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Any:
    data = payload.dict()
    unit = OrgUnit.objects.filter(pk=data.pop("unit_id")).first()
    return services.organisation_create(actor=request.user, unit=unit, **data)


@router.get("/organisations", perm=roles.CASE_VIEW, response=list[OrganisationOut],
            summary="Partner organisations and prospects (at most 500, by name)")
def organisations(request: HttpRequest, status: str = "") -> Any:
    return list_organisations(status)


@router.get("/organisations/{organisation_id}", perm=roles.CASE_VIEW, response=OrganisationOut,
            summary="A partner organisation")
def organisation(request: HttpRequest, organisation_id: int) -> Any:
    return selectors.access_organisation(organisation_id)


@router.post("/organisations", perm=roles.SECTION_MANAGE, response={201: OrganisationOut},
             summary="Add a partner organisation or prospect")
def organisation_add(request: HttpRequest, payload: OrganisationIn) -> Any:
    return Status(201, create_organisation(request, payload))


@router.get("/organisations/{organisation_id}/places", perm=roles.CASE_VIEW, response=list[PlaceOut],
            summary="The places of an organisation, with the clients placed there now")
def places(request: HttpRequest, organisation_id: int) -> Any:
    return [{**{f: getattr(p, f) for f in PlaceOut.model_fields if f != "placed"},
             "placed": p.load}  # type: ignore[attr-defined]  # selectors.places_with_load
            for p in selectors.places_with_load(selectors.access_organisation(organisation_id))]
