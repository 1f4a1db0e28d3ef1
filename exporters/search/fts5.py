"""SQLite FTS5 search: a word index, a trigram index for unspaced scripts, bm25 and snippets.

The word index (``articles_fts``, ``unicode61 remove_diacritics 2``) is an external-content FTS5
table over ``articles`` kept in sync by triggers. Chinese, Japanese, Thai, Lao, Khmer and Myanmar
text has no spaces between words, so unicode61 sees a whole run of it as one token; the trigram
index (``articles_trigram``) covers exactly the articles that contain such text and finds any
substring of three characters or more in them. Queries are FTS5's own syntax, handed to SQLite as
they are; a query the indexes cannot answer (unspaced terms shorter than three characters) falls
back to substring matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Select, column, func, literal_column, select, table, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crawler.kernel.errors import StorageError

from .base import ELLIPSIS, HIGHLIGHT, Hit, IdConditions, SearchBackend, malformed
from .substring import SubstringSearch
from .syntax import QuerySyntaxError, check_size

FTS_TABLE = "articles_fts"
TRIGRAM_TABLE = "articles_trigram"
#: Columns of ``articles`` indexed for full-text search, in FTS column order.
FTS_COLUMNS = ("title", "description", "body_text")
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
#: bm25 weights for the FTS columns (title, description, body_text): a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 16
#: Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK (ext. A and base).
UNSPACED_SCRIPTS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
UNSPACED = re.compile(f"[{UNSPACED_SCRIPTS}]")
UNSPACED_GLOB = f"*[{UNSPACED_SCRIPTS}]*"
#: Trigram queries need terms of at least this many characters.
TRIGRAM_MIN = 3
BARE_TERM = re.compile(r'"[^"]*"|[^\s()"]+')
#: A prefix term of an FTS5 query (``surg*``).
PREFIX_TERM = re.compile(r"\w\*")
#: SQLite messages that mean the FTS query itself is wrong (not the database).
QUERY_ERRORS = re.compile(r"^(fts5: |unterminated string|no such column|unknown special query)")


def _sync_triggers(name: str, keep: str = "") -> list[str]:
    """Triggers keeping an external-content FTS table ``name`` in step with ``articles``
    (``keep``: a condition on the row for the rows the table holds)."""
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    add = (f"INSERT INTO {name}(rowid, {cols}) SELECT new.id, {new} WHERE {keep.format(row='new')};" if keep
           else f"INSERT INTO {name}(rowid, {cols}) VALUES (new.id, {new});")
    drop = (f"INSERT INTO {name}({name}, rowid, {cols}) SELECT 'delete', old.id, {old} "
            f"WHERE {keep.format(row='old')};" if keep
            else f"INSERT INTO {name}({name}, rowid, {cols}) VALUES ('delete', old.id, {old});")
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_ai AFTER INSERT ON articles BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ad AFTER DELETE ON articles BEGIN {drop} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_au AFTER UPDATE OF {cols} ON articles BEGIN {drop} {add} END",
    ]


def _unspaced(row: str) -> str:
    return "(" + " OR ".join(f"{row}.{c} GLOB '{UNSPACED_GLOB}'" for c in FTS_COLUMNS) + ")"


def word_index_ddl() -> list[str]:
    cols = ", ".join(FTS_COLUMNS)
    return [f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({cols}, content=\"articles\", "
            f"content_rowid='id', tokenize='{FTS_TOKENIZER}')", *_sync_triggers(FTS_TABLE)]


def trigram_ddl() -> list[str]:
    """Its ``content`` is single-quoted on purpose: Datasette picks the index whose declaration says
    ``content="articles"``, which must be the word index."""
    cols = ", ".join(FTS_COLUMNS)
    return [f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5({cols}, content='articles', "
            "content_rowid='id', tokenize='trigram')", *_sync_triggers(TRIGRAM_TABLE, _unspaced("{row}"))]


def _names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(text("SELECT name, coalesce(sql, '') FROM sqlite_master")).all())


def _install(conn: Connection, name: str, ddl: list[str], current: bool, refill: str) -> bool:
    parts = {name} | {f"{name}_{suffix}" for suffix in ("ai", "ad", "au")}
    found = _names(conn)
    if parts <= set(found) and current:
        return True  # nothing to write: an archive opened for reading stays untouched
    try:
        for trigger in sorted(parts - {name}):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        if name in found:
            conn.exec_driver_sql(f"DROP TABLE {name}")
        for statement in ddl:
            conn.exec_driver_sql(statement)
    except OperationalError as exc:
        reason = str(exc.orig).lower()
        if "fts5" in reason or "tokenizer" in reason:
            return False
        raise
    conn.exec_driver_sql(refill)
    return True


def install(conn: Connection) -> bool:
    """Create both indexes and their triggers where any part is missing or was declared the old
    way, and fill them; False when this SQLite has no FTS5."""
    declared = _names(conn).get(FTS_TABLE, "")
    if not _install(conn, FTS_TABLE, word_index_ddl(), 'content="articles"' in declared,
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"):
        return False
    cols = ", ".join(FTS_COLUMNS)
    _install(conn, TRIGRAM_TABLE, trigram_ddl(), True,
             f"INSERT INTO {TRIGRAM_TABLE}(rowid, {cols}) SELECT id, {cols} FROM articles a "
             f"WHERE {_unspaced('a')}")
    return True


def present(bind: Session | Connection | Engine) -> bool | None:
    """None without the word index; else whether the trigram index is there too."""
    query = text("SELECT name FROM sqlite_master WHERE name IN (:a, :b)")
    params = {"a": FTS_TABLE, "b": TRIGRAM_TABLE}
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            names = set(conn.execute(query, params).scalars())
    else:
        names = set(bind.execute(query, params).scalars())
    return (TRIGRAM_TABLE in names) if FTS_TABLE in names else None


def uses_trigram(query: str) -> bool:
    """Whether a query is about text written without spaces (Chinese, Japanese, Thai…)."""
    return UNSPACED.search(query) is not None


class Fts5Search(SearchBackend):
    name = "fts5"
    ranked = True

    def __init__(self, trigram: bool = True) -> None:
        self.trigram = trigram
        self.fallback = SubstringSearch()

    def install(self, conn: Connection) -> bool:
        return install(conn)

    def check(self, query: str) -> None:
        """FTS5 checks its own syntax when the query runs (see :meth:`errors`); only the query's
        size is checked here."""
        try:
            check_size(query)
        except QuerySyntaxError as exc:
            raise malformed(query, str(exc)) from None

    def table_for(self, query: str) -> str | None:
        """The index that can answer ``query``: the trigram one for unspaced text (when every term
        is long enough for it), else the word index; None when neither can."""
        if not uses_trigram(query):
            return FTS_TABLE
        if not self.trigram:
            return None
        terms = [t.strip('"').rstrip("*") for t in BARE_TERM.findall(query) if t not in ("AND", "OR", "NOT")]
        return TRIGRAM_TABLE if all(len(t) >= TRIGRAM_MIN for t in terms) else None

    def id_condition(self, query: str, key: Any) -> Any | None:
        name = self.table_for(query)
        if name is None:
            return None
        fts = table(name, column("rowid"))
        return key.in_(select(fts.c.rowid).where(literal_column(name).op("MATCH")(query)))

    def row_condition(self, query: str) -> Any | None:
        return self.fallback.row_condition(query) if self.table_for(query) is None else None

    def _matches(self, query: str, name: str, narrow: IdConditions, rows: list[Any]) -> tuple[Any, ...]:
        """(the matching rowids with their bm25 score, the rank, the table, its name as a column,
        the MATCH condition). Ranked on the full-text table alone: the wide article rows are read
        for the hits shown only; filters are tested on each match ("rowid + 0": never used to drive
        the full-text lookup row by row), those answered from ids alone without the article rows."""
        from exporters.store.schema import Article, Site

        fts = table(name, column("rowid"))
        ref: Any = literal_column(name)
        rank = func.bm25(ref, *BM25_WEIGHTS)
        match = ref.op("MATCH")(query)
        top: Select[Any] = select(fts.c.rowid, rank.label("score")).select_from(fts).where(match)
        key = fts.c.rowid + 0
        top = top.where(*narrow(key))
        if rows:
            top = top.where(key.in_(select(Article.id).outerjoin(Site, Site.id == Article.site_id)
                                    .where(*rows)))
        return top, rank, fts, ref, match

    def search(self, session: Session, query: str, limit: int | None, narrow: IdConditions,
               rows: list[Any]) -> list[Hit]:
        name = self.table_for(query)
        if name is None:
            return self.fallback.search(session, query, limit, narrow, rows)
        top, rank, fts, ref, match = self._matches(query, name, narrow, rows)
        with self.errors(query):
            ordered = top.order_by(rank, fts.c.rowid)
            scored = session.execute(ordered.limit(limit) if limit is not None else ordered).all()
            if not scored:
                return []
            ids = [r.rowid for r in scored]
            # snippets only for the hits shown: computing them for every match is the slow part.
            # Each rowid lookup expands prefix terms (word*) again, so for those one pass over
            # the matches, testing "rowid + 0", costs less.
            hit = (fts.c.rowid + 0 if PREFIX_TERM.search(query) else fts.c.rowid).in_(ids)
            snippets: dict[int, str] = dict(session.execute(
                select(fts.c.rowid, func.snippet(ref, -1, *HIGHLIGHT, ELLIPSIS, SNIPPET_TOKENS))
                .select_from(fts).where(match, hit)).all())
        return [Hit(r.rowid, round(r.score, 4), snippets.get(r.rowid)) for r in scored]

    def count(self, session: Session, query: str, narrow: IdConditions, rows: list[Any]) -> int:
        name = self.table_for(query)
        if name is None:
            return self.fallback.count(session, query, narrow, rows)
        top = self._matches(query, name, narrow, rows)[0]
        with self.errors(query):
            return int(session.scalar(select(func.count()).select_from(top.subquery())) or 0)

    @contextmanager
    def errors(self, query: str | None) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            reason = str(exc.orig)
            if query is None or not QUERY_ERRORS.match(reason):
                raise StorageError(f"cannot read the archive: {reason.splitlines()[0]}") from None
            reason = reason.removeprefix("fts5: ").replace('near ""', "at the end").rstrip(": ")
            raise malformed(query, reason) from None
