"""Readers of the place layer: the gazetteer (places.yaml), settlements' control timelines
(place_control.yaml); the post counts' and periods' readers are their modules' (geo/layers/post_counts.py,
geo/layers/periods.py).

Their records are declared in geo/schemas.py; what a record's fields alone cannot say (a coordinate
read as written, post count parts adding up) is checked here.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import shapely

from ._parse import Collector, read_yaml_list, record_id, show
from ._validate import valid_fields, validate_records
from .accounts import citations_of, raw_account_sides, read_accounts
from .models import Coordinate, GeoName, Names, Place, PlaceChange
from .package_files import (
    DISTRICTS_FILE,
    FILES_BY_NAME,
    GEONAMES_FILE,
    PLACE_CONTROL_FILE,
    PLACES_FILE,
    SEED_LABEL,
    SOURCES_FILE,
)
from .profile import Allowed, Bounds, refuse_unless
from .schemas import PlaceChangeRecord
from .schemas_places import PlaceRecord


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


def _validated(data_dir: Path, label: str, schema: Any, out: Collector) -> list[tuple[dict[str, Any], Any]]:
    """Each record of an optional file of the place layer with its validated value (None if refused)."""
    path = data_dir / label
    if not path.exists() and not FILES_BY_NAME[label].required:
        return []  # a package without it lacks that layer
    return validate_records(schema, read_yaml_list(path, label, out), label, out)


def read_places(data_dir: Path, geonames: dict[int, GeoName], out: Collector, bounds: Bounds | None
                ) -> dict[str, Place]:
    """The gazetteer; a place's coordinate is a GeoNames row or a point stated by a cited page."""
    places: dict[str, Place] = {}
    # places.csv refused whole: a place at a GeoNames row is not said to cite a row that is not there
    problem_of = functools.partial(out.add, PLACES_FILE) if out.readable(GEONAMES_FILE) else _geonames_unread(out)
    for i, (rec, p) in enumerate(_validated(data_dir, PLACES_FILE, PlaceRecord, out)):
        def problem(field: str, message: str, rec: dict[str, Any] = rec, i: int = i) -> None:
            problem_of(record_id(rec, i), field, message)  # the record named only if it has a problem
        if p is None:  # refused: its coordinate is still checked, so that every problem shows at once
            coordinate = valid_fields(PlaceRecord, rec).get("coordinate")
            if coordinate is not None:
                _coordinate(coordinate, geonames, problem, bounds)
            continue
        point = _coordinate(p["coordinate"], geonames, problem, bounds)
        if p["id"] in places:
            problem("id", "duplicate place id")
        elif point is not None:
            n = p["names"]
            names = Names(en=n["en"], az=n.get("az"), hy=n.get("hy"), ru=n.get("ru"),
                          aliases=tuple(p.get("aliases") or ()))
            places[p["id"]] = Place(id=p["id"], kind=p["kind"], district=p["district"], names=names, coordinate=point,
                                    precision_m=p["precision_m"], note=p.get("note"))
    return places


def _geonames_unread(out: Collector) -> Callable[[str, str, str], None]:
    """`out.add` for places.yaml, but for the problem of a GeoNames id not found in an unreadable places.csv."""
    def add(rid: str, field: str, message: str) -> None:
        if field != "coordinate.geonames":
            out.add(PLACES_FILE, rid, field, message)
    return add


