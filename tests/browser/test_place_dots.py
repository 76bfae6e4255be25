"""The settlements' dots in the app, in headless Chromium: a step touches only the dots whose code changed and
those marked (geo/mapcore/kcm-layers.js), so the marks of a comparison and of a chosen settlement must still come
and go with the view, and every dot must still show its date's code."""

import datetime as dt
import json

import pytest

from geo import Timeline, load_package
from geo.compare import compare
from geo.frames import timeline_places
from geo.layers.places import place_codes
from tools.harness import map_frame, wait_for, wait_idle

pytestmark = pytest.mark.browser
CODES = "Array.from(document.querySelectorAll('path.kcm-place')).map(p => [p.getAttribute('data-id'), " \
        "p.getAttribute('data-code')])"
MARKED = "Array.from(document.querySelectorAll('path.kcm-place.{}')).map(p => p.getAttribute('data-id')).sort()"


def test_the_dots_keep_their_codes_and_marks_over_steps(app, page):
    package = load_package()
    timeline = Timeline(package)
    ids = [p.id for p in timeline_places(package)]
    p = page.page
    p.goto(f"{app.url}/?date=2020-11-30&compare=2020-11-01&place=hadrut")
    frame = map_frame(p)
    wait_for(frame, "window.kcm.date === '2020-11-30'")
    wait_idle(p)

    def check(date: dt.date, compared: dt.date | None) -> None:
        want = dict(zip(ids, place_codes(package, timeline, date), strict=True))
        changed = sorted(d.id for d in compare(timeline, *sorted((compared, date)))
                         if d.kind == "place") if compared else []
        expected = json.dumps(json.dumps(changed, separators=(",", ":")))  # a JS string of the JSON
        wait_for(frame, f"() => JSON.stringify({MARKED.format('kcm-changed')}) === {expected}")
        assert dict(frame.evaluate(CODES)) == want and (changed or compared is None)
        assert frame.evaluate(MARKED.format("kcm-selected")) == ["hadrut"]

    check(dt.date(2020, 11, 30), dt.date(2020, 11, 1))
    for date in ("2020-11-09", "2020-10-20"):
        box = p.get_by_role("textbox", name="Go to date")
        box.fill(date)
        box.press("Enter")
        wait_for(frame, f"window.kcm.date === '{date}'")
        wait_idle(p)
        check(dt.date.fromisoformat(date), dt.date(2020, 11, 1))
    p.get_by_text("Compare with another date", exact=True).click()  # compare off: no dot marked changed
    wait_idle(p)
    check(dt.date(2020, 10, 20), None)
    assert not page.errors
