"""`make load-replicas`: the Streamlit app as 3 replicas behind nginx with sticky sessions, on localhost
only, bounded in time.

Starts REPLICAS `python -m dashboard` servers on free ports (bound to 127.0.0.1), Debian's nginx in front
of them with deploy/nginx-replicas.conf, and runs `make load`'s 20-session case (bench/load.py) through
nginx. From nginx's access log it counts the sessions (WebSockets) each replica served and checks that
every browser's requests stayed on one replica. Reports errors (must be 0), step latency and the
replicas' memory; writes bench/replicas-results.json and stops everything. Not part of `make test`.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from bench.app_bench import summary  # noqa: E402
from bench.load import SESSION_TTL_S, SESSIONS, STEPS, rss_mb, run_sessions, session  # noqa: E402
from tools.harness import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, free_port  # noqa: E402
from tools.nginx import NGINX, REPLICAS_CONFIG, start_nginx, stop_nginx  # noqa: E402

RESULTS = ROOT / "bench" / "replicas-results.json"
REPLICAS = 3
STREAM = "/_stcore/stream"


def read_access_log(path: Path) -> list[tuple[str, str, int, str]]:
    """(sticky key, replica address, status, "METHOD /path") per proxied request."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, replica, status, _, request = line.split("|", 4)
        # "A, B": A answered 404 for a download or a component's file and B was asked next; B answered.
        rows.append((key, replica.rsplit(", ", 1)[-1], int(status), request))
    return rows


def spread(rows: list[tuple[str, str, int, str]], replicas: list[StreamlitServer]) -> dict:
    """Sessions per replica, keys that reached more than one replica, and failed requests."""
    names = {f"127.0.0.1:{server.port}": f"replica {n + 1}" for n, server in enumerate(replicas)}
    sessions = Counter(names.get(replica, replica) for _, replica, _, request in rows if request.endswith(STREAM))
    reached: dict[str, set[str]] = defaultdict(set)
    for key, replica, _, _ in rows:
        reached[key].add(replica)
    failed = [f"{status} {request} via {replica}" for _, replica, status, request in rows if status >= 400]
    return {
        "sessions_per_replica": {name: sessions.get(name, 0) for name in names.values()},
        "browsers": len(reached),
        "browsers_on_more_than_one_replica": sum(1 for replicas_ in reached.values() if len(replicas_) > 1),
        "requests_through_nginx": len(rows),
        "failed_requests": failed[:10],
        "failed_request_count": len(failed),
    }


async def run() -> dict:
    flags = ("--server.disconnectedSessionTTL", str(SESSION_TTL_S))
    replicas: list[StreamlitServer] = []
    nginx: subprocess.Popen | None = None
    with tempfile.TemporaryDirectory(prefix="kcm-replicas-") as tmp:
        try:
            for _ in range(REPLICAS):  # one at a time, so those started are stopped if one fails
                replicas.append(StreamlitServer(extra_flags=flags))
            prefix = Path(tmp) / "nginx"
            port = free_port()
            nginx = start_nginx(prefix, port, {f"@REPLICA{n + 1}@": str(server.port)
                                               for n, server in enumerate(replicas)}, REPLICAS_CONFIG)
            peak = {server.port: rss_mb(server) for server in replicas}

            def sample_peak() -> None:
                for server in replicas:
                    peak[server.port] = max(peak[server.port], rss_mb(server))

            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                # Warm each replica directly once (first-run imports and caches), as `make load` does.
                await asyncio.gather(*(session(browser, server.url, -1, [], []) for server in replicas))
                baseline = {server.port: rss_mb(server) for server in replicas}
                (prefix / "access.log").write_text("")  # nginx appends: only the load's requests are counted
                latencies, errors, elapsed = await run_sessions(browser, f"http://localhost:{port}", sample_peak)
                await browser.close()
            stop_nginx(nginx)  # writes out the log lines of the WebSockets still open
            nginx = None
            replica_view = spread(read_access_log(prefix / "access.log"), replicas)
        finally:
            if nginx is not None:
                stop_nginx(nginx)
            for server in replicas:
                server.stop()
    counts = replica_view["sessions_per_replica"]
    return {
        "what": f"{REPLICAS} replicas of the app (python -m dashboard, 127.0.0.1) behind nginx "
                "(deploy/nginx-replicas.conf), sticky by a cookie nginx sets; bench/load.py's sessions case "
                "through nginx, localhost",
        "nginx": subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip(),
        "sessions": SESSIONS, "steps_per_session": STEPS, "seconds": round(elapsed, 1),
        "errors": len(errors) + replica_view["failed_request_count"],
        "error_messages": (errors + replica_view["failed_requests"])[:10],
        "step_latency_ms_under_load": summary(latencies),
        **replica_view,
        "every_replica_served_sessions": all(counts.values()),
        "replica_rss_mb": {f"replica {n + 1}": {"baseline_after_warmup": baseline[s.port], "peak": peak[s.port]}
                           for n, s in enumerate(replicas)},
        "cores": os.cpu_count(),
    }


def main() -> int:
    result = asyncio.run(run())
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    print(f"wrote {RESULTS}")
    ok = (result["errors"] == 0 and result["every_replica_served_sessions"]
          and result["browsers_on_more_than_one_replica"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
