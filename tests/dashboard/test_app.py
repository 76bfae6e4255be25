"""The app's logic run for real with streamlit.testing (the map component is replaced by a fake that
records what it was sent and returns what a click would)."""

import datetime as dt
import sys
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.map import frame_arguments
from geo.settings import SETTINGS
from tests.conftest import edit_yaml
from tests.helpers import APP, MAP_DRAWN, clicked, run_app, texts


def test_default_view(fake_map):
    at = run_app()
    assert at.slider(key="date").value == dt.date(2020, 11, 10)
    assert "10 November 2020" in texts(at)
    assert at.query_params["date"] == "2020-11-10"
    assert len(fake_map.calls) == 1
    assert frame_arguments(fake_map.calls[0].opening)["returned_objects"] == ["last_active_drawing", "zoom", "center"]


def test_url_restores_the_view_lachin_awaiting_handover(fake_map):
    at = run_app({"date": "2020-11-10", "district": "AZ-LAN"})
    assert at.session_state.district == "AZ-LAN"
    page = texts(at)
    assert "Lachin/Berdzor" in page
    assert "awaiting handover to Azerbaijan by 1 December 2020" in page
    assert not at.warning


def test_slider_changes_state_and_url(fake_map):
    at = run_app({"district": "AZ-AGM"})
    at.slider(key="date").set_value(dt.date(2020, 11, 20)).run()
    assert at.query_params["date"] == "2020-11-20" and at.query_params["district"] == "AZ-AGM"
    assert "On 20 November 2020: Split (share not sourced)" in texts(at)  # Kichan stayed held (issue 19)
    at.slider(key="date").set_value(dt.date(2020, 11, 19)).run()
    assert "awaiting handover to Azerbaijan by 20 November 2020" in texts(at)


def test_previous_and_next_event_buttons_jump_to_the_nearest_change(fake_map):
    at = run_app({"date": "2020-11-19"})  # 18 Nov: a post count; 20 Nov: the Aghdam handover
    at.button(key="step-event-True").click().run()  # Next event
    assert at.slider(key="date").value == dt.date(2020, 11, 20)
    at.button(key="step-event-False").click().run()  # Previous event
    assert at.slider(key="date").value < dt.date(2020, 11, 20)
    assert at.query_params["date"] == at.slider(key="date").value.isoformat()


@pytest.mark.parametrize(("params", "words"), [
    ({"date": "not-a-date"}, "is not a date"),
    ({"date": "1900-01-01"}, "outside the covered range"),
    ({"date": "2020-02-30"}, "is not a date"),
    ({"date": "2020-W46-2"}, "is not a date"),  # an ISO week date, which fromisoformat reads since 3.11
    ({"district": "<img src=x onerror=alert(1)>"}, "not a known district"),
    ({"district": "AZ-NOPE"}, "not a known district"),
    ({"date": "x" * 5000}, "is not a date"),
    ({"zoom": "3"}, "is not a number from 5 to 11"),
    ({"zom": "9"}, "unknown URL parameter"),
    ({"compare": "2020-13-01"}, "is not a date"),
    ({"lat": "nan", "lon": "46"}, "is not a number from"),
    ({"place": "atlantis"}, "is not known"),
    ({"view": "<b>x</b>"}, "is not known"),
])
def test_invalid_url_parameters_warn_and_fall_back(fake_map, params, words):
    at = run_app(params)
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.slider(key="date").value == dt.date(2020, 11, 10)
    assert all(len(w.value) < 300 for w in at.warning)


def test_a_url_with_hundreds_of_unknown_parameters_costs_one_short_warning(fake_map):
    at = run_app({f"p{i:03}": "[Log in again](https://evil.example)" for i in range(500)} | {"date": "2020-11-20"})
    assert [w.value.replace("\\", "") for w in at.warning if "unknown" in w.value] == [
        "Ignored 500 unknown URL parameters ('p000', 'p001', 'p002' and 497 more); "
        "known: date, district, place, position, zoom, lat, lon, view, compare."]
    assert len(at.warning) == 1 and at.slider(key="date").value == dt.date(2020, 11, 20)


def test_url_values_in_warnings_are_escaped_markdown(fake_map):
    at = run_app({"date": "[Log in again](https://evil.example)", "district": "![x](https://evil.example/t.png)"})
    shown = [w.value for w in at.warning]
    assert len(shown) == 2 and all("](https" not in w and "\\[" in w for w in shown), shown


def test_repeated_parameters_use_the_first(fake_map):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = ["2020-11-20", "2021-01-01"]
    with mock.patch.object(sys, "argv", ["app.py"]):
        at.run()
    assert at.slider(key="date").value == dt.date(2020, 11, 20)
    assert any("more than one date" in w.value for w in at.warning)


def test_side_panel_renders_sources_with_seed_quotes(fake_map):
    at = run_app({"date": "2020-11-20", "district": "AZ-AGM"})
    page = texts(at)
    assert "Azerbaijani forces entered Aghdam district in Nagorno-Karabakh" in page
    assert "Seed article" in page and "What happened" in page and "Deadlines and schedule" in page
    assert "77.0%" in page and "77.4%" in page  # the competing figures are both shown


