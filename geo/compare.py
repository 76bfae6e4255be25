"""What changed between two dates: districts, settlements, positions and the corridor (compare mode)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .describe import format_date, place_status_text, status_text
from .models import DistrictState
from .settings import CONTROLLERS
from .timeline import Timeline

ARMENIAN, AZERBAIJAN = CONTROLLERS[0], CONTROLLERS[1]
SIDE_WORDS = {ARMENIAN: "Armenian forces", AZERBAIJAN: "Azerbaijan"}


@dataclass(frozen=True)
class Difference:
    """One thing that differs between date A and date B, in words."""

    kind: str  # district | place | position | corridor
    id: str
    name: str
    before: str
    after: str
    gained: str | None = None  # the side whose hold grew from A to B (a controller), None: no change of hold


def compare(timeline: Timeline, a: dt.date, b: dt.date) -> list[Difference]:
    """Everything on the map that reads differently on `b` than on `a`, districts first."""
    package = timeline.package
    diffs = []
    states_a, states_b = timeline.places_at(a), timeline.places_at(b)
    places = [Difference("place", pid, package.places[pid].names.en, place_status_text(timeline, pid, a),
                         place_status_text(timeline, pid, b), states_b[pid].controller)
              for pid in sorted(states_a) if states_a[pid].controller != states_b[pid].controller]
    # Who gained settlements in each district: what tells a split district's gainer when its share is not sourced.
    taken: dict[str, set[str | None]] = {}
    for d in places:
        taken.setdefault(package.places[d.id].district, set()).add(d.gained)
    for did, district in sorted(package.districts.items()):
        if district.role == "context":
            continue
        before = status_text(district, timeline.district_state(did, a))
        after = status_text(district, timeline.district_state(did, b))
        if before != after:
            gained = district_gainer(timeline.district_state(did, a), timeline.district_state(did, b))
            sides = taken.get(did, set()) | taken.get(district.parent or "", set())
            if gained is None and len(sides) == 1:
                gained = next(iter(sides))
            diffs.append(Difference("district", did, district.names.display, before, after, gained))
    diffs += places
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


def _armenian_share(state: DistrictState | None) -> float | None:
    """How much of a district Armenian forces held: 1 or 0 when held whole, a split's sourced share, else None."""
    if state is None or state.controller is None:
        return None
    return {ARMENIAN: 1.0, AZERBAIJAN: 0.0}.get(state.controller, state.share)


def district_gainer(a: DistrictState | None, b: DistrictState | None) -> str | None:
    """The side whose hold of a district grew from state `a` to state `b`: by the Armenian-held share where both
    are known, else by who holds it whole (a district held whole that becomes split was lost in part). None when
    the hold did not change (a handover deadline, the peacekeeping zone) or cannot be told."""
    share_a, share_b = _armenian_share(a), _armenian_share(b)
    if share_a is not None and share_b is not None:
        return None if share_a == share_b else (ARMENIAN if share_b > share_a else AZERBAIJAN)
    before, after = (a.controller if a else None), (b.controller if b else None)
    if before == after or before is None or after is None:
        return None
    if after in (ARMENIAN, AZERBAIJAN):
        return after
    return AZERBAIJAN if before == ARMENIAN else ARMENIAN  # whole to split: the other side took a part


def compare_summary(a: dt.date, b: dt.date, diffs: list[Difference]) -> str:
    """The comparison in one sentence: what each side gained from `a` to `b` (districts, settlements), and how
    many other things changed."""
    parts = []
    for side in (AZERBAIJAN, ARMENIAN):
        counts = [(sum(1 for d in diffs if d.kind == kind and d.gained == side), word)
                  for kind, word in (("district", "district"), ("place", "settlement"))]
        gains = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
        parts.append(f"{SIDE_WORDS[side]} gained {' and '.join(gains) if gains else 'nothing'}")
    others = sum(1 for d in diffs if d.gained is None)
    rest = (f"; {others} other change{'s' if others != 1 else ''} with no side's gain the data can tell (handover "
            "deadlines, shares not sourced, posts, the corridor)") if others else ""
    return f"From {format_date(a)} to {format_date(b)}: " + "; ".join(parts) + rest + "."
