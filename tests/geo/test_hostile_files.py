"""Hostile data packages (see test_hostile_data.py): files that are not what they seem, and oddities that are
accepted with nothing dropped."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from geo import check_package
from tests.conftest import edit_yaml
from tests.helpers import assert_cli_rejected, assert_problems, assert_rejected, run_validate, sub

ROOT = Path(__file__).resolve().parents[2]

# --- files that are not what they seem -----------------------------------------------------------


def run_bounded(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The CLI with a time limit and at most 3 GB of memory, so that reading /dev/zero or waiting on a FIFO
    fails the test instead of the machine."""
    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    try:
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`python -m geo {' '.join(args)}` still ran after {timeout} s (a FIFO read blocks for ever)")


def test_fifos_are_refused_without_waiting_for_a_writer(mini):
    for path in (mini / "events.yaml", mini.parent / "seeds" / "alpha.txt"):
        path.unlink()
        os.mkfifo(path)
    result = run_bounded("validate", "--data", str(mini))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]  # before in-process
    expected = [("events.yaml", "-", "-", "file is a FIFO (named pipe); expected a regular file"),
                ("seeds/index.yaml", "alpha.txt", "id", "seed file seeds/alpha.txt is a FIFO (named pipe); expected a "
                                                        "regular file")]
    assert_cli_rejected(result, assert_problems(mini, expected), expected)


def test_devices_are_refused_without_reading_them(mini):
    (mini / "events.yaml").unlink()
    (mini / "events.yaml").symlink_to("/dev/zero")
    (mini / "sources.yaml").unlink()
    (mini / "sources.yaml").symlink_to("/dev/urandom")
    result = run_bounded("validate", "--data", str(mini))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]  # before in-process
    expected = [("events.yaml", "-", "-", "file is a character device; expected a regular file"),
                ("sources.yaml", "-", "-", "file is a character device; expected a regular file")]
    assert_cli_rejected(result, assert_problems(mini, expected), expected)


def test_a_seed_linked_inside_seeds_and_an_upper_case_sha256_are_accepted(mini):
    seeds = mini.parent / "seeds"
    (seeds / "alpha.txt").rename(seeds / "alpha-original.txt")
    (seeds / "alpha.txt").symlink_to("alpha-original.txt")
    index = seeds / "index.yaml"
    digest = hashlib.sha256((seeds / "alpha-original.txt").read_bytes()).hexdigest()
    index.write_text(index.read_text(encoding="utf-8").replace(digest, digest.upper()), encoding="utf-8")
    package, problems = check_package(mini)
    assert problems == []
    assert package.seed_texts["alpha.txt"].startswith("Forces entered Alpha")


def test_yaml_words_and_exponents_read_as_the_format_means_them(mini):
    """`no`, `on`, `1:30` in a text field are that text (YAML 1.1 made them false, true and 90); `1e1` is ten."""
    sub("events.yaml", "title: Line fixed", "title: no")(mini)
    sub("sources.yaml", 'title: "A report"', "title: 1:30")(mini)
    sub("positions.yaml", "name: Headquarters", "name: on")(mini)
    sub("corridor.yaml", "width_km: 5", "width_km: 1e1")(mini)
    package, problems = check_package(mini)
    assert problems == []
    assert [e.title for e in package.events if e.id == "start"] == ["no"]
    assert package.sources["ext-report"].title == "1:30"
    assert [p.name for p in package.positions] == ["on"]
    assert package.routes[0].width_km == 10.0


def test_state_json_never_meets_a_lone_surrogate(mini):
    sub("districts.geojson", '"label": "Alpha/Alfa"', '"label": "\\udfff"')(mini)
    result = run_bounded("state", "2020-11-20", "--json", "--data", str(mini))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "districts.geojson: record 'AZ-AAA', field 'properties.label': contains a lone surrogate" in result.stderr


SEED_IDS = [  # (as written in YAML, the id read)
    ("'../secret.txt'", "../secret.txt"), ("/etc/hostname", "/etc/hostname"), ("sub/alpha.txt", "sub/alpha.txt"),
    ("'..'", ".."), (".hidden", ".hidden"), ("'alpha.txt\\..\\..\\secret.txt'", "alpha.txt\\..\\..\\secret.txt"),
    ('"alpha\\0.txt"', "alpha\x00.txt"),
]


def test_seed_ids_cannot_leave_the_seeds_directory(mini):
    secret = mini.parent / "secret.txt"  # beside seeds/: a traversal would find it, with a matching hash
    secret.write_text("Forces entered Alpha district on Friday.\n", encoding="utf-8")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    index = mini.parent / "seeds" / "index.yaml"
    index.write_text(index.read_text(encoding="utf-8") + "".join(
        f"- {{id: {written}, title: T, publisher: null, publisher_basis: unknown, date: null, date_basis: unknown, "
        f"sha256: {digest}}}\n" for written, _ in SEED_IDS), encoding="utf-8")
    sub("events.yaml", "source: alpha.txt", "source: ../secret.txt")(mini)
    assert_rejected(mini, [("seeds/index.yaml", read, "id", "must be a plain file name inside seeds/")
                           for _, read in SEED_IDS] + [
                           ("events.yaml", "handover", "citations[0].source", "unknown source '../secret.txt'")])
    package, _ = check_package(mini)
    assert set(package.seed_texts) == {"alpha.txt"}


def test_a_data_dir_that_is_a_file(tmp_path):
    data = tmp_path / "data"
    data.write_text("title: not a directory\n", encoding="utf-8")
    before = data.read_bytes()
    _, problems = check_package(data)
    assert [str(p) for p in problems] == [f"{data}: record '-', field '-': is a file, not a data directory"]
    result = run_validate(data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{data}: record '-', field '-': is a file, not a data directory" in result.stderr
    assert data.read_bytes() == before


# --- accepted oddities, and nothing dropped ------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted(mini):
    files = [*mini.glob("*.yaml"), *mini.glob("*.geojson"), *mini.glob("*.csv"), mini.parent / "seeds" / "index.yaml"]
    clean, _ = check_package(mini)
    for path in files:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    package, problems = check_package(mini)
    assert problems == []
    assert (package.districts.keys(), package.geonames, len(package.changes)) == (
        clean.districts.keys(), clean.geonames, len(clean.changes))
    result = run_validate(mini)
    assert result.returncode == 0 and result.stdout.startswith("OK:"), result.stderr


def test_a_hundred_hostile_records_give_a_hundred_problems(mini):
    defects = [
        ("date", "2020-13-01", "date", "not a real date"),
        ("precision", "hour", "precision", "allowed: day, month, year"),
        ("title", None, "title", "is required"),
        ("citations", [], "citations", "needs at least one citation"),
        ("citations", [{"source": "nobody", "note": "x"}], "citations[0].source", "unknown source 'nobody'"),
    ]
    expected = []

    def add(events):
        for i in range(100):
            key, value, field, words = defects[i % len(defects)]
            record = {"id": f"bad-{i:03}", "date": "2020-11-20", "precision": "day", "title": f"Bad {i}",
                      "citations": [{"source": "ext-report", "note": "n"}], key: value}
            events.append(record)
            expected.append(("events.yaml", f"bad-{i:03}", field, words))
    edit_yaml(mini / "events.yaml", add)
    _, problems = check_package(mini)
    assert len(problems) == 100
    assert sorted((p.file, p.record, p.field) for p in problems) == sorted(e[:3] for e in expected)
    result = assert_rejected(mini, expected)
    assert result.stderr.count("\n  - events.yaml: record 'bad-") == 100
