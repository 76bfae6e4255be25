"""The view's state in the URL (`?date=2020-11-20&district=AZ-AGM&zoom=9&lat=39.8&lon=46.7&view=...&compare=...`):
parsing with warnings, never raising. A district may be named by any of its names (`?district=Shushi`).

What one URL can cost is bounded however many parameters it has: MAX_PARAMS names are looked at, the
first MAX_VALUES values of a known one, and all unknown parameters share one short warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from geo.navigation import parse_iso_date

KNOWN = ("date", "district", "place", "position", "zoom", "lat", "lon", "view", "compare")
ZOOMS = (5, 14)  # the map's zoom range
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
    place: str | None = None
    position: str | None = None
    zoom: int | None = None
    centre: tuple[float, float] | None = None  # (lat, lon)
    view: str | None = None
    compare: dt.date | None = None


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
    return f"Ignored {count} unknown URL parameter{plural} ({named}{more}); known: {', '.join(KNOWN)}."


def _first(query: QueryParams, key: str, warnings: list[str]) -> str | None:
    values = query.get_all(key)[:MAX_VALUES] if key in query else []
    if len(values) > 1:
        warnings.append(f"The URL gives more than one {key}; the first is used.")
    return values[0] if values else None


def _date(raw: str | None, key: str, start: dt.date, end: dt.date, warnings: list[str]) -> dt.date | None:
    if raw is None:
        return None
    asked = parse_iso_date(raw)
    if asked is None:
        warnings.append(f"URL {key} {_shown(raw)} is not a date (YYYY-MM-DD); ignored.")
    elif not start <= asked <= end:
        warnings.append(f"URL {key} {asked} is outside the covered range {start} to {end}; ignored.")
        asked = None
    return asked


def _number(raw: str | None, key: str, low: float, high: float, warnings: list[str]) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw) if len(raw) <= MAX_SHOWN else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:  # NaN fails both comparisons
        warnings.append(f"URL {key} {_shown(raw)} is not a number from {low:g} to {high:g}; ignored.")
        return None
    return value


def parse_view(query: QueryParams, start: dt.date, end: dt.date, default_date: dt.date,
               districts: Sequence[str], resolve: Callable[[str], str | None] = lambda _name: None,
               places: Sequence[str] = (), positions: Sequence[str] = (), views: Sequence[str] = ()) -> View:
    """What a URL asks for; bad values fall back to defaults with a warning. `resolve` finds a district by
    any of its names (`Shushi`)."""
    warnings: list[str] = []
    unknown = _unknown_warning(query)
    if unknown:
        warnings.append(unknown)
    asked_date = _date(_first(query, "date", warnings), "date", start, end, warnings)
    date = default_date if asked_date is None else asked_date
    if "date" in query and asked_date is None:
        warnings[-1] = warnings[-1].replace("; ignored.", f"; showing {default_date}.")
    compare = _date(_first(query, "compare", warnings), "compare", start, end, warnings)
    district = None
    raw_district = _first(query, "district", warnings)
    if raw_district is not None:
        district = raw_district if raw_district in districts else resolve(raw_district)
        if district is None:
            warnings.append(f"URL district {_shown(raw_district)} is not a known district id or name; none selected.")
    chosen: dict[str, str | None] = {}
    for key, known in (("place", places), ("position", positions), ("view", views)):
        raw = _first(query, key, warnings)
        chosen[key] = raw if raw is None or raw in known else None
        if raw is not None and chosen[key] is None:
            warnings.append(f"URL {key} {_shown(raw)} is not known; ignored.")
    zoom = _number(_first(query, "zoom", warnings), "zoom", *ZOOMS, warnings)
    lat = _number(_first(query, "lat", warnings), "lat", -90, 90, warnings)
    lon = _number(_first(query, "lon", warnings), "lon", -180, 180, warnings)
    centre = (lat, lon) if lat is not None and lon is not None else None
    return View(date, district, tuple(warnings), chosen["place"], chosen["position"],
                round(zoom) if zoom is not None else None, centre, chosen["view"], compare)
