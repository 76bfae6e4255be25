"""The static edition's run lists (geo/site/runs.py) give back every frame: the map, the districts' state, the
date's notes and each settlement's status sentence, equal to their frame-by-frame computation."""

from pathlib import Path

import pytest

from geo import Timeline, load_package
from geo.dayinfo import situation
from geo.frames import MapEncoder, Table, frame_dates, timeline_places
from geo.layers.districts import state_at
from geo.layers.periods import ongoing
from geo.layers.places import place_status_text
from geo.site.runs import frame_runs, place_runs

ROOT = Path(__file__).resolve().parents[2]


def at(runs: list, index: int) -> object:
    """A run list's value on frame `index`, as kcm-frames.js reads it."""
    pairs = list(zip(runs[::2], runs[1::2], strict=True))
    assert pairs[0][0] == 0 and [f for f, _ in pairs] == sorted({f for f, _ in pairs})
    return [v for f, v in pairs if f <= index][-1]


@pytest.mark.parametrize("data", [None, ROOT / "packages" / "georgia-2008" / "data", "mini"])
def test_every_frame_is_given_back(data, mini):
    package = load_package(mini) if data == "mini" else load_package(data) if data else load_package()
    timeline = Timeline(package)
    encoder, texts = MapEncoder(package, timeline), Table()
    runs = frame_runs(encoder, timeline, texts)
    codes, sentences = place_runs(encoder, timeline)
    places = timeline_places(package)
    dates = frame_dates(timeline)
    assert runs["dates"] == [d.isoformat() for d in dates] and runs["inferredOmitted"] is None
    for index, date in enumerate(dates):
        frame = {"date": date.isoformat(), **{key: at(r, index) for key, r in runs["map"].items()},
                 **{key: [at(r, index) for r in lists] for key, lists in runs["lists"].items()},
                 "places": "".join(str(at(r, index)) for r in codes)}
        assert frame == encoder.frame(date), date
        assert {did: at(r, index) for did, r in runs["state"].items()} == {
            did: [s.controller, s.share, s.pending_handover.isoformat() if s.pending_handover else None,
                  s.peacekeeping_zone] for did, s in state_at(timeline, date).items()}
        notes = situation(timeline, date)[len(ongoing(timeline, date)):]
        assert [texts.values[i] for i in at(runs["notes"], index)] == notes
        assert [at(r, index) for r in sentences] == [place_status_text(timeline, p.id, date) for p in places]


def test_a_value_is_stored_once_per_change_not_per_frame(mini):
    package = load_package(mini)
    timeline = Timeline(package)
    codes, sentences = place_runs(MapEncoder(package, timeline), timeline)
    n_frames = len(frame_dates(timeline))
    for place, code_runs, sentence_runs in zip(timeline_places(package), codes, sentences, strict=True):
        days = {c.date for c in timeline.place_changes(place.id)} | {
            a.date for c in timeline.place_changes(place.id) for a in c.accounts}
        assert len(code_runs) // 2 <= len(days) + 1 < n_frames
        assert len(sentence_runs) // 2 <= len(days) + 1
