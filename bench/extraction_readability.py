"""The readability development set: Mozilla Readability's test pages, scored on the body (4-token
shingles against ``expected.html``) and on five metadata fields (``expected-metadata.json``).

Body: word tokens (``\\w+``) of the extracted text and of ``expected.html``, 4-token shingles counted
per page, tp/fp/fn normalised to sum 1; precision is the mean over pages with some output, recall
the mean over all pages, F1 = 2PR/(P+R). Metadata: relaxed match (same word tokens case folded, or
one token run inside the other) for title, author (or: every name found is inside the byline),
excerpt (the archiver's summary field, else its description; trafilatura's description) and site
name; the published date matches on the calendar day. Only pages whose expected value is not null
count for a field.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import lxml.html

NAME = "readability"
ARCHIVE = "readability-test-pages.tar.xz"
FOLDER = "readability-test-pages"
PAGE_URL = "http://fakehost/test/page.html"
SHINGLE = 4
TOKEN = re.compile(r"\w+")
FIELDS = ("title", "author", "description", "date", "site")
#: expected-metadata.json key of each field.
EXPECTED_KEYS = {"title": "title", "author": "byline", "description": "excerpt", "date": "publishedTime",
                 "site": "siteName"}
#: Elements whose boundaries separate words in the expected HTML's text.
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                        "tr", "td", "th", "blockquote", "pre", "section", "article", "figure", "figcaption",
                        "header", "footer", "dd", "dt", "dl", "hr", "img", "caption", "aside"})


@dataclass
class Page:
    name: str
    url: str
    source: bytes
    expected_text: str
    expected: dict[str, Any]


def is_corpus(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*/source.html"))


def load_pages(folder: Path, only: list[str]) -> list[Page]:
    pages = []
    for case in sorted(p for p in folder.iterdir() if (p / "source.html").is_file()):
        if only and case.name not in only:
            continue
        expected_html = case / "expected.html"
        meta_file = case / "expected-metadata.json"
        pages.append(Page(
            case.name, PAGE_URL, (case / "source.html").read_bytes(),
            html_text(expected_html.read_text(encoding="utf-8")) if expected_html.is_file() else "",
            json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}))
    return pages


# --- the metric -----------------------------------------------------------------------------------
def shingles(text: str) -> Counter:
    tokens = TOKEN.findall(text or "")
    n = min(SHINGLE, len(tokens))
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)) if tokens else Counter()


def body_scores(expected: str, got: str) -> tuple[float | None, float]:
    """(precision or None when nothing was extracted, recall) of one page."""
    want, have = shingles(expected), shingles(got)
    tp = sum((want & have).values())
    fp = sum((have - want).values())
    fn = sum((want - have).values())
    total = tp + fp + fn
    if not total:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def html_text(markup: str) -> str:
    """Text of an HTML fragment with block boundaries kept as line breaks."""
    if not markup.strip():
        return ""
    root = lxml.html.fromstring(markup)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return root.text_content()


def words(text: str | None) -> list[str]:
    return TOKEN.findall((text or "").casefold())


def relaxed(got: str | None, want: str | None) -> bool:
    """Same word tokens (in any order), or one token run contained in the other."""
    a, b = words(got), words(want)
    if not a or not b:
        return False
    if a == b or set(a) == set(b):
        return True
    ja, jb = f" {' '.join(a)} ", f" {' '.join(b)} "
    return ja in jb or jb in ja


def _when(value: Any) -> datetime | date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        from crawler.kernel.dates import parse_date

        return parse_date(value)
    return None


def same_day(got: Any, want: Any) -> bool:
    """The same calendar day; an aware value is first moved to the expected value's zone."""
    g, w = _when(got), _when(want)
    if g is None or w is None:
        return False
    if isinstance(g, datetime) and isinstance(w, datetime) and g.tzinfo and w.tzinfo:
        g = g.astimezone(w.tzinfo)
    return (g.date() if isinstance(g, datetime) else g) == (w.date() if isinstance(w, datetime) else w)


def authors_ok(got: list[str], want: str) -> bool:
    """The names joined match the byline, or every name found is inside the byline (a byline
    "By Jane Doe and John Roe" names both of ["Jane Doe", "John Roe"])."""
    if not got:
        return False
    if relaxed(", ".join(got), want):
        return True
    byline = f" {' '.join(words(want))} "
    return all(words(n) and f" {' '.join(words(n))} " in byline for n in got)


def field_ok(name: str, got: Any, want: Any) -> bool:
    if name == "date":
        return same_day(got, want)
    if name == "author":
        return authors_ok(got or [], want)
    return relaxed(got, want)


# --- the tally ------------------------------------------------------------------------------------
@dataclass
class Tally:
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    hits: dict[str, list[bool]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    ms: list[float] = field(default_factory=list)
    per_page: list[tuple[str, float | None, float]] = field(default_factory=list)

    HEADER = ("body P", "body R", "body F1", "title", "author", "descr.", "date", "site", "ms/page")

    def add(self, page: Page, body: str, fields: dict[str, Any], ms: float) -> None:
        p, r = body_scores(page.expected_text, body)
        if p is not None:
            self.precision.append(p)
        self.recall.append(r)
        self.per_page.append((page.name, p, r))
        for name in FIELDS:
            want = page.expected.get(EXPECTED_KEYS[name])
            if want:
                self.hits[name].append(field_ok(name, fields.get(name), want))
        self.ms.append(ms)

    def scores(self) -> tuple[float, float, float]:
        p = statistics.fmean(self.precision) if self.precision else 0.0
        r = statistics.fmean(self.recall) if self.recall else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self) -> list[str]:
        cells = [f"{v:.3f}" for v in self.scores()]
        cells += [f"{sum(h) / len(h):.3f}" if h else "-" for h in self.hits.values()]
        cells.append(f"{statistics.median(self.ms):.1f}" if self.ms else "-")
        return cells

    def counts(self) -> list[str]:
        return ["", "", str(len(self.recall)), *(str(len(h)) for h in self.hits.values()), ""]

    def worst(self, n: int) -> list[str]:
        ranked = sorted(self.per_page, key=lambda x: min(x[1] if x[1] is not None else 0, x[2]))
        return [f"{name:45s} P {'-' if p is None else f'{p:.3f}'}  R {r:.3f}" for name, p, r in ranked[:n]]
