"""The static edition in headless Chromium: exported once from the real package (tests/browser/conftest.py),
served over HTTP by a plain file server and opened from disk, with every request to another host blocked and
recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from geo import Timeline, load_package
from geo.frames import frame_dates
from geo.site import export_site
from geo.site.cite import CITE_UNAVAILABLE
from geo.statejson import state_json
from tests.conftest import FIXTURES, edit_yaml
from tests.helpers import IN_AGHDAM, STATIC_READY
from tools.harness import IN_VIEW, PHONE, ROOT, PageRecorder, tooltips_at_edges

pytestmark = pytest.mark.browser
STATE_FIELDS = ("controller", "share", "pending_handover", "peacekeeping_zone")
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
TEMPLATE = "${1+1} `backtick` \"double\" 'single'"


@pytest.fixture(scope="module")
def package():
    return load_package()


@pytest.fixture
def offline(page: PageRecorder) -> PageRecorder:
    """The page with every request to another host aborted (and still recorded by the recorder)."""
    page.console = []  # type: ignore[attr-defined]
    page.page.on("console", lambda m: page.console.append(f"{m.type}: {m.text}"))  # type: ignore[attr-defined]

    def block(route):
        host = route.request.url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        if route.request.url.startswith("file:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    page.page.route("**/*", block)
    return page


def _open(recorder: PageRecorder, url: str):
    recorder.page.goto(url)
    recorder.page.wait_for_function(STATIC_READY, timeout=15000)
    return recorder.page


def _clean(recorder: PageRecorder) -> None:
    assert recorder.foreign_hosts() - {""} == set()  # "": the host of a file:// URL
    assert recorder.errors == []
    assert recorder.dialogs == []
    assert [m for m in recorder.console if m.startswith("error")] == []  # type: ignore[attr-defined]


def _status(page, district: str) -> str | None:
    return page.get_attribute(f'path[data-id="{district}"]', "data-status")


def test_state_in_the_page_equals_the_cli_on_every_stop_date(offline, static_server, package):
    page = _open(offline, f"{static_server}/index.html")
    timeline = Timeline(package)
    dates = frame_dates(timeline)
    # The day after each stop as well: the page must forward-fill as the timeline does.
    dates += [d + dt.timedelta(days=1) for d in dates if d < timeline.end]
    isos = sorted({d.isoformat() for d in dates})
    in_page = page.evaluate("(dates) => dates.map((d) => window.kcmExport.stateAt(d))", isos)
    assert len(isos) > 100
    for iso, got in zip(isos, in_page, strict=True):
        expected = state_json(package, timeline, dt.date.fromisoformat(iso))["districts"]
        assert got == {did: {k: d[k] for k in STATE_FIELDS} for did, d in expected.items()}, iso
    # state_json is what the CLI prints: check that on a few dates through the command itself.
    for iso in ("2020-11-20", "2022-08-26", "2023-09-20"):
        cli = subprocess.run([sys.executable, "-m", "geo", "state", iso, "--json"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, check=True)
        districts = json.loads(cli.stdout)["districts"]
        assert in_page[isos.index(iso)] == {did: {k: d[k] for k in STATE_FIELDS} for did, d in districts.items()}
    _clean(offline)


def test_export_over_http_draws_recolours_and_shows_a_seed_quote(offline, static_server, package):
    page = _open(offline, f"{static_server}/index.html?date=2020-11-19")
    assert page.locator("path.kcm-district").count() == len(package.districts)
    assert page.locator("path.kcm-place").count() > 100
    assert _status(page, "AZ-AGM") == "pending_handover"
    page.focus("#kcm-slider")
    page.keyboard.press("ArrowRight")  # one day: the Aghdam handover
    assert page.get_attribute("#kcm-map", "data-date") == "2020-11-20"
    assert _status(page, "AZ-AGM") == "split"  # handed over; Kichan stayed held until 2023 (issue 19)
    assert page.text_content("#kcm-date-heading").startswith("20 November 2020")
    page.wait_for_url(lambda url: "date=2020-11-20" in url, timeout=5000)  # once the slider rests
    page.click("#kcm-prev")
    assert page.get_attribute("#kcm-map", "data-date") < "2020-11-20"
    page.click("#kcm-next")
    assert page.get_attribute("#kcm-map", "data-date") == "2020-11-20"

    page.locator('path[data-id="AZ-AGM"]').dispatch_event("click")  # as Leaflet receives a click on the district
    panel = page.locator("#kcm-panel-body")
    assert panel.locator("h3").text_content() == "Aghdam"
    quotes = [c.quote for ch in Timeline(package).district_changes("AZ-AGM") for c in ch.citations
              if c.quote and package.sources[c.source].is_seed]
    shown = panel.locator("blockquote.kcm-quote").all_text_contents()
    assert f"“{quotes[0]}”" in shown  # verbatim, as text
    assert "district=AZ-AGM" in page.url
    embed = page.input_value("#kcm-embed")
    assert embed.startswith("<iframe src=\"http://127.0.0.1:") and "?date=2020-11-20&amp;district=AZ-AGM" in embed
    _clean(offline)


def test_the_corridor_s_previous_route_is_drawn_after_it_moved(offline, static_server):
    page = _open(offline, f"{static_server}/index.html?date=2022-08-29")
    assert page.locator("path.kcm-corridor-route").count() == 1
    assert page.locator("path.kcm-corridor-former").count() == 0
    old_route = page.get_attribute("path.kcm-corridor-route", "d")
    page.focus("#kcm-slider")
    page.keyboard.press("ArrowRight")  # 30 August 2022: the new road bypassing Lachin town
    assert page.get_attribute("#kcm-map", "data-date") == "2022-08-30"
    assert page.get_attribute("path.kcm-corridor-former", "d") == old_route
    assert page.get_attribute("path.kcm-corridor-route", "d") != old_route
    _clean(offline)


def test_posts_at_one_point_sit_side_by_side(offline, static_server):
    """On 1 May 2023 a Russian post and an Azerbaijani checkpoint stand at the Hakari bridge."""
    page = _open(offline, f"{static_server}/index.html?date=2023-05-01")
    boxes = [page.locator(f'.kcm-position[data-id="{pid}"]').bounding_box()
             for pid in ("pk-op-1-hakari-bridge", "az-checkpoint-hakari-bridge")]
    assert abs(boxes[0]["x"] - boxes[1]["x"]) >= 18  # apart by at least a symbol's width
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1
    _clean(offline)


def test_play_steps_through_events_and_bad_url_values_warn(offline, static_server):
    page = _open(offline, f"{static_server}/index.html?date=2020-13-45&district=%3Cscript%3E&x=1")
    warnings = page.locator(".kcm-warning").all_text_contents()
    assert len(warnings) == 3  # in the app's words (geo/urltable.py)
    assert "URL district '<script>' is not a known district id or name; none selected." in warnings
    assert "Ignored 1 unknown URL parameter ('x'); known: date, district, place, position, zoom, lat, lon, view, " \
           "compare." in warnings
    assert page.get_attribute("#kcm-map", "data-date") == "2020-11-10"
    page.click("#kcm-play")
    page.wait_for_function("() => document.getElementById('kcm-map').getAttribute('data-date') > '2020-11-10'",
                           timeout=5000)
    page.click("#kcm-play")
    assert page.get_attribute("#kcm-play", "aria-pressed") == "false"
    _clean(offline)


RELIEF_LOADED = "() => { const img = document.querySelector('img.kcm-relief'); return !!img && img.naturalWidth > 0; }"


def test_the_app_s_permalinks_open_the_same_view(offline, static_server):
    """The URL table is the app's (geo/urltable.py): a district by any of its names, a settlement, the map's view;
    what this edition cannot show (a comparison, the app's tabs) is said, not silently dropped."""
    page = _open(offline, f"{static_server}/index.html?date=2020-11-08&district=Shushi&zoom=11&lat=39.76&lon=46.75"
                          "&compare=2020-11-01&view=Sources")
    assert page.locator("#kcm-panel-body h3").text_content() == "Shusha/Shushi"
    assert page.evaluate("[kcmExport.map.getZoom(), +kcmExport.map.getCenter().lat.toFixed(2)]") == [11, 39.76]
    warnings = page.locator(".kcm-warning").all_text_contents()
    assert len(warnings) == 2 and warnings[0].startswith("URL compare '2020-11-01': comparing two dates is in the app")
    assert "district=AZ-SUS&" not in page.url and "date=2020-11-08&district=AZ-SUS" in page.url
    page = _open(offline, f"{static_server}/index.html?date=2020-10-20&place=hadrut&zoom=99&lat=x")
    assert page.locator("#kcm-panel-body h3").text_content().startswith("Hadrut")
    assert page.locator('path.kcm-place.kcm-selected[data-id="hadrut"]').count() == 1  # marked on the map
    assert page.locator(".kcm-warning").all_text_contents() == [
        "URL zoom '99' is not a number from 5 to 11; ignored.", "URL lat 'x' is not a number from -90 to 90; ignored."]
    _clean(offline)


def test_a_url_of_sixty_thousand_parameters_gets_one_warning(offline, static_site):
    """The page reads a URL's parameter names into a set (it searched a list per name: 14 s for this URL). From
    disk: the test's HTTP server refuses a request line this long, as many servers would."""
    junk = "&".join(f"p{i}=1" for i in range(60_000))
    page = _open(offline, (static_site / "index.html").as_uri() + f"?{junk}&date=2021-01-01")
    assert page.locator(".kcm-warning").all_text_contents() == [
        "Ignored 60000 unknown URL parameters ('p0', 'p1', 'p10' and 59997 more); known: date, district, place, "
        "position, zoom, lat, lon, view, compare."]
    assert page.get_attribute("#kcm-map", "data-date") == "2021-01-01"
    _clean(offline)


def test_export_works_from_disk(offline, static_site):
    url = (static_site / "index.html").as_uri() + "?date=2020-12-01&district=AZ-LAN"
    page = _open(offline, url)
    assert page.locator("path.kcm-district").count() > 50
    page.wait_for_function(RELIEF_LOADED, timeout=5000)  # the basemap's relief, from the site's own assets
    assert page.locator(".kcm-country").count() > 0 and page.locator("path.kcm-border").count() > 0
    assert _status(page, "AZ-LAN") == "split"  # Lachin town, Aghavno and Sus stayed held until 2022 (issue 19)
    assert page.locator("#kcm-panel-body h3").text_content() == "Lachin/Berdzor"
    page.fill("#kcm-slider", "0")  # back to the first day, recoloured in the page
    assert page.get_attribute("#kcm-map", "data-date") == "1994-05-12"
    assert _status(page, "AZ-LAN") == "armenian_forces"
    assert all(u.startswith("file:") for u in offline.requests)
    assert page.input_value("#kcm-embed").startswith("This page was opened from a file")  # no file:// iframe
    page.get_by_text("Sources behind this view").click()  # a file page cannot fetch the list: it says so
    page.locator("#kcm-cite-sources").get_by_text(CITE_UNAVAILABLE).wait_for(timeout=10000)
    _clean(offline)


def test_hostile_text_in_the_data_is_shown_literally(offline, tmp_path):
    """Names, titles, summaries, quotes and links from data never become markup or script in the page."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    data, seeds = root / "data", root / "seeds"
    geometry = json.loads((data / "districts.geojson").read_text(encoding="utf-8"))
    geometry["features"][0]["properties"].update(name_en=IMG, label=IMG, name_ru=SCRIPT, aliases=[TEMPLATE])
    (data / "districts.geojson").write_text(json.dumps(geometry), encoding="utf-8")
    seed = seeds / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + f"\nThey said {SCRIPT} and {IMG}.\n", encoding="utf-8")
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    edit_yaml(seeds / "index.yaml", lambda d: d[0].update(sha256=digest))
    edit_yaml(data / "sources.yaml", lambda d: d[0].update(title=IMG + " source"))
    edit_yaml(data / "events.yaml", lambda d: d[1].update(title=SCRIPT))
    edit_yaml(data / "publishers.yaml", lambda d: d["outlets"][0].update(reason=IMG + " reason"))  # Example Wire

    def hostile_changes(d):
        d[0]["summary"] = IMG + " summary"
        d[2]["citations"].append({"source": "alpha.txt", "quote": f"They said {SCRIPT} and {IMG}."})
    edit_yaml(data / "control.yaml", hostile_changes)
    package = load_package(data)
    district = geometry["features"][0]["properties"]["id"]
    export_site(package, tmp_path / "site")
    change = Timeline(package).district_changes(district)[2]
    page = _open(offline, (tmp_path / "site" / "index.html").as_uri() + f"?date={change.date}&district={district}")
    body = page.inner_text("body")
    for literal in (IMG, SCRIPT, TEMPLATE, f"“They said {SCRIPT} and {IMG}.”", IMG + " summary", IMG + " source"):
        assert literal in body, literal
    assert IMG in page.locator(".kcm-label").all_text_contents()
    assert f"Independent news agency or outlet. {IMG} reason" in page.locator(".kcm-reliability").all_text_contents()
    assert page.locator("img[src='x']").count() == 0
    links = page.locator("a[href='https://example.org/report']")
    assert links.count() >= 1 and links.first.get_attribute("rel") == "noopener noreferrer"
    assert page.evaluate("() => Array.from(document.scripts).filter((s) => s.text.includes('alert(')).length") == 0
    _clean(offline)


@pytest.fixture
def phone(browser) -> Iterator[PageRecorder]:
    """A phone-sized page, every request to another host aborted and recorded."""
    context = browser.new_context(**PHONE)
    context.route(lambda url: not url.startswith(("http://127.0.0.1", "file:")), lambda route: route.abort())
    recorder = PageRecorder(context.new_page())
    recorder.console = []  # type: ignore[attr-defined]
    recorder.page.on("console", lambda m: recorder.console.append(f"{m.type}: {m.text}"))  # type: ignore[attr-defined]
    yield recorder
    context.close()


def test_a_tap_on_a_phone_brings_the_panel_into_view(phone, static_server):
    """On a phone the panel sits below the map: after a tap on a district its heading is on screen."""
    page = _open(phone, f"{static_server}/index.html?date=2021-06-01")  # no inferred areas over the districts
    x, y = page.evaluate("ll => { const m = kcmExport.map, p = m.latLngToContainerPoint(ll),"
                         " r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
                         list(IN_AGHDAM))
    assert 0 < y < 844  # Aghdam is on the first screen
    page.touchscreen.tap(x, y)
    page.wait_for_function(IN_VIEW, arg=["#kcm-panel-body h3", "Aghdam", True], timeout=5000)
    _clean(phone)


def test_the_keyboard_opens_posts_and_the_map_is_a_few_named_tab_stops(offline, static_server):
    page = _open(offline, f"{static_server}/index.html?date=2021-06-01")
    post = ".kcm-position[data-id='{}']"
    page.locator(post.format("pk-hq-stepanakert")).press("Enter")
    assert page.locator("#kcm-panel-body h3").text_content().startswith("Command post of the Russian peacekeeping")
    page.locator(post.format("jmc-aghdam")).press(" ")
    assert page.locator("#kcm-panel-body h3").text_content() == "Joint Russian-Turkish monitoring centre"
    stops = page.evaluate("""Array.from(document.querySelectorAll('#kcm-map a[href], #kcm-map [tabindex]'))
        .filter(e => e.tabIndex >= 0).map(e => e.getAttribute('aria-label') || e.textContent.trim())""")
    assert 5 <= len(stops) <= 30 and all(stops), stops
    assert "Enter opens" in page.get_attribute("#kcm-map", "aria-label")
    _clean(offline)


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
def test_tooltips_near_the_maps_edges_stay_inside_it(offline, static_server, size):
    page = offline.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _open(offline, f"{static_server}/index.html?date=2020-11-10")
    page.evaluate("() => { kcmExport.map.setView([39.8, 46.75], 10, {animate: false}); }")  # districts reach every edge
    page.locator("#kcm-map").scroll_into_view_if_needed()
    # The scale and the attribution cover the bottom edge: out of the way, so the mouse can reach the edge.
    page.evaluate("document.querySelectorAll('#kcm-map .leaflet-bottom').forEach(e => e.remove())")
    box = page.locator("#kcm-map").bounding_box()
    width, height = box["width"], box["height"]
    found = tooltips_at_edges(page, (box["x"], box["y"]), (width, height),
                              lambda x, y: page.mouse.move(max(0, x), max(0, y)))
    for point, (left, top, right, bottom) in found:
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (point, (left, top, right, bottom))
    _clean(offline)
