"""The static edition as a reader sees it, checked against the data (the timeline) and the page's own legend, not
against the code that draws it: the display breaks tests/browser/test_display_breaks.py guards the app against,
here for geo/site's page. Each check runs on the real export, all on one page; `test_each_break_is_caught` then
serves the same export with one break patched into its script and shows that the check meant for it fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from geo import Timeline, load_package, status
from geo.describe import format_date
from geo.frames import MapEncoder, date_payload, timeline_places
from geo.inferred import default_on
from geo.navigation import play_end, ranges
from tests.browser.conftest import STATIC_READY
from tests.helpers import IN_AGHDAM
from tests.helpers import hex_colour as _hex
from tools.harness import PageRecorder, block_foreign_requests

pytestmark = pytest.mark.browser

PACKAGE = load_package()
TIMELINE = Timeline(PACKAGE)
ENCODER = MapEncoder(PACKAGE, TIMELINE)
AGHDAM = IN_AGHDAM
SHUSHA_CITY = "AZ-SUS-C"
IN_SHUSHA_CITY = (39.752, 46.765)  # inside the city's polygon, over 1 km from any settlement's dot (26 px at zoom 11)
PLAY_TICK_MS = 1200  # kcm-static-host.js's Play interval
DRAWN = """Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-district[data-id]')).map(p => [
    p.getAttribute('data-id'), {fill: p.getAttribute('fill'), opacity: +p.getAttribute('fill-opacity'),
    stroke: p.getAttribute('stroke'), width: +p.getAttribute('stroke-width'),
    dash: p.getAttribute('stroke-dasharray')}]))"""
DOTS = """Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-place[data-id]')).map(p => [
    p.getAttribute('data-id'), [p.getAttribute('fill'), p.getAttribute('stroke')]]))"""
# The legend as a reader sees it: each line's words -> the colours its swatch is drawn in (fill, outline).
LEGEND = """Object.fromEntries(Array.from(document.querySelectorAll('#kcm-legend li')).map(li => {
    const s = getComputedStyle(li.querySelector('.kcm-swatch'));
    return [li.textContent.trim(), [s.backgroundColor, s.borderTopColor]]; }))"""
# Each post on the map: its shape and fill; each kind in the legend: its symbol's shape, fill and words.
POSTS = """Object.fromEntries(Array.from(document.querySelectorAll('.kcm-position[data-id]')).map(p => [
    p.getAttribute('data-id'), [p.querySelector('svg path').getAttribute('d'),
                                getComputedStyle(p.querySelector('svg')).fill]]))"""
POST_LEGEND = """Object.fromEntries(Array.from(document.querySelectorAll('.kcm-legend-symbol[data-kind]')).map(s => [
    s.getAttribute('data-kind'), [s.querySelector('svg path').getAttribute('d'),
                                  getComputedStyle(s.querySelector('svg')).fill, s.textContent.trim()]]))"""
# Each operator in the legend: its swatch's colour.
OPERATOR_LEGEND = """Object.fromEntries(Array.from(document.querySelectorAll('.kcm-legend-operator[data-operator]'))
    .map(s => [s.getAttribute('data-operator'), getComputedStyle(s.querySelector('.kcm-swatch')).backgroundColor]))"""
# What a date draws over the districts, and everything drawn on the map at all.
DRAWN_COUNTS = """() => { const m = document.getElementById('kcm-map'), n = (s) => m.querySelectorAll(s).length;
    return {date: m.getAttribute('data-date'), positions: n('.kcm-position'), rings: n('path.kcm-precision'),
            bands: n('path.kcm-corridor-band'), routes: n('path.kcm-corridor-route'),
            former: n('path.kcm-corridor-former'), inferred: n('path.kcm-inferred, path.kcm-contact'),
            all: n('.leaflet-pane > svg path, .leaflet-marker-icon')}; }"""
# Press a button `steps` times, as fast as a reader could (no round trip to the test): what was drawn after each.
STEP_ALL = f"""([button, steps]) => {{ const count = {DRAWN_COUNTS}, seen = [count()];
    for (let i = 0; i < steps; i++) {{ document.getElementById(button).click(); seen.push(count()); }}
    return seen; }}"""
WHITE = "#FFFFFF"


def legend_colours(page) -> dict[str, str]:
    """Each status's colour as the page's legend shows it beside the status's words (the zone: its outline)."""
    shown = page.evaluate(LEGEND)
    return {entry.key: _hex(shown[entry.legend][1 if entry.key == status.ZONE else 0]) for entry in status.LEGEND}


