"""The trafilatura-eval development set: real pages, each with text fragments the body must contain
and fragments it must not contain (``evaldata.json``: original URL -> ``{"file", "with",
"without"}``, the file under ``eval/`` or ``cache/``).

Metric (as trafilatura's own evaluation), summed over all pages: a "with" fragment found in the
extracted body text (whitespace folded) is a true positive, else a false negative; a "without"
fragment found is a false positive, else a true negative. Precision = TP/(TP+FP), recall =
TP/(TP+FN), F1 = 2PR/(P+R). An extractor that returns nothing misses every "with" fragment.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NAME = "trafilatura-eval"
ARCHIVE = "trafilatura-eval.tar.xz"
FOLDER = "trafilatura-eval"
INDEX = "evaldata.json"


@dataclass
class Page:
    name: str
    url: str
    source: bytes
    with_: list[str]
    without: list[str]


def is_corpus(folder: Path) -> bool:
    return (folder / INDEX).is_file()


def load_pages(folder: Path, only: list[str]) -> list[Page]:
    index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(index.items(), key=lambda kv: kv[1]["file"]):
        name = item["file"]
        if only and name not in only:
            continue
        path = next((p for p in (folder / "eval" / name, folder / "cache" / name) if p.is_file()), None)
        if path is None:
            continue
        pages.append(Page(name, url, path.read_bytes(), list(item.get("with") or []),
                          list(item.get("without") or [])))
    return pages


def fold(text: str) -> str:
    return " ".join(text.split())


def page_counts(page: Page, body: str) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) of one page."""
    text = fold(body or "")
    found = [bool(text) and fold(f) in text for f in page.with_]
    leaked = [bool(text) and fold(f) in text for f in page.without]
    return sum(found), len(found) - sum(found), sum(leaked), len(leaked) - sum(leaked)


@dataclass
class Tally:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    ms: list[float] = field(default_factory=list)
    per_page: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    HEADER = ("P", "R", "F1", "TP", "FN", "FP", "TN", "empty", "ms/page")

    def add(self, page: Page, body: str, fields: dict[str, Any], ms: float) -> None:
        tp, fn, fp, tn = page_counts(page, body)
        self.tp, self.fn, self.fp, self.tn = self.tp + tp, self.fn + fn, self.fp + fp, self.tn + tn
        self.per_page.append((page.name, tp, fn, fp, len(fold(body or ""))))
        self.ms.append(ms)

    def scores(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self) -> list[str]:
        empty = sum(1 for *_, chars in self.per_page if not chars)
        cells = [f"{v:.3f}" for v in self.scores()]
        cells += [str(v) for v in (self.tp, self.fn, self.fp, self.tn, empty)]
        cells.append(f"{statistics.median(self.ms):.1f}" if self.ms else "-")
        return cells

    def counts(self) -> list[str]:
        return ["", "", str(len(self.per_page)), "", "", "", "", "", ""]

    def worst(self, n: int) -> list[str]:
        ranked = sorted(self.per_page, key=lambda x: -(x[2] + x[3]))
        return [f"{name:45s} missed {fn}  leaked {fp}  found {tp}  chars {chars}"
                for name, tp, fn, fp, chars in ranked[:n] if fn + fp]
