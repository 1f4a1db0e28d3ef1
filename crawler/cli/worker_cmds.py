"""``archiver worker NAME``: one more worker process for a crawl shared on a Redis frontier."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..kernel.errors import UsageError
from .app import cli
from .crawl_cmds import LOG_LEVELS, _settings_pairs, adopt_crawl, check_result, crawl_options, print_summary
from .ops_cmds import conclude, config_option
from .options import data_options


@cli.command()
@click.argument("name", metavar="NAME")
@data_options
@click.option("--frontier", default=None, metavar="URL", envvar="ARCHIVE_FRONTIER", show_envvar=True,
              help="The Redis frontier the crawl is on (redis://HOST:6379/0).")
@click.option("--resolve", multiple=True, metavar="HOST_PATTERN:ADDRESS",
              help="Resolve matching host names to ADDRESS, like curl (e.g. '*.news.test:127.0.0.1').")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override any Scrapy or ARCHIVE_* setting; repeatable.")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True, metavar="SECONDS",
              help="How long to wait for the crawl to be started.")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Append all output to FILE, each line with its UTC time.")
@config_option
@crawl_options
def worker(name: str, data_dir: Path, db_url: str | None, frontier: str | None, resolve: tuple[str, ...],
           settings: tuple[str, ...], wait: float, log_file: Path | None, config: Path | None, fast: bool,
           progress: bool | None, verbose: int) -> None:
    """Join the crawl NAME on a shared frontier as one more worker, until the crawl ends.

    NAME is the crawl's job (or the urls-… name 'archiver crawl --frontier' prints). The crawl's
    start URLs, scope and limits are the crawl's; where this worker writes is its own: its --data
    folder for the Markdown files (or a shared volume) and the index, which must be the crawl's
    (a PostgreSQL --db for workers on several machines). A job of that name in archiver.toml
    gives this worker its data, db, frontier and politeness. Exits 0 when the crawl is over.

    \b
    Example:
        archiver worker news --frontier redis://10.0.0.5:6379/0 --db postgresql://archive@10.0.0.6/news
        ARCHIVE_FRONTIER=redis://127.0.0.1:6379/0 archiver worker urls-3f2a9c1d0b7e --data w2 --fast
    """
    if log_file is not None:
        from .logfile import log_to_file

        log_to_file(log_file)
    from ..options import CrawlOptions

    opts = CrawlOptions(start_urls=[], data_dir=data_dir, db_url=db_url, resolve=list(resolve), fast=fast,
                        settings=_settings_pairs(settings), frontier=frontier,
                        progress=sys.stderr.isatty() if progress is None else progress,
                        log_level=LOG_LEVELS[min(verbose, 2)])
    job = _config_job(config, name)
    if job is not None:
        ctx = click.get_current_context()
        given = frozenset(k for k in ("data_dir", "db_url", "resolve", "fast", "frontier")
                          if ctx.get_parameter_source(k) == click.core.ParameterSource.COMMANDLINE)
        opts = job.crawl_options(opts, given)
    opts.frontier = opts.frontier or opts.settings.get("ARCHIVE_FRONTIER")
    if not opts.frontier:
        raise UsageError("give the crawl's frontier: --frontier redis://HOST:6379/0 (or ARCHIVE_FRONTIER)")
    opts.join = name
    adopt_crawl(opts, name, wait)
    from ..operations import run_operated

    result = run_operated(opts, job.name if job is not None else None,
                          echo=lambda msg: click.echo(msg, err=True))
    print_summary(result)
    conclude(result, check_result)


def _config_job(config: Path | None, name: str) -> Any:
    from ..jobs import default_config_path, load_config

    path = config or default_config_path()
    if config is None and not path.exists():
        return None
    jobs = load_config(path).jobs
    return jobs.get(name)
