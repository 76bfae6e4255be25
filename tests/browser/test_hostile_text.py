"""One set of hostile strings pushed through every text path, in a real browser: URL parameters, district
names, labels and aliases, place and position names, seed titles, file names and notes, source titles,
publishers and notes, quotes, summaries, event titles, the package title and provenance.

Nothing may run or render as markup: no dialog, no injected node, no link or image to another host
(every request to another host is blocked and recorded, and fails the test), no KaTeX, no Streamlit
directive; every string is shown literally.
"""

import csv
import hashlib
import io
import json
import re
import shutil
from urllib.parse import urlencode

import pytest

from tests.conftest import FIXTURES, edit_yaml
from tests.helpers import rename
from tools.harness import StreamlitServer, map_frame, wait_idle

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>alert(2)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(3))",
    "[Log in again](https://evil.example/login)",
    "![x](https://evil.example/t.png)",
    "https://evil.example/bare",
    "www.evil.example",
    "mail@evil.example",
    "$x^2$ $$y$$",
    ":red[red]",
    ":material/home:",
    ":smile:",
    "${1+1}",
    "`backtick`",
    "**bold** # heading",
    "&lt;b&gt;",
]
HOSTILE = " ".join(PAYLOADS)
LONG = "Long" + "x" * 3000
# A seed's file name is plain ASCII since ids follow patterns (tests/geo/test_ids.py refuses a hostile one); it is
# still shown in the seed's button help and the article viewer, where these tests look for it.
SEED = "S1_hostile-seed.txt"
FORMULA = '=HYPERLINK("https://evil.example/csv","Click")'
LEGIT_LINKS = {"https://example.org/report", "https://example.org/wiki/Gamma"}  # the sources' own URLs


def tagged(tag):
    return f"{tag} {HOSTILE}"


# Every data field given a hostile value, by the tag that makes its text unique on the page.
SHOWN_IN_PANEL = ["name_en", "name_az", "name_hy", "name_ru", "label", "alias", "package", "summary",
                  "quote", "note", "source_title", "publisher", "seed_title", "event", "reliability_reason", "party",
                  "district_account_by", "district_account"]
SHOWN_IN_ARTICLE = ["seed_title", "publisher_note", "date_note"]
SHOWN_FOR_POSITION = ["position", "precision_note", "period", "post_count"]
# (a coordinate's as_written stays in the data: the panel names the page it comes from, not its raw text)
SHOWN_FOR_PLACE = ["place_en", "place_az", "place_hy", "place_ru", "place_alias", "coord_source",
                   "announced_by", "place_summary", "account_by", "account_summary", "place_note"]
SHOWN_IN_ABOUT = ["prov_source", "prov_credit", "prov_licence", "prov_scale", "prov_fix"]


