"""Load a data package: read every file, check every record, report all problems together.

`check_package(dir)` returns the package (possibly partial) and the list of problems;
`load_package(dir)` returns the package or raises `DataError` listing them all.
Nothing is dropped silently: every record that cannot be used is a problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import settings as S
from ._files import SEED_FILE_LIMIT, FileRefused, read_bytes
from ._parse import (
    Collector,
    decode_text,
    read_yaml_list,
    read_yaml_mapping,
    record_id,
    show,
)
from ._validate import validate_record, validate_records
from .accounts import citations_of
from .errors import DataError, Problem
from .layers.corridor import read_routes
from .layers.districts_record import read_changes
from .layers.periods import read_periods
from .layers.places_record import read_place_changes, read_places
from .layers.positions import read_positions
from .layers.post_counts import read_post_counts
from .load_districts import check_names_table, read_districts, read_geonames
from .models import (
    Event,
    Package,
    Source,
)
from .package_files import (
    EVENTS_FILE,
    FILES,
    PACKAGE_FILE,
    SEED_INDEX_FILE,
    SEED_LABEL,
    SOURCES_FILE,
    unknown_data_files,
)
from .profile import Allowed, check_profile_dates, read_profile
from .reliability import classify_all, read_registry
from .rules import (
    check_package_rules,
)
from .rules_ids import check_id_twins, check_unique
from .rules_places import check_place_facts
from .schemas import (
    SEED_ID,
    SEED_ID_WORDS,
    EventRecord,
    PackageRecord,
    SeedRecord,
    SourceRecord,
)


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
        empty = Package(title="", coverage_start=dt.date.min, coverage_end=dt.date.max, districts={}, geonames={},
                        sources={}, events=[], changes=[], positions=[], routes=[])
        return empty, out.problems

    for name in unknown_data_files([f.name for f in data_dir.iterdir() if f.is_file()]):
        out.add(name, "-", "-", "not a file of a data package (a misspelt name?); its files are: "
                + ", ".join(f.name for f in FILES))
    profile = read_profile(data_dir, out)
    allowed = Allowed.of(profile)
    meta = read_yaml_mapping(data_dir / PACKAGE_FILE, PACKAGE_FILE, out, record="package")
    title, start, end, seeds_dir = _package_meta(meta, data_dir, out)
    check_profile_dates(profile, start, end, out)
    seed_sources, seed_texts = _seeds(seeds_dir, out) if out.readable(PACKAGE_FILE) else ({}, {})
    if not out.readable(PACKAGE_FILE):
        out.unreadable.add(SEED_LABEL)  # where the seeds are is unknown: no rule may call a seed unknown
    districts, provenance = read_districts(data_dir, out, allowed.countries)
    check_names_table(data_dir, districts, out)
    geonames = read_geonames(data_dir, out)
    places = read_places(data_dir, geonames, out, allowed.region_bounds)
    sources = dict(seed_sources)
    for src in _external_sources(data_dir, out):
        if src.id in sources:
            out.add(SOURCES_FILE, src.id, "id", "duplicate source id (also used by another source)")
        sources[src.id] = src
    sources = classify_all(sources, read_registry(data_dir, out), out, SEED_LABEL, SOURCES_FILE)
    events = _events(data_dir, out)
    changes, rejected = read_changes(data_dir, out, profile)
    positions = read_positions(data_dir, geonames, places, out, allowed)
    routes = read_routes(data_dir, geonames, places, out, allowed.region_bounds)
    place_changes = read_place_changes(data_dir, out, allowed)
    post_counts = read_post_counts(data_dir, out)
    periods = read_periods(data_dir, out)

    package = Package(
        title=title, coverage_start=start, coverage_end=end, districts=districts, geonames=geonames,
        sources=sources, events=events, changes=changes, positions=positions, routes=routes,
        places=places, place_changes=place_changes, post_counts=post_counts, periods=periods,
        seed_texts=seed_texts, data_dir=str(data_dir), seeds_dir=str(seeds_dir), provenance=provenance,
        profile=profile,
    )
    check_package_rules(package, rejected, out)
    check_id_twins(package, out)
    check_place_facts(package, out)
    return package, sorted(set(out.problems))


# --- files ---------------------------------------------------------------------------------------


def _package_meta(meta: dict[str, Any], data_dir: Path, out: Collector) -> tuple[str, dt.date, dt.date, Path]:
    # An unreadable package.yaml is one problem, not also "title is required" and "coverage is required"
    m = validate_record(PackageRecord, meta, PACKAGE_FILE, "package", out) if out.readable(PACKAGE_FILE) else {}
    problem = functools.partial(out.add, PACKAGE_FILE, "package")
    coverage = m.get("coverage", {})
    for key, day in coverage.items():
        if not S.COVERAGE_LIMITS[0] <= day <= S.COVERAGE_LIMITS[1]:
            problem(f"coverage.{key}", f"{day} is outside the dates the app can show; allowed: "
                                       f"{S.COVERAGE_LIMITS[0]} to {S.COVERAGE_LIMITS[1]}")
    start, end = coverage.get("start", dt.date.min), coverage.get("end", dt.date.max)
    if start > end:
        problem("coverage", f"start {start} is after end {end}")
    elif start == end:
        problem("coverage", f"starts and ends on {start}; it must span at least two days (the date slider needs two "
                            "ends)")
    seeds_dir = data_dir / m.get("seeds", "../../seeds")  # a refused path: the default's problems show too
    return m.get("title", ""), start, end, seeds_dir.resolve()


def _seeds(seeds_dir: Path, out: Collector) -> tuple[dict[str, Source], dict[str, str]]:
    """The seed articles as sources, and their texts. A refused record whose id is valid is still
    registered, so that the claims citing it are checked against its text and not also "unknown source"."""
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    if not seeds_dir.is_dir():  # say where we looked: the path comes from package.yaml's `seeds`
        out.refuse(SEED_LABEL, f"file is missing: the seeds directory {seeds_dir} "
                               f"{'is not a directory' if seeds_dir.exists() else 'does not exist'} "
                               f"(`seeds` in {PACKAGE_FILE}, relative to the data directory)")
        return sources, texts
    for i, rec in enumerate(read_yaml_list(seeds_dir / SEED_INDEX_FILE, SEED_LABEL, out)):
        problem = functools.partial(out.add, SEED_LABEL, record_id(rec, i))
        s = validate_record(SeedRecord, rec, SEED_LABEL, record_id(rec, i), out)
        for field in ("publisher", "date"):
            if rec.get(field) is None and s.get(f"{field}_basis", "unknown") != "unknown":
                problem(f"{field}_basis", f"must be 'unknown' when {field} is null")
        sid = s.get("id")
        if sid is None:
            continue
        if sid in sources:
            problem("id", "duplicate seed id")
            continue
        if "/" in sid or "\\" in sid or "\x00" in sid or sid.startswith("."):
            problem("id", "must be a plain file name inside seeds/")
            continue
        if not re.match(SEED_ID, sid):
            problem("id", f"{show(sid)} is not {SEED_ID_WORDS}")
            continue
        raw = _seed_bytes(seeds_dir, sid, problem)
        if raw is not None:
            if "sha256" in s and hashlib.sha256(raw).hexdigest() != s["sha256"].lower():
                problem("sha256", f"seeds/{sid} was altered: its SHA-256 differs from the index")
            text = decode_text(raw, f"seeds/{sid}", out)
            if text is not None:
                texts[sid] = text
        sources[sid] = Source(
            id=sid, title=s.get("title", ""), publisher=s.get("publisher"), date=s.get("date"), is_seed=True,
            date_precision=s.get("date_precision", "day"), publisher_basis=s.get("publisher_basis", "unknown"),
            publisher_note=s.get("publisher_note"), date_basis=s.get("date_basis", "unknown"),
            date_note=s.get("date_note"),
        )
    return sources, texts


def _seed_bytes(seeds_dir: Path, sid: str, problem: Callable[[str, str], None]) -> bytes | None:
    """The seed's bytes: a regular file of at most `SEED_FILE_LIMIT` bytes whose real path (after
    following links) is inside seeds/; else None with the problem recorded."""
    try:
        real = (seeds_dir / sid).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links (Python 3.11)
        problem("id", f"seeds/{sid} cannot be resolved: {exc}")
        return None
    if not real.is_relative_to(seeds_dir):  # seeds_dir is resolved already
        problem("id", f"seeds/{sid} is a link to a file outside seeds/; a seed must be a file inside seeds/")
        return None
    try:
        return read_bytes(real, SEED_FILE_LIMIT)
    except FileRefused as exc:
        problem("id", f"seed file seeds/{sid} {exc}")
    return None


def _records(data_dir: Path, label: str, out: Collector) -> list[dict[str, Any]]:
    """The file's records; ids must be unique across all of them, valid or not."""
    records = read_yaml_list(data_dir / label, label, out)
    check_unique(label, [rec["id"] for rec in records if isinstance(rec.get("id"), str)], out)
    return records


