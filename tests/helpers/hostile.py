"""Hostile data packages (tests/geo/test_hostile_*.py): mutations of the mini package and the checks of what
validation says about them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo import check_package
from tests.conftest import edit_yaml

ROOT = Path(__file__).resolve().parents[2]
Expect = tuple[str, str, str, str]  # file, record, field, words the message must contain


def run_validate(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", "validate", "--data", str(data_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and directory under `root` with its content hash: validation must change none."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


def line(file: str, record: str, field: str) -> str:
    """The start of a problem's line as the CLI prints it."""
    return f"{file}: record {record!r}, field {field!r}"


def assert_problems(data_dir: Path, expected: list[Expect]) -> list:
    _, problems = check_package(data_dir)
    for file, record, field, words in expected:
        hits = [p.message for p in problems if (p.file, p.record, p.field) == (file, record, field)]
        assert hits, f"no problem for {line(file, record, field)} in:\n" + "\n".join(map(str, problems))
        assert any(words in m for m in hits), f"{words!r} not in {hits}"
    return problems


def assert_cli_rejected(result: subprocess.CompletedProcess[str], problems: list, expected: list[Expect]) -> None:
    """Exit code 1, no traceback, every problem listed, each expected one by file, record and field."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(problems)} problem(s)" in result.stderr
    for file, record, field, words in expected:
        assert line(file, record, field) in result.stderr
        assert words in result.stderr
    assert max(len(x) for x in result.stderr.splitlines()) < 600, "a message echoes a huge value"


def assert_rejected(data_dir: Path, expected: list[Expect]) -> subprocess.CompletedProcess[str]:
    """`assert_problems` and `assert_cli_rejected`, and no file changed."""
    before = snapshot(data_dir.parent)
    problems = assert_problems(data_dir, expected)
    result = run_validate(data_dir)
    assert_cli_rejected(result, problems, expected)
    assert snapshot(data_dir.parent) == before
    return result


def sub(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first `old` in the file by `new`, as raw text (so YAML is written exactly as given)."""
    def mutate(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        (data / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        if isinstance(content, bytes):
            (data / rel).write_bytes(content)
        else:
            (data / rel).write_text(content, encoding="utf-8")
    return mutate


def cut_before(rel: str, marker: str) -> Callable[[Path], None]:
    """Truncate the file just before `marker` (like a copy or download that stopped there)."""
    def mutate(data: Path) -> None:
        raw = (data / rel).read_bytes()
        (data / rel).write_bytes(raw[:raw.index(marker.encode())])
    return mutate


def recode(rel: str, encoding: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    """Save the file in another encoding (characters it lacks become '?'), after an optional edit."""
    def mutate(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        (data / rel).write_bytes((text.replace(old, new, 1) if old else text).encode(encoding, errors="replace"))
    return mutate


def drop_properties(collection: dict) -> None:
    del collection["features"][1]["properties"]


def geojson(change: Callable[[dict], object]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / "districts.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        result = change(collection)
        path.write_text(json.dumps(collection if result is None else result), encoding="utf-8")
    return mutate


def feature(index: int, **changes: object) -> Callable[[Path], None]:
    """Set (or with None, delete) keys of a feature; `props_KEY` sets KEY in its properties."""
    def change(collection: dict) -> None:
        feat = collection["features"][index]
        for key, value in changes.items():
            target, key = (feat["properties"], key[6:]) if key.startswith("props_") else (feat, key)
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return geojson(change)


def yaml_edit(rel: str, change: Callable[[object], object]) -> Callable[[Path], None]:
    return lambda data: edit_yaml(data / rel, change)


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        for m in mutations:
            m(data)
    return mutate


def laughs(name: str, levels: int = 9) -> str:
    """YAML anchors that expand to 9**levels strings ("billion laughs" at 9 levels)."""
    lines = [f"  {name}0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  {name}{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def link_seed_outside(data: Path) -> None:
    """seeds/alpha.txt becomes a link to an identical file beside seeds/ (so its hash still matches)."""
    seed = data.parent / "seeds" / "alpha.txt"
    outside = data.parent / "outside.txt"
    outside.write_bytes(seed.read_bytes())
    seed.unlink()
    seed.symlink_to(outside)


def grow(rel: str, size: int) -> Callable[[Path], None]:
    """Pad the file with a YAML comment to `size` bytes: still valid, only too large."""
    def mutate(data: Path) -> None:
        raw = (data / rel).read_bytes() + b"# "
        (data / rel).write_bytes(raw + b"x" * (size - len(raw) - 1) + b"\n")
    return mutate


def grow_seed(size: int) -> Callable[[Path], None]:
    """Pad seeds/alpha.txt to `size` bytes and record its new SHA-256: valid but for its size."""
    def mutate(data: Path) -> None:
        seed = data.parent / "seeds" / "alpha.txt"
        old = hashlib.sha256(seed.read_bytes()).hexdigest()
        seed.write_bytes(seed.read_bytes() + b" " * (size - seed.stat().st_size))
        sub("../seeds/index.yaml", old, hashlib.sha256(seed.read_bytes()).hexdigest())(data)
    return mutate


SQUARE = [[[46.0, 40.0], [46.1, 40.0], [46.1, 40.1], [46.0, 40.1], [46.0, 40.0]]]
GARBAGE = bytes(range(256)) * 8
HEADER = "geonameid,name,country,population,latitude,longitude\n"
PLACES = HEADER + "1,Alphaville,AZ,1000,40.05,46.05\n2,Betatown,AZ,2000,40.05,46.15\n3,Border,AM,300,40.05,45.95\n"


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    expected: list[Expect]
