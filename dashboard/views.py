"""Legend, the who-held-what table, the area chart and the sources list."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo import settings as S
from geo.layers import format_date, state_table

from .bundle import Bundle
from .panel import source_line
from .text import h

LEGEND = [
    (S.STATUS_ARMENIAN, "Held by Armenian forces", ""),
    (S.STATUS_AZERBAIJAN, "Azerbaijani control", ""),
    (S.STATUS_SPLIT, "Split: deeper where a larger sourced share was held by Armenian forces", ""),
    (S.STATUS_PENDING, "Awaiting handover to Azerbaijan (deadline in the tooltip and panel)", "dashed"),
    (S.STATUS_CONTEXT, "Outside the conflict area (Azerbaijan, Armenia)", ""),
]


def legend() -> None:
    c = S.SETTINGS.colours
    items = [f'<span class="kcm-swatch" style="background:{h(c[key])};border-style:{style or "solid"}"></span>'
             f"{h(text)}" for key, text, style in LEGEND]
    items.append(f'<span class="kcm-swatch" style="background:transparent;border:3px dashed '
                 f'{h(c["peacekeeping_zone"])}"></span>Green dashed outline: in the Russian peacekeeping zone; '
                 "thin green dots: partly (only the corridor strip or one post's site)")
    items.append(f'<span class="kcm-swatch" style="background:{h(c["corridor"])};opacity:.45"></span>'
                 "Lachin corridor, 5 km band on the route of the date (schematic)")
    items.append("Positions: ■ headquarters · ▲ observation post · ◆ checkpoint · ● monitoring centre; "
                 "a dashed ring shows how approximate a location is")
    st.html('<div class="kcm-legend" role="list" aria-label="Legend">'
            + "".join(f'<div role="listitem">{item}</div>' for item in items) + "</div>"
            + "<style>.kcm-legend div{margin:2px 0;font-size:.9rem}.kcm-swatch{display:inline-block;width:14px;"
              "height:14px;margin-right:6px;vertical-align:middle;border:1px solid #555}</style>")


def held_table(bundle: Bundle, date: dt.date) -> None:
    assert bundle.timeline is not None
    rows = state_table(bundle.package, bundle.timeline, date)
    frame = pd.DataFrame([{
        "District": r["district"],
        "Status": r["status"],
        "Armenian-held share": r["armenian_share"],
        "Handover deadline": r["pending_handover"],
        "Peacekeeping zone": {True: "yes", False: "no"}.get(r["peacekeeping_zone"], r["peacekeeping_zone"]),
        "Area (km²)": r["area_km2"],
        "Id": r["id"],
    } for r in rows])
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"Armenian-held share": st.column_config.NumberColumn(format="percent")})


def area_chart(bundle: Bundle, date: dt.date) -> None:
    """Area held by each side over time, the chosen date marked. A plain Vega-Lite spec: the rows are
    made once per package (bundle.area_rows), a rerun only moves the rule."""
    spec = {
        "layer": [
            {"data": {"values": bundle.area_rows},
             "mark": {"type": "line", "interpolate": "step-after"},
             "encoding": {
                 "x": {"field": "date", "type": "temporal", "title": None},
                 "y": {"field": "km2", "type": "quantitative", "title": "km² (the map's timeline districts)"},
                 "color": {"field": "side", "type": "nominal", "title": None, "legend": {"orient": "bottom"}},
                 "tooltip": [{"field": "date", "type": "temporal"}, {"field": "side"}, {"field": "km2"}]}},
            {"data": {"values": [{"date": date.isoformat()}]},
             "mark": {"type": "rule", "color": "black"},
             "encoding": {"x": {"field": "date", "type": "temporal"}}},
        ],
    }
    st.vega_lite_chart(spec, width="stretch")
    st.caption("District areas computed in an equal-area projection from Natural Earth 1:10m boundaries. "
               "A split district with a sourced share is divided by it; one without a share is counted apart. "
               "Areas are of whole districts, not of the real front line.")


def sources_list(bundle: Bundle) -> None:
    sources = sorted(bundle.package.sources.values(), key=lambda s: (not s.is_seed, s.date or dt.date.min, s.id))
    st.html("<ul>" + "".join(f"<li>{source_line(s)}</li>" for s in sources) + "</ul>")


def date_heading(bundle: Bundle, date: dt.date) -> str:
    """The chosen date in words with the events of that day."""
    assert bundle.timeline is not None
    events = bundle.timeline.events_between(date, date)
    words = format_date(date)
    return words + (": " + "; ".join(e.title for e in events) if events else "")
