"""Search without an index: the parsed query evaluated with case-insensitive substring matches.

Works on any database (and on SQLite without FTS5, or for unspaced terms too short for the trigram
index). Every operator keeps its meaning (``OR``, ``NOT``, grouping, column filters); a prefix is a
substring match anyway; ``NEAR`` needs all its words. Results are unranked, in id order.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, and_, false, func, not_, or_, select
from sqlalchemy.orm import Session

from .base import ELLIPSIS, HIGHLIGHT, Hit, IdConditions, SearchBackend, malformed
from .syntax import And, Near, Node, Not, Or, Phrase, QuerySyntaxError, Term, parse, words

#: Characters of body text shown around the first match.
SNIPPET_CHARS = 160
#: Columns searched when a query names none.
SEARCHED = ("title", "description", "body_text")


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def condition(node: Node, columns: dict[str, Any]) -> Any:
    """The SQL condition of a parsed query over ``columns`` (name -> column expression)."""
    if isinstance(node, Term | Phrase):
        needle = node.text if isinstance(node, Term) else " ".join(node.words)
        names = [node.column] if node.column else list(SEARCHED)
        return or_(*(columns[n].ilike(_like(needle), escape="\\") for n in names))
    if isinstance(node, Near):
        return and_(*(condition(t, columns) for t in node.terms))
    if isinstance(node, And):
        return and_(*(condition(p, columns) for p in node.parts))
    if isinstance(node, Or):
        return or_(*(condition(p, columns) for p in node.parts))
    if isinstance(node, Not):
        return and_(condition(node.keep, columns), not_(condition(node.drop, columns)))
    return false()


def snippet(body: str, found: list[str]) -> str:
    """Text around the first occurrence of any word, the words in ``**bold**``."""
    low = body.lower()
    hits = [i for i in (low.find(w.lower()) for w in found) if i >= 0]
    start = max(0, min(hits) - SNIPPET_CHARS // 3) if hits else 0
    piece = body[start:start + SNIPPET_CHARS]
    for w in sorted(set(found), key=len, reverse=True):
        piece = re.sub(re.escape(w), lambda m: f"{HIGHLIGHT[0]}{m.group(0)}{HIGHLIGHT[1]}", piece, flags=re.I)
    prefix = ELLIPSIS if start else ""
    return prefix + piece + (ELLIPSIS if start + SNIPPET_CHARS < len(body) else "")


class SubstringSearch(SearchBackend):
    name = "substring"

    def _tree(self, query: str) -> Node:
        try:
            return parse(query)
        except QuerySyntaxError as exc:
            raise malformed(query, str(exc)) from None

    @staticmethod
    def _columns() -> dict[str, Any]:
        from exporters.store.schema import Article

        return {name: getattr(Article, name) for name in SEARCHED}

    def row_condition(self, query: str) -> Any | None:
        return condition(self._tree(query), self._columns())

    def count(self, session: Session, query: str, narrow: IdConditions, rows: list[Any]) -> int:
        from exporters.store.schema import Article, Site

        stmt = (select(func.count(Article.id)).outerjoin(Site, Site.id == Article.site_id)
                .where(*self._conditions(query), *rows, *narrow(Article.id)))
        return int(session.scalar(stmt) or 0)

    def _conditions(self, query: str) -> list[Any]:
        found = self.row_condition(query)
        return [] if found is None else [found]

    def search(self, session: Session, query: str, limit: int | None, narrow: IdConditions,
               rows: list[Any]) -> list[Hit]:
        from exporters.store.schema import Article, Site

        tree = self._tree(query)
        stmt: Select[Any] = select(Article.id, Article.description, Article.body_text)  # type: ignore[assignment]
        stmt = (stmt.outerjoin(Site, Site.id == Article.site_id)
                .where(condition(tree, self._columns()), *rows, *narrow(Article.id)).order_by(Article.id))
        found = words(tree)
        return [Hit(r.id, None, snippet(r.body_text or r.description or "", found))
                for r in session.execute(stmt.limit(limit) if limit is not None else stmt)]
