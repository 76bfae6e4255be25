"""The data version: one hash of a package's files, so a citation names exactly the data it used."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .models import Package


def _files(data_dir: str, seeds_dir: str) -> Iterator[tuple[str, str]]:
    """(label, path) of every file of the data directory and the seeds directory, in a fixed order."""
    for label, root in (("data", data_dir), ("seeds", seeds_dir)):
        if not root or not os.path.isdir(root):
            continue
        found = [os.path.join(folder, name) for folder, _dirs, names in os.walk(root)  # faster than Path.rglob
                 for name in names if os.path.isfile(os.path.join(folder, name))]
        for path in sorted(found, key=Path):
            yield f"{label}/{Path(os.path.relpath(path, root)).as_posix()}", path


def content_version(data_dir: str, seeds_dir: str) -> str:
    """sha256 over every file of the data directory and the seeds directory (names and bytes, sorted)."""
    digest = hashlib.sha256()
    for label, path in _files(data_dir, seeds_dir):
        digest.update(f"{label}\0".encode())
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return "sha256:" + digest.hexdigest()


def data_version(package: Package) -> str:
    """The version of the files `package` was read from (see `content_version`)."""
    return content_version(package.data_dir, package.seeds_dir)


def files_state(data_dir: str, seeds_dir: str) -> tuple[tuple[str, int, int], ...]:
    """(name, size, modification time in ns) of every file `content_version` reads: cheap enough to take on
    every rerun, to tell whether the content may have changed."""
    state = []
    for label, path in _files(data_dir, seeds_dir):
        info = os.stat(path)
        state.append((label, info.st_size, info.st_mtime_ns))
    return tuple(state)
