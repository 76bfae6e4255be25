"""The status vocabulary built from a package's profile (geo/vocabulary.py): for the first package it says exactly
what geo/status.py's constants say (so drawing from the profile changes nothing a reader sees), and for another
war it holds that war's sides, codes and words and none of the first's."""

from __future__ import annotations

from pathlib import Path

from geo import load_package
from geo.frames import MapEncoder, map_data
from geo.timeline import Timeline
from geo.vocabulary import of
from tests.helpers import first_words as status

ROOT = Path(__file__).parents[2]
GEORGIA = ROOT / "packages" / "georgia-2008" / "data"


def test_the_first_package_profile_gives_the_status_tables_word_for_word():
    words = of(load_package())
    assert words.fills == status.FILLS
    assert words.overlays == status.OVERLAYS
    assert words.legend == status.LEGEND and words.colours == status.COLOURS
    assert words.place_codes == status.PLACE_CODES and words.place_status == status.PLACE_STATUS
    assert words.operators == status.OPERATORS and words.partly_in_zone == status.PARTLY_IN_ZONE


def test_another_war_has_its_own_sides_codes_and_words_and_none_of_the_first():
    package = load_package(GEORGIA)
    words = of(package)
    assert [s.key for s in words.fills] == ["georgia", "russian_forces", "south_ossetian_forces", "abkhaz_forces",
                                            "split", "context", "unknown"]
    assert [s.key for s in words.overlays] == ["peacekeeping_zone"]  # no corridor, so no previous route either
    assert words.side_codes == {"G": "georgia", "R": "russian_forces", "S": "south_ossetian_forces",
                                "A": "abkhaz_forces"}
    assert words.place_status["r"] == "Held by Russian forces, as announced by one side"
    data = map_data(package, MapEncoder(package, Timeline(package)))
    assert data["placeCodes"] == words.side_codes and data["colours"]["russian_forces"] == "#D55E00"
    assert set(data["operators"]) == {"russian_forces", "eumm", "georgia"}
    text = repr(data["colours"]) + repr(data["placeStatus"]) + repr(data["legend"]) + repr(data["operators"])
    assert "armenian" not in text.lower() and "azerbaijan" not in text.lower() and "Lachin" not in text


def test_a_picture_of_another_war_is_drawn_and_its_legend_has_its_sides_and_none_of_the_first():
    import datetime as dt

    from geo.picture.legend import legend_entries
    from geo.picture.render import map_bytes
    from geo.picture.source import map_source

    package = load_package(GEORGIA)
    words = [w for _, w, _ in legend_entries(of(package))]
    assert "Held by South Ossetian forces" in words and "EU Monitoring Mission" in words
    sides = [w for w in words if "Armenian" in w or "Azerbaijan" in w or "Lachin" in w]
    assert sides == []
    assert map_bytes(map_source(package), dt.date(2008, 8, 20), "png", width_px=400).startswith(b"\x89PNG")


def test_another_war_status_sentences_are_its_own():
    """Before the profile, a district held by a side other than Karabakh's two was worded 'Split (share not
    sourced)' (geo.layers.districts.status_text) and its settlements could not be worded at all (KeyError)."""
    import datetime as dt

    from geo.layers.districts import state_table
    from geo.layers.places import place_status_text

    package = load_package(GEORGIA)
    timeline = Timeline(package)
    date = dt.date(2008, 9, 1)
    texts = {row["id"]: row["status"] for row in state_table(package, timeline, date)}
    assert texts["GE-AB"].startswith("Held by Abkhaz forces"), texts
    assert texts["GE-SZ"] == "Georgian control; partly in the Russian forces' security zone (their posts only)"
    assert place_status_text(timeline, "tskhinvali", date).startswith("Held by Russian forces")
    assert not any("Armenian" in t or "Azerbaijan" in t or "peacekeeping" in t for t in texts.values())


def test_another_war_claims_list_is_worded_by_its_own_parties():
    """Before the profile, the claims list could not word a side other than Karabakh's two (KeyError)."""
    from geo import claims as C

    package = load_package(GEORGIA)
    words = of(package)
    rows = C.claims_between(package, package.coverage_start, package.coverage_end)
    titles = [title for title, _ in C.grouped(rows, words)]
    text = " ".join([C.summary(rows, package.coverage_start, package.coverage_end, words), *titles,
                     *(r.line.text + r.standing for r in rows)])
    assert rows and any(side.party in text for side in package.profile.sides)
    assert "Armenian" not in text and "Azerbaijani" not in text
