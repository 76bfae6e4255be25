"""`python -m geo export-intervals`: one row per interval, agreeing with `state DATE --json` on every stop date,
written as CSV, GeoJSON, GeoPackage (Date fields) and a Frictionless data package that `frictionless` accepts."""

import csv
import datetime as dt
import io
import json
import sqlite3

import frictionless  # in the test extras: a missing one fails, never skips
import pyogrio

from geo import Timeline, load_package
from geo.cli import main
from geo.frames import frame_dates
from geo.intervals import COLUMNS, interval_rows, location_codes
from geo.statejson import state_json


def _covering(rows, layer, date):
    return [r for r in rows if r["layer"] == layer and r["start_date"] <= date
            and (r["end_date"] is None or date <= r["end_date"])]


def _check_against_state(package, dates):
    """On each date, each district, settlement, post and route has exactly the one interval that says what
    `state DATE --json` says, with the same sources."""
    timeline = Timeline(package)
    rows = interval_rows(package, timeline)
    assert len({r["interval_id"] for r in rows}) == len(rows)
    for date in dates:
        state = state_json(package, timeline, date)
        by_id = {}
        for layer in ("district", "settlement", "post", "corridor_route"):
            for row in _covering(rows, layer, date):
                assert (layer, row["id"]) not in by_id, f"two {layer} intervals of {row['id']} cover {date}"
                by_id[layer, row["id"]] = row
        assert {i for (layer, i) in by_id if layer == "district"} == set(state["districts"]), date
        for did, d in state["districts"].items():
            row = by_id["district", did]
            assert (row["controller"], row["share"], row["status"], row["sources"]) == (
                d["controller"], d["share"], d["status"], d["sources"]), (did, date)
            assert (row["pending_handover"].isoformat() if row["pending_handover"] else None) == d["pending_handover"]
            assert row["peacekeeping_zone"] == str(d["peacekeeping_zone"]).lower()
        assert {i for (layer, i) in by_id if layer == "settlement"} == {p["id"] for p in state["places"]}, date
        for p in state["places"]:
            row = by_id["settlement", p["id"]]
            assert (row["controller"], row["sources"]) == (p["controller"], p["sources"]), (p["id"], date)
            assert row["basis"] == (p["basis"] or "prior")
        assert {i for (layer, i) in by_id if layer == "post"} == {p["id"] for p in state["positions"]}, date
        routes = [i for (layer, i) in by_id if layer == "corridor_route"]
        assert routes == ([state["corridor"]["route_id"]] if state["corridor"] else []), date
    return rows


def test_intervals_say_what_state_says_on_every_stop_date_of_the_mini_package(mini):
    package = load_package(mini)
    timeline = Timeline(package)
    days = [*frame_dates(timeline), *(d - dt.timedelta(days=1) for d in timeline.stops() if d > timeline.start)]
    rows = _check_against_state(package, days)
    assert {r["layer"] for r in rows} == {"district", "settlement", "post", "corridor_route"}


def test_intervals_say_what_state_says_on_every_stop_date_of_the_real_package():
    package = load_package()
    rows = _check_against_state(package, frame_dates(Timeline(package)))
    # Everything the package holds has its intervals: every post and route once, every timeline place.
    assert sorted(r["id"] for r in rows if r["layer"] == "post") == sorted(p.id for p in package.positions)
    assert sorted(r["id"] for r in rows if r["layer"] == "corridor_route") == sorted(r.id for r in package.routes)
    assert {r["id"] for r in rows if r["layer"] == "settlement"} == {c.place for c in package.place_changes}
    announced = [r for r in rows if r["basis"] == "announced"]
    assert announced and all(r["claimant"] for r in announced)  # who announced it travels with the claim


