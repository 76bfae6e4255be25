"""Everything the app derives from a data package, built once per content of the package (not on every rerun)."""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo import Package, Problem, Timeline, check_package
from geo._files import write_atomically
from geo.frames import MapEncoder, map_data, map_view
from geo.stats import area_series
from geo.version import content_version, files_state

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
    data_file: str = ""  # name of the map's data file in GENERATED_DIR (geo.frames.map_data)
    encoder: MapEncoder | None = None  # a date step's frame (the data file holds the tables it refers to)
    area_rows: list[dict[str, Any]] = field(default_factory=list)
    search_labels: dict[str, str] = field(default_factory=dict)
    find_labels: dict[str, str] = field(default_factory=dict)  # "place:ID" / "position:ID" -> every name
    find_names: dict[str, frozenset[str]] = field(default_factory=dict)  # the same keys -> their names, casefolded
    version: str = ""  # geo.version.content_version of the files it was built from
    files: tuple[tuple[str, int, int], ...] = ()  # geo.version.files_state when it was built
    view: dict[str, Any] = field(default_factory=dict)  # geo.frames.map_view: where the map opens (once, not a run)


_BUILDING = threading.Lock()  # the launcher's warm-up and the first script run may ask at once
_BUNDLES: dict[str, Bundle] = {}  # data directory -> the bundle of its latest content


def build_bundle(data_dir: str) -> Bundle:
    """The bundle of the package's current content, built once per content, so an edited package shows on the
    next rerun without a restart. A rerun of an unchanged package only takes its files' sizes and times; the
    content is hashed when they change, and a package touched but not changed is not rebuilt. A second caller
    waits for the build under way instead of doing it again."""
    with _BUILDING:
        cached = _BUNDLES.get(data_dir)
        seeds_dir = cached.package.seeds_dir if cached is not None else ""
        files = files_state(data_dir, seeds_dir)
        if cached is not None and cached.files == files:
            return cached
        version = content_version(data_dir, seeds_dir)  # taken before reading, so an edit meanwhile is seen
        if cached is not None and cached.version == version:
            cached.files = files
            return cached
        bundle = _build_bundle(data_dir)
        if bundle.package.seeds_dir != seeds_dir:  # the first build learns where the seeds are
            files = files_state(data_dir, bundle.package.seeds_dir)
            version = content_version(data_dir, bundle.package.seeds_dir)
        bundle.files, bundle.version = files, version
        _BUNDLES[data_dir] = bundle
        return bundle


def _build_bundle(data_dir: str) -> Bundle:
    package, problems = check_package(data_dir)
    if problems:
        return Bundle(package, problems)
    timeline = Timeline(package)
    # Fetched once by the map frame; a date step then sends only indices into its tables.
    encoder = MapEncoder(package, timeline)
    text = json.dumps(map_data(package, encoder), ensure_ascii=False, separators=(",", ":"))
    # Content-addressed name: a changed package never meets a stale browser cache.
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = GENERATED_DIR / f"map-data-{digest}.json"
    if not path.exists():
        write_atomically(path, text)
    labels = {}
    for d in package.districts.values():
        if d.role != "context":  # a city without a timeline of its own opens too (it shares its parent's)
            others = [n for n in d.names.all() if n != d.names.display]
            labels[d.id] = f"{d.names.display} — {' · '.join(dict.fromkeys(others))}"
    found, names = {}, {}
    for p in package.places.values():
        names[f"place:{p.id}"] = frozenset(n.casefold() for n in p.names.all())
        district = package.districts.get(p.district)
        also = " · ".join(dict.fromkeys(n for n in p.names.all() if n != p.names.en))
        where = district.names.display if district else p.district
        found[f"place:{p.id}"] = f"{p.names.en} — {p.kind} in {where}" + (f" · {also}" if also else "")
    for x in package.positions:
        names[f"position:{x.id}"] = frozenset({x.name.casefold()})
        found[f"position:{x.id}"] = f"{x.name} — {x.kind.replace('_', ' ')}"
    area_rows = [{**row, "date": row["date"].isoformat()} for row in area_series(package, timeline)]
    return Bundle(package, problems, timeline, path.name, encoder,
                  area_rows, dict(sorted(labels.items(), key=lambda kv: kv[1])),
                  dict(sorted(found.items(), key=lambda kv: kv[1].casefold())), names, view=map_view(package))
