"""The map on a date, encoded once for both editions.

`map_data` is what a map is built from once (district outlines and labels, every corridor route's band, the
settlements, colours, symbols and the tables the frames refer to); `MapEncoder.frame(date)` is one date: which
look each district takes, each settlement's controller in one character, the active posts by index and the
corridor route. The app sends a frame per step; the static edition holds one per stop date. Both hand them to
the one map core (geo/mapcore/kcm-core.js). `date_payload` is the same date written out in full (tests compare
the encoded frames with it).
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from shapely.geometry import mapping

from . import settings as S
from . import status, vocabulary
from .basemap_recipe import basemap_folder, legend_lines, read_index
from .corridor import corridor_geojson, former_route
from .describe import _state_for, position_kind_label, precision_label, status_key, status_text
from .inferred import DEFAULT_ON, InferredEncoding, inferred_control
from .models import District, DistrictState, Package, Place, Position
from .timeline import Timeline


def districts_geojson(package: Package) -> dict[str, Any]:
    """The static district layer: geometry and names only (styles come per date)."""
    features = []
    for d in sorted(package.districts.values(), key=lambda d: d.id):
        features.append({
            "type": "Feature",
            "id": d.id,
            "properties": {"id": d.id, "label": d.names.display, "role": d.role,
                           "selects": selects(package, d)},
            "geometry": mapping(d.geometry),
        })
    return {"type": "FeatureCollection", "features": features}


def selects(package: Package, district: District) -> str | None:
    """The district a click on `district` opens: a timeline district itself; a city without a timeline of its
    own, its parent; context districts, none."""
    if district.role == "story":
        return district.id
    parent = package.districts.get(district.parent) if district.parent else None
    return parent.id if parent is not None and parent.role == "story" else None


def district_styles(package: Package, timeline: Timeline, date: dt.date) -> dict[str, dict[str, Any]]:
    """Per district id: status key, status sentence and Leaflet path style for `date`."""
    words = vocabulary.of(package)
    return {d.id: district_style(d, _state_for(timeline, d, date), words) for d in package.districts.values()}


def district_style(district: District, state: DistrictState | None, words: vocabulary.Vocabulary
                   ) -> dict[str, Any]:
    """A district's status key, status sentence and Leaflet path style in a given state."""
    colours = words.colours
    key = status_key(district, state)
    zone = state.peacekeeping_zone if state else False
    in_zone, partly = zone is True, zone == S.ZONE_PARTLY
    # Light enough that the shaded relief under the districts shows through.
    opacity = status.CONTEXT_OPACITY if key == status.CONTEXT else 0.5
    if key == status.SPLIT and state is not None and state.share is not None:
        opacity = 0.3 + 0.35 * state.share  # deeper where the share's side held more
    return {
        "status": key,
        "text": status_text(district, state, words),
        "fillColor": colours[key],
        "fillOpacity": round(opacity, 2),
        "color": colours[status.ZONE] if in_zone or partly else "#555555",
        "weight": 3 if in_zone else 2 if partly else 1,
        "dashArray": "6 4" if in_zone or key == status.PENDING else "2 5" if partly else None,
    }


def positions_geojson(timeline: Timeline, date: dt.date) -> dict[str, Any]:
    features = []
    for p in timeline.positions_at(date):
        features.append({
            "type": "Feature",
            "id": p.id,
            "properties": {"id": p.id, "kind": p.kind, "name": p.name, "precision": p.precision,
                           "radius_m": p.radius_m},
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        })
    return {"type": "FeatureCollection", "features": features}


CITY_KM2 = 50  # Stepanakert/Khankendi is a city district of 23 km²; the smallest rural district has 357 km²


