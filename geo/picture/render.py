"""A picture of the map on a date: the layers (layers.py) over the offline relief, a title, the date in words at
its precision, the complete legend, a scale bar, names placed without collisions and a credits line (data
version, how many sources the view cites, its permalink)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from math import cos, radians
from typing import Any

import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
from pyproj import Transformer

from .. import exports, vocabulary
from ..describe import format_date
from ..errors import GeoError
from ..layers.districts_record import ControlChange
from ..layers.places_record import PlaceChange
from .labels import candidates, dot_boxes, place_labels
from .layers import LAYERS, View
from .legend import draw_legend
from .source import MapSource

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
FIG_WIDTH_IN, FIG_HEIGHT_IN = 12.0, 8.6
MIN_WIDTH_PX, MAX_WIDTH_PX = 320, 8000  # 8000 px: a poster; beyond, memory rather than detail grows
MAP_BOX = (0.01, 0.07, 0.64, 0.80)  # left, bottom, width, height of the map in the figure
LEGEND_BOX = (0.665, 0.07, 0.33, 0.815)
PADDING = {None: 0.06, "district": 0.45}  # the view's margin around what it shows, as a share of its size
MIN_VIEW_M = 50_000  # Web Mercator metres: about 38 km on the ground at 40° N, the least a view shows
SCALE_STEPS_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200)
_FROM_MERCATOR = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
# An SVG keeps its words as text, editable and searchable; a PDF embeds TrueType fonts (editable in Illustrator).
# Set while saving only: the process's other matplotlib users keep their settings.
SAVE_RC: dict[Any, Any] = {"svg.fonttype": "none", "pdf.fonttype": 42}


@dataclass
class Picture:
    """A figure with its static parts drawn; `show(date)` draws (or redraws) what changes with the date."""

    source: MapSource
    district: str | None
    base_url: str
    width_px: int
    fig: Figure
    view: View
    version: str
    _dynamic: list[Artist] = field(default_factory=list)
    _background: Any = None  # the pixels that never change (pixels())

    @property
    def dpi(self) -> float:
        return self.width_px / FIG_WIDTH_IN

    def show(self, date: dt.date) -> None:
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = []
        self.view.date = date
        limits = self.view.ax.get_xlim(), self.view.ax.get_ylim()
        for layer in LAYERS:
            if layer.dynamic:
                self._dynamic += layer.draw(self.view)
        self.view.ax.set_xlim(*limits[0])
        self.view.ax.set_ylim(*limits[1])
        self._dynamic += header_and_credits(self, date)

    def pixels(self) -> Any:
        """The figure as RGBA pixels, as savefig would draw them. The legend and everything outside the map and the
        date's texts is drawn once and kept; each later call redraws only the map and those texts."""
        canvas = self.fig.canvas
        texts = [a for a in self._dynamic if a.axes is None]  # the title, date and credits lines
        if self._background is None:
            for artist in (self.view.ax, *texts):
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)  # type: ignore[attr-defined]
            for artist in (self.view.ax, *texts):
                artist.set_visible(True)
        canvas.restore_region(self._background)  # type: ignore[attr-defined]
        for artist in (self.view.ax, *texts):
            self.fig.draw_artist(artist)
        return canvas.buffer_rgba()  # type: ignore[attr-defined]

    def save(self, fmt: str) -> bytes:
        buffer = io.BytesIO()
        with matplotlib.rc_context(SAVE_RC):
            self.fig.savefig(buffer, format=fmt, dpi=self.dpi, metadata=_metadata(fmt, self))
        return buffer.getvalue()

    def close(self) -> None:
        self.fig.clear()


def _metadata(fmt: str, picture: Picture) -> dict[str, str]:
    title = picture.source.package.title
    if fmt == "png":
        return {"Title": title, "Software": "python -m geo map (matplotlib)"}
    return {"Title": title}


def picture(source: MapSource, date: dt.date, district: str | None = None, width_px: int = 1600,
            base_url: str = "") -> Picture:
    """The map of `date` (zoomed to and outlining `district`), `width_px` pixels wide when saved as PNG."""
    source.timeline.check(date)  # DateOutOfRange names the covered range
    known = sorted(source.districts.loc[source.districts["role"] != "context", "id"])
    if district is not None and district not in known:
        shown = district if len(district) <= 40 else district[:40] + "…"
        raise GeoError(f"unknown district {shown!r}; known: {', '.join(known)}")
    if not MIN_WIDTH_PX <= width_px <= MAX_WIDTH_PX:
        raise GeoError(f"--width {width_px}: expected {MIN_WIDTH_PX} to {MAX_WIDTH_PX} pixels")
    # A figure of its own, outside pyplot's global list: nothing to close, nothing shown.
    fig = Figure(figsize=(FIG_WIDTH_IN, FIG_HEIGHT_IN), dpi=width_px / FIG_WIDTH_IN, facecolor="#ffffff")
    canvas = FigureCanvasAgg(fig)
    # geopandas' plot() ends with draw_idle(), which on Agg draws the whole figure at once: for every layer
    # drawn. A picture is drawn when it is saved, so this canvas skips those intermediate draws.
    canvas.draw_idle = lambda *args, **kwargs: None  # type: ignore[method-assign]
    ax = fig.add_axes(MAP_BOX)
    ax.set_axis_off()
    view = View(ax, source, date, district)
    pic = Picture(source, district, base_url, width_px, fig, view, exports.data_version(source.package))
    for layer in LAYERS:
        if not layer.dynamic:
            layer.draw(view)
    _frame_view(ax, source, district)
    draw_legend(fig.add_axes(LEGEND_BOX), vocabulary.of(source.package), district, source.basemap.lines)
    _scale_bar(ax)
    pic.show(date)
    place_labels(ax, candidates(source), dot_boxes(ax, source))
    return pic


