"""The map's opening view is the active package's: its story's bounds, its profile's centre and zoom (where a URL
gives only one of them) and the zooms it allows, the same for both editions (geo.frames.map_view)."""

from __future__ import annotations

from pathlib import Path

import yaml

from geo import load_package, status
from geo.frames import map_view
from geo.settings import DEFAULT_DATA_DIR

GEORGIA = Path(__file__).resolve().parents[2] / "packages" / "georgia-2008" / "data"


def test_each_package_opens_on_its_own_story_centre_and_zoom():
    for data in (DEFAULT_DATA_DIR, GEORGIA):
        package = load_package(data)
        profile = package.profile
        assert profile is not None
        view = map_view(package)
        assert view["centre"] == list(profile.map_centre) and view["zoom"] == profile.map_zoom
        [[south, west], [north, east]] = view["bounds"]
        story = [d for d in package.districts.values() if d.role == "story"]
        assert all(west <= d.geometry.bounds[0] and d.geometry.bounds[2] <= east for d in story)
        assert profile.in_region(south, west) and profile.in_region(north, east)
    georgia = map_view(load_package(GEORGIA))
    assert georgia["centre"] == [42.3, 43.4] and georgia["zoom"] == 7
    assert (georgia["minZoom"], georgia["maxZoom"]) == (status.MIN_ZOOM, status.MAX_ZOOM)  # the profile sets none


def test_a_profile_sets_the_zooms_a_reader_may_reach(mini: Path):
    path = mini / "profile.yaml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile["map"].update(min_zoom=6, max_zoom=9)
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    view = map_view(load_package(mini))
    assert (view["minZoom"], view["maxZoom"]) == (6, 9)
