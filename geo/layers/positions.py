"""The positions layer (map core plugin "positions", geo/mapcore/kcm-layers.js): every post, sent once with its
kind, operator and precision; per date the active ones by index, each with its slot among those drawn at the same
point. The shape says the kind, the fill who runs it (geo/status.py, the profile's operators); its kind and how
exact it is, in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import status, vocabulary
from ..models import Package, Position
from ..timeline import Timeline
from ._common import Indexed


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



class Positions:
    name = "positions"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return None  # the posts are in the table, which the frames index into

    def prepare(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> Indexed:
        return Indexed(package, timeline, {p.id: i for i, p in enumerate(package.positions)})

    def table(self, state: Indexed) -> dict[str, Any] | None:
        return {"positions": [position_row(p) for p in state.package.positions]}

    def frame(self, state: Indexed, date: dt.date) -> dict[str, Any]:
        return {"positions": [[state.index[p.id], slot, slots]
                              for p, slot, slots in position_slots(state.timeline.positions_at(date))]}

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return {"positions": [{**position_row(p), "slot": slot, "slots": slots}
                              for p, slot, slots in position_slots(timeline.positions_at(date))]}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"shapes": {kind: {"path": shape.path, "legend": shape.legend}
                           for kind, shape in status.POSITION_SHAPES.items()},
                "operators": {key: {"colour": op.colour, "legend": op.legend} for key, op in words.operators.items()}}


LAYER = Positions()
