"""Hostile data packages: broken, truncated, mis-encoded, malicious or merely wrong files.

Every case is built from the mini package and checked twice: in-process with `check_package`
(the problems name file, record and field and say what is allowed) and as a user runs it,
`python -m geo validate --data DIR` in a subprocess (exit code 1, no traceback, the same
"file: record 'X', field 'Y'" lines, every line short, and no file touched). The cases' packages
are built once and their subprocesses run a few at a time in the background, to keep this fast.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.helpers import (
    GARBAGE,
    PLACES,
    SQUARE,
    Case,
    assert_cli_rejected,
    assert_problems,
    both,
    cut_before,
    drop_properties,
    feature,
    geojson,
    grow,
    grow_seed,
    link_seed_outside,
    recode,
    run_validate,
    snapshot,
    sub,
    write,
)

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
    """Every selected case's package, built once, with its `validate` subprocess started (three at a time) when
    the command's test is selected too (`make check` leaves it out: it starts a process per case)."""
    assert len({c.id for c in FILE_CASES}) == len(FILE_CASES)
    chosen = [item for item in request.session.items
              if "case" in getattr(getattr(item, "callspec", None), "params", {})
              and item.module is request.module]
    selected = {item.callspec.params["case"].id for item in chosen}
    commands = {item.callspec.params["case"].id for item in chosen if item.originalname == CLI_TEST}
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
            run = pool.submit(run_validate, root / "data") if case.id in commands else None
            ready[case.id] = Prepared(root / "data", snapshot(root), run)
        yield ready


def prepared_case(prepared: dict[str, Prepared], case: Case) -> Prepared:
    ready = prepared[case.id]
    if ready.error is not None:
        raise ready.error
    return ready


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.id for c in FILE_CASES])
def test_hostile_package_is_rejected_naming_file_record_and_field(prepared, case):
    ready = prepared_case(prepared, case)
    assert_problems(ready.data, case.expected)
    assert snapshot(ready.data.parent) == ready.before


CLI_TEST = "test_the_command_rejects_it_alike_with_no_traceback_and_no_file_touched"


@pytest.mark.slow
@pytest.mark.parametrize("case", FILE_CASES, ids=[c.id for c in FILE_CASES])
def test_the_command_rejects_it_alike_with_no_traceback_and_no_file_touched(prepared, case):
    ready = prepared_case(prepared, case)
    problems = assert_problems(ready.data, case.expected)
    assert ready.result is not None
    assert_cli_rejected(ready.result.result(), problems, case.expected)
    assert snapshot(ready.data.parent) == ready.before
