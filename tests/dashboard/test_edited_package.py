"""An edited data package shows in a running app on the next rerun, without a restart: the app's caches are
keyed by the package's content, not by its directory's name."""

import sys
from pathlib import Path
from unittest import mock

from streamlit.testing.v1 import AppTest

from dashboard.bundle import build_bundle
from tests.conftest import edit_yaml
from tests.helpers import texts

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def rerun(at: AppTest, data: Path) -> AppTest:
    with mock.patch.object(sys, "argv", ["app.py", "--data", str(data)]):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_edit_to_the_package_shows_on_the_next_rerun(mini, fake_map):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"], at.query_params["district"] = "2020-11-15", "AZ-BBB"
    rerun(at, mini)
    assert "On 15 November 2020: Held by Armenian forces" in texts(at)

    edit_yaml(mini / "control.yaml", lambda records: records[3]["set"].update(controller="azerbaijan"))
    rerun(at, mini)  # the same session, the same server: no restart
    assert "On 15 November 2020: Azerbaijani control" in texts(at)

    edit_yaml(mini / "control.yaml", lambda records: records[3].update(kind="rumour"))
    rerun(at, mini)
    assert "1 problem(s)" in at.error[0].value and "field kind" in texts(at)

    edit_yaml(mini / "control.yaml", lambda records: records[3].update(kind="actual"))
    rerun(at, mini)
    assert not at.error and "On 15 November 2020: Azerbaijani control" in texts(at)


def test_an_unchanged_package_is_not_rebuilt_even_when_touched(mini):
    first = build_bundle(str(mini))
    assert build_bundle(str(mini)) is first
    (mini / "control.yaml").touch()
    assert build_bundle(str(mini)) is first
    (mini / "control.yaml").write_text((mini / "control.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_bundle(str(mini)) is not first
