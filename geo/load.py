"""Load a data package: read every file, check every record, report all problems together.

`check_package(dir)` returns the package (possibly partial) and the list of problems;
`load_package(dir)` returns the package or raises `DataError` listing them all.
Nothing is dropped silently: every record that cannot be used is a problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pydantic import ValidationError
from shapely.geometry import shape

from . import settings as S
from ._parse import (
    PARSE_ERRORS,
    SEED_FILE_LIMIT,
    Collector,
    Fields,
    FileRefused,
    clip,
    decode_text,
    read_bytes,
    read_csv_rows,
    read_json,
    read_yaml_list,
    read_yaml_mapping,
    record_id,
    show,
)
from .errors import DataError, Problem
from .load_places import (
    PLACES_FILE,
    in_region,
    read_periods,
    read_place_changes,
    read_places,
    read_post_counts,
    region_text,
    reject_unknown,
)
from .models import (
    Citation,
    ControlChange,
    CorridorRoute,
    District,
    Event,
    Figure,
    GeoName,
    Names,
    Package,
    Place,
    Position,
    Source,
)
from .rules import check_package_rules, check_unique
from .schemas import (
    ChangeRecord,
    CitationRecord,
    EventRecord,
    Geometry,
    NamesEntry,
    Provenance,
    field_text,
    report,
    validate_records,
)

PACKAGE_FILE = "package.yaml"
DISTRICTS_FILE = "districts.geojson"
NAMES_FILE = "names.yaml"
GEONAMES_FILE = "places.csv"
SOURCES_FILE = "sources.yaml"
EVENTS_FILE = "events.yaml"
CONTROL_FILE = "control.yaml"
POSITIONS_FILE = "positions.yaml"
CORRIDOR_FILE = "corridor.yaml"
SEED_INDEX_FILE = "index.yaml"
# The fields each record may have: anything else is an error (a misspelt `excludes:` must not drop the cut).
SEED_FIELDS = ("id", "title", "publisher", "publisher_basis", "publisher_note", "date", "date_precision", "date_basis",
               "date_note", "sha256")
SOURCE_FIELDS = ("id", "publisher", "title", "date", "url", "title_basis")
CHANGE_FIELDS = ("id", "district", "date", "precision", "kind", "event", "summary", "set", "figures", "citations")
POSITION_FIELDS = ("id", "kind", "name", "operator", "place", "precision", "radius_m", "precision_note", "start",
                   "start_precision", "end", "end_precision", "citations")
ROUTE_FIELDS = ("id", "name", "start", "end", "width_km", "excludes", "waypoints", "precision_note", "accuracy_m",
                "citations")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")  # compared case-insensitively: `sha256sum` writes lower case
PLACE_COLUMNS = ("geonameid", "name", "country", "population", "latitude", "longitude")


def load_package(data_dir: Path | str = S.DEFAULT_DATA_DIR) -> Package:
    """The validated package in `data_dir`, or `DataError` listing every problem."""
    package, problems = check_package(data_dir)
    if problems:
        raise DataError(problems)
    return package


def check_package(data_dir: Path | str = S.DEFAULT_DATA_DIR) -> tuple[Package, list[Problem]]:
    """Read and check everything; never raises for bad data."""
    with _cyclic_gc_paused():
        return _check_package(Path(data_dir))


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Loading builds millions of objects and no reference cycles: the cyclic collector would walk
    them all again and again (100,000 changes: 5.0 s of CPU with it, 3.2 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_package(data_dir: Path) -> tuple[Package, list[Problem]]:
    out = Collector()
    if not data_dir.is_dir():
        out.add(str(data_dir), "-", "-", "is a file, not a data directory" if data_dir.exists()
                else "data directory does not exist")
        empty = Package("", dt.date.min, dt.date.max, {}, {}, {}, [], [], [], [])
        return empty, out.problems

    meta = read_yaml_mapping(data_dir / PACKAGE_FILE, PACKAGE_FILE, out, record="package")
    title, start, end, seeds_dir = _package_meta(meta, data_dir, out)
    seed_sources, seed_texts = _seeds(seeds_dir, out)
    districts, provenance = _districts(data_dir, out)
    _names_table(data_dir, districts, out)
    geonames = _geonames(data_dir, out)
    places = read_places(data_dir, geonames, out)
    sources = dict(seed_sources)
    for src in _external_sources(data_dir, out):
        if src.id in sources:
            out.add(SOURCES_FILE, src.id, "id", "duplicate source id (also used by another source)")
        sources[src.id] = src
    events = _events(data_dir, out)
    changes, rejected = _changes(data_dir, out)
    positions = _positions(data_dir, geonames, places, out)
    routes = _routes(data_dir, geonames, places, out)
    place_changes = read_place_changes(data_dir, out)
    post_counts = read_post_counts(data_dir, out)
    periods = read_periods(data_dir, out)

    package = Package(
        title=title, coverage_start=start, coverage_end=end, districts=districts, geonames=geonames,
        sources=sources, events=events, changes=changes, positions=positions, routes=routes,
        places=places, place_changes=place_changes, post_counts=post_counts, periods=periods,
        seed_texts=seed_texts, data_dir=str(data_dir), seeds_dir=str(seeds_dir), provenance=provenance,
    )
    check_package_rules(package, rejected, out)
    return package, sorted(set(out.problems))


# --- files ---------------------------------------------------------------------------------------


def _package_meta(meta: dict[str, Any], data_dir: Path, out: Collector) -> tuple[str, dt.date, dt.date, Path]:
    f = Fields(meta, PACKAGE_FILE, "package", out)
    reject_unknown(meta, ("title", "coverage", "seeds"), f)
    title = f.text("title") or ""
    raw_coverage = meta.get("coverage")
    coverage: dict[str, Any] = raw_coverage if isinstance(raw_coverage, dict) else {}
    if not coverage:
        f.problem("coverage", "is required: {start: YYYY-MM-DD, end: YYYY-MM-DD}")
    cf = Fields(coverage, PACKAGE_FILE, "package", out)
    given = {key: cf.date(key) for key in ("start", "end")}
    for key, day in given.items():
        if day is not None and not S.COVERAGE_LIMITS[0] <= day <= S.COVERAGE_LIMITS[1]:
            f.problem(f"coverage.{key}", f"{day} is outside the dates the app can show; allowed: "
                                         f"{S.COVERAGE_LIMITS[0]} to {S.COVERAGE_LIMITS[1]}")
    start, end = given["start"] or dt.date.min, given["end"] or dt.date.max
    if start > end:
        f.problem("coverage", f"start {start} is after end {end}")
    elif start == end:
        f.problem("coverage", f"starts and ends on {start}; it must span at least two days (the date slider "
                              "needs two ends)")
    seeds = meta.get("seeds", "../../seeds")
    seeds_dir = data_dir / "../../seeds"
    if not isinstance(seeds, str) or not seeds.strip() or "\x00" in seeds:
        f.problem("seeds", f"{show(seeds)} is not allowed; expected the seeds directory's path relative to the "
                           "data directory (text)")
    else:
        seeds_dir = data_dir / seeds
    return title, start, end, seeds_dir.resolve()


def _seeds(seeds_dir: Path, out: Collector) -> tuple[dict[str, Source], dict[str, str]]:
    label = f"seeds/{SEED_INDEX_FILE}"
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    for i, rec in enumerate(read_yaml_list(seeds_dir / SEED_INDEX_FILE, label, out)):
        rid = record_id(rec, i)
        f = Fields(rec, label, rid, out)
        reject_unknown(rec, SEED_FIELDS, f)
        sid = f.text("id")
        title = f.text("title")
        publisher = f.text("publisher", required=False)
        date = f.date("date", required=False)
        publisher_basis = f.enum("publisher_basis", S.BASES)
        date_basis = f.enum("date_basis", S.BASES)
        precision = f.enum("date_precision", S.PRECISIONS, default="day")
        if publisher is None and publisher_basis not in (None, "unknown"):
            f.problem("publisher_basis", "must be 'unknown' when publisher is null")
        if date is None and date_basis not in (None, "unknown"):
            f.problem("date_basis", "must be 'unknown' when date is null")
        if sid is None or title is None:
            continue
        if sid in sources:
            f.problem("id", "duplicate seed id")
            continue
        if "/" in sid or "\\" in sid or "\x00" in sid or sid.startswith("."):
            f.problem("id", "must be a plain file name inside seeds/")
            continue
        raw = _seed_bytes(seeds_dir, sid, f)
        if raw is not None:
            expected = rec.get("sha256")
            if not isinstance(expected, str):
                f.problem("sha256", "is required (the seed's SHA-256, to detect altered files)")
            elif not _SHA256.fullmatch(expected):
                f.problem("sha256", f"{show(expected)} is not a SHA-256; expected 64 hexadecimal digits")
            elif hashlib.sha256(raw).hexdigest() != expected.lower():
                f.problem("sha256", f"seeds/{sid} was altered: its SHA-256 differs from the index")
            text = decode_text(raw, f"seeds/{sid}", out)
            if text is not None:
                texts[sid] = text
        sources[sid] = Source(
            id=sid, title=title, publisher=publisher, date=date, is_seed=True,
            date_precision=precision or "day", publisher_basis=publisher_basis or "unknown",
            publisher_note=f.text("publisher_note", required=False), date_basis=date_basis or "unknown",
            date_note=f.text("date_note", required=False),
        )
    return sources, texts


def _seed_bytes(seeds_dir: Path, sid: str, f: Fields) -> bytes | None:
    """The seed's bytes: a regular file of at most `SEED_FILE_LIMIT` bytes whose real path (after
    following links) is inside seeds/; else None with the problem recorded."""
    try:
        real = (seeds_dir / sid).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links (Python 3.11)
        f.problem("id", f"seeds/{sid} cannot be resolved: {exc}")
        return None
    if not real.is_relative_to(seeds_dir):  # seeds_dir is resolved already
        f.problem("id", f"seeds/{sid} is a link to a file outside seeds/; a seed must be a file inside seeds/")
        return None
    try:
        return read_bytes(real, SEED_FILE_LIMIT)
    except FileRefused as exc:
        f.problem("id", f"seed file seeds/{sid} {exc}")
    return None


def _districts(data_dir: Path, out: Collector) -> tuple[dict[str, District], dict[str, Any]]:
    data = read_json(data_dir / DISTRICTS_FILE, DISTRICTS_FILE, out)
    if data is None:
        return {}, {}
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(features, list):
        out.add(DISTRICTS_FILE, "-", "type", "must be a GeoJSON FeatureCollection with a 'features' list")
        return {}, {}
    districts: dict[str, District] = {}
    seen: set[str] = set()
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            out.add(DISTRICTS_FILE, f"#{i + 1}", "properties", "feature has no properties")
            continue
        rid = record_id(props, i)
        f = Fields(props, DISTRICTS_FILE, rid, out)
        did = f.text(S.P_ID)
        en = f.text("name_en")
        role = f.enum(S.P_ROLE, S.ROLES)
        country = f.enum(S.P_COUNTRY, ("AZ", "AM"))
        area = f.number(S.P_AREA, 0, 1e6)
        names = {key: f.text(key, required=False) for key in ("name_az", "name_hy", "name_ru", "label")}
        aliases = props.get(S.P_ALIASES) or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            f.problem(S.P_ALIASES, f"{show(aliases)} is not allowed; expected a list of names (text)")
        parent = f.text(S.P_PARENT, required=False)
        centre = props.get(S.P_CENTRE)
        if centre is not None and (isinstance(centre, bool) or not isinstance(centre, int)):
            f.problem(S.P_CENTRE, f"{show(centre)} is not a GeoNames id (an integer)")
        geometry = None
        if not isinstance(feat.get("geometry"), dict):
            f.problem("geometry", f"{show(feat.get('geometry'))} is not a GeoJSON geometry; allowed: Polygon, "
                                  "MultiPolygon")
        else:
            try:
                with np.errstate(invalid="ignore"):  # NaN coordinates are reported below, not warned about
                    geometry = shape(feat["geometry"])
            except (*PARSE_ERRORS, shapely.errors.GEOSException) as exc:
                f.problem("geometry", f"is not a readable GeoJSON geometry ({clip(str(exc))})")
        if geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon") and not geometry.has_z:
            _check_rings(feat["geometry"], f)  # shapely closes an open ring silently
        if geometry is not None:
            xyz = shapely.get_coordinates(geometry, include_z=True)
            if geometry.is_empty:
                f.problem("geometry", "is empty")
            elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
                f.problem("geometry", f"{geometry.geom_type} is not allowed; allowed: Polygon, MultiPolygon")
            elif geometry.has_z:
                f.problem("geometry", "has 3D coordinates; allowed: 2D [longitude, latitude] positions")
            elif not (np.isfinite(xyz[:, :2]).all() and (np.abs(xyz[:, 0]) <= 180).all()
                      and (np.abs(xyz[:, 1]) <= 90).all()):
                f.problem("geometry", "has a coordinate that is not a finite longitude (-180..180) and latitude "
                                      "(-90..90)")
            elif not geometry.is_valid:
                f.problem("geometry", f"is invalid ({shapely.is_valid_reason(geometry)})")
        if did in seen:
            f.problem(S.P_ID, "duplicate district id")
            continue
        if did is not None:
            seen.add(did)
        if not f.ok or did is None or en is None:
            continue
        districts[did] = District(
            id=did,
            names=Names(en, names["name_az"], names["name_hy"], names["name_ru"], tuple(aliases), names["label"]),
            role=role or "context", country=country or "AZ", area_km2=area or 0.0, geometry=geometry,
            parent=parent, centre=centre,
        )
    return districts, _provenance(data.get("provenance", {}), out)


def _provenance(value: Any, out: Collector) -> dict[str, Any]:
    """The boundaries' provenance, shown on the About page: texts, and `fixes` a list of texts."""
    if not isinstance(value, dict):
        out.add(DISTRICTS_FILE, "-", "provenance", f"{show(value)} is not allowed; expected a mapping of texts")
        return {}
    f = Fields(value, DISTRICTS_FILE, "-", out, prefix="provenance.")
    for key in value:
        if key != "fixes":
            f.text(key)
    fixes = value.get("fixes", [])
    if not isinstance(fixes, list) or not all(isinstance(fix, str) and fix.strip() for fix in fixes):
        f.problem("fixes", f"{show(fixes)} is not allowed; expected a list of texts (or no 'fixes' at all)")
    return value if f.ok else {}


