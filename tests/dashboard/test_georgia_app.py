"""The app on the second package (`python -m dashboard --data packages/georgia-2008/data`), without a browser: it
opens on the package's view with the package's basemap and title (tests/browser/test_georgia_editions.py drives it
in Chromium)."""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.map import basemap_url, frame_arguments
from geo import load_package
from geo.basemap_recipe import basemap_folder
from tests.helpers import FakeFolium, texts

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
GEORGIA = ROOT / "packages" / "georgia-2008" / "data"
# The views below the map (dashboard/app.py VIEWS; the app cannot be imported: importing it runs the page).
APP_VIEWS = ("Who held what", "Area over time", "Claims", "Sources", "Share and cite", "About the data")


class Frames:
    """Stands in for the map frame (dashboard.map.draw): keeps each map it opened, reports no click and no move."""

    def __init__(self) -> None:
        self.maps: list[Any] = []

    def __call__(self, opening, payload):
        self.maps.append(opening.map())
        return {}

    def config(self) -> dict[str, Any]:
        """The last map's config (the `init` script's argument)."""
        script = next(c for c in self.maps[-1]._children.values() if getattr(c, "function", "") == "init")
        return json.loads(base64.b64decode(script.data))


def run(params: dict[str, str]) -> tuple[AppTest, Frames]:
    frames = Frames()
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    with mock.patch("dashboard.map.draw", frames), mock.patch.object(sys, "argv", ["app.py", "--data",
                                                                                         str(GEORGIA)]):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, frames


def test_the_app_opens_on_the_packages_view_with_its_basemap_and_title():
    profile = load_package(GEORGIA).profile
    assert profile is not None
    at, frames = run({"date": "2008-08-12"})
    config = frames.config()
    assert config["story"]["centre"] == list(profile.map_centre)  # framed on the story: its view, the profile's
    assert config["basemap"] == basemap_url(basemap_folder(load_package(GEORGIA)))
    assert "basemap-" in config["basemap"]
    assert any(profile.title in m.value for m in at.markdown)
    assert "Karabakh" not in " ".join(m.value for m in at.markdown)


def test_a_url_with_only_a_zoom_opens_at_the_profiles_centre():
    profile = load_package(GEORGIA).profile
    assert profile is not None
    at, frames = run({"date": "2008-08-12", "zoom": "9"})
    assert at.session_state.map_view == (profile.map_centre, 9)
    assert list(frames.maps[-1].location) == list(profile.map_centre)
    assert frames.config()["story"] is None


# The first package's war, as a reader would see it named (tests/test_engine_names_no_war.py scans the code for
# the same words); the Georgian package names none of them.
FIRST_WAR = re.compile(r"Armenia|Azerbaij|Karabakh|Artsakh|Lachin|Stepanakert|Khankendi|Shush|Aghdam|Agdam|"
                       r"Kalbajar|Kelbajar|Zangilan|Fuzuli|Jabrayil|Qubadli|Tartar|Hadrut|Berdzor|Dadivank|Lisagor|"
                       r"Goris|Nagorno|NKAO|Turkish|Baku|Yerevan|2020", re.IGNORECASE)


WIDGET_ID = re.compile(r'^id: "[^"\n]*"$', re.MULTILINE)

# What the Georgian package's own data says that the scan would find: a publisher's name and its domain.
PACKAGE_SAYS = ("Azerbaijan International", "azer.com")


def shown_words(at: AppTest, folium: FakeFolium) -> str:
    """Everything a view puts before the reader: texts, widgets' labels, options and placeholders, tables, charts
    and the map's own words (its config: legend, tooltips, panel words)."""
    parts = [texts(at)]
    for kind in ("selectbox", "text_input", "toggle", "button", "segmented_control", "slider", "select_slider",
                 "expander", "download_button", "radio", "multiselect"):
        parts += [str(getattr(w, "proto", w)) for w in at.get(kind)]
    parts += [str(d.proto) for d in at.get("arrow_data_frame")] + [str(c.proto) for c in at.get("vega_lite_chart")]
    parts += [str(e.proto) for e in at.get("code")]
    parts += [json.dumps(call.payload) + frame_arguments(call.opening)["script"] for call in folium.calls]
    # A widget's id is a hash of, among others, the script's path: no reader sees it, and by chance it can hold
    # "2020" (it did in a checkout at another path).
    return WIDGET_ID.sub("", "\n".join(parts))


@pytest.mark.parametrize("view", list(APP_VIEWS))
def test_no_view_of_the_georgian_app_names_the_first_packages_war(view):
    folium = FakeFolium()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"], at.query_params["view"] = "2008-08-12", view
    with mock.patch("dashboard.map.draw", folium), mock.patch.object(sys, "argv", ["app.py", "--data",
                                                                                         str(GEORGIA)]):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state.shown_view == view
    shown = shown_words(at, folium)
    assert "Georgia" in shown  # the scan reads what the page shows
    for said in PACKAGE_SAYS:  # the package's own data may name them (a publisher): the engine's words may not
        shown = shown.replace(said, "")
    found = sorted({m.group(0) for m in FIRST_WAR.finditer(shown)})
    assert found == [], sorted({shown[max(0, m.start() - 60):m.end() + 60] for m in FIRST_WAR.finditer(shown)})[:8]
