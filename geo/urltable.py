"""The view's state in the URL, as one declarative table both editions read
(`?date=2008-08-12&district=XX-ABC&zoom=9&lat=42.2&lon=44.0&view=...&compare=...`).

The app parses a URL with `parse_view` and writes one with `view_query`; the static edition receives `URL_TABLE` and
`district_names` as data and parses with the same limits and words (geo/site/static/kcm-static-host.js). Parsing warns,
never raises. A district may be named by any of its names (`?district=` with any name in names.yaml).

What one URL can cost is bounded however many parameters it has: MAX_PARAMS names are looked at, the first
MAX_VALUES values of a known one, and all unknown parameters share one short warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from typing import Any, Literal, Protocol

from . import status
from .lookup import resolve_district
from .models import Package
from .navigation import parse_iso_date

Kind = Literal["date", "district", "place", "position", "choice", "number"]


@dataclass(frozen=True)
class Param:
    name: str
    kind: Kind  # how a value is read: a covered date, an id (or a district's name), one of the views, a number
    meaning: str  # what it holds, for the docs and the static edition's warning about a parameter it cannot show
    low: float | None = None  # a number's range
    high: float | None = None


URL_TABLE = (
    Param("date", "date", "the date shown"),
    Param("district", "district", "the district whose panel is open (its id or any of its names)"),
    Param("place", "place", "the settlement whose panel is open"),
    Param("position", "position", "the post whose panel is open"),
    Param("zoom", "number", "the map's zoom, once the reader has moved the map (in half steps)", status.MIN_ZOOM,
          status.MAX_ZOOM),
    Param("lat", "number", "the latitude of the map's centre", -90, 90),
    Param("lon", "number", "the longitude of the map's centre", -180, 180),
    Param("view", "choice", "the view below the map (the app's tabs)"),
    Param("compare", "date", "the date the view is compared with"),
)
KNOWN = tuple(p.name for p in URL_TABLE)
BY_NAME = {p.name: p for p in URL_TABLE}
MAX_SHOWN = 40  # characters of a bad value repeated back in a warning
MAX_PARAMS = 20  # parameter names of one URL looked at
MAX_VALUES = 2  # values of a repeated parameter looked at (the first is used, a second earns a warning)
MAX_NAMED = 3  # unknown parameter names repeated back in the warning about them
LIMITS = {"maxShown": MAX_SHOWN, "maxParams": MAX_PARAMS, "maxValues": MAX_VALUES, "maxNamed": MAX_NAMED}


class QueryParams(Protocol):
    """What is read of a URL's query (st.query_params has these)."""

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
    zoom: float | None = None  # in half steps (status.ZOOM_SNAP)
    centre: tuple[float, float] | None = None  # (lat, lon)
    view: str | None = None
    compare: dt.date | None = None


def shown(value: str) -> str:
    clipped = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    return repr(clipped)


def _unknown_warning(query: QueryParams) -> str | None:
    """One warning for all unknown parameters: a few named, the rest counted."""
    count = len(query) - sum(key in query for key in KNOWN)
    if count <= 0:
        return None
    names = sorted(key for key in islice(iter(query), MAX_PARAMS) if key not in KNOWN)[:MAX_NAMED]
    named = ", ".join(shown(name) for name in names)
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
        warnings.append(f"URL {key} {shown(raw)} is not a date (YYYY-MM-DD); ignored.")
    elif not start <= asked <= end:
        warnings.append(f"URL {key} {asked} is outside the covered range {start} to {end}; ignored.")
        asked = None
    return asked


def snap_zoom(zoom: float) -> float:
    """A zoom on the map's steps (status.ZOOM_SNAP), as the map itself would take it."""
    return round(zoom / status.ZOOM_SNAP) * status.ZOOM_SNAP


def _number(raw: str | None, param: Param, warnings: list[str]) -> float | None:
    if raw is None:
        return None
    low, high = param.low, param.high
    assert low is not None and high is not None
    try:
        value = float(raw) if len(raw) <= MAX_SHOWN else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:  # NaN fails both comparisons
        warnings.append(f"URL {param.name} {shown(raw)} is not a number from {low:g} to {high:g}; ignored.")
        return None
    return value


def parse_view(query: QueryParams, start: dt.date, end: dt.date, default_date: dt.date,
               districts: Sequence[str], resolve: Callable[[str], str | None] = lambda _name: None,
               places: Sequence[str] = (), positions: Sequence[str] = (), views: Sequence[str] = ()) -> View:
    """What a URL asks for; bad values fall back to defaults with a warning. `resolve` finds a district by
    any of its names (in names.yaml)."""
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
            warnings.append(f"URL district {shown(raw_district)} is not a known district id or name; none selected.")
    chosen: dict[str, str | None] = {}
    for key, known in (("place", places), ("position", positions), ("view", views)):
        raw = _first(query, key, warnings)
        chosen[key] = raw if raw is None or raw in known else None
        if raw is not None and chosen[key] is None:
            warnings.append(f"URL {key} {shown(raw)} is not known; ignored.")
    zoom = _number(_first(query, "zoom", warnings), BY_NAME["zoom"], warnings)
    lat = _number(_first(query, "lat", warnings), BY_NAME["lat"], warnings)
    lon = _number(_first(query, "lon", warnings), BY_NAME["lon"], warnings)
    centre = (lat, lon) if lat is not None and lon is not None else None
    return View(date, district, tuple(warnings), chosen["place"], chosen["position"],
                snap_zoom(zoom) if zoom is not None else None, centre, chosen["view"], compare)


def view_query(view: View, default_view: str | None = None, map_moved: bool = False) -> dict[str, str]:
    """The URL parameters of a view, in the table's order: what the app writes and a permalink carries. The
    map's zoom and centre only once the reader has moved the map; the view below the map only if not the
    default."""
    values: dict[str, str | None] = {
        "date": view.date.isoformat(), "district": view.district, "place": view.place, "position": view.position,
        "zoom": f"{view.zoom:g}" if map_moved and view.zoom is not None else None,
        "lat": f"{view.centre[0]:.4f}" if map_moved and view.centre else None,
        "lon": f"{view.centre[1]:.4f}" if map_moved and view.centre else None,
        "view": view.view if view.view != default_view else None,
        "compare": view.compare.isoformat() if view.compare else None,
    }
    return {name: value for name in KNOWN if (value := values[name]) is not None}


def district_names(package: Package) -> dict[str, str]:
    """Every name and id of a timeline district, casefolded, to its id, as `resolve_district` reads them (for the
    static edition, which resolves `?district=` with a name without Python)."""
    names: dict[str, str] = {}
    for d in package.districts.values():
        if d.role != "story":
            continue
        for name in (d.id, *d.names.all()):
            key = name.strip().casefold()
            if key and key not in names:
                found = resolve_district(package, name)
                if found is not None:
                    names[key] = found
    return names


def url_data(package: Package) -> dict[str, Any]:
    """What the static edition needs to read a URL as the app does."""
    return {"params": [asdict(p) for p in URL_TABLE], "limits": LIMITS, "districtNames": district_names(package)}
