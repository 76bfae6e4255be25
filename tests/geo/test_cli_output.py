"""Every command that writes text writes UTF-8, whatever the locale: a redirect on Windows (cp1252) or a POSIX
"C" locale cannot encode Armenian, Azerbaijani ə or Russian letters. And `--out FILE` writes a new file only."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import edit_yaml
from tests.helpers import ROOT, run

pytestmark = pytest.mark.slow  # subprocesses per case: `make test` and CI run it, `make check` does not

ARMENIAN = "Աղդամ"  # in no legacy code page of Windows' West-European locale
# Every command whose output is text, each showing some of the data's non-Latin text.
TEXT_COMMANDS = [
    ("state", "2020-11-15"), ("state", "2020-11-15", "--json"), ("citations",), ("citations", "--json"),
    ("export", "2020-11-15", "--format", "csv"), ("export", "2020-11-15", "--format", "geojson"),
    ("sources", "--format", "csv"), ("sources", "--format", "csl-json"),
    ("cite", "2020-11-15", "--district", "AZ-AAA"), ("cite", "2020-11-15", "--json"),
    ("export-intervals", "--format", "csv"), ("export-intervals", "--format", "geojson"),
    ("claims", "2020-10-09"), ("claims", "2020-10-01", "--to", "2020-11-30", "--json"),
]


@pytest.fixture
def armenian(mini):
    """The mini package with Armenian text in what each command prints."""
    district = mini / "districts.geojson"
    text = district.read_text(encoding="utf-8").replace('"label": "Alpha/Alfa"', f'"label": "Alpha/{ARMENIAN}"')
    district.write_text(text, encoding="utf-8")
    edit_yaml(mini / "sources.yaml", lambda d: d[0].update(title=f"A report from {ARMENIAN}"))
    edit_yaml(mini / "events.yaml", lambda d: d[0].update(title=f"Line fixed at {ARMENIAN}"))
    edit_yaml(mini / "places.yaml", lambda d: d[0]["names"].update(en=f"Gamma {ARMENIAN}"))
    return mini


def run_redirected(tmp_path, name, *args):
    """The command run as `python -m geo ... > file` on a machine whose output encoding is cp1252."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUTF8", "PYTHONIOENCODING")}
    env.update(PYTHONIOENCODING="cp1252", PYTHONUTF8="0")
    path = tmp_path / name
    with path.open("wb") as out:
        result = subprocess.run([sys.executable, "-m", "geo", *map(str, args)], cwd=ROOT, stdout=out,
                                stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    return result, path.read_bytes()


def test_every_text_command_writes_utf8_when_stdout_is_cp1252(armenian, tmp_path):
    shown = set()
    for i, command in enumerate(TEXT_COMMANDS):
        result, data = run_redirected(tmp_path, f"out-{i}", *command, "--data", armenian)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)
        text = data.decode("utf-8")  # UTF-8, not cp1252 with replacement characters
        same = subprocess.run([sys.executable, "-m", "geo", *command, "--data", str(armenian)], cwd=ROOT,
                              capture_output=True, timeout=120)
        assert data == same.stdout, command  # as written under the test's own (UTF-8) locale
        if ARMENIAN in text:
            shown.add(command)
    assert shown == set(TEXT_COMMANDS)  # each command really had a letter cp1252 cannot write


def test_validate_and_errors_do_not_crash_on_cp1252(armenian, tmp_path):
    result, data = run_redirected(tmp_path, "validate", "validate", "--data", armenian)
    assert result.returncode == 0 and data.decode("utf-8").startswith("OK:"), result.stderr
    result, data = run_redirected(tmp_path, "bad", "cite", "2020-11-15", "--district", ARMENIAN, "--data", armenian)
    assert result.returncode == 1 and data == b"" and "Traceback" not in result.stderr, result.stderr
    assert "unknown district" in result.stderr


def test_out_writes_a_new_utf8_file_and_never_replaces_one(armenian, tmp_path):
    target = tmp_path / "sources.json"
    result = run("sources", "--format", "csl-json", "--out", target, "--data", armenian)
    assert result.returncode == 0 and result.stdout == "", result.stderr
    titles = [item["title"] for item in json.loads(target.read_text(encoding="utf-8"))]
    assert f"A report from {ARMENIAN}" in titles
    csv_file = tmp_path / "map.csv"
    assert run("export", "2020-11-15", "--format", "csv", "--out", csv_file, "--data", armenian).returncode == 0
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbflayer,id,name") and b"\r\n" in csv_file.read_bytes()
    before = target.read_bytes()
    again = run("citations", "--out", target, "--data", armenian)
    assert again.returncode == 1 and f"{target} exists" in again.stderr and "Traceback" not in again.stderr
    assert target.read_bytes() == before  # the user's file is untouched
    failed = tmp_path / "never.txt"
    assert run("cite", "1999-01-01", "--out", failed, "--data", armenian).returncode == 1
    assert not failed.exists()  # a failed command leaves no file behind
