"""Options shared by several commands, and output helpers (table / JSON / CSV)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

F = Callable[..., Any]


def data_options(f: F) -> F:
    """``--data DIR`` and ``--db URL``: where the archive lives."""
    f = click.option("--db", "db_url", metavar="URL", default=None,
                     help="SQLAlchemy URL of the index (default: sqlite file DATA/archive.db).")(f)
    f = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("data"), show_default=True, help="Archive folder.")(f)
    return f


def output_options(f: F) -> F:
    """``--json`` / ``--csv``: machine-readable output instead of a table."""
    f = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(f)
    f = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)
    return f


def resolve_db(data_dir: Path, db_url: str | None) -> str:
    from ..kernel.layout import ArchiveLayout

    return ArchiveLayout(data_dir, db_url).db_url


def emit(rows: Sequence[dict[str, Any]] | dict[str, Any], as_json: bool, as_csv: bool,
         columns: Sequence[str] = (), title: str | None = None) -> None:
    """Print rows as JSON, CSV or a readable table (a dict prints as key/value pairs)."""
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    records = [rows] if isinstance(rows, dict) else list(rows)
    if as_csv:
        cols = list(columns) or (list(records[0]) if records else [])
        writer = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for r in records:
            writer.writerow({k: _cell(r.get(k)) for k in cols})
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False)
    if isinstance(rows, dict):
        table = Table(show_header=False, title=title, box=None)
        for k, v in rows.items():
            table.add_row(str(k), _cell(v))
    else:
        cols = list(columns) or (list(records[0]) if records else [])
        table = Table(*cols, title=title)
        for r in records:
            table.add_row(*(_cell(r.get(c)) for c in cols))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
