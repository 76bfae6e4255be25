"""The app on the second package (`python -m dashboard --data packages/georgia-2008/data`), without a browser: it
opens on the package's view with the package's basemap and title (tests/browser/test_georgia_editions.py drives it
in Chromium)."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from streamlit.testing.v1 import AppTest

from dashboard.map import basemap_url
from geo import load_package
from geo.basemap_recipe import basemap_folder

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
GEORGIA = ROOT / "packages" / "georgia-2008" / "data"


class Frames:
    """Stands in for st_folium: keeps each map it was given, reports no click and no move."""

    def __init__(self) -> None:
        self.maps: list[Any] = []

    def __call__(self, fig, **kwargs):
        self.maps.append(fig)
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
    with mock.patch("dashboard.map.st_folium", frames), mock.patch.object(sys, "argv", ["app.py", "--data",
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
