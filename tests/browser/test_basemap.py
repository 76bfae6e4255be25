"""The first package's offline basemap in a real browser: relief, water, borders, country names and the former
NKAO line, served by the app itself from the folder its profile names and fetched once per map frame, not on
every date."""

from urllib.parse import urlparse

import pytest

from dashboard.map import basemap_url
from geo.mapcore import BASEMAP_DIR
from tools.harness import map_frame, wait_for, wait_idle

pytestmark = pytest.mark.browser
# Where the app serves the package's basemap folder (a component of its own): /component/<name>/
SERVED = "/component" + (basemap_url(BASEMAP_DIR) or "").removeprefix("..").rsplit("/", 1)[0] + "/"

BASEMAP_FILES = {"index.json", "relief.png", "water.geojson", "borders.geojson", "nkao-1991.geojson"}
DRAWN = ("document.querySelector('img.kcm-relief') && document.querySelector('img.kcm-relief').naturalWidth > 0"
         " && document.querySelectorAll('.kcm-country').length >= 4 && !!document.querySelector('path.kcm-nkao')"
         " && !!document.querySelector('path.kcm-border') && !!document.querySelector('path.kcm-lake')")
# Resource timing lists every fetch of the frame, from the network or a cache.
FETCHED = ("performance.getEntriesByType('resource').map(e => e.name)"
           f".filter(n => n.includes('{SERVED}')).map(n => n.split('/').pop())")


def test_the_basemap_is_drawn_from_the_app_under_the_districts_and_fetched_once(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-19")
    frame = map_frame(page.page)
    wait_for(frame, DRAWN)
    relief = frame.evaluate("(() => { const img = document.querySelector('img.kcm-relief');"
                            " return {src: img.src, width: img.naturalWidth, height: img.naturalHeight}; })()")
    url = urlparse(relief["src"])
    assert url.hostname in ("localhost", "127.0.0.1") and url.port == app.port, relief["src"]
    assert url.path.endswith(f"{SERVED}relief.png")
    assert (relief["width"], relief["height"]) == (600, 470)
    names = frame.evaluate("Array.from(document.querySelectorAll('.kcm-country')).map(e => e.textContent)")
    assert {"Armenia", "Azerbaijan", "Iran", "Georgia"} <= set(names)
    assert frame.evaluate("document.querySelectorAll('path.kcm-nkao').length") == 1
    assert frame.evaluate("document.querySelectorAll('path.kcm-border').length") == 2
    assert frame.evaluate("document.querySelectorAll('path.kcm-river').length") >= 1
    # Relief and water under the district fills; the lines and names above them, never taking a click.
    z = frame.evaluate("Object.fromEntries(['kcm-relief', 'kcm-water', 'overlayPane', 'kcm-lines']"
                       ".map(p => [p, Number(getComputedStyle(kcm.map.getPane(p)).zIndex)]))")
    assert z["kcm-relief"] < z["kcm-water"] < z["overlayPane"] < z["kcm-lines"]
    assert frame.evaluate("getComputedStyle(kcm.map.getPane('kcm-lines')).pointerEvents") == "none"

    fetched = frame.evaluate(FETCHED)
    assert sorted(fetched) == sorted(BASEMAP_FILES)
    requested = [u for u in page.requests if SERVED in u]
    assert len(requested) == len(BASEMAP_FILES)

    frame.evaluate("document.querySelector('img.kcm-relief').__kept = true")
    wait_idle(page.page)
    slider = page.page.get_by_role("slider")
    slider.focus()
    for date in ("2020-11-20", "2020-11-21"):
        slider.press("ArrowRight")
        wait_for(frame, f"window.kcm.date === '{date}'")
        wait_idle(page.page)
    assert frame.evaluate(FETCHED) == fetched, "the basemap was fetched again on a date change"
    assert [u for u in page.requests if SERVED in u] == requested
    assert frame.evaluate("document.querySelector('img.kcm-relief').__kept === true"), "the relief was redrawn"
    assert frame.evaluate("document.querySelectorAll('img.kcm-relief').length") == 1
    assert frame.evaluate("document.querySelectorAll('.kcm-country').length") == len(names)
    assert not page.foreign_hosts(), page.foreign_hosts()
    assert not page.errors
