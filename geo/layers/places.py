"""The settlements layer (map core plugin "places", geo/mapcore/kcm-layers.js): the query for a date (`place_state`,
`places_at`), the sentences on who held a settlement on a date (its tooltip in the static edition, the app's panel)
and where its point comes from, and the encoder: every settlement with a control timeline, sent once in a fixed
order, and per date each one's controller as one character (its side's code in the profile, lower case where only
that side's announcement says so: geo/vocabulary.py). The records themselves (places.yaml, place_control.yaml:
schemas, models, readers) are geo/layers/places_record.py's, where a point is geo/layers/places_points.py's."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from .. import settings as S
from .. import vocabulary
from ..describe import format_date
from ..models import Package
from ..timeline import Timeline, Track
from .places_record import Place, PlaceChange, PlaceState

# --- the query for a date ----------------------------------------------------------------------


def _tracks(timeline: Timeline) -> dict[str, tuple[Track[PlaceState], PlaceChange]]:
    """Each place with a control timeline: its states from each change on, and its first change; once per timeline."""
    def build() -> dict[str, tuple[Track[PlaceState], PlaceChange]]:
        found = {}
        for place in timeline.changed_places():
            changes = timeline.place_changes(place)
            track: Track[PlaceState] = Track()
            for change in changes:
                track.add(change.date, PlaceState(place=place, controller=change.controller, since=change.date,
                                                  change=change))
            found[place] = (track, changes[0])
        return found
    return timeline.derived("places", build)


def place_state(timeline: Timeline, place: str, date: dt.date) -> PlaceState | None:
    """The place's controller on `date`; before its first change, the side that change took it from.
    None for a place without a control timeline."""
    timeline.check(date)
    found = _tracks(timeline).get(place)
    if found is None:
        return None
    track, first = found
    state = track.at(date)
    if state is None:
        return PlaceState(place=place, controller=first.previous, since=None, change=None)
    return state


def places_at(timeline: Timeline, date: dt.date) -> dict[str, PlaceState]:
    """Every place with a control timeline, and its state on `date`."""
    timeline.check(date)
    return {p: state for p in sorted(_tracks(timeline)) if (state := place_state(timeline, p, date)) is not None}


# --- the sentences -----------------------------------------------------------------------------



def timeline_places(package: Package) -> list[Place]:
    """The places with a control timeline, in the fixed order the per-date payload follows."""
    with_changes = {c.place for c in package.place_changes}
    return [package.places[pid] for pid in sorted(with_changes) if pid in package.places]


def place_codes(package: Package, timeline: Timeline, date: dt.date, words: vocabulary.Vocabulary | None = None
                ) -> str:
    """Each timeline place's controller on `date` as one character (its side's code in the profile: geo/vocabulary.py),
    in the order of `timeline_places`."""
    table = (words or vocabulary.of(package)).place_codes
    return "".join(_code(timeline, table, place.id, date) for place in timeline_places(package))


def _code(timeline: Timeline, table: dict[tuple[str, bool], str], place: str, date: dt.date) -> str:
    state = place_state(timeline, place, date)
    announced = bool(state and state.change and state.change.announced_only(date))
    return table[(state.controller, announced)] if state else "?"


def place_status_text(timeline: Timeline, place_id: str, date: dt.date) -> str:
    """A sentence on who held a place on `date`, saying who announced it and since when."""
    state = place_state(timeline, place_id, date)
    if state is None:
        return "No control timeline for this place"
    held = vocabulary.of(timeline.package).name(state.controller)
    if state.change is None:
        first = timeline.place_changes(place_id)[0]
        return f"{held} (until {format_date(first.date, first.precision)})"
    change = state.change
    since = format_date(change.date, change.precision)
    if change.basis == "announced":
        text = f"{held} since {since}, as announced by {change.announced_by}"
        confirmed = next((a for a in sorted(change.accounts, key=lambda a: a.date)
                          if a.stance in S.CONFIRMING_STANCES and a.date <= date), None)
        if confirmed is not None:
            text += f"; {confirmed.stance} by {confirmed.by} on {format_date(confirmed.date, confirmed.precision)}"
        return text
    return f"{held} since {since} ({BASIS_TEXT[change.basis]})"


def point_origin(package: Package, place: Place) -> str:
    """Where a settlement's point comes from, in words: the point, how exact, and GeoNames or the cited page
    (by its title; the coordinates as the page writes them, e.g. 39°45′29″N, stay in the data, not the panel)."""
    c = place.coordinate
    where = f"point {c.lat:.4f} N, {c.lon:.4f} E (within about {place.precision_m / 1000:g} km) from "
    if c.geonames is not None:
        return where + f"GeoNames id {c.geonames}"
    source = package.sources.get(c.source) if c.source is not None else None
    return where + (f"the coordinates given in {source.title}" if source else f"source {c.source}")


# From this many settlements a map that keeps its codes between frames (the app's, per session) is sent a step's
# changed codes, not all of them (at 30,000, 40 kB of base64 a step): the real package's 152 are sent whole, as before.
DIFF_FROM = 1_000
HELD_DAYS = 4  # the last frame days a session's map was sent that a step's changed codes are worked out from


BASIS_TEXT = {"reported": "reported", "handover": "handed over under the 10 November 2020 statement",
              "agreed": "under the 20 September 2023 ceasefire", "announced": "announced"}


class Coding:
    """A frame's codes, worked out from the frame before: a place's code changes only on the day of one of its
    changes or of an account of one, so a step recomputes the places with such a day between the two dates (at
    30,000 settlements every settlement's state each step was most of the app's server time; bench/scale_30k.py)."""

    def __init__(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> None:
        self.package, self.timeline, self.words = package, timeline, words
        self._ids = [p.id for p in timeline_places(package)]
        touched: dict[int, set[int]] = {}
        for i, pid in enumerate(self._ids):
            for change in timeline.place_changes(pid):
                for day in (change.date, *(a.date for a in change.accounts)):
                    touched.setdefault(day.toordinal(), set()).add(i)
        self._days = sorted(touched)
        self._touched = [touched[d] for d in self._days]
        self._last: tuple[int, list[str]] | None = None  # the last frame's day and codes (sessions share it)

    def codes(self, date: dt.date) -> str:
        self.timeline.check(date)
        table, day = self.words.place_codes, date.toordinal()
        if self._last is not None:
            before, codes = self._last
            lo, hi = sorted((before, day))
            first, last = bisect.bisect_right(self._days, lo), bisect.bisect_right(self._days, hi)
            if last - first < len(self._ids) // 8:  # else a whole pass is as cheap
                places = set().union(*self._touched[first:last])
                codes = list(codes)  # a copy: another session may be reading the last frame's
                for i in places:
                    codes[i] = _code(self.timeline, table, self._ids[i], date)
                self._last = (day, codes)
                return "".join(codes)
        codes = [_code(self.timeline, table, pid, date) for pid in self._ids]
        self._last = (day, codes)
        return "".join(codes)

    def frame(self, date: dt.date, held: list[int] | None = None) -> dict[str, Any]:
        """A frame's codes. `held`, for a map that keeps its codes between frames (the app's, per session): the days
        of the last frames it was sent, updated here. From DIFF_FROM settlements, once it holds a day, the frame
        carries `placesDiff`: the codes on `date` of the places with a change or account day between the earliest
        and latest of those days and `date` (`from`, that span: a map holding any day's codes in it can apply them,
        so one that missed a frame or two still can), unless they would be an eighth of all; else every code."""
        codes = self.codes(date)
        if held is None or len(self._ids) < DIFF_FROM:
            return {"places": codes}
        day = date.toordinal()
        if held:
            lo, hi = min(*held, day), max(*held, day)
            first, last = bisect.bisect_right(self._days, lo), bisect.bisect_right(self._days, hi)
            if last - first < len(self._ids) // 8:
                places = sorted(set().union(*self._touched[first:last]))
                if len(places) < len(self._ids) // 8:
                    held[:] = [*held, day][-HELD_DAYS:]
                    return {"placesDiff": {"from": [dt.date.fromordinal(lo).isoformat(),
                                                    dt.date.fromordinal(hi).isoformat()],
                                           "at": places, "codes": "".join(codes[i] for i in places)}}
        held[:] = [day]
        return {"places": codes}


class Places:
    name = "places"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return {"places": [{"id": p.id, "lat": p.lat, "lon": p.lon, "name": p.names.en, "kind": p.kind,
                            "names": " · ".join(n for n in p.names.all() if n != p.names.en)}
                           for p in timeline_places(package)]}

    def prepare(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> Coding:
        return Coding(package, timeline, words)

    def table(self, state: Coding) -> dict[str, Any] | None:
        return None  # the places themselves are in the geometry, in the order of the codes

    def frame(self, state: Coding, date: dt.date) -> dict[str, Any]:
        return {"places": state.codes(date)}

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return {"places": place_codes(package, timeline, date)}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        # a settlement's code (upper case: held; lower case: only its side's announcement says so) to its side's id,
        # so the map scripts read the side's colour from `colours` and never name a side
        return {"placeStatus": words.place_status, "placeCodes": words.side_codes}


LAYER = Places()
