"""The map: a folium map served offline, drawn by streamlit-folium, updated per date without a rebuild.

The frame's script is the same on every rerun (it fetches the map's data once); a date change sends one small
script (`date_script`) that hands a frame to the map core (geo/mapcore/kcm-core.js, through static/kcm-app-host.js).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import streamlit as st
import streamlit_folium
from branca.element import MacroElement
from jinja2 import Template
from streamlit.components.v1 import declare_component
from streamlit.components.v1.custom_component import CustomComponent

from dashboard.bundle import GENERATED_DIR
from geo._files import package_folder, write_atomically
from geo.basemap_recipe import INDEX
from geo.mapcore import CORE_SCRIPTS, CORE_STYLES, LEAFLET, STATIC

# Streamlit serves a declared component's directory at /component/<name>/; declaring one for the
# generated files (never drawn) serves them without writing into the package (see dashboard/bundle.py).
GENERATED_FILES = declare_component("generated", path=GENERATED_DIR)
# URLs relative to the map's frame (/component/<name>/index.html), so a server.baseUrlPath still works.
GENERATED = f"../{GENERATED_FILES.name}"
# Leaflet is the map core's (the static edition copies it too): served from where the geo package is installed,
# with nothing copied (Streamlit's own static serving covers only
# the folder beside the app's script, dashboard/static).
MAP_FILES = declare_component("mapfiles", path=str(STATIC))
ASSETS = f"../{MAP_FILES.name}"
LEAFLET_URL = f"{ASSETS}/{LEAFLET.relative_to(STATIC).as_posix()}"
MAP_KEY = "kcm-map"
CODES_HELD = "codes_held"  # (the map frame, the days of the last frames it was sent)
RETURNED = ["last_active_drawing", "zoom", "center"]
OSM_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
}
ATTRIBUTION = "Made with Natural Earth · Relief: NOAA GLOBE · Rivers: GSHHG · Places: GeoNames (CC BY 4.0)"


STATIC_DIR = package_folder("dashboard") / "static"
# streamlit-folium adds a map's scripts one after another, each waiting for the previous one to load.
MAP_SCRIPTS = (LEAFLET / "leaflet.js", *CORE_SCRIPTS, STATIC_DIR / "kcm-app-host.js")


def joined_map_script() -> str:
    """The map's scripts as one file, so a first visit fetches one instead of three in a row (0.08 s off
    the cold start here). Written to the generated files (the package stays read-only), named by content
    so a browser never keeps an old copy. A line break ends each file's trailing `//` comment, and a `;`
    keeps the next file's first parenthesis from calling the previous file's last expression."""
    return _generated("map", ".js", "\n;\n".join(path.read_text(encoding="utf-8") for path in MAP_SCRIPTS))


def map_styles() -> str:
    """The map core's styles, served from the generated files as the scripts are."""
    return _generated("map", ".css", CORE_STYLES.read_text(encoding="utf-8"))


def _generated(stem: str, suffix: str, text: str) -> str:
    path = GENERATED_DIR / f"{stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}{suffix}"
    if not path.exists():
        write_atomically(path, text)
    return f"{GENERATED}/{path.name}"


def encode(payload: Any) -> str:
    """JSON as base64: it cannot close a <script>, start a template or be rewritten by st_folium's
    variable renaming, whatever the data's text holds."""
    return base64.b64encode(json.dumps(payload, ensure_ascii=False).encode("utf-8")).decode("ascii")


class OfflineMap(folium.Map):
    """A folium map whose JavaScript and CSS come from the app itself, not from CDNs."""

    default_js = [("kcm_map", joined_map_script())]
    default_css = [("leaflet_css", f"{LEAFLET_URL}/leaflet.css"), ("kcm_map_css", map_styles())]


