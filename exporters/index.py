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

from crawler.kernel.errors import StorageError
from crawler.kernel.model import Article

from .history import PageState, add_revisions, save_page_states
from .markdown import format_timestamp, keywords_value
from .records import stamp_files
from .runlog import RunReport  # noqa: F401 - declares the run_reports table
from .schema import (
    TERMS,
    ArticleAuthor,
    Author,
    Base,
    Fetch,
    Link,
    Media,
    Run,
    Section,
    Site,
    install_sqlite_hooks,
)
from .schema import Article as ArticleRow
from .sqlite_extras import prepare_sqlite

FETCH_FIELDS = frozenset(c.name for c in Fetch.__table__.columns) - {"id"}
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
MEDIA_FIELDS = ("url", "path", "sha256", "bytes", "content_type")


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
                    self.has_fts = prepare_sqlite(conn)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StorageError(f"cannot open database {where}: {error_reason(exc)}") from None
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._ids = _IdCache()

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

    def record_media(self, rows: list[dict[str, Any]]) -> None:
        """Remember downloaded images (keys: url, path, sha256, bytes, content_type, fetched_at);
        a URL already known gets the new copy's details."""
        rows = [{k: r.get(k) for k in MEDIA_FIELDS} | {"fetched_at": r.get("fetched_at") or _now()}
                for r in rows if r.get("url") and r.get("path")]
        if not rows:
            return
        with self._transaction("record images") as s:
            known = set(s.scalars(select(Media.url).where(Media.url.in_([r["url"] for r in rows]))))
            fresh = [r for r in rows if r["url"] not in known]
            if fresh:
                s.execute(insert(Media), fresh)
            for r in rows:
                if r["url"] in known:
                    s.execute(update(Media).where(Media.url == r["url"]).values(**r))

    # -- re-crawl state ----------------------------------------------------------------------

    def recrawl_state(self) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], dict[str, str]]:
        """What a re-crawl needs, in three queries: per fetched URL its last validators, check time and
        article URL; per live archived article its stored related links, in page order; per archived
        article its content hash."""
        pages: dict[str, dict[str, Any]] = {}
        links: dict[str, list[str]] = {}
        with self.session() as s:
            for row in s.execute(select(PageState.url, PageState.article_url, PageState.status,
                                        PageState.etag, PageState.last_modified, PageState.checked_at)):
                pages[row.url] = row._asdict()
            live = {id_: url for id_, url in s.execute(select(ArticleRow.id, ArticleRow.url)
                                                       .where(ArticleRow.status == "ok"))}
            links = {url: [] for url in live.values()}
            query = select(Link.from_article_id, Link.to_url).order_by(Link.from_article_id, Link.position)
            for article_id, to_url in s.execute(query):
                if article_id in live:
                    links[live[article_id]].append(to_url)
            hashes = dict(s.execute(select(ArticleRow.url, ArticleRow.content_hash)).all())
        return pages, links, hashes

    def save_page_states(self, rows: list[dict[str, Any]]) -> None:
        """Remember what each URL answered (keys as the ``page_states`` columns)."""
        if rows:
            with self._transaction("record page states") as s:
                save_page_states(s, rows)

    def touch(self, urls: Iterable[str], at: datetime | None = None) -> int:
        """Articles confirmed unchanged (a 304): seen now, and live again if they were gone."""
        urls = list(urls)
        if not urls:
            return 0
        with self._transaction("record unchanged articles") as s:
            result = s.execute(update(ArticleRow).where(ArticleRow.url.in_(urls))
                               .values(last_seen=at or _now(), status="ok", gone_at=None))
            return result.rowcount or 0

    # -- articles ---------------------------------------------------------------------------

    def upsert_articles(self, batch: list[tuple[Article, str | None, datetime]], run_id: int | None = None,
                        markdown: dict[str, str] | None = None) -> list[str]:
        """Insert or update articles keyed by canonical URL, all in one transaction; returns
        ``"new"``, ``"updated"`` or ``"unchanged"`` for each, in order. A new or changed article gets a
        revision (with its Markdown from ``markdown``, keyed by canonical URL, when given)."""
        if not batch:
            return []
        try:
            with self._transaction("store articles") as s:
                return _BatchWriter(s, self._ids, run_id, markdown or {}).upsert(batch)
        except BaseException:
            self._ids.clear()  # ids cached during a rolled-back transaction may not exist
            raise


