"""What the map does as a reader moves through it, in both editions, from one list of expectations taken from the
data (`date_payload`, the timeline), never from the code that draws: a tooltip tells the date shown, a step
replaces the date's layers instead of piling them up, a click on a city inside a district opens the city, and
dates the sources give to the month read as the month. Each break is injected into both editions alike (through
the map's data as served, or a test hook in the page: never by rewriting a script's text) and fails its check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geo import Timeline, load_package
from geo.describe import format_date
from geo.frames import MapEncoder, date_payload, map_geometry
from geo.inferred import default_on
from geo.layers.districts import state_at
from geo.layers.post_counts import legend_line
from tests.helpers import IN_AGHDAM, Edition
from tests.helpers import first_words as status
from tools.harness import wait_for

pytestmark = pytest.mark.browser

PACKAGE = load_package()
TIMELINE = Timeline(PACKAGE)
ENCODER = MapEncoder(PACKAGE, TIMELINE)
MAP_PLACES = map_geometry(PACKAGE)["places"]  # the dots, in the order the areas name them
SHUSHA_CITY = "AZ-SUS-C"
IN_SHUSHA_CITY = (39.752, 46.765)  # inside the city's polygon, over 1 km from any settlement's dot (26 px at zoom 11)
# What a date draws over the districts, and everything drawn on the map at all.
DRAWN_COUNTS = """() => { const m = document.querySelector('.leaflet-container');
    const n = (s) => m.querySelectorAll(s).length;
    return {positions: n('.kcm-position'), rings: n('path.kcm-precision'), bands: n('path.kcm-corridor-band'),
            routes: n('path.kcm-corridor-route'), former: n('path.kcm-corridor-former'),
            inferred: n('path.kcm-inferred, path.kcm-contact'),
            all: n('.leaflet-pane > svg path, .leaflet-marker-icon'),
            groups: (window.feature_group || [null]).length}; }"""


def aghdam_status(day: dt.date) -> str:
    return date_payload(PACKAGE, TIMELINE, day)["texts"]["AZ-AGM"]


def check_tooltip_follows_the_date(ed: Edition) -> None:
    """A district's tooltip tells the status of the date shown: after a step taken with the mouse still on the
    district (its tooltip open), and when it opens afresh."""
    before, after = dt.date(2020, 11, 19), dt.date(2020, 11, 20)
    assert aghdam_status(before) != aghdam_status(after)  # awaiting handover, then split (Kichan stayed held)
    ed.open(before.isoformat())
    shown = ed.hover(IN_AGHDAM)
    assert PACKAGE.districts["AZ-AGM"].names.display in shown and aghdam_status(before) in shown, shown
    ed.press_on_slider("ArrowRight", after.isoformat())  # the keyboard steps; the mouse stays on Aghdam
    assert aghdam_status(after) in ed.tooltip()
    ed.away()
    ed.press_on_slider("ArrowLeft", before.isoformat())
    assert aghdam_status(before) in ed.hover(IN_AGHDAM)  # opened afresh


def inferred_paths(day: dt.date) -> int:
    """The paths the inferred areas draw on a date (one per area, the line of contact one), shown by default
    from 27 Sep to 1 Dec 2020 (the profile's `inferred.default_on`)."""
    if not default_on(PACKAGE, day):
        return 0
    table = ENCODER.tables["inferred"]
    areas = len(table["sets"][ENCODER.frame(day)["inferred"]])
    return areas + (1 if areas and table["contact"] and day.isoformat() >= table["contactFrom"] else 0)


def check_layers_replaced(ed: Edition) -> None:
    """From 9 to 16 November 2020 the posts grow from none to seven and the corridor appears; then a jump to after
    the road moved. After each step the map holds exactly the date's posts, precision rings, corridor and
    inferred areas, and nothing else piles up: all it draws is the same fixed layers plus the date's (and the
    app hands streamlit-folium one feature group, never a growing list)."""
    day = dt.date(2020, 11, 9)
    ed.open(day.isoformat())
    wait_for(ed.map, "document.querySelectorAll('.kcm-country').length > 0")  # the basemap, fetched after the page
    fixed = set()
    for step in range(9):
        if step == 8:
            day = dt.date(2022, 8, 30)
            ed.show(day.isoformat())
        elif step:
            day += dt.timedelta(days=1)
            ed.press_on_slider("ArrowRight", day.isoformat())
        shown = ed.map.evaluate(DRAWN_COUNTS)
        payload = date_payload(PACKAGE, TIMELINE, day)
        rings = sum(1 for p in payload["positions"] if p["radius_m"] > 0 and p["precision"] != "exact")
        corridor = 1 if payload["corridor"] else 0
        expected = {"positions": len(payload["positions"]), "rings": rings, "bands": corridor, "routes": corridor,
                    "former": 1 if payload["former_corridor"] else 0, "inferred": inferred_paths(day), "groups": 1}
        assert {k: shown[k] for k in expected} == expected, day
        fixed.add(shown["all"] - sum(expected.values()) + 1)
    assert len(fixed) == 1, fixed


def check_city_click(ed: Edition) -> None:
    """Shusha city was taken on 8 November 2020 while the district around it stayed split: a click on the city
    opens the city, with its own status, and the address names it."""
    city = PACKAGE.districts[SHUSHA_CITY]
    states = state_at(TIMELINE, dt.date(2020, 11, 8))
    assert (states[SHUSHA_CITY].controller, states[city.parent].controller) == (status.AZERBAIJAN, status.SPLIT)
    ed.open("2020-11-08")
    ed.set_view(IN_SHUSHA_CITY, status.MAX_ZOOM)
    ed.page.mouse.click(*ed.on_screen(IN_SHUSHA_CITY))
    ed.page.wait_for_url(lambda url: "district=" in url, timeout=20000)  # whichever the click opened
    assert f"district={SHUSHA_CITY}" in ed.page.url
    text = ed.panel_text(once="On 8 November 2020")  # the status line, the city's or (broken) the district's
    assert city.names.display in text and "On 8 November 2020: Azerbaijani control" in text, text


def check_month_precise_dates(ed: Edition) -> None:
    """What the sources date to a month is written as the month (Kalbajar's posts left in April 2024; the Karakend
    township was commissioned in January 2021), never as its first day."""
    months = [c for c in TIMELINE.district_changes("AZ-KAL") if c.precision == "month"]
    assert months
    ed.open("2024-05-01", "&district=AZ-KAL")
    ed.page.get_by_text(PACKAGE.districts["AZ-KAL"].names.display).first.wait_for(timeout=20000)
    text = ed.panel_text(once=months[-1].summary[:40])  # the entry is drawn, however its date is written
    for change in months:
        assert format_date(change.date, "month") in text and format_date(change.date) not in text, text
    ed.show("2021-06-01")
    ed.map.locator(".kcm-position[data-id='pk-township-karakend']").press("Enter")
    ed.page.get_by_text("Active: January 2021 to 12 June 2024").first.wait_for(timeout=20000)


POST_COUNT_LINE = """() => Array.from(document.querySelectorAll('li.kcm-legend-post-count'))
    .map(li => [li.hidden, li.textContent])"""


def post_count_line(day: dt.date) -> str:
    """The legend's post count line of a date, from the date written out: "" before the first count."""
    given = date_payload(PACKAGE, TIMELINE, day)["post_count"]
    return legend_line(ENCODER.words, given, given["located"]) if given else ""


def check_post_count_in_the_legend(ed: Edition) -> None:
    """The legend says how many of the mission's posts the map locates of those the sources counted, the count of
    the date shown (14 November 2020: 12; 15 November: 25), and nothing before the first count."""
    ed.open("2020-11-14")
    counts = [date_payload(PACKAGE, TIMELINE, dt.date(2020, 11, d))["post_count"] for d in (14, 15)]
    assert [c["total"] for c in counts] == [12, 25] and counts[0]["located"] < 12
    line = post_count_line(dt.date(2020, 11, 14))
    assert f"{counts[0]['located']} of the 12 reported on 14 November 2020" in line
    assert ed.map.evaluate(POST_COUNT_LINE) == [[False, line]]  # the legend's one line, shown
    ed.press_on_slider("ArrowRight", "2020-11-15")
    assert ed.map.evaluate(POST_COUNT_LINE) == [[False, post_count_line(dt.date(2020, 11, 15))]]
    assert "of the 25 reported on 15 November 2020" in post_count_line(dt.date(2020, 11, 15))
    ed.show("2020-11-10")
    assert post_count_line(dt.date(2020, 11, 10)) == ""
    assert ed.map.evaluate(POST_COUNT_LINE) == [[True, ""]]


def check_dot_inside_an_area(ed: Edition) -> None:
    """While the inferred areas are shown (1 November 2020, by default), a settlement that an area rests on lies
    inside it, and its dot still answers the mouse: its own tooltip, and a click opens the settlement."""
    day = dt.date(2020, 11, 1)
    assert default_on(PACKAGE, day)
    table, places = ENCODER.tables["inferred"], MAP_PLACES
    area = table["areas"][table["sets"][ENCODER.frame(day)["inferred"]][0]]
    place = places[area[3][0]]
    ed.open(day.isoformat())
    ed.set_view((place["lat"], place["lon"]), 11)
    shown = ed.hover((place["lat"], place["lon"]))
    assert place["name"] in shown and "(inferred)" not in shown, shown
    ed.page.mouse.click(*ed.on_screen((place["lat"], place["lon"])))
    ed.page.wait_for_url(lambda url: f"place={place['id']}" in url, timeout=20000)


CHECKS = (check_tooltip_follows_the_date, check_layers_replaced, check_city_click, check_month_precise_dates,
          check_post_count_in_the_legend, check_dot_inside_an_area)




@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__.removeprefix("check_") for c in CHECKS])
def test_both_editions_behave_as_the_data_says(edition, check):
    check(edition)
    assert not edition.recorder.foreign_hosts() and not edition.recorder.errors


