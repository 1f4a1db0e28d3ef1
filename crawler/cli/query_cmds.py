"""``archiver search``, ``list``, ``show``, ``stats``, ``links``, ``top-linked`` and ``sql``:
reading the archive. Each prints a table, or ``--json`` / ``--csv``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..kernel.layout import ArchiveLayout
from .app import cli
from .options import data_options, emit, output_options

LIST_COLUMNS = ("id", "date", "site", "title", "url")
SEARCH_COLUMNS = ("id", "title", "url", "snippet")
LINK_COLUMNS = ("direction", "position", "id", "title", "url")


def open_index(data_dir: Path, db_url: str | None):  # noqa: ANN201 - exporters.store.index.Index
    """Open an existing archive; a missing one is an error, not a silently created empty file."""
    from exporters.store.index import Index

    return Index(ArchiveLayout(data_dir, db_url).require_index())


def limit_option(f: Any, default: int | None = 20) -> Any:
    return click.option("--limit", type=click.IntRange(min=1), default=default,
                        show_default=default is not None, help="At most this many rows.")(f)


def filter_options(f: Any, with_query: bool = True) -> Any:
    """The article filters shared by ``list``, ``search`` and ``export``."""
    options = [
        click.option("--site", default=None, metavar="HOST", help="Only articles of this host."),
        click.option("--tag", default=None, help="Only articles with this tag (any case)."),
        click.option("--category", default=None, help="Only articles in this category (any case)."),
        click.option("--author", default=None, help="Only articles by this author (any case)."),
        click.option("--since", default=None, metavar="DATE",
                     help="Published or updated on or after DATE (YYYY-MM-DD or ISO 8601)."),
        click.option("--until", default=None, metavar="DATE", help="Published or updated on or before DATE."),
        click.option("--ids", default=None, metavar="LIST", help="Only these ids, e.g. 3,7-9."),
        click.option("--changed-since", default=None, metavar="RUN",
                     help="Only articles new or changed in crawl run RUN (an id, or 'last') or later."),
        click.option("--gone/--present", "gone", default=None,
                     help="Only articles that vanished from their site / only those still there."),
    ]
    if with_query:
        options.append(click.option("--query", default=None, metavar="FTS",
                                    help="Only articles matching this full-text query."))
    for option in reversed(options):
        f = option(f)
    return f


def make_filters(opts: dict[str, Any], query: str | None = None) -> Any:
    from exporters.filters import Filters

    gone = opts.pop("gone", None)
    return Filters(site=opts.pop("site", None), tag=opts.pop("tag", None),
                   category=opts.pop("category", None), author=opts.pop("author", None),
                   since=opts.pop("since", None), until=opts.pop("until", None),
                   query=opts.pop("query", query), ids=opts.pop("ids", None),
                   changed_since=opts.pop("changed_since", None),
                   status=None if gone is None else ("gone" if gone else "ok"))


def filter_options_without_query(f: Any) -> Any:
    """The shared filters for ``search``, whose QUERY argument is the full-text query."""
    return filter_options(f, with_query=False)


@cli.command()
@click.argument("query")
@data_options
@output_options
@limit_option
@filter_options_without_query
def search(query: str, data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int,
           **filters: Any) -> None:
    """Full-text search over titles, descriptions and bodies, best matches first.

    \b
    Syntax (SQLite FTS5): words must all match; "a phrase"; prefix*; AND / OR / NOT;
    title:word. Accents are ignored (cafe finds café); Chinese, Japanese or Thai text is
    matched as a substring.

    \b
    Example:
        archiver search "virtual reality"
        archiver search 'surg* NOT robot' --site blog.example.com --json
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        rows = q.search(index, query, limit=limit, filters=make_filters(filters, query=None))
    emit(rows, as_json, as_csv, columns=SEARCH_COLUMNS)


