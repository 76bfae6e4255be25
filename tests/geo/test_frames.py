"""Map frames: the map on every stop, sent once, so that a date change only names its frame.

The app and the static edition draw any date from the frame on or before it; that is only honest if
the frame is exactly what the date itself would draw.
"""

import datetime as dt

import pytest

from geo import Timeline, load_package
from geo.layers import date_payload, frame_index, map_frames

D = dt.date


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


def test_frame_index_takes_the_last_frame_on_or_before_a_date():
    dates = [D(2020, 1, 1), D(2020, 1, 5), D(2020, 2, 1)]
    assert frame_index(dates, D(2020, 1, 1)) == 0
    assert frame_index(dates, D(2020, 1, 4)) == 0
    assert frame_index(dates, D(2020, 1, 5)) == 1
    assert frame_index(dates, D(2021, 1, 1)) == 2
    assert frame_index(dates, D(2019, 1, 1)) == 0


def test_the_corridor_s_former_route_is_drawn_from_the_day_after_it_ended(real):
    package, _timeline, _frames = real
    on = {day: date_payload(package, _timeline, day) for day in (D(2022, 8, 29), D(2022, 8, 30), D(2023, 3, 30))}
    assert (on[D(2022, 8, 29)]["corridor"], on[D(2022, 8, 29)]["former_corridor"]) == ("lachin-2020", None)
    assert (on[D(2022, 8, 30)]["corridor"], on[D(2022, 8, 30)]["former_corridor"]) == ("new-road-2022", "lachin-2020")
    assert (on[D(2023, 3, 30)]["corridor"], on[D(2023, 3, 30)]["former_corridor"]) == ("tegh-route-2023",
                                                                                       "new-road-2022")