class _Script(MacroElement):
    """A script calling one function of window.kcm with a base64 JSON argument."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.prelude }}window.kcm.{{ this.function }}({{ this.target }}JSON.parse(new TextDecoder().decode(
            Uint8Array.from(atob("{{ this.data }}"), function (c) { return c.charCodeAt(0); }))));
        {% endmacro %}
    """)

    def __init__(self, function: str, payload: Any, with_map: bool = False, prelude: str = "") -> None:
        super().__init__()
        self._name = "KcmScript"
        self.function, self.data, self.with_map, self.prelude = function, encode(payload), with_map, prelude

    def render(self, **kwargs: Any) -> Any:
        parent = self._parent
        self.target = f"{parent.get_name()}, " if self.with_map and parent is not None else ""
        return super().render(**kwargs)


def basemap_component(folder: Path) -> CustomComponent:
    """A package's basemap folder (the one its profile names, built by `python -m geo build-basemap`), served from
    where it is as a component of its own, named by the folder: one app serves one package, and a second folder
    gets a second name, never the first's files. Declared in a script run it is registered there; the launcher's
    warm-up registers it before any run (dashboard/components.py), so every replica serves it."""
    name = "basemap-" + hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:12]
    return declare_component(name, path=str(folder))


def basemap_url(folder: Path | None) -> str | None:
    """The URL of a package's basemap index, or None without a built basemap. The frame fetches the index and its
    files once; only this URL travels in the map's config."""
    if folder is None or not (folder / INDEX).is_file():
        return None
    return f"../{basemap_component(folder).name}/{INDEX}"


def base_map(data_file: str, online_tiles: bool, view: dict[str, Any], centre: tuple[float, float] | None = None,
             zoom: float | None = None, story: bool = True, basemap: str | None = None) -> folium.Map:
    """The map frame: no data in it but where to fetch the map's data and where to open (fixed for a
    session), so its script never changes. `view` is geo.frames.map_view (the package's view): with `story` the
    map opens framed on the story's districts (a URL without a view of its own), else at `centre` and `zoom`,
    each the package's where the URL gives none. `basemap`: the URL of the package's basemap index."""
    lat, lon = centre or view["centre"]
    # A half step (the view's zoomSnap) is a zoom Leaflet takes; folium only writes it into the script.
    fmap = OfflineMap(location=[lat, lon], zoom_start=zoom or view["zoom"], tiles=None,  # type: ignore[arg-type]
                      control_scale=True, min_zoom=view["minZoom"], max_zoom=view["maxZoom"])
    config = {
        "story": view if story else None,
        "dataUrl": f"{GENERATED}/{data_file}",
        "attribution": ATTRIBUTION,
        "tiles": OSM_TILES if online_tiles else None,
        "basemap": basemap,
    }
    _Script("init", config, with_map=True).add_to(fmap)
    return fmap


def date_script(payload: dict[str, Any]) -> str:
    """The per-date update: a script handing the frame to the map core, sent as streamlit-folium's `layer_control`
    script with no feature group. Its frame evaluates that script whenever it changes; a feature group (how it was
    sent before) it evaluates and then walks every layer of the map, taking its click handler off each and putting
    it back: at 30,000 settlements, 30,000 dots, about 100 ms of the browser's work a step. The core reports clicks
    itself (static/kcm-app-host.js). The script sets no `window.layer_control`, which the frame would remove as a
    control, and adds nothing to `window.feature_group` (upstream issue #247: it piled up there)."""
    return f"window.kcm.update({_decoded(encode(payload))});\n"


def _decoded(data: str) -> str:
    return ('JSON.parse(new TextDecoder().decode(Uint8Array.from(atob("' + data
            + '"), function (c) { return c.charCodeAt(0); })))')


def map_key(online_tiles: bool) -> str:
    return f"{MAP_KEY}-{'osm' if online_tiles else 'offline'}"  # switching basemaps is the one reload