def _check_rings(geometry: dict[str, Any], f: Fields) -> None:
    """The GeoJSON rules shapely does not enforce: each ring closed, with at least 4 positions."""
    try:
        Geometry.validate_python(geometry)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            where = field_text(["geometry", *e["loc"][1:]])
            f.problem(where, e["msg"].removeprefix("Value error, ") + " (RFC 7946: a ring is closed and has at least "
                                                                   "4 positions)")


def _names_table(data_dir: Path, districts: dict[str, District], out: Collector) -> None:
    """names.yaml, when the package has it, is the table districts.geojson was built from: each entry
    must be valid, name a district, and agree with it (else the built file is stale)."""
    path = data_dir / NAMES_FILE
    if not path.exists():
        return
    table = read_yaml_mapping(path, NAMES_FILE, out)
    for did, raw in table.items():
        rid = str(did)
        try:
            entry = NamesEntry.model_validate(raw)
        except ValidationError as exc:
            report(exc, NamesEntry, NAMES_FILE, rid, out)
            continue
        district = districts.get(rid)
        if district is None:
            out.add(NAMES_FILE, rid, "-", f"unknown district {rid!r}; it must be an id in {DISTRICTS_FILE}")
            continue
        n = district.names
        built = {"en": n.en, "az": n.az, "hy": n.hy, "ru": n.ru, "label": n.label, "aliases": list(n.aliases),
                 "role": district.role, "parent": district.parent, "centre": district.centre}
        wanted = {**entry.model_dump(), "label": entry.label or entry.en}
        for key, value in wanted.items():
            if built[key] != value:
                out.add(NAMES_FILE, rid, key, f"{show(value)} differs from {DISTRICTS_FILE} ({show(built[key])}); "
                                              "rebuild it with `python -m geo build-districts`")


