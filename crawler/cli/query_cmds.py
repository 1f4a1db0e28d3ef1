"""``archiver search``, ``list``, ``show``, ``stats``, ``links``, ``top-linked`` and ``sql``:
reading the archive. Each prints a table, or ``--json`` / ``--csv`` / ``--nl``; those that list
rows take ``--limit N`` / ``--all`` and say on stderr when a result was cut."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..kernel.layout import ArchiveLayout
from .app import cli
from .options import (
    TABLE,
    cut,
    data_options,
    emit,
    limit_option,
    note_cut,
    output_options,
)

LIST_COLUMNS = ("id", "date", "site", "title", "url")
SEARCH_COLUMNS = ("id", "title", "url", "snippet")
#: Every key of a search hit and of a listed article (the CSV header of an empty result).
SEARCH_KEYS = ("id", "title", "url", "date", "site", "snippet", "score")
LINK_COLUMNS = ("direction", "position", "id", "title", "url")
#: Every key of a link row (related links and backlinks alike) in CSV and NDJSON.
LINK_KEYS = ("direction", "position", "id", "title", "url", "site", "anchor", "archived")
#: Seconds an ad-hoc query of ``archiver sql`` may run unless ``--timeout`` says otherwise.
SQL_TIMEOUT = 60.0


def open_index(data_dir: Path, db_url: str | None):  # noqa: ANN201 - exporters.store.index.Index
    """Open an existing archive; a missing one is an error, not a silently created empty file."""
    from exporters.store.index import Index

    return Index(ArchiveLayout(data_dir, db_url).require_index())


def filter_options(f: Any, with_query: bool = True) -> Any:
    """The article filters shared by ``list``, ``search`` and ``export``."""
    options = [
        click.option("--site", default=None, metavar="HOST",
                     help="Only articles of this host (host, host:port or URL; no port: any port)."),
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
        click.option("--access", default=None, metavar="ACCESS",
                     help="Only articles whose page showed them so: free, restricted (a paywalled teaser), "
                          "wall (a consent, login or pay wall), unchecked (archived before it was checked)."),
    ]
    if with_query:
        options.append(click.option("--query", default=None, metavar="FTS",
                                    help="Only articles matching this full-text query."))
    for option in reversed(options):
        f = option(f)
    return f


def collapse_option(f: Any) -> Any:
    """``--collapse`` of ``list``, ``search`` and ``export``: one article per cluster of copies."""
    return click.option("--collapse", is_flag=True,
                        help="One row per story published more than once: its canonical member "
                             "(earliest published); republished copies are left out "
                             "(see 'archiver dupes').")(f)


def make_filters(opts: dict[str, Any], query: str | None = None) -> Any:
    from exporters.filters import Filters

    gone = opts.pop("gone", None)
    collapse = opts.pop("collapse", False) or None
    return Filters(site=opts.pop("site", None), tag=opts.pop("tag", None),
                   category=opts.pop("category", None), author=opts.pop("author", None),
                   since=opts.pop("since", None), until=opts.pop("until", None),
                   query=opts.pop("query", query), ids=opts.pop("ids", None),
                   changed_since=opts.pop("changed_since", None),
                   status=None if gone is None else ("gone" if gone else "ok"), collapse=collapse,
                   access=opts.pop("access", None))


def filter_options_without_query(f: Any) -> Any:
    """The shared filters for ``search``, whose QUERY argument is the full-text query."""
    return filter_options(f, with_query=False)


@cli.command()
@click.argument("query")
@data_options
@output_options
@limit_option(noun="articles")
@filter_options_without_query
@collapse_option
def search(query: str, data_dir: Path, db_url: str | None, fmt: str, limit: int | None,
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
        archiver search robot* --all --csv > robots.csv
        archiver search "drill ideas" --collapse
    """
    from exporters import query as q

    selection = make_filters(filters, query=None)
    with open_index(data_dir, db_url) as index:
        rows = q.search(index, query, limit=None if limit is None else limit + 1, filters=selection)
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            note_cut(limit, q.count_matches(index, query, filters=selection), "articles")
    emit(rows, fmt, columns=SEARCH_COLUMNS, keys=SEARCH_KEYS)


@cli.command(name="list")
@data_options
@output_options
@limit_option(noun="articles")
@filter_options
@collapse_option
def list_(data_dir: Path, db_url: str | None, fmt: str, limit: int | None, **filters: Any) -> None:
    """List archived articles, newest first, optionally filtered.

    \b
    Example:
        archiver list --site blog.example.com --since 2024-01-01
        archiver list --tag python --csv > python.csv
        archiver list --changed-since last --json
        archiver list --all --nl > articles.ndjson
        archiver list --collapse --site blog.example.com
    """
    from exporters import query as q

    selection = make_filters(filters)
    with open_index(data_dir, db_url) as index:
        rows = q.list_articles(index, filters=selection, limit=None if limit is None else limit + 1)
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            note_cut(limit, q.count_articles(index, filters=selection), "articles")
    emit(rows, fmt, columns=LIST_COLUMNS, keys=q.LIST_FIELDS)


