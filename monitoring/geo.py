"""Zone polygons: validation and point-in-polygon (a ray cast on latitude/longitude, exact enough for
zones of a city's size)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.errors import ValidationFailed


def check_polygon(points: Any, field: str = "polygon") -> list[list[float]]:
    """A closed ring of at least three distinct [latitude, longitude] points, the first repeated last."""
    if not isinstance(points, list) or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in points):
        raise ValidationFailed("polygon_invalid", _("Give the zone as a list of [latitude, longitude] points."),
                               field=field)
    try:
        ring = [[float(lat), float(lon)] for lat, lon in points]
    except (TypeError, ValueError):
        raise ValidationFailed("polygon_invalid", _("Every point needs a numeric latitude and longitude."),
                               field=field) from None
    if any(not (-90 <= lat <= 90 and -180 <= lon <= 180) for lat, lon in ring):
        raise ValidationFailed("polygon_out_of_range", _("Latitudes lie within ±90 and longitudes within ±180."),
                               field=field)
    if ring[0] != ring[-1]:
        raise ValidationFailed("polygon_not_closed",
                               _("The zone's outline does not close: repeat the first point at the end."), field=field)
    if len(ring) < 4 or len({(lat, lon) for lat, lon in ring[:-1]}) < 3:
        raise ValidationFailed("polygon_too_small", _("A zone needs at least three distinct points."), field=field)
    return ring


def contains(ring: list[list[float]], lat: float, lon: float) -> bool:
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(ring, ring[1:], strict=False):
        if (lon1 > lon) != (lon2 > lon):
            crossing = lat1 + (lon - lon1) * (lat2 - lat1) / (lon2 - lon1)
            if lat < crossing:
                inside = not inside
    return inside


def parse_ring(text: str) -> list[list[float]]:
    """Points typed one per line as "latitude, longitude" (the zone form)."""
    points = []
    for line in (text or "").strip().splitlines():
        if not line.strip():
            continue
        parts = [p for p in line.replace(";", ",").split(",") if p.strip()]
        if len(parts) != 2:
            raise ValidationFailed("polygon_invalid", _("Write one point per line as: latitude, longitude."),
                                   field="polygon")
        points.append([parts[0].strip(), parts[1].strip()])
    return check_polygon(points)
