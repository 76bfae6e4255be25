"""What changed between two dates: districts, settlements, positions and the corridor (compare mode)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import vocabulary
from .describe import place_status_text, status_text
from .timeline import Timeline


@dataclass(frozen=True)
class Difference:
    """One thing that differs between date A and date B, in words."""

    kind: str  # district | place | position | corridor
    id: str
    name: str
    before: str
    after: str


def compare(timeline: Timeline, a: dt.date, b: dt.date) -> list[Difference]:
    """Everything on the map that reads differently on `b` than on `a`, districts first."""
    package = timeline.package
    diffs, words = [], vocabulary.of(package)
    for did, district in sorted(package.districts.items()):
        if district.role == "context":
            continue
        before = status_text(district, timeline.district_state(did, a), words)
        after = status_text(district, timeline.district_state(did, b), words)
        if before != after:
            diffs.append(Difference("district", did, district.names.display, before, after))
    states_a, states_b = timeline.places_at(a), timeline.places_at(b)
    for pid in sorted(states_a):
        if states_a[pid].controller != states_b[pid].controller:
            diffs.append(Difference("place", pid, package.places[pid].names.en, place_status_text(timeline, pid, a),
                                    place_status_text(timeline, pid, b)))
    active_a = {p.id: p for p in timeline.positions_at(a)}
    active_b = {p.id: p for p in timeline.positions_at(b)}
    for pid in sorted(active_a.keys() ^ active_b.keys()):
        position = active_a.get(pid) or active_b[pid]
        diffs.append(Difference("position", pid, position.name, "active" if pid in active_a else "not active",
                                "active" if pid in active_b else "not active"))
    route_a, route_b = timeline.route_at(a), timeline.route_at(b)
    changed = route_b or route_a
    if route_a != route_b and changed is not None:
        diffs.append(Difference("corridor", changed.id, "Lachin corridor", route_a.name if route_a else "no corridor",
                                route_b.name if route_b else "no corridor"))
    return diffs
