"""Each layer owns its record end to end (issue 17, item 3): schema, model, reader and query for a date live in the
layer's module(s); the shared modules no longer hold them, and the package loads each record through its layer.
(The registry's own contract is in test_layer_registry.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from geo import DateOutOfRange, Timeline, load_package
from geo.frames import MapEncoder, map_data, map_geometry
from geo.layers import LAYERS
from tests.helpers.mapcore import plugins

D = dt.date
DATES = (dt.date(1994, 5, 12), dt.date(2020, 11, 10), dt.date(2022, 8, 30), dt.date(2023, 9, 20))


@pytest.fixture(scope="module")
def real():
    package = load_package()
    return package, Timeline(package), MapEncoder(package, Timeline(package))


def test_the_post_counts_layer_owns_its_record_from_file_to_frame(real):
    """The worked example of issue 17: one module holds the post counts' schema, model, reader, query for a date,
    sentence and encoder; the shared modules no longer do, and the package loads its counts through it."""
    import geo.describe
    import geo.layers.places_record
    import geo.models
    import geo.schemas
    from geo.layers import post_counts

    package, timeline, encoder = real
    assert post_counts.LAYER in LAYERS
    for part in (post_counts.PostCountRecord, post_counts.PostCount, post_counts.read_post_counts,
                 post_counts.count_at, post_counts.sentence):
        assert part.__module__ == "geo.layers.post_counts", part
    assert not any(hasattr(module, name) for module, name in (
        (geo.schemas, "PostCountRecord"), (geo.models, "PostCount"), (geo.layers.places_record, "read_post_counts"),
        (Timeline, "post_count_at"), (geo.describe, "located_posts")))
    assert package.post_counts and all(isinstance(c, post_counts.PostCount) for c in package.post_counts)
    # Its table once, its frame a date's index into it and the posts located; its words drawn from the profile.
    assert [row["id"] for row in encoder.tables["postCounts"]] == [c.id for c in package.post_counts]
    data = map_data(package, encoder)
    mission = next(iter(encoder.words.operators.values())).legend
    assert set(data["postCountWords"]) == {"total", "planned", "closed"}
    assert all(f"({mission})" in words and "{mission}" not in words for words in data["postCountWords"].values())
    index, located = encoder.frame(D(2021, 6, 1))["post_count"]
    assert package.post_counts[index] == post_counts.count_at(timeline, D(2021, 6, 1))
    assert located == post_counts.located(timeline, D(2021, 6, 1)) > 0


def test_the_post_count_legend_line_fills_its_words_in_one_pass(real):
    """A publisher's name holding a template's braces stays as written (the plugin fills them alike)."""
    from geo.layers.post_counts import legend_line

    encoder = real[2]
    row = {"id": "x", "kind": "total", "total": 23, "date": "2020-11-20", "when": "on 20 November 2020",
           "source": "{total} News {located}"}
    line = legend_line(encoder.words, row, 6)
    assert line.endswith(": 6 of the 23 reported on 20 November 2020 (source: {total} News {located})"), line
    assert legend_line(encoder.words, None, 6) == ""


def test_the_periods_module_owns_their_record_but_draws_no_map_layer(real):
    """The periods' schema, model, reader and query live in geo/layers/periods.py; a period is not drawn on the
    map, so it has no plugin and is not registered (what shows it is the hosts' date details and period lists)."""
    import geo.layers.places_record
    import geo.models
    import geo.schemas
    from geo.layers import periods

    package, timeline, _ = real
    for part in (periods.PeriodRecord, periods.Period, periods.read_periods, periods.ongoing, periods.sentence):
        assert part.__module__ == "geo.layers.periods", part
    assert not any(hasattr(module, name) for module, name in (
        (geo.schemas, "PeriodRecord"), (geo.models, "Period"), (geo.layers.places_record, "read_periods"),
        (Timeline, "ongoing")))
    assert "periods" not in {layer.name for layer in LAYERS} | set(plugins())
    assert package.periods and all(isinstance(p, periods.Period) for p in package.periods)
    war = next(p for p in periods.ongoing(timeline, D(2020, 10, 20)) if p.length_days == 44)
    assert periods.sentence(war, D(2020, 10, 20)) == f"{war.title}: day 24 of 44"


def test_the_corridor_layer_owns_its_routes_from_file_to_frame(real):
    """The corridor's routes as the post counts: one module holds their schema, model, reader, queries for a date
    and encoder; the shared modules no longer do, and the package loads its routes through it. The band stays in
    geo/corridor.py, which the validation rules share, and the layer draws that same band."""
    from shapely.geometry import shape

    import geo.corridor
    import geo.load
    import geo.models
    import geo.schemas
    from geo.layers import corridor

    package, timeline, encoder = real
    assert corridor.LAYER in LAYERS
    for part in (corridor.RouteRecord, corridor.CorridorRoute, corridor.read_routes, corridor.route_at,
                 corridor.former_route, corridor.corridor_geojson):
        assert part.__module__ == "geo.layers.corridor", part
    assert not any(hasattr(module, name) for module, name in (
        (geo.schemas, "RouteRecord"), (geo.models, "CorridorRoute"), (geo.load, "_routes"), (Timeline, "route_at"),
        (geo.corridor, "former_route"), (geo.corridor, "corridor_geojson")))
    assert package.routes and all(isinstance(r, corridor.CorridorRoute) for r in package.routes)
    # Its frame: the route in use and the one most recently out of use, by id (the 2022 and 2023 moves of the road).
    first, second, third = (r.id for r in package.routes)
    expected = {D(2020, 11, 9): (None, None), D(2020, 11, 10): (first, None), D(2022, 8, 29): (first, None),
                D(2022, 8, 30): (second, first), D(2023, 3, 30): (third, second), D(2023, 10, 2): (None, third)}
    for day, (now, former) in expected.items():
        assert (encoder.frame(day)["corridor"], encoder.frame(day)["former_corridor"]) == (now, former), day
        route = corridor.route_at(timeline, day)
        assert (route.id if route else None) == now, day
    with pytest.raises(DateOutOfRange):
        corridor.route_at(timeline, package.coverage_end + dt.timedelta(days=1))
    # Its geometry: each route's band (geo/corridor.py's, Shusha cut out) and line, sent once.
    bands = map_geometry(package)["corridors"]
    assert list(bands) == [r.id for r in package.routes]
    for route in package.routes:
        band, line = bands[route.id]["features"]
        assert shape(band["geometry"]).equals(geo.corridor.corridor_band(route, package))
        assert line["geometry"]["coordinates"] == tuple(route.coordinates)


def test_the_positions_layer_owns_its_record_from_file_to_frame(real):
    """Issue 17 item 3 for the positions: one module holds their schema, model, reader, query for a date and
    encoder; the shared modules no longer do (geo/models.py and geo/timeline.py name the model for type checks only),
    and its reader gives the package's positions."""
    import ast

    import geo.load
    import geo.models
    import geo.schemas
    import geo.timeline
    from geo._parse import Collector
    from geo.layers import positions
    from geo.profile import Allowed

    package, timeline, encoder = real
    assert positions.LAYER in LAYERS
    for part in (positions.PositionRecord, positions.Position, positions.read_positions, positions.positions_at):
        assert part.__module__ == "geo.layers.positions", part
    assert not any(hasattr(module, name) for module, name in (
        (geo.schemas, "PositionRecord"), (geo.schemas, "OperatorId"), (geo.models, "Position"),
        (geo.load, "_positions"), (Timeline, "positions_at")))
    # A shared module may name the layer's model for type checks, never import the layer when it is imported.
    for shared in (geo.models, geo.timeline, geo.schemas):
        tree = ast.parse(Path(shared.__file__).read_text())
        guarded = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
        assert not [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and (node.module or "").startswith("layers") and id(node) not in guarded], shared.__name__
    # Its reader, on the package's own files, gives what the package loaded, with no problem.
    out = Collector()
    read = positions.read_positions(Path(package.data_dir), package.geonames, package.places, out,
                                    Allowed.of(package.profile))
    assert read == package.positions and not out.problems
    assert package.positions and all(isinstance(p, positions.Position) for p in package.positions)
    # Its table once; its frame indexes into it the positions its query gives for the date.
    assert [row["id"] for row in encoder.tables["positions"]] == [p.id for p in package.positions]
    day = D(2020, 11, 20)
    active = positions.positions_at(timeline, day)
    assert active and [package.positions[i] for i, *_ in encoder.frame(day)["positions"]] == active
    with pytest.raises(DateOutOfRange):
        positions.positions_at(timeline, timeline.start - dt.timedelta(days=1))


def _imports_layers_unguarded(module: Any) -> list[str]:
    """The imports of geo/layers/ a shared module makes when it is imported (not under TYPE_CHECKING)."""
    import ast

    tree = ast.parse(Path(module.__file__).read_text())
    guarded = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
               and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
    return [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("layers") and id(node) not in guarded]


def test_the_districts_layer_owns_its_record_from_file_to_frame(real):
    """Issue 17 items 3 and 4 for the districts: their layer (and its record module beside it) holds control.yaml's
    schema, the models, the reader, the forward fill, the queries for a date and the status sentences; the shared
    modules (schemas, models, load, Timeline, describe) no longer do, and its reader gives the package's changes."""
    import geo.describe
    import geo.load
    import geo.models
    import geo.schemas
    import geo.timeline
    from geo._parse import Collector
    from geo.layers import districts, districts_record

    package, timeline, encoder = real
    assert districts.LAYER in LAYERS
    for part in (districts_record.ChangeRecord, districts_record.StateSet, districts_record.ControlChange,
                 districts_record.DistrictState, districts_record.read_changes, districts_record.replay):
        assert part.__module__ == "geo.layers.districts_record", part
    for part in (districts.district_state, districts.state_at, districts.state_for, districts.status_text,
                 districts.status_key, districts.state_table, districts.share_words):
        assert part.__module__ == "geo.layers.districts", part
    assert not any(hasattr(module, name) for module, name in (
        (geo.schemas, "ChangeRecord"), (geo.schemas, "StateSet"), (geo.models, "ControlChange"),
        (geo.models, "DistrictState"), (geo.load, "_changes"), (Timeline, "state_at"), (Timeline, "district_state"),
        (geo.timeline, "replay"), (geo.describe, "status_text"), (geo.describe, "state_table"),
        (geo.describe, "_state_for")))
    for shared in (geo.models, geo.timeline, geo.schemas, geo.describe):
        assert not _imports_layers_unguarded(shared), shared.__name__
    # Its reader, on the package's own files, gives what the package loaded, with no problem.
    out = Collector()
    read, rejected = districts_record.read_changes(Path(package.data_dir), out, package.profile)
    assert read == package.changes and not rejected and not out.problems
    assert package.changes and all(isinstance(c, districts_record.ControlChange) for c in package.changes)
    # Its frame picks for each timeline district the look of the state its query gives for the date.
    looks = encoder.tables["looks"]
    texts = encoder.tables["texts"]
    words = encoder.words
    for day in DATES:
        frame = encoder.frame(day)["looks"]
        for i, did in enumerate(encoder.tables["ids"]):
            district = package.districts[did]
            state = districts.state_for(timeline, district, day)
            assert texts[looks[i][frame[i]][2]] == districts.status_text(district, state, words), (did, day)
        assert set(districts.state_at(timeline, day)) == set(timeline.changed_districts())
    with pytest.raises(DateOutOfRange):
        districts.state_at(timeline, timeline.end + dt.timedelta(days=1))


def test_the_places_layer_owns_its_records_from_file_to_frame(real):
    """Issue 17 items 3 and 4 for the settlements: their layer (and its record module beside it) holds the schemas
    of places.yaml and place_control.yaml, the models, the readers, the queries for a date and the sentences; the
    shared modules (schemas, models, Timeline, describe; geo/load_places.py and geo/schemas_places.py are gone)
    no longer do, and its readers give the package's places and changes."""
    import geo.describe
    import geo.models
    import geo.schemas
    import geo.schemas_districts
    from geo._parse import Collector
    from geo.layers import places, places_points, places_record
    from geo.profile import Allowed

    package, timeline, encoder = real
    assert places.LAYER in LAYERS
    for part in (places_record.PlaceRecord, places_record.PlaceChangeRecord, places_record.Place,
                 places_record.Coordinate, places_record.PlaceChange, places_record.PlaceState,
                 places_record.read_places, places_record.read_place_changes):
        assert part.__module__ == "geo.layers.places_record", part
    assert places_points.written_degrees.__module__ == "geo.layers.places_points"
    for part in (places.place_state, places.places_at, places.place_status_text, places.point_origin):
        assert part.__module__ == "geo.layers.places", part
    assert not any(hasattr(module, name) for module, name in (
        (geo.schemas, "PlaceChangeRecord"), (geo.schemas_districts, "PlaceRecord"), (geo.models, "Place"),
        (geo.models, "PlaceChange"), (geo.models, "PlaceState"), (geo.models, "Coordinate"),
        (Timeline, "place_state"), (Timeline, "places_at"), (geo.describe, "point_origin")))
    engine = Path(geo.models.__file__).parent
    assert not [name for name in ("load_places.py", "schemas_places.py") if (engine / name).exists()]
    for shared in (geo.models, geo.schemas, geo.schemas_districts, geo.describe):
        assert not _imports_layers_unguarded(shared), shared.__name__
    # Its readers, on the package's own files, give what the package loaded, with no problem.
    out = Collector()
    data, allowed = Path(package.data_dir), Allowed.of(package.profile)
    assert places_record.read_places(data, package.geonames, out, allowed.region_bounds) == package.places
    assert places_record.read_place_changes(data, out, allowed) == package.place_changes
    assert not out.problems and package.place_changes
    assert all(isinstance(p, places_record.Place) for p in package.places.values())
    # Its frame gives each settlement the code of the controller its query gives for the date.
    ids = [p["id"] for p in map_geometry(package)["places"]]
    codes = encoder.words.place_codes
    for day in DATES:
        frame = encoder.frame(day)["places"]
        held = places.places_at(timeline, day)
        assert list(held) == sorted(ids) == ids
        for pid, code in zip(ids, frame, strict=True):
            state = places.place_state(timeline, pid, day)
            assert state == held[pid]
            announced = bool(state.change and state.change.announced_only(day))
            assert code == codes[(state.controller, announced)], (pid, day)
    with pytest.raises(DateOutOfRange):
        places.place_state(timeline, ids[0], timeline.start - dt.timedelta(days=1))
