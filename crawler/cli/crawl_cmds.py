"""``archiver crawl`` (start URLs from the command line, a file or standard input) and ``archiver demo``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..kernel.errors import ArchiverError, UsageError
from ..options import CrawlOptions
from ..report_text import size_text
from .app import cli
from .ops_cmds import conclude, job_options, print_report, run_from_cli
from .options import data_options
from .recrawl_options import recrawl_options

if TYPE_CHECKING:
    from ..options import CrawlResult

#: Scrapy log levels for no -v, -v and -vv. Without -v, problems reach the user through the summary
#: (fetch errors, and a count of logged errors), not as log lines.
LOG_LEVELS = ("CRITICAL", "INFO", "DEBUG")


def _settings_pairs(pairs: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"bad -s value {pair!r}: expected NAME=VALUE, e.g. -s DOWNLOAD_DELAY=1")
        out[name.strip()] = value
    return out


def crawl_options(f: Any) -> Any:
    """The crawl-shaping options shared by ``crawl`` and ``demo``."""
    for decorator in reversed([
        click.option("--fast", is_flag=True, help="No delays, high concurrency: for your own servers only."),
        click.option("--progress/--no-progress", default=None,
                     help="Live progress line (default: when stderr is a terminal)."),
        click.option("-v", "--verbose", count=True, help="Scrapy log output (-v info, -vv debug)."),
    ]):
        f = decorator(f)
    return f


def read_url_list(name: str, text: str) -> list[str]:
    """The URLs of a list: one per line, blank lines and ``#`` comment lines ignored. A line that
    is not an http(s) URL is a usage error naming its line (and how many more there are)."""
    from ..kernel.urls import validate_start_url

    urls, bad = [], []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if len(line.split()) > 1:
                raise UsageError(f"one URL per line, got {line!r}")
            urls.append(validate_start_url(line))
        except UsageError as exc:
            bad.append((number, str(exc)))
    if bad:
        more = f" (and {len(bad) - 1} more bad lines: {', '.join(str(n) for n, _ in bad[1:6])}" \
               f"{', …' if len(bad) > 6 else ''})" if len(bad) > 1 else ""
        raise UsageError(f"{name}, line {bad[0][0]}: {bad[0][1]}{more}")
    if not urls:
        raise UsageError(f"{name} holds no URL (only blank lines and # comments)")
    return urls


def start_urls_from(urls: tuple[str, ...], input_file: str | None) -> tuple[str, ...]:
    """The command line's URLs (and job name) with ``-`` replaced by the URLs read from standard
    input, and those of ``--input-file`` added."""
    out: list[str] = []
    if urls.count("-") + (input_file == "-") > 1:
        raise UsageError("standard input can be read once: give '-' or '--input-file -', not both")
    for arg in urls:
        out.extend(_read_url_source("-") if arg == "-" else [arg])
    if input_file is not None:
        out.extend(_read_url_source(input_file))
    return tuple(dict.fromkeys(out))


def _read_url_source(source: str) -> list[str]:
    if source == "-":
        return read_url_list("standard input", click.get_text_stream("stdin").read())
    try:
        text = Path(source).read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read the URL list {source}: {exc.strerror or exc}") from None
    return read_url_list(source, text)


def frontier_options(f: Any) -> Any:
    """``--frontier URL`` and ``--join``: a crawl shared by several worker processes."""
    f = click.option("--join", is_flag=True,
                     help="Join the running crawl of these URLs (or JOB) on the --frontier instead of "
                          "starting it; its start URLs and options are the crawl's.")(f)
    return click.option("--frontier", default=None, metavar="URL", envvar="ARCHIVE_FRONTIER",
                        show_envvar=True,
                        help="Share the crawl in Redis (redis://HOST:6379/0): any number of workers, "
                             "on any machines, crawl it together.")(f)


@cli.command()
@click.argument("urls", nargs=-1, metavar="URL...|JOB|-")
@click.option("-i", "--input-file", default=None, metavar="FILE",
              help="Also crawl the URLs listed in FILE (one per line; blank lines and # comments "
                   "ignored; - reads standard input).")
@data_options
@click.option("--follow", type=click.Choice(["related", "all"]), default="related", show_default=True,
              help="Follow related-article lists only, or every in-scope link.")
@click.option("--allow-domain", "allow_domains", multiple=True, metavar="DOMAIN",
              help="Also crawl this domain (and its subdomains); repeatable. '*.example.org' patterns ok.")
@click.option("--max-pages", type=int, default=None, help="Fetch at most this many pages.")
@click.option("--max-depth", type=int, default=None, help="Follow links at most this many hops away.")
@click.option("--resolve", multiple=True, metavar="HOST_PATTERN:ADDRESS",
              help="Resolve matching host names to ADDRESS, like curl (e.g. '*.news.test:127.0.0.1').")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override any Scrapy or ARCHIVE_* setting; repeatable.")
@click.option("--profile", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Site profiles (TOML): CSS/XPath selectors per host that override the heuristics.")
@click.option("--with-images", is_flag=True,
              help="Also download article images into DATA/media (by content hash) and link them locally.")
@click.option("--warc/--no-warc", default=True,
              help="Keep every answer received as WARC records in DATA/warc/ (default: on).")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Append all output to FILE, each line with its UTC time (the folder is created); errors "
                   "also go to stderr. What scheduled runs use.")
@frontier_options
@recrawl_options
@job_options
@crawl_options
def crawl(urls: tuple[str, ...], data_dir: Path, db_url: str | None, follow: str,
          allow_domains: tuple[str, ...], max_pages: int | None, max_depth: int | None,
          resolve: tuple[str, ...], settings: tuple[str, ...], refresh: str | None, recheck_after: str | None,
          sitemaps: tuple[str, ...], feeds: tuple[str, ...], discover: bool, fast: bool,
          progress: bool | None, verbose: int, config: Path | None = None, resume: bool = False,
          fill_drop: float | None = None, with_images: bool = False, profile: Path | None = None,
          log_file: Path | None = None, input_file: str | None = None, warc: bool = True,
          frontier: str | None = None, join: bool = False) -> None:
    """Crawl from URL... through related-article lists and archive every article found.

    Start URLs may be articles or listing pages (home, category, tag); the crawl stays on the
    start URLs' registrable domains and their subdomains. '-' reads start URLs from standard
    input, one per line (as --input-file does from a file).

    \b
    Example:
        archiver crawl https://blog.example.com/ --max-pages 500
        archiver crawl http://alpha.news.test:18080/ --resolve '*.news.test:127.0.0.1' --fast
        archiver crawl news --resume      # the job [jobs.news] of ./archiver.toml
        archiver crawl news --resume --log-file logs/news.log
        archiver crawl - < urls.txt        # or: archiver crawl --input-file urls.txt
        archiver crawl news --frontier redis://10.0.0.5:6379/0 --db postgresql://archive@10.0.0.6/news

    With --frontier the crawl is shared in Redis: more workers join it with 'archiver worker NAME
    --frontier URL' (or the same command with --join), on any machine.

    A JOB names a [jobs.JOB] table of the config file; options given here override the file's.
    Exit codes: 0 ok, 1 nothing archived, 2 bad input or config, 3 storage, 5 a fill rate fell,
    75 another crawl holds the archive, 130 interrupted (continue with --resume).
    """
    if log_file is not None:
        from .logfile import log_to_file

        log_to_file(log_file)
    if "-" in urls or input_file is not None:
        urls = start_urls_from(urls, input_file)
    opts = CrawlOptions(start_urls=list(urls), data_dir=data_dir, db_url=db_url, follow=follow,
                        allow_domains=list(allow_domains), max_pages=max_pages, max_depth=max_depth,
                        resolve=list(resolve), fast=fast,
                        settings={**_image_settings(with_images), **_settings_pairs(settings)},
                        progress=sys.stderr.isatty() if progress is None else progress,
                        log_level=LOG_LEVELS[min(verbose, 2)], refresh=refresh, recheck_after=recheck_after,
                        sitemaps=list(sitemaps), feeds=list(feeds), discover=discover, profile=profile,
                        warc=warc, frontier=frontier)
    if join:
        from ..redis_frontier import crawl_name
        names = [u for u in urls if "://" not in u]
        opts.join = crawl_name(names[0] if names else None, [u for u in urls if "://" in u])
        if not opts.frontier:
            raise UsageError("--join needs the crawl's frontier: --frontier redis://HOST:6379/0")
        adopt_crawl(opts, opts.join, 60.0)
    result = run_from_cli(opts, urls, config, resume, fill_drop)
    if result.fetched_nothing and not result.count("articles"):
        from ..operations import check_storage

        check_storage(result)  # the archive could not be written at all
        check_result(result)  # one line, before (instead of) a summary of nothing
    print_summary(result)
    conclude(result, check_result)


def _image_settings(with_images: bool) -> dict[str, Any]:
    if not with_images:
        return {}
    from ..media import crawl_settings

    return crawl_settings()


def kept_line(n: int) -> str:
    return (f"  Kept {n} stored revision{'s' if n != 1 else ''}: body behind a wall, a teaser or much "
            "shorter than the archived one (file and rows left as they were)")


def print_summary(result: CrawlResult) -> None:
    from ..operations import report_of

    c = result.count
    secs = float(result.stats.get("elapsed_time_seconds") or 0.0)
    rate = f", {c('pages') / secs:.1f} pages/s" if secs else ""
    ended = "stopped: the archive's storage failed" if result.stats.get("archive/storage_failure") \
        else "finished"
    kept = f", {c('kept')} kept" if c("kept") else ""
    click.echo(f"Crawl {ended} (run {result.run_id}): {c('pages')} pages fetched, "
               f"{c('articles')} articles ({c('new')} new, {c('updated')} changed, "
               f"{c('unchanged')} unchanged{kept}), {c('errors')} errors in {secs:.1f} s{rate}")
    if c("kept") and report_of(result) is None:  # else the run report, printed next, lists them
        click.echo(kept_line(c("kept")))
        for url, reason in result.stats.get("archive/kept_urls") or []:
            click.echo(f"    {url}: {reason}")
    if c("not_modified") or c("not_fetched") or c("gone") or c("listings_skipped"):
        click.echo(f"  Re-crawl: {c('not_modified')} not modified (304), {c('not_fetched')} not fetched "
                   f"(checked recently), {c('gone')} gone (404/410), {c('listings_skipped')} known listing "
                   "pages skipped")
    if c("budget_refused"):
        click.echo(f"  Page budget reached: {c('budget')} pages (--max-pages); {c('budget_refused')} more "
                   "links were not followed")
    if report_of(result) is None:  # else the run report, printed next, says it
        for note in result.stats.get("archive/guard_notes") or []:
            click.echo(f"  Crawl guard reached: {note}")
    if c("related_cut"):
        click.echo(f"  {c('related_cut')} related lists were cut to their first links (ARCHIVE_MAX_RELATED)")
    if c("over_budget"):
        click.echo(f"  {c('over_budget')} pages went over the parse budget (ARCHIVE_PARSE_MAX_ELEMENTS): "
                   "archived with what their first elements hold")
    if c("not_stored"):
        click.echo(f"  {c('not_stored')} pages fetched were not stored (the crawl was stopping); the next "
                   "run fetches them again")
    if result.stats.get("archive/frontier"):
        state = "finished" if result.stats.get("archive/frontier_finished") else "still running"
        click.echo(f"  Distributed crawl {result.stats['archive/frontier']} ({state}): "
                   f"{c('frontier_articles')} articles by all workers"
                   + (f"; {c('requeued')} requests of stopped workers taken over" if c("requeued") else ""))
    logged = int(result.stats.get("log_count/ERROR", 0) or 0)
    if logged:
        click.echo(f"  {logged} errors were logged (run with -v to see them)")
    if c("warc_bytes"):
        click.echo(f"  WARC: {size_text(c('warc_bytes'))} in {c('warc_files') or 1} file(s): "
                   f"{c('warc_responses')} responses, {c('warc_revisits')} revisits")
    click.echo(f"  Markdown: {result.data_dir.resolve() / 'articles'}")
    click.echo(f"  Index:    {result.db_url}")


def check_result(result: CrawlResult) -> None:
    if result.shared_crawl_archived:  # a worker of a distributed crawl: the crawl as a whole counts
        return
    if result.fetched_nothing:
        first = result.stats.get("archive/first_error") or "nothing was fetched"
        raise ArchiverError(f"no page could be fetched: {first}")
    if result.count("articles") == 0:
        raise ArchiverError("no article was found: the start pages hold no article or related links "
                            "(try --follow all)")


@cli.command()
@data_options
@crawl_options
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Loopback port of the demo sites (default: the same fixed port on every run, so a "
                   "second run re-crawls; 0: any free port).")
def demo(data_dir: Path, db_url: str | None, fast: bool, progress: bool | None, verbose: int,
         port: int | None) -> None:
    """Serve the built-in demo network on 127.0.0.1, archive it, and run three example queries
    (a search, a site's articles, and a story the network published more than once).

    Nothing leaves the machine: the demo sites' host names resolve to 127.0.0.1. Run it again
    into the same folder and it re-crawls: the archived articles come back unchanged.

    \b
    Example:
        archiver demo --data /tmp/demo-archive
    """
    from ..demo import DEMO_PORT, run_demo

    result = run_demo(data_dir, db_url, progress=sys.stderr.isatty() if progress is None else progress,
                      log_level=LOG_LEVELS[min(verbose, 2)], port=DEMO_PORT if port is None else port)
    from ..operations import report_of

    print_summary(result)
    report = report_of(result)
    if report is not None:
        print_report(report)
    check_result(result)
    show_example_queries(result)


def show_example_queries(result: CrawlResult) -> None:
    """Run three queries on the fresh archive and print them as the commands a user would type: a
    search, a site's newest articles, and the largest cluster of republished copies."""
    import re

    from exporters import query as q
    from exporters.dupes.queries import copies_of, list_clusters
    from exporters.store.index import Index

    from .options import emit

    data = str(result.data_dir)
    with Index(result.db_url) as index:
        newest = q.list_articles(index, limit=1)
        words = re.findall(r"[A-Za-z]{5,}", newest[0]["title"] if newest else "")
        word = words[0].lower() if words else "article"
        site = newest[0].get("site") if newest else None
        click.echo(f"\n$ archiver search {word} --data {data} --limit 5")
        emit(q.search(index, word, limit=5), "table", columns=("id", "title", "snippet"))
        click.echo(f"\n$ archiver list --site {site} --data {data} --limit 5")
        emit(q.list_articles(index, site=site, limit=5), "table", columns=("id", "date", "title"))
        clusters = list_clusters(index, limit=1)
        if clusters:  # one story, published again under new titles on other sites
            click.echo(f"\n$ archiver dupes --data {data} --limit 1   # a story published more than once")
            found = copies_of(index, clusters[0]["id"])
            members = found["members"] if found else []
            emit(members, "table", columns=("id", "date", "site", "similarity", "canonical", "title"),
                 title=f"Cluster {clusters[0]['cluster']}: one story published {len(members)} times "
                       "(the earliest is canonical; the others have duplicate_of)")


def adopt_crawl(opts: Any, name: str, wait: float) -> None:
    """Wait for the crawl ``name`` on the frontier and take its options (start URLs, scope,
    limits, re-crawl policy): every worker crawls alike."""
    from ..redis_frontier import DEFAULT_PREFIX, SharedCrawl, connect

    opts.settings["ARCHIVE_FRONTIER_WAIT"] = wait
    crawl = SharedCrawl(connect(str(opts.frontier)), str(opts.settings.get("ARCHIVE_FRONTIER_PREFIX")
                                                        or DEFAULT_PREFIX), name)
    record = crawl.join("", wait)
    options = record.get("options") or {}
    opts.start_urls = list(options.get("start_urls") or [])
    opts.follow = options.get("follow") or opts.follow
    opts.allow_domains = list(options.get("allow_domains") or [])
    opts.max_pages = options.get("max_pages")
    opts.sitemaps, opts.feeds = list(options.get("sitemaps") or []), list(options.get("feeds") or [])
    opts.discover = bool(options.get("discover"))
    for key, setting in (("max_depth", "DEPTH_LIMIT"), ("refresh", "ARCHIVE_REFRESH"),
                         ("recheck_after", "ARCHIVE_RECHECK_AFTER")):
        if options.get(key) not in (None, "", 0):
            opts.settings.setdefault(setting, options[key])
