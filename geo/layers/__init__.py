"""The registry of map layers: one module per kind of layer, each the Python half of one plugin of the map core
(geo/mapcore/*.js, `kcmCore.register`) of the same name.

A layer gives four parts, each a dict whose keys it alone gives (`assemble` refuses two layers giving one key):
- `geometry(package)`: what the browser gets once under `map_data["geometry"]` (outlines, points), or None;
- `prepare(package, timeline, words)` once per package, then `table(state)`: the lookup tables its frames refer
  to by index, sent once under `map_data["tables"]` (or None), and `frame(state, date)`: its part of one date's
  frame (`MapEncoder.frame`), small, as indices into the table;
- `written_out(package, timeline, date)`: its part of the date written out in full (`date_payload`), what tests
  and the pictures compare the frames with;
- `drawing(words)`: the colours, symbols and words its plugin draws with, as top-level entries of `map_data`.
geo/frames.py assembles them; docs/ARCHITECTURE.md says how to add a layer. A layer module also owns its record
(schema, model, reader, query for a date), or a record module beside it does where one module would be too long
(districts_record.py, places_record.py and places_points.py); periods.py owns the periods' the same way but is no
map layer (nothing of it is drawn on the map), so it is not registered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from ..errors import GeoError
from ..models import Package
from ..timeline import Timeline
from ..vocabulary import Vocabulary
from . import basemap, corridor, district_labels, districts, inferred, places, positions, post_counts
from ._common import Table, Unchanging, frame_dates


@runtime_checkable
class Layer(Protocol):
    """One kind of map layer: the Python half of the map core's plugin called `name`."""

    name: str

    def geometry(self, package: Package) -> dict[str, Any] | None: ...

    def prepare(self, package: Package, timeline: Timeline, words: Vocabulary) -> Any: ...

    def table(self, state: Any) -> dict[str, Any] | None: ...

    def frame(self, state: Any, date: dt.date) -> dict[str, Any]: ...

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]: ...

    def drawing(self, words: Vocabulary) -> dict[str, Any]: ...


METHODS = ("geometry", "prepare", "table", "frame", "written_out", "drawing")
NAME = re.compile(r"[a-z][a-z_]*\Z")  # as the plugin's `name` in geo/mapcore/*.js
# Plugins of the map core that draw no data of their own, so have no layer here.
SERVICES = {"labels": "places every layer's names on the map (kcm-labels.js)"}


class LayerError(GeoError):
    """A layer that does not keep the registry's contract: named in the message, with what it lacks."""


def registered(layers: Iterable[object]) -> tuple[Layer, ...]:
    """`layers` in drawing order, each checked: a name like its plugin's, unique, and every part of the
    interface callable. Refuses the first that is not, saying which and what it lacks."""
    result: list[Layer] = []
    seen: set[str] = set()
    for position, layer in enumerate(layers):
        name = getattr(layer, "name", None)
        what = f"layer {name!r}" if isinstance(name, str) else f"layer #{position} ({type(layer).__name__})"
        if not isinstance(name, str) or not NAME.match(name):
            raise LayerError(f"{what} has no valid name: a layer is named as its map core plugin (geo/mapcore/*.js), "
                             f"in lower case letters and underscores, e.g. 'districts'")
        if name in seen:
            raise LayerError(f"{what} is registered twice: each plugin of the map core has one layer")
        if name in SERVICES:
            raise LayerError(f"{what} takes the name of a plugin that draws no data: {SERVICES[name]}")
        missing = [m for m in METHODS if not callable(getattr(layer, m, None))]
        if missing or not isinstance(layer, Layer):
            raise LayerError(f"{what} lacks {', '.join(missing)}: a layer gives {', '.join(METHODS)} "
                             "(geo/layers/__init__.py Layer)")
        seen.add(name)
        result.append(layer)
    return tuple(result)


def assemble(section: str, layers: Sequence[Layer], part: Callable[[Layer], dict[str, Any] | None],
             given: dict[str, Any] | None = None) -> dict[str, Any]:
    """The layers' parts of one `section` (geometry, tables, a frame, ...) in one dict, after what the assembler
    `given` itself. A part that fails (but for the package's own errors), is no dict, or gives a key another
    already gave is refused, naming the layer."""
    merged = dict(given or {})
    owners = dict.fromkeys(merged, "the map's own entries (geo/frames.py)")
    for layer in layers:
        try:
            entries = part(layer)
        except GeoError:
            raise  # the package's own errors (a date out of range) say what is wrong already
        except Exception as error:
            raise LayerError(f"layer {layer.name!r} failed to give its part of {section}: "
                             f"{type(error).__name__}: {error}") from error
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise LayerError(f"layer {layer.name!r} gave {type(entries).__name__} as its part of {section}: "
                             "a layer gives a dict (or None for geometry and table)")
        for key in entries:
            if key in owners:
                raise LayerError(f"layer {layer.name!r} gives {key!r} in {section}, which {owners[key]} gives: "
                                 "each key has one owner")
            owners[key] = f"layer {layer.name!r}"
        merged.update(entries)
    return merged


# In drawing order, as the map core's plugins are (their `order` in kcmCore.register).
LAYERS: tuple[Layer, ...] = registered((basemap.LAYER, districts.LAYER, district_labels.LAYER, inferred.LAYER,
                                        corridor.LAYER, places.LAYER, positions.LAYER, post_counts.LAYER))

__all__ = ["LAYERS", "METHODS", "SERVICES", "Layer", "LayerError", "Table", "Unchanging", "assemble", "frame_dates",
           "registered"]
