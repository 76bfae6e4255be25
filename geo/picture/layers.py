"""The picture's layers, bottom to top, each one function that draws it on the axes and returns what it drew.
A layer marked `dynamic` changes with the date (an animation redraws only those); the others are drawn once.
A new kind of layer (e.g. inferred areas of control) is one more function and one more entry in LAYERS.
Colours, widths, dashes and symbols are the web map's (geo/status.py, geo/frames.py, geo/mapcore/kcm-core.js):
Leaflet's CSS pixels become points at PT per pixel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from math import cos, radians
from typing import Any

import matplotlib.colors as mcolors
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Circle
from matplotlib.transforms import ScaledTranslation

from .. import status, vocabulary
from ..frames import district_styles
from ..vocabulary import Vocabulary
from .source import MapSource, to_mercator
from .svgpath import svg_path

PT = 0.75  # points per CSS pixel (96 px to the inch)
SPOT_SPACING_PX = 20  # kcm-core.js: posts drawn at one point sit this far apart, side by side
POSITION_SIZE_PX = 18  # kcm-core.js positionIcon: iconSize
BASEMAP_STYLES: dict[str, dict[str, Any]] = status.BASEMAP_STYLES  # the web map's core draws with them too
BACKGROUND = "#f4f1ea"  # kcm-core.css: the map's background under the relief
RELIEF_OPACITY = 0.85
SELECTED = "#000000"  # kcm-core.css path.kcm-selected


@dataclass
class View:
    """One picture's date and district on its axes."""

    ax: Axes
    source: MapSource
    date: dt.date
    district: str | None


@dataclass(frozen=True)
class Layer:
    name: str
    draw: Callable[[View], list[Artist]]
    dynamic: bool  # redrawn for each date of an animation
    # The legend's rows a new kind brings, (handle, words, is_heading), appended after the built-in ones
    # (legend.py lists those of the layers below itself, from geo/status.py).
    legend: Callable[[], list[tuple[Any, str, bool]]] | None = None


def dashes(dash_array: str | None, weight_px: float) -> Any:
    """A Leaflet dashArray ("6 4", in pixels) as a matplotlib line style (dashes scale with the line width)."""
    if not dash_array:
        return "solid"
    return (0, tuple(float(n) / weight_px for n in dash_array.split()))


def rgba(colour: str, opacity: float = 1.0) -> tuple[float, float, float, float]:
    return mcolors.to_rgba(colour, opacity)


def _relief(view: View) -> list[Artist]:
    view.ax.set_facecolor(BACKGROUND)
    basemap = view.source.basemap
    image = view.ax.imshow(basemap.relief, cmap="gray", vmin=0, vmax=255, extent=basemap.extent,
                           alpha=RELIEF_OPACITY, interpolation="bilinear", zorder=1)
    return [image]


def _basemap_kinds(view: View, kinds: tuple[str, ...], zorder: float) -> list[Artist]:
    layers = view.source.basemap.layers
    drawn: list[Artist] = []
    for kind in kinds:
        part = layers[layers["kind"] == kind]
        if part.empty:
            continue
        style = BASEMAP_STYLES[kind]
        before = set(view.ax.get_children())
        weight = style["weight"]
        face = rgba(style["fillColor"], style["fillOpacity"]) if "fillColor" in style else "none"
        part.plot(ax=view.ax, facecolor=face, edgecolor=rgba(style["color"], style.get("opacity", 1.0)),
                  linewidth=weight * PT, linestyle=dashes(style.get("dashArray"), weight), zorder=zorder, aspect=None)
        drawn += [a for a in view.ax.get_children() if a not in before]
    return drawn


def _water(view: View) -> list[Artist]:
    return _basemap_kinds(view, ("lake", "river"), 2)


def _borders(view: View) -> list[Artist]:
    return _basemap_kinds(view, tuple(kind for kind, _ in view.source.basemap.lines) or ("international",), 5)


def _districts(view: View) -> list[Artist]:
    """Fills and outlines in the date's styles (geo.frames.district_style, as the web map's frames carry them)."""
    source, ax = view.source, view.ax
    styles = _styles(source, view.date)
    frame = source.districts.assign(style=[styles[i] for i in source.districts["id"]])
    drawn: list[Artist] = []
    groups: dict[tuple[Any, Any], list[int]] = {}
    for i, style in enumerate(frame["style"]):
        groups.setdefault((style["dashArray"], style["weight"]), []).append(i)
    for (dash, weight), rows in groups.items():
        part = frame.iloc[rows]
        before = set(ax.get_children())
        part.plot(ax=ax, facecolor=[rgba(s["fillColor"], s["fillOpacity"]) for s in part["style"]],
                  edgecolor=[s["color"] for s in part["style"]], linewidth=weight * PT,
                  linestyle=dashes(dash, weight), zorder=3, aspect=None)
        drawn += [a for a in ax.get_children() if a not in before]
    if view.district is not None:
        chosen = frame[frame["id"] == view.district]
        before = set(ax.get_children())
        chosen.plot(ax=ax, facecolor="none", edgecolor=SELECTED, linewidth=4 * PT, zorder=4, aspect=None)
        drawn += [a for a in ax.get_children() if a not in before]
    return drawn


CONTEXT_STYLE: dict[str, Any] = status.CONTEXT_STYLE  # a district's look before a frame restyles it (both maps)