def _coordinate(c: dict[str, Any], geonames: dict[int, GeoName], problem: Callable[[str, str], None],
                bounds: Bounds | None) -> Coordinate | None:
    """The point of a valid coordinate: the GeoNames row's, or the stated one if it reads as written;
    it must lie in the region."""
    if "geonames" in c:
        row = geonames.get(c["geonames"])
        if row is None:
            problem("coordinate.geonames", f"GeoNames id {c['geonames']} is not in {GEONAMES_FILE}")
            return None
        point = Coordinate(lat=row.lat, lon=row.lon, geonames=c["geonames"])
    else:
        lat, lon, as_written = c["lat"], c["lon"], c["as_written"]
        written = written_degrees(as_written)
        if written is None:
            problem("coordinate.as_written", f"{show(as_written)} is not a coordinate we can read; copy it as the "
                                             "page writes it, e.g. 39°31′00″N 47°01′48″E or "
                                             "{{coord|39|31|00|N|47|01|48|E}}")
            return None
        if abs(written[0] - lat) > TOLERANCE_DEG or abs(written[1] - lon) > TOLERANCE_DEG:
            problem("coordinate.lat", f"({lat}, {lon}) differs from as_written {show(as_written)}, which reads "
                                      f"({written[0]:.6f}, {written[1]:.6f})")
            return None
        point = Coordinate(lat=lat, lon=lon, source=c["source"], as_written=as_written)
    if not in_region(point.lat, point.lon, bounds):
        problem("coordinate", f"({point.lat}, {point.lon}) is outside the region {region_text(bounds)}")
        return None
    return point


def place_coordinates(problem: Callable[[str, str], None], ref: Any, geonames: dict[int, GeoName],
                       places: dict[str, Place], key: str, unread: bool, bounds: Bounds | None
                       ) -> tuple[float, float] | None:
    """(lon, lat) of a GeoNames id (integer) or a place id of places.yaml (text), inside the region.
    `unread`: places.yaml or places.csv was refused whole, so an id not found is not reported unknown."""
    if isinstance(ref, str):
        place = places.get(ref)
        if place is None:
            if unread:
                return None
            problem(key, f"unknown place {show(ref)}; it must be an id in {PLACES_FILE} (or a GeoNames id)")
            return None
        return place.lon, place.lat  # places are checked against the region when read
    if isinstance(ref, bool) or not isinstance(ref, int):
        problem(key, f"{show(ref)} is not a GeoNames id (an integer) or a place id (text)")
        return None
    row = geonames.get(ref)
    if row is None:
        if unread:
            return None
        problem(key, f"GeoNames id {show(ref)} is not in {GEONAMES_FILE}")
        return None
    if not in_region(row.lat, row.lon, bounds):
        problem(key, f"GeoNames {ref} ({row.lat}, {row.lon}) is outside the region {region_text(bounds)}")
        return None
    return row.lon, row.lat


def check_raw_refs(problem: Callable[[str, str], None], refs: dict[str, Any], geonames: dict[int, GeoName],
                    places: dict[str, Place], unread: bool, bounds: Bounds | None) -> None:
    """Check the place references of a refused record that are of the right type (the others are reported)."""
    for key, ref in refs.items():
        if isinstance(ref, (int, str)) and not isinstance(ref, bool):
            place_coordinates(problem, ref, geonames, places, key, unread, bounds)


def read_place_changes(data_dir: Path, out: Collector, allowed: Allowed) -> list[PlaceChange]:
    changes: list[PlaceChange] = []
    for n, (rec, c) in enumerate(_validated(data_dir, PLACE_CONTROL_FILE, PlaceChangeRecord, out)):
        # the sides are checked on a refused record too, so that every problem shows at once
        problem = functools.partial(out.add, PLACE_CONTROL_FILE, record_id(rec, n))
        sides = [(key, rec.get(key), allowed.place_controllers) for key in ("from", "controller")] + [
            (key, side, allowed.account_sides) for key, side in raw_account_sides(rec)]
        ok = all([refuse_unless(side, known, problem, key) for key, side, known in sides if isinstance(side, str)])
        if c is None:
            continue
        if c["basis"] == "announced" and not c.get("announced_by"):
            out.add(PLACE_CONTROL_FILE, c["id"], "announced_by", "is required (a non-empty text) when basis is "
                                                                 "'announced': who announced it")
            ok = False
        if c["from"] == c["controller"]:
            out.add(PLACE_CONTROL_FILE, c["id"], "controller", f"{c['controller']!r} is also 'from': a change must "
                                                               "change the controller")
            ok = False
        accounts = read_accounts(PLACE_CONTROL_FILE, c["id"], c.get("accounts"), c["date"], c["controller"],
                                 c["from"], c["basis"] == "announced", out)
        if ok and accounts is not None:
            changes.append(PlaceChange(id=c["id"], place=c["place"], date=c["date"], precision=c["precision"],
                                       previous=c["from"], controller=c["controller"],
                                       basis=c["basis"], summary=c["summary"], citations=citations_of(c["citations"]),
                                       announced_by=c.get("announced_by"), accounts=accounts))
    return changes


