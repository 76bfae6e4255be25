"""deploy/nginx-static.conf with real nginx on the exported site: what is cached how long, what is never served,
and the headers every answer carries."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import load_package
from geo.site import export_site
from tools.harness import free_port
from tools.nginx import start_nginx, stop_nginx

HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")  # geo.site names content-hashed files name.<12 hex>.ext
YEAR = 31_536_000
SHORT_LIMIT_S = 86_400  # what an unhashed file may be cached for at most: a new export must show within a day
SECURITY_HEADERS = {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}
# Files a site folder may hold besides the export: a checkout's, an editor's, a deploy tool's, and the
# temporary files an export writes before renaming them (geo/_files.py: .NAME.XXXX.tmp).
PLANTED = {".git/config": "[remote] url = secret", ".env": "TOKEN=secret", ".htpasswd": "admin:secret",
           "assets/.x.tmp": "secret", "assets/.kcm-data.js.k2j4.tmp": "secret", "assets/images/.DS_Store": "secret",
           "assets/partial.tmp": "secret", ".well-known/security.txt.tmp": "secret"}


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    """A fresh export, with PLANTED files beside it; world-readable (nginx's workers run as another user)."""
    tmp = Path(tempfile.mkdtemp(prefix="kcm-nginx-static-"))
    tmp.chmod(0o755)
    out = tmp / "site"
    export_site(load_package(), out)
    for name, text in PLANTED.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
        (out / name).chmod(0o644)
    yield out
    shutil.rmtree(tmp)


@pytest.fixture(scope="module")
def port(nginx_binary, site) -> Iterator[int]:
    port = free_port()
    nginx = start_nginx(site.parent / "nginx", port, {"@ROOT@": str(site)})
    yield port
    stop_nginx(nginx)


def get(port: int, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def max_age(headers: http.client.HTTPMessage) -> int:
    found = re.search(r"max-age=(\d+)", headers.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


def assets(site: Path, hashed: bool) -> list[str]:
    return sorted("/" + p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")
                  if p.is_file() and not p.name.endswith((".gz", ".tmp")) and not p.name.startswith(".")
                  and bool(HASHED.search(p.name)) == hashed)


def test_the_export_has_both_kinds_of_asset(site):
    assert len(assets(site, hashed=True)) >= 5
    assert {"/assets/LEAFLET-LICENSE.txt", "/assets/images/layers.png"} <= set(assets(site, hashed=False))


def test_every_hashed_asset_is_cached_for_a_year_when_served(port, site):
    for path in assets(site, hashed=True):
        status, headers, _ = get(port, path)
        assert status == 200, path
        assert headers["Cache-Control"] == f"public, max-age={YEAR}, immutable", path


def test_a_revalidated_hashed_asset_keeps_its_long_cache(port, site):
    path = assets(site, hashed=True)[0]
    _, headers, _ = get(port, path)
    status, again, _ = get(port, path, If_None_Match=headers["ETag"])
    assert status == 304
    assert "immutable" in again["Cache-Control"]


def test_unhashed_assets_get_a_short_cache_only(port, site):
    for path in assets(site, hashed=False):
        status, headers, _ = get(port, path)
        assert status == 200, path
        assert "immutable" not in headers.get("Cache-Control", ""), path
        assert max_age(headers) <= SHORT_LIMIT_S, (path, headers["Cache-Control"])


@pytest.mark.parametrize("path", [
    "/assets/kcm-data.0123456789ab.js",  # a hashed name from a newer export, asked before it is deployed
    "/assets/kcm-data.0123456789ab.js.gz", "/assets/missing.png", "/assets/", "/assets/images/", "/missing.html",
])
def test_an_error_is_never_cached_long(port, path):
    status, headers, _ = get(port, path, Accept_Encoding="gzip")
    assert status in (403, 404)
    assert "immutable" not in headers.get("Cache-Control", "")
    assert max_age(headers) == 0, headers.get("Cache-Control")


@pytest.mark.parametrize("path", [*("/" + name for name in PLANTED), "/%2Egit/config", "/assets/../.env",
                                  "/assets/%2e%2e/.git/config", "/.git/", "/.git", "/assets/images/%2EDS_Store"])
def test_dotfiles_and_temporary_files_are_refused(port, path):
    status, headers, body = get(port, path, Accept_Encoding="gzip")
    assert status in (403, 404), path
    assert b"secret" not in body
    assert max_age(headers) == 0


def test_the_page_is_revalidated_and_keeps_its_headers(port):
    for path in ("/", "/index.html", "/index.html?date=2020-11-20&district=AZ-AGM"):
        status, headers, body = get(port, path)
        assert status == 200 and b"<html" in body.lower()
        assert headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/", "/assets/LEAFLET-LICENSE.txt", "/assets/missing.png", "/.env", "/nowhere"])
def test_every_answer_carries_the_security_headers(port, site, path):
    for asked in (path, assets(site, hashed=True)[0]):
        _, headers, _ = get(port, asked)
        assert {name: headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS, asked


def test_text_files_go_out_precompressed(port, site):
    for path in ["/index.html", *(p for p in assets(site, hashed=True) if p.endswith((".js", ".css")))]:
        status, headers, body = get(port, path, Accept_Encoding="gzip")
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert body == (site / f"{path.lstrip('/')}.gz").read_bytes()
        assert gzip.decompress(body) == (site / path.lstrip("/")).read_bytes()
        assert "Accept-Encoding" in headers.get("Vary", "")
        if path != "/index.html":
            assert "immutable" in headers["Cache-Control"]


def test_api_files_are_revalidated_and_an_unchanged_one_costs_a_304(port, site):
    """api/ names carry no hash (a date's URL stays its URL): no-cache, and the ETag answers 304 (README)."""
    index = (site / "api" / "index.json").read_bytes()
    for path in ("/api/index.json", "/api/intervals.geojson", "/api/state/2020-11-20.json"):
        for encoding in ("gzip", "identity"):
            status, headers, body = get(port, path, Accept_Encoding=encoding)
            assert status == 200 and headers["Cache-Control"] == "no-cache", (path, encoding)
            plain = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
            assert plain == (site / path.lstrip("/")).read_bytes()
            again, second, _ = get(port, path, Accept_Encoding=encoding, If_None_Match=headers["ETag"])
            assert again == 304 and second["Cache-Control"] == "no-cache", (path, encoding)
    assert b'"2020-11-20"' in index