def hostile_package(root):
    """A copy of the mini package at `root` with a hostile value in every text field; returns its data dir."""
    shutil.copytree(FIXTURES / "mini", root)
    data, seeds = root / "data", root / "seeds"
    geo = json.loads((data / "districts.geojson").read_text(encoding="utf-8"))
    geo["features"][0]["properties"].update(
        name_en=tagged("name_en"), label=tagged("label"), name_az=tagged("name_az"), name_hy=tagged("name_hy"),
        name_ru=tagged("name_ru"), aliases=[tagged("alias"), LONG, "</script>"])
    geo["features"][1]["properties"].update(name_en=FORMULA)
    geo["provenance"] = {"source": tagged("prov_source"), "credit": tagged("prov_credit"),
                         "licence": tagged("prov_licence"), "scale": tagged("prov_scale"),
                         "fixes": [tagged("prov_fix")]}
    (data / "districts.geojson").write_text(json.dumps(geo), encoding="utf-8")
    places = list(csv.reader(io.StringIO((data / "places.csv").read_text(encoding="utf-8"))))
    places[1][1] = tagged("place")  # not shown today: whatever shows it later is covered
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(places)
    (data / "places.csv").write_text(out.getvalue(), encoding="utf-8")

    (seeds / "alpha.txt").rename(seeds / SEED)
    seed = seeds / SEED
    seed.write_text(seed.read_text(encoding="utf-8") + f"\n{tagged('quote')}\n", encoding="utf-8")
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    edit_yaml(seeds / "index.yaml", lambda d: d[0].update(
        id=SEED, sha256=digest, title=tagged("seed_title"), publisher="Seed publisher", publisher_basis="inferred",
        publisher_note=tagged("publisher_note"), date_note=tagged("date_note")))
    for path in data.glob("*.yaml"):
        edit_yaml(path, lambda d: rename(d, "alpha.txt", SEED))
    edit_yaml(data / "package.yaml", lambda d: d.update(title=tagged("package")))

    def hostile_outlet(d):  # the seed's publisher: its class, reason and party are shown beside it
        d["parties"].append({"id": "hostile-party", "name": tagged("party")})
        d["outlets"].append({"id": "seed-publisher", "name": "Seed publisher", "class": "state_affiliated",
                             "party": "hostile-party", "reason": tagged("reliability_reason")})
    edit_yaml(data / "publishers.yaml", hostile_outlet)
    def hostile_sources(d):
        d[0].update(title=tagged("source_title"), publisher=tagged("publisher"))
        d[1].update(title=tagged("coord_source"))
    edit_yaml(data / "sources.yaml", hostile_sources)
    edit_yaml(data / "places.yaml", lambda d: d[0].update(
        names={"en": tagged("place_en"), "az": tagged("place_az"), "hy": tagged("place_hy"), "ru": tagged("place_ru")},
        aliases=[tagged("place_alias")],
        coordinate={**d[0]["coordinate"], "as_written": "40°01′12″N 46°01′48″E " + tagged("as_written")}))
    edit_yaml(data / "place_control.yaml", lambda d: d[0].update(
        announced_by=tagged("announced_by"), summary=tagged("place_summary"),
        accounts=[{"side": "armenian_forces", "stance": "denied", "date": "2020-10-10", "precision": "day",
                   "by": tagged("account_by"), "summary": tagged("account_summary"),
                   "citations": [{"source": "ext-report", "note": "denies it"}]}],
        citations=[{"source": "ext-report", "note": tagged("place_note")}]))
    edit_yaml(data / "periods.yaml", lambda d: d[1].update(title=tagged("period"), summary=tagged("period_summary")))
    edit_yaml(data / "post_counts.yaml", lambda d: d.append({
        "id": "count-closed", "kind": "closed", "date": "2021-06-01", "precision": "day", "total": 20,
        "summary": tagged("post_count"), "citations": [{"source": "ext-report", "note": "closes posts"}]}))
    edit_yaml(data / "events.yaml", lambda d: d[1].update(title=tagged("event"), summary=tagged("event_summary")))
    edit_yaml(data / "positions.yaml", lambda d: d[0].update(name=tagged("position"),
                                                             precision_note=tagged("precision_note")))
    edit_yaml(data / "corridor.yaml", lambda d: d[0].update(name=tagged("route"), precision_note=tagged("route_note")))

    def hostile_changes(d):
        d[0]["summary"] = tagged("summary")
        d[0]["figures"][1]["citations"][0]["note"] = tagged("note") + " " + LONG
        d[2]["citations"].append({"source": SEED, "quote": tagged("quote")})
        d[2]["accounts"] = [{"side": "armenian_forces", "stance": "acknowledged", "date": "2020-11-20",
                             "precision": "day",
                             "by": tagged("district_account_by"), "summary": tagged("district_account"),
                             "citations": [{"source": "ext-report", "note": "acknowledges it"}]}]
    edit_yaml(data / "control.yaml", hostile_changes)
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    server = StreamlitServer(hostile_package(tmp_path_factory.mktemp("hostile") / "mini"))
    yield server
    server.stop()


def normalised(text):
    """Text as a reader sees it: invisible word joiners dropped, white space collapsed."""
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


def shown(page):
    return normalised(page.page.inner_text("body"))


def assert_literal(page, tags):
    wait_idle(page.page)  # the run that shows them has finished sending its elements
    body = shown(page)
    missing = [tag for tag in tags if normalised(tagged(tag)) not in body]
    assert missing == [], f"not shown literally: {missing}"


