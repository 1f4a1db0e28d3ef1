"""Reading the archive: full-text search, filtered listings, one article, counts.

Every function takes an :class:`~exporters.index.Index`, an ORM ``Session`` or an ``Engine`` and
returns plain JSON-serialisable dicts and lists (datetimes as ISO 8601 strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, column, exists, func, literal_column, or_, select, table, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.errors import NotFound, StorageError, UsageError

from .index import Index
from .markdown import format_timestamp
from .schema import FTS_TABLE, TERMS, ArticleAuthor, Author, Fetch, Link, Run, Section, Site
from .schema import Article as ArticleRow

#: Highlight markers around matched terms in snippets, the ellipsis, and tokens per snippet.
HIGHLIGHT = ("**", "**")
ELLIPSIS = "…"
SNIPPET_TOKENS = 16
#: bm25 weights for the FTS columns (title, description, body_text): a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
FALLBACK_SNIPPET = 160
LIST_FIELDS = ("id", "url", "title", "date", "updated", "site", "status", "path")
QUERY_HINT = "FTS5 syntax: quote words with special characters, e.g. '\"c++ tips\"'"
#: SQLite messages that mean the FTS query itself is wrong (not the database).
QUERY_ERRORS = re.compile(r"^(fts5: |unterminated string|no such column|unknown special query)")

Source = Index | Session | Engine


@contextmanager
def _session(source: Source) -> Iterator[Session]:
    if isinstance(source, Session):
        yield source
        return
    session = source.session() if isinstance(source, Index) else Session(source)
    try:
        yield session
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise StorageError(f"cannot read the archive: {reason}") from None
    finally:
        session.close()


def _iso(value: datetime | None) -> str | None:
    return format_timestamp(value) if value is not None else None


def _has_fts(source: Source, session: Session) -> bool:
    if isinstance(source, Index):
        return source.has_fts
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE})
    return found.first() is not None


def search(source: Source, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching an FTS5 query, best first (bm25), each with a highlighted snippet.
    A malformed query raises :class:`UsageError`."""
    query = (query or "").strip()
    if not query:
        raise UsageError("empty search query: give some words to look for")
    _check_limit(limit)
    with _session(source) as s:
        if not _has_fts(source, s):
            return _search_like(s, query, limit)
        fts = table(FTS_TABLE, column("rowid"))
        fts_ref = literal_column(FTS_TABLE)
        rank = func.bm25(fts_ref, *BM25_WEIGHTS).label("score")
        snippet = func.snippet(fts_ref, -1, *HIGHLIGHT, ELLIPSIS, SNIPPET_TOKENS).label("snippet")
        stmt = (select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host,
                       snippet, rank)
                .select_from(fts)
                .join(ArticleRow, ArticleRow.id == fts.c.rowid)
                .outerjoin(Site, Site.id == ArticleRow.site_id)
                .where(fts_ref.op("MATCH")(query))
                .order_by(rank, ArticleRow.id)
                .limit(limit))
        try:
            rows = s.execute(stmt).all()
        except OperationalError as exc:
            reason = str(exc.orig)
            if not QUERY_ERRORS.match(reason):
                raise StorageError(f"cannot search the archive: {reason}") from None
            reason = reason.removeprefix("fts5: ").replace('near ""', "at the end").rstrip(": ")
            raise UsageError(f"malformed search query {query!r}: {reason}; {QUERY_HINT}") from None
    return [{"id": r.id, "title": r.title, "url": r.url, "date": _iso(r.date), "site": r.host,
             "snippet": r.snippet, "score": round(r.score, 4)} for r in rows]


