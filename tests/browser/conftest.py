"""Browser test fixtures. In CI (REQUIRE_BROWSER=1) a missing browser is an error, never a skip.
A failing test leaves a full-page screenshot in test-artifacts/. Each package's static edition is exported once per
run and served by a plain file server, for every module that opens it; `package_app` starts the app on the package
a module names (indirect parametrisation), `static_site` and `static_server` are the first package's."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from geo import load_package
from geo.settings import DEFAULT_DATA_DIR
from geo.site import export_site
from tests.helpers import Edition, file_server
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




@pytest.fixture(scope="session")
def site_of(tmp_path_factory) -> Callable[[Path], Path]:
    """The static edition of the package in a data folder (`python -m geo export-site OUT --data DIR`), exported
    once per run."""
    sites: dict[Path, Path] = {}

    def site(data_dir: Path) -> Path:
        if data_dir not in sites:
            sites[data_dir] = tmp_path_factory.mktemp("static-site")
            export_site(load_package(data_dir), sites[data_dir])
        return sites[data_dir]
    return site


@pytest.fixture(scope="session")
def server_of(site_of) -> Iterator[Callable[[Path], str]]:
    """The static edition of a package over HTTP (served once per run): its base URL."""
    urls: dict[Path, str] = {}
    with contextlib.ExitStack() as servers:
        def url(data_dir: Path) -> str:
            if data_dir not in urls:
                urls[data_dir] = servers.enter_context(file_server(site_of(data_dir)))
            return urls[data_dir]
        yield url


@pytest.fixture(scope="session")
def static_site(site_of) -> Path:
    """The static edition of the real package."""
    return site_of(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def static_server(server_of) -> str:
    """The static edition of the real package over HTTP: its base URL."""
    return server_of(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def package_app(request) -> Iterator[StreamlitServer]:
    """The app (`python -m dashboard --data DIR`) on the package whose data folder the module gives as this
    fixture's indirect parameter, one server per module."""
    server = StreamlitServer(data_dir=request.param)
    yield server
    server.stop()


@pytest.fixture(params=["app", "static"])  # parametrised by name, or indirectly
def edition(request, browser, app, static_server) -> Iterator[Edition]:
    """Each edition of the project's package (tests/helpers/editions.py drives it), every other host blocked."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    block_foreign_requests(context)
    ed = Edition(request.param, PageRecorder(context.new_page()), app.url if request.param == "app" else static_server)
    yield ed
    context.close()