def show(page, iso: str) -> None:
    """Move the date slider to `iso`, as a reader drags it."""
    page.fill("#kcm-slider", str((dt.date.fromisoformat(iso) - TIMELINE.start).days))
    assert page.get_attribute("#kcm-map", "data-date") == iso


def held(state) -> str:
    return status.PENDING if state.pending_handover else state.controller


def on_screen(page, lat_lon) -> tuple[float, float]:
    """Where a point of the map is in the page (the map scrolled into view)."""
    page.locator("#kcm-map").scroll_into_view_if_needed()
    return page.evaluate("""([lat, lon]) => { const m = kcmExport.map, p = m.latLngToContainerPoint([lat, lon]),
        r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", list(lat_lon))


def hover(page, lat_lon) -> str:
    """Move the mouse onto a point of the map: the tooltip's text."""
    away(page)
    x, y = on_screen(page, lat_lon)
    page.mouse.move(x - 3, y)
    page.mouse.move(x, y, steps=3)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    return tooltip.inner_text()


def away(page) -> None:
    """The mouse leaves the map: its tooltips close."""
    page.mouse.move(1, 1)
    page.wait_for_function("() => !document.querySelector('.leaflet-tooltip')", timeout=5000)


def reset_view(page) -> None:
    page.evaluate("() => { kcmExport.map.setView(KCM_DATA.centre, KCM_DATA.zoom, {animate: false}); }")


# --- the checks: each takes an open page of the static edition, in any state, and fails on a break ---


def check_fills(page) -> None:
    """Each district in the legend's colour for who held it on the date (as the timeline says, in the colours of
    the settings), each settlement dot in its holder's colour (hollow where only one side announced it)."""
    legend = legend_colours(page)
    for iso in ("1994-05-12", "2020-10-20", "2020-11-19", "2021-06-01", "2023-10-01"):
        day = dt.date.fromisoformat(iso)
        show(page, iso)
        drawn, dots = page.evaluate(DRAWN), page.evaluate(DOTS)
        for did, state in TIMELINE.state_at(day).items():
            assert _hex(drawn[did]["fill"]) == legend[held(state)] == status.COLOURS[held(state)], (iso, did)
        for place in timeline_places(PACKAGE):
            state = TIMELINE.place_state(place.id, day)
            if state is None:
                continue
            side = legend[state.controller]
            announced = state.change is not None and state.change.announced_only(day)  # until acknowledged
            assert [_hex(c) for c in dots[place.id]] == ([WHITE, side] if announced else [side, WHITE]), (iso, place.id)


def check_split_depth(page) -> None:
    """A split district's fill is as deep as its sourced share says (the legend: deeper where a larger share was
    held by Armenian forces), Aghdam's 77% deeper than a split whose share no source gives."""
    for iso in ("2020-01-01", "2020-11-08"):
        day = dt.date.fromisoformat(iso)
        show(page, iso)
        drawn = page.evaluate(DRAWN)
        styles = date_payload(PACKAGE, TIMELINE, day)["styles"]
        split = {did: s.share for did, s in TIMELINE.state_at(day).items() if held(s) == status.SPLIT}
        assert split.get("AZ-AGM") == 0.77 and None in split.values(), split
        for did in split:
            assert drawn[did]["opacity"] == styles[did][1], (iso, did)
        unsourced = max(drawn[did]["opacity"] for did, share in split.items() if share is None)
        assert drawn["AZ-AGM"]["opacity"] > unsourced, iso


def check_zone_outline(page) -> None:
    """While the mission is active, the districts in the peacekeeping zone carry the legend's green dashed outline
    (thin green dots where only partly in it); once it has left (June 2024), none does."""
    zone = legend_colours(page)[status.ZONE]
    for iso in ("2020-11-15", "2021-06-01", "2023-10-15", "2024-07-01"):
        day = dt.date.fromisoformat(iso)
        show(page, iso)
        drawn = page.evaluate(DRAWN)
        states = TIMELINE.state_at(day)
        assert any(s.peacekeeping_zone is True for s in states.values()) == (iso < "2024-06-12"), iso
        outlined = {did for did, shown in drawn.items() if _hex(shown["stroke"]) == zone}
        assert outlined == {did for did, s in states.items() if s.peacekeeping_zone}, iso
        for did, state in states.items():
            in_zone, partly = state.peacekeeping_zone is True, state.peacekeeping_zone == "partly"
            dash = "6 4" if in_zone or held(state) == status.PENDING else "2 5" if partly else None
            assert (drawn[did]["dash"], drawn[did]["width"]) == (dash, 3 if in_zone else 2 if partly else 1), (iso, did)


def check_post_symbols(page) -> None:
    """Each post is drawn in its kind's shape, as the legend shows that kind, and in the colour the legend gives
    who runs it (geo's tables, which the app draws from too); on 1 June 2021 every kind is on the map."""
    show(page, "2021-06-01")
    drawn, legend, operators = page.evaluate(POSTS), page.evaluate(POST_LEGEND), page.evaluate(OPERATOR_LEGEND)
    posts = {p.id: p for p in PACKAGE.positions}
    assert {posts[pid].kind for pid in drawn} == set(status.POSITION_SHAPES) == set(legend)
    for kind, shape in status.POSITION_SHAPES.items():
        assert legend[kind][::2] == [shape.path, shape.legend], kind
    assert {key: _hex(colour) for key, colour in operators.items()} == {
        key: op.colour.upper() for key, op in status.OPERATORS.items() if key != "other"}
    for pid, (path, fill) in drawn.items():
        assert path == legend[posts[pid].kind][0], pid
        assert _hex(fill) == _hex(operators[posts[pid].operator]), pid


def inferred_paths(iso: str) -> int:
    """The paths the inferred areas draw on a date (one per area, the line of contact one), shown by default
    from 27 Sep to 1 Dec 2020 (geo/inferred.py)."""
    date = dt.date.fromisoformat(iso)
    if not default_on(date):
        return 0
    table = ENCODER.tables["inferred"]
    areas = len(table["sets"][ENCODER.frame(date)["inferred"]])
    return areas + (1 if areas and table["contact"] and iso >= table["contactFrom"] else 0)


def check_layers_replaced(page) -> None:
    """Through every stop date forwards with *Next event* and back with *Previous event*, the map holds exactly
    the date's positions, precision rings and corridor, and nothing else piles up: all it draws is the same
    fixed layers plus the date's."""
    show(page, TIMELINE.start.isoformat())
    steps = len(TIMELINE.stops()) - 1
    seen = page.evaluate(STEP_ALL, ["kcm-next", steps])
    seen += page.evaluate(STEP_ALL, ["kcm-prev", steps])[1:]
    assert [s["date"] for s in seen[:steps + 1]] == [d.isoformat() for d in TIMELINE.stops()]
    assert seen[-1]["date"] == TIMELINE.start.isoformat()
    fixed = set()
    for shown in seen:
        payload = date_payload(PACKAGE, TIMELINE, dt.date.fromisoformat(shown["date"]))
        rings = sum(1 for p in payload["positions"] if p["radius_m"] > 0 and p["precision"] != "exact")
        corridor = 1 if payload["corridor"] else 0
        expected = {"positions": len(payload["positions"]), "rings": rings, "bands": corridor, "routes": corridor,
                    "former": 1 if payload["former_corridor"] else 0, "inferred": inferred_paths(shown["date"])}
        assert {k: shown[k] for k in expected} == expected, shown["date"]
        fixed.add(shown["all"] - sum(expected.values()))
    assert len(fixed) == 1, fixed


def check_shusha_city_click(page) -> None:
    """Shusha city was taken on 8 November 2020 while the district around it stayed split: a click on the city
    opens the city, with its own status."""
    city = PACKAGE.districts[SHUSHA_CITY]
    show(page, "2020-11-08")
    states = TIMELINE.state_at(dt.date(2020, 11, 8))
    assert (held(states[SHUSHA_CITY]), held(states[city.parent])) == (status.AZERBAIJAN, status.SPLIT)
    page.evaluate("([lat, lon, zoom]) => { kcmExport.map.setView([lat, lon], zoom, {animate: false}); }",
                  [*IN_SHUSHA_CITY, status.MAX_ZOOM])
    try:
        page.mouse.click(*on_screen(page, IN_SHUSHA_CITY))
        panel = page.locator("#kcm-panel-body")
        assert panel.locator("h3").text_content() == city.names.display
        assert panel.locator(".kcm-status").text_content() == "On 8 November 2020: Azerbaijani control"
        assert f"district={SHUSHA_CITY}" in page.url
    finally:
        reset_view(page)


def check_tooltip_follows_the_date(page) -> None:
    """A district's tooltip tells the status of the date shown: after a step taken with the mouse still on the
    district (its tooltip open) and when it opens afresh."""
    def expected(day: dt.date) -> str:
        return f"{PACKAGE.districts['AZ-AGM'].names.display}\n{date_payload(PACKAGE, TIMELINE, day)['texts']['AZ-AGM']}"

    # The districts' own tooltips: the inferred areas, which cover Aghdam from 20 Nov 2020, switched off.
    inferred = page.locator("#kcm-inferred")
    show(page, "2020-11-19")
    if inferred.is_checked():
        inferred.uncheck()
    reset_view(page)
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('data-id')",
                         list(on_screen(page, AGHDAM))) == "AZ-AGM"
    assert hover(page, AGHDAM) == expected(dt.date(2020, 11, 19))  # awaiting handover by 20 November 2020
    page.focus("#kcm-slider")  # the keyboard steps; the mouse stays on Aghdam
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#kcm-map", "data-date") == "2020-11-20"
    assert page.locator(".leaflet-tooltip").inner_text() == expected(dt.date(2020, 11, 20))  # split: Kichan stayed held
    away(page)
    page.keyboard.press("ArrowLeft")
    assert hover(page, AGHDAM) == expected(dt.date(2020, 11, 19))  # opened afresh
    away(page)
    inferred.check()  # as the other checks found the page


