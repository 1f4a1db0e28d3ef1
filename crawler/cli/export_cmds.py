"""``archiver export`` (one-off exports from the index) and ``archiver fetch-images``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from exporters.formats import FORMAT_NAMES

from ..kernel.errors import UsageError
from ..kernel.layout import ArchiveLayout
from .app import cli
from .options import data_options
from .query_cmds import collapse_option, filter_options, make_filters, open_index


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr fed by ``callback(done, total)``; None when disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        state = {"shown": 0}

        def update(done: int, total: int) -> None:
            if done - state["shown"] >= 200 or done == total:
                bar.update(task, completed=done, total=total)
                state["shown"] = done

        yield update


def image_options(f: Any) -> Any:
    for option in reversed([
        click.option("--resolve", multiple=True, metavar="HOST_PATTERN:ADDRESS",
                     help="Resolve matching image hosts to ADDRESS, like curl (with --with-images)."),
        click.option("--fast", is_flag=True, help="Download images without politeness delays."),
    ]):
        f = option(f)
    return f


@cli.command()
@data_options
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), required=True,
              help="markdown: the crawl's files; jsonl: everything, one line each; csv: one row each; "
                   "hexo / hugo: a ready posts tree.")
@click.option("--to", "target", required=True, metavar="PATH",
              help="A folder, a .zip or .tar.gz bundle, a .jsonl/.csv file, or - for standard output.")
@filter_options
@collapse_option
@click.option("--with-images", is_flag=True,
              help="First download the selected articles' missing images into DATA/media (network).")
@image_options
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: when stderr is a terminal).")
@click.option("--force", is_flag=True,
              help="Write into a folder that already has files (same names replaced, other files kept).")
@click.option("--clean", is_flag=True,
              help="Empty the folder first; only a previous export's folder (it has a manifest.json).")
def export(data_dir: Path, db_url: str | None, fmt: str, target: str, with_images: bool,
           resolve: tuple[str, ...], fast: bool, progress: bool | None, force: bool, clean: bool,
           **filters: Any) -> None:
    """Export archived articles from the index: no network needed (unless --with-images).

    Articles go out in id order with times taken from the archive, so the same archive exported
    twice gives identical bytes; a manifest.json records count, filters and archive version.
    Downloaded images are copied along and linked locally. A folder that already has files is
    refused unless --force (write over it) or --clean (empty a previous export's folder first).

    \b
    Example:
        archiver export --format markdown --to export/
        archiver export --format hexo --to blog.zip --site blog.example.com
        archiver export --format jsonl --to - --tag python --since 2024-01-01 | jq .title
        archiver export --format hugo --to site/ --clean      # again, into the same folder
        archiver export --format csv --to stories.csv --collapse  # one row per republished story
    """
    from exporters.export import export_archive

    if force and clean:
        raise UsageError("--force and --clean cannot be combined: --force keeps other files, --clean "
                         "removes them")
    existing = "clean" if clean else "force" if force else "refuse"
    selection = make_filters(filters)
    to_stdout = target == "-"
    show = sys.stderr.isatty() if progress is None else progress
    if with_images:
        fetch_missing_images(data_dir, db_url, selection, resolve, fast)
    with open_index(data_dir, db_url) as index, progress_bar(show, f"exporting {fmt}") as update:
        result = export_archive(index, fmt, target, selection, data_dir=data_dir, progress=update,
                                existing=existing)
    where = "standard output" if to_stdout else target
    message = (f"Exported {result.count} articles as {fmt} to {where} in {result.seconds:.1f} s "
               f"({result.rate:.0f} articles/s)")
    if result.media:
        message += f", {result.media} images"
    click.echo(message, err=to_stdout)
    if result.count == 0:
        click.echo("  no article matches the filters", err=True)
    if result.manifest.get("other_files"):
        click.echo(f"  {result.manifest['other_files']} files in {target} are not part of this export "
                   "(other_files in its manifest.json)", err=True)
    if result.manifest.get("media_missing"):
        click.echo(f"  {result.manifest['media_missing']} downloaded images are missing from "
                   f"{data_dir / 'media'}", err=True)


@cli.command(name="fetch-images")
@data_options
@filter_options
@image_options
@click.option("-v", "--verbose", count=True, help="Scrapy log output (-v info, -vv debug).")
def fetch_images(data_dir: Path, db_url: str | None, resolve: tuple[str, ...], fast: bool, verbose: int,
                 **filters: Any) -> None:
    """Download the images of archived articles into DATA/media (stored by content hash) and
    point their Markdown files at the local copies; the index keeps the original URLs.

    \b
    Example:
        archiver fetch-images --data data/
        archiver fetch-images --site blog.example.com --since 2024-01-01
    """
    fetch_missing_images(data_dir, db_url, make_filters(filters), resolve, fast, verbose)


def fetch_missing_images(data_dir: Path, db_url: str | None, selection: Any, resolve: tuple[str, ...],
                         fast: bool, verbose: int = 0) -> None:
    from ..media import fetch_archive_images

    ArchiveLayout(data_dir, db_url).require_index()
    summary = fetch_archive_images(data_dir, db_url, selection, resolve=list(resolve), fast=fast,
                                   log_level=("CRITICAL", "INFO", "DEBUG")[min(verbose, 2)])
    click.echo(f"Images: {summary['downloaded']} downloaded, {summary['known']} already stored, "
               f"{summary['failed']} failed; {summary['files']} Markdown files relinked", err=True)
