"""``archiver history URL`` and ``archiver diff URL [REV] [REV]``: how an article changed over re-crawls."""

from __future__ import annotations

from pathlib import Path

import click

from ..kernel.errors import UsageError
from .app import cli
from .options import data_options, emit, output_options
from .query_cmds import open_index

HISTORY_COLUMNS = ("revision", "recorded_at", "run", "updated", "changed", "body_hash", "gone_at")


@cli.command()
@click.argument("url")
@data_options
@output_options
def history(url: str, data_dir: Path, db_url: str | None, as_json: bool, as_csv: bool) -> None:
    """List the revisions of the article at URL, oldest first.

    A revision is recorded when an article is first archived and each time a re-crawl finds its
    content changed: which fields changed, the body hash, when, in which crawl run, and the page's
    own "updated" date. An article that vanished from its site shows when it was found gone.

    \b
    Example:
        archiver history https://blog.example.com/2024/05/some-post/
        archiver history https://blog.example.com/2024/05/some-post/ --json
    """
    from exporters.store.history import list_revisions

    with open_index(data_dir, db_url) as index, index.session() as session:
        rows = list_revisions(session, url)
    emit(rows, as_json, as_csv, columns=HISTORY_COLUMNS, title=None if as_json or as_csv else url)


@cli.command()
@click.argument("url")
@click.argument("revisions", nargs=-1, type=int, metavar="[OLD] [NEW]")
@data_options
def diff(url: str, revisions: tuple[int, ...], data_dir: Path, db_url: str | None) -> None:
    """Show a unified diff of the article's Markdown file between two revisions.

    Without revision numbers: the last two revisions; with one: that revision against the latest.

    \b
    Example:
        archiver diff https://blog.example.com/2024/05/some-post/
        archiver diff https://blog.example.com/2024/05/some-post/ 1 3
    """
    from exporters.store.history import diff_revisions, list_revisions

    if len(revisions) > 2:
        raise UsageError("give at most two revision numbers: archiver diff URL [OLD] [NEW]")
    old = revisions[0] if revisions else None
    new = revisions[1] if len(revisions) > 1 else None
    with open_index(data_dir, db_url) as index, index.session() as session:
        text = diff_revisions(session, url, old, new)
        count = len(list_revisions(session, url))
    if text:
        click.echo(text, nl=not text.endswith("\n"))
    elif count == 1:
        click.echo(f"{url} has a single revision: nothing to compare yet", err=True)
    else:
        click.echo(f"no difference between the two revisions of {url}", err=True)
