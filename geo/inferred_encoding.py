"""The inferred areas (geo/inferred.py) encoded for the map's frames (geo/layers/inferred.py), in one of two ways.

- InferredEncoding: every frame date's areas built up front, every distinct area and set of areas sent once in the
  map's tables, a frame naming its set in a small integer. For a package like the real one (a hundred district
  states) this is the cheapest step there is.
- LazyInferredEncoding, above LAZY_FROM district states: the tables would cost one Voronoi diagram per district
  state (about 100,000 at 30,000 settlements: 885 s and 5.7 GB before the app's first map; bench/scale_30k.py). A
  date's areas are built when it is first shown, each district's once per state (its settlements' states change
  only on its change days), and a frame lists its areas' indices and carries the rows of those its map does not
  hold yet (`sent`, per session: dashboard/inferred.py), which the map core adds to its table.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import status
from ._geom import geojson
from .inferred import Area, InferredControl, default_range
from .layers.districts import state_for

LAZY_FROM = 2_000  # district states (a Voronoi diagram each, 5-12 ms) from which the areas are built per date shown
ROWS_KEPT = 2_048  # the lazy encoding's rows kept (a date at 30,000 settlements shows about a thousand): others are
# rebuilt from their district's state when asked for


def district_states(control: InferredControl) -> int:
    """How many district states the eager tables would build areas for (at most): a split district's areas change
    only on its change days."""
    return sum(len(days) + 1 for days in control.change_days().values())


def row(area: Area, index: dict[str, int]) -> list[Any]:
    """An area as the map core reads it: [district, controller, announced only, place indices, GeoJSON]."""
    return [area.district, area.controller, int(area.announced), [index[p] for p in area.places],
            geojson(area.geometry)]



def fixed_table(control: InferredControl) -> dict[str, Any]:
    """What either encoding sends once beside its areas: the line of contact on the profile's date, how many
    settlements it rests on, and the dates the areas are shown on by default (the static edition's switch)."""
    day = control.contact_date if control.has_contact() else None
    on_contact = control.areas_at(day) if day is not None else []
    default = default_range(control.package)
    return {
        "contact": geojson(control.contact_line()) if on_contact else None,
        "contactFrom": day.isoformat() if day is not None else None,
        "contactCount": control.settlement_count(on_contact),
        "defaultOn": [d.isoformat() for d in default] if default is not None else None,
    }

class InferredEncoding:
    """The areas for the map's frames: every distinct area once in `table` (geometry, district, controller,
    announced only, the settlements it rests on as indices into the map's places), every distinct set of areas
    once, and per date only which set holds (`state(date)`, a small integer)."""

    def __init__(self, control: InferredControl, dates: list[dt.date], place_ids: list[str]) -> None:
        index = {pid: i for i, pid in enumerate(place_ids)}
        area_ids: dict[Area, int] = {}
        areas: list[list[Any]] = []
        sets: dict[tuple[int, ...], int] = {}
        self._days = [d.toordinal() for d in dates]
        self._states: list[int] = []
        of_district: dict[str, list[int]] = {}  # each district's areas on the date, as indices into `areas`
        for date, changed in control.changed_over(dates):
            for did in changed:
                of_district[did] = []
                for area in control.district_areas_at(did, date):
                    if area not in area_ids:
                        area_ids[area] = len(areas)
                        areas.append(row(area, index))
                    of_district[did].append(area_ids[area])
            ids = tuple(i for did in control.districts for i in of_district.get(did, ()))
            self._states.append(sets.setdefault(ids, len(sets)))
        self.table: dict[str, Any] = {"areas": areas, "sets": [list(s) for s in sets], **fixed_table(control)}

    def state(self, date: dt.date) -> int:
        """Which set of areas holds on `date`: the one of the last frame date on or before it."""
        i = bisect.bisect_right(self._days, date.toordinal()) - 1
        return self._states[max(i, 0)]

    def frame(self, date: dt.date, shown: bool = True, sent: set[int] | None = None) -> dict[str, Any]:
        """The frame's part: its set (`shown` and `sent` change nothing: the set is a small integer either way)."""
        return {"inferred": self.state(date)}

    def ids(self, date: dt.date) -> list[int]:
        """The areas drawn on `date`, as indices into the table's areas."""
        ids: list[int] = self.table["sets"][self.state(date)]
        return ids

    def area(self, index: int) -> list[Any] | None:
        """One area's row, None for an index the table has not."""
        areas: list[list[Any]] = self.table["areas"]
        return areas[index] if 0 <= index < len(areas) else None


class LazyInferredEncoding:
    """The areas built per date shown. An index names one area (by its content) for the life of the process, as
    in InferredEncoding, so a selection survives a date step and a map holds each row once. A date is the frame
    date on or before it, as there; its areas are, for each district, those of the district's state (the number
    of its change days on or before the date), built the first time that state is asked for."""

    def __init__(self, control: InferredControl, dates: list[dt.date], place_ids: list[str]) -> None:
        self.control = control
        self._place_index = {pid: i for i, pid in enumerate(place_ids)}
        self._frames = [d.toordinal() for d in dates]
        self._change_days = control.change_days()
        self._state_ids: dict[tuple[str, int], tuple[int, ...]] = {}  # (district, state) -> its areas' indices
        self._keys: dict[bytes, int] = {}  # an area's digest -> its index (the areas themselves are not kept)
        self._where: list[tuple[str, int]] = []  # index -> (district, a frame day it was drawn on)
        self._rows: OrderedDict[int, list[Any]] = OrderedDict()  # the last ROWS_KEPT rows built or asked for
        self._lock = threading.RLock()  # the app's sessions share one encoder: an index is given once
        self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kcm-areas-ahead")
        self._generation = 0  # of the last date asked to build around
        self.table: dict[str, Any] = {"areas": [], "lazy": True, **fixed_table(control)}

    def _frame_day(self, date: dt.date) -> int:
        i = bisect.bisect_right(self._frames, date.toordinal()) - 1
        return self._frames[max(i, 0)]

    def _keep(self, index: int, value: list[Any]) -> None:
        self._rows[index] = value
        self._rows.move_to_end(index)
        while len(self._rows) > ROWS_KEPT:
            self._rows.popitem(last=False)

    def _build(self, district: str, day: int) -> dict[int, list[Any]]:
        """A district's areas on a frame day (none unless its own sourced status is split), indexed and kept."""
        control, date = self.control, dt.date.fromordinal(day)
        state = state_for(control.timeline, control.package.districts[district], date)
        if state is None or state.controller != status.SPLIT:
            return {}
        rows = {}
        for area in control.district_areas_uncached(district, date):
            value = row(area, self._place_index)
            # Equal areas (InferredEncoding's identity: the same fields, the same coordinates) share a digest.
            digest = hashlib.blake2b(repr(value[:4]).encode() + area.geometry.wkb, digest_size=16).digest()
            index = self._keys.get(digest)
            if index is None:
                index = self._keys[digest] = len(self._where)
                self._where.append((district, day))
            self._keep(index, value)
            rows[index] = value
        return rows

    def _district_ids(self, did: str, day: int) -> tuple[int, ...]:
        key = (did, bisect.bisect_right(self._change_days[did], day))
        with self._lock:  # per district: a build ahead (below) gives way to a frame between two districts
            ids = self._state_ids.get(key)
            if ids is None:
                ids = self._state_ids[key] = tuple(self._build(did, day))
            return ids

    def ids(self, date: dt.date) -> list[int]:
        """The areas drawn on `date`, in InferredEncoding's order; a district's state not yet seen is built."""
        day = self._frame_day(date)
        return [i for did in self.control.districts for i in self._district_ids(did, day)]

    def built(self, date: dt.date) -> bool:
        """Whether every district's state on `date` is built (its areas then cost nothing to send)."""
        day = self._frame_day(date)
        with self._lock:
            return all((did, bisect.bisect_right(self._change_days[did], day)) in self._state_ids
                       for did in self.control.districts)

    def build_ahead(self, date: dt.date) -> None:
        """Build the districts that change on the frame dates either side of `date` in a thread of its own, while
        the reader looks at `date`: a step's areas were most of the app's server time at 30,000 settlements (a
        dozen districts, 5-12 ms each; bench/scale_30k.py). A later date asked for makes the work for this one stop.
        The app asks once its script run is over: begun with the frame, the thread took the interpreter from the
        rest of the run half the time, and the step was no sooner drawn."""
        i = bisect.bisect_right(self._frames, date.toordinal()) - 1
        around = [self._frames[j] for j in (i + 1, i - 1) if 0 <= j < len(self._frames)]
        with self._lock:
            self._generation += 1
            generation = self._generation

        def build() -> None:
            for day in around:
                for did in self.control.districts:
                    if generation != self._generation:
                        return
                    self._district_ids(did, day)

        self._ahead.submit(build)

    def area(self, index: int) -> list[Any] | None:
        """One area's row, rebuilt from its district's state if it left the kept rows; None for an index never
        given."""
        with self._lock:
            if not 0 <= index < len(self._where):
                return None
            if index not in self._rows:
                value = self._build(*self._where[index])[index]
                self._keep(index, value)
                return value
            self._rows.move_to_end(index)
            return self._rows[index]

    def frame(self, date: dt.date, shown: bool = True, sent: set[int] | None = None) -> dict[str, Any]:
        """The frame's part: the indices of the areas drawn and the rows of those not in `sent` (then added to it;
        without `sent`, every row). Not `shown` (the areas switched off), nothing is built: an empty list."""
        if not shown:
            return {"inferred": []}
        ids = self.ids(date)
        new = [i for i in dict.fromkeys(ids) if sent is None or i not in sent]
        if sent is not None:
            sent.update(new)
        return {"inferred": ids, **({"inferredAreas": {str(i): self.area(i) for i in new}} if new else {})}


def encoding(control: InferredControl, dates: list[dt.date],
             place_ids: list[str]) -> InferredEncoding | LazyInferredEncoding:
    """The eager tables below LAZY_FROM district states, the areas per date shown from there."""
    if district_states(control) < LAZY_FROM:
        return InferredEncoding(control, dates, place_ids)
    return LazyInferredEncoding(control, dates, place_ids)
