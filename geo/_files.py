"""Writing files safely, and finding a package's own files."""

from __future__ import annotations

import importlib.resources
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write via a temporary file and rename, so a failed build leaves the previous file intact (text as UTF-8)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the data file is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def package_folder(package: str) -> Path:
    """The folder of an installed package's files (its data read as files: Streamlit serves folders, the loaders
    take a data folder), found through importlib.resources wherever the package is installed. Pip installs
    wheels as plain files; a package imported from a zip archive has no such folder and is refused here."""
    folder = importlib.resources.files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is imported from {folder}, not a folder: install it with pip (not zipped)")
    return folder.resolve()
