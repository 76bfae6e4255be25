"""Reading and writing files safely (regular files only, within a size limit; atomic writes), and finding a
package's own files."""

from __future__ import annotations

import importlib.resources
import os
import stat
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


MB = 1_000_000
DATA_FILE_LIMIT = 50 * MB  # a data file: the real largest is 0.15 MB, 100,000 synthetic control changes 28 MB
SEED_FILE_LIMIT = 2 * MB  # a seed article; the real ones are under 10 kB
_FILE_KINDS = ((stat.S_ISDIR, "a directory, expected a file"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class FileRefused(Exception):
    """A file that is not read: missing, not a regular file, too large or unreadable (the message says which)."""


def _refuse_unless_regular(mode: int, size: int, limit: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((kind for test, kind in _FILE_KINDS if test(mode)), "not a regular file")
        raise FileRefused(f"is {kind}" + ("" if kind.endswith("expected a file") else "; expected a regular file"))
    if size > limit:
        raise FileRefused(f"is {size / MB:.1f} MB, over the limit of {limit / MB:g} MB for this kind of file")


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `FileRefused` otherwise.

    The type and size are checked before reading (a FIFO would block, /dev/zero never ends) and again
    on the opened file, which is opened non-blocking so that a file swapped for a FIFO cannot hang us.
    """
    try:
        before = os.stat(path)
        _refuse_unless_regular(before.st_mode, before.st_size, limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise FileRefused("is missing") from None
    except OSError as exc:
        raise FileRefused(f"cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a path with a NUL character
        raise FileRefused(f"cannot be read: {exc}") from None
    with open(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        _refuse_unless_regular(opened.st_mode, opened.st_size, limit)
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise FileRefused(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:  # it grew while we read
        raise FileRefused(f"is over the limit of {limit / MB:g} MB for this kind of file")
    return raw
