"""Readers of the place layer: the gazetteer (places.yaml), settlements' control timelines
(place_control.yaml), the mission's post counts (post_counts.yaml) and ongoing periods (periods.yaml).

Same rules as the other files: every problem names file, record and field and says what is allowed;
an unknown field is an error (a misspelt field must not silently drop what it meant to say).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import settings as S
from ._parse import Collector, Fields, read_yaml_list, record_id, show
from .load_districts import GEONAMES_FILE
from .models import Citation, Coordinate, GeoName, Names, Period, Place, PlaceChange, PostCount
from .schemas import PeriodRecord, PlaceChangeRecord, validate_records

PLACES_FILE = "places.yaml"
PLACE_CONTROL_FILE = "place_control.yaml"
POST_COUNTS_FILE = "post_counts.yaml"
PERIODS_FILE = "periods.yaml"

PLACE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
NAME_KEYS = ("en", "az", "hy", "ru")

_PLACE_FIELDS = ("id", "kind", "district", "names", "aliases", "coordinate", "precision_m", "note")
_COORDINATE_FIELDS = ("geonames", "lat", "lon", "as_written", "source")
_COUNT_FIELDS = ("id", "kind", "date", "precision", "total", "parts", "summary", "citations")


def reject_unknown(rec: dict[str, Any], allowed: Iterable[str], f: Fields, prefix: str = "") -> None:
    """Every key of `rec` must be one of `allowed`."""
    allowed = tuple(allowed)
    for key in rec:
        if key not in allowed:
            f.problem(f"{prefix}{key}", f"unknown field; allowed: {', '.join(allowed)}")


def in_region(lat: float, lon: float) -> bool:
    west, south, east, north = S.SETTINGS.region_bounds
    return west <= lon <= east and south <= lat <= north


def region_text() -> str:
    west, south, east, north = S.SETTINGS.region_bounds
    return f"{south}..{north} N, {west}..{east} E"


_DMS = re.compile(r"(\d+(?:\.\d+)?)\s*°\s*(?:(\d+(?:\.\d+)?)\s*'\s*)?(?:(\d+(?:\.\d+)?)\s*\"?)?")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_MARKS = str.maketrans({"′": "'", "’": "'", "´": "'", "″": '"', "”": '"', "度": "°", "分": "'", "秒": '"'})
TOLERANCE_DEG = 0.0006  # about 60 m: rounding of seconds and of the decimal conversion


def written_degrees(text: str) -> tuple[float, float] | None:
    """(lat, lon) in decimal degrees read from a coordinate as a page writes it: `{{coord|39|31|00|N|47|01|48|E}}`,
    `39°31′00″N 47°01′48″E` (marks and hemisphere words in any language), or `39.5167, 47.03`. North and
    east are assumed where no hemisphere letter is given (the region lies there). None if unreadable."""
    text = text.translate(_MARKS)
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
    dms = _DMS.findall(text)
    if len(dms) >= 2:
        lat, lon = (float(d) + float(m or 0) / 60 + float(sec or 0) / 3600 for d, m, sec in dms[:2])
        return lat, lon
    decimals = _DECIMAL.findall(text)
    return (float(decimals[0]), float(decimals[1])) if len(decimals) >= 2 else None


def optional_records(data_dir: Path, label: str, allowed: Iterable[str], out: Collector
                     ) -> Iterator[tuple[dict[str, Any], Fields]]:
    """Each record of an optional file of the place layer with its field reader; unknown fields reported."""
    path = data_dir / label
    if not path.exists():
        return  # the place layer is optional in a package
    for i, rec in enumerate(read_yaml_list(path, label, out)):
        f = Fields(rec, label, record_id(rec, i), out)
        reject_unknown(rec, allowed, f)
        yield rec, f


def read_places(data_dir: Path, geonames: dict[int, GeoName], out: Collector) -> dict[str, Place]:
    """The gazetteer; a place's coordinate is a GeoNames row or a point stated by a cited page."""
    places: dict[str, Place] = {}
    for rec, f in optional_records(data_dir, PLACES_FILE, _PLACE_FIELDS, out):
        pid = f.text("id")
        if pid is not None and not PLACE_ID.fullmatch(pid):
            f.problem("id", f"{show(pid)} is not allowed; a place id is lower-case a-z, 0-9 and single hyphens")
        kind = f.enum("kind", S.PLACE_KINDS)
        district = f.text("district")
        precision = f.number("precision_m", 1, 100_000)
        note = f.text("note", required=False)
        names = _names(rec.get("names"), rec.get("aliases"), f)
        coordinate = _coordinate(rec.get("coordinate"), geonames, f)
        if pid in places:
            f.problem("id", "duplicate place id")
            continue
        if f.ok and pid and kind and district and precision and names and coordinate:
            places[pid] = Place(pid, kind, district, names, coordinate, precision, note)
    return places


