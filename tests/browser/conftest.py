"""Browser test fixtures. In CI (REQUIRE_BROWSER=1) a missing browser is an error, never a skip.
A failing test leaves a full-page screenshot in test-artifacts/. The static edition is exported once per run
and served by a plain file server, for every module that opens it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import load_package
from geo.site import export_site
from tests.helpers import file_server
from tools.harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PageRecorder,
    StreamlitServer,
    block_foreign_requests,
    browser_available,
)


@pytest.fixture(scope="session")
def browser():
    if not browser_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (set REQUIRE_BROWSER=1 to make this an error)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def app():
    """The app on the project's data, one server per test module (a module may define its own)."""
    server = StreamlitServer()
    yield server
    server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(browser, request) -> Iterator[PageRecorder]:
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    block_foreign_requests(context)  # recorded by the PageRecorder, never sent
    recorder = PageRecorder(context.new_page())
    yield recorder
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        recorder.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


STATIC_READY = "() => !!(window.kcmExport && window.kcmExport.ready)"


@pytest.fixture(scope="session")
def static_site(tmp_path_factory) -> Path:
    """The static edition of the real package (`python -m geo export-site`)."""
    out = tmp_path_factory.mktemp("static-site")
    export_site(load_package(), out)
    return out


@pytest.fixture(scope="session")
def static_server(static_site) -> Iterator[str]:
    """The static edition over HTTP: its base URL."""
    with file_server(static_site) as url:
        yield url
