"""PostgreSQL full-text search: a weighted ``tsvector`` per article, a GIN index, ``ts_rank`` and
``ts_headline``; the same query language and the same matches as the SQLite FTS5 backend.

* **The document.** ``articles_search`` holds one ``tsvector`` per article (title weighted A,
  description B, body D), kept in step with ``articles`` by triggers and indexed with GIN. It is
  made with the text search configuration ``archive_fts``: PostgreSQL's ``simple`` configuration
  (no stemming, no stop words) with the ``unaccent`` dictionary in front, so ``cafe`` finds
  ``café``. ASCII punctuation is turned into spaces first, so that words split where FTS5's
  ``unicode61`` splits them (``e-mail`` is ``e`` ``mail``, ``alpha.news.test`` is three words:
  PostgreSQL's parser would otherwise keep e-mail addresses, host names, paths and numbers whole).
* **The query.** :mod:`.syntax` parses it; the tree becomes one ``tsquery``: words, ``prefix:*``,
  phrases (``<->``), ``&``, ``|``, ``& !``; a column filter labels its words with the column's
  weight (``title:robot`` is ``'robot':A``). A phrase or NEAR group matches inside one column, as
  in FTS5. ``NEAR(a b, N)`` is every order and distance up to N; with three or more terms each
  pair must be near (FTS5 measures the whole group's span). Each word is normalised by PostgreSQL
  itself (``to_tsquery`` with the same configuration), accents and case folded.
* **Ranking.** ``ts_rank`` with the weights 1.0 (title), 0.4 (description), 0.1 (body), normalised
  by document length; the score is the rank negated, so that a lower score is a better match, as
  FTS5's bm25 is.
* **Snippets.** ``ts_headline`` on the best column (the filtered one, else the body, else the
  description, else the title), matches in ``**bold**``, ``…`` where text was left out.
* **Text without spaces** (Chinese, Japanese, Thai…) is one long token to PostgreSQL's parser:
  such queries are answered by case-insensitive substring matching, as FTS5's trigram index does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.kernel.errors import StorageError

from .base import ELLIPSIS, HIGHLIGHT, Hit, IdConditions, SearchBackend, malformed
from .fts5 import uses_trigram
from .substring import SubstringSearch
from .syntax import And, Near, Node, Not, Or, Phrase, QuerySyntaxError, Term, parse

SEARCH_TABLE = "articles_search"
CONFIG = "archive_fts"
#: Bumped when the document or the triggers change: an index declared otherwise is rebuilt.
VERSION = "archive_fts 1"
#: Weight labels of the searched columns.
WEIGHTS = {"title": "A", "description": "B", "body_text": "D"}
#: ts_rank weights for the labels D, C, B, A (body 0.1, description 0.4, title 1.0).
RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'::float4[]"
#: ts_rank normalisation: divide by 1 + the logarithm of the document's length.
RANK_NORMALISATION = 1
#: ASCII punctuation, turned into spaces before PostgreSQL's parser sees the text.
PUNCTUATION = r"[!-/:-@\[-`{-~]+"
HEADLINE_OPTIONS = ("StartSel=**, StopSel=**, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, "
                    "FragmentDelimiter=\" … \"")
#: Token types of the ``simple`` configuration that go through unaccent (every kind of word).
TOKEN_TYPES = ("asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
               "hword_numpart, email, url, host, url_path, file, sfloat, float, int, uint, version")
#: Longest NEAR distance written out (PostgreSQL's phrase distance limit is 16384).
NEAR_MAX = 64


def _document(row: str) -> str:
    parts = [f"setweight(to_tsvector('{CONFIG}', regexp_replace(coalesce({row}.{name}, ''), "
             f"'{PUNCTUATION}', ' ', 'g')), '{weight}')" for name, weight in WEIGHTS.items()]
    return " || ".join(parts)


def ddl() -> list[str]:
    """The configuration, the table, its index and the triggers (after ``unaccent`` exists)."""
    return [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG} CASCADE",
        f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)",
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {TOKEN_TYPES} WITH unaccent, simple",
        f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
        f"CREATE TABLE {SEARCH_TABLE} (id integer PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)",
        f"CREATE INDEX ix_{SEARCH_TABLE}_document ON {SEARCH_TABLE} USING gin (document)",
        f"CREATE OR REPLACE FUNCTION {SEARCH_TABLE}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {SEARCH_TABLE} (id, document) VALUES (NEW.id, {_document('NEW')}) "
        "ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document; RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_ai ON articles",
        f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_au ON articles",
        f"CREATE TRIGGER {SEARCH_TABLE}_ai AFTER INSERT ON articles FOR EACH ROW "
        f"EXECUTE FUNCTION {SEARCH_TABLE}_sync()",
        f"CREATE TRIGGER {SEARCH_TABLE}_au AFTER UPDATE OF title, description, body_text ON articles "
        "FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM "
        "NEW.description OR OLD.body_text IS DISTINCT FROM NEW.body_text) "
        f"EXECUTE FUNCTION {SEARCH_TABLE}_sync()",
        f"COMMENT ON TABLE {SEARCH_TABLE} IS '{VERSION}'",
        f"INSERT INTO {SEARCH_TABLE} (id, document) SELECT a.id, {_document('a')} FROM articles a",
    ]


def _declared(conn: Connection | Session) -> str | None:
    """The version the search table was made with (None: it is missing)."""
    return conn.execute(text("SELECT coalesce(obj_description(to_regclass(:t), 'pg_class'), '') "
                             "WHERE to_regclass(:t) IS NOT NULL"), {"t": SEARCH_TABLE}).scalar()


def install(conn: Connection) -> bool:
    """Create the search table (and what it needs) where it is missing or was made by another
    version, and fill it; False when ``unaccent`` cannot be had (then searches match substrings)."""
    if _declared(conn) == VERSION:
        return True  # nothing to write: an archive opened for reading stays untouched
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DBAPIError:
        return False
    for statement in ddl():
        conn.exec_driver_sql(statement)
    return True


def present(bind: Session | Connection | Engine) -> bool:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return _declared(conn) == VERSION
    return _declared(bind) == VERSION


# -- the query -------------------------------------------------------------------------------------

def _quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _lexeme(word: str, prefix: bool, weight: str) -> str:
    """One query word: ``'word'``, with ``:*`` for a prefix and its column's weight label.
    Underscores separate words, as in the document (``foo_bar`` is the phrase ``foo bar``)."""
    parts = [p for p in word.split("_") if p] or [word]
    out = []
    for i, part in enumerate(parts):
        labels = ("*" if prefix and i == len(parts) - 1 else "") + weight
        out.append(_quote(part) + (":" + labels if labels else ""))
    return out[0] if len(out) == 1 else "(" + " <-> ".join(out) + ")"


def _phrase(words: tuple[str, ...], weight: str) -> str:
    return "(" + " <-> ".join(_lexeme(w, False, weight) for w in words) + ")"


def _per_column(build: Any, column_name: str | None) -> str:
    """``build(weight)`` for the filtered column, or for each column (a phrase stays in one)."""
    if column_name:
        return build(WEIGHTS[column_name])
    return "(" + " | ".join(build(w) for w in WEIGHTS.values()) + ")"


def _near(node: Near, weight: str) -> str:
    items = [_lexeme(t.text, t.prefix, weight) if isinstance(t, Term) else _phrase(t.words, weight)
             for t in node.terms]
    distance = min(node.distance, NEAR_MAX) + 1
    pairs = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            options = [f"{a} <{d}> {b}" for d in range(1, distance + 1)
                       for a, b in ((items[i], items[j]), (items[j], items[i]))]
            pairs.append("(" + " | ".join(options) + ")")
    return "(" + " & ".join(pairs) + ")" if pairs else items[0]


def tsquery(node: Node) -> str:
    """The ``tsquery`` text of a parsed query (operands normalised later by ``to_tsquery``)."""
    if isinstance(node, Term):
        return _lexeme(node.text, node.prefix, WEIGHTS[node.column] if node.column else "")
    if isinstance(node, Phrase):
        return _per_column(lambda w: _phrase(node.words, w), node.column)
    if isinstance(node, Near):
        return _per_column(lambda w: _near(node, w), None)
    if isinstance(node, And):
        return "(" + " & ".join(tsquery(p) for p in node.parts) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(tsquery(p) for p in node.parts) + ")"
    return f"({tsquery(node.keep)} & !{tsquery(node.drop)})"


def positive(node: Node) -> Node:
    """The query less its negated parts: what ranking weighs (ts_rank gives ``a & !b`` no weight)."""
    if isinstance(node, Not):
        return positive(node.keep)
    if isinstance(node, And):
        return And(tuple(positive(p) for p in node.parts))
    if isinstance(node, Or):
        return Or(tuple(positive(p) for p in node.parts))
    return node


def _columns_named(node: Node) -> set[str | None]:
    if isinstance(node, Term | Phrase):
        return {node.column}
    if isinstance(node, Near):
        return {None}
    if isinstance(node, And | Or):
        return set().union(*(_columns_named(p) for p in node.parts))
    return _columns_named(node.keep)


class PostgresSearch(SearchBackend):
    name = "postgres"
    ranked = True

    def __init__(self) -> None:
        self.fallback = SubstringSearch()

    def install(self, conn: Connection) -> bool:
        return install(conn)

    def _tree(self, query: str) -> Node:
        try:
            return parse(query)
        except QuerySyntaxError as exc:
            raise malformed(query, str(exc)) from None

    def _query(self, query: str, ranking: bool = False) -> Any:
        tree = self._tree(query)
        if ranking:
            return func.to_tsquery(literal_column(f"'{CONFIG}'"), bindparam("rankq", tsquery(positive(tree))))
        return func.to_tsquery(literal_column(f"'{CONFIG}'"), bindparam("tsq", tsquery(tree)))

    def id_condition(self, query: str, key: Any) -> Any | None:
        if uses_trigram(query):
            return None
        docs = table(SEARCH_TABLE, column("id"), column("document"))
        return key.in_(select(docs.c.id).where(docs.c.document.op("@@")(self._query(query))))

    def row_condition(self, query: str) -> Any | None:
        return self.fallback.row_condition(query) if uses_trigram(query) else None

    def _matches(self, query: str, narrow: IdConditions, rows: list[Any]) -> tuple[Select[Any], Any, Any]:
        from exporters.store.schema import Article, Site

        docs = table(SEARCH_TABLE, column("id"), column("document"))
        tsq = self._query(query)
        rank = func.ts_rank(literal_column(RANK_WEIGHTS), docs.c.document, self._query(query, ranking=True),
                            RANK_NORMALISATION)
        top: Select[Any] = select(docs.c.id, rank.label("rank")).where(docs.c.document.op("@@")(tsq))
        top = top.where(*narrow(docs.c.id))
        if rows:
            top = top.where(docs.c.id.in_(select(Article.id).outerjoin(Site, Site.id == Article.site_id)
                                          .where(*rows)))
        return top, rank, docs

    def search(self, session: Session, query: str, limit: int | None, narrow: IdConditions,
               rows: list[Any]) -> list[Hit]:
        if uses_trigram(query):
            return self.fallback.search(session, query, limit, narrow, rows)
        top, rank, docs = self._matches(query, narrow, rows)
        with self.errors(query):
            ordered = top.order_by(rank.desc(), docs.c.id)
            scored = session.execute(ordered.limit(limit) if limit is not None else ordered).all()
            snippets = self._snippets(session, query, [r.id for r in scored])
        return [Hit(r.id, round(-float(r.rank), 6), snippets.get(r.id)) for r in scored]

    def _snippets(self, session: Session, query: str, ids: list[int]) -> dict[int, str]:
        from exporters.store.schema import Article

        if not ids:
            return {}
        named = [c for c in _columns_named(self._tree(query)) if c is not None]
        order = named if len(named) == 1 and None not in _columns_named(self._tree(query)) else \
            ["body_text", "description", "title"]
        tsq = self._query(query)
        heads = [func.ts_headline(literal_column(f"'{CONFIG}'"), func.coalesce(getattr(Article, c), ""), tsq,
                                  HEADLINE_OPTIONS) for c in order]
        stmt = select(Article.id, *(getattr(Article, c) for c in order), *heads).where(Article.id.in_(ids))
        out = {}
        for row in session.execute(stmt):
            texts, found = row[1:1 + len(order)], row[1 + len(order):]
            choice = next((i for i, h in enumerate(found) if h and HIGHLIGHT[0] in h), 0)
            out[row[0]] = _with_ellipses(found[choice] or "", texts[choice] or "")
        return out

    def count(self, session: Session, query: str, narrow: IdConditions, rows: list[Any]) -> int:
        if uses_trigram(query):
            return self.fallback.count(session, query, narrow, rows)
        top = self._matches(query, narrow, rows)[0]
        with self.errors(query):
            return int(session.scalar(select(func.count()).select_from(top.subquery())) or 0)

    @contextmanager
    def errors(self, query: str | None) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__
            if query is not None and "tsquery" in reason:
                raise malformed(query, reason) from None
            raise StorageError(f"cannot read the archive: {reason}") from None
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read the archive: {str(exc).splitlines()[0]}") from None


def _with_ellipses(headline: str, source: str) -> str:
    """``…`` before and after a headline that does not start or end where its text does."""
    plain = " ".join(headline.replace(HIGHLIGHT[0], "").split())
    whole = " ".join(source.split())
    if not plain:
        return headline
    start = "" if whole.startswith(plain[:24]) else ELLIPSIS
    end = "" if whole.endswith(plain[-24:]) else ELLIPSIS
    return start + headline.strip() + end
