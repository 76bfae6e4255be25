"""The districts' record (control.yaml), end to end but for its words and encoder (geo/layers/districts.py): the
schema of a change, its model, its reader and the forward fill that turns a district's changes into its state on
each day, kept per timeline (`tracks`). The district layer's queries for a date (`district_state`, `state_at`) read
those tracks; the validation rules (geo/rules.py) and the intervals (geo/intervals.py) replay the same fill.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NotRequired

from pydantic import AfterValidator, with_config
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from .. import settings as S
from .._parse import Collector, read_yaml_list, record_id
from .._validate import DISPUTED_RETIRED, declare_words, validate_records
from ..accounts import citations_of, raw_account_sides, read_accounts
from ..models import Account, Citation
from ..package_files import CONTROL_FILE
from ..profile import Allowed, Profile, refuse_unless, unworded
from ..rules_ids import check_unique
from ..schemas import STRICT, AccountRecord, Citations, IsoDate, RecordId, Share, SideOrSplit, Text, Zone
from ..timeline import Timeline, Track

# --- the record (control.yaml) -----------------------------------------------------------------


@with_config(STRICT)
class FigureRecord(TypedDict):
    """One sourced value of a disputed share."""

    value: Share
    citations: Citations


@with_config(STRICT)
class StateSet(TypedDict, total=False):
    """The fields of a district's state that a change sets; the others keep their values (forward fill)."""

    controller: SideOrSplit  # never null: a district always has a controller (null drew "No data")
    share: Share | None
    pending_handover: IsoDate | None
    peacekeeping_zone: Zone


SET_WORDS = f"must map one or more of {', '.join(S.STATE_FIELDS)} to new values"


def _meaningful(state: StateSet) -> StateSet:
    if not state:
        raise PydanticCustomError("set", SET_WORDS)
    if state.get("share") is not None and state.get("controller") not in (None, "split"):
        raise PydanticCustomError("share", "a share is only allowed when controller is 'split'", {"field": "share"})
    return state


@with_config(STRICT)
class ChangeRecord(TypedDict):
    """One record of control.yaml: a change of one district's state on a date."""

    id: RecordId
    district: Text
    date: IsoDate
    precision: S.Precision
    kind: S.ChangeKind
    event: NotRequired[Text | None]
    summary: Text
    set: Annotated[StateSet, AfterValidator(_meaningful)]
    figures: NotRequired[list[FigureRecord]]
    accounts: NotRequired[list[AccountRecord]]  # each side's accounts beside the record's own (geo/claims.py)
    citations: Citations


declare_words(StateSet, whole=(SET_WORDS, ()))
declare_words(ChangeRecord, retired={"disputed": DISPUTED_RETIRED})


# --- the models --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One sourced value of a disputed number (e.g. a share held)."""

    value: float
    citations: tuple[Citation, ...]


@dataclass(frozen=True, kw_only=True)
class ControlChange:
    """A change of one district's state on a date; `set` holds only the fields that change."""

    id: str
    district: str
    date: dt.date
    precision: str
    kind: str  # actual | scheduled
    summary: str
    set: dict[str, Any]
    citations: tuple[Citation, ...]
    event: str | None = None
    figures: tuple[Figure, ...] = ()
    accounts: tuple[Account, ...] = ()  # each side's account beside the record's own (geo/claims.py)


@dataclass(frozen=True, kw_only=True)
class DistrictState:
    """A district's state on a date and the changes that made it so."""

    district: str
    controller: str | None
    share: float | None
    pending_handover: dt.date | None
    peacekeeping_zone: bool | str  # True, False or "partly" (settings.ZONE_PARTLY)
    change_ids: tuple[str, ...] = ()


# --- the reader --------------------------------------------------------------------------------


