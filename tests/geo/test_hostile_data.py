"""Hostile data packages: broken, truncated, mis-encoded, malicious or merely wrong files.

Every case is built from the mini package and checked twice: in-process with `check_package`
(the problems name file, record and field and say what is allowed) and as a user runs it,
`python -m geo validate --data DIR` in a subprocess (exit code 1, no traceback, the same
"file: record 'X', field 'Y'" lines, every line short, and no file touched). The cases' packages
are built once and their subprocesses run a few at a time in the background, to keep this fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from geo import check_package
from tests.conftest import FIXTURES, edit_yaml

ROOT = Path(__file__).resolve().parents[2]
Expect = tuple[str, str, str, str]  # file, record, field, words the message must contain


# --- helpers -------------------------------------------------------------------------------------


def run_validate(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", "validate", "--data", str(data_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and directory under `root` with its content hash: validation must change none."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


def line(file: str, record: str, field: str) -> str:
    """The start of a problem's line as the CLI prints it."""
    return f"{file}: record {record!r}, field {field!r}"


def assert_problems(data_dir: Path, expected: list[Expect]) -> list:
    _, problems = check_package(data_dir)
    for file, record, field, words in expected:
        hits = [p.message for p in problems if (p.file, p.record, p.field) == (file, record, field)]
        assert hits, f"no problem for {line(file, record, field)} in:\n" + "\n".join(map(str, problems))
        assert any(words in m for m in hits), f"{words!r} not in {hits}"
    return problems


