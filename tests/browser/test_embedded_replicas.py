"""The app embedded in another site with the Share view's own snippet, served by 3 replicas behind nginx
(deploy/nginx-replicas.conf): the frame never stores nginx's SameSite=Lax stickiness cookie, so its
requests reach any replica. The map must still draw and every download must still arrive."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.replicas import Proxy, replicas_behind_nginx, require_nginx
from tests.helpers import file_server
from tools.harness import map_frame, wait_idle

pytestmark = pytest.mark.browser
QUERY = "date=2020-11-20&view=Share+and+cite"
DOWNLOADS = ("The map on this date (GeoJSON)", "The map on this date (CSV)", "Every source (CSV)",
             "Every source (CSL-JSON, for reference managers)")


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    require_nginx()
    with replicas_behind_nginx() as proxy:
        yield proxy


@pytest.fixture(scope="module")
def articles(proxy, tmp_path_factory) -> Iterator[str]:
    """Articles on another site (127.0.0.1 is not the same site as localhost) embedding the app at the Share
    view with the snippet that view offers: /plain.html over HTTP, /tls.html over TLS. Their base URL."""
    folder: Path = tmp_path_factory.mktemp("article")
    for name, app in (("plain", f"http://localhost:{proxy.port}"), ("tls", f"https://localhost:{proxy.tls_port}")):
        (folder / f"{name}.html").write_text(
            f'<!doctype html><title>An article</title><p>Read on the map:</p><iframe src="{app}/?{QUERY}" '
            'width="100%" height="2400" title="Karabakh Ceasefire Map"></iframe>', encoding="utf-8")
    with file_server(folder) as url:
        yield url


def answered_by(log: Path) -> list[tuple[str, str]]:
    """(stickiness key, address of the replica that answered) per request nginx logged."""
    return [(row[0], row[1].rsplit(", ", 1)[-1]) for row in (line.split("|") for line in
                                                            log.read_text(encoding="utf-8").splitlines())]


def test_the_embedded_app_draws_its_map_and_downloads_across_replicas(page, proxy, articles):
    """Over plain HTTP the frame stores no cookie: its requests reach any replica."""
    page.page.goto(f"{articles}/plain.html")
    map_frame(page.page, timeout=60)  # the map's frame, nested in the app's, has drawn
    # So far the frame really was cookie-less and spread: no stickiness cookie stored, and its requests
    # answered by more than one replica. (A download is a navigation of its own, which may store one.)
    assert not [c for c in page.page.context.cookies() if c["name"] == "kcm_replica"]
    answered = {proxy.name(address) for _, address in answered_by(proxy.log)}
    assert len(answered & {"replica 1", "replica 2", "replica 3"}) > 1, answered
    app = next(frame for frame in page.page.frames if frame.url.startswith(f"http://localhost:{proxy.port}/?"))
    for label in DOWNLOADS:
        button = app.locator("[data-testid='stDownloadButton'] button", has_text=label)
        button.wait_for(timeout=30000)
        # A rerun replaces the page's download files; a click during one can fetch a file just dropped.
        wait_idle(app)
        with page.page.expect_download(timeout=30000) as started:
            button.click()
        download = started.value
        assert download.failure() is None, (label, download.failure())
        assert Path(download.path()).stat().st_size > 100, label


def test_over_tls_the_embedded_app_keeps_one_replica(browser, proxy, articles):
    """Over TLS the frame keeps nginx's cookie (SameSite=None; Secure; Partitioned): every request of the
    frame, its WebSocket included, carries one key and reaches one replica."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, ignore_https_errors=True)
    try:
        page = context.new_page()
        page.goto(f"{articles}/tls.html")
        map_frame(page, timeout=60)
        cookies = [c for c in context.cookies() if c["name"] == "kcm_replica"]
    finally:
        context.close()  # nginx logs the WebSocket once it closes
    assert len(cookies) == 1 and cookies[0]["sameSite"] == "None" and cookies[0]["secure"], cookies
    deadline = time.monotonic() + 10
    while not any(line.endswith(" /_stcore/stream") for line in proxy.tls_log.read_text(encoding="utf-8").splitlines()):
        assert time.monotonic() < deadline, "nginx logged no WebSocket"
        time.sleep(0.1)
    rows = answered_by(proxy.tls_log)
    assert len(rows) > 10 and {key for key, _ in rows} == {cookies[0]["value"]}, rows[:5]
    assert len({address for _, address in rows}) == 1, rows
