"""The article filters shared by ``list``, ``export`` and the Python API.

    Filters(site="blog.example.com", tag="python", since="2024-01-01", query="asyncio")

Every filter narrows the selection (they combine with AND). Bad values raise :class:`UsageError`;
an unknown run raises :class:`NotFound`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, bindparam, column, func, literal_column, or_, select, table
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crawler.kernel.errors import NotFound, StorageError, UsageError

from .schema import FTS_TABLE, TERMS, ArticleAuthor, Author, Run, Site
from .schema import Article as ArticleRow
from .sqlite_extras import TRIGRAM_TABLE, UNSPACED

#: ``--ids`` syntax: comma-separated ids and inclusive ranges.
IDS_ITEM = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
LATEST_RUN = ("last", "latest")
QUERY_HINT = "FTS5 syntax: quote words with special characters, e.g. '\"c++ tips\"'"
#: SQLite messages that mean the FTS query itself is wrong (not the database).
QUERY_ERRORS = re.compile(r"^(fts5: |unterminated string|no such column|unknown special query)")
#: Trigram queries need terms of at least this many characters.
TRIGRAM_MIN = 3
BARE_TERM = re.compile(r'"[^"]*"|[^\s()"]+')
#: Names with a character outside printable ASCII (compared in Python, see matching_names).
NON_ASCII_GLOB = "*[^ -~]*"


@dataclass(frozen=True)
class Filters:
    """Which articles: by host, tag, category, author (case-insensitive names), publication or
    update date (``since`` / ``until``, inclusive), a full-text query, ids (``"1,5-9"``), change
    since a crawl run (its id or ``"last"``) and status (``ok`` / ``gone``)."""

    site: str | None = None
    tag: str | None = None
    category: str | None = None
    author: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    query: str | None = None
    ids: str | tuple[int, ...] | None = None
    changed_since: str | int | None = None
    status: str | None = None

    def describe(self) -> dict[str, Any]:
        """The filters that are set, JSON-ready (for export manifests)."""
        out = {}
        for key, value in asdict(self).items():
            if value not in (None, "", ()):
                out[key] = value.isoformat() if isinstance(value, date) else (
                    list(value) if isinstance(value, tuple) else value)
        return out


def parse_ids(value: str | tuple[int, ...] | list[int] | None) -> list[tuple[int, int]]:
    """``"3,7-9"`` -> ``[(3, 3), (7, 9)]`` (inclusive ranges); a sequence of ints gives one range each."""
    if value is None or value == "":
        return []
    if not isinstance(value, str):
        return [(int(v), int(v)) for v in value]
    out: list[tuple[int, int]] = []
    for part in value.split(","):
        m = IDS_ITEM.match(part)
        if not m:
            raise UsageError(f"ids: expected numbers and ranges like 3,7-9, got {value!r}")
        low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        if high < low:
            raise UsageError(f"ids: bad range {part.strip()!r} (the first id must not be the larger)")
        out.append((low, high))
    return out


def ids_condition(value: str | tuple[int, ...] | list[int], key: Any = None) -> Any:
    """A condition on ``articles.id`` (or ``key``): single ids as one IN list (written into the
    SQL: any number of them fits), ranges as BETWEENs."""
    key = ArticleRow.id if key is None else key
    ranges = parse_ids(value)
    singles = [low for low, high in ranges if low == high]
    conds = [key.between(low, high) for low, high in ranges if low != high]
    if singles:
        conds.append(key.in_(bindparam("ids", singles, expanding=True, literal_execute=True)))
    return or_(*conds)


def day_bound(name: str, value: str | date | None, end: bool) -> datetime | None:
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


def uses_trigram(query: str) -> bool:
    """Whether a query is about text written without spaces (Chinese, Japanese, Thai…)."""
    return UNSPACED.search(query) is not None


def match_table(query: str, has_trigram: bool) -> str | None:
    """The full-text table that can answer ``query``: the trigram index for unspaced text (when
    every term is long enough for it), else the word index; None when neither can."""
    if not uses_trigram(query):
        return FTS_TABLE
    if not has_trigram:
        return None
    terms = [t.strip('"').rstrip("*") for t in BARE_TERM.findall(query) if t not in ("AND", "OR", "NOT")]
    return TRIGRAM_TABLE if all(len(t) >= TRIGRAM_MIN for t in terms) else None


def substring_condition(query: str) -> Any:
    """Fallback matching without an index: every word occurs in title, description or body."""
    words = [w.strip('"') for w in query.split() if w.strip('"') and w not in ("AND", "OR", "NOT")]
    fields = (ArticleRow.title, ArticleRow.description, ArticleRow.body_text)
    return and_(*(or_(*(f.ilike(f"%{w}%") for f in fields)) for w in words))


def matching_ids(query: str, has_fts: bool, has_trigram: bool, key: Any = None) -> Any:
    """A condition on ``articles.id`` (or ``key``, see :func:`apply_filters`) for a full-text query."""
    name = match_table(query, has_trigram) if has_fts else None
    if name is None:
        return substring_condition(query)
    fts = table(name, column("rowid"))
    key = ArticleRow.id if key is None else key
    return key.in_(select(fts.c.rowid).where(literal_column(name).op("MATCH")(query)))


@contextmanager
def query_errors(query: str | None) -> Iterator[None]:
    """Turn SQLite's complaints about an FTS query into a one-line :class:`UsageError`."""
    try:
        yield
    except OperationalError as exc:
        reason = str(exc.orig)
        if query is None or not QUERY_ERRORS.match(reason):
            raise StorageError(f"cannot read the archive: {reason.splitlines()[0]}") from None
        reason = reason.removeprefix("fts5: ").replace('near ""', "at the end").rstrip(": ")
        raise UsageError(f"malformed search query {query!r}: {reason}; {QUERY_HINT}") from None


