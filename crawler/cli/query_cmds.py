"""``archiver search``, ``list``, ``show`` and ``stats``: reading the archive."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import StorageError
from . import cli
from .options import data_options, emit, output_options, resolve_db

LIST_COLUMNS = ("id", "date", "site", "title", "url")


def open_index(data_dir: Path, db_url: str | None):  # noqa: ANN201 - exporters.index.Index
    """Open an existing archive; a missing one is an error, not a silently created empty file."""
    from exporters.index import Index

    url = resolve_db(data_dir, db_url)
    if db_url is None and not (data_dir / "archive.db").exists():
        raise StorageError(f"no archive in {str(data_dir)!r} (no archive.db): run 'archiver crawl' first "
                           "or point --data at an archive")
    return Index(url)


def limit_option(f):  # noqa: ANN001,ANN201 - decorator
    return click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
                        help="At most this many rows.")(f)


@cli.command()
@click.argument("query")
@data_options
@output_options
@limit_option
def search(query: str, data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int) -> None:
    """Full-text search over titles, descriptions and bodies (SQLite FTS5 syntax).

    \b
    Example:
        archiver search "virtual reality"
        archiver search 'surg*' --json
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        rows = q.search(index, query, limit=limit)
    emit(rows, as_json, as_csv, columns=("id", "title", "url", "snippet"))


@cli.command(name="list")
@data_options
@output_options
@limit_option
@click.option("--site", default=None, help="Only articles of this host.")
@click.option("--tag", default=None, help="Only articles with this tag.")
@click.option("--category", default=None, help="Only articles in this category.")
@click.option("--since", default=None, metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE", help="Published on or before DATE (YYYY-MM-DD).")
def list_(data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int, site: str | None,
          tag: str | None, category: str | None, since: str | None, until: str | None) -> None:
    """List archived articles, newest first, optionally filtered.

    \b
    Example:
        archiver list --site blog.example.com --since 2024-01-01
        archiver list --tag python --csv > python.csv
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        rows = q.list_articles(index, site=site, tag=tag, category=category, since=since, until=until,
                               limit=limit)
    emit(rows, as_json, as_csv, columns=LIST_COLUMNS)


@cli.command()
@click.argument("article")
@data_options
@output_options
def show(article: str, data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool) -> None:
    """Show one archived article by URL or id: metadata, related links and body.

    \b
    Example:
        archiver show 42
        archiver show https://blog.example.com/post/ --json
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        row = q.get_article(index, article)
    if as_json or as_csv:
        emit(row, as_json, as_csv)
        return
    body = row.pop("body_markdown", None)
    row.pop("body_text", None)
    row.pop("sections", None)
    emit(row, False, False, title=row.get("title"))
    if body:
        click.echo()
        click.echo(body)


@cli.command()
@data_options
@output_options
def stats(data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool) -> None:
    """Counts of the archive: articles, sites, authors, tags, links, runs; articles per site.

    \b
    Example:
        archiver stats
        archiver stats --json
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        emit(q.stats(index), as_json, as_csv)