def _geonames(data_dir: Path, out: Collector) -> dict[int, GeoName]:
    places: dict[int, GeoName] = {}
    for row in read_csv_rows(data_dir / GEONAMES_FILE, GEONAMES_FILE, out, PLACE_COLUMNS):
        rid = row["geonameid"] or "-"
        geonameid = _csv_number(row, "geonameid", int, 1, None, rid, out)
        population = _csv_number(row, "population", int, 0, None, rid, out)
        lat = _csv_number(row, "latitude", float, -90, 90, rid, out)
        lon = _csv_number(row, "longitude", float, -180, 180, rid, out)
        if geonameid is None or population is None or lat is None or lon is None:
            continue
        place = GeoName(geonameid, row["name"], row["country"], population, lat, lon)
        if place.geonameid in places:
            out.add(GEONAMES_FILE, rid, "geonameid", "duplicate GeoNames id")
            continue
        places[place.geonameid] = place
    return places


def _csv_number(row: dict[str, str], key: str, kind: type, low: float, high: float | None, rid: str,
                out: Collector) -> Any:
    """The column as `kind` from `low` to `high` (None: no upper bound; an empty population is 0), else a problem."""
    text = row[key].strip() or ("0" if key == "population" else "")
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or (kind is float and not math.isfinite(value)) or value < low or (
            high is not None and value > high):
        what = "an integer" if kind is int else "a number"
        out.add(GEONAMES_FILE, rid, key, f"{show(text)} is not allowed; expected {what} from {low}"
                                       + ("" if high is None else f" to {high}"))
        return None
    return value


