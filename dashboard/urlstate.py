"""The view's state in the URL (`?date=2020-11-20&district=AZ-AGM`): parsing with warnings, never raising."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geo.dates import parse_iso_date

MAX_SHOWN = 40  # characters of a bad value repeated back in a warning


@dataclass(frozen=True)
class View:
    date: dt.date
    district: str | None
    warnings: tuple[str, ...] = ()


def _shown(value: str) -> str:
    clipped = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    return repr(clipped)


def parse_view(params: Mapping[str, Sequence[str]], start: dt.date, end: dt.date, default_date: dt.date,
               districts: Sequence[str]) -> View:
    """The date and district a URL asks for; bad values fall back to defaults with a warning each."""
    warnings = []
    date, district = default_date, None
    for name in sorted(set(params) - {"date", "district"}):
        warnings.append(f"Ignored unknown URL parameter {_shown(name)}; known: date, district.")
    dates = list(params.get("date", []))
    if len(dates) > 1:
        warnings.append("The URL gives more than one date; the first is used.")
    if dates:
        raw = dates[0]
        try:
            asked: dt.date | None = parse_iso_date(raw)
        except ValueError:
            asked = None
        if asked is None:
            warnings.append(f"URL date {_shown(raw)} is not a date (YYYY-MM-DD); showing {default_date}.")
        elif not start <= asked <= end:
            warnings.append(f"URL date {asked} is outside the covered range {start} to {end}; showing {default_date}.")
        else:
            date = asked
    ids = list(params.get("district", []))
    if len(ids) > 1:
        warnings.append("The URL gives more than one district; the first is used.")
    if ids:
        if ids[0] in districts:
            district = ids[0]
        else:
            warnings.append(f"URL district {_shown(ids[0])} is not a known district id; none selected.")
    return View(date, district, tuple(warnings))