def _search_like(s: Session, query: str, limit: int) -> list[dict[str, Any]]:
    """Search without FTS5 (other databases): every word must occur in title, description or body."""
    words = [w.strip('"') for w in query.split() if w.strip('"')]
    fields = (ArticleRow.title, ArticleRow.description, ArticleRow.body_text)
    conds = [or_(*(f.ilike(f"%{w}%") for f in fields)) for w in words]
    stmt = (select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host,
                   ArticleRow.description, ArticleRow.body_text)
            .outerjoin(Site, Site.id == ArticleRow.site_id)
            .where(and_(*conds)).order_by(ArticleRow.id).limit(limit))
    return [{"id": r.id, "title": r.title, "url": r.url, "date": _iso(r.date), "site": r.host,
             "snippet": (r.description or r.body_text or "")[:FALLBACK_SNIPPET], "score": None}
            for r in s.execute(stmt)]


def list_articles(source: Source, *, site: str | None = None, tag: str | None = None,
                  category: str | None = None, since: str | date | None = None,
                  until: str | date | None = None, status: str | None = None,
                  limit: int | None = 20) -> list[dict[str, Any]]:
    """Archived articles, newest first (undated last), filtered by host, tag, category
    (case-insensitive), publication date range (inclusive) and status."""
    stmt: Select[Any] = (select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date,
                                ArticleRow.updated, Site.host, ArticleRow.status, ArticleRow.path)
                         .outerjoin(Site, Site.id == ArticleRow.site_id))
    if site:
        host = site.strip().lower()
        stmt = stmt.where(or_(Site.host == host, Site.host.like(f"{host}:%")))
    for kind, value in (("tags", tag), ("categories", category)):
        if value:
            vocabulary, association = TERMS[kind]
            term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
            stmt = stmt.where(exists().where(association.c.article_id == ArticleRow.id,
                                             term_id == vocabulary.c.id,
                                             func.lower(vocabulary.c.name) == value.strip().lower()))
    start, end = _day_bound("since", since, False), _day_bound("until", until, True)
    if start is not None:
        stmt = stmt.where(ArticleRow.date >= start)
    if end is not None:
        stmt = stmt.where(ArticleRow.date < end)
    if status:
        stmt = stmt.where(ArticleRow.status == status)
    stmt = stmt.order_by(ArticleRow.date.is_(None), ArticleRow.date.desc(), ArticleRow.id.desc())
    if limit is not None:
        _check_limit(limit)
        stmt = stmt.limit(limit)
    with _session(source) as s:
        rows = s.execute(stmt).all()
    return [dict(zip(LIST_FIELDS, (r.id, r.url, r.title, _iso(r.date), _iso(r.updated), r.host, r.status,
                                   r.path), strict=True)) for r in rows]


def _check_limit(limit: int) -> None:
    if not isinstance(limit, int) or limit < 1:
        raise UsageError(f"limit must be a positive whole number, got {limit!r}")