def _records(data_dir: Path, label: str, out: Collector) -> list[dict[str, Any]]:
    """The file's records; ids must be unique across all of them, valid or not."""
    records = read_yaml_list(data_dir / label, label, out)
    check_unique(label, [rec["id"] for rec in records if isinstance(rec.get("id"), str)], out)
    return records


def _external_sources(data_dir: Path, out: Collector) -> list[Source]:
    sources = []
    for i, rec in enumerate(read_yaml_list(data_dir / SOURCES_FILE, SOURCES_FILE, out)):
        f = Fields(rec, SOURCES_FILE, record_id(rec, i), out)
        reject_unknown(rec, SOURCE_FIELDS, f)
        sid, title, publisher = f.text("id"), f.text("title"), f.text("publisher")
        date = f.date("date", required=False)
        url = f.text("url", required=False)
        if url is not None and not url.startswith(("https://", "http://")):
            f.problem("url", "must start with http:// or https://")
            url = None
        title_basis = f.enum("title_basis", S.TITLE_BASES, default="headline")
        if sid and title:
            sources.append(Source(sid, title, publisher, date, is_seed=False, url=url,
                                  title_basis=title_basis or "headline"))
    return sources


def _events(data_dir: Path, out: Collector) -> list[Event]:
    records = validate_records(EventRecord, _records(data_dir, EVENTS_FILE, out), EVENTS_FILE, out)
    events = [Event(e["id"], e["date"], e["precision"], e["title"], _citations(e["citations"]), e.get("summary"))
              for _, e in records if e is not None]
    return sorted(events, key=lambda e: (e.date, e.id))


