"""The functions behind ``archiver search / list / show / stats / links / top-linked / sql / export``,
in one place for notebooks and scripts. Every query returns plain dicts and lists (JSON-ready;
``pandas.DataFrame(rows)`` takes them as they are).

    from exporters.api import Filters, export_archive, open_archive, search, list_articles

    archive = open_archive("data")
    hits = search(archive, '"virtual reality" OR vr*', limit=10)
    python = list_articles(archive, tag="python", since="2024-01-01", limit=None)
    export_archive(archive, "jsonl", "python.jsonl", Filters(tag="python"))
    archive.close()

Errors are :mod:`crawler.kernel.errors` exceptions with one-line messages (``UsageError`` for a malformed
query or filter, ``NotFound`` for an unknown article, ``StorageError`` for an unreadable archive).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.kernel.layout import DATABASE_NAME, ArchiveLayout

from .dupes.queries import cluster_counts, copies_of, list_clusters
from .export import ExportResult, export_archive
from .filters import Filters
from .graph import links, top_linked
from .query import (
    BREAKDOWNS,
    SQL_ROW_LIMIT,
    breakdown,
    database_file,
    get_article,
    list_articles,
    run_sql,
    search,
    stats,
)
from .store.index import Index

#: The Datasette metadata describing every table, view and column of an archive database.
DATASETTE_METADATA = Path(__file__).resolve().parent / "datasette" / "metadata.json"


def open_archive(data_dir: Path | str = "data", db_url: str | None = None) -> Index:
    """The archive in ``data_dir`` (its ``archive.db``), or the index at ``db_url``. A missing
    archive raises :class:`StorageError` instead of creating an empty one. Close it when done
    (or use it as a context manager)."""
    return Index(ArchiveLayout(data_dir, db_url).require_index())


def sql(archive: Index | str | Path, statement: str, limit: int | None = SQL_ROW_LIMIT,
        params: dict[str, Any] | None = None, timeout: float | None = None) -> list[dict[str, Any]]:
    """Rows of one read-only SELECT on the archive (an open archive, or the path of its SQLite
    file); writes are refused. At most ``limit`` rows (None: all); stopped with a
    :class:`~crawler.kernel.errors.UsageError` after ``timeout`` seconds (None: no limit)."""
    path = database_file(archive) if isinstance(archive, Index) else Path(archive)
    if isinstance(path, Path) and path.is_dir():
        path = path / DATABASE_NAME
    return run_sql(path, statement, limit=limit, params=params, timeout=timeout)[1]


__all__ = ["BREAKDOWNS", "DATASETTE_METADATA", "ExportResult", "Filters", "Index", "breakdown",
           "cluster_counts", "copies_of", "export_archive", "get_article", "links", "list_articles",
           "list_clusters", "open_archive", "run_sql", "search", "sql", "stats", "top_linked"]