def map_geometry(package: Package) -> dict[str, Any]:
    """The static part of the map, fetched once by the browser: district outlines, centre labels and
    every corridor route's band (a date then only names its route)."""
    labels = []
    for d in sorted(package.districts.values(), key=lambda d: d.id):
        if d.role != "story":
            continue
        place = package.geonames.get(d.centre) if d.centre is not None else None
        if place is not None:
            lat, lon = place.lat, place.lon
        else:
            point = d.geometry.representative_point()
            lat, lon = round(point.y, 4), round(point.x, 4)
        # Its name's rank on the map (geo/mapcore/kcm-labels.js): a city (part of another district, or a district
        # of its own under CITY_KM2) before the districts, a larger district before a smaller one.
        kind = "city" if d.parent is not None or (d.area_km2 or 0) < CITY_KM2 else "district"
        labels.append({"id": d.id, "lat": lat, "lon": lon, "text": d.names.display, "kind": kind,
                       "area": round(d.area_km2 or 0)})
    corridors = {r.id: corridor_geojson(r, package) for r in package.routes}
    places = [{"id": p.id, "lat": p.lat, "lon": p.lon, "name": p.names.en, "kind": p.kind,
               "names": " · ".join(n for n in p.names.all() if n != p.names.en)}
              for p in timeline_places(package)]
    return {"districts": districts_geojson(package), "labels": labels, "corridors": corridors, "places": places}


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


def timeline_places(package: Package) -> list[Place]:
    """The places with a control timeline, in the fixed order the per-date payload follows."""
    with_changes = {c.place for c in package.place_changes}
    return [package.places[pid] for pid in sorted(with_changes) if pid in package.places]


def place_codes(package: Package, timeline: Timeline, date: dt.date, words: vocabulary.Vocabulary | None = None
                ) -> str:
    """Each timeline place's controller on `date` as one character (its side's code in the profile: geo/vocabulary.py),
    in the order of `timeline_places`."""
    table = (words or vocabulary.of(package)).place_codes
    codes = []
    for place in timeline_places(package):
        state = timeline.place_state(place.id, date)
        announced = bool(state and state.change and state.change.announced_only(date))
        codes.append(table[(state.controller, announced)] if state else "?")
    return "".join(codes)


def position_row(position: Position) -> dict[str, Any]:
    """A position as the map draws it: where, what kind, whose, and how exact."""
    p = position
    return {"id": p.id, "name": p.name, "kind": p.kind, "kind_label": position_kind_label(p.kind),
            "operator": p.operator, "precision": p.precision,
            "precision_label": precision_label(p.precision, p.radius_m), "radius_m": p.radius_m,
            "lat": p.lat, "lon": p.lon}


def position_slots(active: list[Position]) -> list[tuple[Position, int, int]]:
    """Each active position with its slot among those drawn at the same point, so each can be hovered and clicked."""
    at_spot: dict[tuple[float, float], list[str]] = {}
    for p in active:
        at_spot.setdefault((p.lat, p.lon), []).append(p.id)
    return [(p, at_spot[(p.lat, p.lon)].index(p.id), len(at_spot[(p.lat, p.lon)])) for p in active]


def _path_style(style: dict[str, Any]) -> list[Any]:
    """The Leaflet path options of a district style, in the order the map's script reads them."""
    return [style["fillColor"], style["fillOpacity"], style["color"], style["weight"], style["dashArray"]]


