"""The status vocabulary: every status a district or settlement can show, with its name, its legend line and
its colour, and the symbol each kind of position is drawn with. The CLI, the map (the app's and the static
edition's), the legend, the area chart and the table all take their words, colours and shapes from here, so they
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

# The statuses by role (legend order after the sides, whose ids and words are each package's profile's:
# geo/vocabulary.py builds a package's tables from them). The engine knows no side by name.
SPLIT = "split"
PENDING = "pending_handover"
CONTEXT = "context"
UNKNOWN = "unknown"
# What is drawn over the fills.
ZONE = "peacekeeping_zone"
CORRIDOR = "corridor"
FORMER_ROUTE = "former_route"


@dataclass(frozen=True)
class Status:
    key: str
    name: str  # in a sentence: tooltips, the table, the CLI, the chart's series
    legend: str  # the legend's line
    colour: str  # Okabe-Ito palette, readable with colour blindness


# The statuses only the engine words, in every package (the others are the profile's).
ENGINE_WORDED = (
    Status(UNKNOWN, "No data for this date", "No data for this date", "#BBBBBB"),
    Status(FORMER_ROUTE, "the corridor's previous route", "Dark dashes: the corridor's previous route", "#1A1A1A"),
)
BY_KEY = {s.key: s for s in ENGINE_WORDED}
CONTEXT_COLOUR = "#E8E8E8"  # a district's grey before its first frame restyles it (a package's context colour after)
SPLIT_UNSOURCED = "Split, share not sourced"  # the chart's series for split districts without a sourced share


def name(key: str) -> str:
    return BY_KEY[key].name


@dataclass(frozen=True)
class PositionShape:
    path: str  # SVG path data in a 20 x 20 box: constant, never data
    legend: str  # the legend's words for the kind


# A position's symbol: the shape says the kind (the fill says who runs it). The app's map and legend and the static
# edition all draw from this table.
POSITION_SHAPES = {
    "headquarters": PositionShape("M5 3h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z",
                                  "headquarters"),
    "base": PositionShape("M3 5h14a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z", "base"),
    "observation_post": PositionShape("M10 2L18 17H2z", "observation post"),
    "checkpoint": PositionShape("M10 1L19 10L10 19L1 10z", "checkpoint"),
    "monitoring_centre": PositionShape("M18 10a8 8 0 0 1-16 0a8 8 0 0 1 16 0z", "monitoring centre"),
}


@dataclass(frozen=True)
class Operator:
    colour: str  # a position symbol's fill: who runs the post (its shape says the kind)
    legend: str


# Who runs a position is each package's profile's (geo/vocabulary.py: `operators`).

# Areas of control inferred from the settlements (geo/inferred.py): labelled on the map and in the legend.
INFERRED = "inferred"
INFERRED_NOTE = "Inferred from {n} sourced settlements, not a surveyed front line"
CONTACT_NOTE = "Line of contact on 10 November 2020, inferred from {n} sourced settlements, not a surveyed front line"
INFERRED_LEGEND = (
    "Translucent areas: control inferred from the sourced settlements of split districts (each settlement's "
    "Voronoi cell in its district), not a surveyed front line; hatched where only one side's announcement says so",
    "Black line: the line of contact on 10 November 2020, inferred the same way",
)
INFERRED_SWITCH = "Inferred areas of control"


# What no frame restyles, drawn alike by the web map's core and the pictures (Leaflet path options): a district's
# look before its first frame, which context districts keep, and the offline basemap's water and lines.
CONTEXT_OPACITY = 0.25
CONTEXT_STYLE = {"color": "#555555", "weight": 1, "fillColor": CONTEXT_COLOUR, "fillOpacity": CONTEXT_OPACITY,
                 "dashArray": None}
BASEMAP_STYLES = {
    "lake": {"className": "kcm-lake", "color": "#5b8fb9", "weight": 0.8, "fillColor": "#a9c8e3", "fillOpacity": 0.9},
    "river": {"className": "kcm-river", "color": "#5b8fb9", "weight": 1.6, "opacity": 0.9, "fill": False},
    "international": {"className": "kcm-border", "color": "#2b2b2b", "weight": 3, "opacity": 0.85, "fill": False},
    "nkao_1991": {"className": "kcm-nkao", "color": "#5a1f5a", "weight": 1.5, "dashArray": "6 5", "opacity": 0.9,
                  "fill": False},
}

# The map's zooms, one table for both editions and the URL: the offline relief is a 1 km grid (120 px a degree,
# 6x enlarged at zoom 10), so deeper than MAX_ZOOM the map is a grey blur; half steps let the opening view fit the
# story's districts rather than a whole zoom level more; settlement
# names are drawn from PLACE_NAMES_ZOOM, where the villages stand apart.
MIN_ZOOM, MAX_ZOOM, ZOOM_SNAP, PLACE_NAMES_ZOOM = 5, 11, 0.5, 10

# The legend's lines for what the status table does not name (both editions' legends: geo/mapcore/kcm-legend.js);
# a basemap's reference line is worded by its own recipe (geo/basemap_recipe.py: the index's `lines`).
LEGEND_WORDS = {
    "international": "International border",
    "places": "Settlements: filled in the holder's colour; hollow where only one side's announcement says who held "
              "them",
    "positions": "Positions (shape: kind):",
    "operators": "colour: who runs it:",
    "precision": "a dashed ring shows how approximate a location is",
}
