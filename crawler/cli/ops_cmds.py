"""Operating crawls: jobs from ``archiver.toml`` for ``archiver crawl JOB``, run reports
(``archiver runs``), the job list (``archiver jobs``) and schedules (``archiver schedule``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from ..jobs import JOB_NAME, Config, default_config_path, load_config
from ..kernel.errors import ConfigError, UsageError
from ..report_text import plain_table, report_lines, size_text
from .app import cli
from .options import TABLE, data_options, emit, limit_option, note_cut, output_options

if TYPE_CHECKING:  # the crawl machinery (Scrapy, Twisted) is imported by the commands that crawl
    from ..options import CrawlOptions, CrawlResult

F = Callable[..., Any]
#: Command-line parameters that are not CrawlOptions fields of the same name.
NOT_FIELDS = ("urls", "settings", "config", "resume", "fill_drop", "verbose", "log_file", "input_file",
              "join", "wait")
RUN_COLUMNS = ("run", "job", "status", "started_at", "duration_s", "pages", "articles_new",
               "articles_changed", "articles_unchanged", "articles_gone", "errors", "bytes", "alerts")


def config_option(f: F) -> F:
    return click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        envvar="ARCHIVER_CONFIG", show_envvar=True,
                        help="Jobs file (default: ./archiver.toml).")(f)


def job_options(f: F) -> F:
    """``--config``, ``--resume`` and ``--fill-drop`` of ``archiver crawl``."""
    f = click.option("--fill-drop", type=click.FloatRange(0, 1), default=None, metavar="RATE",
                     help="Exit 5 when a field's fill rate on a site falls by RATE or more against the "
                          "job's previous run (default 0.2; 0: off).")(f)
    f = click.option("--resume", is_flag=True,
                     help="Continue the last run of this job (or these URLs) if it was interrupted or "
                          "killed; otherwise start a new crawl.")(f)
    return config_option(f)


def _is_job_name(arg: str) -> bool:
    return "://" not in arg and bool(JOB_NAME.match(arg))


def _explicit_fields(ctx: click.Context) -> frozenset[str]:
    given = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    return frozenset(name for name in ctx.params
                     if name not in NOT_FIELDS and ctx.get_parameter_source(name) in given)


def _config(path: Path | None, name: str) -> Config:
    config_path = path or default_config_path()
    if path is None and not config_path.exists():
        raise ConfigError(f"{name!r} is not a URL (expected e.g. https://example.com/) nor a job: "
                          f"there is no {config_path.name} here (or pass --config FILE)")
    return load_config(config_path)


def run_from_cli(opts: CrawlOptions, urls: tuple[str, ...], config: Path | None = None, resume: bool = False,
                 fill_drop: float | None = None) -> CrawlResult:
    """``archiver crawl`` after option parsing: pick the job named among ``urls`` (if any), lay its
    options under the command line's, and run under the lock."""
    names = [u for u in urls if _is_job_name(u)]
    job = None
    if len(names) > 1:
        raise UsageError(f"give one job at a time (got {', '.join(names)})")
    if names:
        job = _config(config, names[0]).job(names[0])
        extra = [u for u in urls if u != names[0]]
        opts = job.crawl_options(opts, _explicit_fields(click.get_current_context()), extra)
    elif config is not None:
        load_config(config)  # a file given explicitly is checked even when no job is named
    if fill_drop is not None:
        opts.settings["ARCHIVE_FILL_DROP"] = fill_drop
    from ..operations import run_operated

    return run_operated(opts, job.name if job else None, resume, echo=lambda msg: click.echo(msg, err=True))


def conclude(result: CrawlResult, check_result: Callable[[CrawlResult], None]) -> None:
    """Print the run report, then fail as the run deserves: the archive's storage failed (3),
    interrupted (130), nothing archived (``check_result``), or a fill-rate alert (5)."""
    from ..operations import check_report, check_storage, report_of

    report = report_of(result)
    if report is not None:
        print_report(report)
    check_storage(result)  # the archive could not be written: exit 3
    job = report.get("job") if report else None
    hint = f"archiver crawl {job} --resume" if job else "the same command with --resume"
    if report is not None and report.get("status") == "interrupted":
        check_report(result, hint)
    resumed_cleanly = bool(report and report.get("resumed_from")
                           and report.get("pages", 0) > report.get("errors", 0))
    if not resumed_cleanly:  # a resumed run may find that the interrupted one had done everything
        check_result(result)
    check_report(result, hint)


def print_report(report: dict[str, Any]) -> None:
    for line in report_lines(report):
        click.echo(line)


