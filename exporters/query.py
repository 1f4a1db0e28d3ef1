"""Reading the archive: full-text search, filtered listings, one article, counts, ad-hoc SQL.

Every function takes an :class:`~exporters.store.index.Index`, an ORM ``Session`` or an ``Engine`` and
returns plain JSON-serialisable dicts and lists (datetimes as ISO 8601 strings). The related-link
graph (links, backlinks, most recommended) is in :mod:`exporters.graph`.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from crawler.kernel.errors import NotFound, UsageError
from crawler.kernel.fields import TOTALS
from crawler.kernel.timestamps import iso
from crawler.kernel.urls import canonicalize

from .dupes.queries import cluster_counts, copies_of
from .filters import MAX_ROW_ID, Filters, apply_filters, id_conditions, row_conditions
from .search import SearchBackend, backend_for
from .store.index import Index
from .store.postgres import is_postgres, run_readonly
from .store.records import load_records, reading
from .store.schema import TERMS, ArticleAuthor, Author, Fetch, Link, Run, Section, Site
from .store.schema import Article as ArticleRow
from .store.sqlite import QueryGuard, explain_sql_error, readonly_connection

LIST_FIELDS = ("id", "url", "title", "date", "updated", "site", "status", "path")
#: Breakdowns ``stats`` can give.
BREAKDOWNS = ("site", "month", "tag", "category", "author", "language", "access")
#: How ``stats --by access`` names articles archived before access was checked.
UNCHECKED = "unchecked"
SQL_ROW_LIMIT = 1000
#: The longest time limit an ad-hoc query may be given, in seconds (a day).
MAX_SQL_TIMEOUT = 86_400
#: Above this many matching articles a listing walks the date index instead of sorting them all.
DENSE_SELECTION = 2000
ROW_CHUNK = 500

Source = Index | Session | Any


def _backend(source: Any, session: Session) -> SearchBackend:
    """The search backend of the archive (an open :class:`Index` knows its own)."""
    return source.search if isinstance(source, Index) else backend_for(session)


def _check_limit(limit: int | None) -> None:
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise UsageError(f"limit must be a positive whole number, got {limit!r}")


def search(source: Source, query: str, limit: int | None = 20,
           filters: Filters | None = None) -> list[dict[str, Any]]:
    """Articles matching a full-text query, best first where the backend ranks (SQLite FTS5: bm25,
    a title match weighs most), each with a snippet whose matches are in ``**bold**``. Syntax:
    words (all must match), ``"a phrase"``, ``prefix*``, ``AND`` / ``OR`` / ``NOT``, ``title:word``
    (see :mod:`exporters.search.syntax`). Accents are folded (``cafe`` finds ``café``); text without
    spaces (Chinese, Japanese, Thai…) is matched by substring. A malformed query raises
    :class:`UsageError`; ``filters`` narrow the results like ``list``; ``limit`` None: every match."""
    query = _search_query(query)
    _check_limit(limit)
    with reading(source, mapped=True) as s:
        backend = _backend(source, s)
        backend.check(query)
        hits = backend.search(s, query, limit, lambda key: id_conditions(filters, s, key, backend),
                              row_conditions(filters, s, backend))
        ids = [h.id for h in hits]
        rows = {r.id: r for start in range(0, len(ids), ROW_CHUNK) for r in s.execute(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host)
            .outerjoin(Site, Site.id == ArticleRow.site_id)
            .where(ArticleRow.id.in_(ids[start:start + ROW_CHUNK])))}
    return [{"id": h.id, "title": rows[h.id].title, "url": rows[h.id].url, "date": iso(rows[h.id].date),
             "site": rows[h.id].host, "snippet": h.snippet, "score": h.score}
            for h in hits if h.id in rows]


def count_matches(source: Source, query: str, filters: Filters | None = None) -> int:
    """How many articles :func:`search` finds for ``query`` without a limit."""
    query = _search_query(query)
    with reading(source, mapped=True) as s:
        backend = _backend(source, s)
        backend.check(query)
        return backend.count(s, query, lambda key: id_conditions(filters, s, key, backend),
                             row_conditions(filters, s, backend))


def count_articles(source: Source, filters: Filters | None = None) -> int:
    """How many articles :func:`list_articles` lists for ``filters`` without a limit."""
    f = filters or Filters()
    with reading(source, mapped=True) as s:
        backend = _backend(source, s)
        base: Select[Any] = select(ArticleRow.id).outerjoin(Site, Site.id == ArticleRow.site_id)
        stmt = apply_filters(base, f, s, backend=backend)
        with backend.errors(f.query):
            return int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _search_query(query: str | None) -> str:
    query = (query or "").strip()
    if not query:
        raise UsageError("empty search query: give some words to look for")
    return query


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
        chosen = _newest_ids(s, f, limit, _backend(source, s))
        found = {r.id: r for start in range(0, len(chosen), ROW_CHUNK) for r in s.execute(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, ArticleRow.updated,
                   Site.host, ArticleRow.status, ArticleRow.path)
            .outerjoin(Site, Site.id == ArticleRow.site_id)
            .where(ArticleRow.id.in_(chosen[start:start + ROW_CHUNK])))}
    rows = [found[i] for i in chosen if i in found]
    return [dict(zip(LIST_FIELDS, (r.id, r.url, r.title, iso(r.date), iso(r.updated), r.host, r.status,
                                   r.path), strict=True)) for r in rows]


def _newest_ids(s: Session, f: Filters, limit: int | None, backend: SearchBackend) -> list[int]:
    """Ids of the selected articles, newest first, read from the ids and dates alone.

    When the filters keep many articles (a common tag, a frequent word), walking the date index
    newest first and stopping at ``limit`` beats sorting every candidate; when they keep few, the
    candidates are looked up and sorted. A capped count tells the two apart."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    base: Select[Any] = select(ArticleRow.id).outerjoin(Site, Site.id == ArticleRow.site_id)
    stmt = apply_filters(base, f, s, backend=backend)
    with backend.errors(f.query):
        if sqlite and limit is not None and f.describe():
            probe = select(func.count()).select_from(stmt.limit(DENSE_SELECTION + 1).subquery())
            if (s.scalar(probe) or 0) > DENSE_SELECTION:
                stmt = apply_filters(base, f, s, backend=backend, scan=True)
        # SQLite sorts NULL lowest, so a descending date order leaves undated articles last
        ordered = stmt.order_by(ArticleRow.date.desc(), ArticleRow.id.desc()) if sqlite else \
            stmt.order_by(ArticleRow.date.is_(None), ArticleRow.date.desc(), ArticleRow.id.desc())
        if limit is not None:
            ordered = ordered.limit(limit)
        return list(s.scalars(ordered))


