"""Atomic file writes: the one way the archiver replaces a file.

Data goes to a temporary file beside the target (``.<name>.<random>.tmp``), is flushed (and
synced, unless told otherwise), gets its mode and, when given, its modification time, and is then
renamed over the target. On any failure the target stays as it was and the temporary file is
removed; a temporary file left by a killed process is recognised by :data:`TEMP_FILE` and removed
by the next crawl (:func:`remove_temp_files`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from .errors import StorageError

FILE_MODE = 0o644  # mkstemp creates 0600; archived files are ordinary readable files
#: Names of the temporary files of unfinished atomic writes.
TEMP_FILE = re.compile(r"^\..+\.tmp$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _storage_error(path: Path, exc: OSError) -> StorageError:
    return StorageError(f"cannot write {path}: {exc.strerror or exc}")


class AtomicFile:
    """A file that appears at ``path`` only when :meth:`commit` is called (``with`` commits when
    the block succeeds and discards otherwise). ``fh`` is the open binary file to write to."""

    def __init__(self, path: Path | str, *, fsync: bool = True, mtime: datetime | None = None,
                 mode: int = FILE_MODE) -> None:
        self.path = Path(path)
        self.fsync, self.mtime, self.mode = fsync, mtime, mode
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise _storage_error(self.path, exc) from exc
        self.tmp = Path(tmp)
        self.fh: BinaryIO = os.fdopen(fd, "wb")

    def stage(self) -> Path:
        """Finish the temporary file (its data flushed and synced, its mode and time set) without
        putting it in place; returns its path, for :func:`publish` (or :func:`discard_staged`)."""
        try:
            os.fchmod(self.fh.fileno(), self.mode)
            self.fh.flush()
            if self.fsync:
                os.fsync(self.fh.fileno())
            self.fh.close()
            if self.mtime is not None:
                set_mtime(self.tmp, self.mtime)
        except OSError as exc:
            self.discard()
            raise _storage_error(self.path, exc) from exc
        return self.tmp

    def commit(self) -> None:
        publish(self.stage(), self.path)

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.commit()
            return
        self.discard()
        if isinstance(exc, OSError) and not isinstance(exc, StorageError):
            raise _storage_error(self.path, exc) from exc


def mtime_ns(when: datetime) -> int:
    """``when`` as a file time in nanoseconds, exact to the microsecond (a float would round)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return (aware - EPOCH) // timedelta(microseconds=1) * 1000


def file_time(path: Path | str) -> datetime:
    """A file's modification time as an aware UTC datetime, to the microsecond (the inverse of
    :func:`set_mtime`)."""
    return EPOCH + timedelta(microseconds=os.stat(path).st_mtime_ns // 1000)


def set_mtime(path: Path | str, when: datetime) -> None:
    """Give ``path`` the access and modification time ``when``."""
    ns = mtime_ns(when)
    os.utime(path, ns=(ns, ns))


def atomic_write(path: Path | str, data: bytes, *, fsync: bool = True, mtime: datetime | None = None) -> None:
    """Replace ``path`` with ``data`` atomically (see the module doc); raises :class:`StorageError`."""
    with AtomicFile(path, fsync=fsync, mtime=mtime) as out:
        out.fh.write(data)


def stage_write(path: Path | str, data: bytes, *, fsync: bool = True, mtime: datetime | None = None) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flushed and synced, and return it:
    nothing appears at ``path`` until :func:`publish`. A failed write leaves nothing behind and
    raises :class:`StorageError`. Used to keep files and the index in step: the files of a batch
    are staged, published, and unpublished again when the batch cannot be stored in the index."""
    out = AtomicFile(path, fsync=fsync, mtime=mtime)
    try:
        out.fh.write(data)
    except OSError as exc:
        out.discard()
        raise _storage_error(out.path, exc) from exc
    return out.stage()


def publish(staged: Path | str, path: Path | str, *, keep: bool = False) -> Path | None:
    """Put a staged file in place (a rename, atomic); raises :class:`StorageError` (the staged
    file is then removed). With ``keep``, the file it replaces stays reachable under a temporary
    name, which is returned (None when there was no file): :func:`unpublish` puts it back,
    :func:`discard_staged` drops it."""
    path = Path(path)
    kept = None
    try:
        if keep and path.exists():
            kept = Path(tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
            os.link(path, kept)
        os.replace(staged, path)
    except OSError as exc:
        discard_staged(staged)
        if kept is not None:
            discard_staged(kept)
        raise _storage_error(path, exc) from exc
    return kept


def unpublish(path: Path | str, kept: Path | str | None) -> None:
    """Undo :func:`publish`: the replaced file back in place (``kept``), or the new file removed.
    Best effort: on a disk that no longer takes any change, the next crawl sets things right (it
    fetches pages without rows again)."""
    try:
        if kept is not None:
            os.replace(kept, path)
        else:
            os.unlink(path)
    except OSError:
        pass


def discard_staged(staged: Path | str) -> None:
    """Remove a staged file that will not be published (a file already gone is fine)."""
    try:
        os.unlink(staged)
    except OSError:
        pass  # on a read-only disk it stays: the next crawl removes temporary files first


def sync_files(paths: Iterable[Path | str], folders: Iterable[Path | str] = ()) -> None:
    """Make files written without ``fsync`` durable, then ``folders`` (their entries: files renamed
    into them); raises :class:`StorageError`."""
    for path in paths:
        _sync(Path(path), os.O_RDONLY)
    for folder in folders:
        _sync(Path(folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _sync(path: Path, flags: int) -> None:
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return  # replaced or removed since: whatever stands there now was synced by its writer
    except OSError as exc:
        raise _storage_error(path, exc) from exc
    try:
        os.fsync(fd)
    except OSError as exc:
        raise _storage_error(path, exc) from exc
    finally:
        os.close(fd)


#: Bytes a crawl keeps in reserve (:func:`reserve_space`): enough for the index to record a failure.
RESERVE_BYTES = 256 * 1024


def reserve_space(path: Path | str, size: int = RESERVE_BYTES) -> bool:
    """Take ``size`` bytes of the disk in a file of our own, to be given back by
    :func:`release_space` when the disk fills up: the crawl can then still record that it failed.
    Best effort: False when there is no room even for that."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size >= size:
            return True
        with open(path, "wb") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
        return True
    except OSError:
        release_space(path)
        return False


def release_space(path: Path | str) -> None:
    """Give back the room :func:`reserve_space` took (nothing when there is none)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def remove_temp_files(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary files of atomic writes cut short (a killed process) under ``folders``;
    returns what was removed. Only while no writer is alive (the archive lock is held)."""
    removed = []
    for root in folders:
        if not root.is_dir():
            continue
        for path in root.rglob(".*.tmp"):
            if path.is_file() and TEMP_FILE.match(path.name):
                try:
                    path.unlink()
                    removed.append(path)
                except OSError:
                    continue
    return removed