def test_precision_codes_follow_the_documented_mapping(mini):
    assert location_codes("exact", 50) == (1, 1)
    assert location_codes("settlement", 2000) == (1, 1)
    assert location_codes("approximate", 25_000) == (2, 2)
    assert location_codes("approximate", 25_001) == (3, 3)
    assert location_codes("district", None) == (3, 4)
    package = load_package()
    rows = interval_rows(package, Timeline(package))
    month = [r for r in rows if "month" in (r["start_precision"], r["end_precision"])]
    assert month and all((r["time_precision"], r["date_prec"]) == (3, 4) for r in month)
    day = [r for r in rows if {r["start_precision"], r["end_precision"]} <= {"day", None} and r["start_precision"]]
    assert day and all((r["time_precision"], r["date_prec"]) == (1, 1) for r in day)
    assert all((r["geo_precision"], r["where_prec"]) == (3, 4) for r in rows if r["layer"] == "district")


def test_csv_and_geojson(mini, tmp_path, capsys):
    assert main(["export-intervals", "--format", "csv", "--data", str(mini)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("\ufeff")  # the one CSV writer's BOM
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(table[0]) == list(COLUMNS)
    assert any(r["end_date"] == "" for r in table)  # still so
    out = tmp_path / "i.geojson"
    assert main(["export-intervals", "--format", "geojson", "--data", str(mini), "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == len(table)
    for f in features:  # folium Timeline's start/end: epoch ms, the end the last millisecond of the last day
        p = f["properties"]
        start = dt.datetime.fromtimestamp(p["start"] / 1000, dt.UTC).date()
        end = dt.datetime.fromtimestamp(p["end"] / 1000, dt.UTC).date()
        assert start.isoformat() == p["start_date"]
        if p["end_date"] is None:
            assert end == dt.date(2031, 1, 1)  # the day after the mini package's covered range
        else:
            assert end.isoformat() == p["end_date"] and (p["end"] + 1) % 86_400_000 == 0


def test_gpkg_has_date_fields_and_null_for_still_so(mini, tmp_path):
    out = tmp_path / "intervals.gpkg"
    assert main(["export-intervals", "--format", "gpkg", "--data", str(mini), "--out", str(out)]) == 0
    layers = {name: kind for name, kind in pyogrio.list_layers(out)}
    assert layers == {"districts": "MultiPolygon", "settlements": "Point", "posts": "Point",
                      "corridor_routes": "LineString"}
    for layer in layers:
        info = pyogrio.read_info(out, layer=layer)
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        assert types["start_date"] == types["end_date"] == types["pending_handover"] == "OFTDate", layer
    with sqlite3.connect(out) as db:
        ends = [row[0] for row in db.execute("SELECT end_date FROM districts")]
    assert None in ends and "2020-11-19" in ends  # NULL: still so; a day otherwise


def test_export_intervals_never_replaces_a_file_or_folder(mini, tmp_path, capsys):
    for fmt in ("gpkg", "csv", "geojson", "datapackage"):
        out = tmp_path / f"mine.{fmt}"
        out.write_text("mine", encoding="utf-8")
        assert main(["export-intervals", "--format", fmt, "--data", str(mini), "--out", str(out)]) == 1
        assert out.read_text(encoding="utf-8") == "mine"
        assert "exists" in capsys.readouterr().err
    assert main(["export-intervals", "--format", "gpkg", "--data", str(mini)]) == 1
    assert "give --out PATH" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"mine.{f}" for f in ("gpkg", "csv", "geojson",
                                                                                        "datapackage")) + ["mini"]


def test_datapackage_is_valid_for_frictionless_and_its_keys_are_checked(mini, tmp_path):
    out = tmp_path / "dp"
    assert main(["export-intervals", "--format", "datapackage", "--data", str(mini), "--out", str(out)]) == 0
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {lic["name"] for lic in descriptor["licenses"]} >= {"MIT", "CC-BY-4.0"}
    links = next(r for r in descriptor["resources"] if r["name"] == "interval_sources")["schema"]["foreignKeys"]
    assert {fk["reference"]["resource"] for fk in links} == {"intervals", "sources"}
    # The keys are really checked: a claim citing a source missing from sources.csv makes it invalid.
    path = out / "interval_sources.csv"
    first = path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[0]
    path.write_text(path.read_text(encoding="utf-8-sig") + f"{first},no-such-source\r\n", encoding="utf-8-sig")
    broken = frictionless.validate(out / "datapackage.json")
    assert not broken.valid
    assert "foreign-key" in {e[0] for e in broken.flatten(["type"])}
