"""One flush of a crawl: what the archive pipeline hands the store at once, and how it is stored.

A :class:`Flush` carries everything collected since the last one: articles (with the Markdown files
written for them), fetch records, page states, articles confirmed unchanged or found gone. It is a
plain picklable value, so the same :func:`store_flush` runs in the crawling process or in the
index writer's own process (:mod:`crawler.index_writer`).

Files and rows in step: the Markdown files come staged (written to temporary files beside their
place, not synced). :func:`store_flush` syncs them, renames them into place (keeping the files they
replace aside), syncs their folders, and stores the articles in one transaction; if anything fails
the files are taken back (the replaced files restored, new ones removed). So an article whose row
is committed has its complete file on disk, power cut or not, and no file is in place without its
row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.kernel.errors import StorageError
from crawler.kernel.files import discard_staged, publish, sync_files, unpublish

from . import ArchiveStore, Pending


@dataclass
class Flush:
    run_id: int | None = None
    articles: list[Pending] = field(default_factory=list)
    markdown: dict[str, str] = field(default_factory=dict)  # canonical URL -> Markdown, for revisions
    staged: list[tuple[str, str]] = field(default_factory=list)  # (staged Markdown file, its place)
    fetches: list[dict[str, Any]] = field(default_factory=list)
    page_states: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    warc_records: list[dict[str, Any]] = field(default_factory=list)  # on disk: catalogued first
    origin: str = "crawl"  # of the articles' revisions: "crawl", or "reparse" (a stored response)
    parser_version: str | None = None
    dupes: Any = None  # a DupesConfig: place the articles among republished copies (None: off)
    data_dir: str | None = None  # the archive folder: the articles' files, and those placement rewrites
    # articles whose Markdown is rendered and staged here (:func:`stage_files`): (position in
    # ``articles``, the article as its file shows it when that differs from the stored one)
    render: list[tuple[int, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.articles or self.fetches or self.page_states or self.unchanged or self.gone
                    or self.warc_records)


def store_flush(store: ArchiveStore, flush: Flush, *, place: bool = True) -> list[str]:
    """Store ``flush``; returns ``"new"``, ``"updated"`` or ``"unchanged"`` per article, in order.
    ``place``: also place its articles among republished copies now (else the caller runs
    :func:`place_flush` later, before the next flush is stored)."""
    outcomes: list[str] = []
    if flush.warc_records:
        store.record_warc(flush.warc_records)
    if flush.articles:
        outcomes = _store_articles(store, flush)
        if place:
            place_flush(store, placement_of(flush))
    if flush.fetches:
        store.record_fetches(flush.fetches)
    if flush.page_states:
        store.save_page_states(flush.page_states)
    if flush.unchanged:
        store.touch(flush.unchanged, at=flush.at)
    if flush.gone:
        store.mark_gone(flush.gone, at=flush.at)
    return outcomes


@dataclass(frozen=True)
class PlacementJob:
    """What placing a stored flush's articles needs (a small picklable value)."""

    urls: tuple[str, ...]
    dupes: Any
    data_dir: str | None
    at: datetime


def placement_of(flush: Flush) -> PlacementJob | None:
    if flush.dupes is None or not flush.articles:
        return None
    urls = tuple(dict.fromkeys(article.canonical_url for article, _path, _at in flush.articles))
    return PlacementJob(urls, flush.dupes, flush.data_dir, flush.at)


def place_flush(store: ArchiveStore, placement: PlacementJob | None) -> None:
    """Place a stored batch's articles among the clusters of republished copies (one more
    transaction: an article stored but not placed is placed by the next crawl or ``archiver
    regroup``); the files whose ``duplicate_of`` changed are rewritten in step with their rows."""
    if placement is None:
        return
    from exporters.dupes.place import place_in_archive

    try:
        place_in_archive(store, placement.data_dir, urls=list(placement.urls), config=placement.dupes,
                         at=placement.at, keep_time=frozenset(placement.urls))
    except StorageError:
        pass  # stored, not placed (e.g. a concurrent writer's lock): placed at the crawl's end


def stage_files(flush: Flush) -> None:
    """Render the Markdown of the batch's articles listed in ``render`` and stage their files (not
    yet in place): their paths, the ``archived_at`` their files carry and the Markdown of their
    revisions go into the batch. Done where the batch is stored, just before; a failure leaves no
    staged file behind and raises :class:`StorageError`."""
    if not flush.render or flush.data_dir is None:
        return
    from exporters.markdown import stage_crawled

    try:
        for position, shown in flush.render:
            article, _path, archived_at = flush.articles[position]
            path, text, staged, archived_at = stage_crawled(flush.data_dir, shown or article, archived_at)
            flush.articles[position] = (article, path, archived_at)
            flush.markdown[article.canonical_url] = text
            if staged is not None:
                flush.staged.append((staged, path))
    except StorageError:
        for tmp, _path in flush.staged:
            discard_staged(tmp)
        flush.staged = []
        raise
    flush.render = []


def _store_articles(store: ArchiveStore, flush: Flush) -> list[str]:
    """The batch's files staged, synced and put in place, then its rows: all or nothing."""
    stage_files(flush)
    published: list[tuple[str, Path | None]] = []
    try:
        sync_files(tmp for tmp, _path in flush.staged)
        for i, (tmp, path) in enumerate(flush.staged):
            try:
                published.append((path, publish(tmp, path, keep=True)))
            except StorageError:
                for rest, _ in flush.staged[i + 1:]:
                    discard_staged(rest)
                raise
        sync_files([], folders={Path(path).parent for path, _ in published})
        outcomes = store.upsert_articles(flush.articles, flush.run_id, flush.markdown, origin=flush.origin,
                                         parser_version=flush.parser_version)
    except StorageError:
        for path, kept in reversed(published):  # the batch is not stored: neither are its files
            unpublish(path, kept)
        for tmp, _path in flush.staged[len(published):]:
            discard_staged(tmp)
        raise
    for _path, kept in published:
        if kept is not None:
            discard_staged(kept)
    return outcomes
