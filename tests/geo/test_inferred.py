"""Areas of control inferred from the settlements (geo/inferred.py): where they are drawn, what they rest on,
and that the map's frames and `state --json` say the same."""

import datetime as dt
import io
import json
from contextlib import redirect_stdout

import pytest
import shapely
from shapely.geometry import Point, box, mapping, shape

from geo import Timeline, load_package
from geo._geom import geojson
from geo.cli import main
from geo.frames import MapEncoder, frame_dates, timeline_places
from geo.inferred import (
    ANNOUNCED,
    SOURCED,
    default_on,
    default_range,
    district_areas,
    inferred_control,
    to_metric,
    to_wgs84,
)
from geo.layers.districts import district_state
from geo.layers.places import place_state

D = dt.date
WAR = D(2020, 10, 20)
# A district of about 20 x 20 km, in the conflict area.
DISTRICT = box(46.6, 39.6, 46.84, 39.78)


@pytest.fixture(scope="module")
def real():
    package = load_package()
    timeline = Timeline(package)
    return package, timeline, inferred_control(package, timeline)


def test_each_settlement_rests_in_its_side_s_area_inside_the_district():
    seeds = (("west", 46.63, 39.7, "armenian_forces", False), ("east", 46.8, 39.7, "azerbaijan", False),
             ("north-east", 46.8, 39.76, "azerbaijan", True))
    areas = district_areas("X", to_metric(DISTRICT), seeds)
    assert {(a.controller, a.basis, a.places) for a in areas} == {
        ("armenian_forces", SOURCED, ("west",)), ("azerbaijan", SOURCED, ("east",)),
        ("azerbaijan", ANNOUNCED, ("north-east",))}
    for area in areas:
        for pid in area.places:
            _, lon, lat, _, _ = next(s for s in seeds if s[0] == pid)
            assert area.geometry.covers(Point(lon, lat))
        assert area.geometry.difference(DISTRICT.buffer(2e-5)).is_empty  # no further than the rounding
    # Together they fill the district (a split district's whole area is inferred, nothing twice).
    union = areas[0].geometry.union(areas[1].geometry).union(areas[2].geometry)
    assert abs(union.area - DISTRICT.area) < 1e-3 * DISTRICT.area
    assert sum(a.geometry.area for a in areas) == pytest.approx(union.area, rel=1e-3)


def test_a_district_whose_settlements_are_all_held_by_one_side_gets_no_areas():
    seeds = (("a", 46.63, 39.7, "armenian_forces", False), ("b", 46.8, 39.7, "armenian_forces", True))
    assert district_areas("X", to_metric(DISTRICT), seeds) == []


def test_the_metric_plane_round_trips():
    assert to_wgs84(to_metric(Point(46.7, 39.9))).distance(Point(46.7, 39.9)) < 1e-9


def test_areas_only_in_split_districts_cover_their_settlements_and_stay_inside(real):
    package, timeline, control = real
    areas = control.areas_at(WAR)
    assert areas
    split = set(control.split_districts(WAR))
    assert {a.district for a in areas} <= split
    for did in {a.district for a in areas}:
        assert district_state(timeline, did, WAR).controller == "split"  # a sourced status is never overridden
    for area in areas:
        outline = package.districts[area.district].geometry
        assert area.geometry.difference(outline.buffer(2e-5)).is_empty
        for pid in area.places:
            place = package.places[pid]
            state = place_state(timeline, pid, WAR)
            assert place.district == area.district and state.controller == area.controller
            assert (area.basis == ANNOUNCED) == (state.change is not None and state.change.announced_only(WAR))
            if outline.covers(Point(place.lon, place.lat)):  # some points lie just outside their coarse outline
                assert area.geometry.covers(Point(place.lon, place.lat))
    # Every settlement of a split district with both sides is some area's.
    rested = {pid for a in areas for pid in a.places}
    for did in {a.district for a in areas}:
        assert {p.id for p in timeline_places(package) if p.district == did} <= rested


def test_an_announced_only_settlement_s_area_is_flagged(real):
    _, _, control = real
    announced = [a for a in control.areas_at(WAR) if a.basis == ANNOUNCED]
    assert announced and all(a.announced for a in announced)


def test_state_json_has_the_inferred_control_as_geojson(real):
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["state", WAR.isoformat(), "--json"]) == 0
    collection = json.loads(out.getvalue())["inferred_control"]
    assert collection["type"] == "FeatureCollection" and collection["features"]
    _, _, control = real
    assert len(collection["features"]) == len(control.areas_at(WAR))  # no line of contact before 10 November
    for feature in collection["features"]:
        props = feature["properties"]
        assert props["controller"] in ("armenian_forces", "azerbaijan")
        assert props["basis"] in (SOURCED, ANNOUNCED)
        assert props["settlements"] and "not a surveyed front line" in props["note"]
        assert shape(feature["geometry"]).is_valid


def test_the_line_of_contact_is_drawn_from_10_november_2020(real):
    package, timeline, control = real
    before = control.feature_collection(D(2020, 11, 9))["features"]
    after = control.feature_collection(D(2020, 11, 10))["features"]
    assert not [f for f in before if f["properties"].get("kind") == "line_of_contact"]
    [line] = [f for f in after if f["properties"].get("kind") == "line_of_contact"]
    geometry = shape(line["geometry"])
    assert geometry.geom_type in ("LineString", "MultiLineString") and geometry.length > 0.5  # degrees
    assert "not a surveyed front line" in line["properties"]["note"]