def _day_bound(name: str, value: str | date | None, end: bool) -> datetime | None:
    """A filter bound: a date covers its whole day (``until`` is inclusive); a datetime is exact."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text_value = value.strip()
        try:
            if len(text_value) > len("2024-01-31"):
                value = datetime.fromisoformat(text_value)
            else:
                value = date.fromisoformat(text_value)
        except ValueError:
            raise UsageError(f"{name}: expected a date like 2024-01-31, got {value!r}") from None
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1) if end else value
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time.min)


def get_article(source: Source, url_or_id: str | int) -> dict[str, Any]:
    """One article with authors, terms, sections, related links and backlinks; raises
    :class:`NotFound` for an unknown id or URL."""
    with _session(source) as s:
        row = _find(s, url_or_id)
        if row is None:
            raise NotFound(f"no archived article {str(url_or_id)!r}: "
                           "see 'archiver list' or 'archiver search'")
        host = s.scalar(select(Site.host).where(Site.id == row.site_id))
        authors = s.execute(select(Author.name, Author.url, Author.avatar)
                            .join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
                            .where(ArticleAuthor.article_id == row.id)
                            .order_by(ArticleAuthor.position)).all()
        terms = {kind: _terms(s, kind, row.id) for kind in TERMS}
        target = ArticleRow.__table__.alias("target")
        related = s.execute(select(Link.to_url, Link.anchor, target.c.id)
                            .outerjoin(target, target.c.url == Link.to_url)
                            .where(Link.from_article_id == row.id).order_by(Link.position)).all()
        backlinks = s.execute(select(ArticleRow.id, ArticleRow.url, ArticleRow.title)
                              .join(Link, Link.from_article_id == ArticleRow.id)
                              .where(Link.to_url == row.url).distinct().order_by(ArticleRow.id)).all()
        sections = s.execute(select(Section.position, Section.heading, Section.level)
                             .where(Section.article_id == row.id).order_by(Section.position)).all()
    return {
        "id": row.id, "url": row.url, "title": row.title, "date": _iso(row.date),
        "updated": _iso(row.updated), "site": host, "site_name": row.site_name,
        "authors": [{"name": a.name, "url": a.url, "avatar": a.avatar} for a in authors],
        **terms,
        "description": row.description, "excerpt": row.excerpt, "thumbnail": row.thumbnail,
        "language": row.language, "path": row.path, "status": row.status, "gone_at": _iso(row.gone_at),
        "first_seen": _iso(row.first_seen), "last_seen": _iso(row.last_seen),
        "content_hash": row.content_hash,
        "related": [{"title": r.anchor, "url": r.to_url, "id": r.id} for r in related],
        "linked_from": [{"id": b.id, "title": b.title, "url": b.url} for b in backlinks],
        "sections": [{"position": x.position, "heading": x.heading, "level": x.level} for x in sections],
        "body_markdown": row.body_markdown, "body_text": row.body_text,
    }


def _find(s: Session, url_or_id: str | int) -> ArticleRow | None:
    key = str(url_or_id).strip()
    if key.isdigit():
        return s.get(ArticleRow, int(key))
    row = s.scalars(select(ArticleRow).where(ArticleRow.url == key)).first()
    if row is None and key.startswith(("http://", "https://")):
        from crawler.urls import canonicalize

        try:
            canonical = canonicalize(key)
        except ValueError:
            return None
        row = s.scalars(select(ArticleRow).where(ArticleRow.url == canonical)).first()
    return row


def _terms(s: Session, kind: str, article_id: int) -> list[str]:
    vocabulary, association = TERMS[kind]
    term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
    return list(s.scalars(select(vocabulary.c.name).join(association, term_id == vocabulary.c.id)
                          .where(association.c.article_id == article_id)
                          .order_by(association.c.position)))


def stats(source: Source) -> dict[str, Any]:
    """Counts over the whole archive, articles per site, and the latest run."""
    with _session(source) as s:
        def count(what: Any, *where: Any) -> int:
            return s.scalar(select(func.count()).select_from(what).where(*where)) or 0

        out: dict[str, Any] = {
            "articles": count(ArticleRow),
            "articles_gone": count(ArticleRow, ArticleRow.status == "gone"),
            "sites": count(Site),
            "authors": count(Author),
            **{kind: count(TERMS[kind][0]) for kind in TERMS},
            "sections": count(Section),
            "links": count(Link),
            "links_archived": count(Link, Link.to_url.in_(select(ArticleRow.url))),
            "runs": count(Run),
            "fetches": count(Fetch),
            "fetch_errors": count(Fetch, Fetch.error.is_not(None)),
        }
        per_site = s.execute(select(Site.host, func.count(ArticleRow.id).label("n"))
                             .join(ArticleRow, ArticleRow.site_id == Site.id)
                             .group_by(Site.host).order_by(func.count(ArticleRow.id).desc(), Site.host)).all()
        out["per_site"] = {host: n for host, n in per_site}
        last = s.scalars(select(Run).order_by(Run.id.desc()).limit(1)).first()
        out["last_run"] = None if last is None else {
            "id": last.id, "status": last.status, "started_at": _iso(last.started_at),
            "finished_at": _iso(last.finished_at), "start_urls": last.start_urls, "counts": last.counts,
        }
    return out
