"""Moving through time: dates as users type them (`2020-10-09`, `9 Oct 2020`, nothing looser), steps of a
day, a week or a month, and the one-click ranges (periods) the slider can span."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from . import dates
from .models import Package
from .timeline import Timeline

_WORDS = re.compile(r"([0-9]{1,2}) ([A-Za-z]+)\.? ([0-9]{4})")
_MONTHS = {name.lower(): i for i, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

ALLOWED = "YYYY-MM-DD (2020-10-09) or day month year (9 Oct 2020)"


def parse_iso_date(text: str) -> dt.date | None:
    """A strict `YYYY-MM-DD` date (no week dates, no `20201009`), or None."""
    try:
        return dates.parse_iso_date(text)
    except ValueError:
        return None


def parse_user_date(text: str) -> dt.date | None:
    """`2020-10-09`, `9 Oct 2020` or `9 October 2020` (surrounding spaces ignored), or None."""
    text = " ".join(text.split())
    iso = parse_iso_date(text)
    if iso is not None:
        return iso
    match = _WORDS.fullmatch(text)
    if match is None:
        return None
    day, month_name, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


STEPS = ("day", "week", "month")


def step_date(date: dt.date, unit: str, forward: bool, start: dt.date, end: dt.date) -> dt.date:
    """`date` moved by one day, week or month (a month keeps the day where the month has it), kept in [start, end]."""
    sign = 1 if forward else -1
    if unit == "day":
        moved = date + dt.timedelta(days=sign)
    elif unit == "week":
        moved = date + dt.timedelta(weeks=sign)
    elif unit == "month":
        month_index = date.year * 12 + date.month - 1 + sign
        year, month = divmod(month_index, 12)
        month += 1
        moved = dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))
    else:
        raise ValueError(f"unknown step {unit!r}; allowed: {', '.join(STEPS)}")
    return min(max(moved, start), end)


@dataclass(frozen=True)
class Range:
    """A span of dates the slider can be set to with one click."""

    id: str
    label: str
    start: dt.date
    end: dt.date


def ranges(package: Package) -> list[Range]:
    """The one-click ranges, from the package's periods and events where they exist (a range whose period
    or event is missing is left out), and the whole covered range last."""
    periods = {p.id: p for p in package.periods}
    events = {e.id: e for e in package.events}
    start, end = package.coverage_start, package.coverage_end
    found: list[Range] = []

    def add(rid: str, label: str, a: dt.date | None, b: dt.date | None) -> None:
        if a is not None and b is not None and start <= a <= b <= end:
            found.append(Range(rid, label, a, b))

    war, handover = periods.get("war-2020"), periods.get("handover-2020")
    blockade, withdrawal = periods.get("blockade-2022-2023"), periods.get("peacekeeper-withdrawal-2024")
    offensive, statement = events.get("offensive-begins"), events.get("trilateral-statement")
    add("line-1994-2020", "1994–2020 line", start, war.start - dt.timedelta(days=1) if war else None)
    # The war's span runs to the day the ceasefire took effect (10 November, the sources' end date), so that it
    # ends on the line the war left; the period's own day count stops at its 44th day of fighting (9 November).
    war_end = statement.date if war and statement and war.end and statement.date > war.end else (
        war.end if war else None)
    add("war-2020", "44-day war", war.start if war else None, war_end)
    add("handovers-2020", "Handovers", handover.start if handover else None, handover.end if handover else None)
    add("years-2021-2022", "2021–2022", dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    add("blockade", "Blockade", blockade.start if blockade else None, blockade.end if blockade else None)
    add("offensive-withdrawal", "Offensive and withdrawal", offensive.date if offensive else None,
        withdrawal.end if withdrawal and withdrawal.end else None)
    found.append(Range("all", "Everything", start, end))
    return found


def next_play_date(timeline: Timeline, shown: dt.date, mode: str, end: dt.date) -> dt.date | None:
    """Where Play goes from `shown`: the next event (`mode` "events") or a day/week/month on, and at the last
    step the period's last day `end` itself (an event-by-event Play would otherwise stop at the last event
    before it); None once `end` is shown."""
    if shown >= end:
        return None
    if mode == "events":
        following = timeline.next_stop(shown)
        return following if following is not None and following <= end else end
    return step_date(shown, mode, True, timeline.start, end)


def play_end(spans: list[Range], date: dt.date, last: dt.date) -> dt.date:
    """Where Play started on `date` stops when no period is chosen (the static edition): the end of the first
    period that holds `date` and goes on after it, else `last` (the covered range's end)."""
    return next((r.end for r in spans if r.id != "all" and r.start <= date < r.end), last)


def play_ends(spans: list[Range], first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """`play_end` for every date from `first` to `last`, as (from this day, Play stops on) pairs in date order:
    the value changes only where a period starts or ends."""
    days = sorted({first} | {d for r in spans if r.id != "all" for d in (r.start, r.end) if first <= d <= last})
    pairs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        end = play_end(spans, day, last)
        if not pairs or pairs[-1][1] != end:
            pairs.append((day, end))
    return pairs
