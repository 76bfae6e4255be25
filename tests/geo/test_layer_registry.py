"""The registry of layers (geo/layers/): every layer keeps one interface, each has its plugin of the same name in
the map core and the other way round, the map's data, frames and dates written out are exactly the layers' parts
put together, and a layer that breaks the contract is refused with an error naming it."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import pytest

from geo import DateOutOfRange, Timeline, load_package
from geo.frames import MapEncoder, date_payload, map_data, map_geometry
from geo.layers import LAYERS, METHODS, SERVICES, Layer, LayerError, registered
from tests.helpers.mapcore import plugins

D = dt.date
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
