"""The picture's legend, complete: every fill, every overlay, the basemap's lines, the settlement dots (filled and
hollow), the post shapes and the operators' colours, from the package's vocabulary and basemap and geo/status.py,
the tables the web map's legend reads too."""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import status
from ..vocabulary import Vocabulary
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


def legend_entries(words: Vocabulary, district: str | None = None,
                   lines: list[list[str]] | None = None) -> list[tuple[Any, str, bool]]:
    """(handle, words, is_heading) in the legend's order, in the package's words (its profile's) and its basemap's
    lines ([kind, words], geo/basemap_recipe.py legend_lines; default: the borders only)."""
    lines = lines if lines is not None else [["international", "International border"]]
    blank = Patch(alpha=0)
    rows: list[tuple[Any, str, bool]] = [(blank, "District on the date", True)]
    for s in words.legend:
        if s in words.fills:
            rows.append((Patch(facecolor=rgba(s.colour, FILL_OPACITY.get(s.key, 0.5)), edgecolor="#555555",
                               linewidth=PT), s.legend, False))
    over = words.by_key  # a package without a corridor or a zone has no line for it
    rows.append((blank, "Drawn over the districts", True))
    if status.ZONE in over:
        zone = over[status.ZONE]
        rows.append((Patch(facecolor="none", edgecolor=zone.colour, linewidth=3 * PT, linestyle=dashes("6 4", 3)),
                     zone.legend, False))
    if status.CORRIDOR in over:
        corridor, former = over[status.CORRIDOR], over[status.FORMER_ROUTE]
        rows.append((Patch(facecolor=rgba(corridor.colour, 0.35), edgecolor=corridor.colour, linewidth=PT),
                     corridor.legend, False))
        rows.append((Line2D([], [], color=former.colour, linewidth=2.5 * PT, linestyle=dashes("6 4", 2.5)),
                     former.legend, False))
    for kind, said in reversed(lines):  # the basemap's own lines (its index's, as both editions' legends)
        style = BASEMAP_STYLES.get(kind, BASEMAP_STYLES["international"])
        rows.append((Line2D([], [], color=style["color"], linewidth=style["weight"] * PT,
                            linestyle=dashes(style.get("dashArray"), style["weight"])), said, False))
    if district is not None:
        rows.append((Patch(facecolor="none", edgecolor=SELECTED, linewidth=4 * PT), "The district chosen", False))
    rows.append((blank, "Settlements: who held them", True))
    codes = list(words.side_codes)
    for code in codes + [c.lower() for c in codes]:
        side = words.name(words.side_codes[code.upper()])
        said = side if code.isupper() else f"{side}, as announced by one side only (hollow)"
        rows.append((Line2D([], [], linestyle="none", marker="o", markersize=12 * PT, **place_marker(code, words)),
                     said, False))
    rows.append((blank, "Posts: the shape says the kind", True))
    for kind, shape in status.POSITION_SHAPES.items():
        rows.append((Line2D([], [], linestyle="none", marker=position_marker(kind), markersize=18 * PT,
                            markerfacecolor="#111111", markeredgecolor="#ffffff", markeredgewidth=PT),
                     shape.legend[:1].upper() + shape.legend[1:], False))
    rows.append((Patch(facecolor="none", edgecolor="#333333", linewidth=PT, linestyle=dashes("3 3", 1)),
                 "Dashed circle: where a post is located only approximately", False))
    rows.append((blank, "Posts: the fill says who runs them", True))
    for key, operator in words.operators.items():
        rows.append((Patch(facecolor=operator_colour(key, words), edgecolor="#ffffff"),
                     operator.legend[:1].upper() + operator.legend[1:], False))
    for layer in LAYERS:  # a kind added later brings its own rows
        if layer.legend is not None:
            rows += layer.legend()
    return rows


def draw_legend(ax: Axes, words: Vocabulary, district: str | None = None,
                lines: list[list[str]] | None = None) -> Legend:
    ax.set_axis_off()
    rows = legend_entries(words, district, lines)
    legend = ax.legend([h for h, _, _ in rows], ["\n".join(textwrap.wrap(w, WRAP)) for _, w, _ in rows],
                       loc="upper left", frameon=False, fontsize=8.5, handlelength=2.2, handleheight=1.1,
                       borderaxespad=0, labelspacing=0.3)
    for text, (_, _, heading) in zip(legend.get_texts(), rows, strict=True):
        if heading:
            text.set_fontweight("bold")
    return legend
