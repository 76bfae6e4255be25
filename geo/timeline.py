"""Pure queries over a package's history: the state on a date, events between dates.

Each district's changes are sorted once and its forward-filled states precomputed, so a query is a
binary search per district (O(log n)). Dates outside the covered range raise `DateOutOfRange`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .errors import DateOutOfRange
from .models import ControlChange, CorridorRoute, DistrictState, Event, Package, Position


@dataclass(frozen=True)
class _Track:
    ordinals: list[int]  # sorted change dates as ordinals
    states: list[DistrictState]  # state after each change (forward-filled)


class Timeline:
    """Queries answered from arrays built once per package."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.start, self.end = package.coverage_start, package.coverage_end
        by_district: dict[str, list[ControlChange]] = {}
        for change in sorted(package.changes, key=lambda c: (c.date, c.id)):
            by_district.setdefault(change.district, []).append(change)
        self._changes = by_district
        self._by_id = {c.id: c for c in package.changes}
        self._events = sorted(package.events, key=lambda e: (e.date, e.id))
        self._tracks = {d: _build_track(d, cs) for d, cs in by_district.items()}
        self._event_dates = sorted(self._stops())

    # --- the state on a date ---

    def check(self, date: dt.date) -> dt.date:
        """`date` itself, or `DateOutOfRange` naming the covered range."""
        if not self.start <= date <= self.end:
            raise DateOutOfRange(date, self.start, self.end)
        return date

    def district_state(self, district: str, date: dt.date) -> DistrictState | None:
        """The district's state on `date` (the last change on or before it), None if it has no timeline."""
        self.check(date)
        track = self._tracks.get(district)
        if track is None:
            return None
        i = bisect.bisect_right(track.ordinals, date.toordinal()) - 1
        return track.states[i] if i >= 0 else None

    def state_at(self, date: dt.date) -> dict[str, DistrictState]:
        """Every timeline district's state on `date`."""
        self.check(date)
        result = {}
        for district in sorted(self._tracks):
            state = self.district_state(district, date)
            if state is not None:
                result[district] = state
        return result

    def positions_at(self, date: dt.date) -> list[Position]:
        self.check(date)
        return [p for p in self.package.positions if p.active_on(date)]

    def route_at(self, date: dt.date) -> CorridorRoute | None:
        self.check(date)
        return next((r for r in self.package.routes if r.active_on(date)), None)

    # --- history ---

    def change(self, change_id: str) -> ControlChange:
        return self._by_id[change_id]

    def district_changes(self, district: str) -> list[ControlChange]:
        """The district's whole timeline, oldest first."""
        return list(self._changes.get(district, []))

    def changes_between(self, a: dt.date, b: dt.date) -> list[ControlChange]:
        """Changes dated after `a` up to and including `b` (what happened moving from a to b)."""
        self.check(a)
        self.check(b)
        lo, hi = min(a, b), max(a, b)
        return sorted((c for c in self.package.changes if lo < c.date <= hi), key=lambda c: (c.date, c.id))

    def events_between(self, a: dt.date, b: dt.date) -> list[Event]:
        """Story events dated from `a` to `b`, both included."""
        self.check(a)
        self.check(b)
        return [e for e in self._events if a <= e.date <= b]

    # --- stepping ---

    def stops(self) -> list[dt.date]:
        """Every date on which something on the map changes, sorted."""
        return list(self._event_dates)

    def next_stop(self, date: dt.date) -> dt.date | None:
        i = bisect.bisect_right(self._event_dates, date)
        return self._event_dates[i] if i < len(self._event_dates) else None

    def previous_stop(self, date: dt.date) -> dt.date | None:
        i = bisect.bisect_left(self._event_dates, date)
        return self._event_dates[i - 1] if i > 0 else None

    def _stops(self) -> set[dt.date]:
        p = self.package
        dates = {e.date for e in p.events} | {c.date for c in p.changes}
        intervals: list[Position | CorridorRoute] = [*p.positions, *p.routes]
        for item in intervals:
            dates.add(item.start)
            if item.end is not None and item.end < self.end:
                dates.add(item.end + dt.timedelta(days=1))  # the first day it is gone
        return {d for d in dates if self.start <= d <= self.end}


def _build_track(district: str, changes: list[ControlChange]) -> _Track:
    ordinals: list[int] = []
    states: list[DistrictState] = []
    current = DistrictState(district, None, None, None, False)
    setters: dict[str, str] = {}  # field -> id of the change that last set it
    for change in changes:
        values: dict[str, Any] = {
            "controller": current.controller,
            "share": current.share,
            "pending_handover": current.pending_handover,
            "peacekeeping_zone": current.peacekeeping_zone,
        }
        values.update(change.set)
        setters.update(dict.fromkeys(change.set, change.id))
        if values["controller"] != "split" and "share" not in change.set:
            values["share"] = None  # a share only means something while split
            if "controller" in change.set:
                setters["share"] = change.id  # the change that ended the split also ended its share
        ids = tuple(dict.fromkeys(setters[k] for k in sorted(setters)))
        current = DistrictState(district, values["controller"], values["share"], values["pending_handover"],
                                bool(values["peacekeeping_zone"]), ids)
        if ordinals and ordinals[-1] == change.date.toordinal():
            states[-1] = current  # several changes on one day: the day's final state
        else:
            ordinals.append(change.date.toordinal())
            states.append(current)
    return _Track(ordinals, states)
