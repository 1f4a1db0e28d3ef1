"""A run report as text (the crawl's closing lines, ``archiver runs N``): no Scrapy needed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .kernel.fields import FILL_FIELDS


def size_text(n: int | None) -> str:
    value = float(n or 0)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def report_lines(report: dict[str, Any]) -> list[str]:
    """The run report as the crawl prints it: a summary line, the fill-rate table, the alerts."""
    lines = []
    errors = report.get("errors_by_kind") or {}
    detail = f" ({', '.join(f'{k}: {v}' for k, v in sorted(errors.items()))})" if errors else ""
    job = f", job {report['job']}" if report.get("job") else ""
    seconds = float(report.get("duration_s") or 0)
    lines.append(f"Report (run {report.get('run')}{job}, {report.get('status')}): "
                 f"{report.get('pages', 0)} pages, "
                 f"{size_text(report.get('bytes'))} in {seconds:.1f} s; articles: "
                 f"{report.get('articles_new', 0)} new, {report.get('articles_changed', 0)} changed, "
                 f"{report.get('articles_unchanged', 0)} unchanged, {report.get('articles_gone', 0)} gone; "
                 f"errors: {report.get('errors', 0)}{detail}")
    if report.get("articles_kept"):
        n = report["articles_kept"]
        lines.append(f"Kept {n} stored revision{'s' if n != 1 else ''}: body behind a wall, a teaser or much "
                     "shorter than the archived one")
        lines += [f"  {url}: {reason}" for url, reason in report.get("kept") or []]
    lines += [f"Crawl guard reached: {note}" for note in report.get("guards") or []]
    rates = report.get("fill_rates") or {}
    if rates:
        lines.append("Field fill rates of the articles parsed in this run:")
        lines += [f"  {line}" for line in fill_table(rates)]
    lines += [f"ALERT: {alert}" for alert in report.get("alerts") or []]
    return lines


def fill_table(rates: dict[str, dict[str, float]]) -> list[str]:
    """One line per site, one column per field."""
    return plain_table([{"site": site, "articles": str(int(r.get("articles", 0))),
                         **{f: f"{r[f]:.0%}" if f in r else "-" for f in FILL_FIELDS}}
                        for site, r in sorted(rates.items())])


def plain_table(rows: list[dict[str, str]], columns: Sequence[str] | None = None,
                header: bool = True) -> list[str]:
    """Aligned columns without borders or truncation; numbers right-aligned (in tables with a
    header: a key/value listing keeps its values left-aligned)."""
    cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    widths = {c: max([len(c) if header else 0, *(len(r[c]) for r in rows)]) for c in cols}

    def cell(c: str, v: str) -> str:
        return v.rjust(widths[c]) if header and v[:1].isdigit() else v.ljust(widths[c])

    lines = ["  ".join(c.ljust(widths[c]) for c in cols).rstrip()] if header else []
    lines += ["  ".join(cell(c, r[c]) for c in cols).rstrip() for r in rows]
    return lines
