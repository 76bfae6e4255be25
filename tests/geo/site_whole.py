"""What a reader of an exported folder gets: a whole site or a failed check (shared by the site's tests)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from geo.site._publish import MANIFEST
from geo.site._tree import TMP_DIR


def whole_site(out: Path) -> str:
    """The page OUT serves, after checking that a plain client and a gzip client (nginx gzip_static) get the
    same page and that every file it loads, and every file those load, is there (with its gzip twin)."""
    page = (out / "index.html").read_bytes()
    if (out / "index.html.gz").exists():  # absent for a moment while the page switches: then all get the page
        assert gzip.decompress((out / "index.html.gz").read_bytes()) == page, "the gzip page is another version"
    text = page.decode("utf-8")
    refs = re.findall(r'(?:src|href)="(assets/[^"]+)"', text)
    assert refs, "the page loads no asset"
    for ref in refs:
        content = (out / ref).read_bytes()
        assert gzip.decompress((out / f"{ref}.gz").read_bytes()) == content, f"{ref}.gz is not {ref}"
        inner = content.decode("utf-8")
        for image in re.findall(r"assets/relief\.[0-9a-f]{12}\.png", inner):  # the data names the relief
            assert (out / image).is_file(), image
        for image in re.findall(r"url\((images/[^)]+)\)", inner):  # leaflet.css names images/ beside it
            assert (out / "assets" / image).is_file(), image
    return text


def tree(out: Path) -> dict[str, bytes | str]:
    """Every entry under OUT: a file's bytes, a link's target, a folder as 'dir'."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_symlink():
            entries[rel] = f"-> {path.readlink()}"
        elif path.is_dir():
            entries[rel] = "dir"
        else:
            entries[rel] = path.read_bytes()
    return entries


def site_only(entries: dict[str, bytes | str]) -> dict[str, bytes | str]:
    """`tree` without the export's own record and temporary folder."""
    return {k: v for k, v in entries.items() if k != MANIFEST and not k.startswith(TMP_DIR)}
