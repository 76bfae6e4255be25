"""What the browser draws a date from, against `date_payload` (the whole map of that date).

The app sends tables once and indices per step (`MapUpdates`); the static edition holds a frame per
stop and draws any date from the frame on or before it. Both are only honest if they give exactly
what the date itself would draw.
"""

import bisect
import datetime as dt

import pytest

from geo import Timeline, load_package
from geo.layers import MapUpdates, date_payload, map_frames

D = dt.date


def frame_index(dates: list[dt.date], date: dt.date) -> int:
    """The frame the static page shows on `date`: the last on or before it (its JavaScript does the same)."""
    return max(0, bisect.bisect_right(dates, date) - 1)


def rebuild(frames: dict, index: int, date: dt.date) -> dict:
    """A frame in the shape of `date_payload` (what the map script receives for a date)."""
    frame = frames["frames"][index]
    return {
        "date": date.isoformat(),
        "styles": {did: frames["styles"][i] for did, i in frame["styles"].items()},
        "statuses": frame["statuses"],
        "texts": {did: frames["texts"][i] for did, i in frame["texts"].items()},
        "positions": [{**frames["positions"][i], "slot": slot, "slots": slots}
                      for i, slot, slots in frame["positions"]],
        "corridor": frame["corridor"],
        "former_corridor": frame["former_corridor"],
        "places": frame["places"],
    }


@pytest.fixture(scope="module")
def real():
    package = load_package()
    timeline = Timeline(package)
    return package, timeline, map_frames(package, timeline)


def test_every_day_from_the_war_to_the_end_draws_its_own_frame(real):
    package, timeline, frames = real
    dates = [D.fromisoformat(d) for d in frames["dates"]]
    day, checked = D(2020, 9, 1), 0
    while day <= timeline.end:
        assert rebuild(frames, frame_index(dates, day), day) == date_payload(package, timeline, day), day
        day += dt.timedelta(days=1)
        checked += 1
    assert checked > 1500


def from_updates(tables: dict, step: dict) -> dict:
    """What the app's map draws from the tables it fetched once and one step's payload, in the shape of
    `date_payload`."""
    looks = {did: tables["looks"][d][k] for d, (did, k) in enumerate(zip(tables["ids"], step["looks"], strict=True))}
    return {
        "date": step["date"],
        "styles": {did: tables["styles"][look[0]] for did, look in looks.items()},
        "statuses": {did: look[1] for did, look in looks.items()},
        "texts": {did: tables["texts"][look[2]] for did, look in looks.items()},
        "positions": [{**tables["positions"][i], "slot": slot, "slots": slots} for i, slot, slots in step["positions"]],
        "corridor": step["corridor"],
        "former_corridor": step["former_corridor"],
        "places": step["places"],
    }


def test_the_app_s_map_tables_and_step_payload_draw_every_day_as_its_own_payload(real):
    package, timeline, _frames = real
    updates = MapUpdates(package, timeline)
    day = timeline.start
    while day <= timeline.end:
        assert from_updates(updates.tables, updates.for_date(day)) == date_payload(package, timeline, day), day
        day += dt.timedelta(days=1 if day.year >= 2020 else 97)


def test_a_step_grows_with_the_districts_not_with_the_dates_or_changes(tmp_path):
    from bench.synthetic import make_package

    sizes = {}
    for changes in (200, 2000):
        package = load_package(make_package(tmp_path / str(changes), 50, changes))
        timeline = Timeline(package)
        updates = MapUpdates(package, timeline)
        step = updates.for_date(D(2020, 11, 10))
        assert len(step["looks"]) == 50
        assert from_updates(updates.tables, step) == date_payload(package, timeline, D(2020, 11, 10))
        sizes[changes] = sum(len(looks) for looks in updates.tables["looks"])
    # The tables hold each district's looks: about one per change, not one per district and date.
    assert sizes[2000] <= 2000 + 50


def test_the_years_before_the_war_draw_their_frame_too(real):
    package, timeline, frames = real
    dates = [D.fromisoformat(d) for d in frames["dates"]]
    for day in (timeline.start, D(1994, 5, 13), D(2001, 6, 1), D(2016, 4, 2), D(2016, 4, 6), D(2020, 8, 31)):
        assert rebuild(frames, frame_index(dates, day), day) == date_payload(package, timeline, day), day


def test_repeated_texts_and_styles_travel_once(real):
    _package, _timeline, frames = real
    assert len(frames["texts"]) == len(set(frames["texts"]))
    assert len(frames["styles"]) == len({repr(s) for s in frames["styles"]})
    # The point of the tables: far fewer distinct texts than district-frames.
    uses = sum(len(f["texts"]) for f in frames["frames"])
    assert len(frames["texts"]) * 5 < uses
