"""The app's side of hostile data: a bounded problems page, and nothing written into the package."""

import sys
from pathlib import Path
from unittest import mock

from streamlit.testing.v1 import AppTest

from dashboard.bundle import GENERATED_DIR, build_bundle
from tests.conftest import edit_yaml

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


def test_the_problems_page_lists_200_problems_and_counts_the_rest(mini):
    edit_yaml(mini / "events.yaml", lambda events: events.extend(
        {"id": f"bad-{i:04}", "date": "2020-11-20", "precision": "hour", "title": "T",
         "citations": [{"source": "ext-report", "note": "n"}]} for i in range(1500)))
    at = AppTest.from_file(APP, default_timeout=60)
    with mock.patch.object(sys, "argv", ["app.py", "--data", str(mini)]):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1500 problem(s)" in at.error[0].value
    page = "\n".join(m.value for m in at.markdown)
    assert page.count("\n- ") + page.startswith("- ") == 200
    assert "and 1300 more problem(s) not listed" in page


def test_the_geometry_is_generated_outside_the_package(mini):
    bundle = build_bundle(str(mini))
    assert not bundle.problems
    generated = GENERATED_DIR / bundle.data_file
    assert generated.is_file() and generated.read_text(encoding="utf-8").startswith("{")
    assert not GENERATED_DIR.resolve().is_relative_to(ROOT / "dashboard")
