"""Many settlements' dots in both editions, in headless Chromium: a synthetic package of 700 settlements. The map
core draws the dots in groups of at most 256, in data order (geo/mapcore/kcm-layers.js): a restyle then lays out
the groups it touches, not one container of every dot (at 30,000 settlements that layout was most of a date step).
The dots keep their order and their behaviour: each shows its date's code, its tooltip on hover, and its panel on
a click, with its dot marked chosen, in a group past the first too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synthetic import make_package
from geo import Timeline, load_package
from geo.frames import timeline_places
from geo.layers.places import place_codes
from geo.site import export_site
from tests.helpers import file_server
from tests.helpers.editions import Edition
from tools.harness import PageRecorder, StreamlitServer, block_foreign_requests

pytestmark = pytest.mark.browser
PER_GROUP = 256
GROUPS = """Array.from(document.querySelectorAll('.leaflet-kcm-places-pane svg > g')).map(root =>
    Array.from(root.children).map(g => [g.tagName, g.getAttribute('class'),
        Array.from(g.children).map(p => p.getAttribute('data-id'))]))"""
CODES = "Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-place')).map(p => [" \
        "p.getAttribute('data-id'), p.getAttribute('data-code')]))"
SELECTED = "Array.from(document.querySelectorAll('path.kcm-place.kcm-selected')).map(p => p.getAttribute('data-id'))"
FIRST, LATER = "2000-01-01", "2010-06-15"


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory) -> Path:
    return make_package(tmp_path_factory.mktemp("many-dots"), 10, 100, settlements=700, place_changes=2_100, seed=3)


@pytest.fixture(scope="module")
def many_app(package_dir) -> Iterator[StreamlitServer]:
    server = StreamlitServer(data_dir=package_dir)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def many_site(package_dir, tmp_path_factory) -> Iterator[str]:
    """Its static edition over HTTP, exported as a package this size must be (`--without-date-files`)."""
    out = tmp_path_factory.mktemp("many-dots-site") / "site"
    export_site(load_package(package_dir), out, date_files=False)
    with file_server(out) as base:
        yield base


@pytest.fixture(params=["app", "static"])
def edition(request, browser) -> Iterator[Edition]:
    base = request.getfixturevalue("many_app" if request.param == "app" else "many_site")
    base = base if isinstance(base, str) else base.url
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    block_foreign_requests(context)
    yield Edition(request.param, PageRecorder(context.new_page()), base)
    context.close()


def test_the_dots_are_drawn_in_groups_in_data_order_and_answer_the_mouse(edition, package_dir):
    package = load_package(package_dir)
    timeline = Timeline(package)
    places = timeline_places(package)
    ids = [p.id for p in places]
    assert len(ids) == 700
    edition.open(FIRST)
    # One root group (Leaflet's) holding the groups, each of up to 256 dots, in the data's order: so drawn as before.
    [groups] = edition.map.evaluate(GROUPS)
    assert [(tag, cls) for tag, cls, _ in groups] == [("g", "kcm-place-group")] * 3
    assert [len(dots) for _, _, dots in groups] == [PER_GROUP, PER_GROUP, 700 - 2 * PER_GROUP]
    assert [i for _, _, dots in groups for i in dots] == ids
    for date in (FIRST, LATER):  # every dot shows its date's code, through a step
        if edition.date() != date:
            edition.show(date)
        assert edition.map.evaluate(CODES) == dict(zip(ids, place_codes(package, timeline,
                                                                         dt.date.fromisoformat(date)), strict=True))
    # A dot of the last group: its tooltip on hover, its panel on a click, and it stays marked chosen over a step.
    place = places[-1]
    edition.set_view((place.lat, place.lon), 12)
    shown = edition.hover((place.lat, place.lon))
    assert place.names.en in shown, shown
    edition.page.mouse.click(*edition.on_screen((place.lat, place.lon)))
    edition.page.wait_for_url(lambda url: f"place={place.id}" in url, timeout=20000)
    edition.map.wait_for_function(f"() => JSON.stringify({SELECTED}) === '[\"{place.id}\"]'", timeout=20000)
    edition.show(FIRST)
    assert edition.map.evaluate(SELECTED) == [place.id]
    assert edition.map.locator("path.kcm-place[tabindex='-1']").count() == 700  # no dot is a Tab stop
    assert not edition.recorder.errors
