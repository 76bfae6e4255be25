"""The positions (positions.yaml) as one layer, end to end: the record's schema, its model, its reader, the query
for a date, and its encoder for the map core's plugin "positions" (geo/mapcore/kcm-layers.js), as
geo/layers/post_counts.py does the post counts'.

The plugin gets every post once with its kind, operator and precision; per date the active ones by index, each with
its slot among those drawn at the same point. The shape says the kind, the fill who runs it (geo/status.py, the
profile's operators); its kind and how exact it is, in words.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NotRequired

from pydantic import Field, with_config
from typing_extensions import TypedDict

from .. import settings as S
from .. import status, vocabulary
from .._parse import Collector, read_yaml_list, record_id
from .._validate import validate_records
from ..accounts import citations_of
from ..models import Citation, GeoName, Package, _Interval
from ..package_files import GEONAMES_FILE, PLACES_FILE, POSITIONS_FILE
from ..profile import Allowed, refuse_unless
from ..rules import check_unique
from ..schemas import STRICT, Citations, IsoDate, PlaceRef, RecordId, Text
from ..timeline import Timeline
from ._common import Indexed
from .places_points import check_raw_refs, place_coordinates
from .places_record import Place

# --- the record (positions.yaml) ---------------------------------------------------------------

# What the package's profile.yaml names (checked against it when read): the words say where to look.
OperatorId = Annotated[str, Field(pattern=r"\S", description="an operator of profile.yaml's operators")]


@with_config(STRICT)
class PositionRecord(TypedDict):
    """A peacekeeping (or monitoring) position, active from start to end (both days included)."""

    id: RecordId
    kind: S.PositionKind
    name: Text
    operator: OperatorId
    place: PlaceRef  # resolved against places.csv and places.yaml when read
    precision: S.LocationPrecision
    radius_m: Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False, description="a number from 0 to 100000")]
    precision_note: Text
    start: IsoDate
    start_precision: NotRequired[S.Precision]
    end: NotRequired[IsoDate | None]
    end_precision: NotRequired[S.Precision]
    citations: Citations


# --- the model ---------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Position(_Interval):
    """A peacekeeping (or monitoring) position, active on [start, end] (end inclusive, None = open)."""

    id: str
    kind: str
    name: str
    operator: str
    place: int | str  # a GeoNames id or a place id of places.yaml
    precision: str
    radius_m: float
    precision_note: str
    start: dt.date
    end: dt.date | None
    citations: tuple[Citation, ...]
    start_precision: str = "day"
    end_precision: str = "day"
    lat: float = 0.0
    lon: float = 0.0


# --- the reader --------------------------------------------------------------------------------

def read_positions(data_dir: Path, geonames: dict[int, GeoName], places: dict[str, Place], out: Collector,
                   allowed: Allowed) -> list[Position]:
    """The file's positions in file order, each placed at its GeoNames or places.yaml point; ids must be unique
    across all its records, valid or not."""
    positions = []
    unread = not out.readable(PLACES_FILE, GEONAMES_FILE)
    raw = read_yaml_list(data_dir / POSITIONS_FILE, POSITIONS_FILE, out)
    check_unique(POSITIONS_FILE, [rec["id"] for rec in raw if isinstance(rec.get("id"), str)], out)
    for i, (rec, x) in enumerate(validate_records(PositionRecord, raw, POSITIONS_FILE, out)):
        if isinstance(rec.get("operator"), str) and not refuse_unless(
                rec["operator"], allowed.operators, functools.partial(out.add, POSITIONS_FILE, record_id(rec, i)),
                "operator"):
            x = None  # checked on a refused record too, so that every problem shows at once
        if x is None:  # refused: its place is still checked, so that every problem shows at once
            check_raw_refs(functools.partial(out.add, POSITIONS_FILE, record_id(rec, i)), {"place": rec.get("place")},
                            geonames, places, unread, allowed.region_bounds)
            continue
        pid = x["id"]
        problems = len(out.problems)
        problem = functools.partial(out.add, POSITIONS_FILE, pid)
        if x.get("end") is not None and x["end"] < x["start"]:
            problem("end", f"{x['end']} is before start {x['start']}; end must be on or after start")
        where = place_coordinates(problem, x["place"], geonames, places, "place", unread, allowed.region_bounds)
        if where is not None and len(out.problems) == problems:
            positions.append(Position(
                id=pid, kind=x["kind"], name=x["name"], operator=x["operator"], place=x["place"],
                precision=x["precision"], radius_m=x["radius_m"],
                precision_note=x["precision_note"], start=x["start"], end=x.get("end"),
                citations=citations_of(x["citations"]),
                start_precision=x.get("start_precision", "day"), end_precision=x.get("end_precision", "day"),
                lon=where[0], lat=where[1],
            ))
    return positions


# --- the query for a date ----------------------------------------------------------------------

def positions_at(timeline: Timeline, date: dt.date) -> list[Position]:
    """The positions active on `date`, in file order. `DateOutOfRange` outside the package's coverage."""
    timeline.check(date)
    return [p for p in timeline.package.positions if p.active_on(date)]


# --- the encoder (map core plugin "positions") -------------------------------------------------

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
                              for p, slot, slots in position_slots(positions_at(state.timeline, date))]}

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return {"positions": [{**position_row(p), "slot": slot, "slots": slots}
                              for p, slot, slots in position_slots(positions_at(timeline, date))]}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"shapes": {kind: {"path": shape.path, "legend": shape.legend}
                           for kind, shape in status.POSITION_SHAPES.items()},
                "operators": {key: {"colour": op.colour, "legend": op.legend} for key, op in words.operators.items()}}


LAYER = Positions()
