"""nginx with the configs of deploy/, started on a free localhost port. In CI (REQUIRE_NGINX=1) a missing nginx
is an error, never a skip."""

from __future__ import annotations

import os

import pytest

from tools.nginx import NGINX, nginx_available


@pytest.fixture(scope="session")
def nginx_binary() -> str:
    if not nginx_available():
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail(f"nginx not found at {NGINX}; CI must install Debian's nginx")
        pytest.skip(f"nginx not found at {NGINX} (set REQUIRE_NGINX=1 to make this an error)")
    return NGINX