def get_article(source: Source, url_or_id: str | int) -> dict[str, Any]:
    """One article: every field (as in a JSON export), the related links with the ids of those
    archived, backlinks and sections; raises :class:`NotFound` for an unknown id or URL."""
    with reading(source, mapped=True) as s:
        row = find_article(s, url_or_id)
        record = load_records(s, [row.id], with_media=True)[0]
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
    out = record.to_dict()
    out["path"] = record.path
    out["related"] = [{"title": r.anchor, "url": r.to_url, "id": r.id} for r in related]
    out["linked_from"] = [{"id": b.id, "title": b.title, "url": b.url} for b in backlinks]
    out["sections"] = [{"position": x.position, "heading": x.heading, "level": x.level} for x in sections]
    found = copies_of(source, row.id)
    out["copies"] = [] if found is None else [m for m in found["members"] if m["id"] != row.id]
    return out


def find_article(s: Session, url_or_id: str | int) -> ArticleRow:
    """The article with this id or URL (also its canonical form); :class:`NotFound` otherwise."""
    key = str(url_or_id).strip()
    row = None
    if key.isdigit():
        row = s.get(ArticleRow, int(key)) if int(key) <= MAX_ROW_ID else None
    else:
        row = s.scalars(select(ArticleRow).where(ArticleRow.url == key)).first()
        if row is None and key.lower().startswith(("http://", "https://")):
            try:
                canonical = canonicalize(key)
            except ValueError:
                canonical = None
            if canonical:
                # the URL as the archive writes it, then with or without the trailing slash
                other = canonical[:-1] if canonical.endswith("/") else canonical + "/"
                for candidate in (canonical, other if "?" not in canonical else canonical):
                    row = s.scalars(select(ArticleRow).where(ArticleRow.url == candidate)).first()
                    if row is not None:
                        break
    if row is None:
        raise NotFound(f"no archived article {key!r}: see 'archiver list' or 'archiver search'")
    return row