def test_the_encoder_s_frames_reproduce_the_areas(real):
    package, timeline, control = real
    encoder = MapEncoder(package, timeline)
    table = encoder.tables["inferred"]
    ids = [p.id for p in timeline_places(package)]
    shown = 0
    for date in [*frame_dates(timeline), WAR, D(2020, 11, 11)]:
        drawn = [table["areas"][i] for i in table["sets"][encoder.frame(date)["inferred"]]]
        want = [f for f in control.feature_collection(date)["features"] if "district" in f["properties"]]
        got = [{"controller": a[1], "basis": ANNOUNCED if a[2] else SOURCED, "settlements": [ids[i] for i in a[3]],
                "geometry": a[4]} for a in drawn]
        assert got == [{**{k: f["properties"][k] for k in ("controller", "basis", "settlements")},
                        "geometry": f["geometry"]} for f in want]
        shown += bool(got)
    assert shown > 5
    assert shape(table["contact"]).equals(control.contact_line())


def test_a_frame_names_its_areas_in_a_few_bytes(real):
    package, timeline, _ = real
    encoder = MapEncoder(package, timeline)
    assert len(json.dumps(encoder.frame(WAR)["inferred"])) <= 4


def test_the_dates_are_the_profile_s_and_a_package_without_them_shows_no_default_areas_and_no_contact_line(mini):
    """The default-on range and the line of contact's date come from profile.yaml `inferred` (issue 20); the mini
    package, with the first package's dates, has both; without them its areas stay off and no line is drawn."""
    package = load_package(mini)
    timeline = Timeline(package)
    table = MapEncoder(package, timeline).tables["inferred"]
    assert table["defaultOn"] == ["2020-09-27", "2020-12-01"] and table["contactFrom"] == "2020-11-10"
    assert table["contact"] is not None and default_on(package, WAR)
    profile = mini / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[:text.index("\ninferred:")] + "\n", encoding="utf-8")
    package = load_package(mini)
    timeline = Timeline(package)
    control = inferred_control(package, timeline)
    assert control.areas_at(D(2020, 11, 10)) and not control.has_contact()  # areas, but no line between them
    table = MapEncoder(package, timeline).tables["inferred"]
    assert table["contact"] is None and table["contactFrom"] is None and table["defaultOn"] is None
    assert default_range(package) is None
    assert not any(default_on(package, day) for day in frame_dates(timeline))
    features = control.feature_collection(D(2020, 11, 10))["features"]
    assert features and not [f for f in features if f["properties"].get("kind") == "line_of_contact"]


def test_the_first_package_keeps_its_dates():
    profile = load_package().profile
    assert profile is not None
    assert profile.inferred_default_on == (D(2020, 9, 27), D(2020, 12, 1)) and profile.contact_date == D(2020, 11, 10)
    assert profile.contact_country == "AZ"


def test_the_frames_reproduce_the_areas_where_districts_and_settlements_change_on_different_days(tmp_path):
    # The encoder recomputes, on each frame date, only the districts something changed in (geo/inferred.py,
    # changed_over); here districts turn split and whole on their own days and settlements change on theirs.
    from bench.synthetic import make_package
    from geo import check_package
    from tests.conftest import edit_yaml

    data = make_package(tmp_path, 4, 24, settlements=40, place_changes=120, seed=5)
    looks = iter([("split", 0.5), ("azerbaijan", None), ("split", 0.3)] * 8)

    def turn(records: list[dict]) -> list[dict]:
        for r in records:
            r["set"]["controller"], r["set"]["share"] = next(looks)
        return records
    edit_yaml(data / "control.yaml", turn)
    package = check_package(data)[0]  # the rule across layers objects; the areas are drawn all the same
    timeline = Timeline(package)
    encoder, control = MapEncoder(package, timeline), inferred_control(package, timeline)
    table, ids = encoder.tables["inferred"], [p.id for p in timeline_places(package)]
    kinds = set()
    for date in frame_dates(timeline):
        drawn = [table["areas"][i] for i in table["sets"][encoder.frame(date)["inferred"]]]
        want = control.areas_at(date)
        assert [(a[0], a[1], [ids[i] for i in a[3]]) for a in drawn] == [
            (a.district, a.controller, list(a.places)) for a in want], date
        kinds.add(len(want))
    assert len(kinds) > 3  # the areas come and go


@pytest.mark.parametrize("wkt", [
    "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))",
    "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
    "LINESTRING (46.1 39.2, 46.3 39.25)", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
    "POINT (1 2)", "POLYGON EMPTY", "LINESTRING Z (0 0 1, 1 1 2)", "GEOMETRYCOLLECTION (POINT (0 0))",
])
def test_the_areas_geojson_reads_as_shapely_s_own(wkt):
    """The areas' GeoJSON (geo._geom.geojson, which takes the coordinates in one call) is shapely's mapping."""
    geometry = shapely.from_wkt(wkt)
    assert json.dumps(geojson(geometry)) == json.dumps(mapping(geometry))
