"""The inferred areas built per date shown (geo/inferred_encoding.py), in the app in headless Chromium: a synthetic
package above the size threshold, whose map is sent each area's row once, draws a date's areas, and opens the panel
of one clicked."""

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from bench.synthetic import make_package
from geo import Timeline, load_package
from geo.frames import frame_dates, timeline_places
from geo.inferred import inferred_control
from geo.inferred_encoding import LAZY_FROM, LazyInferredEncoding, district_states
from tests.helpers.editions import Edition
from tools.harness import StreamlitServer, wait_for, wait_for_text

pytestmark = pytest.mark.browser
# Each drawn area's side and basis (the indices depend on the order the server first built them in).
DRAWN = ("Array.from(document.querySelectorAll('path.kcm-inferred'))"
         ".map(p => p.getAttribute('data-controller') + ' ' + p.getAttribute('data-basis')).sort()")


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory):
    return make_package(tmp_path_factory.mktemp("lazy"), 4, 40, settlements=200, place_changes=2400, seed=7)


@pytest.fixture(scope="module")
def lazy_app(package_dir) -> Iterator[StreamlitServer]:
    server = StreamlitServer(data_dir=package_dir)
    yield server
    server.stop()


def test_the_app_draws_each_date_s_areas_from_rows_sent_once(lazy_app, package_dir, page):
    package = load_package(package_dir)
    timeline = Timeline(package)
    control = inferred_control(package, timeline)
    assert district_states(control) >= LAZY_FROM  # the package is above the threshold
    want = LazyInferredEncoding(control, frame_dates(timeline), [p.id for p in timeline_places(package)])
    app = Edition("app", page, lazy_app.url)
    app.open("2020-10-20")
    for date in ("2020-10-20", "2020-10-21", "2020-11-15", "2020-10-20"):
        if app.date() != date:
            app.show(date)
        rows = [want.area(i) for i in want.ids(dt.date.fromisoformat(date))]
        drawn = sorted(f"{r[1]} {'announced' if r[2] else 'sourced'}" for r in rows if r)
        expected = json.dumps(drawn, separators=(",", ":"))
        assert rows
        wait_for(app.map, f"() => JSON.stringify({DRAWN}) === {json.dumps(expected)}")
        assert app.map.evaluate("window.kcm.core.inferredMissing") == 0
    chosen = app.map.evaluate("(() => { const p = document.querySelector('path.kcm-inferred'); "
                              "p.dispatchEvent(new MouseEvent('click', {bubbles: true})); "
                              "return p.getAttribute('data-id'); })()")
    wait_for_text(app.page, "(inferred area)")
    assert "not a surveyed front line" in app.page.inner_text("body")
    # The chosen area is marked on every date it is drawn on, and no other is.
    marks = ("(() => { const all = Array.from(document.querySelectorAll('path.kcm-inferred')); return ["
             "all.filter(p => p.classList.contains('kcm-selected')).map(p => p.getAttribute('data-id')), "
             f"all.filter(p => p.getAttribute('data-id') === '{chosen}').length]; }})()")
    wait_for(app.map, f"() => {marks}[0].length > 0")
    for date in ("2020-10-22", "2020-11-20", "2020-10-20"):
        app.show(date)
        selected, drawn = app.map.evaluate(marks)
        assert set(selected) <= {chosen} and len(selected) == drawn, date
    assert not page.errors
