"""The registry of a package's files (geo/package_files.py): each reader takes its name from it, an optional
file may be absent, a required one may not, and a data file the registry does not know is refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo import check_package
from geo.package_files import FILES

ROOT = Path(__file__).parents[2]


def test_a_misspelt_data_file_is_refused_by_name_and_a_readme_is_not(mini: Path):
    (mini / "control.yaml").rename(mini / "contol.yaml")
    (mini / "README.md").write_text("notes\n", encoding="utf-8")
    _package, problems = check_package(str(mini))
    messages = [(p.file, p.message) for p in problems]
    assert ("contol.yaml", next(m for f, m in messages if f == "contol.yaml")) in messages
    assert "its files are: package.yaml" in next(m for f, m in messages if f == "contol.yaml")
    assert any(f == "control.yaml" and "missing" in m for f, m in messages)  # the real one is required
    assert not any(f == "README.md" for f, _ in messages)


@pytest.mark.parametrize("entry", FILES, ids=lambda f: f.name)
def test_each_file_is_required_or_optional_as_the_registry_says(mini: Path, entry):
    if not (mini / entry.name).exists():  # the mini package is valid without it
        assert not entry.required
        return
    (mini / entry.name).unlink()
    _package, problems = check_package(str(mini))
    missing = [p for p in problems if p.file == entry.name and "is missing" in p.message]
    assert bool(missing) == entry.required, [str(p) for p in problems][:5]


def test_the_data_guide_describes_every_file_and_no_module_spells_a_file_name_but_the_registry():
    guide = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
    assert [f.name for f in FILES if f"`{f.name}`" not in guide] == []
    spelt = re.compile("|".join(re.escape(f'"{f.name}"') for f in FILES))
    where = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "geo").rglob("*.py"))
             if path.name != "package_files.py" and spelt.search(path.read_text(encoding="utf-8"))]
    assert where == []
