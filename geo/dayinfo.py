"""A date's heading, short enough to leave the finders on the first screen (one or two lines: the date, then
the day's first event), and its details below: what the day's events say, which settlements changed hands,
what was going on. The app and the static edition show these words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .describe import format_date
from .layers import periods, post_counts
from .models import Package
from .timeline import Timeline


@dataclass(frozen=True)
class DayHeading:
    title: str  # the date in words
    line: str | None  # the day's first event (and how many more), or None on a day without one
    also: list[str]  # the day's other events
    notes: list[str]  # what the events say, the settlements that changed, what was going on

    @property
    def details(self) -> list[str]:
        return self.also + self.notes


def day_heading(package: Package, timeline: Timeline, date: dt.date) -> DayHeading:
    events = timeline.events_between(date, date)
    line = None
    if events:
        more = len(events) - 1
        line = events[0].title + (f" (and {more} more event{'s' if more > 1 else ''} below)" if more else "")
    also = [f"Also this day: {e.title}" for e in events[1:]]
    return DayHeading(format_date(date), line, also, day_notes(package, timeline, date) + situation(timeline, date))


def situation(timeline: Timeline, date: dt.date) -> list[str]:
    """What was going on on `date`, in sentences: ongoing periods with day counts, and the mission's posts."""
    lines = [periods.sentence(period, date) for period in periods.ongoing(timeline, date)]
    count = post_counts.sentence(timeline, date)
    return lines if count is None else [*lines, count]


def event_lines(package: Package, timeline: Timeline) -> dict[str, list[str]]:
    """For the static edition: each event day's heading line and its other events (ISO date -> lines)."""
    days = sorted({e.date for e in timeline.events_between(timeline.start, timeline.end)})
    return {day.isoformat(): [h.line or "", *h.also] for day in days
            if (h := day_heading(package, timeline, day)).line is not None}


def day_notes(package: Package, timeline: Timeline, date: dt.date) -> list[str]:
    """What the day's events say, and the settlements whose control changed that day, with who said so."""
    notes = [e.summary for e in timeline.events_between(date, date) if e.summary]
    changed = [c for c in package.place_changes if c.date == date]

    def named(place_id: str) -> str:  # villages share names across districts: say which district
        place = package.places[place_id]
        district = package.districts.get(place.district)
        where = district.names.en if district else place.district
        return place.names.en if where in place.names.en else f"{place.names.en} ({where})"

    announced = sorted(named(c.place) for c in changed if c.basis == "announced")
    others = sorted(named(c.place) for c in changed if c.basis != "announced")
    if announced:
        notes.append(f"Announced taken this day ({len(announced)}): {', '.join(announced)}.")
    if others:
        notes.append(f"Changed hands this day ({len(others)}): {', '.join(others)}.")
    return notes
