"""The naive baseline for the benchmark: the same data drawn by rebuilding the whole folium map
(districts as GeoJson with a style function, markers, the corridor) and calling st_folium on every
rerun. Assets are served locally as in the real app, so only the architecture differs."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import datetime as dt  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from branca.element import MacroElement  # noqa: E402
from jinja2 import Template  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.map import OfflineMap  # noqa: E402
from dashboard.timing import timed_run  # noqa: E402
from geo import Timeline, load_package  # noqa: E402
from geo.layers import corridor_geojson, district_styles, districts_geojson  # noqa: E402
from geo.settings import SETTINGS  # noqa: E402


class DateMark(MacroElement):
    """Marks the map container with its date, as the real app's map does, so both are timed alike."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().setAttribute("data-date", "{{ this.date }}");
    {% endmacro %}""")

    def __init__(self, date: str) -> None:
        super().__init__()
        self.date = date


@st.cache_resource
def data():
    package = load_package()
    return package, Timeline(package), districts_geojson(package)


def main() -> None:
    st.set_page_config(page_title="Naive baseline", layout="wide")
    package, timeline, geometry = data()
    if "date" not in st.session_state:
        asked = st.query_params.get("date")
        st.session_state.date = dt.date.fromisoformat(asked) if asked else dt.date(2020, 11, 10)
    date = st.slider("Date", min_value=timeline.start, max_value=timeline.end, key="date", step=dt.timedelta(days=1))
    styles = district_styles(package, timeline, date)
    fmap = OfflineMap(location=list(SETTINGS.map_centre), zoom_start=SETTINGS.map_zoom, tiles=None)
    folium.GeoJson(geometry, style_function=lambda f: {k: v for k, v in styles[f["id"]].items()
                                                       if k in ("fillColor", "fillOpacity", "color", "weight")},
                   tooltip=folium.GeoJsonTooltip(fields=["label"])).add_to(fmap)
    route = timeline.route_at(date)
    if route is not None:
        folium.GeoJson(corridor_geojson(route, package)).add_to(fmap)
    for p in timeline.positions_at(date):
        folium.CircleMarker([p.lat, p.lon], radius=6, tooltip=p.name).add_to(fmap)
    DateMark(date.isoformat()).add_to(fmap)
    st_folium(fmap, height=620, returned_objects=["last_clicked", "zoom"])


with timed_run(STARTED):
    main()