# --- each break, injected alike in both editions, fails its check ---


def stale_tooltip_text(data: dict) -> None:
    """Aghdam's sentence of 20 November 2020 replaced by the day before's: a tooltip that kept its first text."""
    texts = data["tables"]["texts"]
    texts[texts.index(aghdam_status(dt.date(2020, 11, 20)))] = aghdam_status(dt.date(2020, 11, 19))


def city_selects_its_district(data: dict) -> None:
    city = next(f for f in data["geometry"]["districts"]["features"] if f["properties"]["id"] == SHUSHA_CITY)
    city["properties"]["selects"] = PACKAGE.districts[SHUSHA_CITY].parent


def month_written_as_a_day(site: dict) -> None:
    for change in site["districts"]["AZ-KAL"]["changes"]:
        change["when"] = format_date(dt.date.fromisoformat(change["date"]))


def post_count_kept_from_the_first_date(data: dict) -> None:
    """Every count in the table made the one of 14 November 2020: a legend line that does not follow the date."""
    rows = data["tables"]["postCounts"]
    first = next(row for row in rows if row["date"] == "2020-11-14")
    rows[:] = [first] * len(rows)


# Leaflet, once loaded (it sets window.L last), with layer groups that never empty: the date's layers pile up.
GROUPS_NEVER_CLEARED = """(() => { let leaflet;
  Object.defineProperty(window, 'L', {configurable: true, get: () => leaflet, set: (value) => {
    leaflet = value;
    if (value && value.LayerGroup) value.LayerGroup.prototype.clearLayers = function () { return this; };
  }}); })();"""

