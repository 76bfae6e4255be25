"""Time you can navigate, run for real with streamlit.testing: periods, steps, Go to date, what was going
on, compare two dates, Play, and a URL that keeps the whole view."""

import datetime as dt

from tests.helpers import run_app, texts

D = dt.date


def test_a_period_sets_the_slider_span_and_moves_a_date_outside_it(fake_map):
    at = run_app({"date": "2015-06-01"})
    at.selectbox(key="range").set_value("war-2020").run()
    slider = at.slider(key="date")
    assert slider.value == D(2020, 9, 27)
    assert (slider.min, slider.max) == (D(2020, 9, 27), D(2020, 11, 10)) or slider.value == D(2020, 9, 27)
    assert "44-day war: day 1 of 44" in texts(at)


def test_a_period_keeps_a_date_inside_it(fake_map):
    at = run_app({"date": "2020-10-20"})
    at.selectbox(key="range").set_value("war-2020").run()
    assert at.slider(key="date").value == D(2020, 10, 20)
    assert "44-day war: day 24 of 44" in texts(at)


def test_steps_of_a_day_a_week_a_month(fake_map):
    at = run_app({"date": "2020-10-09"})
    at.button(key="step-day-True").click().run()
    assert at.slider(key="date").value == D(2020, 10, 10)
    at.button(key="step-week-False").click().run()
    assert at.slider(key="date").value == D(2020, 10, 3)
    at.button(key="step-month-True").click().run()
    assert at.slider(key="date").value == D(2020, 11, 3)
    assert at.query_params["date"] == "2020-11-03"


def test_go_to_date_takes_iso_and_words_and_refuses_the_rest(fake_map):
    at = run_app()
    at.text_input(key="go_to").input("9 Oct 2020").run()
    assert at.slider(key="date").value == D(2020, 10, 9)
    at.text_input(key="go_to").input("2021-03-05").run()
    assert at.slider(key="date").value == D(2021, 3, 5)
    at.text_input(key="go_to").input("next tuesday").run()
    assert at.slider(key="date").value == D(2021, 3, 5)  # unchanged
    assert any("is not a date" in e.value for e in at.error)
    at.text_input(key="go_to").input("1990-01-01").run()
    assert any("outside the covered range" in e.value for e in at.error)
    assert at.slider(key="date").value == D(2021, 3, 5)


def test_what_was_going_on_in_the_war_and_the_blockade(fake_map):
    war = texts(run_app({"date": "2020-10-20"}))
    assert "44-day war: day 24 of 44" in war
    blockade = texts(run_app({"date": "2023-01-15"}))
    assert "Blockade of the Lachin corridor: day 35 of" in blockade
    assert "The mission reported 30 posts in November 2022" in blockade


def test_hadrut_on_the_day_azerbaijan_announced_it(fake_map):
    page = texts(run_app({"date": "2020-10-09"}))
    assert "Announced taken this day" in page and "Hadrut" in page


def test_compare_the_handover_month(fake_map):
    at = run_app({"date": "2020-11-30", "compare": "2020-11-01"})
    assert at.toggle(key="comparing").value is True
    page = texts(at)
    assert "What changed from 1 November 2020 to 30 November 2020" in page
    table = at.dataframe[0].value
    assert {"Aghdam", "Kalbajar/Karvachar"} <= set(table["Name"])
    payload = fake_map.calls[-1].payload
    assert payload is not None
    assert at.query_params["compare"] == "2020-11-01"


def test_url_keeps_zoom_centre_view_and_a_district_by_its_alias(fake_map):
    at = run_app({"date": "2020-11-20", "zoom": "10", "lat": "39.8", "lon": "46.7", "district": "Shushi",
                  "view": "Sources"})
    assert at.session_state.district == "AZ-SUS" and not at.warning
    assert at.session_state.map_view == ((39.8, 46.7), 10)
    assert at.session_state.shown_view == "Sources"
    assert (at.query_params["zoom"], at.query_params["lat"], at.query_params["view"]) == ("10", "39.8000", "Sources")
    assert at.query_params["district"] == "AZ-SUS"


def test_clicking_the_chosen_view_again_keeps_it(fake_map):
    at = run_app({"view": "Sources"})
    at.segmented_control(key="view").set_value(None).run()
    assert at.session_state.shown_view == "Sources"


def test_play_stops_on_the_periods_last_day():
    """The issue: Play of the 44-day war stopped on 9 November, a day short of the line of 10 November."""
    from geo import Timeline, load_package
    from geo.navigation import next_play_date, ranges
    package = load_package()
    timeline = Timeline(package)
    war = next(r for r in ranges(package) if r.id == "war-2020")
    assert war.end == D(2020, 11, 10)
    assert next_play_date(timeline, D(2020, 11, 9), "day", war.end) == D(2020, 11, 10)
    assert next_play_date(timeline, war.end, "day", war.end) is None
    assert next_play_date(timeline, war.end, "events", war.end) is None
    assert next_play_date(timeline, D(2020, 10, 1), "events", war.end) == timeline.next_stop(D(2020, 10, 1))
    shown, steps = war.start, 0
    while (following := next_play_date(timeline, shown, "events", war.end)) is not None:
        shown, steps = following, steps + 1
    assert shown == war.end and steps > 5
    # A period whose last day is no event: event by event, Play still ends on it (not on the last event before).
    quiet = D(2020, 11, 16)
    assert timeline.next_stop(D(2020, 11, 15)) > quiet
    assert next_play_date(timeline, D(2020, 11, 15), "events", quiet) == quiet


