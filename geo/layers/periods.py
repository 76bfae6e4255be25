"""The periods (periods.yaml): what was going on over an interval (the war, the blockade), so any date can say so.
This module owns their record end to end, as geo/layers/post_counts.py does the post counts': the schema, the
model, the reader, the query for a date and its sentence.

Not a map layer (no map core plugin; not in LAYERS): a period is not drawn on the map. What shows it is the
hosts' own: the date's details ("War: day 24 of 44", geo/dayinfo.py), the static page's list of periods
(geo/site/data.py), the slider's one-click ranges (geo/navigation.py) and the Claims list's periods (geo/claims.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from .._parse import Collector, read_yaml_list
from .._validate import validate_records
from ..accounts import citations_of
from ..models import Citation
from ..package_files import FILES_BY_NAME, PERIODS_FILE
from ..schemas import STRICT, Citations, IsoDate, RecordId, Text
from ..timeline import Timeline

# --- the record (periods.yaml) -------------------------------------------------------------------


@with_config(STRICT)
class PeriodRecord(TypedDict):
    """Something ongoing over an interval (the war, the blockade)."""

    id: RecordId
    title: Text
    start: IsoDate
    end: NotRequired[IsoDate | None]
    summary: Text
    citations: Citations


# --- the model -----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Period:
    """Something ongoing over an interval (the war, the blockade), so any date can say what was going on."""

    id: str
    title: str
    start: dt.date
    end: dt.date | None  # None: still going on at the package's end
    summary: str
    citations: tuple[Citation, ...]

    def active_on(self, date: dt.date) -> bool:
        """From `start` to `end`, both days included (as a position's or a route's interval)."""
        return self.start <= date and (self.end is None or date <= self.end)

    def day(self, date: dt.date) -> int:
        """Day N of the period on `date` (the first day is day 1)."""
        return (date - self.start).days + 1

    @property
    def length_days(self) -> int | None:
        return None if self.end is None else (self.end - self.start).days + 1


# --- the reader ----------------------------------------------------------------------------------

def read_periods(data_dir: Path, out: Collector) -> list[Period]:
    """The file's periods, sorted by start and id; a package without the file has none."""
    path = data_dir / PERIODS_FILE
    if not path.exists() and not FILES_BY_NAME[PERIODS_FILE].required:
        return []
    periods: list[Period] = []
    for _, x in validate_records(PeriodRecord, read_yaml_list(path, PERIODS_FILE, out), PERIODS_FILE, out):
        if x is None:
            continue
        if x.get("end") is not None and x["end"] < x["start"]:
            out.add(PERIODS_FILE, x["id"], "end", f"{x['end']} is before start {x['start']}; end must be on or after "
                                                  "start")
            continue
        periods.append(Period(id=x["id"], title=x["title"], start=x["start"], end=x.get("end"), summary=x["summary"],
                              citations=citations_of(x["citations"])))
    return sorted(periods, key=lambda p: (p.start, p.id))


# --- the query for a date and its sentence -----------------------------------------------------------

def ongoing(timeline: Timeline, date: dt.date) -> list[Period]:
    """The periods that contain `date`, earliest first. `DateOutOfRange` outside the package's coverage."""
    timeline.check(date)
    return [p for p in timeline.package.periods if p.active_on(date)]


def sentence(period: Period, date: dt.date) -> str:
    """`War: day 24 of 44` (an open period: `Mission: day 7`)."""
    length = f" of {period.length_days}" if period.length_days else ""
    return f"{period.title}: day {period.day(date)}{length}"