def check_month_precise_dates(page) -> None:
    """What the sources date to a month is written as the month (Kalbajar's posts left in April 2024; the Karakend
    township was commissioned in January 2021), never as its first day."""
    page.select_option("#kcm-district", "AZ-KAL")
    show(page, "2024-05-01")
    text = page.inner_text("#kcm-panel-body")
    months = [c for c in TIMELINE.district_changes("AZ-KAL") if c.precision == "month"]
    assert months
    for change in months:
        assert format_date(change.date, "month") in text and format_date(change.date) not in text, text
    show(page, "2021-06-01")
    page.locator(".kcm-position[data-id='pk-township-karakend']").press("Enter")
    assert page.locator("#kcm-panel-body").get_by_text("Active: January 2021 to 12 June 2024").count() == 1


def check_play_stops_at_the_end(page) -> None:
    """Play from the last but one stop: it reaches the last, then the last day of the period it started in (here
    the covered range's end), switches itself off and stays there. The page's clock is Playwright's (installed
    before it loaded), so the ticks take no real time."""
    *_, before_last, last = TIMELINE.stops()
    end = play_end(ranges(PACKAGE), before_last, TIMELINE.end)
    assert end >= last
    show(page, before_last.isoformat())
    page.click("#kcm-play")
    assert page.get_attribute("#kcm-play", "aria-pressed") == "true"
    page.clock.run_for(PLAY_TICK_MS + 100)
    assert page.get_attribute("#kcm-map", "data-date") == last.isoformat()
    page.clock.run_for(PLAY_TICK_MS)  # then the period's last day, which is no stop
    page.clock.run_for(5 * PLAY_TICK_MS)  # the tick after it finds nothing further
    assert (page.get_attribute("#kcm-play", "aria-pressed"), page.text_content("#kcm-play")) == ("false", "Play")
    assert page.get_attribute("#kcm-map", "data-date") == end.isoformat()
    renders = page.evaluate("kcmExport.renders")
    page.clock.run_for(5 * PLAY_TICK_MS)
    assert page.evaluate("kcmExport.renders") == renders