def assert_cli_rejected(result: subprocess.CompletedProcess[str], problems: list, expected: list[Expect]) -> None:
    """Exit code 1, no traceback, every problem listed, each expected one by file, record and field."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(problems)} problem(s)" in result.stderr
    for file, record, field, words in expected:
        assert line(file, record, field) in result.stderr
        assert words in result.stderr
    assert max(len(x) for x in result.stderr.splitlines()) < 600, "a message echoes a huge value"


def assert_rejected(data_dir: Path, expected: list[Expect]) -> subprocess.CompletedProcess[str]:
    """`assert_problems` and `assert_cli_rejected`, and no file changed."""
    before = snapshot(data_dir.parent)
    problems = assert_problems(data_dir, expected)
    result = run_validate(data_dir)
    assert_cli_rejected(result, problems, expected)
    assert snapshot(data_dir.parent) == before
    return result


def sub(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first `old` in the file by `new`, as raw text (so YAML is written exactly as given)."""
    def mutate(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        (data / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        if isinstance(content, bytes):
            (data / rel).write_bytes(content)
        else:
            (data / rel).write_text(content, encoding="utf-8")
    return mutate


def cut_before(rel: str, marker: str) -> Callable[[Path], None]:
    """Truncate the file just before `marker` (like a copy or download that stopped there)."""
    def mutate(data: Path) -> None:
        raw = (data / rel).read_bytes()
        (data / rel).write_bytes(raw[:raw.index(marker.encode())])
    return mutate


def recode(rel: str, encoding: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    """Save the file in another encoding (characters it lacks become '?'), after an optional edit."""
    def mutate(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        (data / rel).write_bytes((text.replace(old, new, 1) if old else text).encode(encoding, errors="replace"))
    return mutate


def drop_properties(collection: dict) -> None:
    del collection["features"][1]["properties"]


def geojson(change: Callable[[dict], object]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / "districts.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        result = change(collection)
        path.write_text(json.dumps(collection if result is None else result), encoding="utf-8")
    return mutate


def feature(index: int, **changes: object) -> Callable[[Path], None]:
    """Set (or with None, delete) keys of a feature; `props_KEY` sets KEY in its properties."""
    def change(collection: dict) -> None:
        feat = collection["features"][index]
        for key, value in changes.items():
            target, key = (feat["properties"], key[6:]) if key.startswith("props_") else (feat, key)
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return geojson(change)


def yaml_edit(rel: str, change: Callable[[object], object]) -> Callable[[Path], None]:
    return lambda data: edit_yaml(data / rel, change)


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        for m in mutations:
            m(data)
    return mutate


def laughs(name: str, levels: int = 9) -> str:
    """YAML anchors that expand to 9**levels strings ("billion laughs" at 9 levels)."""
    lines = [f"  {name}0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  {name}{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def link_seed_outside(data: Path) -> None:
    """seeds/alpha.txt becomes a link to an identical file beside seeds/ (so its hash still matches)."""
    seed = data.parent / "seeds" / "alpha.txt"
    outside = data.parent / "outside.txt"
    outside.write_bytes(seed.read_bytes())
    seed.unlink()
    seed.symlink_to(outside)


def grow(rel: str, size: int) -> Callable[[Path], None]:
    """Pad the file with a YAML comment to `size` bytes: still valid, only too large."""
    def mutate(data: Path) -> None:
        raw = (data / rel).read_bytes() + b"# "
        (data / rel).write_bytes(raw + b"x" * (size - len(raw) - 1) + b"\n")
    return mutate


def grow_seed(size: int) -> Callable[[Path], None]:
    """Pad seeds/alpha.txt to `size` bytes and record its new SHA-256: valid but for its size."""
    def mutate(data: Path) -> None:
        seed = data.parent / "seeds" / "alpha.txt"
        old = hashlib.sha256(seed.read_bytes()).hexdigest()
        seed.write_bytes(seed.read_bytes() + b" " * (size - seed.stat().st_size))
        sub("../seeds/index.yaml", old, hashlib.sha256(seed.read_bytes()).hexdigest())(data)
    return mutate


SQUARE = [[[46.0, 40.0], [46.1, 40.0], [46.1, 40.1], [46.0, 40.1], [46.0, 40.0]]]
GARBAGE = bytes(range(256)) * 8
HEADER = "geonameid,name,country,population,latitude,longitude\n"
PLACES = HEADER + "1,Alphaville,AZ,1000,40.05,46.05\n2,Betatown,AZ,2000,40.05,46.15\n3,Border,AM,300,40.05,45.95\n"


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    expected: list[Expect]


# --- the cases -----------------------------------------------------------------------------------

FILE_CASES = [
    # truncated files
    Case("truncated-yaml-inside-a-flow-mapping", cut_before("control.yaml", "share: 0.6"),
         [("control.yaml", "-", "-", "invalid YAML at line ")]),
    Case("truncated-yaml-between-fields", cut_before("events.yaml", "  citations: [{source: alpha.txt"),
         [("events.yaml", "handover", "citations", "needs at least one citation")]),
    Case("truncated-json", cut_before("districts.geojson", '"name_en": "Beta"'),
         [("districts.geojson", "-", "-", "invalid JSON at line")]),
    Case("truncated-csv-row", write("places.csv", PLACES[:-14]),
         [("places.csv", "line 4", "-", "wrong number of values for the header; expected 6")]),
    Case("truncated-seed-index", cut_before("../seeds/index.yaml", "  sha256:"),
         [("seeds/index.yaml", "alpha.txt", "sha256", "is required")]),
    Case("truncated-seed", cut_before("../seeds/alpha.txt", "Armenian forces"),
         [("seeds/index.yaml", "alpha.txt", "sha256", "was altered"),
          ("control.yaml", "alpha-start", "citations[0].quote", "not found verbatim in seeds/alpha.txt")]),
    # empty files
    *[Case(f"empty-{name}", write(rel, text), [(name, "-", "-", words)]) for name, rel, text, words in [
        ("events.yaml", "events.yaml", "", "is empty; expected a list of records (write [] for none)"),
        ("control.yaml", "control.yaml", "\n\n", "is empty"),
        ("positions.yaml", "positions.yaml", "# nothing yet\n", "is empty"),
        ("package.yaml", "package.yaml", "", "is empty; expected a mapping"),
        ("districts.geojson", "districts.geojson", " \n", "is empty; expected a JSON document"),
        ("places.csv", "places.csv", "", "is empty; expected a header line geonameid,name"),
        ("seeds/index.yaml", "../seeds/index.yaml", "", "is empty"),
    ]],
    # binary garbage and encodings
    Case("binary-garbage-with-nul", write("control.yaml", GARBAGE),
         [("control.yaml", "-", "-", "contains NUL bytes (byte 0)")]),
    Case("binary-garbage-without-nul", write("districts.geojson", GARBAGE[128:256]),
         [("districts.geojson", "-", "-", "is not valid UTF-8 (byte 0)")]),
    Case("control-characters-in-yaml", sub("events.yaml", "Line fixed", "Line\x07fixed\x1b"),
         [("events.yaml", "-", "-", "invalid YAML at character")]),
    Case("utf16-with-bom", recode("control.yaml", "utf-16"),
         [("control.yaml", "-", "-", "UTF-16/UTF-32 text; save the file as UTF-8")]),
    Case("utf16le-without-bom-csv", recode("places.csv", "utf-16-le"),
         [("places.csv", "-", "-", "UTF-16/UTF-32")]),
    Case("latin1-geojson", recode("districts.geojson", "latin-1", '"Alpha"', '"Alphé"'),
         [("districts.geojson", "-", "-", "is not valid UTF-8")]),
    Case("cp1252-seed", recode("../seeds/alpha.txt", "cp1252"),
         [("seeds/alpha.txt", "-", "-", "is not valid UTF-8"), ("seeds/index.yaml", "alpha.txt", "sha256", "altered")]),
    Case("data-file-is-a-directory", lambda d: ((d / "events.yaml").unlink(), (d / "events.yaml").mkdir()),
         [("events.yaml", "-", "-", "is a directory, expected a file")]),
    # JSON and GeoJSON
    Case("invalid-json", sub("districts.geojson", "]]]}}\n]}", "]]]}},\n]}"),
         [("districts.geojson", "-", "-", "invalid JSON at line")]),
    Case("geojson-is-a-list", geojson(lambda c: c["features"]),
         [("districts.geojson", "-", "type", "must be a GeoJSON FeatureCollection")]),
    Case("features-is-a-mapping", geojson(lambda c: c.update(features={"a": 1})),
         [("districts.geojson", "-", "type", "'features' list")]),
    Case("feature-without-geometry", feature(0, geometry=None),
         [("districts.geojson", "AZ-AAA", "geometry", "None is not a GeoJSON geometry; allowed: Polygon")]),
    Case("geometry-is-a-list", feature(1, geometry=SQUARE),
         [("districts.geojson", "AZ-BBB", "geometry", "[[[...], [...], [...], [...], ...]] is not a GeoJSON")]),
    Case("feature-without-properties", geojson(drop_properties),
         [("districts.geojson", "#2", "properties", "feature has no properties")]),
    Case("geometry-with-nan", feature(0, geometry={"type": "Polygon", "coordinates": [
        [[46.0, 40.0], [float("nan"), 40.0], [46.1, 40.1], [46.0, 40.1], [46.0, 40.0]]]}),
         [("districts.geojson", "AZ-AAA", "geometry", "not a finite longitude (-180..180) and latitude")]),
    Case("geometry-with-infinity", feature(1, geometry={"type": "Polygon", "coordinates": [
        [[46.1, 40.0], [46.2, float("inf")], [46.2, 40.1], [46.1, 40.1], [46.1, 40.0]]]}),
         [("districts.geojson", "AZ-BBB", "geometry", "not a finite longitude")]),
    Case("geometry-nan-closing-point", feature(0, geometry={"type": "Polygon", "coordinates": [
        [[float("nan"), 40.0], [46.1, 40.0], [46.1, 40.1], [46.0, 40.1], [float("nan"), 40.0]]]}),
         [("districts.geojson", "AZ-AAA", "geometry", "is not a readable GeoJSON geometry")]),
    Case("geometry-outside-lon-lat", feature(0, geometry={"type": "Polygon", "coordinates": [
        [[4600.0, 40.0], [4610.0, 40.0], [4610.0, 40.1], [4600.0, 40.1], [4600.0, 40.0]]]}),
         [("districts.geojson", "AZ-AAA", "geometry", "longitude (-180..180)")]),
    Case("geometry-3d", feature(0, geometry={"type": "Polygon", "coordinates": [[[*xy, 100.0] for xy in SQUARE[0]]]}),
         [("districts.geojson", "AZ-AAA", "geometry", "has 3D coordinates; allowed: 2D")]),
    Case("geometry-point", feature(1, geometry={"type": "Point", "coordinates": [46.1, 40.0]}),
         [("districts.geojson", "AZ-BBB", "geometry", "Point is not allowed; allowed: Polygon, MultiPolygon")]),
    Case("geometry-coordinates-are-text", feature(0, geometry={"type": "Polygon", "coordinates": [[["46", "x"]]]}),
         [("districts.geojson", "AZ-AAA", "geometry", "is not a readable GeoJSON geometry")]),
    Case("json-nested-too-deeply", write("districts.geojson", "[" * 100_000 + "]" * 100_000),
         [("districts.geojson", "-", "-", "invalid JSON: nested too deeply")]),
    Case("json-integer-of-5000-digits", sub("districts.geojson", "95.2", "9" * 5000),
         [("districts.geojson", "-", "-", "invalid JSON: Exceeds the limit (4300 digits)")]),
    Case("district-properties-of-the-wrong-type",
         feature(0, props_aliases=5, props_name_az=7, props_centre="Alphaville", props_area_km2=float("nan"),
                 props_parent=["AZ-BBB"]),
         [("districts.geojson", "AZ-AAA", "aliases", "must be a list of names (text), found int"),
          ("districts.geojson", "AZ-AAA", "name_az", "must be text, found int"),
          ("districts.geojson", "AZ-AAA", "centre", "'Alphaville' is not a GeoNames id"),
          ("districts.geojson", "AZ-AAA", "area_km2", "nan is not a number"),
          ("districts.geojson", "AZ-AAA", "parent", "must be text, found list")]),
    # YAML structure
    Case("yaml-mapping-instead-of-list", write("control.yaml", "alpha-start: {district: AZ-AAA}\n"),
         [("control.yaml", "-", "-", "must hold a list of records, found dict")]),
    Case("package-yaml-is-a-list", write("package.yaml", "- title: Mini\n"),
         [("package.yaml", "-", "-", "must hold a mapping, found list")]),
    Case("yaml-scalar-records", write("sources.yaml", "- just text\n- 42\n- [a, list]\n"),
         [("sources.yaml", "#1", "-", "found str"), ("sources.yaml", "#2", "-", "found int"),
          ("sources.yaml", "#3", "-", "found list")]),
    # libyaml (used when present) reads deep nesting fine, so the record is then reported as a list;
    # the pure-Python parser runs out of recursion first. Either way: a problem, no traceback.
    Case("yaml-nested-too-deeply", write("events.yaml", "[" * 800 + "]" * 800),
         [("events.yaml", "#1", "-", "must be a mapping of fields, found list") if hasattr(yaml, "CSafeLoader")
          else ("events.yaml", "-", "-", "invalid YAML: nested too deeply")]),
    Case("yaml-two-documents", write("events.yaml", "- id: a\n---\n- id: b\n"),
         [("events.yaml", "-", "-", "invalid YAML at line 2, column 1: expected a single document in the stream, "
                                   "but found another document")]),
    Case("yaml-python-object-tag", sub("control.yaml", "kind: actual", "kind: !!python/object/apply:os.system [echo]"),
         [("control.yaml", "-", "-", "could not determine a constructor")]),
    Case("yaml-bad-int-tag", sub("control.yaml", "share: 0.6", "share: !!int abc"),
         [("control.yaml", "-", "-", "invalid YAML at line 8, column 35: 'abc' is not allowed as int; write plain "
                                    "values without !!tags")]),
    Case("yaml-bad-bool-tag", sub("positions.yaml", "radius_m: 2000", "radius_m: !!bool maybe"),
         [("positions.yaml", "-", "-", "'maybe' is not allowed as bool")]),
    Case("yaml-integer-of-5000-digits", sub("corridor.yaml", "width_km: 5", "width_km: " + "9" * 5000),
         [("corridor.yaml", "-", "-", "Exceeds the limit (4300 digits)")]),
    # CSV
    Case("csv-missing-column", write("places.csv", PLACES.replace(",population", "").replace(",1000,", ",")
                                     .replace(",2000,", ",").replace(",300,", ",")),
         [("places.csv", "header", "population", "missing column(s); expected geonameid, name")]),
    Case("csv-extra-values", sub("places.csv", "1,Alphaville,AZ,1000,40.05,46.05", "1,Alphaville,AZ,1000,40,46,x"),
         [("places.csv", "line 2", "-", "wrong number of values for the header")]),
    Case("csv-field-over-the-csv-limit", sub("places.csv", "Alphaville", "A" * 200_000),
         [("places.csv", "line 2", "-", "invalid CSV: field larger than field limit")]),
    Case("csv-values-of-the-wrong-kind", write("places.csv", PLACES + "1.5,A,AZ,1,40.0,46.0\nx7,B,AZ,1,40.0,46.0\n"
                                                "4,C,AZ,-3,40.0,46.0\n5,D,AZ,1,nan,46.0\n6,E,AZ,1,40.0,999\n"
                                                "7,F,AZ,many,40.0,46.0\n"),
         [("places.csv", "1.5", "geonameid", "'1.5' is not allowed; expected an integer from 1"),
          ("places.csv", "x7", "geonameid", "expected an integer"),
          ("places.csv", "4", "population", "'-3' is not allowed; expected an integer from 0"),
          ("places.csv", "5", "latitude", "'nan' is not allowed; expected a number from -90 to 90"),
          ("places.csv", "6", "longitude", "'999' is not allowed; expected a number from -180 to 180"),
          ("places.csv", "7", "population", "'many' is not allowed")]),
    # ids and references
    Case("geonames-ids-that-are-not-integers", both(sub("positions.yaml", "place: 2", 'place: "2"'),
                                                    sub("corridor.yaml", "waypoints: [3, 1, 2]",
                                                        "waypoints: [3, 1.0, true, 99999999999999999999]")),
         [("positions.yaml", "hq", "place", "unknown place '2'; it must be an id in places.yaml"),
          ("corridor.yaml", "road-1", "waypoints[1]", "1.0 is not a GeoNames id"),
          ("corridor.yaml", "road-1", "waypoints[2]", "True is not a GeoNames id"),
          ("corridor.yaml", "road-1", "waypoints[3]", "GeoNames id 99999999999999999999 is not in places.csv")]),
    Case("references-to-unknown-ids", both(
        sub("control.yaml", "district: AZ-BBB\n  date: 2020-11-10", "district: AM-CCC\n  date: 2020-11-10"),
        sub("control.yaml", "  summary: Handover due", "  event: nope\n  summary: Handover due"),
        sub("events.yaml", "source: ext-report, note: \"gives the line\"", "source: nobody, note: x"),
        sub("positions.yaml", "source: ext-report", "source: ../seeds/alpha.txt"),
        sub("corridor.yaml", "waypoints: [3, 2]", "waypoints: [3, 42]"),
        sub("control.yaml", "source: ext-report, note: \"gives 55%\"", "source: EXT-REPORT, note: \"gives 55%\"")),
         [("control.yaml", "beta-zone", "district", "AM-CCC has role 'context'; only 'story' districts"),
          ("control.yaml", "alpha-deadline", "event", "unknown event 'nope'; it must be an id in events.yaml"),
          ("events.yaml", "start", "citations[0].source", "unknown source 'nobody'"),
          ("positions.yaml", "hq", "citations[0].source", "unknown source '../seeds/alpha.txt'"),
          ("corridor.yaml", "road-2", "waypoints[1]", "GeoNames id 42 is not in places.csv"),
          ("control.yaml", "alpha-start", "figures[1].citations[0].source", "unknown source 'EXT-REPORT'")]),
    # citations
    Case("claims-without-usable-citations", both(
        sub("events.yaml", "  citations: [{source: ext-report, note: \"gives the line\"}]\n", ""),
        sub("positions.yaml", "citations: [{source: ext-report, note: \"names the town\"}]", "citations: null"),
        sub("corridor.yaml", "citations: [{source: ext-report, note: \"describes the road\"}]",
            "citations: ext-report"),
        sub("control.yaml", "citations: [{source: ext-report, note: \"gives the deadline\"}]",
            "citations: [{note: \"gives the deadline\"}]"),
        sub("control.yaml", "citations: [{source: ext-report, note: \"says so\"}]",
            "citations: [{source: ext-report}]"),
        sub("control.yaml", "  citations: [{source: ext-report, note: \"says so\"}]\n", ""),
        sub("control.yaml", "quote: \"Armenian forces occupied some 60 percent\"", "quote: 60")),
         [("events.yaml", "start", "citations", "needs at least one citation"),
          ("positions.yaml", "hq", "citations", "needs at least one citation"),
          ("corridor.yaml", "road-1", "citations", "needs at least one citation"),
          ("control.yaml", "alpha-deadline", "citations[0]", "must be a mapping with a 'source' id"),
          ("control.yaml", "beta-start", "citations[0]", "an external source needs a note"),
          ("control.yaml", "beta-zone", "citations", "needs at least one citation"),
          ("control.yaml", "alpha-start", "citations[0].quote", "must be text")]),
    Case("seed-quotes-not-in-the-seed", both(
        sub("events.yaml", "quote: \"Forces entered Alpha district on Friday.\"",
            "quote: \"Forces entered Alpha district on Monday.\""),
        sub("control.yaml", "quote: \"Armenian forces occupied some 60 percent of the district.\"",
            "quote: \"Armenian forces occupied some 70 percent of the district.\"")),
         [("events.yaml", "handover", "citations[0].quote", "not found verbatim in seeds/alpha.txt"),
          ("control.yaml", "alpha-start", "figures[0].citations[0].quote", "not found verbatim")]),
    Case("seed-citations-without-quotes", both(
        sub("positions.yaml", "source: ext-report, note: \"names the town\"", "source: alpha.txt, note: \"the town\""),
        sub("control.yaml", "quote: \"Armenian forces occupied some 60 percent of the district.\"", "quote: \"\"")),
         [("positions.yaml", "hq", "citations[0].quote", "a citation of a seed needs a verbatim quote"),
          ("control.yaml", "alpha-start", "figures[0].citations[0].quote", "needs a verbatim quote")]),
    Case("figures-of-the-wrong-shape", sub("control.yaml", "    - value: 0.55\n      citations:",
                                            "    - value: 55%\n      citations: 7\n      x:"),
         [("control.yaml", "alpha-start", "figures[1].value", "'55%' is not a number; expected 0.0 to 1.0"),
          ("control.yaml", "alpha-start", "figures[1].citations", "needs at least one citation")]),
    # seeds
    Case("missing-seed-file", lambda d: (d.parent / "seeds" / "alpha.txt").unlink(),
         [("seeds/index.yaml", "alpha.txt", "id", "seed file seeds/alpha.txt is missing")]),
    Case("altered-seed", sub("../seeds/alpha.txt", "60 percent", "70 percent"),
         [("seeds/index.yaml", "alpha.txt", "sha256", "seeds/alpha.txt was altered: its SHA-256 differs"),
          ("control.yaml", "alpha-start", "citations[0].quote", "not found verbatim")]),
    Case("seeds-setting-not-a-path", sub("package.yaml", "seeds: ../seeds", "seeds: [../seeds]"),
         [("package.yaml", "package", "seeds", "['../seeds'] is not the seeds directory's path relative to the data "
                                               "directory (text)"),
          ("seeds/index.yaml", "-", "-", "file is missing")]),
    # the cross-record share rule
    Case("share-while-not-split", sub("control.yaml", "set: {peacekeeping_zone: true}",
                                       "set: {peacekeeping_zone: true, share: 0.5}"),
         [("control.yaml", "beta-zone", "set.share", "only allowed while AZ-BBB is split; its controller is "
                                                     "'armenian_forces'")]),
    Case("reversed-intervals", both(sub("corridor.yaml", "end: 2022-08-25", "end: 2019-08-25"),
                                    sub("package.yaml", "start: 2000-01-01", "start: 2031-01-01")),
         [("corridor.yaml", "road-1", "end", "2019-08-25 is before start 2020-11-10; end must be on or after start"),
          ("package.yaml", "package", "coverage", "start 2031-01-01 is after end 2030-12-31")]),
    # duplicate keys: the last one would win silently, in YAML and JSON alike
    Case("duplicate-key-in-a-nested-mapping",
         sub("control.yaml", "set: {controller: azerbaijan, pending_handover: null}",
             "set: {controller: azerbaijan, pending_handover: null,\n       controller: armenian_forces}"),
         [("control.yaml", "alpha-handover", "set.controller", "duplicate key 'controller', written 2 times on lines "
                                                                "30, 31: the last one would silently win")]),
    Case("duplicate-key-in-a-record",
         sub("events.yaml", "  title: Line fixed\n", "  title: Line fixed\n  date: 2020-01-01\n"),
         [("events.yaml", "start", "date", "duplicate key 'date', written 2 times on lines 2, 5")]),
    Case("duplicate-key-in-package-yaml", sub("package.yaml", "title: Mini test package", "title: A\ntitle: B"),
         [("package.yaml", "package", "title", "duplicate key 'title'")]),
    Case("duplicate-key-in-the-seed-index",
         sub("../seeds/index.yaml", "  date_precision: day", "  date_precision: day\n  date_precision: year"),
         [("seeds/index.yaml", "alpha.txt", "date_precision", "duplicate key 'date_precision'")]),
    Case("duplicate-key-in-geojson",
         sub("districts.geojson", '"name_en": "Alpha"', '"name_en": "Alpha", "name_en": "Omega"'),
         [("districts.geojson", "AZ-AAA", "properties.name_en", "duplicate key 'name_en', written 2 times: the last "
                                                                "one would silently win")]),
    # YAML 1.1 readings the format does not mean: they stay text, and the field's check rejects them
    Case("yaml-sexagesimal-number", sub("positions.yaml", "radius_m: 2000", "radius_m: 1:30"),
         [("positions.yaml", "hq", "radius_m", "'1:30' is not a number; expected 0 to 100000")]),
    Case("yaml-octal-hex-and-underscore-numbers", both(sub("positions.yaml", "place: 2", "place: 02"),
                                                       sub("corridor.yaml", "width_km: 5", "width_km: 0x5"),
                                                       sub("corridor.yaml", "[3, 2]", "[3, 0_2]")),
         [("positions.yaml", "hq", "place", "unknown place '02'"),
          ("corridor.yaml", "road-1", "width_km", "'0x5' is not a number"),
          ("corridor.yaml", "road-2", "waypoints[1]", "unknown place '0_2'")]),
    Case("yaml-yes-no-on-off", sub("control.yaml", "set: {peacekeeping_zone: true}", "set: {peacekeeping_zone: on}"),
         [("control.yaml", "beta-zone", "set.peacekeeping_zone", "'on' is not allowed; allowed: true, false")]),
    Case("yaml-tagged-octal", sub("positions.yaml", "place: 2", "place: !!int 02"),
         [("positions.yaml", "-", "-", "invalid YAML at line 5, column 10: '02' is not allowed as int")]),
    # text that no screen or JSON output can show
    Case("lone-surrogate-in-a-geojson-label",
         sub("districts.geojson", '"label": "Alpha/Alfa"', '"label": "Alpha\\ud800"'),
         [("districts.geojson", "AZ-AAA", "properties.label", "contains a lone surrogate (half of a UTF-16 pair, not "
                                                              "a character) U+D800 at character 6")]),
    Case("control-characters-in-text", both(sub("events.yaml", "title: Line fixed", 'title: "Line\\x1b[31m fixed"'),
                                            sub("sources.yaml", 'title: "A report"', 'title: "A\\breport"'),
                                            sub("districts.geojson", '"name_en": "Beta"', '"name_en": "Be\\u0007ta"'),
                                            sub("places.csv", "Betatown", "Beta\x1btown")),
         [("events.yaml", "start", "title", "contains a control character U+001B at character 5; text may hold any "
                                            "character except control characters (tab and line breaks are fine)"),
          ("sources.yaml", "ext-report", "title", "control character U+0008"),
          ("districts.geojson", "AZ-BBB", "properties.name_en", "control character U+0007"),
          ("places.csv", "line 3", "name", "control character U+001B")]),
    # files: what is read, and how much
    Case("seed-is-a-directory", lambda d: ((d.parent / "seeds" / "alpha.txt").unlink(),
                                           (d.parent / "seeds" / "alpha.txt").mkdir()),
         [("seeds/index.yaml", "alpha.txt", "id", "seed file seeds/alpha.txt is a directory, expected a file")]),
    Case("seed-is-a-link-outside-seeds", link_seed_outside,
         [("seeds/index.yaml", "alpha.txt", "id", "seeds/alpha.txt is a link to a file outside seeds/")]),
    Case("seed-over-the-size-limit", grow_seed(2_000_001),
         [("seeds/index.yaml", "alpha.txt", "id", "seed file seeds/alpha.txt is 2.0 MB, over the limit of 2 MB")]),
    Case("data-file-over-the-size-limit", grow("events.yaml", 50_000_001),
         [("events.yaml", "-", "-", "file is 50.0 MB, over the limit of 50 MB for this kind of file")]),
    Case("sha256-that-is-not-one", sub("../seeds/index.yaml", "sha256: 48d38f", "sha256: 8d38f"),
         [("seeds/index.yaml", "alpha.txt", "sha256", "...cbc0ca1536c0e2fbd5b62cf79722' is not 64 hexadecimal digits, "
                                                      "the seed file's SHA-256")]),
    Case("huge-numbers", both(sub("control.yaml", "share: 0.6", "share: " + "9" * 400),
                              sub("positions.yaml", "radius_m: 2000", "radius_m: 1.0e+400")),
         [("control.yaml", "alpha-start", "set.share",
           "...9999999999999999999 is outside the allowed range 0.0 to 1.0"),
          ("positions.yaml", "hq", "radius_m", "inf is not a number")]),
]


@dataclass
class Prepared:
    data: Path
    before: dict[str, str]
    result: Future[subprocess.CompletedProcess[str]] | None
    error: Exception | None = None


@pytest.fixture(scope="module")
def prepared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Prepared]]:
    """Every selected case's package, built once, with its `validate` subprocess started (three at a time)."""
    assert len({c.id for c in FILE_CASES}) == len(FILE_CASES)
    selected = {item.callspec.params["case"].id for item in request.session.items
                if "case" in getattr(getattr(item, "callspec", None), "params", {})}
    cases = [c for c in FILE_CASES if c.id in selected]
    ready: dict[str, Prepared] = {}
    with ThreadPoolExecutor(max_workers=3) as pool:
        for i, case in enumerate(cases):
            root = tmp_path_factory.mktemp(f"case{i}") / "mini"
            shutil.copytree(FIXTURES / "mini", root)
            try:
                case.mutate(root / "data")
            except Exception as exc:  # reported by the case's own test
                ready[case.id] = Prepared(root / "data", {}, None, exc)
                continue
            ready[case.id] = Prepared(root / "data", snapshot(root), pool.submit(run_validate, root / "data"))
        yield ready


def check_prepared(prepared: dict[str, Prepared], case: Case) -> None:
    ready = prepared[case.id]
    if ready.error is not None:
        raise ready.error
    problems = assert_problems(ready.data, case.expected)
    assert ready.result is not None
    assert_cli_rejected(ready.result.result(), problems, case.expected)
    assert snapshot(ready.data.parent) == ready.before


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.id for c in FILE_CASES])
def test_hostile_package_is_rejected_naming_file_record_and_field(prepared, case):
    check_prepared(prepared, case)


# --- duplicate ids, in every file ----------------------------------------------------------------

DUPLICATES = [  # (file, mutation, record, field, words)
    ("events.yaml", yaml_edit("events.yaml", lambda d: d[1].update(id="start")), "start", "id", "duplicate id (2"),
    ("positions.yaml", yaml_edit("positions.yaml", lambda d: d.append(dict(d[0]))), "hq", "id", "duplicate id (2"),
    ("corridor.yaml", yaml_edit("corridor.yaml", lambda d: d[1].update(id="road-1")), "road-1", "id", "duplicate id"),
    ("sources.yaml", yaml_edit("sources.yaml", lambda d: d.append(dict(d[0]))), "ext-report", "id",
     "duplicate source id"),
    ("seeds/index.yaml", yaml_edit("../seeds/index.yaml", lambda d: d.append(dict(d[0]))), "alpha.txt", "id",
     "duplicate seed id"),
    ("places.csv", write("places.csv", PLACES + "2,Betatown again,AZ,1,40.05,46.15\n"), "2", "geonameid",
     "duplicate GeoNames id"),
    ("districts.geojson", feature(1, props_id="AZ-AAA"), "AZ-AAA", "id", "duplicate district id"),
    # both records are invalid: the duplicate is still reported, not hidden behind their (equal) problems
    ("control.yaml", yaml_edit("control.yaml", lambda d: d.extend([
        {"id": "twin", "district": "AZ-AAA", "date": "2020-02-30"}, {"id": "twin", "district": "AZ-AAA",
                                                                      "date": "2020-02-30"}])),
     "twin", "id", "duplicate id (2 records); ids must be unique"),
]


@pytest.mark.parametrize(("file", "mutate", "record", "field", "words"), DUPLICATES, ids=[d[0] for d in DUPLICATES])
def test_duplicate_ids_in_every_file(mini, file, mutate, record, field, words):
    mutate(mini)
    assert_problems(mini, [(file, record, field, words)])


def test_duplicate_ids_through_the_cli(mini):
    for _, mutate, *_ in DUPLICATES:
        mutate(mini)
    assert_rejected(mini, [(file, record, field, words) for file, _, record, field, words in DUPLICATES])


# --- dates, shares and enums: every bad value in-process, all together through the CLI ------------

DATE_FIELDS = [  # (file, text to replace, record, field)
    ("events.yaml", "date: 2000-01-01", "start", "date"),
    ("control.yaml", "date: 2020-11-10", "alpha-deadline", "date"),
    ("control.yaml", "pending_handover: 2020-11-20", "alpha-deadline", "set.pending_handover"),
    ("positions.yaml", "start: 2020-11-10", "hq", "start"),
    ("corridor.yaml", "end: 2023-09-30", "road-2", "end"),
    ("sources.yaml", "date: 2020-11-21", "ext-report", "date"),
    ("../seeds/index.yaml", "date: 2020-11-20", "alpha.txt", "date"),
    ("package.yaml", "end: 2030-12-31", "package", "coverage.end"),
]
BAD_DATES = ["2020-13-01", "0000-01-01", "'2020-11-20T10:00'", "2020-11-20T10:00:00", "2020-11-20 10:00:00+02:00",
             "20201120", "'20201120'", "2020-1-5", "2020-W47-5", "'next week'", "[2020, 11, 20]"]


def _set_date(data: Path, file: str, old: str, value: str) -> None:
    sub(file, old, old.split(":")[0] + ": " + value)(data)


def _label(file: str) -> str:
    return file.replace("../", "")


@pytest.mark.parametrize("value", BAD_DATES)
def test_every_date_field_rejects_a_bad_date(mini, value):
    for file, old, _, _ in DATE_FIELDS:
        _set_date(mini, file, old, value)
    problems = assert_problems(mini, [(_label(file), record, field, "is not a real date; expected YYYY-MM-DD")
                                      for file, _, record, field in DATE_FIELDS])
    start = next(p.message for p in problems if (p.file, p.record, p.field) == ("events.yaml", "start", "date"))
    assert value.strip("'") in start  # the message shows the value as written


def test_bad_dates_through_the_cli(mini):
    for (file, old, _, _), value in zip(DATE_FIELDS, BAD_DATES, strict=False):
        _set_date(mini, file, old, value)
    assert_rejected(mini, [(_label(file), record, field, "is not a real date")
                           for file, _, record, field in DATE_FIELDS])


BAD_SHARES = ["-0.1", "1.1", "'77%'", "77%", ".nan", ".inf", "true", "'0.5'", "[0.5]", "{value: 0.5}"]


@pytest.mark.parametrize("value", BAD_SHARES)
def test_share_must_be_a_number_from_0_to_1(mini, value):
    sub("control.yaml", "share: 0.6", f"share: {value}")(mini)
    sub("control.yaml", "- value: 0.6", f"- value: {value}")(mini)
    words = "outside the allowed range 0.0 to 1.0" if value in ("-0.1", "1.1") else "is not a number; expected 0.0"
    assert_problems(mini, [("control.yaml", "alpha-start", "set.share", words),
                           ("control.yaml", "alpha-start", "figures[0].value", words)])


def test_bad_shares_through_the_cli(mini):
    sub("control.yaml", "share: 0.6", "share: -0.1")(mini)
    sub("control.yaml", "- value: 0.6", "- value: .nan")(mini)
    sub("control.yaml", "- value: 0.55", "- value: true")(mini)
    assert_rejected(mini, [("control.yaml", "alpha-start", "set.share", "-0.1 is outside the allowed range"),
                           ("control.yaml", "alpha-start", "figures[0].value", "'.nan' is not a number"),
                           ("control.yaml", "alpha-start", "figures[1].value", "True is not a number")])


ENUM_FIELDS = [  # (file, text to replace, new text, record, field, allowed values named in the message)
    ("control.yaml", "precision: day", "precision: Day", "alpha-start", "precision", "allowed: day, month, year"),
    ("control.yaml", "kind: scheduled", "kind: [scheduled]", "alpha-deadline", "kind", "allowed: actual, scheduled"),
    ("control.yaml", "controller: armenian_forces", "controller: armenia", "beta-start", "set.controller",
     "allowed: armenian_forces, azerbaijan, split"),
    ("control.yaml", "set: {peacekeeping_zone: true}", "set: {peacekeeping_zone: 'yes'}", "beta-zone",
     "set.peacekeeping_zone", "allowed: true, false"),
    ("control.yaml", "set: {peacekeeping_zone: true}", "set: {controlled: true}", "beta-zone", "set.controlled",
     "unknown field; allowed: controller, share, pending_handover, peacekeeping_zone"),
    ("events.yaml", "precision: day", "precision: 1", "start", "precision", "allowed: day, month, year"),
    ("positions.yaml", "kind: headquarters", "kind: HQ", "hq", "kind", "allowed: headquarters, base, observation_post"),
    ("positions.yaml", "operator: russian_peacekeepers", "operator: un", "hq", "operator",
     "allowed: russian_peacekeepers, joint_russian_turkish"),
    ("positions.yaml", "precision: settlement", "precision: town", "hq", "precision",
     "allowed: exact, settlement, approximate"),
    ("positions.yaml", "start: 2020-11-10", "start: 2020-11-10\n  start_precision: week", "hq", "start_precision",
     "allowed: day, month, year"),
    ("positions.yaml", "end: 2024-06-12", "end: 2024-06-12\n  end_precision: null", "hq", "end_precision",
     "None is not allowed; allowed: day, month, year (or no 'end_precision' at all)"),
    ("districts.geojson", '"role": "story"', '"role": "Story"', "AZ-AAA", "role", "allowed: story, city, context"),
    ("districts.geojson", '"country": "AM"', '"country": "ARM"', "AM-CCC", "country", "allowed: AZ, AM"),
    ("../seeds/index.yaml", "publisher_basis: unknown", "publisher_basis: guessed", "alpha.txt", "publisher_basis",
     "allowed: stated, inferred, unknown"),
    ("../seeds/index.yaml", "date_basis: inferred", "date_basis: false", "alpha.txt", "date_basis",
     "allowed: stated, inferred, unknown"),
    ("../seeds/index.yaml", "date_precision: day", "date_precision: hour", "alpha.txt", "date_precision",
     "allowed: day, month, year"),
]


@pytest.mark.parametrize(("file", "old", "new", "record", "field", "words"), ENUM_FIELDS,
                         ids=[f"{e[0].replace('../', '')}:{e[4]}" for e in ENUM_FIELDS])
def test_every_enum_field_rejects_an_unknown_value(mini, file, old, new, record, field, words):
    sub(file, old, new)(mini)
    assert_problems(mini, [(_label(file), record, field, words)])


def test_unknown_enum_values_through_the_cli(mini):
    done = set()
    for file, old, new, *_ in ENUM_FIELDS:
        if (file, old) not in done:  # one value per place in the file
            sub(file, old, new)(mini)
            done.add((file, old))
    assert_rejected(mini, [(_label(file), record, field, words) for file, old, _, record, field, words in ENUM_FIELDS
                           if field != "set.controlled"])


# --- malicious input -----------------------------------------------------------------------------


ALIASES = "anchors (&name) and aliases (*name) are not allowed in data files; write the value out where it is used"


def test_billion_laughs_neither_hangs_nor_floods_the_messages(mini):
    bomb = "- id: bomb\n" + laughs("x") + "".join(
        f"  {key}: *l9\n" for key in ("date", "precision", "title", "citations"))
    (mini / "events.yaml").write_text(bomb + (mini / "events.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (mini / "positions.yaml").write_text("- id: bombs\n" + laughs("y") + "  place: *l9\n  kind: *l9\n"
                                         "  radius_m: *l9\n  start: *l9\n", encoding="utf-8")
    started = time.perf_counter()
    result = assert_rejected(mini, [("events.yaml", "-", "-", "invalid YAML at line 11, column 7: " + ALIASES),
                                    ("positions.yaml", "-", "-", "invalid YAML at line 11, column 7: " + ALIASES)])
    assert time.perf_counter() - started < 20
    assert len(result.stderr) < 5000


def test_billion_laughs_as_the_list_of_records(mini):
    root = "\n".join(f"- &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" if i else "- &l0 [lol, lol, lol]"
                     for i in range(10))
    (mini / "control.yaml").write_text(root + "\n", encoding="utf-8")
    result = assert_rejected(mini, [("control.yaml", "-", "-", "invalid YAML at line 1, column 3: " + ALIASES)])
    assert len(result.stderr) < 5000


def test_records_sharing_one_huge_list_of_quotes_are_refused_at_once(mini):
    """1,000 records citing one list of 1,000 quotes through an alias: a million quote checks (minutes) and,
    quotes being wrong, a million problems; the alias alone is refused instead."""
    quotes = "".join(f"    - {{source: alpha.txt, quote: \"not in the seed {i}\"}}\n" for i in range(1000))
    records = "".join(f"- {{id: e{i}, date: 2020-11-20, precision: day, title: T, citations: *q}}\n"
                      for i in range(1000))
    (mini / "events.yaml").write_text("- id: anchor\n  date: 2020-11-20\n  precision: day\n  title: T\n"
                                      "  citations: &q\n" + quotes + records, encoding="utf-8")
    started = time.perf_counter()
    result = run_validate(mini)
    assert time.perf_counter() - started < 20
    assert_cli_rejected(result, check_package(mini)[1], [("events.yaml", "-", "-", ALIASES)])
    assert len(result.stderr.splitlines()) < 10


def test_thousands_of_problems_are_listed_up_to_200_with_a_count_of_the_rest(mini):
    edit_yaml(mini / "events.yaml", lambda events: events.extend(
        {"id": f"bad-{i:04}", "date": "2020-11-20", "precision": "hour", "title": "T",
         "citations": [{"source": "ext-report", "note": "n"}]} for i in range(1500)))
    _, problems = check_package(mini)
    assert len(problems) == 1500
    result = run_validate(mini)
    assert_cli_rejected(result, problems, [("events.yaml", "bad-0000", "precision", "allowed: day, month, year")])
    listed = [line for line in result.stderr.splitlines() if line.startswith("  - events.yaml: record 'bad-")]
    assert len(listed) == 200
    assert "  - ... and 1300 more problem(s) not listed; fix these first" in result.stderr
    state = subprocess.run([sys.executable, "-m", "geo", "state", "2020-11-20", "--data", str(mini)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert state.returncode == 1 and "Traceback" not in state.stderr
    assert "1500 problem(s)" in state.stderr and "and 1300 more problem(s)" in state.stderr
    assert len(state.stderr.splitlines()) < 210


# --- files that are not what they seem -----------------------------------------------------------


def run_bounded(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The CLI with a time limit and at most 3 GB of memory, so that reading /dev/zero or waiting on a FIFO
    fails the test instead of the machine."""
    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    try:
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`python -m geo {' '.join(args)}` still ran after {timeout} s (a FIFO read blocks for ever)")


def test_fifos_are_refused_without_waiting_for_a_writer(mini):
    for path in (mini / "events.yaml", mini.parent / "seeds" / "alpha.txt"):
        path.unlink()
        os.mkfifo(path)
    result = run_bounded("validate", "--data", str(mini))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]  # before in-process
    expected = [("events.yaml", "-", "-", "file is a FIFO (named pipe); expected a regular file"),
                ("seeds/index.yaml", "alpha.txt", "id", "seed file seeds/alpha.txt is a FIFO (named pipe); expected a "
                                                        "regular file")]
    assert_cli_rejected(result, assert_problems(mini, expected), expected)


def test_devices_are_refused_without_reading_them(mini):
    (mini / "events.yaml").unlink()
    (mini / "events.yaml").symlink_to("/dev/zero")
    (mini / "sources.yaml").unlink()
    (mini / "sources.yaml").symlink_to("/dev/urandom")
    result = run_bounded("validate", "--data", str(mini))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]  # before in-process
    expected = [("events.yaml", "-", "-", "file is a character device; expected a regular file"),
                ("sources.yaml", "-", "-", "file is a character device; expected a regular file")]
    assert_cli_rejected(result, assert_problems(mini, expected), expected)


def test_a_seed_linked_inside_seeds_and_an_upper_case_sha256_are_accepted(mini):
    seeds = mini.parent / "seeds"
    (seeds / "alpha.txt").rename(seeds / "alpha-original.txt")
    (seeds / "alpha.txt").symlink_to("alpha-original.txt")
    index = seeds / "index.yaml"
    digest = hashlib.sha256((seeds / "alpha-original.txt").read_bytes()).hexdigest()
    index.write_text(index.read_text(encoding="utf-8").replace(digest, digest.upper()), encoding="utf-8")
    package, problems = check_package(mini)
    assert problems == []
    assert package.seed_texts["alpha.txt"].startswith("Forces entered Alpha")


def test_yaml_words_and_exponents_read_as_the_format_means_them(mini):
    """`no`, `on`, `1:30` in a text field are that text (YAML 1.1 made them false, true and 90); `1e1` is ten."""
    sub("events.yaml", "title: Line fixed", "title: no")(mini)
    sub("sources.yaml", 'title: "A report"', "title: 1:30")(mini)
    sub("positions.yaml", "name: Headquarters", "name: on")(mini)
    sub("corridor.yaml", "width_km: 5", "width_km: 1e1")(mini)
    package, problems = check_package(mini)
    assert problems == []
    assert [e.title for e in package.events if e.id == "start"] == ["no"]
    assert package.sources["ext-report"].title == "1:30"
    assert [p.name for p in package.positions] == ["on"]
    assert package.routes[0].width_km == 10.0


def test_state_json_never_meets_a_lone_surrogate(mini):
    sub("districts.geojson", '"label": "Alpha/Alfa"', '"label": "\\udfff"')(mini)
    result = run_bounded("state", "2020-11-20", "--json", "--data", str(mini))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "districts.geojson: record 'AZ-AAA', field 'properties.label': contains a lone surrogate" in result.stderr


SEED_IDS = [  # (as written in YAML, the id read)
    ("'../secret.txt'", "../secret.txt"), ("/etc/hostname", "/etc/hostname"), ("sub/alpha.txt", "sub/alpha.txt"),
    ("'..'", ".."), (".hidden", ".hidden"), ("'alpha.txt\\..\\..\\secret.txt'", "alpha.txt\\..\\..\\secret.txt"),
    ('"alpha\\0.txt"', "alpha\x00.txt"),
]


def test_seed_ids_cannot_leave_the_seeds_directory(mini):
    secret = mini.parent / "secret.txt"  # beside seeds/: a traversal would find it, with a matching hash
    secret.write_text("Forces entered Alpha district on Friday.\n", encoding="utf-8")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    index = mini.parent / "seeds" / "index.yaml"
    index.write_text(index.read_text(encoding="utf-8") + "".join(
        f"- {{id: {written}, title: T, publisher: null, publisher_basis: unknown, date: null, date_basis: unknown, "
        f"sha256: {digest}}}\n" for written, _ in SEED_IDS), encoding="utf-8")
    sub("events.yaml", "source: alpha.txt", "source: ../secret.txt")(mini)
    assert_rejected(mini, [("seeds/index.yaml", read, "id", "must be a plain file name inside seeds/")
                           for _, read in SEED_IDS] + [
                           ("events.yaml", "handover", "citations[0].source", "unknown source '../secret.txt'")])
    package, _ = check_package(mini)
    assert set(package.seed_texts) == {"alpha.txt"}


def test_a_data_dir_that_is_a_file(tmp_path):
    data = tmp_path / "data"
    data.write_text("title: not a directory\n", encoding="utf-8")
    before = data.read_bytes()
    _, problems = check_package(data)
    assert [str(p) for p in problems] == [f"{data}: record '-', field '-': is a file, not a data directory"]
    result = run_validate(data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{data}: record '-', field '-': is a file, not a data directory" in result.stderr
    assert data.read_bytes() == before


# --- accepted oddities, and nothing dropped ------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted(mini):
    files = [*mini.glob("*.yaml"), *mini.glob("*.geojson"), *mini.glob("*.csv"), mini.parent / "seeds" / "index.yaml"]
    clean, _ = check_package(mini)
    for path in files:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    package, problems = check_package(mini)
    assert problems == []
    assert (package.districts.keys(), package.geonames, len(package.changes)) == (
        clean.districts.keys(), clean.geonames, len(clean.changes))
    result = run_validate(mini)
    assert result.returncode == 0 and result.stdout.startswith("OK:"), result.stderr


def test_a_hundred_hostile_records_give_a_hundred_problems(mini):
    defects = [
        ("date", "2020-13-01", "date", "not a real date"),
        ("precision", "hour", "precision", "allowed: day, month, year"),
        ("title", None, "title", "is required"),
        ("citations", [], "citations", "needs at least one citation"),
        ("citations", [{"source": "nobody", "note": "x"}], "citations[0].source", "unknown source 'nobody'"),
    ]
    expected = []

    def add(events):
        for i in range(100):
            key, value, field, words = defects[i % len(defects)]
            record = {"id": f"bad-{i:03}", "date": "2020-11-20", "precision": "day", "title": f"Bad {i}",
                      "citations": [{"source": "ext-report", "note": "n"}], key: value}
            events.append(record)
            expected.append(("events.yaml", f"bad-{i:03}", field, words))
    edit_yaml(mini / "events.yaml", add)
    _, problems = check_package(mini)
    assert len(problems) == 100
    assert sorted((p.file, p.record, p.field) for p in problems) == sorted(e[:3] for e in expected)
    result = assert_rejected(mini, expected)
    assert result.stderr.count("\n  - events.yaml: record 'bad-") == 100
