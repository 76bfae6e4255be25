"""The fake map component, shared by the AppTest modules."""

from unittest import mock

import pytest

from tests.helpers import FakeFolium


@pytest.fixture
def fake_map():
    fake = FakeFolium()
    with mock.patch("dashboard.map.draw", fake):
        yield fake
