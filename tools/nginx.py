"""Debian's nginx with one of the repository's configs (deploy/*.conf), on a free localhost port with its
pid, logs and temp files under a prefix directory of its own.

Shared by the benchmarks (bench/load_static.py, bench/replicas.py) and the tests of the configs (not test code).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC_CONFIG = ROOT / "deploy" / "nginx-static.conf"
REPLICAS_CONFIG = ROOT / "deploy" / "nginx-replicas.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_LIMIT_S = 10


def nginx_available() -> bool:
    return Path(NGINX).exists()


def fill_in(config_file: Path, values: dict[str, str]) -> str:
    """The config's text with each @KEY@ of `values` replaced; a placeholder left over is an error."""
    config = config_file.read_text(encoding="utf-8")
    for key, value in values.items():
        config = config.replace(key, value)
    leftover = re.search(r"@[A-Z0-9_]+@", config)
    if leftover:
        raise ValueError(f"{config_file.name}: {leftover.group()} not filled in")
    return config


def start_nginx(prefix: Path, port: int, values: dict[str, str], config_file: Path = STATIC_CONFIG) -> subprocess.Popen:
    """nginx in the foreground with a config of the repository, its @PREFIX@ and @PORT@ and the other
    @KEY@s in `values` filled in; its pid, logs and temp files under `prefix` (which must not exist yet).
    Run as root, nginx's workers read files as another user: what they serve must be world-readable."""
    (prefix / "tmp").mkdir(parents=True)
    conf = prefix / "nginx.conf"
    conf.write_text(fill_in(config_file, {"@PREFIX@": str(prefix), "@PORT@": str(port), **values}), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.1)
    stop_nginx(process)
    raise RuntimeError(f"nginx did not start within {START_LIMIT_S} s")


def stop_nginx(process: subprocess.Popen) -> None:
    """Stop it (its workers with it) and wait; killed if it has not stopped within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    if process.stderr is not None:
        process.stderr.close()
