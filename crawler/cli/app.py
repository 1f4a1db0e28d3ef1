"""The ``archiver`` command group: one-line errors, exit codes, and the process's garbage collector.

Every failure the user can act on prints one ``error: …`` line on stderr and exits non-zero;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

import click

from ..kernel.errors import ArchiverError

#: Garbage-collector thresholds of the command line: a short-lived process that builds many
#: long-lived objects while it imports and crawls, which the defaults (700, 10, 10) scan over and
#: over; a fifth of a short re-crawl's CPU time went there.
GC_THRESHOLDS = (50_000, 20, 20)
gc.set_threshold(*GC_THRESHOLDS)


class ArchiverGroup(click.Group):
    """A click group that turns :class:`ArchiverError` (and any other failure) into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiverError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:  # a bad option or argument of a subcommand: one line too
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            click.echo(f"error: {exc.format_message()} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)",
                       err=True)
            sys.exit(1)


@click.group(cls=ArchiverGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="article-archiver", prog_name="archiver")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Archive article sites: crawl related-article lists into Markdown files and a SQLite index.

    \b
    Example:
        archiver crawl https://blog.example.com/
        archiver search "climate policy"
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    try:
        cli(prog_name="archiver")
    finally:
        # Every command has closed its files and connections by now. Interpreter shutdown would
        # otherwise run a last full collection over the few hundred thousand objects the imports
        # and a crawl leave behind (~0.2 s, a tenth of a short re-crawl's wall time); frozen
        # objects are skipped by it, and reference counting still finalises everything else.
        gc.freeze()
