"""One-off exports of the archive, re-rendered from the index (never from the network).

    from exporters.export import export_archive
    from exporters.filters import Filters
    result = export_archive(index, "hexo", "site/", Filters(tag="python"))

Targets: a folder; a ``.zip`` / ``.tar.gz`` bundle of the same tree; for ``jsonl`` and ``csv``
also a file of that name (``out.jsonl``, manifest beside it as ``out.jsonl.manifest.json``) or
``"-"`` for standard output. Every export carries a ``manifest.json`` (count, filters, archive
version, a SHA-256 over the exported files). The same archive exported with the same options
gives the same bytes: articles in id order, file times taken from the archive.

Articles are read a batch at a time, so memory stays flat for any archive size.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.kernel.errors import StorageError, UsageError
from crawler.kernel.layout import MEDIA_DIR, ArchiveLayout
from crawler.kernel.version import __version__

from .filters import Filters, apply_filters
from .formats import FORMAT_NAMES, get_format
from .formats.base import Format
from .formats.sinks import Sink, bundle_kind, files_besides, open_sink, prepare_folder
from .search import backend_for
from .store.migrations import LATEST as SCHEMA_VERSION
from .store.records import BATCH, ArticleRecord, iter_records, reading
from .store.schema import Article as ArticleRow
from .store.schema import Run, Site

MANIFEST = "manifest.json"
SIDECAR_SUFFIX = ".manifest.json"
STDOUT = "-"
#: hashlib releases the GIL for buffers of 2,048 bytes and more.
HASH_PIECE = 2047
Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    format: str
    target: str
    count: int
    files: int
    media: int
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Articles per second."""
        return self.count / self.seconds if self.seconds else 0.0


def select_ids(session: Session, filters: Filters | None) -> list[int]:
    """Ids of the articles matching ``filters``, ascending."""
    backend = backend_for(session)
    stmt = select(ArticleRow.id).outerjoin(Site, Site.id == ArticleRow.site_id)
    stmt = apply_filters(stmt, filters, session, backend=backend)
    with backend.errors(filters.query if filters else None):
        return list(session.scalars(stmt.order_by(ArticleRow.id)))


def _unique_paths(session: Session, fmt: Format, ids: list[int]) -> tuple[dict[int, str], int, list[str]]:
    """Each article's file in the export; when two URLs share a file (``http``/``https``, a trailing
    slash) the one archived last keeps it, as in the crawl. Returns (id -> path, skipped, the URLs
    of the articles kept)."""
    best: dict[str, tuple[Any, int, str]] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        stamp = func.coalesce(ArticleRow.archived_at, ArticleRow.first_seen)
        for id_, url, when in session.execute(select(ArticleRow.id, ArticleRow.url, stamp)
                                              .where(ArticleRow.id.in_(chunk))):
            path = fmt.path(_UrlOnly(url))  # type: ignore[arg-type]
            key = (str(when), id_)
            if path not in best or key > best[path][0]:
                best[path] = (key, id_, url)
    paths = {id_: path for path, (_key, id_, _url) in best.items()}
    return paths, len(ids) - len(paths), [url for _key, _id, url in best.values()]


@dataclass
class _UrlOnly:
    url: str


def archive_info(session: Session) -> dict[str, Any]:
    """What identifies the exported archive's state (for manifests)."""
    last = session.execute(select(Run.id, Run.finished_at).order_by(Run.id.desc()).limit(1)).first()
    return {
        "schema_version": SCHEMA_VERSION,
        "archiver_version": __version__,
        "articles": session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
        "last_run": last.id if last else None,
        "last_run_finished": last.finished_at.isoformat() if last and last.finished_at else None,
    }


def _media_source(session: Session, data_dir: Path | None) -> Path | None:
    if data_dir is not None:
        return Path(data_dir)
    database = session.get_bind().url.database
    return Path(database).resolve().parent if database else None


def export_archive(source: Any, fmt: str, to: Path | str, filters: Filters | None = None, *,
                   data_dir: Path | str | None = None, progress: Progress | None = None,
                   existing: str = "refuse") -> ExportResult:
    """Export the articles matching ``filters`` as ``fmt`` (one of :data:`FORMAT_NAMES`) to ``to``.
    ``data_dir`` is where downloaded images live (default: the SQLite file's folder). A folder
    that already holds files is refused, unless ``existing`` is ``"force"`` (write over it; the
    manifest counts the files that were there besides the export) or ``"clean"`` (empty it first,
    only when it holds a previous export's manifest)."""
    if fmt not in FORMAT_NAMES:
        raise UsageError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    form = get_format(fmt)
    target = str(to)
    if form.archive_suffix is not None:
        return _export_web_archive(form, source, target, filters, data_dir, progress)
    direct = form.single_file is not None and (
        target == STDOUT or Path(target).suffix.lower() == Path(form.single_file).suffix)
    if target == STDOUT and not direct:
        raise UsageError(f"--to -: only jsonl and csv can go to standard output, not {fmt}")
    folder = not direct and bundle_kind(Path(target)) is None
    merging = prepare_folder(Path(target), existing, MANIFEST) if folder else False
    started = time.perf_counter()
    with reading(source) as session:
        ids = select_ids(session, filters)
        paths, skipped, urls = ({}, 0, []) if form.single_file else _unique_paths(session, form, ids)
        if form.single_file is None:
            ids = [i for i in ids if i in paths]
            form.prepare(urls)
        writer = _Writer(form, len(ids), progress, track=merging)
        info = archive_info(session)
        media_dir = _media_source(session, data_dir)
        records = iter_records(session, ids, with_media=form.media_prefix is not None)
        if direct:
            writer.write_direct(records, target)
        else:
            sink = open_sink(Path(target))
            ok = False
            try:
                writer.write_tree(records, sink, paths, media_dir)
                ok = True
            finally:
                if not ok:
                    sink.close(ok=False)
    manifest = {
        "format": fmt, "layout": form.description, "count": writer.count, "files": writer.files,
        "media": writer.media, "media_missing": writer.media_missing, "same_file_skipped": skipped,
        "filters": (filters or Filters()).describe(), "archive": info, "sha256": writer.digest.hexdigest(),
    }
    if merging:  # --force into a folder with files: say what else is there
        others = files_besides(Path(target), writer.written | {MANIFEST})
        manifest.update(merged=True, other_files=len(others), other_files_sample=others[:20])
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if direct:
        if target != STDOUT:
            Path(target + SIDECAR_SUFFIX).write_bytes(data)
    else:
        try:
            sink.add(MANIFEST, data, writer.latest)
        finally:
            sink.close(ok=True)
    return ExportResult(fmt, target, writer.count, writer.files, writer.media,
                        time.perf_counter() - started, manifest)