@cli.command(name="list")
@data_options
@output_options
@limit_option
@filter_options
def list_(data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int,
          **filters: Any) -> None:
    """List archived articles, newest first, optionally filtered.

    \b
    Example:
        archiver list --site blog.example.com --since 2024-01-01
        archiver list --tag python --csv > python.csv
        archiver list --changed-since last --json
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        rows = q.list_articles(index, filters=make_filters(filters), limit=limit)
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
    for key in ("body_text", "sections", "related", "linked_from"):
        row.pop(key, None)
    emit(row, False, False, title=row.get("title"))
    if body:
        click.echo()
        click.echo(body)


@cli.command()
@data_options
@output_options
@limit_option
@click.option("--by", type=click.Choice(["site", "month", "tag", "category", "author", "language"]),
              default=None, help="Articles per site, month, tag, category, author or language.")
def stats(data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int,
          by: str | None) -> None:
    """Counts of the archive (articles, sites, authors, tags, links, runs), or a breakdown.

    \b
    Example:
        archiver stats
        archiver stats --by month --limit 12
        archiver stats --by tag --csv > tags.csv
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        if by is not None:
            emit(q.breakdown(index, by, limit=limit), as_json, as_csv, columns=(by, "articles"))
            return
        overview = q.stats(index)
    if as_json:
        emit(overview, True, False)
        return
    per_site = overview.pop("per_site")
    last = overview.pop("last_run")
    if last:
        overview["last_run"] = f"#{last['id']} {last['status']}, started {last['started_at']}"
    emit(overview, False, as_csv, title=None if as_csv else "Archive")
    if not as_csv:
        sites = [{"site": k, "articles": v} for k, v in list(per_site.items())[:limit]]
        emit(sites, False, False, columns=("site", "articles"), title="Articles per site")


@cli.command()
@click.argument("article")
@data_options
@output_options
@limit_option
def links(article: str, data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int) -> None:
    """Related links of an article (by URL or id) and its backlinks: the articles whose related
    lists recommend it.

    \b
    Example:
        archiver links https://blog.example.com/post/
        archiver links 42 --json
    """
    from exporters import graph

    with open_index(data_dir, db_url) as index:
        found = graph.links(index, article)
    related, backlinks = found["related"][:limit], found["backlinks"][:limit]
    if as_json:
        emit({**found, "related": related, "backlinks": backlinks}, True, False)
        return
    rows = [{"direction": "related", **r} for r in related] + \
           [{"direction": "backlink", **b} for b in backlinks]
    if as_csv:
        emit(rows, False, True, columns=LINK_COLUMNS)
        return
    click.echo(f"{found['title'] or found['url']} (id {found['id']}): {len(found['related'])} related, "
               f"{len(found['backlinks'])} backlinks")
    emit([{"#": r["position"] + 1, **r} for r in related], False, False, columns=("#", "id", "title", "url"),
         title="Recommends")
    emit(backlinks, False, False, columns=("id", "site", "title", "anchor"), title="Recommended by")


@cli.command(name="top-linked")
@data_options
@output_options
@limit_option
@click.option("--site", default=None, metavar="HOST", help="Only targets on this host.")
@click.option("--archived-only", is_flag=True, help="Only targets that are in the archive.")
def top_linked(data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int, site: str | None,
               archived_only: bool) -> None:
    """The most recommended articles of the network: most backlinks from related lists first.

    \b
    Example:
        archiver top-linked --limit 10
        archiver top-linked --site blog.example.com --archived-only --csv
    """
    from exporters import graph

    with open_index(data_dir, db_url) as index:
        rows = graph.top_linked(index, limit=limit, site=site, archived_only=archived_only)
    emit(rows, as_json, as_csv, columns=("backlinks", "id", "site", "title", "url"))


@cli.command()
@click.argument("statement", metavar="SQL")
@data_options
@output_options
@limit_option
def sql(statement: str, data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool, limit: int) -> None:
    """Run one read-only SELECT on the archive database (writes are refused).

    Tables: articles, sites, authors, tags, categories, keywords and their article_* links,
    sections, links, runs, fetches, media, revisions, page_states; views: articles_with_tags,
    related_links, link_counts, articles_per_month; full-text: articles_fts.

    To browse the same database in a web UI, with a search box and documented columns:
    datasette serve DATA/archive.db --metadata exporters/datasette/metadata.json

    \b
    Example:
        archiver sql "SELECT site, count(*) FROM articles_with_tags GROUP BY site"
        archiver sql "SELECT title FROM articles_fts WHERE articles_fts MATCH 'robot*'" --json
    """
    from exporters import query as q

    path = q.database_file(ArchiveLayout(data_dir, db_url).require_index())
    columns, rows, truncated = q.run_sql(path, statement, limit=limit)
    emit(rows, as_json, as_csv, columns=columns)
    if truncated:
        click.echo(f"(first {limit} rows shown: --limit N for more)", err=True)
    sys.stdout.flush()
