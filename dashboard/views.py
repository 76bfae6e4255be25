"""Legend, the who-held-what table, the area chart and the sources list."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from markupsafe import Markup

from geo import vocabulary
from geo.compare import Difference, compare_summary, side_words
from geo.csvfile import csv_bytes
from geo.describe import format_date
from geo.layers.districts import share_words, state_table
from geo.stats import area_steps, readable_on_time_axis, series

from . import scroll, ui
from .bundle import Bundle
from .panel import source_line
from .text import Md
from .timecontrols import span

HELD_TABLE_KEY = "held-table"
HELD_COLUMNS = ["District", "Status", "Share", "Handover deadline", "Peacekeeping zone", "Area (km²)", "Id"]

def held_table(bundle: Bundle, date: dt.date) -> None:
    assert bundle.timeline is not None
    sides = vocabulary.profile_of(bundle.package).side_ids
    rows = [{
        "District": r["district"],
        "Status": r["status"],
        "Share": share_words(r["controller"], r["share"], sides),  # words: Streamlit shows None
        "Handover deadline": format_date(r["pending_handover"]) if r["pending_handover"] else "",
        "Peacekeeping zone": {True: "yes", False: "no"}.get(r["peacekeeping_zone"], r["peacekeeping_zone"] or "—"),
        "Area (km²)": r["area_km2"],
        "Id": r["id"],
    } for r in state_table(bundle.package, bundle.timeline, date)]
    share = vocabulary.of(bundle.package).share_words
    if share:
        ui.caption(Md("Share: the part of a district {}, as a sourced figure, or all or none.").format(share))
    # Choosing a row opens its district, as a click on the map does: the keyboard's way to a district.
    st.dataframe(pd.DataFrame(rows, columns=HELD_COLUMNS), hide_index=True, width="stretch",
                 key=HELD_TABLE_KEY, selection_mode="single-row",
                 on_select=partial(choose_row, [row["Id"] for row in rows], frozenset(bundle.search_labels)))
    # Streamlit's own CSV export is off (client.disableDataExport): it copies formulas from data as they are.
    # The file is made only when asked for.
    ui.download_button("Download this table (CSV)", lambda: csv_bytes(HELD_COLUMNS, rows),
                       file_name=f"who-held-what-{date.isoformat()}.csv", mime="text/csv", on_click="ignore",
                       help="Text that a spreadsheet would run as a formula starts with ' in the file.")


def choose_row(ids: list[str], districts: frozenset[str]) -> None:
    """The district of the row just chosen in the table (of the rows as drawn) becomes the selection."""
    chosen = st.session_state[HELD_TABLE_KEY].selection.rows
    if chosen and 0 <= chosen[0] < len(ids) and ids[chosen[0]] in districts:
        st.session_state.district = ids[chosen[0]]
        st.session_state.position = None
        scroll.ask(scroll.PANELS["district"])


def area_chart(bundle: Bundle, date: dt.date) -> None:
    """Area held by each side over the slider's span in the map's colours, the chosen date marked. A plain
    Vega-Lite spec over rows made once per package (bundle.area_rows); a rerun only moves the rule."""
    chosen = span(bundle)
    first, last = chosen.start.isoformat(), chosen.end.isoformat()
    rows = area_steps(bundle.area_rows, first, last)  # the span's changes only (geo.stats)
    colours = vocabulary.of(bundle.package).colours
    sides = {side: colours[key] for key, side in series(bundle.package).items()}
    shown = date.isoformat()
    if readable_on_time_axis(rows, first, last):
        x: dict[str, Any] = {"field": "date", "type": "temporal", "title": None, "scale": {"domain": [first, last]}}
        rule: dict[str, Any] = {"field": "date", "type": "temporal"}
        note = ""
    else:  # changes days apart over decades: a time axis draws them as a spike a few pixels wide
        # A field of its own ("day", the ISO date as text): the tooltip makes Vega-Lite parse "date" as a time.
        rows = [{**row, "day": row["date"]} for row in rows]
        x = {"field": "day", "type": "ordinal", "sort": None, "axis": {"labelAngle": -40, "labelOverlap": "greedy",
             "title": "Dates on which an area changed, evenly spaced (not to scale in time)"}}
        rule = {"field": "day", "type": "ordinal", "sort": None}
        shown = max((r["date"] for r in rows if r["date"] <= shown), default=first)  # the step in force
        note = (" The changes are evenly spaced: over this span, days apart across years, a time scale would "
                "squeeze them into a few pixels; choose a period for a time scale.")
    spec = {
        "layer": [
            {"data": {"values": rows},
             "mark": {"type": "line", "interpolate": "step-after", "point": True},
             "encoding": {
                 "x": x,
                 "y": {"field": "km2", "type": "quantitative", "title": "km² (the map's timeline districts)"},
                 "color": {"field": "side", "type": "nominal", "title": None, "legend": {"orient": "bottom"},
                           "scale": {"domain": list(sides), "range": list(sides.values())}},
                 "tooltip": [{"field": "date", "type": "temporal"}, {"field": "side"}, {"field": "km2"}]}},
            {"data": {"values": [{"date": shown, "day": shown}]},
             "mark": {"type": "rule", "color": "black"},
             "encoding": {"x": rule}},
        ],
    }
    st.vega_lite_chart(spec, width="stretch")
    ui.caption("District areas computed in an equal-area projection from Natural Earth 1:10m boundaries, over the "
               "slider's span. A split district with a sourced share is divided by it; one without a share is "
               "counted apart. Areas are of whole districts, not of the real front line." + note)


def sources_list(bundle: Bundle) -> None:
    sources = sorted(bundle.package.sources.values(), key=lambda s: (not s.is_seed, s.date or dt.date.min, s.id))
    ui.html(Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(source_line(s))
                                                         for s in sources)))


def differences(bundle: Bundle, one: dt.date, other: dt.date, diffs: list[Difference]) -> None:
    """The compare list, from the earlier date to the later: who gained in one sentence, then each thing that
    reads differently, before and after, its row coloured by the side that gained (also outlined on the map)."""
    a, b = sorted((one, other))
    ui.markdown(Md("**What changed from {} to {}** ({} item(s); outlined on the map in the colour of the side "
                   "that gained)").format(format_date(a), format_date(b), len(diffs)))
    if not diffs:
        ui.caption("Nothing on the map differs between these dates.")
        return
    ui.markdown(compare_summary(bundle.package, a, b, diffs))
    names, colours = side_words(bundle.package), vocabulary.of(bundle.package).colours
    rows = [{"What": d.kind, "Name": d.name, "Gained": names.get(d.gained or "", "—"),
             "Before (" + format_date(a) + ")": d.before, "After (" + format_date(b) + ")": d.after} for d in diffs]
    tints = {name: f"background-color: {colours[side]}40" for side, name in names.items()}
    table = pd.DataFrame(rows).style.map(lambda v: tints.get(v, ""), subset=["Gained"])
    st.dataframe(table, hide_index=True, width="stretch")
