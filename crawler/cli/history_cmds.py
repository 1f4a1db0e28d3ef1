"""``archiver history ARTICLE`` and ``archiver diff ARTICLE [REV] [REV]``: how an article changed over
re-crawls. ARTICLE is an id or a URL, as for ``archiver show``."""

from __future__ import annotations

from pathlib import Path

import click

from ..kernel.errors import UsageError
from .app import cli
from .options import TABLE, cut, data_options, emit, limit_option, output_options
from .query_cmds import open_index

HISTORY_COLUMNS = ("revision", "recorded_at", "run", "origin", "updated", "changed", "body_hash", "gone_at")


def _article_url(session, article: str) -> str:  # noqa: ANN001 - an ORM session
    """The archived URL of ARTICLE (an id, or a URL in any of the forms ``show`` accepts)."""
    from exporters.query import find_article

    return find_article(session, article).url


@cli.command()
@click.argument("article")
@data_options
@output_options
@limit_option(default=None, noun="revisions")
def history(article: str, data_dir: Path, db_url: str | None, fmt: str, limit: int | None) -> None:
    """List the revisions of an article (by URL or id), oldest first.

    A revision is recorded when an article is first archived and each time a re-crawl finds its
    content changed: which fields changed, the body hash, when, in which crawl run, and the page's
    own "updated" date. An article that vanished from its site shows when it was found gone.

    \b
    Example:
        archiver history https://blog.example.com/2024/05/some-post/
        archiver history 42 --json
    """
    from exporters.store.history import list_revisions

    with open_index(data_dir, db_url) as index, index.session() as session:
        url = _article_url(session, article)
        rows = cut(list_revisions(session, url), limit, "revisions")
    emit(rows, fmt, columns=HISTORY_COLUMNS, title=url if fmt == TABLE else None)


@cli.command()
@click.argument("article")
@click.argument("revisions", nargs=-1, type=int, metavar="[OLD] [NEW]")
@data_options
@output_options
def diff(article: str, revisions: tuple[int, ...], data_dir: Path, db_url: str | None, fmt: str) -> None:
    """Show a unified diff of an article's Markdown file (by URL or id) between two revisions.

    Without revision numbers: the last two revisions; with one: that revision against the latest.
    --json, --csv and --nl give one record: the URL, the two revision numbers and the diff.

    \b
    Example:
        archiver diff https://blog.example.com/2024/05/some-post/
        archiver diff 42 1 3 --json
    """
    from exporters.store.history import diff_revisions, list_revisions

    if len(revisions) > 2:
        raise UsageError("give at most two revision numbers: archiver diff ARTICLE [OLD] [NEW]")
    with open_index(data_dir, db_url) as index, index.session() as session:
        url = _article_url(session, article)
        numbers = [r["revision"] for r in list_revisions(session, url)]
        text = diff_revisions(session, url, *revisions)
    new = revisions[1] if len(revisions) > 1 else numbers[-1] if numbers else None
    old = revisions[0] if revisions else (numbers[-2] if len(numbers) > 1 else new)
    if fmt != TABLE:
        emit({"url": url, "old": old, "new": new, "revisions": len(numbers), "diff": text}, fmt)
        return
    if text:
        click.echo(text, nl=not text.endswith("\n"))
    elif len(numbers) == 1:
        click.echo(f"{url} has a single revision: nothing to compare yet", err=True)
    else:
        click.echo(f"no difference between the two revisions of {url}", err=True)
