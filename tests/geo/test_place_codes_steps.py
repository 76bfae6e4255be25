"""The settlements' codes of a frame worked out from the frame before (geo/layers/places.py Coding): the same as
every settlement's state asked afresh, whatever order the dates come in."""

import datetime as dt
import random

from geo import Timeline, check_package, load_package, vocabulary
from geo.frames import frame_dates
from geo.layers.places import DIFF_FROM, Coding, place_codes


def dates_in_any_order(timeline: Timeline, seed: int) -> list[dt.date]:
    dates = frame_dates(timeline)
    steps = dates + [d + dt.timedelta(days=1) for d in dates if d < timeline.end]
    random.Random(seed).shuffle(steps)
    return sorted(steps)[:40] + steps  # forwards a day at a time, then jumps both ways


def test_the_real_package_s_codes_step_by_step_are_its_codes():
    package = load_package()
    timeline = Timeline(package)
    coding = Coding(package, timeline, vocabulary.of(package))
    for date in dates_in_any_order(timeline, 1):
        assert coding.codes(date) == place_codes(package, timeline, date), date


def test_a_large_package_s_codes_step_by_step_are_its_codes(tmp_path):
    from bench.synthetic import make_package

    package = check_package(make_package(tmp_path, 9, 90, settlements=400, place_changes=1600, seed=2))[0]
    timeline = Timeline(package)
    coding = Coding(package, timeline, vocabulary.of(package))
    for date in dates_in_any_order(timeline, 2)[:600]:
        assert coding.codes(date) == place_codes(package, timeline, date), date


def apply(codes: list[str], frame: dict) -> None:
    """What the map core does with a frame's codes (geo/mapcore/kcm-layers.js)."""
    if "places" in frame:
        codes[:] = frame["places"]
    else:
        for i, code in zip(frame["placesDiff"]["at"], frame["placesDiff"]["codes"], strict=True):
            codes[i] = code


def diff_coded(tmp_path, seed: int):
    """A synthetic package just large enough for a step to send changed codes only, its timeline and its coding."""
    from bench.synthetic import make_package

    package = check_package(make_package(tmp_path, 9, 90, settlements=DIFF_FROM, place_changes=4 * DIFF_FROM,
                                         seed=seed))[0]
    timeline = Timeline(package)
    return package, timeline, Coding(package, timeline, vocabulary.of(package))


def test_a_step_sends_a_map_that_keeps_its_codes_only_those_that_may_have_changed(tmp_path):
    package, timeline, coding = diff_coded(tmp_path, seed=3)
    held: list[int] = []
    first = coding.frame(timeline.start + dt.timedelta(days=400), held)
    assert len(first["places"]) == DIFF_FROM  # a map that holds nothing gets every code
    codes, day = list(first["places"]), timeline.start + dt.timedelta(days=400)
    days = [day + dt.timedelta(days=k) for k in range(1, 61)]  # a reader stepping a day at a time, then jumping
    diffs = 0
    for date in days + dates_in_any_order(timeline, 3)[:240]:
        frame = coding.frame(date, held)
        if "placesDiff" in frame:
            diffs += date in days
            span = frame["placesDiff"]["from"]
            assert span[0] <= day.isoformat() <= span[1] and span[0] <= date.isoformat() <= span[1]
            assert len(frame["placesDiff"]["at"]) < DIFF_FROM // 8
        apply(codes, frame)
        assert "".join(codes) == place_codes(package, timeline, date), date
        day = date
    assert diffs == len(days)  # each day's step sends a few codes


def test_a_map_that_missed_frames_applies_a_step_s_codes_if_it_holds_a_day_of_their_span(tmp_path):
    from geo.layers.places import HELD_DAYS

    package, timeline, coding = diff_coded(tmp_path, seed=4)
    held: list[int] = []
    dates = [timeline.start + dt.timedelta(days=500 + 3 * k) for k in range(HELD_DAYS + 2)]
    sent = [coding.frame(date, held) for date in dates]
    assert "places" in sent[0] and all("placesDiff" in f for f in sent[1:])
    for k in range(1, len(dates)):
        span = sent[k]["placesDiff"]["from"]
        for j in range(k):  # a map that drew frame j and none after it, up to k
            fits = span[0] <= dates[j].isoformat() <= span[1]
            assert fits == (j >= k - HELD_DAYS), (j, k)  # it holds one of the last days sent: it fits
            if fits:
                codes = list(place_codes(package, timeline, dates[j]))
                apply(codes, sent[k])
                assert "".join(codes) == place_codes(package, timeline, dates[k]), (j, k)


def test_the_real_package_s_frames_carry_every_code_as_before():
    from geo.frames import MapEncoder

    package = load_package()
    timeline = Timeline(package)
    encoder = MapEncoder(package, timeline)
    held: list[int] = []
    for date in frame_dates(timeline)[:30]:
        assert encoder.frame(date, sent=set(), held=held) == encoder.frame(date)
