"""The inferred areas in the app (dashboard/inferred.py): the switch that follows the date until the reader sets
it, the view the map is sent, and the panel of a clicked area. The map component is the fake of test_app.py."""

import datetime as dt
from unittest import mock

import pytest

from geo import Timeline, load_package
from geo.frames import MapEncoder, timeline_places
from tests.helpers import FakeFolium, clicked, run_app, texts


@pytest.fixture
def fake_map():
    fake = FakeFolium()
    with mock.patch("dashboard.map.draw", fake):
        yield fake


def sent(call) -> dict:
    """The payload the map was sent on one run (dashboard/map.py date_script)."""
    return call.payload


def test_the_switch_is_on_in_the_war_and_off_after_until_the_reader_sets_it(fake_map):
    at = run_app({"date": "2020-10-20"})
    assert at.toggle(key="inferred_areas").value is True and sent(fake_map.calls[-1])["view"]["inferred"] is True
    at.toggle(key="inferred_areas").set_value(False).run()
    assert sent(fake_map.calls[-1])["view"]["inferred"] is False
    at = run_app({"date": "2021-06-01"})
    assert at.toggle(key="inferred_areas").value is False and sent(fake_map.calls[-1])["view"]["inferred"] is False
    at.toggle(key="inferred_areas").set_value(True).run()
    assert sent(fake_map.calls[-1])["view"]["inferred"] is True


def test_a_click_on_an_area_lists_the_settlements_it_rests_on_with_sources(fake_map):
    package = load_package()
    encoder = MapEncoder(package, Timeline(package))
    frame = encoder.frame(dt.date(2020, 10, 20))
    index = encoder.tables["inferred"]["sets"][frame["inferred"]][0]
    area = encoder.tables["inferred"]["areas"][index]
    fake_map.result = clicked("area", str(index))
    at = run_app({"date": "2020-10-20"})
    assert at.session_state.area == str(index)
    page = texts(at)
    assert "not a surveyed front line" in page and "(inferred area)" in page
    names = [timeline_places(package)[i].names.en for i in area[3]]
    assert all(name in page for name in names)
    assert any("Sources" in e.label for e in at.expander) and "<cite>" in page
    assert sent(fake_map.calls[-1])["view"]["selected"] == {"kind": "area", "id": str(index)}
    assert "Not drawn on" not in page
    at.slider(key="date").set_value(dt.date(2021, 6, 1)).run()  # the areas are off then
    assert at.session_state.area == str(index) and "Not drawn on 1 June 2021" in texts(at)
    at.button(key="kcm-area-district").click().run()  # the district under the area stays one click away
    assert at.session_state.district == area[0] and not at.session_state.area


@pytest.mark.parametrize("item", ["99999", "-1", "__proto__", "1.0", ""])
def test_an_area_the_map_does_not_have_changes_nothing(fake_map, item):
    fake_map.result = clicked("area", item)
    at = run_app({"date": "2020-10-20"})
    assert not at.session_state.get("area")


def _panel_texts(at, key: str) -> list[str]:
    """The texts of the container `key` in page order: headings, captions, markdown, buttons and expanders' labels
    (their Markdown escapes and bold marks removed, as a reader reads them)."""
    def walk(node, inside):
        proto = getattr(node, "proto", None)
        inside = inside or key in str(getattr(node, "key", "") or "") or (
            proto is not None and key in str(getattr(proto, "id", "") or ""))
        if inside:
            kind = getattr(node, "type", "")
            if kind in ("markdown", "subheader", "caption", "button", "expander"):
                value = node.label if kind in ("button", "expander") else node.value
                yield value.replace("\\", "").replace("**", "").removeprefix("#### ")
        for child in getattr(node, "children", {}).values():
            yield from walk(child, inside)
    return list(walk(at._tree, False))


def test_the_app_s_area_panel_says_the_static_edition_s_words_for_the_same_area(fake_map):
    """Issue 17: the app's inferred-area panel says, line by line, what the static page's panel places for the same
    area on the same date, from the static edition's own data (geo/site/data.py, filled in as kcm-panel.js fills
    it): the title, what the area is, the district's button, the settlements it rests on with their status,
    whose claim each is and whose sources it shows."""
    from geo.site.data import site_data
    from geo.site.runs import site_frame, value_at

    package = load_package()
    data = site_data(package, Timeline(package), "test")
    words, day = data["panel"], "2020-10-20"
    table = data["map"]["tables"]["inferred"]
    shown_frame = max(i for i, date in enumerate(data["frames"]["dates"]) if date <= day)
    frame = site_frame(data, shown_frame)
    index = table["sets"][frame["map"]["inferred"]][0]
    district, controller, announced, places, _ = table["areas"][index]
    code = next(c for c, side in data["map"]["placeCodes"].items() if side == controller)
    expected = [words["areaTitle"].format(status=data["map"]["placeStatus"][code.lower() if announced else code]),
                data["map"]["inferredWords"]["note"].format(n=len(places)) + ". "
                + words["areaWithin"].format(district=data["districts"][district]["names"]["display"]),
                words["areaOpen"], words["areaRests"].format(n=len(places))]
    for i in places:
        place = data["map"]["geometry"]["places"][i]
        expected.append(f"{place['name']}: {value_at(data['places'][place['id']]['status'], shown_frame)}")
        changes = data["places"][place["id"]]["changes"]
        last = ([c for c in changes if c["date"] <= day] or changes[:1])[-1]
        expected += [last["claim"]] if last["claim"] else []
        template = words["areaSourcesPast" if last["date"] <= day else "areaSourcesNext"]
        expected.append(template.format(when=last["when"]))
    fake_map.result = clicked("area", str(index))
    at = run_app({"date": day})
    shown = _panel_texts(at, "kcm-panel-area")
    assert shown[:len(expected)] == expected, shown
    assert shown[len(expected):] == ["✕ Close the area"]


