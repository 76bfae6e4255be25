"""A large package's settlement codes in the app in headless Chromium (geo/layers/places.py Coding.frame): a step
after the first sends the map only the codes that may have changed, and a map that missed the frames those were
worked out from asks and gets every code again. A step does not walk the dots' layers (dashboard/map.py
date_script)."""

import datetime as dt
import json
import time
from collections.abc import Iterator

import pytest

from bench.synthetic import make_package
from geo import Timeline, load_package
from geo.frames import place_codes, timeline_places
from geo.layers.places import DIFF_FROM, HELD_DAYS
from tests.helpers.editions import Edition
from tools.harness import StreamlitServer, wait_for, wait_idle

pytestmark = pytest.mark.browser
# Each frame's settlements' part as the map was handed it ("places": every code; "placesDiff": some), and a switch
# to drop the next frames as if the map never drew them (two reruns' frames reaching it at once).
SPY = """() => { const update = window.kcm.update; window.kcmSeen = []; window.kcmDrop = 0; window.kcmDropped = 0;
    window.kcm.update = function (payload) {
        if (window.kcmDrop > 0) { window.kcmDrop -= 1; window.kcmDropped += 1; return; }
        window.kcmSeen.push([payload.frame.date, "places" in payload.frame ? "places" : "placesDiff"]);
        update(payload);
    };
    window.kcmOffs = 0;  // listeners taken off any layer (streamlit-folium re-hooked every layer after a step)
    const off = L.Evented.prototype.off;
    L.Evented.prototype.off = function () { window.kcmOffs += 1; return off.apply(this, arguments); }; }"""
DOTS = """() => Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-place'))
    .map(p => [p.getAttribute('data-id'), p.getAttribute('data-code')]))"""


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory):
    return make_package(tmp_path_factory.mktemp("codes"), 4, 40, settlements=DIFF_FROM, place_changes=3 * DIFF_FROM,
                        seed=11)


@pytest.fixture(scope="module")
def app_server(package_dir) -> Iterator[StreamlitServer]:
    server = StreamlitServer(data_dir=package_dir)
    yield server
    server.stop()


def expected_dots(package, timeline, date: str) -> dict[str, str]:
    codes = place_codes(package, timeline, dt.date.fromisoformat(date))
    return {place.id: code for place, code in zip(timeline_places(package), codes, strict=True)}


def dots_become(app: Edition, want: dict[str, str], timeout_s: float = 20) -> None:
    """Wait until the map's dots carry `want`'s codes (a report and its rerun may come first)."""
    deadline = time.monotonic() + timeout_s
    while (dots := app.map.evaluate(DOTS)) != want and time.monotonic() < deadline:
        app.page.wait_for_timeout(50)
    assert dots == want


def test_a_step_sends_the_changed_codes_and_a_map_that_missed_frames_gets_every_code(app_server, package_dir, page):
    package = load_package(package_dir)
    timeline = Timeline(package)
    app = Edition("app", page, app_server.url)
    app.open("2020-10-20")
    dots_become(app, expected_dots(package, timeline, "2020-10-20"))
    app.map.evaluate(SPY)
    day = dt.date(2020, 10, 20)
    for _ in range(3):  # steps a day at a time: each sends a few codes, and the dots show the date's codes
        day += dt.timedelta(days=1)
        app.map.evaluate("window.kcmOffs = 0")
        app.show(day.isoformat())
        assert app.map.evaluate("window.kcmOffs") < DIFF_FROM / 10  # no walk over the dots' layers
        assert app.map.evaluate("window.kcmSeen.at(-1)") == [day.isoformat(), "placesDiff"]
        assert app.map.evaluate(DOTS) == expected_dots(package, timeline, day.isoformat())
        assert app.map.evaluate("window.kcm.core.placesMissing") is False
    # The next HELD_DAYS frames never drawn: the one after is worked out from days the map holds none of.
    held = day
    app.map.evaluate(f"window.kcmDrop = {HELD_DAYS}")
    for k in range(1, HELD_DAYS + 1):
        box = page.page.get_by_role("textbox", name="Go to date")
        box.fill((held + dt.timedelta(days=k)).isoformat())
        box.press("Enter")
        wait_for(app.map, f"window.kcmDropped === {k}")
        wait_idle(page.page)
    assert app.date() == held.isoformat()
    day = held + dt.timedelta(days=HELD_DAYS + 1)
    app.show(day.isoformat())
    # It drew the step's codes and asked for every code, which came in a frame of the same date.
    last_two = json.dumps([[day.isoformat(), "placesDiff"], [day.isoformat(), "places"]], separators=(",", ":"))
    wait_for(app.map, f"JSON.stringify(window.kcmSeen.slice(-2)) === {json.dumps(last_two)}")
    wait_for(app.map, "window.kcm.core.placesMissing === false")
    assert app.map.evaluate(DOTS) == expected_dots(package, timeline, day.isoformat())
    day += dt.timedelta(days=1)  # and steps go on with a few codes
    app.show(day.isoformat())
    assert app.map.evaluate("window.kcmSeen.at(-1)") == [day.isoformat(), "placesDiff"]
    assert app.map.evaluate(DOTS) == expected_dots(package, timeline, day.isoformat())
    assert not page.errors
