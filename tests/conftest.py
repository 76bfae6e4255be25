"""Shared fixtures: a small offline data package copied to a temporary directory per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"

# Streamlit's scan of every installed distribution for "v2" component manifests, as it is: each AppTest ran it
# (0.4-0.6 s a test, most of the AppTest modules' time). The tests skip it as the launcher does
# (dashboard/__main__.py); tests/dashboard/test_offline_and_settings.py runs this one to show it finds none.
from streamlit.components.v2 import manifest_scanner  # noqa: E402

REAL_MANIFEST_SCAN = manifest_scanner.scan_component_manifests


@pytest.fixture(autouse=True, scope="session")
def no_component_manifest_scan() -> Any:
    from dashboard.__main__ import no_component_manifest_scan

    no_component_manifest_scan()
    yield
    manifest_scanner.scan_component_manifests = REAL_MANIFEST_SCAN


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini package; returns its data directory."""
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    return tmp_path / "mini" / "data"


class NoAliasDumper(yaml.SafeDumper):
    """Writes a value shared by two records out twice: data files may not use anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    """Load a YAML file, let `change` mutate (or replace) it, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = change(data)
    path.write_text(yaml.dump(data if result is None else result, Dumper=NoAliasDumper, allow_unicode=True,
                              sort_keys=False), encoding="utf-8")


# Modules left out of `make check` (the quick loop; `make test` and CI run them): they start servers, kill
# processes at every step or fill a disk, and take tens of seconds each.
SLOW_MODULES = ("tests/deploy/", "tests/geo/test_site_interrupted.py",
                "tests/dashboard/test_bursts_without_a_browser.py", "tests/dashboard/test_no_phone_home.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent.parent
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        if where.startswith(SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