# Leaflet, once loaded, with the settlements' pane held at 410, under the inferred areas (420): the areas take the
# mouse from every dot inside them.
DOTS_UNDER_THE_AREAS = """(() => { let leaflet;
  Object.defineProperty(window, 'L', {configurable: true, get: () => leaflet, set: (value) => {
    leaflet = value;
    if (!value || !value.Map) return;
    const create = value.Map.prototype.createPane;
    value.Map.prototype.createPane = function (name, container) {
      const el = create.call(this, name, container);
      if (name === 'kcm-places') {
        Object.defineProperty(el.style, 'zIndex', {configurable: true, get: () => '410', set: () => {}});
        el.style.setProperty('z-index', '410');
      }
      return el;
    };
  }}); })();"""

# name: (the check it must fail, how it is injected: into the map data, the static page's data, or a page hook,
# the editions it can be injected into)
BREAKS: dict[str, tuple[Callable[[Edition], None], str, Callable[[dict], None] | str, tuple[str, ...]]] = {
    "tooltip-kept-from-its-first-opening": (check_tooltip_follows_the_date, "map", stale_tooltip_text,
                                            ("app", "static")),
    "layer-groups-never-cleared": (check_layers_replaced, "hook", GROUPS_NEVER_CLEARED, ("app", "static")),
    "city-click-opens-the-district": (check_city_click, "map", city_selects_its_district, ("app", "static")),
    # The app writes its panel in Python (tests/dashboard test its dates); the static page from its data.
    "month-written-as-a-day": (check_month_precise_dates, "site", month_written_as_a_day, ("static",)),
    "post-count-kept-from-the-first-date": (check_post_count_in_the_legend, "map", post_count_kept_from_the_first_date,
                                            ("app", "static")),
    "dots-under-the-areas": (check_dot_inside_an_area, "hook", DOTS_UNDER_THE_AREAS, ("app", "static")),
}


@pytest.mark.parametrize(("edition", "name"), [(ed, name) for name, b in BREAKS.items() for ed in b[3]],
                         indirect=["edition"])
def test_each_break_fails_its_check(edition, name):
    check, where, breaking, _ = BREAKS[name]
    if where == "hook":
        assert isinstance(breaking, str)
        edition.page.context.add_init_script(breaking)
    else:
        assert callable(breaking)
        edition.serve_broken(breaking, whole_site=where == "site")
    with pytest.raises(AssertionError):
        check(edition)
    assert not edition.recorder.errors  # the break shows on the map, not as a script error
