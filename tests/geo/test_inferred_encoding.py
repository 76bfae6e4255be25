"""The inferred areas' two encodings (geo/inferred_encoding.py): the eager tables the real package keeps, and the
areas built per date shown above the size threshold, which must draw the same areas and send each row once."""

import datetime as dt
import json

import pytest

from geo import Timeline, load_package
from geo.frames import MapEncoder, frame_dates, timeline_places
from geo.inferred import inferred_control
from geo.inferred_encoding import LAZY_FROM, InferredEncoding, LazyInferredEncoding, district_states, encoding

D = dt.date
WAR = D(2020, 10, 20)


@pytest.fixture(scope="module")
def real():
    package = load_package()
    timeline = Timeline(package)
    return package, timeline, inferred_control(package, timeline)


def lazy(package, timeline, control) -> LazyInferredEncoding:
    return LazyInferredEncoding(control, frame_dates(timeline), [p.id for p in timeline_places(package)])


def test_the_real_package_keeps_the_eager_tables(real):
    """Its map's tables and frames stay what they were (a set per frame, a small integer a date)."""
    package, timeline, control = real
    assert district_states(control) < LAZY_FROM
    encoder = MapEncoder(package, timeline)
    assert isinstance(encoder.inferred, InferredEncoding) and "lazy" not in encoder.tables["inferred"]
    held: set[int] = set()
    assert encoder.frame(WAR, sent=held, inferred=False) == encoder.frame(WAR)  # the app's arguments change nothing
    assert isinstance(encoder.frame(WAR)["inferred"], int) and not held


def test_built_per_date_the_areas_are_the_eager_tables_on_every_frame_date(real):
    package, timeline, control = real
    eager = MapEncoder(package, timeline).inferred
    per_date = lazy(package, timeline, control)
    index_of: dict[str, int] = {}
    dates = frame_dates(timeline)
    for date in [*reversed(dates), WAR, D(2020, 11, 11)]:  # in another order than the eager tables were built in
        want = [eager.area(i) for i in eager.ids(date)]
        ids = per_date.ids(date)
        got = [per_date.area(i) for i in ids]
        assert json.dumps(got) == json.dumps(want), date
        for i, row in zip(ids, got, strict=True):  # one index per distinct area, as in the eager table
            assert index_of.setdefault(json.dumps(row), i) == i
    assert sum(bool(eager.ids(d)) for d in dates) > 5
    assert len(index_of) == len(eager.table["areas"])
    assert per_date.table["contact"] == eager.table["contact"] and per_date.table["areas"] == []
    assert per_date.area(len(index_of)) is None and per_date.area(-1) is None


def test_a_row_is_sent_once_per_map(real):
    package, timeline, control = real
    per_date = lazy(package, timeline, control)
    held: set[int] = set()
    sent: list[int] = []
    for date in [WAR, *frame_dates(timeline), WAR]:
        frame = per_date.frame(date, sent=held)
        rows = {int(i): row for i, row in frame.get("inferredAreas", {}).items()}
        assert set(frame["inferred"]) <= held and set(rows) <= set(frame["inferred"])
        assert all(per_date.area(i) == row for i, row in rows.items())
        sent += rows
    assert len(sent) == len(set(sent)) == len(held) > 10
    again = per_date.frame(WAR, sent=held)
    assert again["inferred"] and "inferredAreas" not in again
    fresh = per_date.frame(WAR, sent=set())  # another session's map, or one that asked for the rows again
    assert sorted(map(int, fresh["inferredAreas"])) == sorted(set(fresh["inferred"]))
    assert per_date.frame(WAR) == fresh  # without a record of what was sent, every row


def test_switched_off_nothing_is_built(real):
    package, timeline, control = real
    per_date = lazy(package, timeline, control)
    assert per_date.frame(WAR, shown=False, sent=set()) == {"inferred": []}
    assert per_date.ids(WAR) and per_date.frame(WAR, shown=False) == {"inferred": []}
    encoder = MapEncoder(package, timeline)
    encoder._states["inferred"] = lazy(package, timeline, control)
    assert encoder.frame(WAR, inferred=False)["inferred"] == []
    assert not encoder.inferred._state_ids  # type: ignore[union-attr]


def test_a_row_dropped_from_those_kept_is_rebuilt_under_its_index(real, monkeypatch):
    package, timeline, control = real
    monkeypatch.setattr("geo.inferred_encoding.ROWS_KEPT", 1)
    per_date = lazy(package, timeline, control)
    war = {i: per_date.frame(WAR)["inferredAreas"][str(i)] for i in per_date.ids(WAR)}
    assert len(war) > 1
    per_date.ids(D(2020, 11, 30))
    assert {i: per_date.area(i) for i in war} == war


def test_a_step_builds_only_the_districts_whose_state_changed(tmp_path, monkeypatch):
    """Each district's areas are kept per state: a date step builds the districts with a change day between the
    two dates, not every split district (at 30,000 settlements every step rebuilt 300: 3.2 s)."""
    from bench.synthetic import make_package
    from geo import check_package

    package = check_package(make_package(tmp_path, 9, 90, settlements=180, place_changes=900, seed=3))[0]
    timeline = Timeline(package)
    control = inferred_control(package, timeline)
    monkeypatch.setattr("geo.inferred_encoding.LAZY_FROM", 10)
    per_date = encoding(control, frame_dates(timeline), [p.id for p in timeline_places(package)])
    assert isinstance(per_date, LazyInferredEncoding)
    built: list[str] = []
    uncached = control.district_areas_uncached
    monkeypatch.setattr(control, "district_areas_uncached", lambda did, date: built.append(did) or uncached(did, date))
    dates = frame_dates(timeline)[200:260]
    per_date.ids(dates[0])
    assert sorted(built) == sorted(control.districts)
    changed = dict(control.changed_over(frame_dates(timeline)))
    ids = [p.id for p in timeline_places(package)]
    for date in dates[1:]:
        built.clear()
        got = [per_date.area(i) for i in per_date.ids(date)]
        assert set(built) <= set(changed[date]) and len(built) < len(control.districts) / 2, date
        assert [(a[0], a[1], [ids[i] for i in a[3]]) for a in got] == [
            (a.district, a.controller, list(a.places)) for a in control.areas_at(date)], date


def test_built_per_date_the_frame_dates_either_side_are_built_when_asked(real):
    """Asked, the districts of the frame dates either side of the one shown are built in a thread, so the
    reader's next step finds its areas built; what it builds is what the step would (the same rows)."""
    import time

    package, timeline, control = real
    per_date = lazy(package, timeline, control)
    dates = frame_dates(timeline)
    i = next(k for k, d in enumerate(dates) if d >= D(2020, 11, 10))
    before, shown, after = dates[i - 1], dates[i], dates[i + 1]
    assert not per_date.built(after) and not per_date.built(before)
    per_date.frame(shown, sent=set())
    per_date.build_ahead(shown)
    deadline = time.monotonic() + 60
    while not (per_date.built(after) and per_date.built(before)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert per_date.built(after) and per_date.built(before)
    eager = MapEncoder(package, timeline).inferred
    for date in (before, after):
        assert json.dumps([per_date.area(k) for k in per_date.ids(date)]) == json.dumps(
            [eager.area(k) for k in eager.ids(date)])