def test_a_click_on_the_map_selects_the_district_it_names(fake_map):
    fake_map.result = clicked("district", "AZ-AGM")
    at = run_app({"date": "2020-11-19"})
    assert at.session_state.district == "AZ-AGM"
    assert at.query_params["district"] == "AZ-AGM"
    # The map is drawn again with the district marked as chosen.
    assert fake_map.calls[-1].payload is not None and len(fake_map.calls) == 2


@pytest.mark.parametrize("report", [
    clicked("district", "AZ-NOPE"), clicked("district", "AZ-BAK"), clicked("place", "__proto__"),
    clicked("position", "pk-nope"), clicked("table", "AZ-AGM"),
    {"last_active_drawing": {"properties": {"kcm_kind": "district", "kcm_id": ["AZ-AGM"], "kcm_click": "s:1"}}},
    {"last_active_drawing": "AZ-AGM"}, {"last_active_drawing": {"type": "Feature", "properties": None}},
], ids=["unknown-id", "context-district", "proto", "unknown-post", "unknown-kind", "id-not-text", "not-a-dict",
        "no-properties"])
def test_a_report_naming_nothing_the_package_knows_changes_nothing(fake_map, report):
    fake_map.result = report
    at = run_app({"district": "AZ-KAL"})
    assert at.session_state.district == "AZ-KAL" and not at.session_state.get("place")
    assert not at.session_state.get("position")


def test_a_click_is_acted_on_once(fake_map):
    """A report stays the frame's value on later runs: only a new click (its counter) opens something."""
    fake_map.result = clicked("district", "AZ-AGM")
    at = run_app({"date": "2020-11-19"})
    at.selectbox(key="district").set_value("AZ-KAL").run()
    assert at.session_state.district == "AZ-KAL"
    fake_map.result = clicked("district", "AZ-AGM", count=2)
    at.run()
    assert at.session_state.district == "AZ-AGM"


def test_a_click_on_a_position_shows_it(fake_map):
    fake_map.result = clicked("position", "pk-hq-stepanakert")
    at = run_app({"date": "2021-06-01"})
    assert at.session_state.position == "pk-hq-stepanakert"
    assert "Headquarters" in texts(at)


def test_article_viewer_highlights_the_quote(fake_map):
    at = run_app({"date": "2020-11-20", "district": "AZ-AGM"})
    button = next(b for b in at.button if b.label == "Read the quote in the article")
    button.click().run()
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert '<mark id="quote">' in html


def test_map_is_sent_only_the_dates_payload_and_the_same_frame(fake_map):
    at = run_app({"date": "2020-11-19"})
    at.slider(key="date").set_value(dt.date(2020, 11, 20)).run()
    first, second = fake_map.calls[0], fake_map.calls[-1]
    assert first.opening == second.opening  # the same frame, rendered once
    assert first.payload["frame"]["date"] != second.payload["frame"]["date"]


def test_invalid_data_shows_the_problems_page(tmp_path, mini, fake_map):
    edit_yaml(mini / "control.yaml", lambda d: d[0].update(district="AZ-NOPE"))
    at = run_app(argv=["--data", str(mini)])
    assert at.error and "problem(s)" in at.error[0].value
    assert "control.yaml, record alpha-start, field district: unknown district" in texts(at)


def test_another_data_package_runs(mini, fake_map):
    at = run_app({"date": "2020-11-15", "district": "AZ-AAA"}, argv=["--data", str(mini)])
    assert "Alpha/Alfa" in texts(at)


def test_the_view_below_the_map_waits_until_the_map_has_drawn(fake_map):
    """The table's code would load in the browser while the map draws: the first run of a session shows
    a line in its place; the map's first report (which reruns the script) brings the table."""
    fake_map.result = {}  # the frame has not reported yet
    at = run_app({"date": "2020-11-20"})
    assert not at.dataframe and "follows once the map has drawn" in texts(at)
    fake_map.result = MAP_DRAWN
    at.run()
    assert len(at.dataframe) == 1 and "follows once the map has drawn" not in texts(at)
    fake_map.result = {"last_active_drawing": None, "zoom": SETTINGS.map_zoom}  # a later report without a centre
    at.run()
    assert len(at.dataframe) == 1


def test_a_settlement_s_exact_name_is_chosen_before_names_that_contain_it(fake_map):
    """'Hadrut' is the town's name and part of a post's ('... (Hadrut area) ...'): the town opens at once."""
    at = run_app({"date": "2020-10-20"})
    at.text_input(key="find_text").input("hadrut").run()
    assert at.session_state.place == "hadrut"
    at.text_input(key="find_text").input("Hin Tagher").run()  # the village and the post there: a choice
    assert at.selectbox(key="find").options[0].startswith("Hin Tagher")