def _frame_view(ax: Axes, source: MapSource, district: str | None) -> None:
    """The whole conflict area (every timeline district), or one district with its surroundings."""
    frame = source.districts
    shown = frame[frame["id"] == district] if district else frame[frame["role"] != "context"]
    left, bottom, right, top = shown.total_bounds
    pad = PADDING["district" if district else None] * max(right - left, top - bottom)
    left, bottom, right, top = left - pad, bottom - pad, right + pad, top + pad
    short = MIN_VIEW_M - min(right - left, top - bottom)  # a city district alone would fill the map
    if short > 0:
        left, bottom, right, top = left - short / 2, bottom - short / 2, right + short / 2, top + short / 2
    # Widen the narrower side so the view fills the map's box with metres the same length both ways.
    box = (MAP_BOX[2] * FIG_WIDTH_IN) / (MAP_BOX[3] * FIG_HEIGHT_IN)
    width, height = right - left, top - bottom
    if width / height < box:
        grow = (height * box - width) / 2
        left, right = left - grow, right + grow
    else:
        grow = (width / box - height) / 2
        bottom, top = bottom - grow, top + grow
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_autoscale_on(False)


def _scale_bar(ax: Axes) -> None:
    """A bar of a round number of km, about a fifth of the map wide, measured at the map's middle latitude
    (Web Mercator stretches distances by 1 / cos(latitude))."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    _, lat = _FROM_MERCATOR.transform((x0 + x1) / 2, (y0 + y1) / 2)
    per_km = 1000 / cos(radians(lat))  # map units per km there
    want = (x1 - x0) / 5 / per_km
    km = max([k for k in SCALE_STEPS_KM if k <= want] or [SCALE_STEPS_KM[0]])
    ax.add_artist(AnchoredSizeBar(ax.transData, km * per_km, f"{km} km", "lower left", pad=0.6, borderpad=0.8,
                                  sep=3, frameon=True, size_vertical=(y1 - y0) / 300, fontproperties={"size": 9},
                                  zorder=20))  # above every layer


def date_words(source: MapSource, date: dt.date) -> tuple[str, str]:
    """The date in words, and how precise what the map shows for it is: the latest change shown may be dated
    only to its month or year."""
    package = source.package
    changes: list[ControlChange | PlaceChange] = [*package.changes, *package.place_changes]
    shown = [c for c in changes if c.date <= date]
    latest = max(shown, key=lambda c: (c.date, c.precision == "day"), default=None)
    if latest is None:
        return format_date(date), "Nothing has changed on the map before this date"
    when = format_date(latest.date, latest.precision)
    unit = {"day": "the day", "month": "the month only", "year": "the year only"}.get(latest.precision, "the day")
    return format_date(date), ("The map as it stood at the end of the day; the latest change shown is dated to "
                               f"{unit} ({when})")


def header_and_credits(pic: Picture, date: dt.date) -> list[Artist]:
    """Title, date and credits: words from data, so never read as matplotlib's $math$ (parse_math=False)."""
    fig, package = pic.fig, pic.source.package
    words, precision = date_words(pic.source, date)
    cite = exports.citation(package, pic.source.timeline, date, pic.district, date, pic.base_url)
    where = f" · {package.districts[pic.district].names.display}" if pic.district else ""
    credits = (f"Data version {pic.version[:23]} · {len(cite['sources'])} sources cited in this view · "
               f"{cite['permalink']}\nRelief and lines: {pic.source.basemap.credit}. Sources, quotes and the "
               "whole timeline at the permalink.")
    return [
        fig.text(0.01, 0.975, package.title, fontsize=14, fontweight="bold", va="top", parse_math=False),
        fig.text(0.01, 0.93, f"{words}{where}", fontsize=13, va="top", parse_math=False),
        fig.text(0.01, 0.895, precision, fontsize=9, va="top", color="#444444", parse_math=False),
        fig.text(0.01, 0.012, credits, fontsize=8, va="bottom", color="#333333", parse_math=False),
    ]


def map_bytes(source: MapSource, date: dt.date, fmt: str, district: str | None = None, width_px: int = 1600,
              base_url: str = "") -> bytes:
    """The picture of `date` as PNG, SVG or PDF bytes."""
    pic = picture(source, date, district, width_px, base_url)
    try:
        return pic.save(fmt)
    finally:
        pic.close()
