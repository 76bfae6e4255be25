"""Numbers derived from the timeline: area held by each side of the package over time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import status, vocabulary
from .layers.districts import state_at
from .models import Package
from .timeline import Timeline


def series(package: Package) -> dict[str, str]:
    """The chart's series by the status whose colour each is drawn in: each side of the package's profile, then
    the split districts without a sourced share."""
    words = vocabulary.of(package)
    return {**{side: words.name(side) for side in vocabulary.profile_of(package).side_ids},
            status.SPLIT: status.SPLIT_UNSOURCED}


def area_on(package: Package, timeline: Timeline, date: dt.date,
            names: dict[str, str] | None = None) -> dict[str, float]:
    """km² of the timeline districts by side on `date` (keyed by the series' names); a split district with a
    sourced share is divided by that share (of the profile's first side, the rest the second's: a share is
    sourced only where two sides split a district), one without a share is counted apart rather than guessed."""
    names = names or series(package)  # given once by area_series: a package may have thousands of stops
    sides = [key for key in names if key != status.SPLIT]
    totals = dict.fromkeys(names, 0.0)
    for did, state in state_at(timeline, date).items():
        area = package.districts[did].area_km2
        if state.controller in totals and state.controller != status.SPLIT:
            totals[state.controller] += area
        elif state.share is not None and len(sides) == 2:
            totals[sides[0]] += area * state.share
            totals[sides[1]] += area * (1 - state.share)
        else:
            totals[status.SPLIT] += area
    return {names[key]: round(km2, 1) for key, km2 in totals.items()}


def area_series(package: Package, timeline: Timeline) -> list[dict[str, Any]]:
    """Long-format rows (date, side, km2) at every stop of the timeline, plus its last day."""
    dates, names = sorted({timeline.start, *timeline.stops(), timeline.end}), series(package)
    return [{"date": d, "side": side, "km2": km2}
            for d in dates for side, km2 in area_on(package, timeline, d, names).items()]


# A time axis is readable when no two area changes in the span lie closer than this share of its width (about
# 7 px of a 700 px chart); otherwise the chart spaces the changes evenly (see area_steps).
MIN_GAP_SHARE = 0.01


def area_steps(rows: list[dict[str, Any]], start: str, end: str) -> list[dict[str, Any]]:
    """The chart's rows for the span [start, end] (ISO dates): the areas in force on `start`, dated `start`, then
    one date per change of any side's area, then the areas of `end` again, dated `end` (the steps reach the span's
    end). `rows` are `area_series`' with ISO dates, in date order."""
    by_date: dict[str, dict[str, float]] = {}
    for row in rows:
        by_date.setdefault(row["date"], {})[row["side"]] = row["km2"]
    opening = max((d for d in by_date if d <= start), default=min(by_date, default=start))
    kept: list[tuple[str, dict[str, float]]] = [(start, by_date[opening])] if by_date else []
    for day in sorted(d for d in by_date if start < d <= end):
        if by_date[day] != kept[-1][1]:
            kept.append((day, by_date[day]))
    if kept and kept[-1][0] != end:
        kept.append((end, kept[-1][1]))
    return [{"date": day, "side": side, "km2": km2} for day, areas in kept for side, km2 in areas.items()]


def readable_on_time_axis(steps: list[dict[str, Any]], start: str, end: str) -> bool:
    """Whether `area_steps` rows read on a time axis: no two change dates closer than MIN_GAP_SHARE of the span."""
    days = sorted({dt.date.fromisoformat(r["date"]) for r in steps})
    span = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    return span <= 0 or not gaps or min(gaps) >= span * MIN_GAP_SHARE
