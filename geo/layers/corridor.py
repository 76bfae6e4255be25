"""The corridor's routes (corridor.yaml) as one layer, end to end: the record's schema, its model, its reader, the
queries for a date (the route in use, the one most recently out of use) and its encoder for the map core's plugin
"corridor" (geo/mapcore/kcm-layers.js): every route's band, sent once, and per date the two routes' ids.

The band itself (the statement's width, buffered in a metric CRS) stays in geo/corridor.py: the validation rules
use it too (geo/rules_places.py: a band emptied by its exclusions; geo/rules_layers.py: settlements inside it).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NotRequired

from pydantic import Field, with_config
from shapely.geometry import LineString, mapping
from typing_extensions import TypedDict

from .. import vocabulary
from .._parse import Collector, read_yaml_list, record_id
from .._validate import validate_records
from ..accounts import citations_of
from ..corridor import corridor_band
from ..models import Citation, GeoName, Package
from ..package_files import CORRIDOR_FILE, GEONAMES_FILE, PLACES_FILE
from ..profile import Bounds
from ..rules_ids import check_unique
from ..schemas import STRICT, Citations, IsoDate, PlaceRef, RecordId, Text
from ..timeline import Timeline
from .places_points import check_raw_refs, place_coordinates
from .places_record import Place

# --- the record (corridor.yaml) -----------------------------------------------------------------


@with_config(STRICT)
class RouteRecord(TypedDict):
    """The corridor's route for a period: a line through places, and its band's width."""

    id: RecordId
    name: Text
    start: IsoDate
    end: NotRequired[IsoDate | None]
    width_km: Annotated[float, Field(ge=0.1, le=100, allow_inf_nan=False, description="a number from 0.1 to 100")]
    excludes: NotRequired[list[Text] | None]  # district ids, checked across files
    waypoints: Annotated[list[PlaceRef], Field(
        min_length=2, description="must list at least two GeoNames ids or place ids in route order")]
    precision_note: Text
    accuracy_m: NotRequired[Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False,
                                                   description="a number from 0 to 100000")] | None]
    citations: Citations


# --- the model -----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class CorridorRoute:
    """The corridor's route for a period: a line through GeoNames places and its band width."""

    id: str
    name: str
    start: dt.date
    end: dt.date | None
    width_km: float
    waypoints: tuple[int | str, ...]  # GeoNames ids or place ids, in road order
    precision_note: str
    citations: tuple[Citation, ...]
    coordinates: tuple[tuple[float, float], ...] = ()  # (lon, lat) of the waypoints
    accuracy_m: float | None = None  # how far the drawn line may be from the road
    excludes: tuple[str, ...] = ()  # district ids cut out of the band (a city the agreement leaves outside it)

    def active_on(self, date: dt.date) -> bool:
        """From `start` to `end`, both days included (as a position's or a period's interval)."""
        return self.start <= date and (self.end is None or date <= self.end)


# --- the reader ----------------------------------------------------------------------------------

def read_routes(data_dir: Path, geonames: dict[int, GeoName], places: dict[str, Place], out: Collector,
                bounds: Bounds | None) -> list[CorridorRoute]:
    """The file's routes, sorted by start; every problem to `out`, a refused route's waypoints checked too."""
    routes = []
    unread = not out.readable(PLACES_FILE, GEONAMES_FILE)
    records = read_yaml_list(data_dir / CORRIDOR_FILE, CORRIDOR_FILE, out)
    # ids must be unique across all the records, valid or not (as geo/load.py's files)
    check_unique(CORRIDOR_FILE, [rec["id"] for rec in records if isinstance(rec.get("id"), str)], out)
    for i, (rec, r) in enumerate(validate_records(RouteRecord, records, CORRIDOR_FILE, out)):
        if r is None:  # refused: its waypoints are still checked, so that every problem shows at once
            waypoints = rec.get("waypoints")
            check_raw_refs(functools.partial(out.add, CORRIDOR_FILE, record_id(rec, i)),
                           {f"waypoints[{j}]": wp for j, wp in enumerate(waypoints if isinstance(waypoints, list)
                                                                         else [])}, geonames, places, unread, bounds)
            continue
        problems = len(out.problems)
        problem = functools.partial(out.add, CORRIDOR_FILE, r["id"])
        if r.get("end") is not None and r["end"] < r["start"]:
            problem("end", f"{r['end']} is before start {r['start']}; end must be on or after start")
        coords = [place_coordinates(problem, wp, geonames, places, f"waypoints[{j}]", unread, bounds)
                  for j, wp in enumerate(r["waypoints"])]
        if len(out.problems) == problems and all(coords):
            routes.append(CorridorRoute(id=r["id"], name=r["name"], start=r["start"], end=r.get("end"),
                                        width_km=r["width_km"],
                                        waypoints=tuple(r["waypoints"]), precision_note=r["precision_note"],
                                        citations=citations_of(r["citations"]),
                                        coordinates=tuple(c for c in coords if c), accuracy_m=r.get("accuracy_m"),
                                        excludes=tuple(r.get("excludes") or ())))
    return sorted(routes, key=lambda r: r.start)


# --- the queries for a date ----------------------------------------------------------------------

def route_at(timeline: Timeline, date: dt.date) -> CorridorRoute | None:
    """The route in use on `date`, None where there is none (the rules allow one a date). `DateOutOfRange`
    outside the package's coverage."""
    timeline.check(date)
    return next((r for r in timeline.package.routes if r.active_on(date)), None)


def former_route(package: Package, date: dt.date) -> CorridorRoute | None:
    """The corridor route most recently out of use on `date`: drawn faintly, so a move of the road
    (30 August 2022, 30 March 2023) shows on the map and not only in the text."""
    ended = [r for r in package.routes if r.end is not None and r.end < date]
    return max(ended, key=lambda r: r.end or date, default=None)


# --- the encoder (map core plugin "corridor") ----------------------------------------------------

def corridor_geojson(route: CorridorRoute, package: Package) -> dict[str, Any]:
    """A corridor route's band and line as GeoJSON."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"{route.id}-band",
         "properties": {"id": route.id, "part": "band", "name": route.name, "width_km": route.width_km},
         "geometry": mapping(corridor_band(route, package))},
        {"type": "Feature", "id": f"{route.id}-line",
         "properties": {"id": route.id, "part": "route", "name": route.name},
         "geometry": mapping(LineString(route.coordinates))},
    ]}


def routes_of(package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
    """The ids of the route in use on `date` and of the previous one (None where there is none)."""
    route, former = route_at(timeline, date), former_route(package, date)
    return {"corridor": route.id if route else None, "former_corridor": former.id if former else None}


@dataclass(frozen=True)
class Routes:
    package: Package
    timeline: Timeline


class Corridor:
    name = "corridor"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return {"corridors": {r.id: corridor_geojson(r, package) for r in package.routes}}

    def prepare(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> Routes:
        return Routes(package, timeline)

    def table(self, state: Routes) -> dict[str, Any] | None:
        return None  # a frame names its route: the bands are in the geometry

    def frame(self, state: Routes, date: dt.date) -> dict[str, Any]:
        return routes_of(state.package, state.timeline, date)

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return routes_of(package, timeline, date)

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {}  # its colours are among the statuses' (`colours`: corridor, former_route)


LAYER = Corridor()