def _styles(source: MapSource, date: dt.date) -> dict[str, dict[str, Any]]:
    """Every district's Leaflet style on `date`: the frame's for timeline districts (geo.frames), the map core's
    first look for context districts (frames never restyle them)."""
    roles = dict(zip(source.districts["id"], source.districts["role"], strict=True))
    return {did: CONTEXT_STYLE if roles.get(did) == "context" else style
            for did, style in district_styles(source.package, source.timeline, date).items()}


def _corridor(view: View) -> list[Artist]:
    """The route of the date as its 5 km band and line, and the previous route as dark dashes (kcm-core.js)."""
    payload, ax, colours = view.source.payload(view.date), view.ax, vocabulary.of(view.source.package).colours
    drawn: list[Artist] = []
    route = payload["corridor"]
    if route:
        frame = view.source.corridors[route]
        band, line = frame[frame["part"] == "band"], frame[frame["part"] == "route"]
        before = set(ax.get_children())
        band.plot(ax=ax, facecolor=rgba(colours[status.CORRIDOR], 0.35), edgecolor=colours[status.CORRIDOR],
                  linewidth=1 * PT, zorder=6, aspect=None)
        line.plot(ax=ax, color=colours[status.CORRIDOR], linewidth=3 * PT, zorder=6.1, aspect=None)
        drawn += [a for a in ax.get_children() if a not in before]
    former = payload["former_corridor"]
    if former:
        frame = view.source.corridors[former]
        before = set(ax.get_children())
        frame[frame["part"] == "route"].plot(ax=ax, color=rgba(colours[status.FORMER_ROUTE], 0.9),
                                             linewidth=2.5 * PT, linestyle=dashes("6 4", 2.5), zorder=6.2, aspect=None)
        drawn += [a for a in ax.get_children() if a not in before]
    return drawn


def place_marker(code: str, words: Vocabulary) -> dict[str, Any]:
    """A settlement dot's look for its code (the profile's, geo/vocabulary.py): filled in the holder's colour,
    hollow where only one side's announcement says so (kcm-layers.js placeLayer)."""
    side = words.colours[words.side_codes[code.upper()]]
    announced = code != code.upper()
    return {"markerfacecolor": "#ffffff" if announced else side, "markeredgecolor": side if announced else "#ffffff",
            "markeredgewidth": (2.5 if announced else 1.5) * PT}


def place_radius_px(kind: str) -> float:
    return 4 if kind in ("village", "site") else 6


def _places(view: View) -> list[Artist]:
    codes, words = view.source.payload(view.date)["places"], vocabulary.of(view.source.package)
    groups: dict[tuple[str, float], list[tuple[float, float]]] = {}
    for place, code in zip(view.source.places, codes, strict=True):
        if code in words.place_status:
            groups.setdefault((code, place_radius_px(place["kind"])), []).append(place["xy"])
    drawn: list[Artist] = []
    for (code, radius), points in sorted(groups.items()):
        xs, ys = zip(*points, strict=True)
        # markersize is the circle's diameter, its stroke centred on the outline as Leaflet's
        drawn += view.ax.plot(xs, ys, linestyle="none", marker="o", markersize=2 * radius * PT, zorder=7,
                              **place_marker(code, words))
    return drawn


@lru_cache(maxsize=16)
def position_marker(kind: str) -> MarkerStyle:
    """The web map's symbol for a kind of position, from its SVG path data (geo/status.py POSITION_SHAPES)."""
    shape = status.POSITION_SHAPES.get(kind, status.POSITION_SHAPES["monitoring_centre"])
    return MarkerStyle(svg_path(shape.path))


def operator_colour(operator: str, words: Vocabulary) -> str:
    return words.operators[operator].colour  # every post's operator is one of the profile's (checked when read)


def _positions(view: View) -> list[Artist]:
    """Active posts: the kind's shape filled in the operator's colour, side by side where several share a point,
    with a dashed circle of their radius where they are not exactly located."""
    ax, fig, words = view.ax, view.ax.figure, vocabulary.of(view.source.package)
    drawn: list[Artist] = []
    for p in view.source.payload(view.date)["positions"]:
        x, y = to_mercator(p["lon"], p["lat"])
        if p["radius_m"] > 0 and p["precision"] != "exact":
            circle = Circle((x, y), p["radius_m"] / cos(radians(p["lat"])), fill=False, edgecolor="#333333",
                            linewidth=1 * PT, linestyle=dashes("3 3", 1), zorder=8)
            ax.add_patch(circle)
            drawn.append(circle)
        shift_pt = (p["slot"] - (p["slots"] - 1) / 2) * SPOT_SPACING_PX * PT
        offset = ax.transData + ScaledTranslation(shift_pt / 72, 0, fig.dpi_scale_trans)
        drawn += ax.plot([x], [y], linestyle="none", marker=position_marker(p["kind"]),
                         markersize=POSITION_SIZE_PX * PT, markerfacecolor=operator_colour(p["operator"], words),
                         markeredgecolor="#ffffff", markeredgewidth=1.5 * PT * 18 / 20, transform=offset, zorder=9)
    return drawn


LAYERS: tuple[Layer, ...] = (
    Layer("relief", _relief, dynamic=False),
    Layer("water", _water, dynamic=False),
    Layer("districts", _districts, dynamic=True),
    Layer("borders", _borders, dynamic=False),
    Layer("corridor", _corridor, dynamic=True),
    Layer("settlements", _places, dynamic=True),
    Layer("positions", _positions, dynamic=True),
)


