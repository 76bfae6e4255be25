"""nginx with the configs of deploy/, started on a free localhost port."""

from __future__ import annotations

import pytest

from tests.deploy.replicas import require_nginx


@pytest.fixture(scope="session")
def nginx_binary() -> str:
    return require_nginx()
