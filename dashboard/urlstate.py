"""The view's state in the URL (`?date=2020-11-20&district=AZ-AGM`): parsing with warnings, never raising.

What one URL can cost is bounded however many parameters it has: MAX_PARAMS names are looked at, the
first MAX_VALUES values of a known one, and all unknown parameters share one short warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from geo.dates import parse_iso_date

KNOWN = ("date", "district")
MAX_SHOWN = 40  # characters of a bad value repeated back in a warning
MAX_PARAMS = 20  # parameter names of one URL looked at
MAX_VALUES = 2  # values of a repeated parameter looked at (the first is used, a second earns a warning)
MAX_NAMED = 3  # unknown parameter names repeated back in the warning about them


class QueryParams(Protocol):
    """What is read of st.query_params."""

    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: object) -> bool: ...
    def get_all(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class View:
    date: dt.date
    district: str | None
    warnings: tuple[str, ...] = ()


def _shown(value: str) -> str:
    clipped = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    return repr(clipped)


def _unknown_warning(query: QueryParams) -> str | None:
    """One warning for all unknown parameters: a few named, the rest counted."""
    count = len(query) - sum(key in query for key in KNOWN)
    if count <= 0:
        return None
    names = sorted(key for key in islice(iter(query), MAX_PARAMS) if key not in KNOWN)[:MAX_NAMED]
    named = ", ".join(_shown(name) for name in names)
    more = f" and {count - len(names)} more" if count > len(names) else ""
    plural = "s" if count > 1 else ""
    return f"Ignored {count} unknown URL parameter{plural} ({named}{more}); known: date, district."


def parse_view(query: QueryParams, start: dt.date, end: dt.date, default_date: dt.date,
               districts: Sequence[str]) -> View:
    """The date and district a URL asks for; bad values fall back to defaults with a warning."""
    warnings = []
    date, district = default_date, None
    unknown = _unknown_warning(query)
    if unknown:
        warnings.append(unknown)
    dates = query.get_all("date")[:MAX_VALUES] if "date" in query else []
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
    ids = query.get_all("district")[:MAX_VALUES] if "district" in query else []
    if len(ids) > 1:
        warnings.append("The URL gives more than one district; the first is used.")
    if ids:
        if ids[0] in districts:
            district = ids[0]
        else:
            warnings.append(f"URL district {_shown(ids[0])} is not a known district id; none selected.")
    return View(date, district, tuple(warnings))
