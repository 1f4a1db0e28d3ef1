"""Access detection on pages no one here wrote: how many are classed restricted or wall, what the
removed consent and promo blocks do to the body, and what the detection costs.

    python -m bench.access_rates [TESTDATA_DIR] [--list N] [--repeat N]

TESTDATA_DIR holds the unpacked ``readability-test-pages/`` and ``trafilatura-eval/`` folders (unpack
the archives of ``../shared/testdata`` there, e.g. to ``/tmp/td-access``; default that folder). Without
them the script says so in one line and exits 0.

Per set: pages parsed, pages per access (free / restricted / wall) and the restricted and wall pages
with their reasons (``--list``: how many). Side by side in one run, the parser with access detection
and with it switched off (the scan finds nothing, nothing is removed): on the trafilatura set the
must-contain / must-not-contain fragments found in the body (precision, recall, F1 as in
trafilatura's evaluation), and the median parse time per page of both (ratio; which variant runs
first alternates per page).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawler.kernel.model import Article
from crawler.parsers import article as article_module
from crawler.parsers import parse_article
from crawler.parsers.access import AccessScan

DEFAULT_DIR = Path("/tmp/td-access")
PAGE_URL = "http://fakehost/test/page.html"
_SPACE = re.compile(r"\s+")


def readability_pages(root: Path) -> Iterator[tuple[str, str, bytes]]:
    folder = root / "readability-test-pages"
    if not folder.is_dir():
        return
    for page in sorted(p for p in folder.iterdir() if (p / "source.html").exists()):
        yield page.name, PAGE_URL, (page / "source.html").read_bytes()


def trafilatura_pages(root: Path) -> Iterator[tuple[str, str, bytes, dict[str, Any]]]:
    folder = root / "trafilatura-eval"
    index = folder / "evaldata.json"
    if not index.exists():
        return
    for url, entry in sorted(json.loads(index.read_text(encoding="utf-8")).items()):
        for sub in ("eval", "cache", ""):
            path = folder / sub / entry["file"]
            if path.exists():
                yield entry["file"], url, path.read_bytes(), entry
                break


@contextmanager
def detection_off() -> Iterator[None]:
    """The parser with the access scan switched off: nothing found, nothing removed."""
    real = article_module.scan_access
    article_module.scan_access = lambda doc, url, hinted=None: AccessScan()  # type: ignore[assignment]
    try:
        yield
    finally:
        article_module.scan_access = real


def timed(parse: Callable[[], Article], repeat: int) -> tuple[Article, float]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = parse()
        times.append(time.perf_counter() - start)
    assert result is not None
    return result, statistics.median(times)


def fragments(body: str, entry: dict[str, Any]) -> Counter:
    text = _SPACE.sub(" ", body)
    out: Counter = Counter()
    for frag in entry.get("with") or []:
        out["tp" if _SPACE.sub(" ", frag) in text else "fn"] += 1
    for frag in entry.get("without") or []:
        out["fp" if _SPACE.sub(" ", frag) in text else "tn"] += 1
    return out


def prf(c: Counter) -> str:
    p = c["tp"] / max(1, c["tp"] + c["fp"])
    r = c["tp"] / max(1, c["tp"] + c["fn"])
    return f"precision {p:.4f} recall {r:.4f} F1 {2 * p * r / max(1e-9, p + r):.4f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root", nargs="?", type=Path, default=DEFAULT_DIR, help="folder of the unpacked sets")
    ap.add_argument("--list", type=int, default=40, metavar="N", help="restricted/wall pages listed per set")
    ap.add_argument("--repeat", type=int, default=1, help="timed parses per page and variant (median)")
    args = ap.parse_args(argv)
    sets: list[tuple[str, list[tuple[str, str, bytes, dict[str, Any]]]]] = [
        ("readability", [(n, u, h, {}) for n, u, h in readability_pages(args.root)]),
        ("trafilatura", list(trafilatura_pages(args.root))),
    ]
    if not any(pages for _, pages in sets):
        print(f"no test pages under {args.root}: unpack ../shared/testdata/*.tar.xz there first")
        return 0
    for name, pages in sets:
        if not pages:
            continue
        counts: Counter = Counter()
        listed: list[str] = []
        on_frag: Counter = Counter()
        off_frag: Counter = Counter()
        on_times, off_times = [], []
        for n, (page, url, html, entry) in enumerate(pages):
            def on(u: str = url, h: bytes = html) -> Article:
                return parse_article(u, h)

            def off(u: str = url, h: bytes = html) -> Article:
                with detection_off():
                    return parse_article(u, h)

            if n % 2:  # which goes first alternates (memoised look-ups favour the second)
                plain, t_off = timed(off, args.repeat)
                article, t_on = timed(on, args.repeat)
            else:
                article, t_on = timed(on, args.repeat)
                plain, t_off = timed(off, args.repeat)
            on_times.append(t_on)
            off_times.append(t_off)
            access = article.metadata.access or "free"
            counts[access] += 1
            counts["removed blocks"] += bool((article.metadata.access_reason or "").startswith("removed"))
            if access != "free" and len(listed) < args.list:
                words = len(article.body_text.split())
                listed.append(f"  {access:10} {page}: {article.metadata.access_reason} "
                              f"[body {words} words, without detection {len(plain.body_text.split())}]")
            if entry:
                on_frag += fragments(article.body_text, entry)
                off_frag += fragments(plain.body_text, entry)
        total = len(pages)
        print(f"{name}: {total} pages; free {counts['free']}, restricted {counts['restricted']} "
              f"({counts['restricted'] / total:.1%}), wall {counts['wall']} ({counts['wall'] / total:.1%}); "
              f"free pages with a consent/promo block removed: {counts['removed blocks']}")
        print("\n".join(listed))
        if on_frag:
            print(f"  fragments with detection:    {prf(on_frag)}")
            print(f"  fragments without detection: {prf(off_frag)}")
        on, off = statistics.median(on_times), statistics.median(off_times)
        print(f"  median parse time per page: {on * 1000:.2f} ms with detection, {off * 1000:.2f} ms without "
              f"(ratio {on / off:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
