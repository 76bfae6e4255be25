"""Where a place is (the settlements' layer's helpers, which the positions' and corridor's readers and the rules
share): a coordinate read as a page writes it, inside the profile's region, and a record's reference to a place (a
GeoNames id or a place id of places.yaml) resolved to its point."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .._parse import show
from ..models import GeoName
from ..package_files import GEONAMES_FILE, PLACES_FILE
from ..profile import Bounds

if TYPE_CHECKING:  # the places' model is their record module's, which imports this one
    from .places_record import Place


T = TypeVar("T")


def in_region(lat: float, lon: float, bounds: Bounds | None) -> bool:
    """Inside the profile's region (None: the profile was refused, so there is nothing to check against)."""
    if bounds is None:
        return True
    west, south, east, north = bounds
    return west <= lon <= east and south <= lat <= north


def region_text(bounds: Bounds | None) -> str:
    if bounds is None:
        return "(unknown: profile.yaml was refused)"
    west, south, east, north = bounds
    return f"{south}..{north} N, {west}..{east} E"


_DMS = re.compile(r"(\d+(?:\.\d+)?)\s*°\s*(?:(\d+(?:\.\d+)?)\s*'\s*)?(?:(\d+(?:\.\d+)?)\s*\"?)?")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_MARKS = str.maketrans({"′": "'", "’": "'", "´": "'", "″": '"', "”": '"', "度": "°", "分": "'", "秒": '"'})
TOLERANCE_DEG = 0.0006  # about 60 m: rounding of seconds and of the decimal conversion


def written_degrees(text: str) -> tuple[float, float] | None:
    """(lat, lon) in decimal degrees read from a coordinate as a page writes it: `{{coord|39|31|00|N|47|01|48|E}}`,
    `39°31′00″N 47°01′48″E` (marks and hemisphere words in any language), or `39.5167, 47.03`. North and
    east are assumed where no hemisphere letter is given (the region lies there). None if unreadable."""
    text = text if text.isascii() else text.translate(_MARKS)
    if text.startswith("{{coord"):
        values: list[float] = []
        numbers: list[str] = []
        for part in text.strip("{}").split("|")[1:]:
            if part in ("N", "S", "E", "W"):
                value = sum(float(n) / 60 ** i for i, n in enumerate(numbers))
                values.append(-value if part in ("S", "W") else value)
                numbers = []
            elif re.fullmatch(r"[0-9.]+", part):
                numbers.append(part)
        return (values[0], values[1]) if len(values) >= 2 else None
    dms = _DMS.findall(text) if "°" in text else []  # no degree sign, no degrees to read (and 0.5 s saved)
    if len(dms) >= 2:
        lat, lon = (float(d) + float(m or 0) / 60 + float(sec or 0) / 3600 for d, m, sec in dms[:2])
        return lat, lon
    decimals = _DECIMAL.findall(text)
    return (float(decimals[0]), float(decimals[1])) if len(decimals) >= 2 else None


def place_coordinates(problem: Callable[[str, str], None], ref: Any, geonames: dict[int, GeoName],
                       places: dict[str, Place], key: str, unread: bool, bounds: Bounds | None
                       ) -> tuple[float, float] | None:
    """(lon, lat) of a GeoNames id (integer) or a place id of places.yaml (text), inside the region.
    `unread`: places.yaml or places.csv was refused whole, so an id not found is not reported unknown."""
    if isinstance(ref, str):
        place = _known(places.get(ref), unread, problem, key,
                       f"unknown place {show(ref)}; it must be an id in {PLACES_FILE} (or a GeoNames id)")
        return (place.lon, place.lat) if place is not None else None  # places are checked against the region when read
    if isinstance(ref, bool) or not isinstance(ref, int):
        problem(key, f"{show(ref)} is not a GeoNames id (an integer) or a place id (text)")
        return None
    row = _known(geonames.get(ref), unread, problem, key, f"GeoNames id {show(ref)} is not in {GEONAMES_FILE}")
    if row is None:
        return None
    if not in_region(row.lat, row.lon, bounds):
        problem(key, f"GeoNames {ref} ({row.lat}, {row.lon}) is outside the region {region_text(bounds)}")
        return None
    return row.lon, row.lat


def _known(found: T | None, unread: bool, problem: Callable[[str, str], None], key: str, unknown: str) -> T | None:
    """`found`; a reference not found is reported `unknown`, unless its file was refused whole (`unread`)."""
    if found is None and not unread:
        problem(key, unknown)
    return found


def check_raw_refs(problem: Callable[[str, str], None], refs: dict[str, Any], geonames: dict[int, GeoName],
                    places: dict[str, Place], unread: bool, bounds: Bounds | None) -> None:
    """Check the place references of a refused record that are of the right type (the others are reported)."""
    for key, ref in refs.items():
        if isinstance(ref, (int, str)) and not isinstance(ref, bool):
            place_coordinates(problem, ref, geonames, places, key, unread, bounds)
