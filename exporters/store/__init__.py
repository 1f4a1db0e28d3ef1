"""The store: where an archive's index lives and how it is written and read.

:class:`ArchiveStore` is the interface the crawl writes through (the archive pipeline, the media
pipeline, the re-crawl recorder, the run reporter): runs, fetches, articles, page states, media.
:class:`~.index.Index` implements it on any SQLAlchemy database (SQLite by default):

* :mod:`.schema`: the tables (article columns from the field table, :mod:`crawler.kernel.fields`);
* :mod:`.migrations`: numbered migrations, applied when an archive is opened;
* :mod:`.index`: the store itself; :mod:`.writer`: batched article upserts;
* :mod:`.records`: articles read back whole; :mod:`.history`: revisions and page states;
  :mod:`.runlog`: run reports; :mod:`.captures`: the catalogue of WARC records;
  :mod:`.sqlite`: SQLite's settings, views and read-only access.

Search is the search backend's (:mod:`exporters.search`), chosen by the index when it opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crawler.kernel.model import Article

    from ..search import SearchBackend

#: One pending article: the article, its Markdown file (or None), when it was archived.
Pending = tuple["Article", "str | None", datetime]


class ArchiveStore(Protocol):
    url: str
    search: SearchBackend

    def session(self) -> Session: ...
    def write_transaction(self, what: str) -> Any: ...
    def close(self) -> None: ...

    # runs and fetch history
    def start_run(self, start_urls: list[str], options: dict[str, Any]) -> int: ...
    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None: ...
    def record_fetches(self, rows: list[dict[str, Any]]) -> None: ...

    # articles: one transaction per batch; "new" / "updated" / "unchanged" per entry
    def upsert_articles(self, batch: list[Pending], run_id: int | None = None,
                        markdown: dict[str, str] | None = None, *, origin: str = "crawl",
                        parser_version: str | None = None) -> list[str]: ...
    def touch(self, urls: Iterable[str], at: datetime | None = None) -> int: ...
    def archived_at(self, url: str) -> datetime | None: ...
    def stored_access(self, url: str) -> tuple[str | None, int] | None: ...
    def mark_gone(self, urls: Iterable[str], at: datetime | None = None) -> int: ...

    # re-crawls
    def recrawl_state(self) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], dict[str, str]]: ...
    def save_page_states(self, rows: list[dict[str, Any]]) -> None: ...

    # the WARC catalogue (records already on disk), and each URL's last stored response
    def record_warc(self, rows: list[dict[str, Any]]) -> None: ...
    def warc_state(self) -> dict[str, tuple[str, str, datetime]]: ...

    # downloaded images
    def record_media(self, rows: list[dict[str, Any]]) -> None: ...
    def stored_media(self, url: str) -> tuple[str, str] | None: ...


__all__ = ["ArchiveStore", "Pending"]
