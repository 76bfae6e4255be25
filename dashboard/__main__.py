"""`python -m dashboard [streamlit options] [--data DIR]`: `streamlit run dashboard/app.py`, with the app's
imports and data package loaded while the server starts, so the first visitor does not wait for them.

Options other than --data go to Streamlit (e.g. --server.port 8502).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard import warmup

APP = Path(__file__).resolve().parent / "app.py"
# Every setting of .streamlit/config.toml, which `streamlit run` reads only from the working directory (a test
# keeps the two the same): started from any folder, or installed, the app is the same. A later flag wins.
CONFIG_FLAGS = (
    # Elements of 1 kB or more that the browser already holds are sent as a reference (Streamlit's default
    # is 10 kB): most of the page is the same from one date to the next.
    "--global.minCachedMessageSize", "1000",
    "--server.enableStaticServing", "true",
    "--server.headless", "true",
    "--server.enableXsrfProtection", "true",
    "--server.enableCORS", "true",
    # They keep one reader's burst of input from stalling the server (see dashboard/bursts.py): one script
    # thread per session, and no full garbage collection after every run.
    "--runner.fastReruns", "false",
    "--runner.postScriptGC", "false",
    "--browser.gatherUsageStats", "false",  # no outside requests: else Streamlit collects usage statistics
    "--client.toolbarMode", "minimal",
    # Streamlit's own table export copies formulas from data as they are (the app offers a neutralised CSV).
    "--client.disableDataExport", "true",
)


def no_component_manifest_scan() -> None:
    """Before the server listens, Streamlit reads the metadata of every installed distribution looking for
    "v2" component manifests (0.2 s here, more the more is installed). The app declares its own components
    and none of its dependencies ships such a manifest (a test runs the real scan to check), so the
    launcher skips it."""
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = lambda max_workers=None: []


def main(argv: list[str]) -> int:
    # `geo` (its schemas, pydantic) is imported by the warm-up, once the server listens, not before.
    data_dir: str | None = None
    port = 8501
    streamlit_args = []
    args = iter(argv)
    for arg in args:
        if arg == "--data":
            data_dir = next(args, data_dir)
        elif arg.startswith("--data="):
            data_dir = arg.split("=", 1)[1]
        else:
            streamlit_args.append(arg)
            if arg == "--server.port":
                value = next(args, "8501")
                streamlit_args.append(value)
                port = int(value) if value.isdigit() else port
    warmup.start(data_dir, port)
    from streamlit.web import cli

    from dashboard.privacy import no_external_ip_lookup

    no_external_ip_lookup()
    no_component_manifest_scan()

    script_args = ["--", "--data", data_dir] if data_dir is not None else []
    sys.argv = ["streamlit", "run", str(APP), *CONFIG_FLAGS, *streamlit_args, *script_args]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
