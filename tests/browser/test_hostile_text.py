"""Hostile strings in every data field that reaches HTML or JavaScript: nothing runs, all is shown literally."""

import hashlib
import json
import shutil

import pytest

from tests.browser.harness import StreamlitServer, map_frame
from tests.conftest import FIXTURES, edit_yaml

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "${1+1} `backtick` \"double\" 'single'"
SCRIPT = "<script>alert(2)</script>"
MD_LINK = "[click me](javascript:alert(3)) :red[red] $x^2$ **bold**"
LONG = "Long" + "x" * 3000


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    data, seeds = root / "data", root / "seeds"
    geo = json.loads((data / "districts.geojson").read_text(encoding="utf-8"))
    props = geo["features"][0]["properties"]
    props.update(name_en=IMG, label=IMG, name_az=TEMPLATE, name_hy=SCRIPT, name_ru=MD_LINK, aliases=[LONG, "</script>"])
    (data / "districts.geojson").write_text(json.dumps(geo), encoding="utf-8")
    seed = seeds / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + f"\nThey said {SCRIPT} and {IMG}.\n", encoding="utf-8")
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    edit_yaml(seeds / "index.yaml", lambda d: d[0].update(sha256=digest, title=SCRIPT + " seed title"))
    edit_yaml(data / "sources.yaml", lambda d: d[0].update(title=IMG + " source", publisher=TEMPLATE))
    edit_yaml(data / "events.yaml", lambda d: d[1].update(title=MD_LINK))
    edit_yaml(data / "positions.yaml", lambda d: d[0].update(name=IMG + " post", precision_note=SCRIPT))

    def hostile_changes(d):
        d[0]["summary"] = MD_LINK
        d[2]["citations"].append({"source": "alpha.txt", "quote": f"They said {SCRIPT} and {IMG}."})
    edit_yaml(data / "control.yaml", hostile_changes)
    server = StreamlitServer(data)
    yield server
    server.stop()


def assert_nothing_ran(page, frame):
    assert page.dialogs == [], page.dialogs
    for target in (page.page, frame):
        assert target.locator("img[src='x']").count() == 0
        assert target.evaluate("Array.from(document.scripts).filter(s => s.text.includes('alert(')).length") == 0


def test_hostile_names_quotes_and_titles_are_shown_literally(hostile, page):
    page.page.goto(f"{hostile.url}/?date=2020-11-20&district=AZ-AAA")
    frame = map_frame(page.page)
    page.page.get_by_text(IMG, exact=False).first.wait_for(timeout=20000)
    body = page.page.inner_text("body")
    for literal in (IMG, "${1+1}", SCRIPT, "[click me](javascript:alert(3))", ":red[red]", "$x^2$", "**bold**"):
        assert literal in body, literal
    assert page.page.locator("a[href^='javascript']").count() == 0
    links = page.page.locator("a[href='https://example.org/report']")
    assert links.count() >= 1 and links.first.get_attribute("rel") == "noopener noreferrer"
    page.page.get_by_role("button", name="Read the quote in the article").last.click()
    page.page.locator("mark#quote").first.wait_for(timeout=20000)
    assert SCRIPT in page.page.locator("mark#quote").first.inner_text()
    assert_nothing_ran(page, frame)


def test_hostile_tooltips_and_labels_in_the_map_are_text(hostile, page):
    page.page.goto(f"{hostile.url}/?date=2021-01-01")
    frame = map_frame(page.page)
    labels = frame.evaluate("Array.from(document.querySelectorAll('.kcm-label')).map(e => e.textContent)")
    assert IMG in labels
    point = frame.evaluate("(() => { const p = kcm.map.latLngToContainerPoint([40.02, 46.03]); return [p.x, p.y]; })()")
    box = page.page.locator("iframe[title*='streamlit_folium']").bounding_box()
    page.page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    frame.locator(".leaflet-tooltip").first.wait_for(timeout=10000)
    assert IMG in frame.locator(".leaflet-tooltip").first.inner_text()
    marker = frame.locator(".kcm-position").first
    marker.hover()
    frame.get_by_text(IMG + " post").first.wait_for(timeout=10000)
    assert_nothing_ran(page, frame)
    assert not page.foreign_hosts()


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    edit_yaml(root / "data" / "control.yaml", lambda d: d[0].update(district="AZ-NOPE", kind=IMG))
    (root / "data" / "events.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    server = StreamlitServer(root / "data")
    yield server
    server.stop()


def test_invalid_data_opens_a_readable_problems_page(broken, page):
    page.page.goto(broken.url)
    page.page.get_by_text("problem(s)").first.wait_for(timeout=30000)
    body = page.page.inner_text("body")
    assert "Traceback" not in body
    assert "control.yaml, record alpha-start, field kind: '<img src=x onerror=alert(1)>' is not allowed" in body
    assert "events.yaml, record -, field -: invalid YAML at line" in body
    assert page.dialogs == [] and page.page.locator("img[src='x']").count() == 0
    assert broken.process.poll() is None  # the server keeps running
