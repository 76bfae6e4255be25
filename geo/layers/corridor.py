"""The corridor layer (map core plugin "corridor", geo/mapcore/kcm-layers.js): every route's band, sent once
(geo/corridor.py buffers it), and per date the route in use and the one most recently out of use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import vocabulary
from ..corridor import corridor_geojson, former_route
from ..models import Package
from ..timeline import Timeline


def routes_of(package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
    """The ids of the route in use on `date` and of the previous one (None where there is none)."""
    route, former = timeline.route_at(date), former_route(package, date)
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
