"""The naive baseline for the benchmark: the same dashboard, with only the map drawn the naive way.

Every rerun rebuilds the whole folium map (districts as GeoJson with a style function, labels,
markers, the corridor) and calls st_folium on it, so the map component is re-created whenever its
script changes. Assets are served locally as in the real app (its OfflineMap and components), so only the
map strategy differs. Run: `streamlit run bench/naive_app.py`.
"""

from __future__ import annotations

import html
import json
import runpy
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dashboard.map as real_map  # noqa: E402
from dashboard.bundle import GENERATED_DIR  # noqa: E402


class DateMark(MacroElement):
    """Marks the map container with its date, as the real map does, so both are timed alike."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().setAttribute("data-date", "{{ this.date }}");
    {% endmacro %}""")

    def __init__(self, date: str) -> None:
        super().__init__()
        self.date = date


@lru_cache(maxsize=4)
def geometry(url: str) -> dict[str, Any]:
    return json.loads((GENERATED_DIR / url).read_text(encoding="utf-8"))


def naive_show_map(geometry_url: str, payload: dict[str, Any], online_tiles: bool, view: dict[str, Any],
                   height: int = 620, centre: tuple[float, float] | None = None, zoom: float | None = None,
                   story: bool = True, basemap: str | None = None) -> dict:  # opens where it is told, no basemap
    data = geometry(geometry_url)
    # The date's whole map, spelled out from the app's tables and the frame's indices, then drawn from scratch.
    tables, shapes, frame = data["tables"], data["geometry"], payload["frame"]
    styles = {did: tables["styles"][tables["looks"][i][k][0]]
              for i, (did, k) in enumerate(zip(tables["ids"], frame["looks"], strict=True))}
    positions = [tables["positions"][i] for i, _slot, _slots in frame["positions"]]
    context = {"fillColor": data["colours"]["context"], "fillOpacity": 0.25, "color": "#555555", "weight": 1}

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        s = styles.get(feature["properties"]["id"])
        return context if s is None else {"fillColor": s[0], "fillOpacity": s[1], "color": s[2], "weight": s[3],
                                          "dashArray": s[4]}

    fmap = real_map.OfflineMap(location=list(centre or view["centre"]), zoom_start=zoom or view["zoom"], tiles=None)
    folium.GeoJson(shapes["districts"], style_function=style).add_to(fmap)
    for label in shapes["labels"]:
        icon = folium.DivIcon(html=f'<span class="kcm-label">{html.escape(label["text"])}</span>')
        folium.Marker([label["lat"], label["lon"]], icon=icon).add_to(fmap)
    if frame["corridor"]:
        folium.GeoJson(shapes["corridors"][frame["corridor"]]).add_to(fmap)
    for p in positions:
        folium.Circle([p["lat"], p["lon"]], radius=p["radius_m"], fill=False, dash_array="3 3").add_to(fmap)
        folium.CircleMarker([p["lat"], p["lon"]], radius=6, tooltip=html.escape(p["name"])).add_to(fmap)
    colours = {code: data["colours"][side] for code, side in data["placeCodes"].items()}  # the package's sides
    for place, code in zip(shapes["places"], frame["places"], strict=False):  # settlements
        colour = colours.get(code.upper(), "#999999")
        folium.CircleMarker([place["lat"], place["lon"]], radius=4, color=colour, fill=True, fill_color=colour,
                            tooltip=html.escape(place["name"])).add_to(fmap)
    DateMark(frame["date"]).add_to(fmap)
    return st_folium(fmap, height=height, returned_objects=real_map.RETURNED) or {}


real_map.show_map = naive_show_map  # the app imports show_map from dashboard.map on every run
runpy.run_path(str(ROOT / "dashboard" / "app.py"), run_name="__main__")
