"""Articles read back from the index, whole: everything a Markdown file (or any export) holds.

:func:`iter_records` streams a selection in id order, a batch of rows at a time (one query per
table per batch), so memory stays flat however large the archive. :func:`file_hash` fingerprints
what an article's Markdown file renders, ``archived_at`` aside; the index keeps it beside the
file's ``archived_at`` so an export reproduces the crawl's files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.kernel.errors import StorageError
from crawler.kernel.fields import TERM_FIELDS, apply_row, record_values
from crawler.kernel.model import Article, Author, RelatedLink
from crawler.kernel.timestamps import format_timestamp, iso

from ..markdown import front_matter
from ..media import ARCHIVE_MEDIA_PREFIX, has_media, image_urls, local_copies, relink
from .schema import TERMS, ArticleAuthor, Link, Site
from .schema import Article as ArticleRow
from .schema import Author as AuthorRow

BATCH = 500
#: How much of an SQLite archive queries map into memory (SQLite caps it at its build's maximum).
MMAP_BYTES = 1 << 31
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class ArticleRecord:
    """One archived article: the rebuilt :class:`Article` plus what only the index knows."""

    id: int
    article: Article
    site: str | None
    status: str
    path: str | None
    archived_at: datetime  # the Markdown file's (first_seen for rows archived before it was kept)
    first_seen: datetime
    last_seen: datetime
    gone_at: datetime | None
    content_hash: str
    body_text: str
    media: dict[str, str] = field(default_factory=dict)  # image URL -> archive-relative local copy
    file_hash: str | None = None  # see file_hash()

    @property
    def url(self) -> str:
        return self.article.canonical_url

    def body(self, media_prefix: str | None = None) -> str:
        """The Markdown body; with ``media_prefix``, images that were downloaded link to
        ``media_prefix + media/…`` instead of their original URL."""
        body = self.article.body_markdown
        return body if media_prefix is None else relink(body, self.media, media_prefix)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: the index's keys, then the article's fields (in field-table order),
        then what the index knows of its history."""
        m = self.article.metadata
        return {
            "id": self.id, "site": self.site, **record_values(self.article), "status": self.status,
            "images": [{"url": u, "local": self.media.get(u)} for u in image_urls(self.article.body_markdown,
                                                                                   m.thumbnail)],
            "archived_at": iso(self.archived_at), "first_seen": iso(self.first_seen),
            "last_seen": iso(self.last_seen), "gone_at": iso(self.gone_at), "content_hash": self.content_hash,
        }


def file_hash(article: Article, local: dict[str, str] | None = None) -> str:
    """SHA-256 of everything the article's Markdown file shows except ``archived_at``: two articles
    with the same hash render the same file (but for that line), two with different hashes don't."""
    meta = front_matter(article, archived_at=_EPOCH)
    meta.pop("archived_at")
    body = relink(article.body_markdown, local or {}, ARCHIVE_MEDIA_PREFIX)
    data = json.dumps([meta, body], ensure_ascii=False, default=format_timestamp)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def stamp_files(session: Session, entries: Iterable[tuple[Article, datetime]]) -> int:
    """Record, for each stored article, the ``archived_at`` its Markdown file carries: the given
    time when what the file renders changed (or is new), else the time already recorded. Returns
    how many rows changed. Called by the index inside the batch's transaction."""
    entries = list(entries)
    if not entries:
        return 0
    local: dict[str, str] = {}
    if has_media(session):
        images = (u for a, _ in entries for u in image_urls(a.body_markdown, a.metadata.thumbnail))
        local = local_copies(session, images)
    stored: dict[str, tuple[int, str | None]] = {}
    urls = [a.canonical_url for a, _ in entries]
    for start in range(0, len(urls), BATCH):
        query = select(ArticleRow.url, ArticleRow.id, ArticleRow.file_hash)
        for url, id_, digest in session.execute(query.where(ArticleRow.url.in_(urls[start:start + BATCH]))):
            stored[url] = (id_, digest)
    changes = []
    for article, archived_at in entries:
        found = stored.get(article.canonical_url)
        if found is None:
            continue
        digest = file_hash(article, local)
        if digest != found[1]:
            changes.append({"id": found[0], "file_hash": digest, "archived_at": archived_at})
    if changes:
        session.execute(update(ArticleRow), changes)
    return len(changes)


