"""What the browser draws a date from, against `date_payload` (the whole map of that date).

Both editions draw from one encoder (`MapEncoder`): tables sent once, a frame of indices per date. The app
sends a frame per step; the static edition holds one per stop and draws any date from the frame on or before
it. Both are only honest if they give exactly what the date itself would draw.
"""

import bisect
import datetime as dt

import pytest

from geo import Timeline, load_package
from geo.frames import MapEncoder, date_payload, frame_dates
from geo.layers.post_counts import legend_line
from geo.site.data import site_data
from geo.site.runs import site_frame

D = dt.date


def frame_index(dates: list[dt.date], date: dt.date) -> int:
    """The frame the static page shows on `date`: the last on or before it (its JavaScript does the same)."""
    return max(0, bisect.bisect_right(dates, date) - 1)


def drawn(tables: dict, frame: dict, date: dt.date) -> dict:
    """What the map core draws from the tables it was built with and one frame, in the shape of
    `date_payload`."""
    looks = {did: tables["looks"][d][k] for d, (did, k) in enumerate(zip(tables["ids"], frame["looks"], strict=True))}
    return {
        "date": date.isoformat(),
        "styles": {did: tables["styles"][look[0]] for did, look in looks.items()},
        "statuses": {did: look[1] for did, look in looks.items()},
        "texts": {did: tables["texts"][look[2]] for did, look in looks.items()},
        "positions": [{**tables["positions"][i], "slot": slot, "slots": slots}
                      for i, slot, slots in frame["positions"]],
        "corridor": frame["corridor"],
        "former_corridor": frame["former_corridor"],
        "places": frame["places"],
        "post_count": None if frame["post_count"] is None else {**tables["postCounts"][frame["post_count"][0]],
                                                                 "located": frame["post_count"][1]},
    }


@pytest.fixture(scope="module")
def real():
    package = load_package()
    timeline = Timeline(package)
    return package, timeline, site_data(package, timeline, "test")


def test_every_day_from_the_war_to_the_end_draws_its_own_frame_in_the_static_edition(real):
    package, timeline, site = real
    dates = frame_dates(timeline)
    day, checked = D(2020, 9, 1), 0
    while day <= timeline.end:
        frame = site_frame(site, frame_index(dates, day))["map"]
        assert drawn(site["map"]["tables"], frame, day) == date_payload(package, timeline, day), day
        day += dt.timedelta(days=1)
        checked += 1
    assert checked > 1500


def test_the_app_s_step_draws_every_day_as_its_own_payload(real):
    package, timeline, _site = real
    encoder = MapEncoder(package, timeline)
    day = timeline.start
    while day <= timeline.end:
        assert drawn(encoder.tables, encoder.frame(day), day) == date_payload(package, timeline, day), day
        day += dt.timedelta(days=1 if day.year >= 2020 else 97)


def test_both_editions_share_one_encoder(real):
    """The static edition's frames are the app's steps on the stop dates, over the same tables."""
    package, timeline, site = real
    encoder = MapEncoder(package, timeline)
    assert site["map"]["tables"] == encoder.tables
    for index, date in enumerate(frame_dates(timeline)):
        assert site_frame(site, index)["map"] == encoder.frame(date)


def test_a_step_grows_with_the_districts_not_with_the_dates_or_changes(tmp_path):
    from bench.synthetic import make_package

    sizes = {}
    for changes in (200, 2000):
        package = load_package(make_package(tmp_path / str(changes), 50, changes))
        timeline = Timeline(package)
        encoder = MapEncoder(package, timeline)
        step = encoder.frame(D(2020, 11, 10))
        assert len(step["looks"]) == 50
        assert drawn(encoder.tables, step, D(2020, 11, 10)) == date_payload(package, timeline, D(2020, 11, 10))
        sizes[changes] = sum(len(looks) for looks in encoder.tables["looks"])
    # The tables hold each district's looks: about one per change, not one per district and date.
    assert sizes[2000] <= 2000 + 50


def test_the_years_before_the_war_draw_their_frame_too(real):
    package, timeline, site = real
    dates = frame_dates(timeline)
    for day in (timeline.start, D(1994, 5, 13), D(2001, 6, 1), D(2016, 4, 2), D(2016, 4, 6), D(2020, 8, 31)):
        frame = site_frame(site, frame_index(dates, day))["map"]
        assert drawn(site["map"]["tables"], frame, day) == date_payload(package, timeline, day), day


def test_repeated_texts_and_styles_travel_once(real):
    tables = real[2]["map"]["tables"]
    assert len(tables["texts"]) == len(set(tables["texts"]))
    assert len(tables["styles"]) == len({repr(s) for s in tables["styles"]})
    # The point of the tables: far fewer distinct texts than district looks.
    assert len(tables["texts"]) < sum(len(looks) for looks in tables["looks"])


def test_the_frame_gives_the_post_count_in_force_before_at_and_after_a_count(real):
    """The count in force is the latest on or before the date, with the mission's posts the map locates: the
    legend's line of both editions says it (geo/layers/post_counts.py)."""
    package, timeline, site = real
    encoder = MapEncoder(package, timeline)
    rows = encoder.tables["postCounts"]

    def count(day):
        given = encoder.frame(day)["post_count"]
        return None if given is None else (rows[given[0]]["id"], rows[given[0]]["total"], given[1])

    assert count(D(2020, 11, 10)) is None  # before the first count
    assert count(D(2020, 11, 14))[:2] == ("count-2020-11-14", 12)
    assert count(D(2020, 11, 15))[:2] == ("count-2020-11-15", 25)  # on the day of a count
    assert count(D(2020, 11, 17))[:2] == ("count-2020-11-15", 25)  # after it, before the next
    assert count(D(2020, 11, 20)) == ("count-2020-11-20", 23, 7)  # 8 drawn: 7 posts and checkpoints, the command post
    dates = frame_dates(timeline)
    for day in (D(2020, 11, 10), D(2020, 11, 17), D(2023, 10, 9)):  # the static edition: the frame on or before
        assert site_frame(site, frame_index(dates, day))["map"]["post_count"] == encoder.frame(day)["post_count"]
    given = encoder.frame(D(2020, 11, 20))["post_count"]
    assert legend_line(encoder.words, rows[given[0]], given[1]) == (
        "Posts located on the map (Russian peacekeepers): 7 of the 23 reported on 20 November 2020 "
        "(source: ARMENPRESS (reprinted by armenianclub.com))")