def _names(value: Any, aliases: Any, f: Fields) -> Names | None:
    if not isinstance(value, dict):
        f.problem("names", "must map en (required), az, hy, ru to the place's names")
        return None
    reject_unknown(value, NAME_KEYS, f, prefix="names.")
    sub = Fields(value, f.label, f.rid, f.out, prefix="names.")
    en = sub.text("en")
    others = {key: sub.text(key, required=False) for key in NAME_KEYS[1:]}
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        f.problem("aliases", f"{show(aliases)} is not allowed; expected a list of names (text)")
        aliases = []
    if not sub.ok:
        f.ok = False
    return Names(en, others["az"], others["hy"], others["ru"], tuple(aliases)) if en else None


def _coordinate(value: Any, geonames: dict[int, GeoName], f: Fields) -> Coordinate | None:
    """`{geonames: ID}` or `{lat, lon, as_written, source}`; the point must lie in the region."""
    if not isinstance(value, dict):
        f.problem("coordinate", "must be {geonames: ID} or {lat, lon, as_written, source}")
        return None
    reject_unknown(value, _COORDINATE_FIELDS, f, prefix="coordinate.")
    sub = Fields(value, f.label, f.rid, f.out, prefix="coordinate.")
    if "geonames" in value:
        extra = [k for k in ("lat", "lon", "as_written", "source") if k in value]
        if extra:
            sub.problem(extra[0], "not allowed with geonames: the point is the GeoNames row's")
        gid = sub.integer("geonames")
        row = geonames.get(gid) if gid is not None else None
        if gid is not None and row is None:
            sub.problem("geonames", f"GeoNames id {gid} is not in {GEONAMES_FILE}")
        result = Coordinate(row.lat, row.lon, geonames=gid) if row is not None else None
    else:
        lat, lon = sub.number("lat", -90, 90), sub.number("lon", -180, 180)
        as_written, source = sub.text("as_written"), sub.text("source")
        written = written_degrees(as_written) if as_written else None
        if as_written and written is None:
            sub.problem("as_written", f"{show(as_written)} is not a coordinate we can read; copy it as the page "
                                      "writes it, e.g. 39°31′00″N 47°01′48″E or {{coord|39|31|00|N|47|01|48|E}}")
        elif written and lat is not None and lon is not None and (
                abs(written[0] - lat) > TOLERANCE_DEG or abs(written[1] - lon) > TOLERANCE_DEG):
            sub.problem("lat", f"({lat}, {lon}) differs from as_written {show(as_written)}, which reads "
                               f"({written[0]:.6f}, {written[1]:.6f})")
        result = Coordinate(lat, lon, source=source, as_written=as_written) if (
            lat is not None and lon is not None and as_written and source) else None
    if not sub.ok:
        f.ok = False
        return None
    if result is not None and not in_region(result.lat, result.lon):
        f.problem("coordinate", f"({result.lat}, {result.lon}) is outside the region {region_text()}")
        return None
    return result


