"""Full-text search backends: one interface, one implementation per kind of index.

A :class:`SearchBackend` owns everything about searching an archive: the indexes it needs (created
by :meth:`~SearchBackend.install` with the schema), the query language (:mod:`.syntax`), matching
(conditions on article ids or rows that the filters of ``list`` and ``export`` combine), ranking
and snippets. :func:`backend_for` picks the one an archive supports:

* :class:`~.fts5.Fts5Search`: SQLite FTS5 (words, accents folded, bm25, snippets) with a trigram
  index for scripts written without spaces;
* :class:`~.postgres.PostgresSearch`: PostgreSQL ``tsvector`` + GIN (the same language and matches,
  accents folded with ``unaccent``, ``ts_rank``, ``ts_headline``);
* :class:`~.substring.SubstringSearch`: no index at all (any database): the parsed query evaluated
  with case-insensitive substring matches, unranked.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from . import postgres
from .base import ELLIPSIS, HIGHLIGHT, Hit, SearchBackend, malformed
from .fts5 import Fts5Search, install, present
from .postgres import PostgresSearch
from .substring import SubstringSearch


def backend_for(bind: Session | Connection | Engine) -> SearchBackend:
    """The best backend the archive behind ``bind`` supports."""
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    if engine.dialect.name == "sqlite":
        found = present(bind)
        if found is not None:
            return Fts5Search(trigram=found)
    elif engine.dialect.name == "postgresql" and postgres.present(bind):
        return PostgresSearch()
    return SubstringSearch()


def install_search(conn: Connection) -> None:
    """Create the indexes of the best backend the database behind ``conn`` supports (nothing is
    written where they are already there)."""
    if conn.dialect.name == "sqlite":
        install(conn)
    elif conn.dialect.name == "postgresql":
        postgres.install(conn)


__all__ = ["ELLIPSIS", "HIGHLIGHT", "Fts5Search", "Hit", "PostgresSearch", "SearchBackend", "SubstringSearch",
           "backend_for",
           "install_search", "malformed"]
