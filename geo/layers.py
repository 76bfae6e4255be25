"""What the map needs for a date: district statuses and styles, active positions, the corridor band.

Static geometry is built once (`districts_geojson`); a date only changes the small style table
(`district_styles`) and the dynamic layers (positions, corridor), so the map need not be rebuilt.
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import lru_cache
from typing import Any

from pyproj import Transformer
from shapely.geometry import LineString, mapping

from . import settings as S
from . import status
from ._geom import reproject, round_coordinates
from .models import Citation, CorridorRoute, District, DistrictState, Package, Place, Position
from .timeline import Timeline


def status_key(district: District, state: DistrictState | None) -> str:
    """The legend entry a district falls under on a date."""
    if district.role == "context":
        return status.CONTEXT
    if state is None or state.controller is None:
        return status.UNKNOWN
    if state.pending_handover is not None:
        return status.PENDING
    return state.controller


def _state_for(timeline: Timeline, district: District, date: dt.date) -> DistrictState | None:
    # A city without a timeline of its own takes its parent district's state.
    own = timeline.district_state(district.id, date)
    return own if own is not None or district.parent is None else timeline.district_state(district.parent, date)


def status_text(district: District, state: DistrictState | None) -> str:
    """A sentence describing the status, for tooltips, the table and screen readers."""
    key = status_key(district, state)
    if key in (status.CONTEXT, status.UNKNOWN) or state is None:
        return status.name(key)
    parts = []
    if state.controller in (status.ARMENIAN, status.AZERBAIJAN):
        parts.append(status.name(state.controller))
    else:
        share = f"about {round(state.share * 100)}% held by Armenian forces" if state.share is not None \
            else "share not sourced"
        parts.append(f"{status.name(status.SPLIT)} ({share})")
    if state.pending_handover is not None:
        parts.append(f"{status.name(status.PENDING)} by {format_date(state.pending_handover)}")
    if state.peacekeeping_zone == S.ZONE_PARTLY:
        parts.append(status.PARTLY_IN_ZONE)
    elif state.peacekeeping_zone:
        parts.append(status.name(status.ZONE))
    return "; ".join(parts)


def format_date(date: dt.date, precision: str = "day") -> str:
    """`20 November 2020`, `November 2020` or `2020`, as precise as the source."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def districts_geojson(package: Package) -> dict[str, Any]:
    """The static district layer: geometry and names only (styles come per date)."""
    features = []
    for d in sorted(package.districts.values(), key=lambda d: d.id):
        features.append({
            "type": "Feature",
            "id": d.id,
            "properties": {"id": d.id, "label": d.names.display, "role": d.role},
            "geometry": mapping(d.geometry),
        })
    return {"type": "FeatureCollection", "features": features}


def district_styles(package: Package, timeline: Timeline, date: dt.date) -> dict[str, dict[str, Any]]:
    """Per district id: status key, status sentence and Leaflet path style for `date`."""
    return {d.id: district_style(d, _state_for(timeline, d, date)) for d in package.districts.values()}


def district_style(district: District, state: DistrictState | None) -> dict[str, Any]:
    """A district's status key, status sentence and Leaflet path style in a given state."""
    colours = status.COLOURS
    key = status_key(district, state)
    zone = state.peacekeeping_zone if state else False
    in_zone, partly = zone is True, zone == S.ZONE_PARTLY
    # Light enough that the shaded relief under the districts shows through.
    opacity = 0.12 if key == status.CONTEXT else 0.5
    if key == status.SPLIT and state is not None and state.share is not None:
        opacity = 0.3 + 0.35 * state.share  # deeper where more was held by Armenian forces
    return {
        "status": key,
        "text": status_text(district, state),
        "fillColor": colours[key],
        "fillOpacity": round(opacity, 2),
        "color": colours[status.ZONE] if in_zone or partly else "#555555",
        "weight": 3 if in_zone else 2 if partly else 1,
        "dashArray": "6 4" if in_zone or key == status.PENDING else "2 5" if partly else None,
    }


