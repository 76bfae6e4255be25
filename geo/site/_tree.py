"""OUT as a tree of open directories: every step below OUT opens with O_NOFOLLOW, so no read, write or
delete of the export goes through a symbolic link, even one put there while the export runs."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

from ..errors import ExportRefused

TMP_DIR = ".kcm-export.tmp"  # temporary files: a dot name, no served name, removed by the next export if left
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def check_relative(out: Path, rel: str) -> PurePosixPath:
    """`rel` as a path that stays inside OUT: relative, no `..`, `.` or empty part (a manifest is input)."""
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")):
        raise ExportRefused(out, f"its .kcm-export.json lists {rel!r}, a path outside the folder")
    return path


class Tree:
    """OUT (followed if OUT itself is a link: the user named it) and its subfolders, opened without following."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fds: dict[str, int] = {"": os.open(out, os.O_RDONLY | os.O_DIRECTORY)}

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()

    def dir_fd(self, rel_dir: str, create: bool = False) -> int | None:
        """The open folder `rel_dir` ("" is OUT); None when it is missing and not `create`d. A link, file or
        anything else in its place is refused: the export never writes through it."""
        if rel_dir in self.fds:
            return self.fds[rel_dir]
        parent, _, name = rel_dir.rpartition("/")
        parent_fd = self.dir_fd(parent, create)
        if parent_fd is None:
            return None
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent_fd)
        except FileNotFoundError:
            if not create:
                return None
            os.mkdir(name, 0o755, dir_fd=parent_fd)
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent_fd)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            what = kind(os.stat(name, dir_fd=parent_fd, follow_symlinks=False))
            raise ExportRefused(self.out, f"{rel_dir} is {what}, not a folder; export-site writes only into "
                                "folders it made and never through a link") from None
        self.fds[rel_dir] = fd
        return fd

    def _split(self, rel: str, create: bool = False) -> tuple[int | None, str]:
        parent, _, name = rel.rpartition("/")
        return self.dir_fd(parent, create), name

    def lstat(self, rel: str) -> os.stat_result | None:
        """The entry itself (a link is not followed); None when it or its folder is missing."""
        fd, name = self._split(rel)
        if fd is None:
            return None
        try:
            return os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def read(self, rel: str) -> bytes:
        fd, name = self._split(rel)
        handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=fd)
        with open(handle, "rb") as file:
            return file.read()

    def sha256(self, rel: str) -> str:
        return hashlib.sha256(self.read(rel)).hexdigest()

    def put(self, rel: str, content: bytes) -> None:
        """Write a temporary file in TMP_DIR, sync it, rename it over `rel`: `rel` is the old file or the
        new one at every instant, and a failure removes the temporary file."""
        tmp_fd = self.dir_fd(TMP_DIR, create=True)
        fd, name = self._split(rel, create=True)
        tmp = f"{rel.replace('/', '_')}.{os.getpid()}"
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=tmp_fd)
        try:
            try:
                os.fchmod(handle, 0o644)  # readable by a web server's user, whatever the umask
                view = memoryview(content)
                while view:
                    view = view[os.write(handle, view):]
                os.fsync(handle)
            finally:
                os.close(handle)
            os.replace(tmp, name, src_dir_fd=tmp_fd, dst_dir_fd=fd)
        except BaseException:
            os.unlink(tmp, dir_fd=tmp_fd)
            raise

    def unlink(self, rel: str) -> None:
        fd, name = self._split(rel)
        if fd is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name, dir_fd=fd)

    def clear_tmp(self) -> None:
        """Remove TMP_DIR: what a killed export left. Only plain files are in it; anything else is not ours."""
        st = self.lstat(TMP_DIR)
        if st is None:
            return
        fd = self.dir_fd(TMP_DIR)
        assert fd is not None
        entries = list(os.scandir(fd))
        strange = [e.name for e in entries if not e.is_file(follow_symlinks=False)]
        if strange:
            raise ExportRefused(self.out, f"{TMP_DIR}/{strange[0]} is not a file the export left; remove "
                                f"{TMP_DIR} yourself if you put it there")
        for entry in entries:
            os.unlink(entry.name, dir_fd=fd)
        os.close(self.fds.pop(TMP_DIR))
        os.rmdir(TMP_DIR, dir_fd=self.fds[""])


def kind(st: os.stat_result) -> str:
    """'a symbolic link', 'a folder', 'a file' or 'a special file'."""
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    if stat.S_ISREG(st.st_mode):
        return "a file"
    return "a special file"

