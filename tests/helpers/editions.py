"""Both editions driven alike (tests/browser/test_both_editions*.py): open, move the date, point at the map, read
the panel, serve broken data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.helpers.common import hex_colour
from tools.harness import map_frame, wait_for, wait_idle

STATIC_READY = "() => !!(window.kcmExport && window.kcmExport.ready)"
VISIBLE_TEXT = """() => [document.body.innerText,
    Array.from(document.querySelectorAll('ul.kcm-legend')).map(l => l.textContent).join(' ')].join(' ')"""
STATIC_DATA_PREFIX, STATIC_DATA_SUFFIX = "window.KCM_DATA = JSON.parse(", ");\n"


@dataclass
class Edition:
    """How a test drives one edition: open it, reach the document its map is drawn in, move the date, point at
    the map, read its side panel, and serve it broken data."""

    name: str  # "app" or "static"
    recorder: Any  # tools.harness.PageRecorder
    base: str
    map: Any = None  # the document the map is drawn in: the app's map frame, the static page itself

    @property
    def page(self) -> Any:
        return self.recorder.page

    def open(self, date: str, more: str = "") -> None:
        """Open the edition at `date` (`more`: further address parameters, e.g. "&district=AZ-KAL")."""
        if self.name == "app":
            self.page.goto(f"{self.base}/?date={date}{more}")
            self.map = map_frame(self.page)
            wait_idle(self.page)
        else:
            self.page.goto(f"{self.base}/index.html?date={date}{more}")
            self.page.wait_for_function(STATIC_READY, timeout=15000)
            self.map = self.page

    def date(self) -> str:
        return self.map.get_attribute(".leaflet-container", "data-date")

    def wait_date(self, date: str) -> None:
        wait_for(self.map, f"document.querySelector('.leaflet-container').getAttribute('data-date') === '{date}'")
        if self.name == "app":
            wait_idle(self.page)

    def show(self, date: str) -> None:
        """Go to a date as a reader types it (the app's date box) or drags the slider (the static page)."""
        if self.name == "app":
            box = self.page.get_by_role("textbox", name="Go to date")
            box.fill(date)
            box.press("Enter")
        else:
            start = self.page.evaluate("KCM_DATA.start")
            days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(start)).days
            self.page.fill("#kcm-slider", str(days))
        self.wait_date(date)

    def press_on_slider(self, key: str, date_after: str) -> None:
        """A key on the date slider (the mouse stays where it is); waits until the map shows `date_after`."""
        slider = self.page.get_by_role("slider") if self.name == "app" else self.page.locator("#kcm-slider")
        slider.focus()
        slider.press(key)
        self.wait_date(date_after)

    def fill(self, district: str) -> str:
        """A district's fill as drawn, as #RRGGBB."""
        return hex_colour(self.map.locator(f'path.kcm-district[data-id="{district}"]').evaluate(
            "el => el.getAttribute('fill')"))

    def text(self) -> str:
        """Every word the reader can see: the page's, the map's (the app draws it in a frame), the legend's."""
        return " ".join(doc.evaluate(VISIBLE_TEXT) for doc in {id(d): d for d in (self.page, self.map)}.values())

    def panel_text(self, once: str = "") -> str:
        """The side panel's text, once it holds `once` (the app draws its panel element by element over a rerun:
        read too early, it holds only the heading)."""
        panel = self.page.locator("[class*='st-key-kcm-panel-']" if self.name == "app" else "#kcm-panel-body")
        if once:
            panel.filter(has_text=once).first.wait_for(timeout=20000)
        return panel.first.inner_text(timeout=20000)

    def set_view(self, lat_lon: tuple[float, float], zoom: float) -> None:
        self.map.evaluate("([lat, lon, zoom]) => (window.kcm ? kcm.map : kcmExport.map).setView([lat, lon], zoom, "
                          "{animate: false})", [*lat_lon, zoom])

    def on_screen(self, lat_lon: tuple[float, float]) -> tuple[float, float]:
        """Where a point of the map is in the page (the map scrolled into view)."""
        frame = self.page.locator("iframe[src*='streamlit_folium']") if self.name == "app" else None
        (frame if frame is not None else self.page.locator(".leaflet-container")).scroll_into_view_if_needed()
        x, y = self.map.evaluate("([lat, lon]) => { const m = window.kcm ? kcm.map : kcmExport.map, "
                                 "p = m.latLngToContainerPoint([lat, lon]), "
                                 "r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
                                 list(lat_lon))
        if frame is not None:
            box = frame.bounding_box()
            x, y = x + box["x"], y + box["y"]
        return x, y

    def hover(self, lat_lon: tuple[float, float]) -> str:
        """Move the mouse onto a point of the map: the tooltip's text."""
        self.away()
        x, y = self.on_screen(lat_lon)
        self.page.mouse.move(x - 3, y)
        self.page.mouse.move(x, y, steps=3)
        tooltip = self.map.locator(".leaflet-tooltip").first
        tooltip.wait_for(timeout=10000)
        return tooltip.inner_text()

    def tooltip(self) -> str:
        return self.map.locator(".leaflet-tooltip").first.inner_text()

    def away(self) -> None:
        """The mouse leaves the map: its tooltips close."""
        self.page.mouse.move(1, 1)
        self.map.wait_for_function("() => !document.querySelector('.leaflet-tooltip')", timeout=10000)

    def serve_broken(self, breaking: Callable[[dict], None], whole_site: bool = False) -> None:
        """Serve the edition's map data with `breaking` applied: the app's generated map-data file, the static
        edition's data script (whose `map` is the same map data; `whole_site`: break the page's data as a whole)."""
        def app_data(route: Any) -> None:
            data = json.loads(route.fetch().text())
            breaking(data)
            route.fulfill(body=json.dumps(data), content_type="application/json")

        def static_data(route: Any) -> None:
            text = route.fetch().text()
            site = json.loads(json.loads(text.removeprefix(STATIC_DATA_PREFIX).removesuffix(STATIC_DATA_SUFFIX)))
            breaking(site if whole_site else site["map"])
            route.fulfill(body=f"{STATIC_DATA_PREFIX}{json.dumps(json.dumps(site))}{STATIC_DATA_SUFFIX}",
                          content_type="text/javascript")

        if self.name == "app":
            self.page.route("**/map-data-*.json", app_data)
        else:
            self.page.route("**/assets/kcm-data.*.js", static_data)
