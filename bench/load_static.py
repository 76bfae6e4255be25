"""`make load-static`: the static edition behind nginx under a crowd, on localhost only, bounded in time.

Exports the site, starts Debian's nginx with deploy/nginx-static.conf, and holds CONNECTIONS keep-alive
connections for DURATION_S seconds, each fetching what a reader's browser fetches for one page (index.html
and its assets, gzip accepted) again and again. Reports requests per second, latency p50/p95/p99 and
errors (must be 0); writes bench/static-load-results.json. Not part of `make test`.

The load comes from wrk (Debian's package) when installed, else from the asyncio client below, which
tops out lower: on two shared cores the Python client, not nginx, is then the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import load_package  # noqa: E402
from geo.site import export_site  # noqa: E402
from tools.harness import free_port  # noqa: E402
from tools.nginx import NGINX, start_nginx, stop_nginx  # noqa: E402

RESULTS = ROOT / "bench" / "static-load-results.json"
WRK = shutil.which("wrk")
WRK_SCRIPT = ROOT / "bench" / "static-page.lua"
CONNECTIONS = 1000
DURATION_S = 15.0
CLIENT_WORKERS = 2  # wrk threads or client processes: the client's share of the machine's two cores
REQUEST_TIMEOUT_S = 10.0
CSP = "default-src 'self'"


def page_paths(site: Path) -> list[str]:
    """What a browser fetches for one page view: the page and the assets it names."""
    index = (site / "index.html").read_text(encoding="utf-8")
    relief = [f"/assets/{p.name}" for p in (site / "assets").glob("relief.*.png")]  # the page's script loads it
    return ["/index.html?date=2020-11-20&district=AZ-AGM",
            *("/" + ref for ref in re.findall(r'(?:src|href)="(assets/[^"]+)"', index)), *relief]


def check_headers(port: int, paths: list[str]) -> dict[str, str]:
    """The served page keeps its CSP and caching, and assets go out precompressed (gzip_static)."""
    found = {}
    for path in (paths[0], next(p for p in paths if "kcm-data" in p)):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=5) as response:
            headers = response.headers
            if headers.get("Content-Security-Policy") != CSP:
                raise RuntimeError(f"{path}: no CSP header")
            if headers.get("Content-Encoding") != "gzip":
                raise RuntimeError(f"{path}: not sent precompressed")
            found[path] = f"Cache-Control: {headers.get('Cache-Control')}; Content-Encoding: gzip"
    return found


def run_wrk(port: int, paths: list[str], connections: int, duration: float, threads: int) -> dict:
    assert WRK is not None
    out = subprocess.run([WRK, f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--timeout",
                          f"{REQUEST_TIMEOUT_S:g}s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}", "--", *paths],
                         capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("KCM-RESULT "))
    w = json.loads(line.removeprefix("KCM-RESULT "))
    errors = {k: w[k] for k in ("connect", "read", "write", "status", "timeout") if w[k]}
    return {"client": f"wrk (Debian), {threads} threads, bench/static-page.lua", "requests": w["requests"],
            "seconds": w["duration_us"] / 1e6, "bytes": w["bytes"],
            "latency_ms": {q: round(w[f"{q}_us"] / 1000, 1) for q in ("p50", "p95", "p99", "max")},
            "errors": sum(errors.values()), "error_examples": [f"{k}: {v}" for k, v in errors.items()]}


async def _connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), REQUEST_TIMEOUT_S)


async def _connection(port: int, paths: list[str], start_at: float, stop_at: float, offset: int,
                      latencies: list[float], errors: list[str], stats: dict[str, int]) -> None:
    """One reader's keep-alive connection, opened before the clock starts; a failed one is reopened."""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    try:
        reader, writer = await _connect(port)
    except (TimeoutError, OSError) as exc:
        errors.append(f"connect: {type(exc).__name__}: {exc}"[:200])
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    i = offset
    while time.monotonic() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        started = time.monotonic()
        try:
            if reader is None or writer is None:
                reader, writer = await _connect(port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n"
                         "Connection: keep-alive\r\n\r\n".encode())
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT_S)
            status = int(head.split(b" ", 2)[1])
            length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
            if length is None:
                raise ValueError("no Content-Length")
            body = await asyncio.wait_for(reader.readexactly(int(length.group(1))), REQUEST_TIMEOUT_S)
            if status != 200:
                raise ValueError(f"HTTP {status} for {path}")
            latencies.append(time.monotonic() - started)
            stats["bytes"] += len(head) + len(body)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _client(port: int, paths: list[str], connections: int, start_at: float, duration: float,
                  first: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    stats = {"bytes": 0}
    stop_at = start_at + duration
    await asyncio.gather(*(_connection(port, paths, start_at, stop_at, first + n, latencies, errors, stats)
                           for n in range(connections)))
    return {"latencies": latencies, "errors": errors, "bytes": stats["bytes"]}


def _client_process(args: tuple) -> dict:
    return asyncio.run(_client(*args))


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def run_asyncio(port: int, paths: list[str], connections: int, duration: float, processes: int) -> dict:
    start_at = time.monotonic() + 5.0  # every connection open by then
    shares = [connections // processes + (1 if n < connections % processes else 0) for n in range(processes)]
    jobs = [(port, paths, share, start_at, duration, sum(shares[:n])) for n, share in enumerate(shares)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_client_process, jobs)
    latencies = sorted(x for part in parts for x in part["latencies"])
    errors = [e for part in parts for e in part["errors"]]
    return {"client": f"Python asyncio, {processes} processes", "requests": len(latencies), "seconds": duration,
            "bytes": sum(p["bytes"] for p in parts),
            "latency_ms": {q: round(percentile(latencies, p) * 1000, 1)
                           for q, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))},
            "errors": len(errors), "error_examples": sorted(set(errors))[:5]}


def run(connections: int, duration: float, workers: int, client: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="kcm-static-load-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as another user and must read the site
        site = Path(tmp) / "site"
        report = export_site(load_package(), site)
        port = free_port()
        nginx = start_nginx(Path(tmp) / "nginx", port, {"@ROOT@": str(site)})
        try:
            paths = page_paths(site)
            headers = check_headers(port, paths)
            if client == "wrk":
                load = run_wrk(port, paths, connections, duration, workers)
            else:
                load = run_asyncio(port, paths, connections, duration, workers)
        finally:
            stop_nginx(nginx)
    return {
        "what": "static edition behind nginx (deploy/nginx-static.conf), localhost, keep-alive, gzip accepted; "
                "each connection fetches index.html and the 6 files it loads in turn",
        "nginx": subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip(),
        "client": load["client"],
        "connections": connections,
        "duration_s": duration,
        "site_bytes": report.total_bytes,
        "requests": load["requests"],
        "requests_per_s": round(load["requests"] / load["seconds"]),
        "mb_per_s": round(load["bytes"] / load["seconds"] / 1e6, 1),
        "latency_ms": load["latency_ms"],
        "headers": headers,
        "errors": load["errors"],
        "error_examples": load["error_examples"],
        "cores": os.cpu_count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--duration", type=float, default=DURATION_S)
    parser.add_argument("--workers", type=int, default=CLIENT_WORKERS, help="wrk threads or client processes")
    parser.add_argument("--client", choices=("wrk", "asyncio"), default="wrk" if WRK else "asyncio")
    args = parser.parse_args()
    result = run(args.connections, args.duration, args.workers, args.client)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 and result["requests"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