def test_the_area_chart_follows_the_period_in_the_maps_colours(fake_map):
    import json

    from tests.helpers import first_words
    at = run_app({"date": "2020-10-20", "view": "Area over time"})
    at.selectbox(key="range").set_value("war-2020").run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    line = spec["layer"][0]
    assert line["encoding"]["x"]["scale"]["domain"] == ["2020-09-27", "2020-11-10"]
    assert all("2020-09-" <= row["date"] <= "2020-11-10" for row in line["data"]["values"])
    assert line["encoding"]["color"]["scale"]["range"][:2] == [first_words.COLOURS["armenian_forces"],
                                                               first_words.COLOURS["azerbaijan"]]


def test_the_table_reads_as_words_not_none_true_or_false(fake_map):
    at = run_app({"date": "2020-11-15"})
    table = at.dataframe[0].value
    shown = table.drop(columns=["Area (km²)"]).astype(str).to_numpy().ravel()  # the issue's `None` was a share
    assert not {"None", "True", "False", "nan", "NaT"} & set(shown)
    assert {"all", "none", "not sourced"} & set(table["Share"])
    assert "20 November 2020" in set(table["Handover deadline"])
    assert {"yes", "no", "partly"} >= set(table["Peacekeeping zone"])


def test_find_a_settlement_or_post_by_any_name_opens_it_and_pans_the_map(fake_map):
    at = run_app({"date": "2021-06-01"})
    assert "find" not in [s.key for s in at.selectbox]  # no list of matches until a name is typed
    at.text_input(key="find_text").input("dadivank").run()
    options = at.selectbox(key="find").options  # the monastery site and its post
    assert any("Dadivank" in o and "observation post" in o for o in options)
    at.selectbox(key="find").set_value("position:pk-op-dadivank").run()
    assert at.session_state.position == "pk-op-dadivank"
    at.text_input(key="find_text").input("Հադրութ").run()  # one match, in Armenian: chosen at once
    assert at.session_state.place == "hadrut" and at.session_state.position is None
    assert "Khojavend" in texts(at)
    at.text_input(key="find_text").input("Atlantis").run()
    assert "No settlement or post has that name" in texts(at)


def test_the_map_opens_on_the_story_and_keeps_half_zoom_steps(fake_map):
    """Without a view in the URL the frame is told to open framed on the story districts, and the view it first
    reports is where it opened, not a move (no zoom in the URL); a later zoom in half steps is kept as it is."""
    at = run_app({"date": "2020-11-20"})
    assert at.session_state.map_story and "zoom" not in at.query_params
    fake_map.result = {"last_active_drawing": None, "zoom": 9.5, "center": {"lat": 39.8, "lng": 46.7}}
    at.run()
    assert (at.query_params["zoom"], at.query_params["lat"]) == ("9.5", "39.8000")
    at = run_app({"date": "2020-11-20", "zoom": "8.3", "lat": "39.8", "lon": "46.7"})  # on the map's steps
    assert not at.session_state.map_story and at.session_state.map_view == ((39.8, 46.7), 8.5)


def test_the_area_chart_reads_on_every_period(fake_map):
    """The issue: on the default period (1994-2024) the chart was a spike a few pixels wide. Where the changes
    lie days apart across decades they are spaced evenly, and said to be; on a period they keep a time scale."""
    import json

    from geo import Timeline, load_package
    from geo.navigation import ranges
    from geo.stats import MIN_GAP_SHARE, area_series, area_steps, readable_on_time_axis
    package = load_package()
    rows = [{**r, "date": r["date"].isoformat()} for r in area_series(package, Timeline(package))]
    for r in ranges(package):
        first, last = r.start.isoformat(), r.end.isoformat()
        steps = area_steps(rows, first, last)
        days = [row["date"] for row in steps]
        assert days[0] == first and days[-1] == last and days == sorted(days), r.id
        on_time = readable_on_time_axis(steps, first, last)
        unique = sorted(set(days))
        gaps = [(D.fromisoformat(b) - D.fromisoformat(a)).days for a, b in zip(unique, unique[1:], strict=False)]
        assert on_time == (min(gaps, default=99999) >= (r.end - r.start).days * MIN_GAP_SHARE), r.id
    at = run_app({"date": "2020-11-20", "view": "Area over time"})  # the default period: everything
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] == "ordinal" and "evenly spaced" in x["axis"]["title"]
    shown = {row["date"] for row in spec["layer"][0]["data"]["values"]}
    # the war's steps (20 Oct to 10 Nov 2020), the handovers, the 2023 offensive, each a step of its own
    assert {"1994-05-12", "2020-10-20", "2020-11-10", "2020-11-20", "2023-09-20", "2024-12-31"} <= shown
    assert spec["layer"][1]["data"]["values"][0]["date"] in shown  # the chosen date's step is marked
    assert "evenly spaced" in texts(at)