def _export_web_archive(form: Format, source: Any, target: str, filters: Filters | None,
                        data_dir: Path | str | None, progress: Progress | None) -> ExportResult:
    """``warc`` / ``wacz``: one file of the selected articles' stored records, and its manifest."""
    suffix = form.archive_suffix or ""
    path = Path(target)
    if target == STDOUT or not path.name.lower().endswith(suffix) or path.name.lower() == suffix:
        raise UsageError(f"--to must name a {suffix} file for --format {form.name}, got {target!r}")
    if path.is_dir():
        raise UsageError(f"--to {target!r} is a folder: give a file name ending in {suffix}")
    started = time.perf_counter()
    with reading(source) as session:
        root = _media_source(session, data_dir)
        if root is None:
            raise UsageError(f"--format {form.name} needs the archive folder (--data) for its WARC files")
        info = archive_info(session)
        last = session.execute(select(Run.finished_at, Run.started_at).order_by(Run.id.desc())
                               .limit(1)).first()
        when = (last.finished_at or last.started_at) if last is not None else datetime(1980, 1, 1, tzinfo=UTC)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as out:
                bundle = form.write(session, ArchiveLayout(root), filters, out,  # type: ignore[attr-defined]
                                    path.name, when, progress)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    manifest = {"format": form.name, "layout": form.description, "count": bundle.articles, "files": 1,
                "records": bundle.records, "bytes": path.stat().st_size,
                "filters": (filters or Filters()).describe(), "archive": info, "sha256": digest.hexdigest()}
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    Path(target + SIDECAR_SUFFIX).write_bytes(data)
    return ExportResult(form.name, target, bundle.articles, 1, 0, time.perf_counter() - started, manifest)


def _hash(digest: Any, data: bytes) -> None:
    """``digest.update(data)`` in pieces small enough that hashlib keeps the GIL: releasing it
    for a few microseconds of hashing lets the folder writer threads in, and getting it back from
    them costs far more than the hashing."""
    view = memoryview(data)
    for start in range(0, len(view), HASH_PIECE):
        digest.update(view[start:start + HASH_PIECE])


class _Writer:
    """Renders records into a sink (tree formats) or one stream (single-file formats)."""

    def __init__(self, form: Format, total: int, progress: Progress | None, track: bool = False) -> None:
        self.form, self.total, self.progress = form, total, progress
        self.count = self.files = self.media = self.media_missing = 0
        self.digest = hashlib.sha256()
        self.latest = datetime(1980, 1, 1, tzinfo=UTC)
        self.track = track  # remember the files written (a merge lists what else the folder holds)
        self.written: set[str] = set()

    def _wrote(self, relpath: str) -> None:
        if self.track:
            self.written.add(relpath)

    def _seen(self, record: ArticleRecord) -> None:
        self.count += 1
        if record.archived_at and record.archived_at > self.latest:
            self.latest = record.archived_at
        if self.progress is not None:
            self.progress(self.count, self.total)

    def _stream(self, records: Any, out: BinaryIO) -> None:
        head = self.form.header()
        out.write(head)
        _hash(self.digest, head)
        for record in records:
            data = self.form.render(record)
            out.write(data)
            _hash(self.digest, data)
            self._seen(record)
        self.files = 1

    def write_direct(self, records: Any, target: str) -> None:
        if target == STDOUT:
            self._stream(records, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        path = Path(target)
        if path.is_dir():
            raise UsageError(f"--to {target!r} is a folder: give a file name or a folder without "
                             f"the {path.suffix} suffix")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as out:
                self._stream(records, out)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def write_tree(self, records: Any, sink: Sink, paths: dict[int, str], media_dir: Path | None) -> None:
        if self.form.single_file is not None:
            fd, spool = tempfile.mkstemp(prefix="archiver-export-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    self._stream(records, out)
                sink.add_file(self.form.single_file, Path(spool), self.latest)
                self._wrote(self.form.single_file)
            finally:
                os.unlink(spool)
            return
        used: set[str] = set()
        for record in records:
            path = paths[record.id]
            data = self.form.render(record)
            sink.add(path, data, record.archived_at)
            self._wrote(path)
            _hash(self.digest, path.encode("utf-8") + b"\0" + data)
            self.files += 1
            used.update(record.media.values())
            self._seen(record)
        if self.form.media_prefix is None or not used:
            return
        for rel in sorted(used):
            source = media_dir / rel if media_dir else None
            if source is None or not source.is_file():
                self.media_missing += 1
                continue
            inside = self.form.media_root + rel[len(MEDIA_DIR):]
            sink.add_file(inside, source, self.latest)
            self._wrote(inside)
            self.digest.update(inside.encode("utf-8"))
            self.media += 1
