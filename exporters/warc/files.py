"""Rotating gzipped WARC files: how records reach ``DATA/warc/`` and survive a crash.

:class:`WarcFiles` writes records, each as its own gzip member (so any record can be read alone from
its offset), into ``run-<run>-<seq>.warc.gz`` files that start with a ``warcinfo`` record and end
once they reach ``max_size`` bytes (the records of one exchange always share a file). It returns a
:class:`Pointer` per record: file, offset and length of its gzip member, and what the catalogue keeps.

Crash safety:

* a file is never appended to once closed, and a new file never replaces an existing one;
* while a file is written, a marker ``<name>.open`` lies beside it; a file is closed by syncing it
  and only then removing the marker;
* :meth:`WarcFiles.sync` flushes and fsyncs the open file: the crawl calls it before committing
  an index batch that names its records, so the index never points at a record not on disk;
* :func:`repair_open_files` (run before a crawl starts, under the archive's lock) finds the files
  whose marker is still there (their writer died), cuts each after its last complete gzip member
  (a torn final record never reaches a reader) and removes the marker.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

from crawler.kernel.errors import StorageError
from crawler.kernel.layout import OPEN_MARK, ArchiveLayout

from .records import WARC_VERSION, warcinfo_record

#: Default size at which a file is closed and the next one started.
DEFAULT_MAX_SIZE = 100 * 1000 * 1000
#: zlib level of the gzip members: on HTML pages, 4 compresses within 3% of level 6 in 70% of its time
#: (and 9, warcio's own, costs several times more for a few per cent).
GZIP_LEVEL = 4
GZIP_WBITS = zlib.MAX_WBITS | 16
READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class Pointer:
    """Where a record is (file name, offset and length of its gzip member) and what it is."""

    warc_file: str
    warc_offset: int
    warc_length: int
    record_id: str
    record_type: str
    target_uri: str | None
    warc_date: datetime
    status: int | None
    payload_digest: str | None
    refers_to: str | None

    def catalogue_row(self, run_id: int | None) -> dict[str, object]:
        return {"run_id": run_id, "record_id": self.record_id, "record_type": self.record_type,
                "target_uri": self.target_uri, "warc_date": self.warc_date, "status": self.status,
                "payload_digest": self.payload_digest, "refers_to": self.refers_to,
                "warc_file": self.warc_file, "warc_offset": self.warc_offset, "warc_length": self.warc_length}


def gzip_member(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """``data`` as one gzip member (one call: a compressor object costs ~35 µs to set up, most of
    the time a small record takes)."""
    return zlib.compress(data, level, GZIP_WBITS)


def serialize(record: ArcWarcRecord) -> bytes:
    """The record's bytes as warcio frames them (headers, block, the closing CRLF CRLF)."""
    out = BytesIO()
    WARCWriter(out, gzip=False, warc_version=WARC_VERSION).write_record(record)
    return out.getvalue()