def read_changes(data_dir: Path, out: Collector, profile: Profile | None) -> tuple[list[ControlChange], set[str]]:
    """The valid changes, and the districts of records rejected (their timelines are incomplete). Ids must be
    unique across all the file's records, valid or not."""
    allowed = Allowed.of(profile)
    valid: list[dict[str, Any]] = []
    rejected: set[str] = set()
    raw = read_yaml_list(data_dir / CONTROL_FILE, CONTROL_FILE, out)
    check_unique(CONTROL_FILE, [rec["id"] for rec in raw if isinstance(rec.get("id"), str)], out)
    for i, (rec, c) in enumerate(validate_records(ChangeRecord, raw, CONTROL_FILE, out)):
        # checked on a refused record too, so that every problem shows at once
        new = rec.get("set")
        problem = functools.partial(out.add, CONTROL_FILE, record_id(rec, i))
        sides = [("set.controller", new.get("controller") if isinstance(new, dict) else None, allowed.controllers)]
        sides += [(key, side, allowed.account_sides) for key, side in raw_account_sides(rec)]
        if not all([refuse_unless(side, known, problem, key) for key, side, known in sides if isinstance(side, str)]):
            c = None
        unsaid = unworded(c["set"], profile) if c is not None else []
        for field, message in unsaid:
            out.add(CONTROL_FILE, record_id(rec, i), field, message)
        if unsaid:
            c = None
        if c is not None:
            valid.append(c)
        elif isinstance(rec.get("district"), str) and rec["district"]:
            rejected.add(rec["district"])
    changes = []
    for c, taker, loser in _takers(valid):
        accounts = read_accounts(CONTROL_FILE, c["id"], c.get("accounts"), c["date"], taker, loser, False, out)
        if accounts is None:
            rejected.add(c["district"])
            continue
        figures = tuple(Figure(value=f["value"], citations=citations_of(f["citations"])) for f in c["figures"]) \
            if "figures" in c else ()
        changes.append(ControlChange(id=c["id"], district=c["district"], date=c["date"], precision=c["precision"],
                                     kind=c["kind"], summary=c["summary"], set=c["set"],
                                     citations=citations_of(c["citations"]), event=c.get("event"), figures=figures,
                                     accounts=accounts))
    return changes, rejected


def _takers(records: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str | None, str | None]]:
    """Each record (in file order) with the sides said to have taken and lost the district by it, as the forward
    fill has them (`replay`'s order: by date, then id): None where it names none (a split, a change of the zone or
    deadline only, or no side before it)."""
    found: dict[int, tuple[str | None, str | None]] = {}
    held: dict[str, str | None] = {}
    for c in sorted(records, key=lambda c: (c["date"], c["id"])):
        before, after = held.get(c["district"]), c["set"].get("controller")
        taker = after if after not in (None, "split", before) else None
        found[id(c)] = (taker, before if taker is not None and before != "split" else None)
        if after is not None:
            held[c["district"]] = after
    return [(c, *found[id(c)]) for c in records]


# --- the forward fill --------------------------------------------------------------------------

_SETTER_ORDER = tuple(sorted(S.STATE_FIELDS))


def replay(district: str, changes: list[ControlChange]) -> Iterator[tuple[ControlChange, DistrictState]]:
    """The forward fill: each of a district's changes (in `histories` order) with the state it leaves."""
    controller: str | None = None
    share: float | None = None
    pending: dt.date | None = None
    zone: bool | str = False
    setters: dict[str, str] = {}  # field -> id of the change that last set it
    for change in changes:
        new = change.set
        setters.update(dict.fromkeys(new, change.id))
        controller = new.get("controller", controller)
        pending = new.get("pending_handover", pending)
        zone = new.get("peacekeeping_zone", zone) or False
        if "share" in new:
            share = new["share"]
        elif controller != "split":
            share = None  # a share only means something while split
            if "controller" in new:
                setters["share"] = change.id  # the change that ended the split also ended its share
        ids = tuple(dict.fromkeys(setters[k] for k in _SETTER_ORDER if k in setters))
        yield change, DistrictState(district=district, controller=controller, share=share, pending_handover=pending,
                                    peacekeeping_zone=zone, change_ids=ids)


def _build_track(district: str, changes: list[ControlChange]) -> Track[DistrictState]:
    track: Track[DistrictState] = Track()
    for change, state in replay(district, changes):
        track.add(change.date, state)  # several changes on one day: the day's final state
    return track


def tracks(timeline: Timeline) -> dict[str, Track[DistrictState]]:
    """Each timeline district's states from each of its change dates on, built once per timeline."""
    return timeline.derived("districts", lambda: {
        district: _build_track(district, timeline.district_changes(district))
        for district in timeline.changed_districts()})
