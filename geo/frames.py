"""The map on a date, encoded once for both editions, assembled from the registry of layers (geo/layers/).

`map_data` is what a map is built from once: every layer's geometry (district outlines and labels, every corridor
route's band, the settlements), the tables the frames refer to, and the colours, symbols and words both editions
draw with; `MapEncoder.frame(date)` is one date: each layer's part (which look each district takes, each
settlement's controller in one character, the active posts by index, the corridor route, the set of inferred
areas). The app sends a frame per step; the static edition holds one per stop date. Both hand them to the one map
core (geo/mapcore/kcm-core.js), whose plugins are the layers' other halves. `date_payload` is the same date
written out in full (tests compare the encoded frames with it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from . import status, vocabulary
from .basemap_recipe import basemap_folder, legend_lines, read_index
from .inferred_encoding import InferredEncoding, LazyInferredEncoding
from .layers import LAYERS, Layer, Table, assemble, frame_dates, registered
from .layers.districts import district_style, district_styles, districts_geojson, selects
from .layers.places import Coding, place_codes, timeline_places
from .layers.positions import position_row, position_slots
from .models import Package
from .timeline import Timeline

# Names other modules import from here (the encoder's home before geo/layers/).
__all__ = ["MapEncoder", "Table", "date_payload", "district_style", "district_styles", "districts_geojson",
           "frame_dates", "map_data", "map_geometry", "map_view", "place_codes", "position_row", "position_slots",
           "selects", "timeline_places"]


def map_geometry(package: Package, layers: Sequence[Layer] = LAYERS) -> dict[str, Any]:
    """The static part of the map, fetched once by the browser: district outlines, centre labels, every corridor
    route's band and the settlements (a date then only names its route and codes its settlements)."""
    layers = registered(layers)
    return assemble("geometry", layers, lambda layer: layer.geometry(package))


def map_view(package: Package) -> dict[str, Any]:
    """Where the map opens and how far it zooms, the same in both editions: framed on the package's story
    districts, so the width goes to them rather than to the context around; its profile's centre and zoom where a
    URL gives only one of them, and its zooms (geo/status.py's where the profile sets none)."""
    profile = vocabulary.profile_of(package)
    story = [d.geometry.bounds for d in package.districts.values() if d.role == "story"]
    west, south = min(b[0] for b in story), min(b[1] for b in story)
    east, north = max(b[2] for b in story), max(b[3] for b in story)
    return {"bounds": [[south, west], [north, east]], "centre": list(profile.map_centre), "zoom": profile.map_zoom,
            "minZoom": profile.map_min_zoom or status.MIN_ZOOM, "maxZoom": profile.map_max_zoom or status.MAX_ZOOM,
            "zoomSnap": status.ZOOM_SNAP, "placeNamesZoom": status.PLACE_NAMES_ZOOM}


def date_payload(package: Package, timeline: Timeline, date: dt.date, layers: Sequence[Layer] = LAYERS
                 ) -> dict[str, Any]:
    """What the browser needs to redraw the map for `date`, written out in full: styles of the timeline districts
    (context districts never change), status sentences, active positions, the corridor route and the settlements'
    codes."""
    layers = registered(layers)
    return assemble(f"the date written out ({date.isoformat()})", layers,
                    lambda layer: layer.written_out(package, timeline, date), {"date": date.isoformat()})


class MapEncoder:
    """The per-date part of the map in two parts. `tables` goes to the browser once: every layer's lookup table
    (each timeline district's looks, with repeated styles and sentences in tables, every position, every inferred
    area). `frame(date)` is one date: each layer's part as indices into them. A frame thus grows with the number
    of districts, not of dates or changes."""

    def __init__(self, package: Package, timeline: Timeline, layers: Sequence[Layer] = LAYERS) -> None:
        self.package, self.timeline = package, timeline
        self.words = words = vocabulary.of(package)
        self.layers = registered(layers)
        self._states: dict[str, Any] = {}

        def prepared(layer: Layer) -> dict[str, Any] | None:
            self._states[layer.name] = layer.prepare(package, timeline, words)
            return layer.table(self._states[layer.name])

        self.tables = assemble("tables", self.layers, prepared)

    def state(self, name: str) -> Any:
        """What layer `name` prepared for its frames (the inferred layer's: its InferredEncoding)."""
        return self._states[name]

    @property
    def inferred(self) -> InferredEncoding | LazyInferredEncoding:
        """The inferred layer's encoding: dashboard/inferred.py reads the areas from it (`area`, `ids`)."""
        encoding: InferredEncoding | LazyInferredEncoding = self._states["inferred"]
        return encoding

    def frame(self, date: dt.date, sent: set[int] | None = None, inferred: bool = True,
              held: list[int] | None = None) -> dict[str, Any]:
        """`date`'s frame. For a map that keeps what it was sent (the app's, per session): `sent`, the inferred
        areas' rows it holds, and `inferred`, whether it shows them; both matter only where the areas are built
        per date shown (geo/inferred_encoding.py), where a row goes once and nothing is built while hidden.
        `held`: the days of the last frames it was sent, from which a large package's step sends only the
        settlements' codes that may have changed (geo/layers/places.py `Coding.frame`)."""
        states = self._states

        def part(layer: Layer) -> dict[str, Any]:
            state = states[layer.name]
            if isinstance(state, LazyInferredEncoding):
                return state.frame(date, inferred, sent)
            if isinstance(state, Coding) and held is not None:
                return state.frame(date, held)
            return layer.frame(state, date)

        return assemble(f"the frame of {date.isoformat()}", self.layers, part, {"date": date.isoformat()})


def map_data(package: Package, encoder: MapEncoder, basemap: Any = None) -> dict[str, Any]:
    """Everything the map core builds its layers from, once: the geometry, the frames' tables, and the
    colours, symbols and words both editions draw with (geo/status.py, the package's vocabulary, each layer's
    own in its `drawing`). `basemap` is the offline basemap inline, or the URL of its index for a host that
    serves its files."""
    words = encoder.words
    lines = legend_lines(read_index(basemap_folder(package)))  # a reference line's words are its recipe's
    shared = {
        "geometry": map_geometry(package, encoder.layers),
        "view": map_view(package),
        "tables": encoder.tables,
        "colours": words.colours,
        "basemap": basemap,
        "legend": [[entry.colour, entry.key, entry.legend] for entry in words.legend],
        "basemapLines": lines,  # the legend's lines of the package's own basemap ([kind, words]; none without one)
        "legendWords": status.LEGEND_WORDS,
    }
    return assemble("map_data", encoder.layers, lambda layer: layer.drawing(words), shared)