def run_start(session: Session, run: str | int) -> datetime:
    """When crawl run ``run`` (an id, or ``last``) started."""
    key = str(run).strip().lower()
    if key in LATEST_RUN:
        found = session.execute(select(Run.id, Run.started_at).order_by(Run.id.desc()).limit(1)).first()
    elif key.isdigit():
        found = session.execute(select(Run.id, Run.started_at).where(Run.id == int(key))).first()
    else:
        raise UsageError(f"changed-since: expected a run id or 'last', got {str(run)!r}")
    if found is None:
        raise NotFound(f"no crawl run {str(run)!r} in this archive: see 'archiver stats' for the last run")
    return found.started_at


def matching_names(session: Session, name_column: Any, value: str) -> list[int]:
    """Ids of the rows whose name equals ``value`` ignoring case, in any script (SQLite's
    ``lower()`` folds ASCII only, so names with other letters are compared here)."""
    wanted = value.strip().casefold()
    id_column = name_column.table.c.id
    rows = session.execute(select(id_column, name_column).where(or_(
        func.lower(name_column) == value.strip().lower(), name_column.op("GLOB")(NON_ASCII_GLOB))))
    return [id_ for id_, name in rows if name.strip().casefold() == wanted]


def _term_condition(session: Session, kind: str, value: str, key: Any) -> Any:
    vocabulary, association = TERMS[kind]
    term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
    ids = matching_names(session, vocabulary.c.name, value)
    return key.in_(select(association.c.article_id).where(term_id.in_(ids)))


def apply_filters(stmt: Select[Any], filters: Filters | None, session: Session, *,
                  has_fts: bool = True, has_trigram: bool = False, scan: bool = False) -> Select[Any]:
    """``stmt`` (a select over ``articles``, joined to ``sites``) narrowed by ``filters``.

    ``scan``: the tag, category, author, full-text and id filters test ``articles.id + 0``, which
    no index can serve, so the database walks an index in the statement's order and stops at its
    LIMIT instead of looking every match up (the better plan when the filters keep many rows)."""
    key = ArticleRow.id + 0 if scan else ArticleRow.id
    return stmt.where(*row_conditions(filters, session, has_fts=has_fts, has_trigram=has_trigram),
                      *id_conditions(filters, session, key, has_fts=has_fts, has_trigram=has_trigram))


def id_conditions(filters: Filters | None, session: Session, key: Any, *, has_fts: bool = True,
                  has_trigram: bool = False) -> list[Any]:
    """The filters answered from ids alone (tag, category, author, full-text query, ids), as
    conditions on ``key``: ``articles.id``, or any expression holding an article id (a full-text
    table's rowid, say), so they need no article row."""
    f = filters or Filters()
    conds = []
    for kind, value in (("tags", f.tag), ("categories", f.category)):
        if value and value.strip():
            conds.append(_term_condition(session, kind, value, key))
    if f.author and f.author.strip():
        ids = matching_names(session, Author.__table__.c.name, f.author)
        conds.append(key.in_(select(ArticleAuthor.article_id).where(ArticleAuthor.author_id.in_(ids))))
    query = _query(f)
    if query is not None and has_fts and match_table(query, has_trigram) is not None:
        conds.append(matching_ids(query, has_fts, has_trigram, key))
    if f.ids not in (None, "", ()):
        conds.append(ids_condition(f.ids, key))
    return conds


def row_conditions(filters: Filters | None, session: Session, *, has_fts: bool = True,
                   has_trigram: bool = False) -> list[Any]:
    """The filters that read the article's row or its site (host, dates, change since a run,
    status, and a text query no full-text index can answer)."""
    f = filters or Filters()
    conds = []
    if f.site:
        host = f.site.strip().lower()
        conds.append(or_(Site.host == host, Site.host.like(f"{host}:%")))
    start, end = day_bound("since", f.since, False), day_bound("until", f.until, True)
    if start is not None or end is not None:
        conds.append(or_(*(_within(col, start, end) for col in (ArticleRow.date, ArticleRow.updated))))
    query = _query(f)
    if query is not None and not (has_fts and match_table(query, has_trigram) is not None):
        conds.append(substring_condition(query))
    if f.changed_since not in (None, ""):
        started = run_start(session, f.changed_since)
        conds.append(func.coalesce(ArticleRow.archived_at, ArticleRow.first_seen) >= started)
    if f.status:
        conds.append(ArticleRow.status == f.status)
    return conds


def _query(f: Filters) -> str | None:
    if f.query is None:
        return None
    if not f.query.strip():
        raise UsageError("empty search query: give some words to look for")
    return f.query.strip()


def _within(col: Any, start: datetime | None, end: datetime | None) -> Any:
    conds = [col.is_not(None)]
    if start is not None:
        conds.append(col >= start)
    if end is not None:
        conds.append(col < end)
    return and_(*conds)


def capabilities(session: Session) -> tuple[bool, bool]:
    """(word index present, trigram index present) for the archive behind ``session``."""
    if session.get_bind().dialect.name != "sqlite":
        return False, False
    names = set(session.execute(select(column("name")).select_from(table("sqlite_master"))
                                .where(column("name").in_([FTS_TABLE, TRIGRAM_TABLE]))).scalars())
    return FTS_TABLE in names, TRIGRAM_TABLE in names
