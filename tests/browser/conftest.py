"""Browser test fixtures. In CI (REQUIRE_BROWSER=1) a missing browser is an error, never a skip.
A failing test leaves a full-page screenshot in test-artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

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
