"""Reading the app's side column (issue 18): a short date heading with the details below the finders, no raw
coordinate text in a settlement's panel, no stray hint under an open panel. Run with streamlit.testing."""

import datetime as dt

from geo import Timeline, load_package
from geo.dayinfo import day_heading
from tests.helpers import run_app, texts

HINT = "Click a district on the map"


def test_the_heading_is_the_date_and_the_days_first_event():
    package = load_package()
    heading = day_heading(package, Timeline(package), dt.date(2020, 11, 10))
    assert heading.title == "10 November 2020"
    assert heading.line is not None and heading.line.endswith("(and 1 more event below)")
    assert any(line.startswith("Also this day: ") for line in heading.details)
    assert any(line.startswith("Handover of Aghdam, Kalbajar and Lachin districts: day 1") for line in heading.details)
    quiet = day_heading(package, Timeline(package), dt.date(2015, 6, 1))
    assert quiet.line is None and quiet.title == "1 June 2015"


def test_the_heading_is_two_lines_and_the_details_follow_the_finders(fake_map):
    """The issue: six lines of heading pushed the finders below the first screen of a laptop."""
    at = run_app({"date": "2020-11-10"})
    heading = [m.value for m in at.markdown if m.value.startswith("#### 10 November")]
    assert len(heading) == 1
    title_line, *rest = heading[0].split("\n\n")
    assert title_line == "#### 10 November 2020" and len(rest) <= 1, heading  # the day's first event at most
    elements = list(_walk(at.main))  # in page order
    labels = [getattr(e, "label", "") or "" for e in elements]
    values = [getattr(e, "value", "") if e.type in ("markdown", "caption") else "" for e in elements]
    finder = next(i for i, label in enumerate(labels) if "Find a district" in str(label))
    details = next(i for i, v in enumerate(values) if isinstance(v, str) and "day 1 of" in v)
    title = next(i for i, v in enumerate(values) if v == heading[0])
    assert title < finder < details
    between = [v for v in values[title + 1:finder] if isinstance(v, str) and v.strip()]
    assert not between, between  # nothing more above the finders


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def test_a_settlements_panel_shows_no_raw_coordinate_text_and_no_stray_hint(fake_map):
    at = run_app({"date": "2020-12-01", "place": "chartar"})
    shown = texts(at)
    assert "Chartar" in shown and "the coordinates given in" in shown
    assert "39°45" not in shown and "″" not in shown  # Wikipedia's 39°45′29″N 47°00′58″E, as written there
    assert HINT not in shown  # the hint is for an empty column, not under an open panel
    assert HINT in texts(run_app({"date": "2020-12-01"}))
