"""Names on the picture without collisions: a greedy placement by priority (cities, then towns, then districts,
then countries). Each label tries its positions in turn and keeps the first whose box, measured with the
renderer's text extents, lies inside the map and overlaps no label already placed; a label with no free
position is left out rather than drawn over another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from .layers import PT, place_radius_px
from .source import MapSource

# Where a name may go (offset in points, alignment), in order of preference. Beside a settlement's dot: right, left,
# above, below, then the four diagonals; a district's or country's name: on its point, then further and further off.
AROUND = ((7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 8, "center", "bottom"), (0, -8, "center", "top"),
          (6, 6, "left", "bottom"), (6, -6, "left", "top"), (-6, 6, "right", "bottom"), (-6, -6, "right", "top"))
CENTRED = ((0, 0, "center", "center"), *((dx * d, dy * d, "center", "center") for d in (8, 16, 24)
                                         for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, -1),
                                                        (1, -1), (-1, 1))))
PRIORITY = {"city": 0, "town": 1, "district": 2, "country": 3}


@dataclass(frozen=True)
class Label:
    text: str
    xy: tuple[float, float]
    kind: str  # a key of PRIORITY
    offsets: tuple[tuple[float, float, str, str], ...]


def candidates(source: MapSource) -> list[Label]:
    """Every name the picture may show, most important first (towns over districts)."""
    labels = [Label(p["name"], p["xy"], p["kind"], AROUND) for p in source.places if p["kind"] in ("city", "town")]
    labels += [Label(lab["text"], lab["xy"], "district", CENTRED) for lab in source.labels]
    countries = source.basemap.layers[source.basemap.layers["kind"] == "country"]
    labels += [Label(str(row.name_).upper(), (row.geometry.x, row.geometry.y), "country", CENTRED)
               for row in countries.rename(columns={"name": "name_"}).itertuples()]
    return sorted(labels, key=lambda lab: PRIORITY[lab.kind])


def place_labels(ax: Axes, labels: list[Label], obstacles: list[Bbox] | None = None
                 ) -> tuple[list[Annotation], list[Label]]:
    """Draw each label at its first free position, clear of the other labels and of `obstacles` (boxes in display
    pixels: the settlement dots); returns the drawn texts and the labels left out."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    placed: list[Annotation] = []
    boxes: list[Bbox] = []
    left_out: list[Label] = []
    for label in labels:
        for dx, dy, ha, va in label.offsets:
            text = ax.annotate(label.text, label.xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               annotation_clip=True, zorder=10, parse_math=False,  # names are data, not $math$
                               **_look(label.kind))
            box = text.get_window_extent(renderer)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in (*boxes, *(obstacles or ()))):
                placed.append(text)
                boxes.append(box.expanded(1.04, 1.15))  # a little air between names
                break
            text.remove()
        else:
            left_out.append(label)
    return placed, left_out


def _look(kind: str) -> dict[str, Any]:
    """kcm-core.css: district labels 11 px semibold, country names 14 px spaced capitals; a settlement's name
    like a district's but regular. A light box keeps a name readable over any fill (and stays text in an SVG)."""
    halo = {"boxstyle": "round,pad=0.15", "facecolor": "#ffffff", "alpha": 0.6, "edgecolor": "none"}
    if kind == "country":
        return {"fontsize": 14 * PT, "fontweight": "bold", "color": "#5d5247"}
    if kind == "district":
        return {"fontsize": 11 * PT, "fontweight": "bold", "color": "#222222", "bbox": halo}
    return {"fontsize": (11 if kind == "city" else 10) * PT, "color": "#222222", "bbox": halo}


def dot_boxes(ax: Axes, source: MapSource) -> list[Bbox]:
    """Each settlement dot's box in display pixels: a dot is where every frame draws one, whatever its colour."""
    scale = ax.figure.dpi / 72 * PT  # display pixels per CSS pixel
    boxes = []
    for place in source.places:
        x, y = ax.transData.transform(place["xy"])
        r = (place_radius_px(place["kind"]) + 1) * scale  # the radius and half the white stroke
        boxes.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    return boxes
