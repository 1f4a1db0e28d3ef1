"""Where an export's files go: a folder, a ``.zip`` or a ``.tar.gz``, all written the same way.

Bundles are reproducible: entries in the order they are added, fixed permissions and owners, each
entry's time taken from the archive (never from the clock), and no timestamp in the gzip header.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import tarfile
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from crawler.kernel.errors import StorageError, UsageError
from crawler.kernel.files import set_mtime

FILE_MODE = 0o644
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can carry
BUNDLE_SUFFIXES = {".zip": "zip", ".tar.gz": "tar.gz", ".tgz": "tar.gz"}
#: What an export does with a folder that already has files: refuse, write over them, empty it.
EXISTING = ("refuse", "force", "clean")
COPY_CHUNK = 1 << 20
#: Threads writing a folder export (0: written by the caller), and how many files may wait for them.
WRITER_THREADS = 4
MAX_PENDING = 256


def bundle_kind(target: Path) -> str | None:
    """``"zip"`` / ``"tar.gz"`` when the target's name asks for a bundle, else None (a folder)."""
    name = target.name.lower()
    return next((kind for suffix, kind in BUNDLE_SUFFIXES.items() if name.endswith(suffix)), None)


class Sink:
    """Receives an export's files by relative POSIX path."""

    def add(self, relpath: str, data: bytes, mtime: datetime) -> None:
        raise NotImplementedError

    def add_file(self, relpath: str, source: Path, mtime: datetime) -> None:
        raise NotImplementedError

    def close(self, ok: bool = True) -> None:
        """Finish the target (``ok=False``: an error happened, remove what a bundle wrote)."""


