"""The map's words: status sentences, dates as people write them. The map, the panel,
the table, the CLI and the exports all take their sentences from here; a settlement's and a post's own sentences
live with their layers (geo/layers/places.py, geo/layers/positions.py), the post counts' too
(geo/layers/post_counts.py); what was going on on a date is geo/dayinfo.py's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import settings as S
from . import status, vocabulary
from .models import District, DistrictState, Package, Place
from .timeline import Timeline
from .vocabulary import Vocabulary


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


def format_date(date: dt.date, precision: str = "day") -> str:
    """`20 November 2020`, `November 2020` or `2020`, as precise as the source."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def state_table(package: Package, timeline: Timeline, date: dt.date) -> list[dict[str, Any]]:
    """Who held what on `date`: one row per story district (the accessible view of the map)."""
    rows, words = [], vocabulary.of(package)
    for did, state in timeline.state_at(date).items():
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


def point_origin(package: Package, place: Place) -> str:
    """Where a settlement's point comes from, in words: the point, how exact, and GeoNames or the cited page
    (by its title; the coordinates as the page writes them, e.g. 39°45′29″N, stay in the data, not the panel)."""
    c = place.coordinate
    where = f"point {c.lat:.4f} N, {c.lon:.4f} E (within about {place.precision_m / 1000:g} km) from "
    if c.geonames is not None:
        return where + f"GeoNames id {c.geonames}"
    source = package.sources.get(c.source) if c.source is not None else None
    return where + (f"the coordinates given in {source.title}" if source else f"source {c.source}")
