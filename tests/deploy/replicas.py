"""Debian's nginx for the tests of deploy/; 3 real replicas of the app behind it with
deploy/nginx-replicas.conf (for tests/deploy/test_nginx_replicas.py and tests/browser/test_embedded_replicas.py);
and what nginx's access log says about which replica answered what."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.harness import StreamlitServer, free_port
from tools.nginx import NGINX, REPLICAS_CONFIG, nginx_available, start_nginx, stop_nginx

REPLICAS = 3
WAIT_S = 30  # for a replica's warm-up, or for nginx to choose a restarted replica again


def require_nginx() -> str:
    """Debian's nginx, or a skip; in CI (REQUIRE_NGINX=1) a missing nginx is an error, never a skip."""
    if not nginx_available():
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail(f"nginx not found at {NGINX}; CI must install Debian's nginx")
        pytest.skip(f"nginx not found at {NGINX} (set REQUIRE_NGINX=1 to make this an error)")
    return NGINX


def require_openssl() -> str:
    """The openssl command (a self-signed certificate for the TLS tests), under the same rule as nginx."""
    found = shutil.which("openssl")
    if found is None:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("openssl not found; CI must install Debian's openssl")
        pytest.skip("openssl not found (set REQUIRE_NGINX=1 to make this an error)")
    return found


def tls_config(folder: Path) -> Path:
    """deploy/nginx-replicas.conf listening with TLS (a self-signed certificate for localhost made here), as
    a real host serves it; the rest of the file as it is."""
    subprocess.run([require_openssl(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True, timeout=60)
    plain = "listen 127.0.0.1:@PORT@;"
    config = REPLICAS_CONFIG.read_text(encoding="utf-8")
    assert config.count(plain) == 1
    path = folder / "nginx-replicas-tls.conf"
    path.write_text(config.replace(plain, f"listen 127.0.0.1:@PORT@ ssl;\n        ssl_certificate {folder}/cert.pem;"
                                          f"\n        ssl_certificate_key {folder}/key.pem;"), encoding="utf-8")
    return path


@dataclass
class Proxy:
    """nginx in front of the replicas on `port`, and a second one with TLS on `tls_port`; their access logs."""

    port: int
    log: Path
    replicas: list[StreamlitServer]
    tls_port: int
    tls_log: Path

    def name(self, address: str) -> str:
        """"replica N" for a replica's address."""
        return next((f"replica {n + 1}" for n, r in enumerate(self.replicas) if address == f"127.0.0.1:{r.port}"),
                    address)

    def asked(self, key: str, path: str, at_least: int = 0) -> list[list[str]]:
        """The replicas asked for each request with this key for this path, in turn, oldest request first;
        once at least `at_least` are logged (nginx writes a line as a request ends, which can be just after
        its client has read the answer)."""
        deadline = time.monotonic() + 10
        while True:
            rows = [line.split("|", 4) for line in self.log.read_text(encoding="utf-8").splitlines()]
            found = [[self.name(a) for a in row[1].split(", ")] for row in rows
                     if row[0] == key and row[4].endswith(" " + path)]
            if len(found) >= at_least or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def answered(self, key: str, path: str, at_least: int = 0) -> list[str]:
        """The replica that answered each request with this key for this path, oldest first."""
        return [replicas[-1] for replicas in self.asked(key, path, at_least)]


@contextmanager
def replicas_behind_nginx() -> Iterator[Proxy]:
    """REPLICAS fresh replicas (`python -m dashboard`, started together) and nginx in front of them with
    deploy/nginx-replicas.conf, plain and with TLS, all on free localhost ports; every one stopped on leaving."""
    replicas: list[StreamlitServer] = []
    proxies: list[subprocess.Popen] = []
    tmp = Path(tempfile.mkdtemp(prefix="kcm-nginx-replicas-"))
    try:
        with ThreadPoolExecutor(REPLICAS) as pool:  # started together: each waits for its own health
            starting = [pool.submit(StreamlitServer) for _ in range(REPLICAS)]
        replicas += [f.result() for f in starting if f.exception() is None]
        failed = [f.exception() for f in starting if f.exception() is not None]
        if failed:
            raise RuntimeError("a replica did not start") from failed[0]  # those started are stopped below
        ports = {f"@REPLICA{n + 1}@": str(r.port) for n, r in enumerate(replicas)}
        port, tls_port = free_port(), free_port()
        proxies.append(start_nginx(tmp / "nginx", port, ports, REPLICAS_CONFIG))
        proxies.append(start_nginx(tmp / "nginx-tls", tls_port, ports, tls_config(tmp)))
        yield Proxy(port, tmp / "nginx" / "access.log", replicas, tls_port, tmp / "nginx-tls" / "access.log")
    finally:
        for nginx in proxies:
            stop_nginx(nginx)
        for server in replicas:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def get(port: int, path: str, key: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": f"kcm_replica={key}"} if key else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def served_directly(server: StreamlitServer, path: str) -> bool:
    """Whether the replica itself serves `path`, asked until it does (bounded): its warm-up registers the
    components a moment after it starts listening (nginx asks the next replica meanwhile)."""
    deadline = time.monotonic() + WAIT_S
    while get(server.port, path)[0] != 200:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def key_for(proxy: Proxy, replica: str) -> str:
    """A stickiness key that nginx sends to `replica`, found by asking (bounded)."""
    for n in range(200):
        key = f"test-{time.monotonic_ns()}-{n}"
        assert get(proxy.port, "/_stcore/health", key)[0] == 200
        if proxy.answered(key, "/_stcore/health", at_least=1) == [replica]:
            return key
    raise AssertionError(f"no key of 200 reached {replica}")
