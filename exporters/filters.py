"""The article filters shared by ``list``, ``export`` and the Python API.

    Filters(site="blog.example.com", tag="python", since="2024-01-01", query="asyncio")

Every filter narrows the selection (they combine with AND). Bad values raise :class:`UsageError`;
an unknown run raises :class:`NotFound`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from crawler.kernel.errors import NotFound, UsageError
from crawler.kernel.urls import DEFAULT_PORTS

from .search import SearchBackend, backend_for
from .store.schema import TERMS, ArticleAuthor, Author, Run, Site
from .store.schema import Article as ArticleRow

#: ``--ids`` syntax: comma-separated ids and inclusive ranges.
IDS_ITEM = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
#: The largest id a row can have (SQLite's and PostgreSQL's 64-bit integers); a larger number
#: names no row.
MAX_ROW_ID = 2**63 - 1
LATEST_RUN = ("last", "latest")
#: Names with a character outside printable ASCII, whose case the database may not fold the way
#: Python does (compared in Python, see matching_names): SQLite GLOB, PostgreSQL regular expression.
NON_ASCII_GLOB = "*[^ -~]*"
NON_ASCII_REGEX = "[^ -~]"


@dataclass(frozen=True)
class Filters:
    """Which articles: by host, tag, category, author (case-insensitive names), publication or
    update date (``since`` / ``until``, inclusive), a full-text query, ids (``"1,5-9"``), change
    since a crawl run (its id or ``"last"``), status (``ok`` / ``gone``) and access (``free``,
    ``restricted``, ``wall``, or ``unchecked``: archived before access was checked); ``collapse``:
    one article per story published more than once (its canonical member)."""

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
    #: one article per cluster of republished copies: copies (articles with ``duplicate_of``) are
    #: left out, their canonical member and articles without copies stay
    collapse: bool | None = None
    access: str | None = None

    def describe(self) -> dict[str, Any]:
        """The filters that are set, JSON-ready (for export manifests)."""
        out = {}
        for key, value in asdict(self).items():
            if value not in (None, "", ()) and value is not False:
                out[key] = value.isoformat() if isinstance(value, date) else (
                    list(value) if isinstance(value, tuple) else value)
        return out


def canonical_site(value: str) -> str:
    """A user-given site as the archive names hosts: ``HTTPS://Blog.Example.com:443/x`` and
    ``blog.example.com/`` both mean ``blog.example.com``; a port that is not the scheme's default
    stays (``alpha.news.test:8080``). Without a port, a site matches its host on any port."""
    text = value.strip()
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[::1": an unclosed IPv6 address
        raise UsageError(f"site: malformed host in {value.strip()!r}") from None
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"site: malformed port in {value.strip()!r}") from None
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UsageError(f"site: expected a host name like blog.example.com, got {value.strip()!r}")
    default = DEFAULT_PORTS.get(parts.scheme.lower())
    return f"{host}:{port}" if port and port != default else host


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
        if high > MAX_ROW_ID:
            raise UsageError(f"ids: {high} is larger than any id can be")
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


def run_start(session: Session, run: str | int) -> datetime:
    """When crawl run ``run`` (an id, or ``last``) started."""
    key = str(run).strip().lower()
    if key in LATEST_RUN:
        found = session.execute(select(Run.id, Run.started_at).order_by(Run.id.desc()).limit(1)).first()
    elif key.isdigit():
        found = None if int(key) > MAX_ROW_ID else session.execute(
            select(Run.id, Run.started_at).where(Run.id == int(key))).first()
    else:
        raise UsageError(f"changed-since: expected a run id or 'last', got {str(run)!r}")
    if found is None:
        raise NotFound(f"no crawl run {str(run)!r} in this archive: see 'archiver stats' for the last run")
    return found.started_at


def matching_names(session: Session, name_column: Any, value: str) -> list[int]:
    """Ids of the rows whose name equals ``value`` ignoring case, in any script (the database
    picks the candidates, Python's ``casefold`` decides)."""
    wanted = value.strip().casefold()
    id_column = name_column.table.c.id
    same = func.lower(name_column) == value.strip().lower()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":  # its lower() folds ASCII only
        same = or_(same, name_column.op("GLOB")(NON_ASCII_GLOB))
    elif dialect == "postgresql":  # lower() follows the database's locale (ASCII only in C)
        same = or_(same, name_column.op("~")(NON_ASCII_REGEX))
    rows = session.execute(select(id_column, name_column).where(same))
    return [id_ for id_, name in rows if name.strip().casefold() == wanted]


def _term_condition(session: Session, kind: str, value: str, key: Any) -> Any:
    vocabulary, association = TERMS[kind]
    term_id = next(c for c in association.c if c.name not in ("article_id", "position"))
    ids = matching_names(session, vocabulary.c.name, value)
    return key.in_(select(association.c.article_id).where(term_id.in_(ids)))


def apply_filters(stmt: Select[Any], filters: Filters | None, session: Session, *,
                  backend: SearchBackend | None = None, scan: bool = False) -> Select[Any]:
    """``stmt`` (a select over ``articles``, joined to ``sites``) narrowed by ``filters``.

    ``scan``: the tag, category, author, full-text and id filters test ``articles.id + 0``, which
    no index can serve, so the database walks an index in the statement's order and stops at its
    LIMIT instead of looking every match up (the better plan when the filters keep many rows)."""
    backend = backend or backend_for(session)
    key = ArticleRow.id + 0 if scan else ArticleRow.id
    return stmt.where(*row_conditions(filters, session, backend),
                      *id_conditions(filters, session, key, backend))


def id_conditions(filters: Filters | None, session: Session, key: Any, backend: SearchBackend) -> list[Any]:
    """The filters answered from ids alone (tag, category, author, full-text query the backend
    indexes, ids), as conditions on ``key``: ``articles.id``, or any expression holding an article
    id (a full-text table's rowid, say), so they need no article row."""
    f = filters or Filters()
    conds = []
    for kind, value in (("tags", f.tag), ("categories", f.category)):
        if value and value.strip():
            conds.append(_term_condition(session, kind, value, key))
    if f.author and f.author.strip():
        ids = matching_names(session, Author.__table__.c.name, f.author)
        conds.append(key.in_(select(ArticleAuthor.article_id).where(ArticleAuthor.author_id.in_(ids))))
    query = _query(f)
    if query is not None:
        found = backend.id_condition(query, key)
        if found is not None:
            conds.append(found)
    if f.ids not in (None, "", ()):
        conds.append(ids_condition(f.ids, key))
    return conds


def row_conditions(filters: Filters | None, session: Session, backend: SearchBackend) -> list[Any]:
    """The filters that read the article's row or its site (host, dates, change since a run,
    status, and a text query the backend answers from the rows)."""
    f = filters or Filters()
    conds = []
    if f.site:
        host = canonical_site(f.site)
        conds.append(or_(Site.host == host, Site.host.like(f"{host}:%")))
    start, end = day_bound("since", f.since, False), day_bound("until", f.until, True)
    if start is not None or end is not None:
        conds.append(or_(*(_within(col, start, end) for col in (ArticleRow.date, ArticleRow.updated))))
    query = _query(f)
    if query is not None:
        backend.check(query)
        found = backend.row_condition(query)
        if found is not None:
            conds.append(found)
    if f.changed_since not in (None, ""):
        started = run_start(session, f.changed_since)
        conds.append(func.coalesce(ArticleRow.archived_at, ArticleRow.first_seen) >= started)
    if f.status:
        conds.append(ArticleRow.status == f.status)
    if f.collapse:
        conds.append(ArticleRow.duplicate_of.is_(None))
    if f.access:
        conds.append(access_condition(f.access))
    return conds


#: The values of the access filter (``unchecked``: archived before access was checked).
ACCESS_VALUES = ("free", "restricted", "wall", "unchecked")


def access_condition(value: str) -> Any:
    wanted = value.strip().lower()
    if wanted not in ACCESS_VALUES:
        raise UsageError(f"access: expected one of {', '.join(ACCESS_VALUES)}, got {value!r}")
    column = ArticleRow.__table__.c.access
    return column.is_(None) if wanted == "unchecked" else column == wanted


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
