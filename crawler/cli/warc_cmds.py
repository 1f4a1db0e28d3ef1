"""The stored responses: ``archiver reparse``, ``archiver verify`` and ``archiver warc-cdx``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..kernel.errors import ArchiverError, LockedError, StorageError, UsageError
from ..kernel.layout import ArchiveLayout
from .app import cli
from .options import data_options
from .query_cmds import filter_options, make_filters


@cli.command()
@data_options
@filter_options
@click.option("--profile", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Site profiles (TOML) to parse with, as for crawl.")
@click.option("--progress/--no-progress", default=None,
              help="Live progress line (default: when stderr is a terminal).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy or ARCHIVE_* setting (e.g. ARCHIVE_WORKERS=0); repeatable.")
@click.option("-v", "--verbose", count=True, help="Scrapy log output (-v info, -vv debug).")
def reparse(data_dir: Path, db_url: str | None, profile: Path | None, progress: bool | None,
            settings: tuple[str, ...], verbose: int, **filters: Any) -> None:
    """Rebuild archived articles from their stored responses with the current parser: no network.

    Each selected article's latest stored response (DATA/warc/) goes through the crawl's own
    pipeline. An article that parses as before is left alone; one that parses differently gets its
    Markdown file rewritten and a new revision marked 'reparse' with the parser's version. Filters
    as for list.

    \b
    Example:
        archiver reparse --data data/
        archiver reparse --site blog.example.com --profile sites.toml
    """
    from ..reparse import reparse as run_reparse
    from .crawl_cmds import LOG_LEVELS, _settings_pairs

    result = run_reparse(data_dir, db_url, make_filters(filters), profile=profile,
                         progress=sys.stderr.isatty() if progress is None else progress,
                         log_level=LOG_LEVELS[min(verbose, 2)], settings=_settings_pairs(settings),
                         echo=lambda line: click.echo(line, err=True))
    c = result.count
    secs = float(result.stats.get("elapsed_time_seconds") or 0.0)
    run = f" (run {result.run_id})" if result.run_id else ""
    click.echo(f"Re-parsed {c('articles')} of {result.selected} articles from stored responses{run}: "
               f"{c('updated')} changed, {c('unchanged')} unchanged in {secs:.1f} s")
    if c("restored"):
        click.echo(f"  {c('restored')} missing Markdown files restored as they were")
    if c("reparse_skipped"):
        click.echo(f"  {c('reparse_skipped')} skipped, e.g. {result.stats.get('archive/reparse_first_skip')}")
    if result.missing:
        click.echo(f"  {result.missing} without a stored response (archived with WARC capture off)")


@cli.command()
@data_options
@click.option("--markdown/--no-markdown", default=True, help="Also check every Markdown file (default: on).")
@click.option("--repair", is_flag=True,
              help="First cut the torn last record of WARC files a killed crawl left open (takes the lock).")
@click.option("--limit", type=click.IntRange(min=0), default=20, metavar="N",
              help="Print at most N problem lines (default 20; 0: all).")
def verify(data_dir: Path, db_url: str | None, markdown: bool, repair: bool, limit: int) -> None:
    """Check the archive against its index: WARC digests, index pointers, Markdown files.

    Every WARC record's block and payload digests, every fetch's and catalogued record's pointer
    (file, offset, length), and every article's Markdown file against what its index row renders.
    Prints a summary; any mismatch is a line naming the file, and the exit status is 1.

    \b
    Example:
        archiver verify --data data/
        archiver verify --no-markdown      # the WARC files and pointers only
    """
    from exporters.store.index import Index
    from exporters.warc.files import repair_open_files
    from exporters.warc.verify import verify_archive

    from ..lock import RunLock

    layout = ArchiveLayout(data_dir, db_url)
    layout.require_index()
    being_written = False
    lock = RunLock(layout, "verify")
    try:
        lock.acquire()
    except LockedError:
        if repair:
            raise
        being_written = True  # a crawl is running: its open file's last record may be in writing
    except StorageError:
        if repair:
            raise
        # a read-only archive: no crawl can be writing it
    try:
        if repair:
            for name, cut in repair_open_files(layout):
                click.echo(f"repaired warc/{name}: {cut} bytes of a torn last record cut", err=True)
        if lock.held:
            lock.release()
        with Index(layout.db_url) as index, index.session() as session:
            report = verify_archive(layout, session, markdown=markdown, being_written=being_written)
    finally:
        if lock.held:
            lock.release()
    shown = report.problems if not limit else report.problems[:limit]
    for line in shown:
        click.echo(f"FAIL {line}", err=True)
    if len(shown) < len(report.problems):
        click.echo(f"note: {len(report.problems) - len(shown)} more problems (--limit 0 shows all)", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for line in report.summary():
        click.echo(line)
    if not report.ok:
        raise ArchiverError(f"verify found {len(report.problems)} problem(s) in {data_dir}; the first: "
                            f"{report.problems[0]}")


@cli.command(name="warc-cdx")
@data_options
@click.option("--to", "target", default="-", metavar="FILE",
              help="Write the CDXJ index to FILE (default: standard output).")
def warc_cdx(data_dir: Path, db_url: str | None, target: str) -> None:
    """Write the CDXJ index of the archive's WARC files (for pywb, ReplayWeb.page, cdx tools).

    One sorted line per response and revisit record: SURT key, timestamp, then JSON with the URL,
    MIME type, status, payload digest and the record's filename, offset and length (filenames
    relative to DATA/warc/).

    \b
    Example:
        archiver warc-cdx --data data/ --to data/warc/index.cdxj
        archiver warc-cdx | grep '"status": "404"'
    """
    from exporters.warc.cdx import file_lines, write_cdxj
    from exporters.warc.reader import FileScan

    from ..kernel.files import AtomicFile

    layout = ArchiveLayout(data_dir, db_url)
    layout.require_index()
    files = layout.warc_files()
    if not files:
        raise UsageError(f"no WARC files in {layout.warc_dir}: crawl with WARC capture on (the default) "
                         "first")
    lines: list[str] = []
    torn = []
    for path in files:
        scan = FileScan()
        lines += file_lines(path, scan=scan)
        if scan.problem:
            torn.append(f"warc/{path.name}: {scan.problem}")
    if target == "-":
        try:
            count = write_cdxj(lines, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (| head): not an error
            sys.stderr.close()
            sys.exit(0)
    else:
        import io

        buffer = io.StringIO()
        count = write_cdxj(lines, buffer)
        with AtomicFile(target) as out:
            out.fh.write(buffer.getvalue().encode("utf-8"))
    for line in torn:
        click.echo(f"note: {line} (records after it are not indexed)", err=True)
    click.echo(f"{count} records of {len(files)} WARC files indexed", err=True)
