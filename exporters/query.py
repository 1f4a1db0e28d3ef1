"""Reading the archive: full-text search, filtered listings, one article, counts, ad-hoc SQL.

Every function takes an :class:`~exporters.index.Index`, an ORM ``Session`` or an ``Engine`` and
returns plain JSON-serialisable dicts and lists (datetimes as ISO 8601 strings). The related-link
graph (links, backlinks, most recommended) is in :mod:`exporters.graph`.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from crawler.kernel.errors import NotFound, UsageError

from .filters import (
    Filters,
    apply_filters,
    capabilities,
    id_conditions,
    match_table,
    query_errors,
    row_conditions,
    substring_condition,
)
from .index import Index
from .markdown import format_timestamp
from .records import reading
from .schema import TERMS, ArticleAuthor, Author, Fetch, Link, Run, Section, Site
from .schema import Article as ArticleRow
from .sqlite_extras import explain_sql_error, readonly_connection

#: Highlight markers around matched terms in snippets, the ellipsis, and tokens per snippet.
HIGHLIGHT = ("**", "**")
ELLIPSIS = "…"
SNIPPET_TOKENS = 16
#: bm25 weights for the FTS columns (title, description, body_text): a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
FALLBACK_SNIPPET = 160
#: A prefix term of an FTS5 query (``surg*``).
PREFIX_TERM = re.compile(r"\w\*")
LIST_FIELDS = ("id", "url", "title", "date", "updated", "site", "status", "path")
#: Breakdowns ``stats`` can give.
BREAKDOWNS = ("site", "month", "tag", "category", "author", "language")
SQL_ROW_LIMIT = 1000
#: Above this many matching articles a listing walks the date index instead of sorting them all.
DENSE_SELECTION = 2000
ROW_CHUNK = 500

Source = Index | Session | Any


def _iso(value: datetime | None) -> str | None:
    return format_timestamp(value) if value is not None else None


def _capabilities(source: Any, session: Session) -> tuple[bool, bool]:
    has_fts, has_trigram = capabilities(session)
    if isinstance(source, Index):
        has_fts = has_fts and source.has_fts
    return has_fts, has_trigram and has_fts


def _check_limit(limit: int | None) -> None:
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise UsageError(f"limit must be a positive whole number, got {limit!r}")


def search(source: Source, query: str, limit: int = 20,
           filters: Filters | None = None) -> list[dict[str, Any]]:
    """Articles matching a full-text query, best first (bm25; a title match weighs most), each with
    a snippet whose matches are in ``**bold**``. FTS5 syntax: words (all must match), ``"a phrase"``,
    ``prefix*``, ``AND`` / ``OR`` / ``NOT``, ``title:word``. Accents are folded (``cafe`` finds
    ``café``); text without spaces (Chinese, Japanese, Thai…) is matched by substring. A malformed
    query raises :class:`UsageError`; ``filters`` narrow the results like ``list``."""
    query = (query or "").strip()
    if not query:
        raise UsageError("empty search query: give some words to look for")
    _check_limit(limit)
    with reading(source, mapped=True) as s:
        has_fts, has_trigram = _capabilities(source, s)
        name = match_table(query, has_trigram) if has_fts else None
        if name is None:
            return _search_like(s, query, limit, filters, has_fts, has_trigram)
        fts = table(name, column("rowid"))
        ref = literal_column(name)
        rank = func.bm25(ref, *BM25_WEIGHTS)
        match = ref.op("MATCH")(query)
        # ranked on the full-text table alone: the wide article rows are read for the hits shown only
        top: Select[Any] = select(fts.c.rowid, rank.label("score")).select_from(fts).where(match)
        # filters are tested on each match ("rowid + 0": never used to drive the full-text lookup
        # row by row); those answered from ids alone do not read the (wide) article rows
        key = fts.c.rowid + 0
        top = top.where(*id_conditions(filters, s, key, has_fts=has_fts, has_trigram=has_trigram))
        by_row = row_conditions(filters, s, has_fts=has_fts, has_trigram=has_trigram)
        if by_row:
            top = top.where(key.in_(select(ArticleRow.id).outerjoin(Site, Site.id == ArticleRow.site_id)
                                    .where(*by_row)))
        with query_errors(query):
            scored = s.execute(top.order_by(rank, fts.c.rowid).limit(limit)).all()
            if not scored:
                return []
            ids = [r.rowid for r in scored]
            # snippets only for the hits shown: computing them for every match is the slow part.
            # Each rowid lookup expands prefix terms (word*) again, so for those one pass over
            # the matches, testing "rowid + 0", costs less.
            hit = (fts.c.rowid + 0 if PREFIX_TERM.search(query) else fts.c.rowid).in_(ids)
            snippets = dict(s.execute(
                select(fts.c.rowid, func.snippet(ref, -1, *HIGHLIGHT, ELLIPSIS, SNIPPET_TOKENS))
                .select_from(fts).where(match, hit)).all())
        rows = {r.id: r for r in s.execute(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host)
            .outerjoin(Site, Site.id == ArticleRow.site_id).where(ArticleRow.id.in_(ids)))}
    return [{"id": i, "title": rows[i].title, "url": rows[i].url, "date": _iso(rows[i].date),
             "site": rows[i].host, "snippet": snippets.get(i), "score": round(r.score, 4)}
            for i, r in zip(ids, scored, strict=True) if i in rows]


def _search_like(s: Session, query: str, limit: int, filters: Filters | None, has_fts: bool,
                 has_trigram: bool) -> list[dict[str, Any]]:
    """Search without a usable index (other databases; unspaced words shorter than three
    characters): every word must occur in title, description or body."""
    words = [w.strip('"') for w in query.split() if w.strip('"') and w not in ("AND", "OR", "NOT")]
    stmt: Select[Any] = (select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host,
                                ArticleRow.description, ArticleRow.body_text)
                         .outerjoin(Site, Site.id == ArticleRow.site_id).where(substring_condition(query)))
    stmt = apply_filters(stmt, filters, s, has_fts=has_fts, has_trigram=has_trigram)
    return [{"id": r.id, "title": r.title, "url": r.url, "date": _iso(r.date), "site": r.host,
             "snippet": _like_snippet(r.body_text or r.description or "", words), "score": None}
            for r in s.execute(stmt.order_by(ArticleRow.id).limit(limit))]


def _like_snippet(body: str, words: list[str]) -> str:
    """Text around the first occurrence of any word, the words in ``**bold**``."""
    low = body.lower()
    hits = [i for i in (low.find(w.lower()) for w in words) if i >= 0]
    start = max(0, min(hits) - FALLBACK_SNIPPET // 3) if hits else 0
    piece = body[start:start + FALLBACK_SNIPPET]
    for w in sorted(set(words), key=len, reverse=True):
        piece = re.sub(re.escape(w), lambda m: f"{HIGHLIGHT[0]}{m.group(0)}{HIGHLIGHT[1]}", piece, flags=re.I)
    prefix = ELLIPSIS if start else ""
    return prefix + piece + (ELLIPSIS if start + FALLBACK_SNIPPET < len(body) else "")


def list_articles(source: Source, *, site: str | None = None, tag: str | None = None,
                  category: str | None = None, since: str | date | None = None,
                  until: str | date | None = None, status: str | None = None,
                  author: str | None = None, query: str | None = None, ids: str | None = None,
                  changed_since: str | int | None = None, filters: Filters | None = None,
                  limit: int | None = 20) -> list[dict[str, Any]]:
    """Archived articles, newest first (undated last), filtered by host, tag, category, author
    (case-insensitive), published-or-updated date range (inclusive), a full-text query, ids,
    change since a crawl run and status. ``filters`` may give them all at once."""
    f = filters or Filters(site=site, tag=tag, category=category, author=author, since=since, until=until,
                           query=query, ids=ids, changed_since=changed_since, status=status)
    _check_limit(limit)
    with reading(source, mapped=True) as s:
        has_fts, has_trigram = _capabilities(source, s)
        chosen = _newest_ids(s, f, limit, has_fts, has_trigram)
        found = {r.id: r for start in range(0, len(chosen), ROW_CHUNK) for r in s.execute(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, ArticleRow.updated,
                   Site.host, ArticleRow.status, ArticleRow.path)
            .outerjoin(Site, Site.id == ArticleRow.site_id)
            .where(ArticleRow.id.in_(chosen[start:start + ROW_CHUNK])))}
    rows = [found[i] for i in chosen if i in found]
    return [dict(zip(LIST_FIELDS, (r.id, r.url, r.title, _iso(r.date), _iso(r.updated), r.host, r.status,
                                   r.path), strict=True)) for r in rows]


def _newest_ids(s: Session, f: Filters, limit: int | None, has_fts: bool, has_trigram: bool) -> list[int]:
    """Ids of the selected articles, newest first, read from the ids and dates alone.

    When the filters keep many articles (a common tag, a frequent word), walking the date index
    newest first and stopping at ``limit`` beats sorting every candidate; when they keep few, the
    candidates are looked up and sorted. A capped count tells the two apart."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    base: Select[Any] = select(ArticleRow.id).outerjoin(Site, Site.id == ArticleRow.site_id)
    stmt = apply_filters(base, f, s, has_fts=has_fts, has_trigram=has_trigram)
    with query_errors(f.query):
        if sqlite and limit is not None and f.describe():
            probe = select(func.count()).select_from(stmt.limit(DENSE_SELECTION + 1).subquery())
            if (s.scalar(probe) or 0) > DENSE_SELECTION:
                stmt = apply_filters(base, f, s, has_fts=has_fts, has_trigram=has_trigram, scan=True)
        # SQLite sorts NULL lowest, so a descending date order leaves undated articles last
        ordered = stmt.order_by(ArticleRow.date.desc(), ArticleRow.id.desc()) if sqlite else \
            stmt.order_by(ArticleRow.date.is_(None), ArticleRow.date.desc(), ArticleRow.id.desc())
        if limit is not None:
            ordered = ordered.limit(limit)
        return list(s.scalars(ordered))