def read_place_changes(data_dir: Path, out: Collector) -> list[PlaceChange]:
    path = data_dir / PLACE_CONTROL_FILE
    if not path.exists():
        return []  # the place layer is optional in a package
    changes: list[PlaceChange] = []
    for _, c in validate_records(PlaceChangeRecord, read_yaml_list(path, PLACE_CONTROL_FILE, out), PLACE_CONTROL_FILE,
                                 out):
        if c is None:
            continue
        ok = True
        if c["basis"] == "announced" and not c.get("announced_by"):
            out.add(PLACE_CONTROL_FILE, c["id"], "announced_by", "is required (a non-empty text) when basis is "
                                                                 "'announced': who announced it")
            ok = False
        if c["from"] == c["controller"]:
            out.add(PLACE_CONTROL_FILE, c["id"], "controller", f"{c['controller']!r} is also 'from': a change must "
                                                               "change the controller")
            ok = False
        if ok:
            changes.append(PlaceChange(c["id"], c["place"], c["date"], c["precision"], c["from"], c["controller"],
                                       c["basis"], c["summary"], _citations(c["citations"]), c.get("announced_by"),
                                       c.get("disputed")))
    return changes


def _citations(records: list[Any]) -> tuple[Citation, ...]:
    return tuple(Citation(c["source"], c.get("quote"), c.get("note")) for c in records)


def read_post_counts(data_dir: Path, out: Collector) -> list[PostCount]:
    counts: list[PostCount] = []
    for rec, f in optional_records(data_dir, POST_COUNTS_FILE, _COUNT_FIELDS, out):
        cid, date, summary = f.text("id"), f.date("date"), f.text("summary")
        kind = f.enum("kind", S.POST_COUNT_KINDS)
        precision = f.enum("precision", S.PRECISIONS)
        total = f.number("total", 0, 10_000)
        parts = rec.get("parts") or {}
        if not isinstance(parts, dict) or not all(
                isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for k, v in parts.items()):
            f.problem("parts", f"{show(parts)} is not allowed; expected a mapping of part name to a count (integer)")
            parts = {}
        elif total is not None and parts and sum(parts.values()) != total:
            f.problem("parts", f"add up to {sum(parts.values())}, not the total {int(total)}")
        if total is not None and total != int(total):
            f.problem("total", f"{total} is not a whole number of posts")
        cites = f.citations()
        if f.ok and cid and kind and date and precision and total is not None and summary:
            counts.append(PostCount(cid, kind, date, precision, int(total), dict(parts), summary, cites))
    return sorted(counts, key=lambda c: (c.date, c.id))


def read_periods(data_dir: Path, out: Collector) -> list[Period]:
    path = data_dir / PERIODS_FILE
    if not path.exists():
        return []  # the place layer is optional in a package
    periods: list[Period] = []
    for _, x in validate_records(PeriodRecord, read_yaml_list(path, PERIODS_FILE, out), PERIODS_FILE, out):
        if x is None:
            continue
        if x.get("end") is not None and x["end"] < x["start"]:
            out.add(PERIODS_FILE, x["id"], "end", f"{x['end']} is before start {x['start']}; end must be on or after "
                                                  "start")
            continue
        periods.append(Period(x["id"], x["title"], x["start"], x.get("end"), x["summary"], _citations(x["citations"])))
    return sorted(periods, key=lambda p: (p.start, p.id))


def check_place_references(places: dict[str, Place], changes: list[PlaceChange], districts: Iterable[str],
                           sources: Iterable[str], out: Collector) -> None:
    """Places name known districts and sources; changes name known places, and each place's changes
    follow on from one another (each one's `from` is the controller the one before it left)."""
    districts, sources = set(districts), set(sources)
    for p in places.values():
        if p.district not in districts:
            out.add(PLACES_FILE, p.id, "district", f"unknown district {p.district!r}; it must be an id in "
                                                    "districts.geojson")
        if p.coordinate.source is not None and p.coordinate.source not in sources:
            out.add(PLACES_FILE, p.id, "coordinate.source", f"unknown source {p.coordinate.source!r}; it must be "
                                                             "an id in sources.yaml")
    seen: dict[tuple[int, int], Place] = {}
    for p in places.values():  # one place listed twice (two spellings) would get two timelines
        key = (round(p.lat * 2000), round(p.lon * 2000))  # cells of about 50 m
        twin = seen.setdefault(key, p)
        if twin is not p:
            out.add(PLACES_FILE, p.id, "coordinate", f"the same point as place {twin.id!r}; one place is one "
                                                      "record (other spellings go in aliases)")
    last: dict[str, PlaceChange] = {}
    for c in sorted(changes, key=lambda c: (c.date, c.id)):
        if c.place not in places:
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