def stats(source: Source) -> dict[str, Any]:
    """Counts over the whole archive, articles per site, and the latest run."""
    with reading(source, mapped=True) as s:
        def count(what: Any, *where: Any) -> int:
            return s.scalar(select(func.count()).select_from(what).where(*where)) or 0

        out: dict[str, Any] = {
            "articles": count(ArticleRow),
            "articles_gone": count(ArticleRow, ArticleRow.status == "gone"),
            # pages that did not show their article: a paywalled teaser, or a wall (--by access)
            "articles_restricted": count(ArticleRow, ArticleRow.__table__.c.access == "restricted"),
            "articles_wall": count(ArticleRow, ArticleRow.__table__.c.access == "wall"),
            "sites": count(Site),
            # one person credited on several sites (each with its own profile URL) counts once
            "authors": s.scalar(select(func.count(Author.name.distinct()))) or 0,
            **{kind: count(TERMS[kind][0]) for kind in TERMS},
            "sections": count(Section),
            "links": count(Link),
            "links_archived": count(Link, Link.to_url.in_(select(ArticleRow.url))),
            **{name: int(s.scalar(select(func.coalesce(func.sum(ArticleRow.__table__.c[name]), 0))) or 0)
               for name in TOTALS},
            "runs": count(Run),
            "fetches": count(Fetch),
            "fetch_errors": count(Fetch, Fetch.error.is_not(None)),
            **cluster_counts(s),
        }
        out["per_site"] = {r["site"]: r["articles"] for r in _breakdown(s, "site", None)}
        last = s.scalars(select(Run).order_by(Run.id.desc()).limit(1)).first()
        out["last_run"] = None if last is None else {
            "id": last.id, "status": last.status, "started_at": iso(last.started_at),
            "finished_at": iso(last.finished_at), "start_urls": last.start_urls, "counts": last.counts,
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
    elif by == "access":
        key = func.coalesce(ArticleRow.__table__.c.access, UNCHECKED)
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
            params: dict[str, Any] | None = None,
            timeout: float | None = None) -> tuple[list[str], list[dict[str, Any]], bool]:
    """Run one SELECT on a read-only connection to the archive: the path of its SQLite file, or the
    URL of its database (PostgreSQL: one statement in a read-only transaction, rolled back);
    returns (columns, rows, truncated). Anything that would write is refused with a
    :class:`UsageError`. ``timeout``: seconds the query may run (None: no limit); past them it is
    stopped with a :class:`UsageError`. Ctrl-C stops it too (KeyboardInterrupt)."""
    statement = (statement or "").strip().rstrip(";").strip()
    if not statement:
        raise UsageError("empty SQL: give a SELECT statement, e.g. \"SELECT count(*) FROM articles\"")
    _check_limit(limit)
    if timeout is not None and not 0 < timeout <= MAX_SQL_TIMEOUT:
        raise UsageError(f"a query's time limit is a number of seconds up to {MAX_SQL_TIMEOUT} (0: none)")
    if isinstance(db_path, str) and is_postgres(db_path):
        columns, tuples, truncated = run_readonly(db_path, statement, limit, params, timeout=timeout)
        return columns, [dict(zip(columns, r, strict=True)) for r in tuples], truncated
    conn = readonly_connection(db_path)
    guard = QueryGuard(conn, timeout)
    try:
        with guard:
            cursor = conn.execute(statement, params or {})
            columns = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchmany(limit + 1) if limit is not None else cursor.fetchall()
    except sqlite3.Error as exc:
        guard.check(exc)
        raise explain_sql_error(exc) from None
    except sqlite3.Warning as exc:  # e.g. several statements in one string
        raise explain_sql_error(sqlite3.Error(str(exc))) from None
    finally:
        conn.close()
    truncated = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    return columns, [dict(zip(columns, r, strict=True)) for r in rows], truncated


def database_file(index_or_url: Index | str) -> Path | str:
    """What :func:`run_sql` reads: the SQLite file behind an index or a ``sqlite:///`` URL, or the
    URL itself for PostgreSQL."""
    url = index_or_url.url if isinstance(index_or_url, Index) else index_or_url
    from sqlalchemy.engine import make_url

    if is_postgres(url):
        return url
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise UsageError("ad-hoc SQL needs an SQLite archive file or a PostgreSQL database "
                         "(--data DIR, --db sqlite:///FILE or --db postgresql://…)")
    return Path(parsed.database)


__all__ = ["BREAKDOWNS", "Filters", "breakdown", "database_file", "find_article", "get_article",
           "list_articles", "run_sql", "search", "stats"]
