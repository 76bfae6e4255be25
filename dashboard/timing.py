"""Server time per rerun, for the benchmark: appended (ms) to the file named by $KCM_TIMING_FILE."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator


@contextlib.contextmanager
def timed_run(started: float) -> Iterator[None]:
    """Time from `started` (a perf_counter reading at the top of the script) to the end of the run."""
    path = os.environ.get("KCM_TIMING_FILE")
    try:
        yield
    finally:
        if path:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")
