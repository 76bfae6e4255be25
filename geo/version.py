"""The data version: one hash of a package's files, so a citation names exactly the data it used."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .models import Package


def data_version(package: Package) -> str:
    """sha256 over every file of the data directory and the seeds directory (names and bytes, sorted)."""
    digest = hashlib.sha256()
    for label, folder in (("data", package.data_dir), ("seeds", package.seeds_dir)):
        root = Path(folder) if folder else None
        if root is None or not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return "sha256:" + digest.hexdigest()
