"""Extraction quality and speed on the development sets, the archiver beside trafilatura.

    python -m bench.extraction [--set readability|trafilatura-eval|both] [--data DIR]
                               [--repeat N] [--worst N] [--only NAME ...] [--no-trafilatura]
                               [--like-for-like]

Two sets (``--set``, default both), each with its own metric:

- ``readability`` (:mod:`bench.extraction_readability`): 130 pages of Mozilla Readability's test
  corpus; body precision / recall / F1 on 4-token shingles, and five metadata fields;
- ``trafilatura-eval`` (:mod:`bench.extraction_fragments`): 990 real pages with must-contain /
  must-not-contain fragments; precision / recall / F1 over all fragments.

``--data`` (or ``ARCHIVER_TESTDATA``; default ``../shared/testdata`` next to the project) holds the
sets as their ``.tar.xz`` archives, which are unpacked once into a cache folder
(``$XDG_CACHE_HOME`` or the temporary folder, ``article-archiver-bench/``), or already unpacked. A
set that is not there is skipped with a one-line message.

Time: the whole ``parse_article`` (decoding, metadata, body, Markdown) against trafilatura 2.x on
the same bytes: ``bare_extraction(with_metadata=True)`` on the readability set (its metadata is
scored), ``extract(html, url=URL)`` on trafilatura-eval (as that set's reference figures were
measured). Each page runs ``--repeat`` times per extractor, alternating which goes first; the
median of the per-page medians is reported, and the archiver's ratio to trafilatura.
``--like-for-like`` adds, on trafilatura-eval, trafilatura asked for its metadata too (the job
the archiver always does: title, authors, date, site name beside the body), timed in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import extraction_fragments, extraction_readability

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "testdata"
SETS: dict[str, ModuleType] = {m.NAME: m for m in (extraction_readability, extraction_fragments)}

#: An extractor: (url, page bytes) -> (body text, metadata fields).
Runner = Callable[[str, bytes], tuple[str, dict[str, Any]]]


# --- the extractors -------------------------------------------------------------------------------
def run_archiver(url: str, html: bytes) -> tuple[str, dict[str, Any]]:
    from crawler.parsers import parse_article

    art = parse_article(url, html)
    m = art.metadata
    return art.body_text, {"title": m.title, "author": [a.name for a in m.authors],
                           "description": m.excerpt or m.description, "date": m.date, "site": m.site_name}


def run_trafilatura_metadata(url: str, html: bytes) -> tuple[str, dict[str, Any]]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return "", {}
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    names = [n.strip() for n in (get("author") or "").split(";") if n.strip()]
    return get("text") or "", {"title": get("title"), "author": names, "description": get("description"),
                               "date": get("date"), "site": get("sitename")}


def run_trafilatura_text(url: str, html: bytes) -> tuple[str, dict[str, Any]]:
    import trafilatura

    return trafilatura.extract(html, url=url) or "", {}


def extractors(set_name: str, with_trafilatura: bool, like_for_like: bool = False) -> dict[str, Runner]:
    found: dict[str, Runner] = {"archiver": run_archiver}
    if with_trafilatura:
        try:
            import trafilatura
        except ImportError as exc:
            print(f"trafilatura cannot be imported ({exc}); pip install -e '.[bench]': archiver only")
        else:
            name = f"trafilatura {trafilatura.__version__}"
            found[name] = run_trafilatura_metadata if set_name == "readability" else run_trafilatura_text
            if like_for_like and set_name != "readability":
                found[f"{name} +metadata"] = run_trafilatura_metadata
    return found


# --- the data -------------------------------------------------------------------------------------
def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or tempfile.gettempdir()
    return Path(base) / "article-archiver-bench"


def locate(data: Path, corpus: ModuleType) -> Path | None:
    """The folder of one set: ``data`` itself, ``data/<folder>``, or ``data/<archive>`` unpacked
    into the cache (again only when the archive changed)."""
    for candidate in (data, data / corpus.FOLDER):
        if corpus.is_corpus(candidate):
            return candidate
    archive = data if data.name == corpus.ARCHIVE else data / corpus.ARCHIVE
    if not archive.is_file():
        return None
    stat = archive.stat()
    target = cache_root() / f"{corpus.NAME}-{stat.st_size}-{int(stat.st_mtime)}"
    for candidate in (target, target / corpus.FOLDER):
        if corpus.is_corpus(candidate):
            return candidate
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return next((c for c in (target, target / corpus.FOLDER) if corpus.is_corpus(c)), None)


# --- the run --------------------------------------------------------------------------------------
def measure(corpus: ModuleType, pages: list, runners: dict[str, Runner], repeat: int) -> dict[str, Any]:
    tallies = {name: corpus.Tally() for name in runners}
    for fn in runners.values():  # imports and first-call set-up stay out of the timings
        fn(pages[0].url, pages[0].source)
    order = list(runners.items())
    for i, page in enumerate(pages):
        times: dict[str, list[float]] = {name: [] for name in runners}
        results: dict[str, tuple[str, dict[str, Any]]] = {}
        for r in range(repeat):
            for name, fn in (order if (i + r) % 2 == 0 else order[::-1]):
                t0 = time.perf_counter()
                results[name] = fn(page.url, page.source)
                times[name].append(time.perf_counter() - t0)
        for name in runners:
            body, fields = results[name]
            tallies[name].add(page, body, fields, statistics.median(times[name]) * 1000)
    return tallies


def print_table(tallies: dict[str, Any]) -> None:
    first = next(iter(tallies.values()))
    header = ["", *first.HEADER]
    rows = [[name, *t.row()] for name, t in tallies.items()]
    counts = ["pages", *first.counts()]
    widths = [max(len(r[i]) for r in [header, counts, *rows]) for i in range(len(header))]
    for r in [header, *rows, counts]:
        cells = zip(r, widths, strict=True)
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(cells)))
    times = {name: statistics.median(t.ms) for name, t in tallies.items()}
    ours = times.pop("archiver")
    for name, theirs in times.items():
        print(f"archiver time / {name} time (median ms/page): {ours / theirs:.2f}")


def run_set(corpus: ModuleType, data: Path, a: argparse.Namespace) -> None:
    folder = locate(data, corpus)
    pages = corpus.load_pages(folder, a.only) if folder is not None else []
    if not pages:
        print(f"{corpus.NAME}: no pages at {data}: skipped\n")
        return
    repeat = max(1, a.repeat)
    tallies = measure(corpus, pages, extractors(corpus.NAME, not a.no_trafilatura, a.like_for_like), repeat)
    print(f"{corpus.NAME}: {len(pages)} pages from {folder}, {repeat} timed run(s) each")
    print_table(tallies)
    if a.worst:
        print(f"\n{corpus.NAME}: the archiver's {a.worst} worst pages")
        for line in tallies["archiver"].worst(a.worst):
            print(f"  {line}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="?", type=Path, help="same as --data")
    ap.add_argument("--data", type=Path, help="folder of the sets (archives or unpacked); "
                    "default $ARCHIVER_TESTDATA or ../shared/testdata")
    ap.add_argument("--set", choices=[*SETS, "both"], default="both", help="which set (default both)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per page and extractor (default 3)")
    ap.add_argument("--no-trafilatura", action="store_true", help="measure the archiver alone")
    ap.add_argument("--like-for-like", action="store_true",
                    help="on trafilatura-eval, also time trafilatura extracting metadata beside the body")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="list the archiver's N worst pages")
    ap.add_argument("--only", nargs="+", default=[], metavar="NAME", help="only these pages (names)")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    data = a.data or a.pages or Path(os.environ.get("ARCHIVER_TESTDATA") or DEFAULT_DATA)
    for name, corpus in SETS.items():
        if a.set in (name, "both"):
            run_set(corpus, data, a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