INERT = """() => {
  const local = h => ['localhost', '127.0.0.1', '[::1]'].includes(h);
  const foreign = u => { try { const url = new URL(u, location.href);
    return ['http:', 'https:'].includes(url.protocol) && !local(url.hostname); } catch (e) { return true; } };
  return {
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href)
      .filter(h => !h.startsWith('http://localhost') && !h.startsWith('http://127.0.0.1')),
    images: Array.from(document.querySelectorAll('img, image, source, video, audio, iframe'))
      .map(e => e.getAttribute('src') || e.getAttribute('href') || '').filter(s => s && foreign(s)),
    scripts: Array.from(document.scripts).filter(s => s.text.includes('alert(')).length,
    injected: document.querySelectorAll("img[src='x'], [onerror], script[src*='evil']").length,
    katex: document.querySelectorAll('.katex, .katex-display').length,
    coloured: document.querySelectorAll('.stMarkdownColoredText').length,
    icons: document.querySelectorAll('[aria-label="home icon"]').length,
  };
}"""


def assert_inert(page, *frames):
    """Nothing ran, nothing was injected, no link or request left this machine."""
    assert page.dialogs == [], page.dialogs
    for target in (page.page, *frames):
        found = target.evaluate(INERT)
        assert set(found.pop("links")) <= LEGIT_LINKS
        assert found == {"images": [], "scripts": 0, "injected": 0, "katex": 0, "coloured": 0, "icons": 0}, found
    assert not page.foreign_hosts(), page.foreign_hosts()


def open_every_expander(page):
    closed = page.page.locator("[data-testid=stExpander] details:not([open]) > summary")
    while closed.count():
        closed.first.click()


def test_hostile_url_parameters_are_shown_as_text_in_one_warning_each(hostile, page):
    params = [("date", "[Log in again](https://evil.example)"), ("district", "![x](https://evil.example/t.png)"),
              ("$x^2$", ":red[red]"), (":material/home:", "1"),
              ("https://evil.example/u", "<img src=x onerror=alert(1)>")]
    params += [(f"p{i:03}", "![x](https://evil.example/p.png)") for i in range(300)]
    page.page.goto(f"{hostile.url}/?{urlencode(params)}")
    frame = map_frame(page.page)
    wait_idle(page.page)
    alerts = [normalised(a) for a in page.page.locator("[data-testid=stAlert]").all_inner_texts()]
    assert len(alerts) == 3, alerts  # the date, the district and all 303 unknown parameters
    assert "URL date '[Log in again](https://evil.example)' is not a date" in " ".join(alerts)
    assert "URL district '![x](https://evil.example/t.png)' is not a known district id" in " ".join(alerts)
    assert "Ignored 303 unknown URL parameters ('$x^2$', ':material/home:', 'https://evil.example/u' and 300 more)" \
        in " ".join(alerts)
    assert all(len(a) < 300 for a in alerts)
    assert_inert(page, frame)


def test_hostile_text_in_every_data_field_is_shown_literally(hostile, page):
    page.page.goto(f"{hostile.url}/?date=2020-11-20&district=AZ-AAA")
    frame = map_frame(page.page)
    wait_idle(page.page)
    open_every_expander(page)
    assert_literal(page, SHOWN_IN_PANEL)
    assert LONG in shown(page)

    # a button's help: the seed's file name
    button = page.page.get_by_role("button", name="Read the quote in the article").last
    button.hover()
    tooltip = page.page.locator("[data-testid=stTooltipContent]").first
    tooltip.wait_for(timeout=10000)
    assert f"Opens {SEED} inside the app" in normalised(tooltip.inner_text())
    assert_inert(page, frame)

    # the article viewer: seed title, file name, notes and the highlighted quote
    button.click()
    page.page.locator("mark#quote").first.wait_for(timeout=20000)
    assert normalised(page.page.locator("mark#quote").first.inner_text()) == normalised(tagged("quote"))
    assert_literal(page, SHOWN_IN_ARTICLE)
    assert f"file seeds/{SEED}" in shown(page)

    # the district search: its options hold every name
    wait_idle(page.page)
    search = page.page.get_by_role("combobox", name=re.compile("Find a district"))
    search.click()
    search.press("ControlOrMeta+a")
    search.press_sequentially("name_en")
    option = page.page.get_by_role("option").filter(has_text="label").first
    option.wait_for(timeout=10000)
    assert normalised(tagged("name_en")) in normalised(option.inner_text())
    page.page.keyboard.press("Escape")
    assert_inert(page, frame)