ARTICLE_TABLE = ArticleRow.__table__
CHILD_KEYS = {"authors": (ArticleAuthor.__table__, "article_id"),
              "sections": (Section.__table__, "article_id"),
              "links": (Link.__table__, "from_article_id")}


class _IdCache(dict):
    """Ids of sites, authors and terms already in the database, kept across batches."""

    def for_kind(self, kind: str) -> dict[Any, int]:
        return self.setdefault(kind, {})


class _BatchWriter:
    """Upserts one batch with a handful of set-based statements: one lookup of the existing rows,
    one insert per table for the new rows and the children of every new or changed article."""

    def __init__(self, session: Session, ids: _IdCache, run_id: int | None = None,
                 markdown: dict[str, str] | None = None) -> None:
        self.s = session
        self.ids = ids
        self.run_id = run_id
        self.markdown = markdown or {}

    def upsert(self, batch: list[tuple[Article, str | None, datetime]]) -> list[str]:
        existing = self._existing(list(dict.fromkeys(a.canonical_url for a, _, _ in batch)))
        outcomes: list[str] = []
        final: dict[str, tuple[Article, str | None, datetime, str]] = {}  # the last entry per URL
        digests = {url: digest for url, (_id, digest) in existing.items()}
        for article, path, archived_at in batch:  # outcomes as if the entries were stored in turn
            url, digest = article.canonical_url, content_hash(article)
            before = digests.get(url)
            outcomes.append(NEW if before is None else UNCHANGED if before == digest else UPDATED)
            digests[url] = digest
            final[url] = (article, path or (final[url][1] if url in final else None), archived_at, digest)
        seen_rows, inserts, updates, changed = [], [], [], []
        for url, (article, path, archived_at, digest) in final.items():
            old = existing.get(url)
            seen = {"id": old[0] if old else None, "last_seen": archived_at, "status": "ok", "gone_at": None}
            if path:
                seen["path"] = path
            if old is not None and old[1] == digest:
                seen_rows.append(seen)
                continue
            values = {**self._values(article, digest), **seen}
            if old is None:
                values.pop("id")
                inserts.append({**values, "url": url, "first_seen": archived_at, "path": path})
            else:
                updates.append(values)
            changed.append((url, article))
        for rows in (seen_rows, updates):
            for group in _same_keys(rows):
                self.s.execute(update(ArticleRow), group)
        if updates:
            ids = [r["id"] for r in updates]
            for table, column in CHILD_KEYS.values():
                self.s.execute(delete(table).where(table.c[column].in_(ids)))
            for _vocabulary, association in TERMS.values():
                self.s.execute(delete(association).where(association.c.article_id.in_(ids)))
        if inserts:
            self.s.execute(insert(ARTICLE_TABLE), inserts)
            existing.update(self._existing([r["url"] for r in inserts]))
        if changed:
            self._add_children([(existing[url][0], article) for url, article in changed])
            add_revisions(self.s, [(existing[url][0], article, self.markdown.get(url), final[url][2])
                                   for url, article in changed], self.run_id)
        stamp_files(self.s, [(article, archived_at) for article, _path, archived_at, _d in final.values()])
        return outcomes

    def _existing(self, urls: list[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            query = select(ArticleRow.id, ArticleRow.url, ArticleRow.content_hash)
            for id_, url, digest in self.s.execute(query.where(ArticleRow.url.in_(chunk))):
                found[url] = (id_, digest)
        return found

    def _values(self, article: Article, digest: str) -> dict[str, Any]:
        m = article.metadata
        return {"site_id": self._site_id(article.canonical_url), "title": m.title, "date": m.date,
                "updated": m.updated, "date_text": format_timestamp(m.date) if m.date else None,
                "updated_text": format_timestamp(m.updated) if m.updated else None,
                "description": m.description, "excerpt": m.excerpt,
                "thumbnail": m.thumbnail, "language": m.language, "site_name": m.site_name,
                "body_markdown": article.body_markdown, "body_text": article.body_text,
                "content_hash": digest}

    def _add_children(self, articles: list[tuple[int, Article]]) -> None:
        rows: dict[str, list[dict[str, Any]]] = {"sections": [], "links": [], "authors": []}
        terms: dict[str, list[tuple[int, list[str]]]] = {kind: [] for kind in TERMS}
        for article_id, article in articles:
            m = article.metadata
            rows["sections"] += [{"article_id": article_id, "position": i, "heading": sec.heading,
                                  "level": sec.level, "markdown": sec.markdown}
                                 for i, sec in enumerate(article.sections)]
            rows["links"] += [{"from_article_id": article_id, "position": i, "to_url": r.url,
                               "anchor": r.title} for i, r in enumerate(article.related)]
            author_ids = list(dict.fromkeys(i for a in m.authors
                                            if (i := self._author_id(a.name, a.url, a.avatar)) is not None))
            rows["authors"] += [{"article_id": article_id, "position": i, "author_id": a}
                                for i, a in enumerate(author_ids)]
            for kind, names in (("tags", m.tags), ("categories", m.categories), ("keywords", m.keywords)):
                terms[kind].append((article_id, _unique(names)))
        for name, (table, _column) in CHILD_KEYS.items():
            if rows[name]:
                self.s.execute(insert(table), rows[name])
        for kind, per_article in terms.items():
            vocabulary, association = TERMS[kind]
            ids = self._term_ids(kind, vocabulary, _unique(n for _, names in per_article for n in names))
            key = next(c.name for c in association.c if c.name not in ("article_id", "position"))
            assoc = [{"article_id": article_id, key: ids[n], "position": i}
                     for article_id, names in per_article for i, n in enumerate(names)]
            if assoc:
                self.s.execute(insert(association), assoc)

    def _site_id(self, url: str) -> int:
        host = urlsplit(url).netloc.lower() or "unknown"
        sites = self.ids.for_kind("sites")
        if host not in sites:
            site_id = self.s.scalar(select(Site.id).where(Site.host == host))
            if site_id is None:
                site_id = self.s.execute(insert(Site).values(host=host)).inserted_primary_key[0]
            sites[host] = site_id
        return sites[host]

    def _author_id(self, name: str, url: str | None, avatar: str | None) -> int | None:
        name = (name or "").strip()
        if not name:
            return None
        key = (name, url or None)
        authors = self.ids.for_kind("authors")
        if key not in authors:
            same_url = Author.url.is_(None) if key[1] is None else Author.url == key[1]
            query = select(Author.id, Author.avatar).where(Author.name == name, same_url)
            author = self.s.execute(query).first()
            if author is None:
                author_id = self.s.execute(insert(Author).values(name=name, url=key[1], avatar=avatar)
                                           ).inserted_primary_key[0]
            else:
                author_id = author.id
                if avatar and author.avatar != avatar:
                    self.s.execute(update(Author).where(Author.id == author_id).values(avatar=avatar))
            authors[key] = author_id
        return authors[key]

    def _term_ids(self, kind: str, vocabulary: Table, names: list[str]) -> dict[str, int]:
        cache = self.ids.for_kind(kind)
        missing = [n for n in names if n not in cache]
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            found = self.s.execute(select(vocabulary.c.id, vocabulary.c.name)
                                   .where(vocabulary.c.name.in_(chunk))).all()
            cache.update({name: id_ for id_, name in found})
            new = [{"name": n} for n in chunk if n not in cache]
            if new:
                self.s.execute(insert(vocabulary), new)
                found = self.s.execute(select(vocabulary.c.id, vocabulary.c.name)
                                       .where(vocabulary.c.name.in_([r["name"] for r in new]))).all()
                cache.update({name: id_ for id_, name in found})
        return {n: cache[n] for n in names}


def _same_keys(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by their key sets, for executemany statements."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())
