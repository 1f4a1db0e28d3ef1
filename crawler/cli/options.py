"""Options shared by several commands, and output helpers (table / JSON / CSV / NDJSON).

Every query command takes the same output options (:func:`output_options`: ``--json``, ``--csv``,
``--nl``, at most one) and, when it lists rows, the same limit (:func:`limit_option`: ``--limit N``,
``--limit 0`` or ``--all`` for no limit). A result cut at the limit says so on stderr
(:func:`note_cut`). Machine-readable outputs carry every field (CSV columns are the JSON keys);
tables show a chosen few, with whole values when stdout is not a terminal.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from ..kernel.errors import UsageError
from ..report_text import plain_table

F = Callable[..., Any]
#: Output formats: a table for people, JSON, CSV and newline-delimited JSON for programs.
TABLE, JSON, CSV, NL = "table", "json", "csv", "nl"
OUTPUT_FLAGS = (("as_json", "--json", JSON), ("as_csv", "--csv", CSV), ("as_nl", "--nl", NL))
#: How list values are joined in a CSV cell (the same as the CSV export's).
CSV_LIST_SEPARATOR = "; "
DEFAULT_LIMIT = 20
MAX_LIMIT = 2**63 - 1  # the largest number a database's LIMIT takes


def data_options(f: F) -> F:
    """``--data DIR`` and ``--db URL``: where the archive lives."""
    f = click.option("--db", "db_url", metavar="URL", default=None,
                     help="SQLAlchemy URL of the index (default: sqlite file DATA/archive.db).")(f)
    f = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("data"), show_default=True, help="Archive folder.")(f)
    return f


def output_options(f: F) -> F:
    """``--json`` / ``--csv`` / ``--nl``: machine-readable output instead of a table. The command
    receives ``fmt`` (one of ``table``, ``json``, ``csv``, ``nl``); two of them together are a usage
    error."""

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        chosen = [(flag, fmt) for name, flag, fmt in OUTPUT_FLAGS if kwargs.pop(name, False)]
        if len(chosen) > 1:
            raise UsageError(f"{' and '.join(flag for flag, _ in chosen)} cannot be combined: "
                             "choose one output format")
        return f(*args, fmt=chosen[0][1] if chosen else TABLE, **kwargs)

    command = click.option("--nl", "as_nl", is_flag=True,
                           help="Print newline-delimited JSON (one object per line).")(command)
    command = click.option("--csv", "as_csv", is_flag=True,
                           help="Print CSV (the columns are the JSON keys).")(command)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(command)


def limit_option(f: F | None = None, *, default: int | None = DEFAULT_LIMIT, noun: str = "rows") -> Any:
    """``--limit N`` (``0``: no limit) and ``--all``; the command receives ``limit`` (None: all)."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            everything = kwargs.pop("everything", False)
            limit = kwargs.pop("limit")
            ctx = click.get_current_context()
            if everything and ctx.get_parameter_source("limit") == ParameterSource.COMMANDLINE:
                raise UsageError("--limit and --all cannot be combined")
            return func(*args, limit=None if everything or not limit else limit, **kwargs)

        shown = f"default {default}" if default else "default: all"
        command = click.option("--all", "everything", is_flag=True,
                               help=f"Every {noun.rstrip('s')}: no limit (same as --limit 0).")(command)
        return click.option("--limit", type=click.IntRange(min=0, max=MAX_LIMIT), default=default or 0,
                            metavar="N", help=f"At most N {noun} ({shown}; 0: no limit).")(command)

    return decorate(f) if f is not None else decorate


def resolve_db(data_dir: Path, db_url: str | None) -> str:
    from ..kernel.layout import ArchiveLayout

    return ArchiveLayout(data_dir, db_url).db_url


def note_cut(shown: int, total: int | None, noun: str = "rows") -> None:
    """One stderr line when a listing stopped at its limit (``total`` None: unknown)."""
    if total is not None and total <= shown:
        return
    of = f"{shown} of {total} {noun}" if total is not None else f"the first {shown} {noun}"
    click.echo(f"note: showing {of}; use --limit N or --all for more", err=True)


def cut(rows: Sequence[Any], limit: int | None, noun: str = "rows") -> list[Any]:
    """The first ``limit`` rows of a complete list, with the note when some were left out."""
    rows = list(rows)
    if limit is None or len(rows) <= limit:
        return rows
    note_cut(limit, len(rows), noun)
    return rows[:limit]


def emit(rows: Sequence[dict[str, Any]] | dict[str, Any], fmt: str, columns: Sequence[str] = (),
         title: str | None = None, keys: Sequence[str] = ()) -> None:
    """Print rows (or one record, a dict) as JSON, CSV, NDJSON or a table. ``columns`` choose the
    table's columns; JSON, CSV and NDJSON carry every key (``keys``: the CSV header when there is
    no row to take it from)."""
    if fmt == JSON:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    records = [rows] if isinstance(rows, dict) else list(rows)
    if fmt == NL:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
        return
    if fmt == CSV:
        header = list(dict.fromkeys(k for r in records for k in r)) or list(keys or columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerow({k: csv_cell(r.get(k)) for k in header})
        sys.stdout.flush()
        return
    if isinstance(rows, dict):
        _print_table([{"field": str(k), "value": _cell(v)} for k, v in rows.items()], ("field", "value"),
                     title, header=False)
        return
    cols = list(columns) or (list(records[0]) if records else [])
    _print_table([{c: _cell(r.get(c)) for c in cols} for r in records], cols, title)


def _print_table(rows: list[dict[str, str]], columns: Sequence[str], title: str | None,
                 header: bool = True) -> None:
    """A rich table on a terminal; aligned plain text with whole values otherwise (pipes, files)."""
    if not sys.stdout.isatty():
        if title:
            click.echo(title)
        if rows or header:
            for line in plain_table(rows, columns, header=header):
                click.echo(line)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, title=title, show_header=header, **({} if header else {"box": None}))
    for r in rows:
        table.add_row(*(r[c] for c in columns))
    Console(soft_wrap=False).print(table)


def csv_cell(value: Any) -> str:
    """A CSV cell: lists of plain values joined with ``; ``, anything nested as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
            return CSV_LIST_SEPARATOR.join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return " ".join(str(value).split()) if "\n" in str(value) else str(value)
