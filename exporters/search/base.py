"""The search backend interface, and what every backend shares (see :mod:`exporters.search`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from crawler.kernel.errors import UsageError

from .syntax import QuerySyntaxError, parse

#: Highlight markers around matched terms in snippets, and the ellipsis.
HIGHLIGHT = ("**", "**")
ELLIPSIS = "…"
QUERY_HINT = "FTS5 syntax: quote words with special characters, e.g. '\"c++ tips\"'"

#: Conditions on an article-id expression (``key``), as the filters build them.
IdConditions = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Hit:
    id: int
    score: float | None
    snippet: str | None


MAX_QUOTED_QUERY = 80  # characters of a malformed query repeated in its error message


def malformed(query: str, reason: str) -> UsageError:
    shown = query if len(query) <= MAX_QUOTED_QUERY else query[:MAX_QUOTED_QUERY] + "…"
    return UsageError(f"malformed search query {shown!r}: {reason}; {QUERY_HINT}")


class SearchBackend:
    """The interface (and the parts every backend shares)."""

    name = ""
    #: Whether results come ranked (best first) with a score.
    ranked = False

    def install(self, conn: Connection) -> bool:
        """Create (or bring up to date) the backend's indexes; False when the database lacks what
        they need."""
        return True

    def check(self, query: str) -> None:
        """Raise :class:`UsageError` when ``query`` is malformed."""
        try:
            parse(query)
        except QuerySyntaxError as exc:
            raise malformed(query, str(exc)) from None

    def id_condition(self, query: str, key: Any) -> Any | None:
        """A condition on ``key`` (an expression holding an article id) true for the matching
        articles, or None when matching needs the article rows (see :meth:`row_condition`)."""
        return None

    def row_condition(self, query: str) -> Any | None:
        """A condition on ``articles`` rows for a query :meth:`id_condition` cannot answer."""
        return None

    def search(self, session: Session, query: str, limit: int | None, narrow: IdConditions,
               rows: list[Any]) -> list[Hit]:
        """The best ``limit`` matches (all when None), each with a snippet. ``narrow(key)`` and
        ``rows`` are the filters' conditions on article ids and on article rows."""
        raise NotImplementedError

    def count(self, session: Session, query: str, narrow: IdConditions, rows: list[Any]) -> int:
        """How many articles :meth:`search` finds without a limit."""
        return len(self.search(session, query, None, narrow, rows))

    @contextmanager
    def errors(self, query: str | None) -> Iterator[None]:
        """Turn the database's complaints about a query into one-line :class:`UsageError`."""
        yield
