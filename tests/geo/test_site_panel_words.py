"""The panel's words are written once, in Python (issue 17, item 1): the static panel's script holds no reader-facing
sentence, and the static page's data carries the sentences the app's panel words (geo/panel_words.py)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from geo import Timeline, load_package
from geo import panel_words as W
from geo.layers.positions import position_kind_label, precision_label
from geo.site.data import site_data
from geo.vocabulary import of

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "geo" / "site" / "static" / "kcm-panel.js"
# String literals the script may hold: a lower-case name (a tag, CSS class, id, event, attribute, kind or key),
# these attribute values and the pragma, or text without a letter (punctuation, marks).
CODE_WORD = re.compile(r"^[a-z][a-z0-9_-]*$")
ALLOWED = {"use strict", "noopener noreferrer", "_blank"}
REGEX_BEFORE = set("(,=:[!&|?{};+") | {""}  # a '/' after one of these starts a regular expression, not a division


def string_literals(source: str) -> list[str]:
    """Every string and template literal of a script, its comments and regular expressions skipped."""
    out, i, last = [], 0, ""
    while i < len(source):
        c, two = source[i], source[i:i + 2]
        if two == "//":
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
        elif two == "/*":
            i = source.index("*/", i) + 2
        elif c in "\"'`":
            j = i + 1
            while source[j] != c:
                j += 2 if source[j] == "\\" else 1
            out.append(source[i + 1:j])
            i, last = j + 1, c
        elif c == "/" and last in REGEX_BEFORE:
            j, in_class = i + 1, False
            while in_class or source[j] != "/":
                in_class = (in_class or source[j] == "[") and source[j] != "]"
                j += 2 if source[j] == "\\" else 1
            i, last = j + 1, "/"
        else:
            if not c.isspace():
                last = c
            i += 1
    return out


def wording(source: str) -> list[str]:
    return [s for s in string_literals(source)
            if re.search(r"[A-Za-z]", s) and not CODE_WORD.match(s) and s not in ALLOWED]


def test_the_scan_finds_strings_and_skips_comments_and_regular_expressions():
    source = 'var a = "kcm-x"; // "Not: this"\n/* "nor this" */ if (/^"a"\\/b/.test(x)) f("Sources (", \'b\');'
    assert string_literals(source) == ["kcm-x", "Sources (", "b"]
    assert wording(source) == ["Sources ("]


def test_the_static_panel_script_holds_no_sentence_of_its_own():
    assert wording(PANEL.read_text(encoding="utf-8")) == []


def test_the_scan_fails_on_the_script_before_the_words_moved_to_python():
    old = subprocess.run(["git", "show", "9371c95:geo/site/static/kcm-panel.js"], cwd=ROOT, capture_output=True,
                         text=True)
    if old.returncode != 0:
        pytest.skip("the old script is not in this clone's history")
    found = wording(old.stdout)
    assert " held by Armenian forces" in found and "Handover deadline: " in found and "Active: " in found


@pytest.fixture(scope="module")
def shipped():
    package = load_package()
    timeline = Timeline(package)
    return package, site_data(package, timeline, "test")


def test_the_static_data_carries_the_apps_sentences(shipped):
    package, data = shipped
    words = of(package)
    for district in (d for d in package.districts.values() if d.id in data["districts"]):
        shown = data["districts"][district.id]
        assert shown["area"] == W.area_line(district)
        assert shown["names"]["also"] == W.aliases_line(district.names.aliases)
    figures = [f for d in data["districts"].values() for c in d["changes"] for f in c["figures"]]
    assert figures and all(f[0].startswith("Figure: ") and f[0].endswith(words.share_words) for f in figures)
    for place in package.places.values():
        if place.id in data["places"]:
            assert data["places"][place.id]["caption"] == W.place_caption(package, place)
    for row, position in zip(data["positionPanels"], package.positions, strict=True):
        assert row["lines"] == W.position_lines(position, position_kind_label(position.kind),
                                                precision_label(position.precision, position.radius_m))
    assert data["panel"] == W.static_words()
    # A template the page fills in says what the app's function says.
    assert data["panel"]["deadline"].format(date="1 December 2020", n=3) == \
        W.deadline_line(dt.date(2020, 12, 1), dt.date(2020, 11, 28))
    # A source's note on its date (once the app's only), and the area panel's templates as the app's panel says them.
    notes = {sid: row["dateNote"] for sid, row in data["sources"].items()}
    assert notes == {sid: W.date_note_line(package.sources[sid]) for sid in notes} and any(notes.values())
    panel = data["panel"]
    assert panel["areaRests"].format(n=4) == W.area_rests(4)
    assert panel["areaNotDrawn"].format(date="1 June 2021") == W.area_not_drawn(dt.date(2021, 6, 1))
    assert panel["areaSourcesPast"].format(when="May 2021") == W.area_sources("May 2021", past=True)
    assert panel["areaSourcesNext"].format(when="May 2021") == W.area_sources("May 2021", past=False)
    note = data["map"]["inferredWords"]["note"].format(n=4) + ". " + panel["areaWithin"].format(district="Aghdam")
    assert note == W.area_caption(4, "Aghdam")
