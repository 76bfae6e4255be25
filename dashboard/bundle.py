"""Everything the app derives from a data package, built once per process (not on every rerun)."""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo import Package, Problem, Timeline, check_package
from geo._files import write_atomically
from geo.layers import MapUpdates, map_geometry
from geo.lookup import Locator
from geo.stats import area_series

# Files generated at run time (the map geometry) go to a private temporary directory, never into the
# package, which may be installed read-only; dashboard/map.py has Streamlit serve that directory.
GENERATED_DIR = Path(tempfile.mkdtemp(prefix="kcm-generated-"))
atexit.register(shutil.rmtree, GENERATED_DIR, ignore_errors=True)


@dataclass
class Bundle:
    """A loaded package and the indexes and files the app needs for it."""

    package: Package
    problems: list[Problem]
    timeline: Timeline | None = None
    locator: Locator | None = None
    geometry_file: str = ""  # name of the map's data file in GENERATED_DIR: geometry and map tables
    updates: MapUpdates | None = None  # what a date step sends (the file holds the tables it refers to)
    area_rows: list[dict[str, Any]] = field(default_factory=list)
    search_labels: dict[str, str] = field(default_factory=dict)
    find_labels: dict[str, str] = field(default_factory=dict)  # "place:ID" / "position:ID" -> every name


_BUILDING = threading.Lock()  # the launcher's warm-up and the first script run may ask at once


def build_bundle(data_dir: str) -> Bundle:
    """Load, check and index a package once per process (the launcher may have done it already).
    A second caller waits for the build under way instead of doing it again."""
    with _BUILDING:
        return _build_bundle(data_dir)


@lru_cache(maxsize=8)
def _build_bundle(data_dir: str) -> Bundle:
    package, problems = check_package(data_dir)
    if problems:
        return Bundle(package, problems)
    timeline = Timeline(package)
    # Fetched once by the map frame; a date step then sends only indices into its tables.
    updates = MapUpdates(package, timeline)
    map_data = {**map_geometry(package), "tables": updates.tables}
    geometry = json.dumps(map_data, ensure_ascii=False, separators=(",", ":"))
    # Content-addressed name: a changed package never meets a stale browser cache.
    digest = hashlib.sha256(geometry.encode("utf-8")).hexdigest()[:16]
    path = GENERATED_DIR / f"geometry-{digest}.json"
    if not path.exists():
        write_atomically(path, geometry)
    labels = {}
    for d in package.districts.values():
        if d.role == "story":
            others = [n for n in d.names.all() if n != d.names.display]
            labels[d.id] = f"{d.names.display} — {' · '.join(dict.fromkeys(others))}"
    found = {}
    for p in package.places.values():
        district = package.districts.get(p.district)
        also = " · ".join(dict.fromkeys(n for n in p.names.all() if n != p.names.en))
        where = district.names.display if district else p.district
        found[f"place:{p.id}"] = f"{p.names.en} — {p.kind} in {where}" + (f" · {also}" if also else "")
    for x in package.positions:
        found[f"position:{x.id}"] = f"{x.name} — {x.kind.replace('_', ' ')}"
    area_rows = [{**row, "date": row["date"].isoformat()} for row in area_series(package, timeline)]
    return Bundle(package, problems, timeline, Locator(package), path.name, updates,
                  area_rows, dict(sorted(labels.items(), key=lambda kv: kv[1])),
                  dict(sorted(found.items(), key=lambda kv: kv[1].casefold())))