def _changes(data_dir: Path, out: Collector) -> tuple[list[ControlChange], set[str]]:
    """The valid changes, and the districts of records rejected (their timelines are incomplete)."""
    changes = []
    rejected: set[str] = set()
    for rec, c in validate_records(ChangeRecord, _records(data_dir, CONTROL_FILE, out), CONTROL_FILE, out):
        if c is not None:
            figures = tuple(Figure(f["value"], _citations(f["citations"])) for f in c["figures"]) \
                if "figures" in c else ()
            changes.append(ControlChange(c["id"], c["district"], c["date"], c["precision"], c["kind"], c["summary"],
                                         c["set"], _citations(c["citations"]), c.get("event"), figures))
        elif isinstance(rec.get("district"), str) and rec["district"]:
            rejected.add(rec["district"])
    return changes, rejected


def _citations(records: list[CitationRecord]) -> tuple[Citation, ...]:
    return tuple(Citation(c["source"], c.get("quote"), c.get("note")) for c in records)


def _interval(f: Fields) -> tuple[dt.date | None, dt.date | None]:
    start, end = f.date("start"), f.date("end", required=False)
    if start and end and end < start:
        f.problem("end", f"{end} is before start {start}; end must be on or after start")
    return start, end


def _place_coordinates(f: Fields, ref: Any, geonames: dict[int, GeoName], places: dict[str, Place],
                       key: str) -> tuple[float, float] | None:
    """(lon, lat) of a GeoNames id (integer) or a place id of places.yaml (text), inside the region."""
    if isinstance(ref, str):
        place = places.get(ref)
        if place is None:
            f.problem(key, f"unknown place {show(ref)}; it must be an id in {PLACES_FILE} (or a GeoNames id)")
            return None
        return place.lon, place.lat  # places are checked against the region when read
    if isinstance(ref, bool) or not isinstance(ref, int):
        f.problem(key, f"{show(ref)} is not a GeoNames id (an integer) or a place id (text)")
        return None
    row = geonames.get(ref)
    if row is None:
        f.problem(key, f"GeoNames id {show(ref)} is not in {GEONAMES_FILE}")
        return None
    if not in_region(row.lat, row.lon):
        f.problem(key, f"GeoNames {ref} ({row.lat}, {row.lon}) is outside the region {region_text()}")
        return None
    return row.lon, row.lat


