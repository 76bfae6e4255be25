"""The launcher's warm-up: the app's heavy imports and its data bundle, loaded once the server listens, so
the first visitor does not wait for them.

The first script run must wait for it rather than import the same modules alongside: two threads
importing a package with circular imports (shapely has them) can meet a half-initialised module and fail
with "cannot import name ... from partially initialized module", which broke a cold start. And a bundle
built by both would be built twice. `python -m dashboard` starts it; under `streamlit run` or in tests
nothing was started and `wait` returns at once.
"""

from __future__ import annotations

import socket
import threading
import time

WAIT_LIMIT_S = 60  # a warm-up stuck this long is left behind: the script imports for itself

_started = threading.Event()
_done = threading.Event()


def start(data_dir: str | None, port: int) -> None:
    """Warm up in a thread once the server listens on `port`."""
    _started.set()
    threading.Thread(target=_warm_up, args=(data_dir, port), name="kcm-warm-up", daemon=True).start()


def wait() -> None:
    """Until the warm-up (if one was started) has finished; the script calls this before its imports."""
    if _started.is_set():
        _done.wait(WAIT_LIMIT_S)


def _warm_up(data_dir: str | None, port: int) -> None:
    """It starts once the server listens, so it overlaps with the browser loading the page rather than
    delaying the server (the GIL lets only one of them run Python at a time). Importing the map here
    declares its components outside a script run, where Streamlit does not register them: the warm-up
    registers them itself (dashboard/components.py)."""
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        import folium  # noqa: F401  (with pandas, most of a cold first run)
        import pandas  # noqa: F401

        from dashboard import components
        from dashboard.bundle import build_bundle
        from geo.basemap_recipe import basemap_folder
        from geo.settings import DEFAULT_DATA_DIR

        components.register()  # every replica serves the components' files before any script has run
        bundle = build_bundle(data_dir or str(DEFAULT_DATA_DIR))  # the script's own default (dashboard/app.py)
        components.register(basemap_folder(bundle.package))  # and the package's basemap, known only now
    finally:
        _done.set()  # also after a failure: the script then meets the error itself and shows it
