"""The district names layer (map core plugin "district_labels", geo/mapcore/kcm-layers.js): each timeline
district's name at its centre, sent once; kcm-labels.js places them with the other names. Nothing changes per
date."""

from __future__ import annotations

from typing import Any

from ..models import Package
from ._common import Unchanging

CITY_KM2 = 50  # the story's city district has 23 km²; its smallest rural district 357 km²


def labels(package: Package) -> list[dict[str, Any]]:
    """Each story district's name: where it stands, its text, and what ranks it among the names."""
    result = []
    for d in sorted(package.districts.values(), key=lambda d: d.id):
        if d.role != "story":
            continue
        place = package.geonames.get(d.centre) if d.centre is not None else None
        if place is not None:
            lat, lon = place.lat, place.lon
        else:
            point = d.geometry.representative_point()
            lat, lon = round(point.y, 4), round(point.x, 4)
        # Its name's rank on the map (geo/mapcore/kcm-labels.js): a city (part of another district, or a district
        # of its own under CITY_KM2) before the districts, a larger district before a smaller one.
        kind = "city" if d.parent is not None or (d.area_km2 or 0) < CITY_KM2 else "district"
        result.append({"id": d.id, "lat": lat, "lon": lon, "text": d.names.display, "kind": kind,
                       "area": round(d.area_km2 or 0)})
    return result


class DistrictLabels(Unchanging):
    name = "district_labels"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return {"labels": labels(package)}


LAYER = DistrictLabels()