def iter_records(session: Session, ids: list[int], *, with_media: bool = True,
                 batch: int = BATCH) -> Iterator[ArticleRecord]:
    """The articles with these ids, in the given order, read ``batch`` at a time."""
    media = with_media and has_media(session)
    for start in range(0, len(ids), batch):
        yield from load_records(session, ids[start:start + batch], with_media=media)


def load_records(session: Session, ids: list[int], *, with_media: bool = False) -> list[ArticleRecord]:
    if not ids:
        return []
    rows: dict[int, Any] = {}
    table = ArticleRow.__table__
    for row in session.execute(select(*table.c, Site.host).outerjoin(Site, Site.id == table.c.site_id)
                               .where(table.c.id.in_(ids))):
        rows[row.id] = row
    authors: dict[int, list[Author]] = defaultdict(list)
    for article_id, name, url, avatar in session.execute(
            select(ArticleAuthor.article_id, AuthorRow.name, AuthorRow.url, AuthorRow.avatar)
            .join(AuthorRow, AuthorRow.id == ArticleAuthor.author_id)
            .where(ArticleAuthor.article_id.in_(ids))
            .order_by(ArticleAuthor.article_id, ArticleAuthor.position)):
        authors[article_id].append(Author(name, url, avatar))
    terms: dict[str, dict[int, list[str]]] = {}
    for kind, (vocabulary, association) in TERMS.items():
        term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
        found: dict[int, list[str]] = defaultdict(list)
        for article_id, name in session.execute(
                select(association.c.article_id, vocabulary.c.name)
                .join(vocabulary, vocabulary.c.id == term_id)
                .where(association.c.article_id.in_(ids))
                .order_by(association.c.article_id, association.c.position)):
            found[article_id].append(name)
        terms[kind] = found
    related: dict[int, list[RelatedLink]] = defaultdict(list)
    for article_id, to_url, anchor in session.execute(
            select(Link.from_article_id, Link.to_url, Link.anchor).where(Link.from_article_id.in_(ids))
            .order_by(Link.from_article_id, Link.position)):
        related[article_id].append(RelatedLink(to_url, anchor))
    local: dict[str, str] = {}
    if with_media:
        urls = (u for r in rows.values() for u in image_urls(r.body_markdown, r.thumbnail))
        local = local_copies(session, urls)
    out = []
    for id_ in ids:
        stored = rows.get(id_)
        if stored is None:
            continue
        row = stored
        article = apply_row(Article(url=row.url), row)
        m = article.metadata
        m.authors, m.canonical_url = authors.get(id_, []), row.url
        for kind in TERM_FIELDS:
            setattr(m, kind, terms[kind].get(id_, []))
        article.related = related.get(id_, [])
        mine = {u: local[u] for u in image_urls(row.body_markdown, row.thumbnail) if u in local}
        out.append(ArticleRecord(
            id=id_, article=article, site=row.host, status=row.status, path=row.path,
            archived_at=row.archived_at or row.first_seen, first_seen=row.first_seen,
            last_seen=row.last_seen, gone_at=row.gone_at, content_hash=row.content_hash,
            body_text=row.body_text, media=mine, file_hash=row.file_hash))
    return out


@contextmanager
def reading(source: Any, *, mapped: bool = False) -> Iterator[Session]:
    """A session on ``source`` (an open index, a ``Session`` or an ``Engine``); database failures
    become one-line :class:`StorageError` messages.

    ``mapped``: read an SQLite file through memory mapping (queries that jump around a large
    archive save a system call per page); unmapped otherwise, so a whole-archive pass such as an
    export does not count the file in its resident memory."""
    if isinstance(source, Session):
        yield source
        return
    session = Session(source) if isinstance(source, Engine) else source.session()
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text(f"PRAGMA mmap_size={MMAP_BYTES if mapped else 0}"))
        yield session
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise StorageError(f"cannot read the archive: {reason}") from None
    finally:
        session.close()
