"""The picture's legend, complete: every fill, every overlay, the basemap's lines, the settlement dots (filled and
hollow), the post shapes and the operators' colours, all from geo/status.py, the tables the web map's legend
reads too."""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import status
from .layers import (
    BASEMAP_STYLES,
    CONTEXT_STYLE,
    LAYERS,
    PT,
    SELECTED,
    dashes,
    operator_colour,
    place_marker,
    position_marker,
    rgba,
)

WRAP = 52  # characters per legend line
FILL_OPACITY = {status.CONTEXT: CONTEXT_STYLE["fillOpacity"], status.SPLIT: 0.65}  # as drawn (split: its deepest)


def legend_entries(district: str | None = None) -> list[tuple[Any, str, bool]]:
    """(handle, words, is_heading) in the legend's order."""
    blank = Patch(alpha=0)
    rows: list[tuple[Any, str, bool]] = [(blank, "District on the date", True)]
    for s in status.LEGEND:
        if s in status.FILLS:
            rows.append((Patch(facecolor=rgba(s.colour, FILL_OPACITY.get(s.key, 0.5)), edgecolor="#555555",
                               linewidth=PT), s.legend, False))
    zone, corridor, former = (status.BY_KEY[k] for k in (status.ZONE, status.CORRIDOR, status.FORMER_ROUTE))
    rows.append((blank, "Drawn over the districts", True))
    rows.append((Patch(facecolor="none", edgecolor=zone.colour, linewidth=3 * PT, linestyle=dashes("6 4", 3)),
                 zone.legend, False))
    rows.append((Patch(facecolor=rgba(corridor.colour, 0.35), edgecolor=corridor.colour, linewidth=PT),
                 corridor.legend, False))
    rows.append((Line2D([], [], color=former.colour, linewidth=2.5 * PT, linestyle=dashes("6 4", 2.5)),
                 former.legend, False))
    nkao, border = BASEMAP_STYLES["nkao_1991"], BASEMAP_STYLES["international"]
    rows.append((Line2D([], [], color=nkao["color"], linewidth=nkao["weight"] * PT,
                        linestyle=dashes(nkao["dashArray"], nkao["weight"])),
                 "Former Nagorno-Karabakh Autonomous Oblast (boundary about 1991)", False))
    rows.append((Line2D([], [], color=border["color"], linewidth=border["weight"] * PT), "International border",
                 False))
    if district is not None:
        rows.append((Patch(facecolor="none", edgecolor=SELECTED, linewidth=4 * PT), "The district chosen", False))
    rows.append((blank, "Settlements: who held them", True))
    for code in ("A", "Z", "a", "z"):
        side = status.name(status.ARMENIAN if code.upper() == "A" else status.AZERBAIJAN)
        words = side if code.isupper() else f"{side}, as announced by one side only (hollow)"
        rows.append((Line2D([], [], linestyle="none", marker="o", markersize=12 * PT, **place_marker(code)),
                     words, False))
    rows.append((blank, "Posts: the shape says the kind", True))
    for kind, shape in status.POSITION_SHAPES.items():
        rows.append((Line2D([], [], linestyle="none", marker=position_marker(kind), markersize=18 * PT,
                            markerfacecolor="#111111", markeredgecolor="#ffffff", markeredgewidth=PT),
                     shape.legend[:1].upper() + shape.legend[1:], False))
    rows.append((Patch(facecolor="none", edgecolor="#333333", linewidth=PT, linestyle=dashes("3 3", 1)),
                 "Dashed circle: where a post is located only approximately", False))
    rows.append((blank, "Posts: the fill says who runs them", True))
    for key, operator in status.OPERATORS.items():
        rows.append((Patch(facecolor=operator_colour(key), edgecolor="#ffffff"),
                     operator.legend[:1].upper() + operator.legend[1:], False))
    for layer in LAYERS:  # a kind added later brings its own rows
        if layer.legend is not None:
            rows += layer.legend()
    return rows


def draw_legend(ax: Axes, district: str | None = None) -> Legend:
    ax.set_axis_off()
    rows = legend_entries(district)
    legend = ax.legend([h for h, _, _ in rows], ["\n".join(textwrap.wrap(w, WRAP)) for _, w, _ in rows],
                       loc="upper left", frameon=False, fontsize=8.5, handlelength=2.2, handleheight=1.1,
                       borderaxespad=0, labelspacing=0.3)
    for text, (_, _, heading) in zip(legend.get_texts(), rows, strict=True):
        if heading:
            text.set_fontweight("bold")
    return legend
