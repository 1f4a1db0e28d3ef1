"""The archive index: every article, its parts and the crawl history in one SQL database.

SQLite first (WAL, foreign keys, FTS5 full-text search kept in sync by triggers); the tables
themselves work on any SQLAlchemy backend. Writes are grouped: one transaction per batch of
articles, so an interrupted crawl never leaves half an article behind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Table, create_engine, delete, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.errors import StorageError
from crawler.parsers.model import Article

from .markdown import format_timestamp, keywords_value
from .schema import (
    TERMS,
    ArticleAuthor,
    Author,
    Base,
    Fetch,
    Link,
    Run,
    Section,
    Site,
    ensure_fts,
    install_sqlite_hooks,
)
from .schema import Article as ArticleRow

FETCH_FIELDS = frozenset(c.name for c in Fetch.__table__.columns) - {"id"}
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


def content_hash(article: Article) -> str:
    """SHA-256 over everything the archive renders for an article (not when it was archived)."""
    m = article.metadata
    payload = {
        "url": article.canonical_url,
        "title": m.title,
        "date": format_timestamp(m.date) if m.date else None,
        "updated": format_timestamp(m.updated) if m.updated else None,
        "authors": [[a.name, a.url, a.avatar] for a in m.authors],
        "tags": m.tags,
        "categories": m.categories,
        "description": m.description,
        "excerpt": m.excerpt,
        "keywords": keywords_value(m.keywords),
        "thumbnail": m.thumbnail,
        "site_name": m.site_name,
        "language": m.language,
        "related": [[r.url, r.title] for r in article.related],
        "body": article.body_markdown,
    }
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def describe_url(url: str) -> str:
    """The database URL for messages (password hidden)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def error_reason(exc: BaseException) -> str:
    """The first line of the driver's message, without SQLAlchemy's decorations."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        v = (v or "").strip()
        if v:
            seen.setdefault(v)
    return list(seen)


def _now() -> datetime:
    return datetime.now(UTC)


class Index:
    """The archive database. ``Index("sqlite:///data/archive.db")`` creates the schema if needed."""

    def __init__(self, url: str) -> None:
        self.url = url
        where = describe_url(url)
        try:
            self.engine = create_engine(url)
        except NoSuchModuleError:
            kind = url.split(":", 1)[0]
            raise StorageError(f"cannot open database {where}: unknown database kind {kind!r} "
                               "(expected e.g. sqlite:///data/archive.db)") from None
        except ImportError as exc:
            raise StorageError(f"cannot open database {where}: its driver is not installed ({exc})") from None
        except (ArgumentError, ValueError) as exc:
            raise StorageError(f"cannot open database {where}: {error_reason(exc)}") from None
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            install_sqlite_hooks(self.engine)
        try:
            Base.metadata.create_all(self.engine)
            self.has_fts = False
            if self.is_sqlite:
                with self.engine.begin() as conn:
                    self.has_fts = ensure_fts(conn)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StorageError(f"cannot open database {where}: {error_reason(exc)}") from None
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    # -- plumbing ---------------------------------------------------------------------------

    def session(self) -> Session:
        """A new ORM session (the caller closes it)."""
        return self.sessions()

    @contextmanager
    def _transaction(self, what: str) -> Iterator[Session]:
        try:
            with self.sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot {what} in {describe_url(self.url)}: {error_reason(exc)}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and fetches -------------------------------------------------------------------

    def start_run(self, start_urls: list[str], options: dict[str, Any]) -> int:
        run = Run(started_at=_now(), start_urls=list(start_urls), status="running",
                  options=json.loads(json.dumps(options or {}, default=str)), counts={})
        with self._transaction("record the run") as s:
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        values = {"finished_at": _now(), "status": status,
                  "counts": json.loads(json.dumps(counts or {}, default=str))}
        with self._transaction("record the run") as s:
            s.execute(update(Run).where(Run.id == run_id).values(**values))

    def record_fetches(self, rows: list[dict[str, Any]]) -> None:
        """Append fetch-history rows (keys as in the ``fetches`` table; others are ignored)."""
        clean = []
        for row in rows:
            item = {k: row.get(k) for k in FETCH_FIELDS}
            item["fetched_at"] = item["fetched_at"] or _now()
            clean.append(item)
        if clean:
            with self._transaction("record fetches") as s:
                s.execute(insert(Fetch), clean)

    def known(self, url: str) -> dict[str, Any] | None:
        """What the archive knows about ``url`` for a conditional re-fetch: the article's status
        and content hash, and the validators of the last successful fetch."""
        with self.session() as s:
            row = s.execute(select(ArticleRow.id, ArticleRow.status, ArticleRow.content_hash,
                                   ArticleRow.last_seen).where(ArticleRow.url == url)).first()
            fetch = s.execute(
                select(Fetch.status, Fetch.etag, Fetch.last_modified, Fetch.content_hash, Fetch.fetched_at)
                .where(Fetch.url == url, Fetch.error.is_(None))
                .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(1)
            ).first()
        if row is None and fetch is None:
            return None
        return {
            "url": url,
            "article_id": row.id if row else None,
            "status": row.status if row else None,
            "content_hash": (row.content_hash if row else None) or (fetch.content_hash if fetch else None),
            "last_seen": row.last_seen if row else None,
            "etag": fetch.etag if fetch else None,
            "last_modified": fetch.last_modified if fetch else None,
            "http_status": fetch.status if fetch else None,
            "fetched_at": fetch.fetched_at if fetch else None,
        }

    def mark_gone(self, urls: Iterable[str], at: datetime | None = None) -> int:
        """Flag archived articles that vanished from their site; returns how many changed."""
        urls = list(urls)
        if not urls:
            return 0
        with self._transaction("mark articles gone") as s:
            result = s.execute(update(ArticleRow)
                               .where(ArticleRow.url.in_(urls), ArticleRow.status != "gone")
                               .values(status="gone", gone_at=at or _now()))
            return result.rowcount or 0

    # -- articles ---------------------------------------------------------------------------

    def upsert_articles(self, batch: list[tuple[Article, str | None, datetime]]) -> list[str]:
        """Insert or update articles keyed by canonical URL, all in one transaction; returns
        ``"new"``, ``"updated"`` or ``"unchanged"`` for each, in order."""
        if not batch:
            return []
        with self._transaction("store articles") as s:
            writer = _BatchWriter(s)
            return [writer.upsert(article, path, archived_at) for article, path, archived_at in batch]


class _BatchWriter:
    """Upserts within one session, caching looked-up ids of sites, authors and terms."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.sites: dict[str, int] = {}
        self.terms: dict[str, dict[str, int]] = {kind: {} for kind in TERMS}
        self.authors: dict[tuple[str, str | None], int] = {}

    def upsert(self, article: Article, path: str | None, archived_at: datetime) -> str:
        url = article.canonical_url
        digest = content_hash(article)
        row = self.s.scalars(select(ArticleRow).where(ArticleRow.url == url)).first()
        if row is not None:
            row.last_seen = archived_at
            row.status, row.gone_at = "ok", None
            if path:
                row.path = path
            if row.content_hash == digest:
                return UNCHANGED
            self._drop_children(row.id)
            outcome = UPDATED
        else:
            row = ArticleRow(url=url, first_seen=archived_at, last_seen=archived_at, path=path, status="ok")
            outcome = NEW
        m = article.metadata
        row.site_id = self._site_id(url)
        row.title, row.date, row.updated = m.title, m.date, m.updated
        row.description, row.excerpt, row.thumbnail = m.description, m.excerpt, m.thumbnail
        row.language, row.site_name = m.language, m.site_name
        row.body_markdown, row.body_text = article.body_markdown, article.body_text
        row.content_hash = digest
        self.s.add(row)
        self.s.flush()
        self._add_children(row.id, article)
        return outcome

    def _drop_children(self, article_id: int) -> None:
        for column in (Section.article_id, Link.from_article_id, ArticleAuthor.article_id):
            self.s.execute(delete(column.class_).where(column == article_id))
        for _vocabulary, association in TERMS.values():
            self.s.execute(delete(association).where(association.c.article_id == article_id))

    def _add_children(self, article_id: int, article: Article) -> None:
        sections = [{"article_id": article_id, "position": i, "heading": sec.heading, "level": sec.level,
                     "markdown": sec.markdown} for i, sec in enumerate(article.sections)]
        links = [{"from_article_id": article_id, "position": i, "to_url": r.url, "anchor": r.title}
                 for i, r in enumerate(article.related)]
        authors = []
        for a in article.metadata.authors:
            author_id = self._author_id(a.name, a.url, a.avatar)
            if author_id is not None and author_id not in {x["author_id"] for x in authors}:
                authors.append({"article_id": article_id, "position": len(authors), "author_id": author_id})
        for model, rows in ((Section, sections), (Link, links), (ArticleAuthor, authors)):
            if rows:
                self.s.execute(insert(model), rows)
        m = article.metadata
        for kind, names in (("tags", m.tags), ("categories", m.categories), ("keywords", m.keywords)):
            vocabulary, association = TERMS[kind]
            ids = self._term_ids(kind, vocabulary, _unique(names))
            key = next(c.name for c in association.c if c.name not in ("article_id", "position"))
            rows = [{"article_id": article_id, key: ids[n], "position": i}
                    for i, n in enumerate(_unique(names))]
            if rows:
                self.s.execute(insert(association), rows)

    def _site_id(self, url: str) -> int:
        host = urlsplit(url).netloc.lower() or "unknown"
        if host not in self.sites:
            site_id = self.s.scalar(select(Site.id).where(Site.host == host))
            if site_id is None:
                site = Site(host=host)
                self.s.add(site)
                self.s.flush()
                site_id = site.id
            self.sites[host] = site_id
        return self.sites[host]

    def _author_id(self, name: str, url: str | None, avatar: str | None) -> int | None:
        name = (name or "").strip()
        if not name:
            return None
        key = (name, url or None)
        if key not in self.authors:
            same_url = Author.url.is_(None) if key[1] is None else Author.url == key[1]
            author = self.s.scalars(select(Author).where(Author.name == name, same_url)).first()
            if author is None:
                author = Author(name=name, url=key[1], avatar=avatar)
                self.s.add(author)
                self.s.flush()
            elif avatar and author.avatar != avatar:
                author.avatar = avatar
            self.authors[key] = author.id
        return self.authors[key]

    def _term_ids(self, kind: str, vocabulary: Table, names: list[str]) -> dict[str, int]:
        cache = self.terms[kind]
        missing = [n for n in names if n not in cache]
        if missing:
            found = self.s.execute(select(vocabulary.c.id, vocabulary.c.name)
                                   .where(vocabulary.c.name.in_(missing))).all()
            cache.update({name: id_ for id_, name in found})
            new = [{"name": n} for n in missing if n not in cache]
            if new:
                self.s.execute(insert(vocabulary), new)
                found = self.s.execute(select(vocabulary.c.id, vocabulary.c.name)
                                       .where(vocabulary.c.name.in_([r["name"] for r in new]))).all()
                cache.update({name: id_ for id_, name in found})
        return {n: cache[n] for n in names}
