"""The app runs from a read-only install (a container image, a system package): nothing it generates
at run time is written into its own directory."""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
from pathlib import Path

import pytest

from tools.harness import ROOT, StreamlitServer, map_frame

pytestmark = pytest.mark.browser
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 24, 1, 2, 3


def without_root_overrides() -> None:
    """In the child before exec: as root, give up the capabilities that ignore file permissions, so a
    read-only directory is read-only for the app too (a no-op for other users)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def set_writable(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def tree(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*")}


def test_the_map_renders_from_a_read_only_install(page, tmp_path):
    install = tmp_path / "install"
    ignore = shutil.ignore_patterns("__pycache__", "generated")
    for name in ("dashboard", "geo", "seeds", ".streamlit"):
        shutil.copytree(ROOT / name, install / name, ignore=ignore)
    set_writable(install, False)
    before = tree(install)
    server = StreamlitServer(app=install / "dashboard" / "app.py", cwd=install, preexec_fn=without_root_overrides,
                             env={"PYTHONDONTWRITEBYTECODE": "1"})
    try:
        page.page.goto(f"{server.url}/?date=2020-11-20")
        frame = map_frame(page.page)  # ready only once the generated geometry was fetched and drawn
        assert frame.evaluate("document.querySelectorAll('path.kcm-district').length") == 89
        assert frame.evaluate("window.kcm.error === undefined")
        assert not page.foreign_hosts() and not page.errors
    finally:
        server.stop()
        set_writable(install, True)
    assert tree(install) == before