@pytest.fixture
def lazy_bundle(monkeypatch):
    """The real package with its areas built per date shown, as a package above the size threshold has them."""
    monkeypatch.setattr("geo.inferred_encoding.LAZY_FROM", 0)
    monkeypatch.setattr("dashboard.bundle._BUNDLES", {})


def test_built_per_date_an_area_s_row_reaches_the_map_once_a_session(fake_map, lazy_bundle):
    at = run_app({"date": "2020-10-20"})
    first = sent(fake_map.calls[-1])["frame"]
    assert first["inferred"] and sorted(map(int, first["inferredAreas"])) == sorted(set(first["inferred"]))
    held = set(first["inferred"])
    for day in ("2020-10-21", "2020-11-05", "2020-10-20", "2020-11-12"):
        at.slider(key="date").set_value(dt.date.fromisoformat(day)).run()
        frame = sent(fake_map.calls[-1])["frame"]
        new = set(map(int, frame.get("inferredAreas", {})))
        assert frame["inferred"] and new == set(frame["inferred"]) - held, day  # only the rows not sent before
        held |= new
    at.slider(key="date").set_value(dt.date(2021, 6, 1)).run()  # the areas are off then: none built or sent
    assert sent(fake_map.calls[-1])["frame"]["inferred"] == []
    at.slider(key="date").set_value(dt.date(2020, 10, 20)).run()
    assert "inferredAreas" not in sent(fake_map.calls[-1])["frame"]
    # A map that lacks rows it was sent (a frame it never drew) says so: the next frame carries them all.
    fake_map.result = clicked("missing", "inferred")
    at.run()
    frame = sent(fake_map.calls[-1])["frame"]
    assert sorted(map(int, frame["inferredAreas"])) == sorted(set(frame["inferred"]))


def test_built_per_date_a_clicked_area_opens_its_panel(fake_map, lazy_bundle):
    at = run_app({"date": "2020-10-20"})
    frame = sent(fake_map.calls[-1])["frame"]
    index = frame["inferred"][0]
    fake_map.result = clicked("area", str(index))
    at.run()
    assert at.session_state.area == str(index) and "(inferred area)" in texts(at) and "Not drawn on" not in texts(at)
    at.slider(key="date").set_value(dt.date(2021, 6, 1)).run()
    assert "Not drawn on 1 June 2021" in texts(at)


@pytest.fixture
def diff_bundle(monkeypatch):
    """The real package with a step's changed codes sent alone, as a package of many settlements has them."""
    monkeypatch.setattr("geo.layers.places.DIFF_FROM", 0)
    monkeypatch.setattr("dashboard.bundle._BUNDLES", {})


def test_a_step_sends_the_session_s_map_the_changed_codes_and_every_code_when_it_lacks_them(fake_map, diff_bundle):
    from geo.frames import place_codes

    package = load_package()
    timeline = Timeline(package)
    at = run_app({"date": "2020-10-20"})
    codes = list(sent(fake_map.calls[-1])["frame"]["places"])
    for day in ("2020-10-21", "2020-10-22", "2020-10-25", "2020-10-23"):  # a few settlements change
        at.slider(key="date").set_value(dt.date.fromisoformat(day)).run()
        frame = sent(fake_map.calls[-1])["frame"]
        assert "places" not in frame, day
        for i, code in zip(frame["placesDiff"]["at"], frame["placesDiff"]["codes"], strict=True):
            codes[i] = code
        assert "".join(codes) == place_codes(package, timeline, dt.date.fromisoformat(day)), day
    # A map that cannot apply them (it holds none of the days they are worked out from) says so: every code again.
    fake_map.result = clicked("missing", "places")
    at.run()
    frame = sent(fake_map.calls[-1])["frame"]
    assert frame["places"] == place_codes(package, timeline, dt.date(2020, 10, 23)) and "placesDiff" not in frame
