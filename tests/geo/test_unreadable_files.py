"""A file refused whole is one problem naming the file and the cause; the rules that need it are skipped,
not run on what is missing (issue 21, item 3: one stray tab in package.yaml made 13 "first record must be
dated at the coverage start 0001-01-01", in events.yaml 55 "unknown event", in control.yaml 13 "story
district has no control changes"). Every data file of the mini package, refused every way a file can be."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from geo import check_package
from geo.package_files import FILES, SEED_INDEX_FILE

# Every file of the registry the mini package has, and the seeds' index.
DATA_FILES = [f.name for f in FILES if (Path(__file__).parents[1] / "fixtures/mini/data" / f.name).exists()] + [
    f"../seeds/{SEED_INDEX_FILE}"]
YAML_FILES = [f for f in DATA_FILES if f.endswith(".yaml")]


def _label(file: str) -> str:
    return file.removeprefix("../")


def stray_tab(path: Path) -> None:
    path.write_text("\t" + path.read_text(encoding="utf-8"), encoding="utf-8")


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def alias(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    more = "\nextra: &x 1\nagain: *x\n" if text.lstrip().startswith(("title", "{")) else "\n- &x {id: x}\n- *x\n"
    path.write_text(text + more, encoding="utf-8")


def truncated(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2] + '"', encoding="utf-8")


def only_problems_of(data: Path, file: str) -> list[str]:
    """The problems of a package with `file` refused: all of them about `file`, at least one."""
    problems = check_package(data)[1]
    label = _label(file)
    assert problems, f"{label} refused, but no problem"
    assert all(p.file == label for p in problems), "follow-on problems:\n" + "\n".join(map(str, problems))
    return [p.message for p in problems]


@pytest.mark.parametrize("file", DATA_FILES)
@pytest.mark.parametrize("refuse", [fifo, directory], ids=["fifo", "directory"])
def test_a_file_that_is_not_a_regular_file_is_one_problem(mini, file: str, refuse: Callable[[Path], None]):
    refuse(mini / file)
    assert only_problems_of(mini, file) == [
        "file is a FIFO (named pipe); expected a regular file" if refuse is fifo
        else "file is a directory, expected a file"]


@pytest.mark.parametrize("file", YAML_FILES)
@pytest.mark.parametrize("refuse", [stray_tab, alias], ids=["stray-tab", "alias"])
def test_a_yaml_file_that_cannot_be_read_is_one_problem(mini, file: str, refuse: Callable[[Path], None]):
    refuse(mini / file)
    [message] = only_problems_of(mini, file)
    assert message.startswith("invalid YAML at line")


def test_unreadable_json_is_one_problem(mini):
    truncated(mini / "districts.geojson")
    [message] = only_problems_of(mini, "districts.geojson")
    assert message.startswith("invalid JSON at line")


def test_a_file_over_the_size_limit_is_one_problem(mini):
    path = mini / "control.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("#" * 50_000_001)
    assert only_problems_of(mini, "control.yaml") == [
        "file is 50.0 MB, over the limit of 50 MB for this kind of file"]


def test_places_csv_with_an_extra_column_is_its_own_problem_only(mini):
    """The rows are not read: places at a GeoNames row, routes and positions through them are not "unknown"."""
    path = mini / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",extra", *(line + ",x" for line in lines[1:])]) + "\n", encoding="utf-8")
    assert only_problems_of(mini, "places.csv") == [
        "unknown column(s); expected geonameid, name, country, population, latitude, longitude"]


def test_a_missing_seeds_directory_is_named_once(mini, tmp_path):
    missing = tmp_path / "nowhere" / "seeds"
    text = (mini / "package.yaml").read_text(encoding="utf-8")
    (mini / "package.yaml").write_text(text.replace("seeds: ../seeds", f"seeds: {missing}"), encoding="utf-8")
    [message] = only_problems_of(mini, "seeds/index.yaml")
    assert f"the seeds directory {missing} does not exist" in message


def test_a_file_holding_the_wrong_kind_of_value_is_one_problem(mini):
    (mini / "events.yaml").write_text("just: a mapping\n", encoding="utf-8")
    assert only_problems_of(mini, "events.yaml") == ["must hold a list of records, found dict"]


def test_a_refused_coverage_is_not_followed_by_first_record_problems(mini):
    """package.yaml read, but its coverage refused: the timelines are not held to a default start 0001-01-01."""
    text = (mini / "package.yaml").read_text(encoding="utf-8")
    (mini / "package.yaml").write_text(text.replace("start: 2000-01-01", "start: 2000-13-01"), encoding="utf-8")
    problems = check_package(mini)[1]
    assert [(p.file, p.field) for p in problems] == [("package.yaml", "coverage.start")], problems