@dataclass(frozen=True)
class Opening:
    """Where and how the map frame opens: fixed for a session (a step changes only the date's script), so the
    frame's arguments are rendered once per opening, not on every rerun. `view` is geo.frames.map_view as JSON."""

    data_file: str
    online_tiles: bool
    view: str
    height: int
    centre: tuple[float, float] | None
    zoom: float | None
    story: bool
    basemap: str | None

    def map(self) -> folium.Map:
        return base_map(self.data_file, self.online_tiles, json.loads(self.view), self.centre, self.zoom, self.story,
                        self.basemap)


@functools.lru_cache(maxsize=64)
def frame_arguments(opening: Opening) -> dict[str, Any]:
    """What streamlit-folium's st_folium sends the frame, but the date's script (`draw`). folium compiles its
    templates per map object: rendering the frame on every rerun took about 10 ms before the map's message could
    leave. These are st_folium's own steps for a plain map without layer control or colour scale;
    tests/dashboard/test_map_frame.py holds them equal to st_folium's."""
    fmap = opening.map()
    fmap.get_root().render()
    fmap.render()
    html, header = streamlit_folium._get_html(fmap), streamlit_folium._get_header(fmap)
    leaflet = streamlit_folium._get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []
    for element in _elements(fmap):
        css += [href for _, href in getattr(element, "default_css", [])]
        js += [src for _, src in getattr(element, "default_js", [])]
    return {"script": leaflet, "header": header, "html": html, "id": streamlit_folium.get_full_id(fmap),
            "key": streamlit_folium.generate_js_hash(leaflet, map_key(opening.online_tiles), False),
            "height": opening.height, "width": None, "returned_objects": RETURNED,
            "default": {"last_active_drawing": None, "zoom": fmap.options.get("zoom")}, "zoom": None, "center": None,
            "return_on_hover": False, "layer_control": None, "pixelated": False,
            "css_links": list(dict.fromkeys(css)), "js_links": list(dict.fromkeys(js)), "wrap_longitude": False}


def _elements(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _elements(child)


def draw(opening: Opening, payload: dict[str, Any]) -> dict[str, Any]:
    """The frame, sent the date's script; what it reports (last click, zoom, centre)."""
    arguments = frame_arguments(opening)
    key = map_key(opening.online_tiles)

    def remember() -> None:  # as st_folium's on_change does: the frame's last report under the map's own key
        st.session_state[key] = st.session_state.get(arguments["key"], {})

    return streamlit_folium._component_func(**{**arguments, "layer_control": date_script(payload)}, feature_group=None,
                                            on_change=remember) or {}


def held_codes(data_file: str, online_tiles: bool) -> list[int]:
    """The days of the last frames this session's map frame was sent (MapEncoder.frame updates it): a package of
    many settlements then sends a step's changed codes only (geo/layers/places.py `Coding.frame`). A new frame
    (another package, the tiles switched, which reloads it) starts empty, and so gets every code; a frame that
    cannot apply a step's codes all the same says so (`resend_codes`)."""
    frame = (data_file, online_tiles)
    held = st.session_state.get(CODES_HELD)
    if not isinstance(held, tuple) or held[0] != frame:
        held = st.session_state[CODES_HELD] = (frame, [])
    days: list[int] = held[1]
    return days


def resend_codes() -> None:
    """The map reported that it holds none of the days a step's codes were worked out from (a frame reloaded, or
    frames it never drew): the next frame carries every code."""
    st.session_state.pop(CODES_HELD, None)


def show_map(data_file: str, payload: dict[str, Any], online_tiles: bool, view: dict[str, Any], height: int = 620,
             centre: tuple[float, float] | None = None, zoom: float | None = None, story: bool = True,
             basemap: str | None = None) -> dict[str, Any]:
    """Draw (or update) the map; returns what streamlit-folium reports (last click, zoom, centre)."""
    return draw(Opening(data_file, online_tiles, json.dumps(view, sort_keys=True), height, centre, zoom, story,
                        basemap), payload)