@cli.command()
@click.argument("run_id", type=int, required=False)
@data_options
@click.option("--job", default=None, help="Only the runs of this job.")
@limit_option(noun="runs")
@output_options
def runs(run_id: int | None, data_dir: Path, db_url: str | None, job: str | None, limit: int | None,
         fmt: str) -> None:
    """List past crawl runs (newest first), or show one run's full report.

    \b
    Example:
        archiver runs --job news --limit 5
        archiver runs 12 --json
    """
    from exporters.store import runlog

    from .query_cmds import open_index

    with open_index(data_dir, db_url) as index:
        if run_id is not None:
            report = runlog.get_report(index, run_id)
            if fmt != TABLE:
                emit(report, fmt)
            else:
                print_report(report)
            return
        rows = runlog.list_reports(index, job=job, limit=None if limit is None else limit + 1)
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            note_cut(limit, len(runlog.list_reports(index, job=job, limit=None)), "runs")
    if fmt != TABLE:
        emit(rows, fmt, columns=RUN_COLUMNS)
    elif not rows:
        click.echo("no runs yet")
    else:
        for line in plain_table([_short(r) for r in rows]):
            click.echo(line)


def _short(row: dict[str, Any]) -> dict[str, str]:
    started = row.get("started_at")
    return {"run": str(row["run"]), "job": row.get("job") or "-", "status": str(row.get("status") or ""),
            "started (UTC)": started.strftime("%Y-%m-%d %H:%M") if started else "",
            "secs": f"{row['duration_s']:.1f}" if row.get("duration_s") is not None else "",
            "pages": str(row.get("pages") or 0), "new": str(row.get("articles_new") or 0),
            "changed": str(row.get("articles_changed") or 0),
            "unchanged": str(row.get("articles_unchanged") or 0), "gone": str(row.get("articles_gone") or 0),
            "errors": str(row.get("errors") or 0), "bytes": size_text(row.get("bytes")),
            "alerts": str(len(row.get("alerts") or []))}


@cli.command()
@config_option
@output_options
def jobs(config: Path | None, fmt: str) -> None:
    """List the jobs of the config file (./archiver.toml by default).

    \b
    Example:
        archiver jobs --config /etc/archiver/archiver.toml
    """
    cfg = load_config(config)
    rows = [{"job": j.name, "start_urls": j.options.get("start_urls", []),
             "data": str(j.options.get("data_dir", "data")), "description": j.description or ""}
            for j in cfg.jobs.values()]
    emit(rows, fmt, columns=("job", "start_urls", "data", "description"))


@cli.command()
@click.argument("job_name", metavar="JOB")
@config_option
@click.option("--cron", "cron_expr", metavar="EXPR",
              help="When to run, as cron has it: '15 * * * *' (hourly at :15), '0 3 * * 1-5', '@daily'.")
@click.option("--systemd", is_flag=True, help="A systemd user timer and service instead of a crontab line.")
@click.option("--on-calendar", metavar="SPEC",
              help="systemd OnCalendar= value (instead of converting --cron).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Each run's log (default: the job's log_file, else DATA/logs/JOB.log).")
@click.option("--install", is_flag=True,
              help="Install it: into your crontab, or under ~/.config/systemd/user with --systemd.")
def schedule(job_name: str, config: Path | None, cron_expr: str | None, systemd: bool,
             on_calendar: str | None, log_file: Path | None, install: bool) -> None:
    """Run a job on a schedule with cron or a systemd timer (prints the entry, or installs it).

    Each run is 'archiver crawl JOB --resume --log-file LOG' from the config file's folder: the
    crawl appends its output to the log (creating its folder), each line with its UTC time, and
    also prints errors on stderr (cron's mail, systemd's journal). A run that finds the previous
    one still going exits 75 and leaves it alone. The printed entry works as pasted.

    \b
    Example:
        archiver schedule news --cron '15 * * * *'
        archiver schedule news --cron '15 * * * *' --install
        archiver schedule news --cron '0 3 * * *' --systemd --install
    """
    from .. import schedule as sched

    config_path = (config or default_config_path()).resolve()
    job = load_config(config_path).job(job_name)
    if on_calendar and not systemd:
        raise UsageError("--on-calendar goes with --systemd")
    if not cron_expr and not on_calendar:
        raise UsageError("give --cron EXPR (or --systemd --on-calendar SPEC)")
    log = sched.log_path(job, config_path, log_file)
    if install:
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create the log folder {log.parent}: {exc.strerror or exc}") from None
    if not systemd:
        line = sched.crontab_line(cron_expr or "", job, config_path, log)
        if not install:
            click.echo(line)
            return
        sched.install_crontab(line, sched.MARKER.format(job=job.name, config=config_path))
        click.echo(f"installed in your crontab (crontab -l shows it); runs log to {log}:\n{line}")
        return
    spec = on_calendar or sched.on_calendar(cron_expr or "")
    sched.check_calendar(spec)
    units = sched.systemd_units(spec, job, config_path, log)
    if not install:
        for file_name, content in units.items():
            click.echo(f"# {sched.systemd_user_dir() / file_name}\n{content}")
        return
    for path in sched.install_systemd(units):
        click.echo(f"wrote {path}")
    timer = next(name for name in units if name.endswith(".timer"))
    click.echo(f"start it with: systemctl --user daemon-reload && systemctl --user enable --now {timer}\n"
               f"runs log to {log}")