class FolderSink(Sink):
    """Files in a folder. Creating a file costs the file system far more than writing its few
    kilobytes, and creations in parallel overlap, so files are written by a few threads (at most
    ``MAX_PENDING`` waiting, which keeps memory flat); each file gets its time set explicitly, so
    the result does not depend on the order the writes finish in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {str(root)!r}: {exc.strerror or exc}") from None
        self._dirs: set[Path] = set()
        self._pool = ThreadPoolExecutor(max(1, WRITER_THREADS), thread_name_prefix="export-writer")
        self._pending: deque[Future[None]] = deque()

    def _target(self, relpath: str) -> Path:
        path = self.root / relpath
        if path.parent not in self._dirs:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create {str(path.parent)!r}: {exc.strerror or exc}") from None
            self._dirs.add(path.parent)
        return path

    def _submit(self, write: Callable[[Path], None], relpath: str, mtime: datetime) -> None:
        if WRITER_THREADS == 0:
            _write_file(self._target(relpath), write, mtime)
            return
        while len(self._pending) >= MAX_PENDING or (self._pending and self._pending[0].done()):
            self._pending.popleft().result()  # re-raises a failed write here
        self._pending.append(self._pool.submit(_write_file, self._target(relpath), write, mtime))

    def add(self, relpath: str, data: bytes, mtime: datetime) -> None:
        def write(path: Path) -> None:
            with open(path, "wb") as fh:
                fh.write(data)

        self._submit(write, relpath, mtime)

    def add_file(self, relpath: str, source: Path, mtime: datetime) -> None:
        # copied at once: the caller may remove ``source`` (a spooled file) when this returns
        _write_file(self._target(relpath), lambda path: shutil.copyfile(source, path), mtime)

    def close(self, ok: bool = True) -> None:
        try:
            while self._pending:
                future = self._pending.popleft()
                if ok:
                    future.result()
                else:
                    future.cancel()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=not ok)


def _write_file(path: Path, write: Callable[[Path], None], mtime: datetime) -> None:
    try:
        write(path)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from None
    set_mtime(path, mtime)


class _BundleSink(Sink):
    """Writes to a temporary file beside the target, renamed into place on success."""

    def __init__(self, target: Path) -> None:
        self.target = target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        except OSError as exc:
            raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from None
        self.tmp = Path(tmp)
        self.fh: BinaryIO = os.fdopen(fd, "wb")

    def _finish(self) -> None:
        raise NotImplementedError

    def close(self, ok: bool = True) -> None:
        try:
            self._finish()
            self.fh.close()
            if ok:
                os.chmod(self.tmp, FILE_MODE)
                os.replace(self.tmp, self.target)
        finally:
            if self.tmp.exists():
                self.tmp.unlink()


class ZipSink(_BundleSink):
    def __init__(self, target: Path) -> None:
        super().__init__(target)
        self.zf = zipfile.ZipFile(self.fh, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)

    @staticmethod
    def _info(relpath: str, mtime: datetime) -> zipfile.ZipInfo:
        when = max(mtime.astimezone(UTC), ZIP_EPOCH)
        info = zipfile.ZipInfo(relpath, date_time=when.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (0o100000 | FILE_MODE) << 16
        info.create_system = 3  # unix, so the mode above is honoured
        return info

    def add(self, relpath: str, data: bytes, mtime: datetime) -> None:
        self.zf.writestr(self._info(relpath, mtime), data)

    def add_file(self, relpath: str, source: Path, mtime: datetime) -> None:
        info = self._info(relpath, mtime)
        with open(source, "rb") as src, self.zf.open(info, "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, COPY_CHUNK)

    def _finish(self) -> None:
        self.zf.close()


class TarSink(_BundleSink):
    def __init__(self, target: Path) -> None:
        super().__init__(target)
        self.gz = gzip.GzipFile(filename="", mode="wb", fileobj=self.fh, mtime=0)
        self.tar = tarfile.open(fileobj=self.gz, mode="w", format=tarfile.PAX_FORMAT)

    @staticmethod
    def _info(relpath: str, size: int, mtime: datetime) -> tarfile.TarInfo:
        info = tarfile.TarInfo(relpath)
        info.size, info.mtime, info.mode = size, int(mtime.timestamp()), FILE_MODE
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    def _append(self, info: tarfile.TarInfo, fileobj: BinaryIO) -> None:
        self.tar.addfile(info, fileobj)
        self.tar.members.clear()  # written members need not be remembered: keeps memory flat

    def add(self, relpath: str, data: bytes, mtime: datetime) -> None:
        self._append(self._info(relpath, len(data), mtime), io.BytesIO(data))

    def add_file(self, relpath: str, source: Path, mtime: datetime) -> None:
        with open(source, "rb") as src:
            self._append(self._info(relpath, os.fstat(src.fileno()).st_size, mtime), src)

    def _finish(self) -> None:
        self.tar.close()
        self.gz.close()


def prepare_folder(target: Path, existing: str, manifest: str) -> bool:
    """Make a folder target ready: a missing or empty folder is fine; a folder with files in it is
    refused (``existing="refuse"``), written over (``"force"``: returns True, the export merges)
    or emptied first (``"clean"``), which only a previous export may be: a folder holding a
    ``manifest`` file whose JSON names its format. Nothing is deleted from any other folder."""
    if existing not in EXISTING:
        raise UsageError(f"existing must be one of {', '.join(EXISTING)}, not {existing!r}")
    if not target.is_dir() or not any(target.iterdir()):
        return False
    if existing == "force":
        return True
    if existing == "refuse":
        raise UsageError(f"--to {str(target)!r} is not empty: --force writes over it (other files stay), "
                         "--clean empties it first (a previous export only)")
    if not _is_export(target / manifest):
        raise UsageError(f"--clean: {str(target)!r} does not look like a previous export (no {manifest}): "
                         "nothing was deleted; empty it yourself or choose another folder")
    try:
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    except OSError as exc:
        raise StorageError(f"cannot empty {str(target)!r}: {exc.strerror or exc}") from None
    return False


def _is_export(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("format"), str) and "count" in data


def files_besides(root: Path, written: set[str]) -> list[str]:
    """Files under ``root`` (relative POSIX paths, sorted) that are not in ``written``."""
    out = []
    for folder, _dirs, names in os.walk(root):
        base = Path(folder).relative_to(root)
        out.extend(rel for rel in ((base / n).as_posix() for n in names) if rel not in written)
    return sorted(out)


def open_sink(target: Path) -> Sink:
    kind = bundle_kind(target)
    if kind is None:
        if target.exists() and not target.is_dir():
            raise UsageError(f"--to {str(target)!r} is a file: give a folder, or a name ending in "
                             ".zip or .tar.gz")
        return FolderSink(target)
    if target.is_dir():
        raise UsageError(f"--to {str(target)!r} is a folder, not a {kind} file")
    return ZipSink(target) if kind == "zip" else TarSink(target)