def date_payload(package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
    """What the browser needs to redraw the map for `date`: styles of the timeline districts (context
    districts never change), status sentences, active positions and the id of the corridor route."""
    styles, statuses, texts = {}, {}, {}
    for did, style in district_styles(package, timeline, date).items():
        if package.districts[did].role == "context":
            continue
        styles[did] = _path_style(style)
        statuses[did] = style["status"]
        texts[did] = style["text"]
    positions = [{**position_row(p), "slot": slot, "slots": slots}
                 for p, slot, slots in position_slots(timeline.positions_at(date))]
    route = timeline.route_at(date)
    former = former_route(package, date)
    return {"date": date.isoformat(), "styles": styles, "statuses": statuses, "texts": texts,
            "positions": positions, "corridor": route.id if route else None,
            "former_corridor": former.id if former else None,
            "places": place_codes(package, timeline, date)}


class Table:
    """Distinct values in first-seen order, referred to by index: a repeated text or style travels once."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._index: dict[str, int] = {}

    def index(self, value: Any) -> int:
        key = repr(value)
        if key not in self._index:
            self._index[key] = len(self.values)
            self.values.append(value)
        return self._index[key]


def frame_dates(timeline: Timeline) -> list[dt.date]:
    """The dates a map frame is kept for: the first covered day and every stop. Nothing on the map
    changes between two of them, so any other date shows the frame on or before it."""
    return sorted({timeline.start, *timeline.stops()})


class MapEncoder:
    """The per-date part of the map in two parts. `tables` goes to the browser once: every look each
    timeline district takes (style, status key and sentence after each of its changes, with repeated
    styles and sentences in tables) and every position. `frame(date)` is one date: which look each district
    has, each place's controller, the active positions by index and the corridor routes. A frame thus grows
    with the number of districts, not of dates or changes."""

    def __init__(self, package: Package, timeline: Timeline) -> None:
        self.package, self.timeline = package, timeline
        self.words = words = vocabulary.of(package)
        styles, texts = Table(), Table()
        self._starts: list[list[int]] = []  # per district, the ordinal from which each look holds
        ids, looks = [], []
        for d in package.districts.values():
            if d.role == "context":
                continue
            # A district follows its parent's timeline where it has none of its own (see _state_for).
            days = {timeline.start} | {c.date for did in (d.id, d.parent) if did
                                       for c in timeline.district_changes(did) if c.date > timeline.start}
            starts: list[int] = []
            own: list[list[Any]] = []
            for day in sorted(days):
                style = district_style(d, _state_for(timeline, d, day), words)
                look = [styles.index(_path_style(style)), style["status"], texts.index(style["text"])]
                if not own or own[-1] != look:
                    starts.append(day.toordinal())
                    own.append(look)
            ids.append(d.id)
            self._starts.append(starts)
            looks.append(own)
        self._position_index = {p.id: i for i, p in enumerate(package.positions)}
        self.inferred = InferredEncoding(inferred_control(package, timeline), frame_dates(timeline),
                                         [p.id for p in timeline_places(package)])
        self.tables = {"ids": ids, "looks": looks, "styles": styles.values, "texts": texts.values,
                       "positions": [position_row(p) for p in package.positions],
                       "inferred": self.inferred.table}

    def frame(self, date: dt.date) -> dict[str, Any]:
        day = date.toordinal()
        route, former = self.timeline.route_at(date), former_route(self.package, date)
        return {
            "date": date.isoformat(),
            "looks": [bisect.bisect_right(starts, day) - 1 for starts in self._starts],
            "places": place_codes(self.package, self.timeline, date, self.words),
            "positions": [[self._position_index[p.id], slot, slots]
                          for p, slot, slots in position_slots(self.timeline.positions_at(date))],
            "corridor": route.id if route else None,
            "former_corridor": former.id if former else None,
            "inferred": self.inferred.state(date),  # which set of inferred areas (geo/inferred.py)
        }


def map_data(package: Package, encoder: MapEncoder, basemap: Any = None) -> dict[str, Any]:
    """Everything the map core builds its layers from, once: the geometry, the frames' tables, and the
    colours, symbols and words both editions draw with (geo/status.py). `basemap` is the offline basemap
    inline, or the URL of its index for a host that serves its files."""
    lines = legend_lines(read_index(basemap_folder(package)))
    # A reference line's words only where the package's basemap draws it: its name stays out of the others' pages.
    unused = set(status.BASEMAP_STYLES) - {"lake", "river", "international"} - {kind for kind, _ in lines}
    return {
        "geometry": map_geometry(package),
        "view": map_view(package),
        "tables": encoder.tables,
        "colours": encoder.words.colours,
        "placeStatus": encoder.words.place_status,
        # a settlement's code (upper case: held; lower case: only its side's announcement says so) to its side's id,
        # so the map scripts read the side's colour from `colours` and never name a side
        "placeCodes": encoder.words.side_codes,
        "shapes": {kind: {"path": shape.path, "legend": shape.legend}
                   for kind, shape in status.POSITION_SHAPES.items()},
        "operators": {key: {"colour": op.colour, "legend": op.legend} for key, op in encoder.words.operators.items()},
        "basemap": basemap,
        "contextStyle": status.CONTEXT_STYLE,
        "basemapStyles": status.BASEMAP_STYLES,
        "basemapLines": lines,  # the legend's lines of the package's own basemap ([kind, words]; none without one)
        "legend": [[entry.colour, entry.key, entry.legend] for entry in encoder.words.legend],
        "legendWords": {key: words for key, words in status.LEGEND_WORDS.items() if key not in unused},
        "inferredWords": {"note": status.INFERRED_NOTE, "contact": status.CONTACT_NOTE,
                          "legend": list(status.INFERRED_LEGEND), "switch": status.INFERRED_SWITCH,
                          "defaultOn": [d.isoformat() for d in DEFAULT_ON]},
    }
