"""Reading the static edition in headless Chromium (issue 18): a short date heading that leaves the district list
on a laptop's first screen, the public address in the permalink, embed and one-line citation, Play that ends on
the period's last day, and controls that wrap on a phone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from geo import Timeline, load_package, vocabulary
from geo import panel_words as W
from geo.exports import PUBLISHED_LATER, cited_source_line, cited_source_row, view_sources
from geo.layers.districts import district_state, status_text
from geo.layers.places import place_status_text
from geo.layers.positions import position_kind_label, precision_label
from geo.site import export_site
from geo.site.api import frame_states
from geo.site.cite import cite_dates, cite_files
from geo.statejson import state_json
from tests.helpers import STATIC_READY, file_server
from tools.harness import PHONE, PageRecorder

pytestmark = pytest.mark.browser
PUBLIC = "https://kcm.example.org/map/"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Iterator[str]:
    """The static edition exported with a public address (as `KCM_PUBLIC_URL=… export-site` writes it)."""
    out = tmp_path_factory.mktemp("public-site")
    export_site(load_package(), out, PUBLIC)
    with file_server(out) as url:
        yield url


def _open(page, url: str):
    page.goto(url)
    page.wait_for_function(STATIC_READY, timeout=15000)
    return page


def test_the_heading_is_short_and_the_district_list_is_on_a_laptops_first_screen(page: PageRecorder, static_server):
    tab = page.page
    tab.set_viewport_size({"width": 1366, "height": 768})
    _open(tab, f"{static_server}/index.html?date=2020-11-10")  # two events and a period that day
    assert tab.text_content("#kcm-date-heading") == "10 November 2020"
    line = tab.text_content("#kcm-date-line")
    assert line.endswith("(and 1 more event below)")
    heights = tab.evaluate("['#kcm-date-heading', '#kcm-date-line'].map(s => document.querySelector(s)"
                           ".getBoundingClientRect().height)")
    assert sum(heights) < 4 * 24, heights  # two short lines, not six
    finder = tab.locator("#kcm-district").bounding_box()
    assert finder is not None and finder["y"] + finder["height"] <= 768
    details = tab.text_content("#kcm-situation")
    assert "Also this day:" in details and "day 1 of" in details  # the details are below the list


def test_the_public_address_is_in_the_permalink_embed_and_citation(page: PageRecorder, public_site):
    tab = _open(page.page, f"{public_site}/index.html?date=2020-11-20&district=AZ-AGM")
    assert tab.text_content("#kcm-permalink") == PUBLIC + "?date=2020-11-20&district=AZ-AGM"
    assert f'src="{PUBLIC}?date=2020-11-20&amp;district=AZ-AGM"' in tab.input_value("#kcm-embed")
    cite = tab.text_content("#kcm-cite-line")
    assert cite.startswith("Karabakh Ceasefire Map, Aghdam on 20 November 2020 (data sha256:")
    assert f", {PUBLIC}?date=2020-11-20&district=AZ-AGM, accessed " in cite and "{" not in cite


def test_play_ends_on_the_last_day_of_the_period_it_starts_in(page: PageRecorder, static_server):
    """The issue: the static edition played on past the period's end (to 2024)."""
    tab = _open(page.page, f"{static_server}/index.html?date=2020-11-08")
    tab.click("#kcm-play")
    assert tab.evaluate("kcmExport.playEnd") == "2020-11-10"
    tab.wait_for_function("() => document.querySelector('#kcm-play').getAttribute('aria-pressed') === 'false'",
                          timeout=20000)
    assert tab.get_attribute("#kcm-map", "data-date") == "2020-11-10"


def test_the_controls_wrap_on_a_phone(browser, static_server):
    context = browser.new_context(**PHONE)
    tab = _open(context.new_page(), f"{static_server}/index.html?date=2020-11-10")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # the issue: 606 px, Play off-screen
    for control in ("#kcm-prev", "#kcm-next", "#kcm-play", "#kcm-slider"):
        box = tab.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (control, box)
    context.close()


def expected_sources(date: str, district: str | None) -> list[str]:
    """The lines the app's citation lists for the view (geo.exports), as the static page shows them."""
    package = load_package()
    state = state_json(package, Timeline(package), dt.date.fromisoformat(date))
    view = view_sources(package, state, district)
    lines = []
    for heading, ids, later in view["groups"]:
        lines.append(heading)
        lines += [cited_source_line(cited_source_row(package.sources[s])).strip() + (PUBLISHED_LATER if s in later
                                                                                        else "") for s in ids]
    return lines + ([view["note"]] if view["note"] else [])


SHOWN_SOURCES = """() => Array.from(document.querySelectorAll('#kcm-cite-sources .kcm-cite-list p, '
    + '#kcm-cite-sources .kcm-cite-list li')).map(n => n.textContent)"""