def get_article(source: Source, url_or_id: str | int) -> dict[str, Any]:
    """One article with authors, terms, sections, related links and backlinks; raises
    :class:`NotFound` for an unknown id or URL."""
    with reading(source, mapped=True) as s:
        row = find_article(s, url_or_id)
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
                              .where(Link.to_url == row.url, ArticleRow.id != row.id)
                              .distinct().order_by(ArticleRow.id)).all()
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
        "archived_at": _iso(row.archived_at), "content_hash": row.content_hash,
        "related": [{"title": r.anchor, "url": r.to_url, "id": r.id} for r in related],
        "linked_from": [{"id": b.id, "title": b.title, "url": b.url} for b in backlinks],
        "sections": [{"position": x.position, "heading": x.heading, "level": x.level} for x in sections],
        "body_markdown": row.body_markdown, "body_text": row.body_text,
    }


def find_article(s: Session, url_or_id: str | int) -> ArticleRow:
    """The article with this id or URL (also its canonical form); :class:`NotFound` otherwise."""
    key = str(url_or_id).strip()
    row = None
    if key.isdigit():
        row = s.get(ArticleRow, int(key))
    else:
        row = s.scalars(select(ArticleRow).where(ArticleRow.url == key)).first()
        if row is None and key.startswith(("http://", "https://")):
            from crawler.kernel.urls import canonicalize

            try:
                canonical = canonicalize(key)
            except ValueError:
                canonical = None
            if canonical:
                row = s.scalars(select(ArticleRow).where(ArticleRow.url == canonical)).first()
    if row is None:
        raise NotFound(f"no archived article {key!r}: see 'archiver list' or 'archiver search'")
    return row


