"""Reads of partner organisations. The registry of organisations is the service's organisational data:
everyone who may see case files (``case.view``) may read all of it; changing an organisation needs
``section.manage`` in its unit (``may_manage``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from accounts import roles
from accounts.models import OrgUnit
from core import access
from core.text import Latvian
from partners import registry
from partners.models import Organisation, Place


def organisations(*, status: str = "", stage: str = "", text: str = "") -> QuerySet[Organisation]:
    """The organisations matching the filters, with their responsible unit and number of places."""
    qs = Organisation.objects.select_related("unit").annotate(n_places=Count("places"))
    if status in Organisation.Status.values:
        qs = qs.filter(status=status)
    if stage in Organisation.Stage.values:
        qs = qs.filter(stage=stage)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.order_by(Latvian("name"), "id")


def clients_placed(organisations: list[Organisation]) -> dict[int, int]:
    """Clients placed now at each organisation's places (by every function): two queries however many."""
    places = Place.objects.filter(organisation__in=[o.pk for o in organisations]).values_list("pk", "organisation_id")
    owner = dict(places)
    totals: dict[int, int] = defaultdict(int)
    for place_id, n in registry.placed(list(owner)).items():
        totals[owner[place_id]] += n
    return dict(totals)


def access_organisation(pk: int) -> Organisation:
    """The organisation with its unit, or 404."""
    organisation = Organisation.objects.select_related("unit").filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def may_manage(user: Any, organisation: Organisation) -> bool:
    """``section.manage`` in the organisation's unit (or nationally)."""
    if not access.has_perm(user, roles.SECTION_MANAGE):
        return False
    ids = access.unit_ids_for(user, roles.SECTION_MANAGE)
    return ids is None or organisation.unit_id in ids


def manage_units(user: Any) -> list[tuple[int, str]]:
    """The territorial units the user may give an organisation to."""
    ids = access.unit_ids_for(user, roles.SECTION_MANAGE)
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(u.pk, u.name) for u in qs.order_by(Latvian("name"))]


def places_with_load(organisation: Organisation) -> list[Place]:
    """The organisation's places, each with ``load``: the clients placed there now."""
    places = list(organisation.places.all())
    load = registry.placed([p.pk for p in places])
    for place in places:
        place.load = load.get(place.pk, 0)  # type: ignore[attr-defined]
    return places


def open_places(*, exclude_full: bool = False) -> list[Place]:
    """Open places of active organisations, each with ``load`` (for choosing where to place a client)."""
    places = list(Place.objects.filter(active=True, organisation__status=Organisation.Status.ACTIVE)
                  .select_related("organisation"))
    load = registry.placed([p.pk for p in places])
    for place in places:
        place.load = load.get(place.pk, 0)  # type: ignore[attr-defined]
    return [p for p in places if not exclude_full or p.load < p.capacity]  # type: ignore[attr-defined]