def test_the_citation_lists_the_sources_behind_the_view_grouped_as_the_app_does(page: PageRecorder, static_server):
    """After the one-line form: the sources of what the view shows, grouped, fetched when the reader opens the list
    and followed as the view changes; a date between two stops on which a source was published lists it."""
    tab = _open(page.page, f"{static_server}/index.html?date=2020-12-01")
    tab.get_by_text("Sources behind this view").click()
    expected = expected_sources("2020-12-01", None)
    assert "Districts (" in expected[0] and len(expected) > 20
    tab.wait_for_function(f"() => ({SHOWN_SOURCES})().length === {len(expected)}", timeout=15000)
    assert tab.evaluate(SHOWN_SOURCES) == expected
    tab.select_option("#kcm-district", "AZ-AGM")
    district = expected_sources("2020-12-01", "AZ-AGM")
    assert district != expected
    tab.wait_for_function(f"() => ({SHOWN_SOURCES})()[0] === {district[0]!r} && "
                          f"({SHOWN_SOURCES})().length === {len(district)}", timeout=15000)
    assert tab.evaluate(SHOWN_SOURCES) == district
    assert not page.foreign_hosts() and not page.errors


def test_a_source_published_between_two_stops_joins_the_list_on_its_day():
    """The files follow the publication dates, not only the stops: the view on a source's publication day lists it
    where the day before does not (tested on the files the export writes, as the page reads them)."""
    package = load_package()
    timeline = Timeline(package)
    files, index_path = cite_files(package, timeline, frame_states(package, timeline))
    index = json.loads(files[index_path])
    stops = set(timeline.stops())
    later = sorted(d for d in cite_dates(package, timeline, sorted(stops)) if d not in stops and d > timeline.start)
    assert later, "no source is published between two stops"

    def shown(date: dt.date) -> list[str]:
        path = [p for d, p in index["views"][""] if d <= date.isoformat()][-1]
        return [s for group in json.loads(files[path])["groups"] for s in group[1]]

    assert any(set(shown(d)) != set(shown(d - dt.timedelta(days=1))) for d in later)
    for day in later[:5]:  # each equals what the app would list that day
        state = state_json(package, timeline, day)
        assert [s for g in view_sources(package, state, None)["groups"] for s in g[1]] == shown(day)


def _panel_lines(tab) -> list[str]:
    return tab.evaluate("Array.from(document.querySelectorAll('#kcm-panel-body p, #kcm-panel-body summary'))"
                        ".map(e => e.textContent)")


@pytest.mark.parametrize("kind, record, date", [("district", "AZ-AGM", "2020-11-10"), ("place", "lachin", "2020-12-05"),
                                                ("position", "pk-hq-stepanakert", "2021-06-01")])
def test_the_static_panel_says_the_apps_sentences(page: PageRecorder, static_server, kind, record, date):
    """Issue 17, item 1: the panel's sentences are made once in Python (geo/panel_words.py, which the app's panel
    calls) and the static page places them: a district's, a settlement's and a post's lines on a date."""
    package = load_package()
    timeline, words, day = Timeline(package), vocabulary.of(package), dt.date.fromisoformat(date)
    languages = vocabulary.profile_of(package).named_languages()
    if kind == "district":
        district = package.districts[record]
        state = district_state(timeline, record, day)
        assert state is not None and state.pending_handover is not None
        expected = [W.names_line(district.names, languages), W.on_date(day) + status_text(district, state, words),
                    W.deadline_line(state.pending_handover, day), W.area_line(district)]
        expected += [W.figure_line(f.value, words) for c in timeline.district_changes(record) for f in c.figures]
        expected += [W.sources_label(len(c.citations)) for c in timeline.district_changes(record) if not c.accounts]
    elif kind == "place":
        place = package.places[record]
        expected = [W.names_line(place.names, languages), W.aliases_line(place.names.aliases),
                    W.place_caption(package, place), W.on_date(day) + place_status_text(timeline, record, day)]
    else:
        post = next(p for p in package.positions if p.id == record)
        expected = W.position_lines(post, position_kind_label(post.kind),
                                    precision_label(post.precision, post.radius_m))
    tab = _open(page.page, f"{static_server}/index.html?date={date}&{kind}={record}")
    shown = _panel_lines(tab)
    assert [line for line in expected if line not in shown] == [], shown


def test_the_static_panel_shows_a_source_s_date_note_as_the_app_does(page: PageRecorder, static_server):
    """Issue 17: an external source's note on its date showed in the app's panel only; the static page places the
    same line (geo/panel_words.py date_note_line) under the source."""
    note = W.date_note_line(load_package().sources["wikipedia-sus-lachin"])  # cited by Lachin's handover
    assert note
    tab = _open(page.page, f"{static_server}/index.html?date=2020-12-01&district=AZ-LAN")
    notes = tab.evaluate("Array.from(document.querySelectorAll('#kcm-panel-body .kcm-note')).map(e => e.textContent)")
    assert note in notes, notes
