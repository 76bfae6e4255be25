"""The districts layer (map core plugin "districts", geo/mapcore/kcm-layers.js): the query for a date
(`district_state`, `state_at`), the status sentences (`status_text`, the accessible table `state_table`), and the
encoder: every district's outline, sent once, and per date the look each timeline district takes (its fill, outline,
status key and sentence). The tables hold each district's looks after each of its changes, with repeated styles and
sentences once; a frame says which look holds, so it grows with the number of districts, not of dates or changes.
The record itself (control.yaml's schema, model, reader and forward fill) is geo/layers/districts_record.py's.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from shapely.geometry import mapping

from .. import settings as S
from .. import status, vocabulary
from ..describe import format_date
from ..models import District, Package
from ..timeline import Timeline
from ..vocabulary import Vocabulary
from ._common import Table
from .districts_record import DistrictState, tracks

# --- the query for a date ----------------------------------------------------------------------


def district_state(timeline: Timeline, district: str, date: dt.date) -> DistrictState | None:
    """The district's state on `date` (the last change on or before it), None if it has no timeline."""
    timeline.check(date)
    track = tracks(timeline).get(district)
    return None if track is None else track.at(date)


def state_at(timeline: Timeline, date: dt.date) -> dict[str, DistrictState]:
    """Every timeline district's state on `date`."""
    timeline.check(date)
    result = {}
    for district in sorted(tracks(timeline)):
        state = district_state(timeline, district, date)
        if state is not None:
            result[district] = state
    return result


def state_for(timeline: Timeline, district: District, date: dt.date) -> DistrictState | None:
    """The state a district is drawn in: a city without a timeline of its own takes its parent district's."""
    own = district_state(timeline, district.id, date)
    return own if own is not None or district.parent is None else district_state(timeline, district.parent, date)


# --- the status sentences ----------------------------------------------------------------------


def status_key(district: District, state: DistrictState | None) -> str:
    """The legend entry a district falls under on a date."""
    if district.role == "context":
        return status.CONTEXT
    if state is None or state.controller is None:
        return status.UNKNOWN
    if state.pending_handover is not None:
        return status.PENDING
    return state.controller


def status_text(district: District, state: DistrictState | None, words: Vocabulary) -> str:
    """A sentence describing the status, for tooltips, the table and screen readers, in the package's words
    (validation makes sure its profile words every status its data set)."""
    key = status_key(district, state)
    if key in (status.CONTEXT, status.UNKNOWN) or state is None:
        return words.name(key)
    parts = []
    if state.controller is not None and state.controller != status.SPLIT:
        parts.append(words.name(state.controller))
    else:
        share = f"about {round(state.share * 100)}% {words.share_words}" if state.share is not None \
            else "share not sourced"
        parts.append(f"{words.name(status.SPLIT)} ({share})")
    if state.pending_handover is not None:
        parts.append(f"{words.name(status.PENDING)} by {format_date(state.pending_handover)}")
    if state.peacekeeping_zone == S.ZONE_PARTLY:
        parts.append(str(words.partly_in_zone))
    elif state.peacekeeping_zone:
        parts.append(words.name(status.ZONE))
    return "; ".join(parts)


def state_table(package: Package, timeline: Timeline, date: dt.date) -> list[dict[str, Any]]:
    """Who held what on `date`: one row per story district (the accessible view of the map)."""
    rows, words = [], vocabulary.of(package)
    for did, state in state_at(timeline, date).items():
        d = package.districts[did]
        rows.append({
            "id": did,
            "district": d.names.display,
            "status": status_text(d, state, words),
            "controller": state.controller,
            "share": state.share,  # of the profile's first side (what its split status's `share` counts)
            "pending_handover": state.pending_handover,
            "peacekeeping_zone": state.peacekeeping_zone,
            "area_km2": d.area_km2,
        })
    return sorted(rows, key=lambda r: r["district"])


def share_words(controller: str | None, share: float | None, sides: tuple[str, ...]) -> str:
    """The first side's share of a district (what a split's sourced share counts, profile.yaml) in words for a
    table cell (never None): a sourced share as a percentage, 'all' or 'none' for a district one of two sides
    held whole, 'not sourced' for a split one without a figure."""
    if share is not None:
        return f"{share:.0%}"
    if sides and controller == sides[0]:
        return "all"
    return "none" if controller in sides[1:] and len(sides) == 2 else "not sourced"


# --- the encoder (map core plugin "districts") -------------------------------------------------


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
    return {d.id: district_style(d, state_for(timeline, d, date), words) for d in package.districts.values()}


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


def _path_style(style: dict[str, Any]) -> list[Any]:
    """The Leaflet path options of a district style, in the order the map's script reads them."""
    return [style["fillColor"], style["fillOpacity"], style["color"], style["weight"], style["dashArray"]]


@dataclass(frozen=True)
class Looks:
    """Each timeline district's looks and the day from which each holds."""

    ids: list[str]
    starts: list[list[int]]  # per district, the ordinal from which each of its looks holds
    looks: list[list[list[Any]]]  # per district, its looks: [style index, status key, sentence index]
    styles: list[Any]
    texts: list[Any]


class Districts:
    name = "districts"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return {"districts": districts_geojson(package)}

    def prepare(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> Looks:
        styles, texts = Table(), Table()
        ids: list[str] = []
        all_starts: list[list[int]] = []
        looks: list[list[list[Any]]] = []
        for d in package.districts.values():
            if d.role == "context":
                continue  # context districts never change: the map core draws them in CONTEXT_STYLE
            # A district follows its parent's timeline where it has none of its own (see state_for).
            days = {timeline.start} | {c.date for did in (d.id, d.parent) if did
                                       for c in timeline.district_changes(did) if c.date > timeline.start}
            starts: list[int] = []
            own: list[list[Any]] = []
            for day in sorted(days):
                style = district_style(d, state_for(timeline, d, day), words)
                look = [styles.index(_path_style(style)), style["status"], texts.index(style["text"])]
                if not own or own[-1] != look:
                    starts.append(day.toordinal())
                    own.append(look)
            ids.append(d.id)
            all_starts.append(starts)
            looks.append(own)
        return Looks(ids, all_starts, looks, styles.values, texts.values)

    def table(self, state: Looks) -> dict[str, Any] | None:
        return {"ids": state.ids, "looks": state.looks, "styles": state.styles, "texts": state.texts}

    def frame(self, state: Looks, date: dt.date) -> dict[str, Any]:
        day = date.toordinal()
        return {"looks": [bisect.bisect_right(starts, day) - 1 for starts in state.starts]}

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        """Styles, status keys and sentences of the timeline districts (context districts never change)."""
        styles, statuses, texts = {}, {}, {}
        for did, style in district_styles(package, timeline, date).items():
            if package.districts[did].role == "context":
                continue
            styles[did] = _path_style(style)
            statuses[did] = style["status"]
            texts[did] = style["text"]
        return {"styles": styles, "statuses": statuses, "texts": texts}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"contextStyle": status.CONTEXT_STYLE}  # the look before the first frame, which context districts keep


LAYER = Districts()
