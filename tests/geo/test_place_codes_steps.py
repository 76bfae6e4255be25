"""The settlements' codes of a frame worked out from the frame before (geo/layers/places.py Coding): the same as
every settlement's state asked afresh, whatever order the dates come in."""

import datetime as dt
import random

from geo import Timeline, check_package, load_package, vocabulary
from geo.frames import frame_dates
from geo.layers.places import Coding, place_codes


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