def _external_sources(data_dir: Path, out: Collector) -> list[Source]:
    """The external sources. A refused record whose id is valid is still registered, so that the claims
    citing it are not also reported as citing an unknown source."""
    sources = []
    for i, rec in enumerate(read_yaml_list(data_dir / SOURCES_FILE, SOURCES_FILE, out)):
        s = validate_record(SourceRecord, rec, SOURCES_FILE, record_id(rec, i), out)
        if "id" in s:
            own = s.get("reliability", {})
            if s.get("date_basis") == "inferred" and not s.get("date_note"):
                out.add(SOURCES_FILE, s["id"], "date_note", "an inferred date needs a note saying what it rests on")
            if (s.get("date") is None) != (s.get("date_basis", "stated" if s.get("date") else "unknown") == "unknown"):
                out.add(SOURCES_FILE, s["id"], "date_basis", "must be 'unknown' exactly when date is null")
            sources.append(Source(id=s["id"], title=s.get("title", ""), publisher=s.get("publisher"),
                                  date=s.get("date"), is_seed=False,
                                  url=s.get("url"), title_basis=s.get("title_basis", "headline"),
                                  date_precision=s.get("date_precision", "day"),
                                  date_basis=s.get("date_basis", "stated" if s.get("date") else "unknown"),
                                  date_note=s.get("date_note"),
                                  outlet=s.get("outlet"), mirror_of=s.get("mirror_of"), read_via=s.get("read_via"),
                                  reliability=own.get("class"), reliability_reason=own.get("reason")))
    return sources


def _events(data_dir: Path, out: Collector) -> list[Event]:
    records = validate_records(EventRecord, _records(data_dir, EVENTS_FILE, out), EVENTS_FILE, out)
    events = [Event(id=e["id"], date=e["date"], precision=e["precision"], title=e["title"],
                    citations=citations_of(e["citations"]), summary=e.get("summary"))
              for _, e in records if e is not None]
    return sorted(events, key=lambda e: (e.date, e.id))
