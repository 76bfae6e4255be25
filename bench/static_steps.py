"""How long a slider step takes in the static edition: input event to restyled map and panel, layout included.

Exports the site, opens it from disk in headless Chromium and steps the slider STEPS days from the start of
the war, once with no panel open and once with Aghdam's (the longest timeline). Prints and writes
bench/static-steps-results.json. The target is one frame (16 ms).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from geo import load_package  # noqa: E402
from geo.site import export_site  # noqa: E402
from tools.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RESULTS = ROOT / "bench" / "static-steps-results.json"
WARM_UP, START = "2020-08-31", "2020-09-20"
STEPS = 200
# Steps one day at a time the way the slider does, forcing layout after each so the time includes it.
MEASURE = """(steps) => {
  const slider = document.getElementById('kcm-slider');
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    slider.value = String(Number(slider.value) + 1);
    slider.dispatchEvent(new Event('input'));
    document.getElementById('kcm-map').getBoundingClientRect();
    document.getElementById('kcm-panel').offsetHeight;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
  return {median_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1)};
}"""


def measure_site(site: Path, browser: Any, panels: tuple[tuple[str, str], ...], steps: int = STEPS) -> dict[str, Any]:
    """Step the exported `site`'s slider `steps` days from START, once per (label, `&district=ID` or "")."""
    index = (site / "index.html").as_uri()
    results = {}
    for label, district in panels:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{index}?date={WARM_UP}{district}", timeout=180_000)  # 20-35 s at 30,000 settlements, under load
        page.wait_for_function("() => window.kcmExport && window.kcmExport.ready", timeout=120_000)
        page.evaluate(MEASURE, 20)  # warm-up: the first steps compile the code paths; not counted
        assert page.get_attribute("#kcm-map", "data-date") == START
        results[label] = page.evaluate(MEASURE, steps)
        page.close()
    return results


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        export_site(load_package(), Path(tmp))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = measure_site(Path(tmp), browser, (("no panel", ""), ("Aghdam's panel open", "&district=AZ-AGM")))
            browser.close()
    result = {"steps": STEPS, "from": START, "what": "input event to restyled map and panel, layout included",
              **results}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
