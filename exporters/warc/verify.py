"""``archiver verify``: is the archive what its index says it is?

Three checks, each reported as a count and, for every mismatch, one line naming the file and what
is wrong:

* **WARC files**: every gzip member inflates (CRC and size checked) and holds one WARC record whose
  block and payload digests match its headers and whose length matches its ``Content-Length``; a
  file ends with a complete record (a torn last record of a file that a running crawl is writing is
  only a note);
* **index pointers**: every fetch row and every catalogued record names a file, offset and length
  where that very record starts (type, record id, payload digest as the row says);
* **Markdown files**: every article's file is byte for byte what its index row renders (front
  matter, ``archived_at`` and body), and every file under ``articles/`` belongs to an article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.kernel.layout import OPEN_MARK, ArchiveLayout

from ..formats.documents import MarkdownFormat
from ..store.captures import WarcRecord
from ..store.records import BATCH, iter_records
from ..store.schema import Article as ArticleRow
from ..store.schema import Fetch
from .reader import FileScan, RecordError, iter_members, parse_member, read_record

Progress = Callable[[int, int], None]


@dataclass
class Found:
    record_type: str
    record_id: str | None
    digest: str | None
    length: int


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    warc_bytes: int = 0
    fetch_pointers: int = 0
    catalogue_pointers: int = 0
    markdown_files: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> list[str]:
        return [
            f"WARC files:     {self.files} files, {self.records} records, {self.warc_bytes} bytes",
            f"Index pointers: {self.fetch_pointers} fetches, {self.catalogue_pointers} catalogued records",
            f"Markdown files: {self.markdown_files} files",
            f"verify: {'ok' if self.ok else f'{len(self.problems)} problem(s)'}",
        ]


def check_warc_files(layout: ArchiveLayout, report: VerifyReport,
                     being_written: bool) -> dict[tuple[str, int], Found]:
    """Read every record of every file; returns what starts at each (file, offset)."""
    found: dict[tuple[str, int], Found] = {}
    for path in layout.warc_files():
        report.files += 1
        report.warc_bytes += path.stat().st_size
        scan = FileScan()
        name = f"warc/{path.name}"
        for member in iter_members(path, scan):
            report.records += 1
            try:
                record = parse_member(member.data, check_digests=True)
            except RecordError as exc:
                report.problems.append(f"{name}: the record at offset {member.offset} is {exc}")
                continue
            for problem in record.problems:
                report.problems.append(f"{name}: record at offset {member.offset} ({record.record_type} "
                                       f"{record.uri or ''}): {problem}".replace(" ()", ""))
            found[(path.name, member.offset)] = Found(record.record_type, record.header("WARC-Record-ID"),
                                                      record.header("WARC-Payload-Digest"), member.length)
        open_marker = layout.warc_open_marker(path.name).exists()
        if scan.problem is not None:
            if open_marker and being_written and "incomplete" in scan.problem:
                report.notes.append(f"{name} is being written by a running crawl: {scan.problem}")
            else:
                hint = " (a crawl, or `archiver verify --repair`, cuts a torn last record)" \
                    if "incomplete" in scan.problem else ""
                report.problems.append(f"{name}: {scan.problem}{hint}")
        elif open_marker and not being_written:
            report.notes.append(f"{name} was left open by a crawl that stopped ({path.name}{OPEN_MARK})")
    return found


def _check_pointer(layout: ArchiveLayout, found: dict[tuple[str, int], Found], what: str, warc_file: str,
                   offset: int, length: int | None, digest: str | None, record_id: str | None = None,
                   record_type: str | None = None) -> str | None:
    here = found.get((warc_file, offset))
    if here is None:
        try:
            record = read_record(layout, warc_file, offset, int(length or 0))
            here = Found(record.record_type, record.header("WARC-Record-ID"),
                         record.header("WARC-Payload-Digest"), int(length or 0))
        except RecordError as exc:
            return f"{what}: {exc}"
    if length is not None and here.length != length:
        return f"{what}: the record at warc/{warc_file} offset {offset} is {here.length} bytes, not {length}"
    if record_type is not None and here.record_type != record_type:
        return f"{what}: warc/{warc_file} offset {offset} holds a {here.record_type}, not a {record_type}"
    if record_id is not None and here.record_id != record_id:
        return f"{what}: warc/{warc_file} offset {offset} holds record {here.record_id}, not {record_id}"
    if digest and here.digest and here.digest != digest:
        return (f"{what}: payload digest {here.digest} at warc/{warc_file} offset {offset}, "
                f"the index has {digest}")
    return None


def check_pointers(layout: ArchiveLayout, session: Session, found: dict[tuple[str, int], Found],
                   report: VerifyReport) -> None:
    fetches = select(Fetch.id, Fetch.url, Fetch.warc_file, Fetch.warc_offset, Fetch.warc_length,
                     Fetch.payload_digest).where(Fetch.warc_file.is_not(None))
    for id_, url, warc_file, offset, length, digest in session.execute(fetches):
        report.fetch_pointers += 1
        problem = _check_pointer(layout, found, f"fetch {id_} ({url})", str(warc_file), offset or 0, length,
                                 digest)
        if problem:
            report.problems.append(problem)
    for row in session.scalars(select(WarcRecord).order_by(WarcRecord.id)):
        report.catalogue_pointers += 1
        what = f"catalogued {row.record_type} {row.target_uri or ''}".rstrip()
        problem = _check_pointer(layout, found, what,
                                 row.warc_file, row.warc_offset, row.warc_length, row.payload_digest,
                                 row.record_id, row.record_type)
        if problem:
            report.problems.append(problem)


def check_markdown(layout: ArchiveLayout, session: Session, report: VerifyReport,
                   progress: Progress | None = None) -> None:
    """Every article's file against what its row renders (the one archived last, when two URLs
    share a file name); then files that belong to no article."""
    rows = list(session.execute(select(ArticleRow.id, ArticleRow.url, ArticleRow.path, ArticleRow.archived_at,
                                       ArticleRow.first_seen).order_by(ArticleRow.id)))
    owner: dict[str, tuple[tuple[str, int], int]] = {}
    for id_, url, stored_path, archived_at, first_seen in rows:
        if not stored_path:
            continue
        rel = layout.article_relpath(url)
        key = (str(archived_at or first_seen), id_)
        if rel not in owner or key > owner[rel][0]:
            owner[rel] = (key, id_)
    wanted = {id_: rel for rel, (_key, id_) in owner.items()}
    form = MarkdownFormat()
    ids = sorted(wanted)
    done = 0
    for start in range(0, len(ids), BATCH):
        for record in iter_records(session, ids[start:start + BATCH], with_media=True):
            rel = wanted[record.id]
            report.markdown_files += 1
            done += 1
            path = layout.root / rel
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                report.problems.append(f"{rel}: missing (article {record.id}, {record.url})")
                continue
            expected = form.render(record)
            if data != expected:
                report.problems.append(f"{rel}: differs from its index row "
                                       f"({_first_difference(data, expected)})")
            if progress is not None:
                progress(done, len(ids))
    _strays(layout, set(wanted.values()), report)


def _strays(layout: ArchiveLayout, known: Iterable[str], report: VerifyReport) -> None:
    if not layout.articles_dir.is_dir():
        return
    known = set(known)
    for path in sorted(layout.articles_dir.rglob("*.md")):
        rel = path.relative_to(layout.root).as_posix()
        if rel not in known:
            report.problems.append(f"{rel}: no article of the index has this file")


def _first_difference(data: bytes, expected: bytes) -> str:
    line = 1
    for index, (a, b) in enumerate(zip(data, expected, strict=False)):
        if a != b:
            return f"first difference on line {line}, byte {index}"
        if a == 0x0A:
            line += 1
    return f"{len(data)} bytes, {len(expected)} expected"


def verify_archive(layout: ArchiveLayout, session: Session, *, markdown: bool = True,
                   being_written: bool = False, progress: Progress | None = None) -> VerifyReport:
    report = VerifyReport()
    found = check_warc_files(layout, report, being_written)
    check_pointers(layout, session, found, report)
    if markdown:
        check_markdown(layout, session, report, progress)
    return report


__all__ = ["VerifyReport", "verify_archive"]
