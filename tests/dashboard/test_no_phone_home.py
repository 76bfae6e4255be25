"""The server itself makes no request to another host: not at start-up, not when a page connects.

Streamlit looks up the machine's "external IP" at checkip.amazonaws.com to print it in its start-up
banner and to vet a websocket's origin. Every outside request here would go through a proxy we run,
so a connection to it is a request the app made. No waiting to see that none comes: a lookup blocks
the banner's next line, and the websocket's answer, for its time-out (the proxy answers nothing), so
once those have come any lookup has reached the proxy.
"""

import base64
import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RecordingProxy:
    """A TCP listener that records each connection and answers nothing."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.requests: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.requests.append(b"")  # recorded on connecting; what it asks comes after
            conn.settimeout(1)
            with contextlib.suppress(OSError):
                self.requests[-1] = conn.recv(200)
            conn.close()


def test_the_launcher_asks_no_outside_host_for_anything(tmp_path):
    proxy = RecordingProxy()
    port = free_port()
    proxied = f"http://127.0.0.1:{proxy.port}"
    env = {**os.environ, "HTTP_PROXY": proxied, "HTTPS_PROXY": proxied, "http_proxy": proxied,
           "https_proxy": proxied, "NO_PROXY": "", "no_proxy": ""}
    # As `make run` starts it: no --server.address, headless, from the project root.
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: list[str] = []
    assert server.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 60
        while True:
            try:
                direct.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.2)
        # The banner's line after the network URL (an external URL would be looked up before it).
        while not any(b"Network URL" in line for line in lines[:-1]):
            assert time.monotonic() < deadline, "the app printed no banner"
            time.sleep(0.05)
        # A page on another host name (a reverse proxy's) opens the app's websocket.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/_stcore/stream", headers={
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(), "Origin": "http://map.example.org"})
        conn.getresponse()  # after the origin was vetted
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
        reader.join(timeout=15)
        output = b"".join(lines).decode("utf-8", "replace")
    assert proxy.requests == [], (proxy.requests, output)
    assert "external IP" not in output, output
