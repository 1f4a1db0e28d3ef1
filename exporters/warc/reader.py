"""Reading WARC records back: one at its (file, offset, length), or a whole file member by member.

Each record is its own gzip member. :func:`iter_members` walks a file's members (zlib checks each
member's CRC and size as it inflates it) and reports where the readable part ends; warcio parses
each member's record (:func:`parse_member`), checking its block and payload digests when asked.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders

from crawler.kernel.errors import StorageError
from crawler.kernel.layout import ArchiveLayout

GZIP_WBITS = zlib.MAX_WBITS | 16
READ_CHUNK = 1 << 16


class RecordError(Exception):
    """A record cannot be read: corrupt, torn, or not where the index says."""


@dataclass
class Member:
    """One gzip member of a file: where it is and what it inflates to."""

    offset: int
    length: int
    data: bytes


@dataclass
class FileScan:
    """What :func:`iter_members` found past the last good member (``problem`` is None when the
    file ended cleanly)."""

    end: int = 0
    size: int = 0
    problem: str | None = None


def iter_members(path: Path, scan: FileScan | None = None) -> Iterator[Member]:
    """The gzip members of ``path`` in order; stops at the first corrupt or incomplete one and
    says so in ``scan``."""
    scan = scan if scan is not None else FileScan()
    scan.size = path.stat().st_size
    start = 0  # offset of the member being inflated
    position = 0  # offset of the first byte of ``pending``
    pending = b""
    output: list[bytes] = []
    decompressor = zlib.decompressobj(GZIP_WBITS)
    with open(path, "rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            pending += chunk
            while pending:
                try:
                    output.append(decompressor.decompress(pending))
                except zlib.error as exc:
                    scan.problem = f"corrupt gzip data in the record at offset {start} ({exc})"
                    return
                if not decompressor.eof:
                    position += len(pending)
                    pending = b""
                    break
                rest = decompressor.unused_data
                end = position + len(pending) - len(rest)
                yield Member(start, end - start, b"".join(output))
                scan.end = start = position = end
                pending, output = rest, []
                decompressor = zlib.decompressobj(GZIP_WBITS)
    if scan.end < scan.size:
        scan.problem = (f"the record at offset {scan.end} is incomplete "
                        f"({scan.size - scan.end} bytes of a torn gzip member)")


@dataclass
class Parsed:
    """A record parsed by warcio, its raw block read whole."""

    record_type: str
    headers: StatusAndHeaders
    http: StatusAndHeaders | None
    payload: bytes  # the block after the HTTP headers (a response's body as received)
    problems: list[str] = field(default_factory=list)  # digest mismatches

    def header(self, name: str) -> str | None:
        return self.headers.get_header(name)

    @property
    def uri(self) -> str | None:
        return self.header("WARC-Target-URI")

    @property
    def status(self) -> int | None:
        if self.http is None or self.record_type not in ("response", "revisit"):
            return None
        try:
            return int(self.http.get_statuscode())
        except (TypeError, ValueError):
            return None


def parse_member(data: bytes, check_digests: bool = False) -> Parsed:
    """The one record of an inflated member (raises :class:`RecordError`); a block shorter or
    longer than its ``Content-Length`` is a problem, like a digest that does not match."""
    try:
        iterator = ArchiveIterator(BytesIO(data), check_digests=check_digests, ensure_http_headers=False)
        record: ArcWarcRecord | None = next(iter(iterator), None)
        if record is None:
            raise RecordError("no WARC record in it")
        payload = record.raw_stream.read()
        problems = list(record.digest_checker.problems) if check_digests else []
        declared = int(record.rec_headers.get_header("Content-Length") or 0)
        head = record.http_headers.total_len if record.http_headers is not None else 0
        if head + len(payload) != declared:
            problems.append(f"Content-Length says {declared} bytes, the block has {head + len(payload)}")
        return Parsed(record.rec_type, record.rec_headers, record.http_headers, payload, problems)
    except (ArchiveLoadFailed, ValueError, EOFError) as exc:
        raise RecordError(f"not a readable WARC record ({exc})") from None


def read_member(path: Path, offset: int, length: int) -> bytes:
    """The inflated gzip member at ``offset`` (exactly ``length`` bytes long) of ``path``."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            raw = fh.read(length)
    except FileNotFoundError:
        raise RecordError(f"{path.name} does not exist") from None
    except OSError as exc:
        raise RecordError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if len(raw) != length:
        raise RecordError(f"{path.name} ends before offset {offset} + {length}")
    decompressor = zlib.decompressobj(GZIP_WBITS)
    try:
        data = decompressor.decompress(raw)
    except zlib.error as exc:
        raise RecordError(f"{path.name} at offset {offset}: corrupt gzip data ({exc})") from None
    if not decompressor.eof or decompressor.unused_data:
        raise RecordError(f"{path.name}: no record of {length} bytes starts at offset {offset}")
    return data


def read_record(layout: ArchiveLayout, warc_file: str, offset: int, length: int,
                check_digests: bool = False) -> Parsed:
    """The record the index points at (raises :class:`RecordError`)."""
    try:
        path = layout.warc_path(warc_file)
    except StorageError as exc:
        raise RecordError(str(exc)) from None
    try:
        return parse_member(read_member(path, offset, length), check_digests)
    except RecordError as exc:
        message = str(exc)
        if not message.startswith(path.name):
            message = f"{path.name} at offset {offset}: {message}"
        raise RecordError(message) from None


def raw_member(layout: ArchiveLayout, warc_file: str, offset: int, length: int) -> bytes:
    """The gzip member itself (copied as it is into exports, digests untouched)."""
    path = layout.warc_path(warc_file)
    with open(path, "rb") as fh:
        fh.seek(offset)
        raw = fh.read(length)
    if len(raw) != length:
        raise RecordError(f"{warc_file} ends before offset {offset} + {length}")
    return raw
