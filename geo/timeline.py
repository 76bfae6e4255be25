"""Pure queries over a package's history: each record's changes in order, events between dates, the stops.

The queries for a date are the layers' (geo/layers/districts.py `state_at`, ...): each builds its records'
forward-filled states once per timeline (`Timeline.derived`, on the `Track` here), so a query is a binary search
per district or settlement (O(log n)). Dates outside the covered range raise `DateOutOfRange`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from . import settings as S
from .errors import DateOutOfRange
from .models import Event, Package

if TYPE_CHECKING:  # the layers' modules import this one
    from .layers.corridor import CorridorRoute
    from .layers.districts_record import ControlChange
    from .layers.periods import Period
    from .layers.places_record import PlaceChange
    from .layers.positions import Position

T = TypeVar("T")
V = TypeVar("V")


class _Dated(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def id(self) -> str: ...


D = TypeVar("D", bound=_Dated)


def histories(changes: Iterable[D], subject: Callable[[D], str]) -> dict[str, list[D]]:
    """Changes grouped by what they change, each group in the order they apply: by date, then id."""
    grouped: dict[str, list[D]] = {}
    for change in sorted(changes, key=lambda c: (c.date, c.id)):
        grouped.setdefault(subject(change), []).append(change)
    return grouped


@dataclass
class Track(Generic[T]):
    """Values in force from sorted dates on: the one forward fill every timeline query uses."""

    ordinals: list[int] = field(default_factory=list)  # sorted dates as ordinals
    states: list[T] = field(default_factory=list)  # the value in force from each date

    def add(self, date: dt.date, value: T) -> None:
        """Append a value from `date` on (dates in order); a second value on one day replaces the first."""
        if self.ordinals and self.ordinals[-1] == date.toordinal():
            self.states[-1] = value
        else:
            self.ordinals.append(date.toordinal())
            self.states.append(value)

    def at(self, date: dt.date) -> T | None:
        """The value in force on `date`, None before the first."""
        i = bisect.bisect_right(self.ordinals, date.toordinal()) - 1
        return self.states[i] if i >= 0 else None


class Timeline:
    """Queries answered from arrays built once per package."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.start, self.end = package.coverage_start, package.coverage_end
        self._changes = histories(package.changes, lambda c: c.district)
        self._by_id = {c.id: c for c in package.changes}
        self._events = sorted(package.events, key=lambda e: (e.date, e.id))
        self._derived: dict[str, Any] = {}
        self._place_changes = histories(package.place_changes, lambda c: c.place)
        self._event_dates = sorted(self._stops())

    # --- what the layers' queries for a date use (geo/layers/districts.py, geo/layers/places.py) ---

    def check(self, date: dt.date) -> dt.date:
        """`date` itself, or `DateOutOfRange` naming the covered range."""
        if not self.start <= date <= self.end:
            raise DateOutOfRange(date, self.start, self.end)
        return date

    def derived(self, key: str, build: Callable[[], V]) -> V:
        """What a layer's queries build from the package once (its records' states by date, e.g.
        geo/layers/districts_record.py's tracks), kept with the timeline that answers them. Two threads asking at
        once may both build it: the same value, one kept."""
        if key not in self._derived:
            self._derived[key] = build()
        value: V = self._derived[key]
        return value

    # --- history ---

    def change(self, change_id: str) -> ControlChange:
        return self._by_id[change_id]

    def district_changes(self, district: str) -> list[ControlChange]:
        """The district's whole timeline, oldest first."""
        return list(self._changes.get(district, []))

    def changed_districts(self) -> list[str]:
        """The districts with a timeline of their own (at least one change), sorted."""
        return sorted(self._changes)

    def place_changes(self, place: str) -> list[PlaceChange]:
        """The place's whole control timeline, oldest first."""
        return list(self._place_changes.get(place, []))

    def changed_places(self) -> list[str]:
        """The places with a control timeline (at least one change), sorted."""
        return sorted(self._place_changes)

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
        dates = ({e.date for e in p.events} | {c.date for c in p.changes} | {c.date for c in p.place_changes}
                 | {c.date for c in p.post_counts}
                 # the day an announced change is acknowledged or confirmed: its dot turns from hollow to filled
                 | {a.date for c in p.place_changes if c.basis == "announced" for a in c.accounts
                    if a.stance in S.CONFIRMING_STANCES})
        intervals: list[Position | CorridorRoute | Period] = [*p.positions, *p.routes, *p.periods]
        for item in intervals:
            dates.add(item.start)
            if item.end is not None and item.end < self.end:
                dates.add(item.end + dt.timedelta(days=1))  # the first day it is gone
        return {d for d in dates if self.start <= d <= self.end}