def state_table(package: Package, timeline: Timeline, date: dt.date) -> list[dict[str, Any]]:
    """Who held what on `date`: one row per story district (the accessible view of the map)."""
    rows = []
    for did, state in timeline.state_at(date).items():
        d = package.districts[did]
        rows.append({
            "id": did,
            "district": d.names.display,
            "status": status_text(d, state),
            "controller": state.controller,
            "armenian_share": state.share,
            "pending_handover": state.pending_handover,
            "peacekeeping_zone": state.peacekeeping_zone,
            "area_km2": d.area_km2,
        })
    return sorted(rows, key=lambda r: r["district"])


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


def corridor_geojson(route: CorridorRoute, package: Package) -> dict[str, Any]:
    """A corridor route's band and line as GeoJSON."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"{route.id}-band",
         "properties": {"id": route.id, "part": "band", "name": route.name, "width_km": route.width_km},
         "geometry": mapping(corridor_band(route, package))},
        {"type": "Feature", "id": f"{route.id}-line",
         "properties": {"id": route.id, "part": "route", "name": route.name},
         "geometry": mapping(LineString(route.coordinates))},
    ]}


_TO_METRIC = Transformer.from_crs("EPSG:4326", S.SETTINGS.metric_crs, always_xy=True)
_FROM_METRIC = Transformer.from_crs(S.SETTINGS.metric_crs, "EPSG:4326", always_xy=True)


@lru_cache(maxsize=64)
def _buffered(coordinates: tuple[tuple[float, float], ...], width_km: float) -> Any:
    line = reproject(LineString(coordinates), _TO_METRIC)
    band = line.buffer(width_km * 1000 / 2, quad_segs=8)  # the statement's width is the full width
    return round_coordinates(reproject(band, _FROM_METRIC), 5)


def corridor_band(route: CorridorRoute, package: Package) -> Any:
    """The route's band of `width_km`, buffered in a metric CRS (UTM 38N), returned in WGS84, with the
    route's excluded districts cut out."""
    band = _buffered(route.coordinates, route.width_km)
    for excluded in route.excludes:
        district = package.districts.get(excluded)
        if district is not None:
            band = band.difference(district.geometry)  # after rounding, so no sliver creeps back in
    return band


