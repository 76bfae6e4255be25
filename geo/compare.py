"""What changed between two dates: districts, settlements, positions and the corridor (compare mode)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import status, vocabulary
from .describe import format_date
from .layers.corridor import route_at
from .layers.districts import district_state, status_text
from .layers.districts_record import DistrictState
from .layers.places import place_status_text, places_at
from .layers.positions import positions_at
from .models import Package
from .timeline import Timeline


def side_words(package: Package) -> dict[str, str]:
    """Each side of the package's profile by its name, in the order the claims list gives them."""
    profile = vocabulary.profile_of(package)
    order = vocabulary.of(package).claims_order or profile.side_ids
    return {side: profile.side(side).names["en"] for side in order}


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
    diffs, words = [], vocabulary.of(package)
    sides = vocabulary.profile_of(package).side_ids
    states_a, states_b = places_at(timeline, a), places_at(timeline, b)
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
        before = status_text(district, district_state(timeline, did, a), words)
        after = status_text(district, district_state(timeline, did, b), words)
        if before != after:
            gained = district_gainer(district_state(timeline, did, a), district_state(timeline, did, b), sides)
            takers = taken.get(did, set()) | taken.get(district.parent or "", set())
            if gained is None and len(takers) == 1:
                gained = next(iter(takers))
            diffs.append(Difference("district", did, district.names.display, before, after, gained))
    diffs += places
    active_a = {p.id: p for p in positions_at(timeline, a)}
    active_b = {p.id: p for p in positions_at(timeline, b)}
    for pid in sorted(active_a.keys() ^ active_b.keys()):
        position = active_a.get(pid) or active_b[pid]
        diffs.append(Difference("position", pid, position.name, "active" if pid in active_a else "not active",
                                "active" if pid in active_b else "not active"))
    route_a, route_b = route_at(timeline, a), route_at(timeline, b)
    changed = route_b or route_a
    if route_a != route_b and changed is not None:
        diffs.append(Difference("corridor", changed.id, words.name(status.CORRIDOR),
                                route_a.name if route_a else "no corridor", route_b.name if route_b else "no corridor"))
    return diffs


def _first_side_share(state: DistrictState | None, sides: tuple[str, ...]) -> float | None:
    """How much of a district the first side held (what a split's sourced share counts, profile.yaml): 1 or 0 when
    one of two sides held it whole, a split's sourced share, else None."""
    if state is None or state.controller is None:
        return None
    if state.controller in sides:
        return (1.0 if state.controller == sides[0] else 0.0) if len(sides) == 2 else None
    return state.share


def district_gainer(a: DistrictState | None, b: DistrictState | None, sides: tuple[str, ...]) -> str | None:
    """The side whose hold of a district grew from state `a` to state `b`: with two sides, by the first side's
    share where both are known; else by who holds it whole (a district one of two sides held whole that becomes
    split was lost in part to the other). None when the hold did not change (a handover deadline, the peacekeeping
    zone) or cannot be told."""
    if len(sides) == 2:
        share_a, share_b = _first_side_share(a, sides), _first_side_share(b, sides)
        if share_a is not None and share_b is not None:
            return None if share_a == share_b else (sides[0] if share_b > share_a else sides[1])
    before, after = (a.controller if a else None), (b.controller if b else None)
    if before == after or before is None or after is None:
        return None
    if after in sides:
        return after
    if before in sides and len(sides) == 2:  # whole to split: the other side took a part
        return sides[1] if before == sides[0] else sides[0]
    return None


def compare_summary(package: Package, a: dt.date, b: dt.date, diffs: list[Difference]) -> str:
    """The comparison in one sentence: what each side gained from `a` to `b` (districts, settlements), and how
    many other things changed."""
    parts = []
    names = side_words(package)
    for side in names:
        counts = [(sum(1 for d in diffs if d.kind == kind and d.gained == side), word)
                  for kind, word in (("district", "district"), ("place", "settlement"))]
        gains = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
        parts.append(f"{names[side]} gained {' and '.join(gains) if gains else 'nothing'}")
    others = sum(1 for d in diffs if d.gained is None)
    rest = (f"; {others} other change{'s' if others != 1 else ''} with no side's gain the data can tell (handover "
            "deadlines, shares not sourced, posts, the corridor)") if others else ""
    return f"From {format_date(a)} to {format_date(b)}: " + "; ".join(parts) + rest + "."
