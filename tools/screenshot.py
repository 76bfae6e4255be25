"""Make docs/screenshot.png from the real app: `python tools/screenshot.py [URL-QUERY]`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from tools.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer, map_frame  # noqa: E402


def main(query: str = "date=2020-11-20&district=AZ-AGM", out: Path = ROOT / "docs" / "screenshot.png") -> None:
    server = StreamlitServer()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1050})
            page.goto(f"{server.url}/?{query}")
            map_frame(page)
            page.wait_for_timeout(1500)  # let fonts and the panel settle
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.stop()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