SAME_PLACE_M = 50  # two places closer than this are one place listed twice


def _near_twins(places: Iterable[Place]) -> list[tuple[Place, Place]]:
    """(place, the first place before it less than `SAME_PLACE_M` from it). Candidates come from a spatial
    index (any two points 2 cm apart are found, wherever they fall; cells of 50 m missed pairs across an
    edge), then the distance decides."""
    listed = list(places)
    if len(listed) < 2:
        return []
    points = shapely.points([p.lon for p in listed], [p.lat for p in listed])
    # 50 m is under 0.0009 degrees of longitude up to 60 N (and of latitude everywhere)
    later, earlier = shapely.STRtree(points).query(points, predicate="dwithin", distance=0.0009)
    twins: dict[int, int] = {}
    for i, j in zip(later[earlier < later].tolist(), earlier[earlier < later].tolist(), strict=True):
        if j < twins.get(i, i) and _metres(listed[i], listed[j]) < SAME_PLACE_M:
            twins[i] = j
    return [(listed[i], listed[j]) for i, j in sorted(twins.items())]


def _metres(a: Place, b: Place) -> float:
    """Distance on a sphere, good to a fraction of a metre at these distances."""
    dy = math.radians(a.lat - b.lat)
    dx = math.radians(a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6_371_000 * math.hypot(dx, dy)


def check_place_references(places: dict[str, Place], changes: list[PlaceChange], districts: Iterable[str],
                           sources: Iterable[str], out: Collector) -> None:
    """Places name known districts and sources; changes name known places, and each place's changes
    follow on from one another (each one's `from` is the controller the one before it left). A reference
    into a file refused whole is not checked (it would be reported unknown for that reason alone)."""
    districts, sources = set(districts), set(sources)
    districts_read = out.readable(DISTRICTS_FILE)
    sources_read = out.readable(SOURCES_FILE, SEED_LABEL)
    places_read = out.readable(PLACES_FILE, GEONAMES_FILE)
    for p in places.values():
        if districts_read and p.district not in districts:
            out.add(PLACES_FILE, p.id, "district", f"unknown district {p.district!r}; it must be an id in "
                                                    f"{DISTRICTS_FILE}")
        if sources_read and p.coordinate.source is not None and p.coordinate.source not in sources:
            out.add(PLACES_FILE, p.id, "coordinate.source", f"unknown source {p.coordinate.source!r}; it must be "
                                                             f"an id in {SOURCES_FILE}")
    for p, twin in _near_twins(places.values()):  # one place listed twice (two spellings): two timelines
        out.add(PLACES_FILE, p.id, "coordinate", f"the same point as place {twin.id!r}; one place is one "
                                                  "record (other spellings go in aliases)")
    last: dict[str, PlaceChange] = {}
    for c in sorted(changes, key=lambda c: (c.date, c.id)):
        if c.place not in places:
            if not places_read:
                continue
            out.add(PLACE_CONTROL_FILE, c.id, "place", f"unknown place {c.place!r}; it must be an id in "
                                                       f"{PLACES_FILE}")
            continue
        before = last.get(c.place)
        if before is not None and before.date == c.date:
            out.add(PLACE_CONTROL_FILE, c.id, "date", f"{c.place} already changes on {c.date} ({before.id}); "
                                                      "one change per place and day")
        elif before is not None and before.controller != c.previous:
            out.add(PLACE_CONTROL_FILE, c.id, "from", f"{c.previous!r}, but the change before it ({before.id}, "
                                                      f"{before.date}) left {c.place} to {before.controller!r}")
        last[c.place] = c
