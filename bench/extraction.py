"""Extraction quality and speed on a corpus of real pages, the archiver beside trafilatura.

    python -m bench.extraction [PAGES_DIR] [--repeat N] [--worst N] [--only NAME ...]

PAGES_DIR holds one folder per page (``source.html``, ``expected.html``, ``expected-metadata.json``),
or the ``readability-test-pages`` folder, or the ``readability-test-pages.tar.xz`` archive (unpacked
to a temporary folder). Default: ``../shared/testdata`` next to the project. Without data the
script says so in one line and exits 0.

Body: word tokens (``\\w+``) of the extracted text and of ``expected.html``, 4-token shingles counted
per page, tp/fp/fn normalised to sum 1; precision is the mean over pages with some output, recall
the mean over all pages, F1 = 2PR/(P+R). Metadata: relaxed match (same word tokens case folded, or
one token run inside the other) for title, author (or: every name found is inside the byline),
excerpt (the archiver's summary field, else its description; trafilatura's description) and site
name; the published date matches on the calendar day. Only pages whose expected value is not null
count for a field. Time: the whole ``parse_article`` (decoding, metadata, body,
Markdown) against ``trafilatura.bare_extraction(with_metadata=True)``; each page runs ``--repeat``
times per extractor, alternating which goes first, and the median of those per-page medians is
reported.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT.parent / "shared" / "testdata"
ARCHIVE_NAME = "readability-test-pages.tar.xz"
FOLDER_NAME = "readability-test-pages"
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


# --- the extractors -------------------------------------------------------------------------------
@dataclass
class Result:
    body: str
    fields: dict[str, Any]


def run_archiver(html: bytes) -> Result:
    from crawler.parsers import parse_article

    art = parse_article(PAGE_URL, html)
    m = art.metadata
    return Result(art.body_text, {
        "title": m.title, "author": [a.name for a in m.authors],
        "description": m.excerpt or m.description, "date": m.date, "site": m.site_name})


def run_trafilatura(html: bytes) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=PAGE_URL, with_metadata=True, include_comments=False)
    if doc is None:
        return Result("", {})
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    names = [n.strip() for n in (get("author") or "").split(";") if n.strip()]
    return Result(get("text") or "", {"title": get("title"), "author": names,
                                      "description": get("description"), "date": get("date"),
                                      "site": get("sitename")})


def extractors(with_trafilatura: bool) -> dict[str, Callable[[bytes], Result]]:
    found: dict[str, Callable[[bytes], Result]] = {"archiver": run_archiver}
    if with_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError as exc:
            print(f"trafilatura cannot be imported ({exc}); pip install -e '.[bench]': archiver only")
        else:
            found["trafilatura"] = run_trafilatura
    return found


# --- the corpus -----------------------------------------------------------------------------------
@dataclass
class Page:
    name: str
    source: bytes
    expected_text: str
    expected: dict[str, Any]


def locate(path: Path, tmp: Path) -> Path | None:
    """The folder holding the page folders, unpacking the archive when that is what is there."""
    for candidate in (path, path / FOLDER_NAME):
        if candidate.is_dir() and any(candidate.glob("*/source.html")):
            return candidate
    archive = path if path.is_file() else path / ARCHIVE_NAME
    if archive.is_file():
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        return locate(tmp, tmp / "unused")
    return None


def load_pages(folder: Path, only: list[str]) -> list[Page]:
    pages = []
    for case in sorted(p for p in folder.iterdir() if (p / "source.html").is_file()):
        if only and case.name not in only:
            continue
        expected_html = case / "expected.html"
        meta_file = case / "expected-metadata.json"
        pages.append(Page(
            case.name, (case / "source.html").read_bytes(),
            html_text(expected_html.read_text(encoding="utf-8")) if expected_html.is_file() else "",
            json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}))
    return pages


# --- the run --------------------------------------------------------------------------------------
@dataclass
class Tally:
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    hits: dict[str, list[bool]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    ms: list[float] = field(default_factory=list)
    per_page: list[tuple[str, float | None, float]] = field(default_factory=list)

    def add(self, page: Page, result: Result, times: list[float]) -> None:
        p, r = body_scores(page.expected_text, result.body)
        if p is not None:
            self.precision.append(p)
        self.recall.append(r)
        self.per_page.append((page.name, p, r))
        for name in FIELDS:
            want = page.expected.get(EXPECTED_KEYS[name])
            if want:
                self.hits[name].append(field_ok(name, result.fields.get(name), want))
        self.ms.append(statistics.median(times) * 1000)

    def row(self) -> list[str]:
        p = statistics.fmean(self.precision) if self.precision else 0.0
        r = statistics.fmean(self.recall) if self.recall else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        cells = [f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}"]
        cells += [f"{sum(h) / len(h):.3f}" if h else "-" for h in self.hits.values()]
        cells.append(f"{statistics.median(self.ms):.1f}" if self.ms else "-")
        return cells


def measure(pages: list[Page], runners: dict[str, Callable[[bytes], Result]],
            repeat: int) -> dict[str, Tally]:
    tallies = {name: Tally() for name in runners}
    for fn in runners.values():  # imports and first-call set-up stay out of the timings
        fn(pages[0].source)
    for i, page in enumerate(pages):
        order = list(runners.items())
        times: dict[str, list[float]] = {name: [] for name in runners}
        results: dict[str, Result] = {}
        for r in range(repeat):
            for name, fn in (order if (i + r) % 2 == 0 else order[::-1]):
                t0 = time.perf_counter()
                results[name] = fn(page.source)
                times[name].append(time.perf_counter() - t0)
        for name in runners:
            tallies[name].add(page, results[name], times[name])
    return tallies


def print_table(tallies: dict[str, Tally], pages: int) -> None:
    header = ["", "body P", "body R", "body F1", "title", "author", "descr.", "date", "site", "ms/page"]
    rows = [[name, *t.row()] for name, t in tallies.items()]
    first = next(iter(tallies.values()))
    counts = ["pages", "", "", str(pages), *(str(len(h)) for h in first.hits.values()), ""]
    widths = [max(len(r[i]) for r in [header, counts, *rows]) for i in range(len(header))]
    for r in [header, *rows, counts]:
        cells = zip(r, widths, strict=True)
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(cells)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES, help="page folders or the archive")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per page and extractor (default 3)")
    ap.add_argument("--no-trafilatura", action="store_true", help="measure the archiver alone")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="list the archiver's N worst pages")
    ap.add_argument("--only", nargs="+", default=[], metavar="NAME", help="only these page folders")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = locate(a.pages, Path(tmp))
        if folder is None:
            print(f"no test pages at {a.pages}: skipped")
            return 0
        pages = load_pages(folder, a.only)
    if not pages:
        print(f"no test pages at {a.pages}: skipped")
        return 0
    tallies = measure(pages, extractors(not a.no_trafilatura), max(1, a.repeat))
    print(f"{len(pages)} pages from {a.pages}, {max(1, a.repeat)} timed runs each\n")
    print_table(tallies, len(pages))
    if a.worst:
        print("\nworst pages (archiver): name, precision, recall")
        worst = sorted(tallies["archiver"].per_page, key=lambda x: min(x[1] if x[1] is not None else 0, x[2]))
        for name, p, r in worst[:a.worst]:
            print(f"  {name:45s} {'-' if p is None else f'{p:.3f}'}  {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