def _terms(s: Session, kind: str, article_id: int) -> list[str]:
    vocabulary, association = TERMS[kind]
    term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
    return list(s.scalars(select(vocabulary.c.name).join(association, term_id == vocabulary.c.id)
                          .where(association.c.article_id == article_id)
                          .order_by(association.c.position)))


def stats(source: Source) -> dict[str, Any]:
    """Counts over the whole archive, articles per site, and the latest run."""
    with reading(source, mapped=True) as s:
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
        out["per_site"] = {r["site"]: r["articles"] for r in _breakdown(s, "site", None)}
        last = s.scalars(select(Run).order_by(Run.id.desc()).limit(1)).first()
        out["last_run"] = None if last is None else {
            "id": last.id, "status": last.status, "started_at": _iso(last.started_at),
            "finished_at": _iso(last.finished_at), "start_urls": last.start_urls, "counts": last.counts,
        }
    return out


def breakdown(source: Source, by: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Articles per site, month (``YYYY-MM`` of publication), tag, category, author or language:
    ``[{by: value, "articles": n}, …]``, largest first (months: newest first)."""
    if by not in BREAKDOWNS:
        raise UsageError(f"cannot break down by {by!r}: choose one of {', '.join(BREAKDOWNS)}")
    _check_limit(limit)
    with reading(source, mapped=True) as s:
        return _breakdown(s, by, limit)


def _breakdown(s: Session, by: str, limit: int | None) -> list[dict[str, Any]]:
    n = func.count(ArticleRow.id.distinct()).label("articles")
    if by == "site":
        key: Any = Site.host
        stmt = select(key, n).join(ArticleRow, ArticleRow.site_id == Site.id)
    elif by == "month":
        key = func.strftime("%Y-%m", ArticleRow.date) if s.get_bind().dialect.name == "sqlite" \
            else func.to_char(ArticleRow.date, "YYYY-MM")
        stmt = select(key, n).where(ArticleRow.date.is_not(None))
    elif by == "author":
        key = Author.name
        stmt = (select(key, n).join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
                .join(ArticleRow, ArticleRow.id == ArticleAuthor.article_id))
    elif by == "language":
        key = ArticleRow.language
        stmt = select(key, n)
    else:
        vocabulary, association = TERMS["tags" if by == "tag" else "categories"]
        term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
        key = vocabulary.c.name
        stmt = (select(key, n).join(association, term_id == vocabulary.c.id)
                .join(ArticleRow, ArticleRow.id == association.c.article_id))
    stmt = stmt.group_by(key)
    stmt = stmt.order_by(key.desc()) if by == "month" else stmt.order_by(n.desc(), key)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [{by: value, "articles": count} for value, count in s.execute(stmt)]


def run_sql(db_path: Path | str, statement: str, limit: int | None = SQL_ROW_LIMIT,
            params: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]], bool]:
    """Run one SELECT on a read-only connection to the archive file; returns (columns, rows,
    truncated). Anything that would write is refused with a :class:`UsageError`."""
    statement = (statement or "").strip().rstrip(";").strip()
    if not statement:
        raise UsageError("empty SQL: give a SELECT statement, e.g. \"SELECT count(*) FROM articles\"")
    _check_limit(limit)
    conn = readonly_connection(db_path)
    try:
        cursor = conn.execute(statement, params or {})
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchmany(limit + 1) if limit is not None else cursor.fetchall()
    except sqlite3.Error as exc:
        raise explain_sql_error(exc) from None
    except sqlite3.Warning as exc:  # e.g. several statements in one string
        raise explain_sql_error(sqlite3.Error(str(exc))) from None
    finally:
        conn.close()
    truncated = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    return columns, [dict(zip(columns, r, strict=True)) for r in rows], truncated


def database_file(index_or_url: Index | str) -> Path:
    """The SQLite file behind an index or a ``sqlite:///`` URL."""
    url = index_or_url.url if isinstance(index_or_url, Index) else index_or_url
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise UsageError("ad-hoc SQL needs an SQLite archive file (--data DIR or --db sqlite:///FILE)")
    return Path(parsed.database)


__all__ = ["BREAKDOWNS", "Filters", "breakdown", "database_file", "find_article", "get_article",
           "list_articles", "run_sql", "search", "stats"]
