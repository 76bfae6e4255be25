"""The registry of layers (geo/layers/): every layer keeps one interface, each has its plugin of the same name in
the map core and the other way round, the map's data, frames and dates written out are exactly the layers' parts
put together, and a layer that breaks the contract is refused with an error naming it."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from geo import DateOutOfRange, Timeline, load_package
from geo.frames import MapEncoder, date_payload, map_data, map_geometry
from geo.layers import LAYERS, METHODS, SERVICES, Layer, LayerError, registered
from geo.mapcore import CORE_SCRIPTS

D = dt.date
MAPCORE = Path(CORE_SCRIPTS[0]).parent
DATES = (dt.date(1994, 5, 12), dt.date(2020, 11, 10), dt.date(2022, 8, 30), dt.date(2023, 9, 20))
# Which layer gives which key of a frame (and of the date written out): each key has one owner.
FRAME_KEYS = {"looks": "districts", "inferred": "inferred", "corridor": "corridor", "former_corridor": "corridor",
              "places": "places", "positions": "positions", "post_count": "post_counts"}
WRITTEN_KEYS = {"styles": "districts", "statuses": "districts", "texts": "districts", "corridor": "corridor",
                "former_corridor": "corridor", "places": "places", "positions": "positions",
                "post_count": "post_counts"}


@pytest.fixture(scope="module")
def real():
    package = load_package()
    return package, Timeline(package), MapEncoder(package, Timeline(package))


def plugins() -> dict[str, int]:
    """Every plugin the map core's scripts register, by name, with its drawing order."""
    found: dict[str, int] = {}
    for script in sorted(MAPCORE.glob("*.js")):
        text = script.read_text(encoding="utf-8")
        for order, var in re.findall(r"\bregister\((\d+), (\w+)\)", text):
            named = re.search(r"var " + var + r' = \{\s*name: "([^"]+)"', text)
            assert named, f"{script.name}: the plugin {var} has no name (the name of its layer in geo/layers/)"
            assert named.group(1) not in found, f"two plugins are called {named.group(1)!r}"
            found[named.group(1)] = int(order)
    return found


def test_every_registered_layer_keeps_the_interface():
    assert len(LAYERS) >= 7
    for layer in LAYERS:
        assert isinstance(layer, Layer), layer
        assert type(layer).__module__ == f"geo.layers.{layer.name}", "one module per kind, named as its layer"
        for method in METHODS:
            wanted = list(inspect.signature(getattr(Layer, method)).parameters)[1:]  # without self
            assert list(inspect.signature(getattr(layer, method)).parameters) == wanted, (layer.name, method)


def test_each_layer_has_its_plugin_in_the_map_core_of_the_same_name_and_the_other_way_round():
    js = plugins()
    assert set(js) == {layer.name for layer in LAYERS} | set(SERVICES)
    drawn = sorted((order, name) for name, order in js.items() if name not in SERVICES)
    assert [name for _, name in drawn] == [layer.name for layer in LAYERS], "LAYERS is in the plugins' drawing order"


