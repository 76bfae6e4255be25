"""The districts layer (map core plugin "districts", geo/mapcore/kcm-layers.js): every district's outline, sent
once, and per date the look each timeline district takes (its fill, outline, status key and sentence). The
tables hold each district's looks after each of its changes, with repeated styles and sentences once; a frame
says which look holds, so it grows with the number of districts, not of dates or changes."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from shapely.geometry import mapping

from .. import settings as S
from .. import status, vocabulary
from ..describe import _state_for, status_key, status_text
from ..models import District, DistrictState, Package
from ..timeline import Timeline
from ._common import Table


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
