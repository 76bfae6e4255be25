"""Numbers derived from the timeline: area held by each side over time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import status
from .models import Package
from .timeline import Timeline

# The chart's series by the status whose colour each is drawn in.
SIDES = {status.ARMENIAN: status.name(status.ARMENIAN), status.AZERBAIJAN: status.name(status.AZERBAIJAN),
         status.SPLIT: status.SPLIT_UNSOURCED}
SIDE_ARMENIAN, SIDE_AZERBAIJAN, SIDE_UNKNOWN_SPLIT = SIDES.values()


def area_on(package: Package, timeline: Timeline, date: dt.date) -> dict[str, float]:
    """km² of the timeline districts by side on `date`; a split district with a sourced share is divided
    by that share, one without a share is counted apart rather than guessed."""
    totals = {SIDE_ARMENIAN: 0.0, SIDE_AZERBAIJAN: 0.0, SIDE_UNKNOWN_SPLIT: 0.0}
    for did, state in timeline.state_at(date).items():
        area = package.districts[did].area_km2
        if state.controller == status.ARMENIAN:
            totals[SIDE_ARMENIAN] += area
        elif state.controller == status.AZERBAIJAN:
            totals[SIDE_AZERBAIJAN] += area
        elif state.share is not None:
            totals[SIDE_ARMENIAN] += area * state.share
            totals[SIDE_AZERBAIJAN] += area * (1 - state.share)
        else:
            totals[SIDE_UNKNOWN_SPLIT] += area
    return {side: round(km2, 1) for side, km2 in totals.items()}


def area_series(package: Package, timeline: Timeline) -> list[dict[str, Any]]:
    """Long-format rows (date, side, km2) at every stop of the timeline, plus its last day."""
    dates = sorted({timeline.start, *timeline.stops(), timeline.end})
    return [{"date": d, "side": side, "km2": km2}
            for d in dates for side, km2 in area_on(package, timeline, d).items()]
