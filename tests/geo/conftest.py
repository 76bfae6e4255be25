"""The real package and its timeline, loaded once per module that asks for them (a module may define its own)."""

from __future__ import annotations

import pytest

from geo import Timeline, load_package


@pytest.fixture(scope="module")
def package():
    return load_package()


@pytest.fixture(scope="module")
def timeline(package):
    return Timeline(package)