def put_together(given: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Each layer's part (by name, in drawing order) in one dict, by hand; each key given once."""
    merged: dict[str, Any] = {}
    for name, part in given.items():
        assert not set(part or {}) & set(merged), (name, set(part or {}) & set(merged))
        merged.update(part or {})
    return merged


def test_the_map_is_its_layers_parts_put_together(real):
    package, timeline, encoder = real
    data = map_data(package, encoder, "basemap/index.json")
    geometry = put_together({layer.name: layer.geometry(package) for layer in LAYERS})
    assert data["geometry"] == map_geometry(package) == geometry
    assert set(data["geometry"]) == {"districts", "labels", "corridors", "places"}
    assert data["tables"] == encoder.tables == put_together(
        {layer.name: layer.table(encoder.state(layer.name)) for layer in LAYERS})
    drawing = put_together({layer.name: layer.drawing(encoder.words) for layer in LAYERS})
    assert {key: data[key] for key in drawing} == drawing
    assert set(data) - set(drawing) == {"geometry", "view", "tables", "colours", "basemap", "basemapLines", "legend",
                                        "legendWords"}
    for date in DATES:
        frames = {layer.name: layer.frame(encoder.state(layer.name), date) for layer in LAYERS}
        assert encoder.frame(date) == {"date": date.isoformat(), **put_together(frames)}
        assert {key: name for name, part in frames.items() for key in part} == FRAME_KEYS
        written = {layer.name: layer.written_out(package, timeline, date) for layer in LAYERS}
        assert date_payload(package, timeline, date) == {"date": date.isoformat(), **put_together(written)}
        assert {key: name for name, part in written.items() for key in part} == WRITTEN_KEYS


class Extra:
    """A layer as a new kind would add one: every part given."""

    name = "extra"

    def geometry(self, package):
        return {"extras": [d.id for d in package.districts.values()][:2]}

    def prepare(self, package, timeline, words):
        return timeline.start

    def table(self, state):
        return {"extra": [state.isoformat()]}

    def frame(self, state, date):
        return {"extra": (date - state).days}

    def written_out(self, package, timeline, date):
        return {"extra": (date - timeline.start).days}

    def drawing(self, words):
        return {"extraWords": "an extra layer"}


def test_a_new_layer_joins_the_map_by_being_registered(real):
    package, timeline, _ = real
    layers = (*LAYERS, Extra())
    encoder = MapEncoder(package, timeline, layers)
    data = map_data(package, encoder)
    assert data["geometry"]["extras"] and data["tables"]["extra"] == [timeline.start.isoformat()]
    assert data["extraWords"] == "an extra layer"
    date = dt.date(2020, 11, 10)
    assert encoder.frame(date)["extra"] == date_payload(package, timeline, date, layers)["extra"] > 0
    assert "extra" not in MapEncoder(package, timeline).frame(date)


def broken(**changes: Any) -> Extra:
    layer = Extra()
    for name, value in changes.items():
        setattr(layer, name, value)
    return layer


class Nameless(Extra):
    name = None  # type: ignore[assignment]


class NoFrame:
    name = "noframe"
    geometry = prepare = table = written_out = drawing = Extra.geometry


def test_a_layer_without_a_name_or_a_part_is_refused_naming_it(real):
    package, timeline, _ = real
    with pytest.raises(LayerError, match=r"layer #8 \(Nameless\) has no valid name"):
        registered((*LAYERS, Nameless()))
    with pytest.raises(LayerError, match="layer 'Extra Layer' has no valid name"):
        MapEncoder(package, timeline, (broken(name="Extra Layer"),))
    with pytest.raises(LayerError, match="layer 'noframe' lacks frame: a layer gives geometry, prepare"):
        MapEncoder(package, timeline, (NoFrame(),))
    with pytest.raises(LayerError, match="layer 'districts' is registered twice"):
        date_payload(package, timeline, dt.date(2020, 11, 10), (*LAYERS, LAYERS[1]))
    with pytest.raises(LayerError, match="layer 'labels' takes the name of a plugin that draws no data"):
        map_geometry(package, (broken(name="labels"),))


def fails(*args: Any) -> Any:
    raise ZeroDivisionError("as a broken layer would")


def test_a_layer_whose_part_fails_or_clashes_is_refused_naming_it_and_the_date(real):
    package, timeline, _ = real
    date = dt.date(2020, 11, 10)
    encoder = MapEncoder(package, timeline, (*LAYERS, broken(frame=fails)))
    with pytest.raises(LayerError, match="layer 'extra' failed to give its part of the frame of 2020-11-10: "
                                         "ZeroDivisionError: as a broken layer would") as raised:
        encoder.frame(date)
    assert isinstance(raised.value.__cause__, ZeroDivisionError)
    with pytest.raises(DateOutOfRange):  # the package's own errors pass as they are: they say what is wrong
        date_payload(package, timeline, date, (broken(written_out=lambda p, t, d: t.check(D(1900, 1, 1))),))
    with pytest.raises(LayerError, match="layer 'extra' failed to give its part of tables"):
        MapEncoder(package, timeline, (broken(prepare=fails),))
    with pytest.raises(LayerError, match=r"'extra' failed to give its part of the date written out \(2020-11-10\)"):
        date_payload(package, timeline, date, (broken(written_out=fails),))
    with pytest.raises(LayerError, match="layer 'extra' gives 'looks' in the frame of 2020-11-10, which layer "
                                         "'districts' gives"):
        MapEncoder(package, timeline, (*LAYERS, broken(frame=lambda state, date: {"looks": []}))).frame(date)
    with pytest.raises(LayerError, match="layer 'extra' gives 'date' in the frame of 2020-11-10, which the map's own"):
        MapEncoder(package, timeline, (broken(frame=lambda state, date: {"date": 0}),)).frame(date)
    with pytest.raises(LayerError, match="layer 'extra' gives 'colours' in map_data, which the map's own"):
        map_data(package, MapEncoder(package, timeline, (broken(drawing=lambda words: {"colours": {}}),)))
    with pytest.raises(LayerError, match="layer 'extra' gave list as its part of geometry: a layer gives a dict"):
        map_geometry(package, (broken(geometry=lambda package: ["not", "a", "dict"]),))


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