@cli.command()
@click.argument("article")
@data_options
@output_options
def show(article: str, data_dir: Path, db_url: str | None, fmt: str) -> None:
    """Show one archived article by URL or id: metadata, related links, its republished copies
    (the other members of its cluster) and body.

    \b
    Example:
        archiver show 42
        archiver show https://blog.example.com/post/ --json
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        row = q.get_article(index, article)
    if fmt != TABLE:
        emit(row, fmt)
        return
    body = row.pop("body_markdown", None)
    copies = row.pop("copies", None) or []
    for key in ("body_text", "sections", "related", "linked_from"):
        row.pop(key, None)
    row["authors"] = [a["name"] for a in row.get("authors") or []]
    emit(row, TABLE, title=row.get("title"))
    if copies:
        emit(copies, TABLE, columns=("id", "date", "site", "similarity", "canonical", "title"),
             title=f"Published {len(copies) + 1} times: the other copies")
    if body:
        click.echo()
        click.echo(body)


@cli.command()
@data_options
@output_options
@limit_option
@click.option("--by", type=click.Choice(["site", "month", "tag", "category", "author", "language", "access"]),
              default=None, help="Articles per site, month, tag, category, author, language or access.")
def stats(data_dir: Path, db_url: str | None, fmt: str, limit: int | None, by: str | None) -> None:
    """Counts of the archive (articles, sites, authors, tags, links, clusters of republished
    copies, runs), or a breakdown.

    \b
    Example:
        archiver stats
        archiver stats --by month --limit 12
        archiver stats --by tag --csv > tags.csv
    """
    from exporters import query as q

    with open_index(data_dir, db_url) as index:
        if by is not None:
            noun = "months" if by == "month" else "access values" if by == "access" else \
                f"{by}s" if by != "category" else "categories"
            emit(cut(q.breakdown(index, by), limit, noun), fmt, columns=(by, "articles"))
            return
        overview = q.stats(index)
    if fmt != TABLE:
        emit(overview, fmt)  # the whole overview (CSV: one row, per_site and last_run as JSON)
        return
    per_site = overview.pop("per_site")
    last = overview.pop("last_run")
    if last:
        overview["last_run"] = f"#{last['id']} {last['status']}, started {last['started_at']}"
    emit(overview, TABLE, title="Archive")
    sites = cut([{"site": k, "articles": v} for k, v in per_site.items()], limit, "sites")
    emit(sites, TABLE, columns=("site", "articles"), title="Articles per site")


@cli.command()
@click.argument("article")
@data_options
@output_options
@limit_option(noun="links")
def links(article: str, data_dir: Path, db_url: str | None, fmt: str, limit: int | None) -> None:
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
    related = cut(found["related"], limit, "related links")
    backlinks = cut(found["backlinks"], limit, "backlinks")
    if fmt == "json":
        emit({**found, "related": related, "backlinks": backlinks}, fmt)
        return
    if fmt != TABLE:  # one row per link, both directions, every row with the same keys
        rows = [{"direction": "related", **r} for r in related] + \
               [{"direction": "backlink", "archived": True, **b} for b in backlinks]
        emit([{k: r.get(k) for k in LINK_KEYS} for r in rows], fmt, keys=LINK_KEYS)
        return
    click.echo(f"{found['title'] or found['url']} (id {found['id']}): {len(found['related'])} related, "
               f"{len(found['backlinks'])} backlinks")
    emit([{"#": r["position"] + 1, **r} for r in related], TABLE, columns=("#", "id", "title", "url"),
         title="Recommends")
    emit(backlinks, TABLE, columns=("id", "site", "title", "anchor"), title="Recommended by")


@cli.command(name="top-linked")
@data_options
@output_options
@limit_option(noun="articles")
@click.option("--site", default=None, metavar="HOST",
              help="Only targets on this host (a host, host:port or URL).")
@click.option("--archived-only", is_flag=True, help="Only targets that are in the archive.")
def top_linked(data_dir: Path, db_url: str | None, fmt: str, limit: int | None, site: str | None,
               archived_only: bool) -> None:
    """The most recommended articles of the network: most backlinks from related lists first.

    \b
    Example:
        archiver top-linked --limit 10
        archiver top-linked --site blog.example.com --archived-only --csv
    """
    from exporters import graph

    with open_index(data_dir, db_url) as index:
        rows = graph.top_linked(index, limit=None if limit is None else limit + 1, site=site,
                                archived_only=archived_only)
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            note_cut(limit, len(graph.top_linked(index, limit=None, site=site, archived_only=archived_only)),
                     "articles")
    emit(rows, fmt, columns=("backlinks", "id", "site", "title", "url"))


@cli.command()
@click.argument("statement", metavar="SQL")
@data_options
@output_options
@limit_option
@click.option("--timeout", type=click.FloatRange(min=0), default=SQL_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop the query after this many seconds (0: no limit).")
def sql(statement: str, data_dir: Path, db_url: str | None, fmt: str, limit: int | None,
        timeout: float) -> None:
    """Run one read-only SELECT on the archive database (writes are refused).

    Tables: articles, sites, authors, tags, categories, keywords and their article_* links,
    sections, links, runs, fetches, warc_records, media, revisions, page_states; views: articles_with_tags,
    related_links, link_counts, articles_per_month; full-text: articles_fts.

    To browse the same database in a web UI, with a search box and documented columns:
    datasette serve DATA/archive.db --metadata exporters/datasette/metadata.json

    A query stops after --timeout seconds, or on Ctrl-C, with nothing changed.

    \b
    Example:
        archiver sql "SELECT site, count(*) FROM articles_with_tags GROUP BY site"
        archiver sql "SELECT title FROM articles_fts WHERE articles_fts MATCH 'robot*'" --json
    """
    from exporters import query as q

    path = q.database_file(ArchiveLayout(data_dir, db_url).require_index())
    columns, rows, truncated = q.run_sql(path, statement, limit=limit, timeout=timeout or None)
    emit(rows, fmt, columns=columns)
    sys.stdout.flush()
    if truncated and limit is not None:
        note_cut(limit, None)