def state_json(package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
    """The machine-readable state on `date` (the shape of `python -m geo state DATE --json`)."""
    districts = {}
    for did, state in timeline.state_at(date).items():
        d = package.districts.get(did)
        cited = [c.source for cid in state.change_ids for c in timeline.change(cid).citations]
        districts[did] = {
            "name": d.names.en if d else did,
            "label": d.names.display if d else did,
            "controller": state.controller,
            "share": state.share,
            "pending_handover": state.pending_handover.isoformat() if state.pending_handover else None,
            "peacekeeping_zone": state.peacekeeping_zone,
            "status": status_text(d, state) if d else None,
            "changes": list(state.change_ids),
            "sources": list(dict.fromkeys(cited)),
            "figures": [{"value": fig.value, "sources": _source_ids(fig.citations)}  # while split, the
                        for cid in state.change_ids for fig in timeline.change(cid).figures  # competing shares
                        if state.controller == "split"],
        }
    positions = [{
        "id": p.id, "kind": p.kind, "name": p.name, "operator": p.operator, "lat": p.lat, "lon": p.lon,
        "precision": p.precision, "precision_m": p.radius_m, "geonames_id": p.place,
        "sources": list(dict.fromkeys(c.source for c in p.citations)),
    } for p in timeline.positions_at(date)]
    route = timeline.route_at(date)
    corridor = None if route is None else {
        "route_id": route.id, "name": route.name, "width_km": route.width_km,
        "waypoints": list(route.waypoints), "line": [list(xy) for xy in route.coordinates],
        "accuracy_m": route.accuracy_m, "sources": _source_ids(route.citations),
    }
    places = []
    for pid, pstate in timeline.places_at(date).items():
        place = package.places[pid]
        places.append({
            "id": pid, "name": place.names.en, "kind": place.kind, "district": place.district,
            "lat": place.lat, "lon": place.lon, "precision_m": place.precision_m,
            "controller": pstate.controller, "since": pstate.since.isoformat() if pstate.since else None,
            "basis": pstate.change.basis if pstate.change else None,
            "sources": _source_ids(pstate.change.citations if pstate.change else
                                   timeline.place_changes(pid)[0].citations),
        })
    count = timeline.post_count_at(date)
    post_counts = None if count is None else {
        "date": count.date.isoformat(), "total": count.total, "parts": dict(count.parts),
        "located": len(positions), "sources": _source_ids(count.citations),
    }
    ongoing = [{"id": x.id, "title": x.title, "start": x.start.isoformat(),
                "end": x.end.isoformat() if x.end else None, "day": x.day(date)} for x in timeline.ongoing(date)]
    return {"date": date.isoformat(), "districts": districts, "places": places, "positions": positions,
            "post_counts": post_counts, "ongoing": ongoing, "corridor": corridor}


def _source_ids(citations: tuple[Citation, ...]) -> list[str]:
    return list(dict.fromkeys(c.source for c in citations))


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
        labels.append({"id": d.id, "lat": lat, "lon": lon, "text": d.names.display})
    corridors = {r.id: corridor_geojson(r, package) for r in package.routes}
    places = [{"id": p.id, "lat": p.lat, "lon": p.lon, "name": p.names.en, "kind": p.kind,
               "names": " · ".join(n for n in p.names.all() if n != p.names.en)}
              for p in timeline_places(package)]
    return {"districts": districts_geojson(package), "labels": labels, "corridors": corridors, "places": places}


def timeline_places(package: Package) -> list[Place]:
    """The places with a control timeline, in the fixed order the per-date payload follows."""
    with_changes = {c.place for c in package.place_changes}
    return [package.places[pid] for pid in sorted(with_changes) if pid in package.places]


def place_codes(package: Package, timeline: Timeline, date: dt.date) -> str:
    """Each timeline place's controller on `date` as one character (see status.PLACE_CODES), in the order of
    `timeline_places`."""
    codes = []
    for place in timeline_places(package):
        state = timeline.place_state(place.id, date)
        announced = bool(state and state.change and state.change.basis == "announced")
        codes.append(status.PLACE_CODES[(state.controller, announced)] if state else "?")
    return "".join(codes)


def place_status_text(timeline: Timeline, place_id: str, date: dt.date) -> str:
    """A sentence on who held a place on `date`, saying who announced it and since when."""
    state = timeline.place_state(place_id, date)
    if state is None:
        return "No control timeline for this place"
    held = status.name(state.controller)
    if state.change is None:
        first = timeline.place_changes(place_id)[0]
        return f"{held} (until {format_date(first.date, first.precision)})"
    change = state.change
    since = format_date(change.date, change.precision)
    if change.basis == "announced":
        return f"{held} since {since}, as announced by {change.announced_by}"
    return f"{held} since {since} ({BASIS_TEXT[change.basis]})"


BASIS_TEXT = {"reported": "reported", "handover": "handed over under the 10 November 2020 statement",
              "agreed": "under the 20 September 2023 ceasefire", "announced": "announced"}


def located_posts(timeline: Timeline, date: dt.date) -> int:
    """Russian peacekeeping observation posts and checkpoints drawn on the map on `date`."""
    return sum(1 for p in timeline.positions_at(date)
               if p.operator == "russian_peacekeepers" and p.kind in ("observation_post", "checkpoint"))


def situation(timeline: Timeline, date: dt.date) -> list[str]:
    """What was going on on `date`, in sentences: ongoing periods with day counts, and the mission's posts."""
    lines = []
    for period in timeline.ongoing(date):
        length = f" of {period.length_days}" if period.length_days else ""
        lines.append(f"{period.title}: day {period.day(date)}{length}")
    count = timeline.post_count_at(date)
    if count is not None:
        when = ("on " if count.precision == "day" else "in ") + format_date(count.date, count.precision)
        if count.kind == "total":
            lines.append(f"The mission reported {count.total} posts {when}; {located_posts(timeline, date)} "
                         "of its posts and checkpoints are located on this map.")
        elif count.kind == "planned":
            lines.append(f"Russia said {when} that {count.total} posts were planned; "
                         f"{located_posts(timeline, date)} are located on this map.")
        else:
            lines.append(f"Latest report on the posts ({when}): {count.summary}")
    return lines


def position_kind_label(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def precision_label(precision: str, radius_m: float) -> str:
    """How exact a drawn position is, in words."""
    if precision == "exact":
        return "exact location"
    where = "at the settlement's point" if precision == "settlement" else "approximate"
    return f"{where}, within about {radius_m / 1000:g} km"


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


def former_route(package: Package, date: dt.date) -> CorridorRoute | None:
    """The corridor route most recently out of use on `date`: drawn faintly, so a move of the road
    (30 August 2022, 30 March 2023) shows on the map and not only in the text."""
    ended = [r for r in package.routes if r.end is not None and r.end < date]
    return max(ended, key=lambda r: r.end or date, default=None)


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


def map_frames(package: Package, timeline: Timeline, texts: Table | None = None) -> dict[str, Any]:
    """`date_payload` for every frame date, with repeated texts and styles in tables and positions by
    index: the static edition holds them all, as it has no server to ask (its size grows with dates
    times districts, unlike the app's `MapUpdates`). Pass `texts` to share one text table with other data."""
    texts = texts if texts is not None else Table()
    styles = Table()
    position_index = {p.id: i for i, p in enumerate(package.positions)}
    dates = frame_dates(timeline)
    frames = []
    for date in dates:
        payload = date_payload(package, timeline, date)
        frames.append({
            "styles": {did: styles.index(style) for did, style in payload["styles"].items()},
            "statuses": payload["statuses"],
            "texts": {did: texts.index(text) for did, text in payload["texts"].items()},
            "places": payload["places"],
            "positions": [[position_index[p["id"]], p["slot"], p["slots"]] for p in payload["positions"]],
            "corridor": payload["corridor"],
            "former_corridor": payload["former_corridor"],
        })
    return {"dates": [d.isoformat() for d in dates], "styles": styles.values, "texts": texts.values,
            "positions": [position_row(p) for p in package.positions], "frames": frames}


class MapUpdates:
    """The per-date part of the map in two parts. `tables` goes to the browser once: every look each
    timeline district takes (style, status key and sentence after each of its changes, with repeated
    styles and sentences in tables) and every position. `for_date(date)` goes on every step: which look
    each district has, each place's controller, the active positions by index and the corridor routes.
    A step thus grows with the number of districts, not of dates or changes."""

    def __init__(self, package: Package, timeline: Timeline) -> None:
        self.package, self.timeline = package, timeline
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
                style = district_style(d, _state_for(timeline, d, day))
                look = [styles.index(_path_style(style)), style["status"], texts.index(style["text"])]
                if not own or own[-1] != look:
                    starts.append(day.toordinal())
                    own.append(look)
            ids.append(d.id)
            self._starts.append(starts)
            looks.append(own)
        self._position_index = {p.id: i for i, p in enumerate(package.positions)}
        self.tables = {"ids": ids, "looks": looks, "styles": styles.values, "texts": texts.values,
                       "positions": [position_row(p) for p in package.positions]}

    def for_date(self, date: dt.date) -> dict[str, Any]:
        day = date.toordinal()
        route, former = self.timeline.route_at(date), former_route(self.package, date)
        return {
            "date": date.isoformat(),
            "looks": [bisect.bisect_right(starts, day) - 1 for starts in self._starts],
            "places": place_codes(self.package, self.timeline, date),
            "positions": [[self._position_index[p.id], slot, slots]
                          for p, slot, slots in position_slots(self.timeline.positions_at(date))],
            "corridor": route.id if route else None,
            "former_corridor": former.id if former else None,
        }