# --- the pages ---


@contextmanager
def open_page(browser, url: str, script: tuple[Path, str, str] | None = None,
              clock: bool = False) -> Iterator[PageRecorder]:
    """A page of the static edition at `url`, every request to another host blocked; `script` = (its file in the
    site, text, replacement) serves that script with the text replaced (a break), `clock` installs Playwright's."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    block_foreign_requests(context)
    recorder = PageRecorder(context.new_page())
    if script is not None:
        path, old, new = script
        original = path.read_text(encoding="utf-8")
        assert original.count(old) == 1, f"the break's text is not once in {path.name}: {old!r}"
        patched = original.replace(old, new)
        recorder.page.route(f"**/assets/{path.name}",
                            lambda route: route.fulfill(body=patched, content_type="text/javascript"))
    if clock:
        recorder.page.clock.install()
    try:
        recorder.page.goto(url)
        recorder.page.wait_for_function(STATIC_READY, timeout=15000)
        yield recorder
    finally:
        context.close()


def assert_clean(recorder: PageRecorder) -> None:
    assert recorder.foreign_hosts() == set()
    assert recorder.errors == []


@pytest.fixture(scope="module")
def shown(browser, static_server) -> Iterator[PageRecorder]:
    """One page of the real export for every check in this module."""
    with open_page(browser, f"{static_server}/index.html") as recorder:
        yield recorder


def test_districts_and_settlements_are_drawn_in_the_legends_colour_for_who_held_them(shown):
    check_fills(shown.page)
    assert_clean(shown)


def test_a_split_district_is_as_deep_as_its_sourced_share(shown):
    check_split_depth(shown.page)
    assert_clean(shown)


def test_the_peacekeeping_zone_is_outlined_while_the_mission_is_there(shown):
    check_zone_outline(shown.page)
    assert_clean(shown)


def test_each_post_is_drawn_in_the_shape_and_colour_the_legend_shows_for_its_kind(shown):
    check_post_symbols(shown.page)
    assert_clean(shown)


def test_positions_and_corridor_are_replaced_not_piled_up_through_every_stop(shown):
    check_layers_replaced(shown.page)
    assert_clean(shown)


def test_a_click_on_shusha_city_opens_the_city_not_the_district_around_it(shown):
    check_shusha_city_click(shown.page)
    assert_clean(shown)


def test_a_tooltip_tells_the_status_of_the_date_shown(shown):
    check_tooltip_follows_the_date(shown.page)
    assert_clean(shown)


def test_a_month_precise_date_is_shown_as_its_month(shown):
    check_month_precise_dates(shown.page)
    assert_clean(shown)


def test_play_stops_at_the_last_stop_and_switches_itself_off(browser, static_server):
    with open_page(browser, f"{static_server}/index.html", clock=True) as recorder:
        check_play_stops_at_the_end(recorder.page)
        assert_clean(recorder)


# --- each check fails on the break it is for: the same export, one script patched as it is served ---

BREAKS: dict[str, tuple[Callable[..., None], str, str, str]] = {
    # name: (the check that must fail, the script (the map core or the page's), a text of it, the text that breaks it)
    "district-colours-swapped": (check_fills, "kcm-core", "var s = tables.styles[look[0]];",
                                 "var s = tables.styles[look[0]].slice(), c = ctx.data.colours;"
                                 " s[0] = {[c.armenian_forces]: c.azerbaijan, [c.azerbaijan]: c.armenian_forces}[s[0]]"
                                 " || s[0];"),
    "settlement-colours-swapped": (check_fills, "kcm-core", "colours[ctx.data.placeCodes[code.toUpperCase()]]",
                                   'colours[ctx.data.placeCodes[code.toUpperCase() === "A" ? "Z" : "A"]]'),
    "split-depth-inverted": (check_split_depth, "kcm-core", "fillOpacity: s[1],",
                             'fillOpacity: look[1] === "split" ? +(0.95 - s[1]).toFixed(2) : s[1],'),
    "zone-outline-removed": (check_zone_outline, "kcm-core", "color: s[2], weight: s[3], dashArray: s[4]",
                             'color: "#555555", weight: 1, dashArray: null'),
    "base-drawn-as-headquarters": (check_post_symbols, "kcm-core", "(shapes[p.kind] || shapes.monitoring_centre)",
                                   '(shapes[p.kind === "base" ? "headquarters" : p.kind])'),
    "post-coloured-by-kind": (check_post_symbols, "kcm-core",
                              "svg.style.fill = (operators[p.operator] || operators.other).colour;",
                              'svg.style.fill = p.kind === "checkpoint" ? "#8b0000" : "#111111";'),
    "dynamic-layers-never-cleared": (check_layers_replaced, "kcm-core", "ctx.dynamic.clearLayers();", ""),
    "dynamic-group-left-growing": (check_layers_replaced, "kcm-core", "ctx.dynamic.clearLayers();",
                                   "ctx.dynamic = L.layerGroup().addTo(map);"),
    "shusha-click-opens-the-district": (check_shusha_city_click, "kcm-core", 'ctx.select("district", target, event)',
                                        'ctx.select("district", target.replace(/-C$/, ""), event)'),
    "tooltip-status-kept-from-its-first-opening": (check_tooltip_follows_the_date, "kcm-core",
                                                   "var status = ctx.districtText[id];",
                                                   "var status = layer.kcmText = layer.kcmText ||"
                                                   " ctx.districtText[id];"),
    "open-tooltip-not-refreshed-on-a-step": (check_tooltip_follows_the_date, "kcm-core",
                                             "refreshTooltips(ctx.districts.getLayers());",
                                             "[].concat(ctx.districts.getLayers());"),
    "month-precise-date-as-a-day": (check_month_precise_dates, "kcm-panel", '"▶ " : "") + m[0].when',
                                    '"▶ " : "") + words(m[0].date)'),
    "play-never-stops": (check_play_stops_at_the_end, "kcm-static-host", "if (!playStep(end)) togglePlay();",
                         "playStep(end);"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_each_break_is_caught(browser, static_server, static_site, name):
    check, script, old, new = BREAKS[name]
    path = next((static_site / "assets").glob(f"{script}.*.js"))
    with open_page(browser, f"{static_server}/index.html", (path, old, new),
                   clock=check is check_play_stops_at_the_end) as recorder:
        with pytest.raises(AssertionError):
            check(recorder.page)
        assert_clean(recorder)  # the break shows on the map, not as a script error
