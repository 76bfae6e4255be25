"""What the reader sees, checked against the data it must show (not against the code that draws it), so a
display that breaks fails here: a click on Shusha city, month-precise dates, the area chart's shares and
colours, the split districts' depth. The map itself is checked in a real browser in
tests/browser/test_both_editions.py."""

from __future__ import annotations

import datetime as dt
import json

from geo import Timeline, load_package
from geo.frames import date_payload
from tests.conftest import edit_yaml
from tests.helpers import clicked, run_app, texts
from tests.helpers import first_words as status


def legend_colours() -> dict[str, str]:
    """The legend both editions' maps draw (geo/mapcore/kcm-legend.js, from the app's map data): each line's words ->
    its swatch's colour. tests/browser/test_map_cartography.py checks the legend as drawn."""
    from dashboard.bundle import GENERATED_DIR, build_bundle
    from geo.settings import DEFAULT_DATA_DIR

    data = json.loads((GENERATED_DIR / build_bundle(str(DEFAULT_DATA_DIR)).data_file).read_text(encoding="utf-8"))
    return {words: colour for colour, _key, words in data["legend"]}


def test_a_click_on_shusha_city_opens_the_city_not_the_district_around_it(fake_map):
    """Shusha city was taken on 8 November 2020 while the villages of Shusha district stayed Armenian-held:
    a click on the city must open the city, with its own status."""
    fake_map.result = clicked("district", "AZ-SUS-C")
    at = run_app({"date": "2020-11-08"})
    assert at.session_state.district == "AZ-SUS-C" and at.query_params["district"] == "AZ-SUS-C"
    page = texts(at)
    assert "Shusha/Shushi city" in page
    assert "On 8 November 2020: Azerbaijani control" in page


def test_a_month_precise_date_is_shown_as_its_month(mini, fake_map):
    """Kalbajar's posts were withdrawn in April 2024 (the source gives no day): never "1 April 2024"."""
    at = run_app({"date": "2024-05-01", "district": "AZ-KAL"})
    page = texts(at)
    assert "April 2024" in page and "1 April 2024" not in page
    edit_yaml(mini / "place_control.yaml", lambda changes: changes[0].update(date="2020-10-01", precision="month"))
    at = run_app({"date": "2020-10-20", "place": "gamma"}, argv=["--data", str(mini)])
    page = texts(at)
    assert "October 2020" in page and "1 October 2020" not in page


def test_the_area_chart_divides_a_split_district_by_its_armenian_held_share(mini, fake_map):
    """Mini package on its first day: Beta (95.2 km²) held by Armenian forces, Alpha (95.2 km²) split with 60%
    held by Armenian forces: 95.2 + 57.1 km² Armenian-held, 38.1 km² under Azerbaijani control."""
    at = run_app({"date": "2000-01-01", "view": "Area over time"}, argv=["--data", str(mini)])
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    first_day = {row["side"]: row["km2"] for row in spec["layer"][0]["data"]["values"] if row["date"] == "2000-01-01"}
    assert first_day[status.name(status.ARMENIAN)] == 152.3
    assert first_day[status.name(status.AZERBAIJAN)] == 38.1


def test_the_area_chart_draws_each_side_in_the_legends_colour(fake_map):
    at = run_app({"date": "2020-10-20", "view": "Area over time"})
    legend = legend_colours()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    drawn = dict(zip(scale["domain"], scale["range"], strict=True))
    assert drawn[status.name(status.ARMENIAN)] == legend["Held by Armenian forces"] == "#E69F00"
    assert drawn[status.name(status.AZERBAIJAN)] == legend["Azerbaijani control"] == "#0072B2"


def test_a_split_district_is_deeper_where_a_larger_share_was_armenian_held(mini):
    """The legend's promise for split districts: deeper where a larger sourced share was held by Armenian forces."""
    edit_yaml(mini / "control.yaml", lambda records: records[3]["set"].update(controller="split", share=0.2))
    package = load_package(mini)
    payload = date_payload(package, Timeline(package), dt.date(2000, 1, 1))
    assert payload["statuses"]["AZ-AAA"] == payload["statuses"]["AZ-BBB"] == status.SPLIT
    alpha, beta = payload["styles"]["AZ-AAA"][1], payload["styles"]["AZ-BBB"][1]  # shares 0.6 and 0.2
    assert 0 < beta < alpha <= 1