def _positions(data_dir: Path, geonames: dict[int, GeoName], places: dict[str, Place], out: Collector
               ) -> list[Position]:
    positions = []
    for i, rec in enumerate(_records(data_dir, POSITIONS_FILE, out)):
        f = Fields(rec, POSITIONS_FILE, record_id(rec, i), out)
        reject_unknown(rec, POSITION_FIELDS, f)
        pid, name = f.text("id"), f.text("name")
        kind = f.enum("kind", S.POSITION_KINDS)
        operator = f.enum("operator", S.OPERATORS)
        precision = f.enum("precision", S.LOCATION_PRECISIONS)
        radius = f.number("radius_m", 0, 100_000)
        note = f.text("precision_note")
        start, end = _interval(f)
        start_precision = f.enum("start_precision", S.PRECISIONS, default="day")
        end_precision = f.enum("end_precision", S.PRECISIONS, default="day")
        cites = f.citations()
        where = _place_coordinates(f, rec.get("place"), geonames, places, "place")
        if (f.ok and pid and name and kind and operator and precision and radius is not None and note
                and start and where):
            positions.append(Position(
                pid, kind, name, operator, rec["place"], precision, radius, note, start, end, cites,
                start_precision=start_precision or "day", end_precision=end_precision or "day",
                lon=where[0], lat=where[1],
            ))
    return positions


def _routes(data_dir: Path, geonames: dict[int, GeoName], places: dict[str, Place], out: Collector
            ) -> list[CorridorRoute]:
    routes = []
    for i, rec in enumerate(_records(data_dir, CORRIDOR_FILE, out)):
        f = Fields(rec, CORRIDOR_FILE, record_id(rec, i), out)
        reject_unknown(rec, ROUTE_FIELDS, f)
        rid, name, note = f.text("id"), f.text("name"), f.text("precision_note")
        width = f.number("width_km", 0.1, 100)
        start, end = _interval(f)
        cites = f.citations()
        waypoints = rec.get("waypoints")
        coords = []
        if not isinstance(waypoints, list) or len(waypoints) < 2:
            f.problem("waypoints", "must list at least two GeoNames ids or place ids in route order")
        else:
            for j, wp in enumerate(waypoints):
                coord = _place_coordinates(f, wp, geonames, places, f"waypoints[{j}]")
                if coord:
                    coords.append(coord)
        excludes = rec.get("excludes") or []
        if not isinstance(excludes, list) or not all(isinstance(e, str) for e in excludes):
            f.problem("excludes", "must be a list of district ids")
            excludes = []
        accuracy = f.number("accuracy_m", 0, 100_000, required=False)
        if f.ok and rid and name and note and width and start and isinstance(waypoints, list):
            routes.append(CorridorRoute(rid, name, start, end, width, tuple(waypoints), note, cites,
                                        tuple(coords), accuracy, tuple(excludes)))
    return sorted(routes, key=lambda r: r.start)