def test_hostile_position_place_and_provenance_are_shown_literally(hostile, page):
    page.page.goto(f"{hostile.url}/?date=2021-06-01")
    frame = map_frame(page.page)
    frame.evaluate("kcm.map.setView([40.05, 46.1], 12, {animate: false}); null")  # the mini package, close up
    frame.locator(".kcm-position.kcm-kind-headquarters").click()  # at Betatown
    page.page.get_by_role("button", name="Close the position").wait_for(timeout=20000)
    assert_literal(page, SHOWN_FOR_POSITION)
    wait_idle(page.page)
    frame.locator(".kcm-place[data-id=gamma]").click()
    page.page.get_by_role("button", name="Close the place").wait_for(timeout=20000)
    open_every_expander(page)
    assert_literal(page, SHOWN_FOR_PLACE)
    page.page.get_by_text("About the data", exact=True).click()
    page.page.get_by_text("Places: GeoNames").wait_for(timeout=20000)
    assert_literal(page, SHOWN_IN_ABOUT)
    page.page.get_by_text("Sources", exact=True).click()
    page.page.locator("li cite").first.wait_for(timeout=20000)
    assert_literal(page, ["source_title", "publisher", "seed_title", "coord_source"])
    assert_inert(page, frame)


def test_csv_download_neutralises_formulas_from_data(hostile, page):
    page.page.goto(f"{hostile.url}/?date=2021-01-01")
    frame = map_frame(page.page)
    wait_idle(page.page)
    table = page.page.locator("[data-testid=stDataFrame]").first
    table.hover()
    # Streamlit's own export would copy the formula as it is: it is switched off
    assert page.page.locator("[data-testid=stElementToolbar] button[aria-label*='Download']").count() == 0
    with page.page.expect_download(timeout=20000) as download:
        page.page.get_by_role("button", name="Download this table (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    districts = {row["Id"]: row["District"] for row in rows}
    assert districts["AZ-BBB"] == "'" + FORMULA
    assert districts["AZ-AAA"] == tagged("label")
    assert_inert(page, frame)


def test_hostile_tooltips_and_labels_in_the_map_are_text(hostile, page):
    page.page.goto(f"{hostile.url}/?date=2021-01-01")
    frame = map_frame(page.page)
    labels = frame.evaluate("Array.from(document.querySelectorAll('.kcm-label')).map(e => e.textContent)")
    assert tagged("label") in labels
    point = frame.evaluate("(() => { const p = kcm.map.latLngToContainerPoint([40.08, 46.02]); return [p.x, p.y]; })()")
    box = page.page.locator("iframe[src*='streamlit_folium']").bounding_box()
    page.page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    frame.locator(".leaflet-tooltip").first.wait_for(timeout=10000)
    assert tagged("label") in frame.locator(".leaflet-tooltip").first.inner_text()
    frame.locator(".kcm-position").first.hover()
    frame.get_by_text(tagged("position")).first.wait_for(timeout=10000)
    frame.locator(".kcm-place[data-id=gamma]").first.hover()
    frame.get_by_text(tagged("place_en")).first.wait_for(timeout=10000)
    assert_inert(page, frame)


BAD_KIND = "<img src=x onerror=alert(1)> $x$"  # short: problem messages clip what they repeat
BAD_PRECISION = "[Log in](https://evil.example) :red[r]"


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    def bad(d):
        d[0].update(district="AZ-NOPE", kind=BAD_KIND)
        d[1].update(precision=BAD_PRECISION)
    edit_yaml(root / "data" / "control.yaml", bad)
    (root / "data" / "events.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    server = StreamlitServer(root / "data")
    yield server
    server.stop()


def test_invalid_data_opens_a_readable_problems_page(broken, page):
    page.page.goto(broken.url)
    page.page.get_by_text("problem(s)").first.wait_for(timeout=30000)
    body = shown(page)
    assert "Traceback" not in body
    assert f"control.yaml, record alpha-start, field kind: '{BAD_KIND}' is not allowed" in body
    assert f"field precision: '{BAD_PRECISION}' is not allowed" in body
    assert "events.yaml, record -, field -: invalid YAML at line" in body
    assert_inert(page)
    assert broken.process.poll() is None  # the server keeps running