def _status(record: ArcWarcRecord) -> int | None:
    if record.http_headers is None or record.rec_type not in ("response", "revisit"):
        return None
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class WarcFiles:
    """The WARC files of one run (see the module doc). ``info``: warcinfo fields of every file."""

    def __init__(self, layout: ArchiveLayout, run_id: int | None, max_size: int = DEFAULT_MAX_SIZE,
                 info: dict[str, str] | None = None, level: int = GZIP_LEVEL) -> None:
        self.layout = layout
        self.run_id = run_id
        self.max_size = max(1, int(max_size))
        self.info = dict(info or {})
        self.level = level
        self.sequence = 0
        self.name: str | None = None
        self.fh: BinaryIO | None = None
        self.size = 0
        self.dirty = False
        self.files: list[str] = []  # every file this writer made, in order
        self.bytes_written = 0

    # -- files ------------------------------------------------------------------------------------
    def _open_next(self) -> None:
        folder = self.layout.warc_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            while True:
                self.sequence += 1
                name = self.layout.warc_name(self.run_id, self.sequence)
                path, marker = self.layout.warc_path(name), self.layout.warc_open_marker(name)
                if path.exists() or marker.exists():
                    continue  # never write into a file that is already there
                marker.touch()
                self.fh = open(path, "xb")  # noqa: SIM115 - kept open until the file is closed
                break
        except OSError as exc:
            raise StorageError(f"cannot create a WARC file in {folder}: {exc.strerror or exc}") from None
        _fsync_dir(folder)
        self.name, self.size = name, 0
        self.files.append(name)
        info = warcinfo_record(self._builder(), name, datetime.now(UTC),
                               {"isPartOf": f"run {self.run_id}" if self.run_id else "", **self.info})
        self._append(info)

    @staticmethod
    def _builder() -> WARCWriter:
        return WARCWriter(BytesIO(), gzip=False, warc_version=WARC_VERSION)

    def close(self) -> None:
        """Sync and close the open file, then remove its marker."""
        if self.fh is None or self.name is None:
            return
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            self.layout.warc_open_marker(self.name).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot close WARC file {self.name}: {exc.strerror or exc}") from None
        _fsync_dir(self.layout.warc_dir)
        self.fh, self.name, self.dirty = None, None, False

    def sync(self) -> None:
        """Make every record written so far durable (before the index may name them)."""
        if self.fh is None or not self.dirty:
            return
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
        except OSError as exc:
            raise StorageError(f"cannot write WARC file {self.name}: {exc.strerror or exc}") from None
        self.dirty = False

    # -- records ----------------------------------------------------------------------------------
    def _append(self, record: ArcWarcRecord) -> Pointer:
        assert self.fh is not None and self.name is not None
        member = gzip_member(serialize(record), self.level)
        offset = self.size
        try:
            self.fh.write(member)
        except OSError as exc:
            raise StorageError(f"cannot write WARC file {self.name}: {exc.strerror or exc}") from None
        self.size += len(member)
        self.bytes_written += len(member)
        self.dirty = True
        headers = record.rec_headers
        date = headers.get_header("WARC-Date")
        return Pointer(self.name, offset, len(member), headers.get_header("WARC-Record-ID"), record.rec_type,
                       headers.get_header("WARC-Target-URI"), _parse_date(date), _status(record),
                       headers.get_header("WARC-Payload-Digest"), headers.get_header("WARC-Refers-To"))

    def write(self, records: list[ArcWarcRecord]) -> list[Pointer]:
        """Write ``records`` (one exchange) into the same file; a new file is started first when the
        current one is full."""
        if self.fh is None or self.size >= self.max_size:
            self.close()
            self._open_next()
        return [self._append(record) for record in records]


def _parse_date(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- repair ---------------------------------------------------------------------------------------

def complete_members(path: Path) -> tuple[int, int]:
    """(the end of the last complete gzip member, the file's size): a file whose last member is
    torn has the first smaller than the second; bytes that are not gzip at all end the scan too."""
    size = path.stat().st_size
    end = 0  # file offset just after the last complete member
    position = 0  # file offset of the first byte of ``pending``
    pending = b""
    decompressor = zlib.decompressobj(GZIP_WBITS)
    with open(path, "rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            pending += chunk
            while pending:
                try:
                    decompressor.decompress(pending)
                except zlib.error:
                    return end, size
                if not decompressor.eof:  # the member goes on in the next chunk
                    position += len(pending)
                    pending = b""
                    break
                rest = decompressor.unused_data
                end = position + len(pending) - len(rest)
                position, pending = end, rest
                decompressor = zlib.decompressobj(GZIP_WBITS)
    return end, size


def repair_file(path: Path) -> int:
    """Cut ``path`` after its last complete gzip member; returns the bytes removed."""
    end, size = complete_members(path)
    if end < size:
        with open(path, "r+b") as fh:
            fh.truncate(end)
            fh.flush()
            os.fsync(fh.fileno())
    return size - end


def repair_open_files(layout: ArchiveLayout) -> list[tuple[str, int]]:
    """Close the files whose writer died (their ``.open`` marker is still there): each is cut after
    its last complete record and its marker removed. Returns (file name, bytes cut) per file.
    Only while no crawl writes (the archive's lock is held)."""
    repaired: list[tuple[str, int]] = []
    folder = layout.warc_dir
    if not folder.is_dir():
        return repaired
    for marker in sorted(folder.glob(f"*{OPEN_MARK}")):
        name = marker.name[: -len(OPEN_MARK)]
        path = folder / name
        try:
            cut = repair_file(path) if path.is_file() else 0
            marker.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot repair WARC file {path}: {exc.strerror or exc}") from None
        repaired.append((name, cut))
    if repaired:
        _fsync_dir(folder)
    return repaired
