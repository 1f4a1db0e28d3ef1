"""What access detection costs the parser: ``parse_article`` with and without the access scan on
the same pages, side by side in one run (which variant runs first alternates per page).

    python -m bench.access_cost [TESTDATA_DIR] [--hexo GLOB] [--repeat N] [--dump FILE]

TESTDATA_DIR holds the unpacked ``readability-test-pages/`` and ``trafilatura-eval/`` folders (see
:mod:`bench.access_rates`; default ``/tmp/td-access``); ``--hexo`` a glob of generated Hexo pages
(default ``/tmp/sites-work/out/hexo/*/*/index.html``). Per set: the median parse time per page with
and without detection, the ratio of the medians and of the totals. ``--dump`` writes every page's
verdict, reason and body (JSON) to compare two versions of the detection.
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
import time
from pathlib import Path

from bench.access_rates import DEFAULT_DIR, detection_off, readability_pages, trafilatura_pages
from crawler.parsers import parse_article

HEXO_GLOB = "/tmp/sites-work/out/hexo/*/*/index.html"


def hexo_pages(pattern: str) -> list[tuple[str, str, bytes]]:
    out = []
    for path in sorted(glob.glob(pattern)):
        parts = Path(path).parts
        url = f"http://{parts[-3]}/{parts[-2]}/"
        out.append((f"{parts[-3]}/{parts[-2]}", url, Path(path).read_bytes()))
    return out


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root", nargs="?", type=Path, default=DEFAULT_DIR, help="folder of the unpacked sets")
    ap.add_argument("--hexo", default=HEXO_GLOB, help="glob of Hexo pages")
    ap.add_argument("--repeat", type=int, default=3, help="timed parses per page and variant (median)")
    ap.add_argument("--dump", type=Path, help="write verdicts and bodies of every page to this JSON file")
    args = ap.parse_args(argv)
    sets = [
        ("readability", list(readability_pages(args.root))),
        ("trafilatura", [(n, u, h) for n, u, h, _ in trafilatura_pages(args.root)]),
        ("hexo", hexo_pages(args.hexo)),
    ]
    if not any(pages for _, pages in sets):
        print(f"no test pages under {args.root} nor {args.hexo}")
        return 0
    dump: dict[str, list] = {}
    for name, pages in sets:
        if not pages:
            continue
        on_times, off_times = [], []
        for n, (page, url, html) in enumerate(pages):
            def on(u: str = url, h: bytes = html) -> None:
                parse_article(u, h)

            def off(u: str = url, h: bytes = html) -> None:
                with detection_off():
                    parse_article(u, h)

            if n % 2:
                t_off, t_on = best(off, args.repeat), best(on, args.repeat)
            else:
                t_on, t_off = best(on, args.repeat), best(off, args.repeat)
            on_times.append(t_on)
            off_times.append(t_off)
            if args.dump:
                art = parse_article(url, html)
                dump[f"{name}/{page}"] = [art.metadata.access, art.metadata.access_reason, art.is_article,
                                          art.body_text]
        on, off = statistics.median(on_times), statistics.median(off_times)
        print(f"{name}: {len(pages)} pages; median {on * 1000:.2f} ms/page with detection, {off * 1000:.2f} "
              f"without (ratio {on / off:.3f}); totals {sum(on_times):.2f} s / {sum(off_times):.2f} s "
              f"(ratio {sum(on_times) / sum(off_times):.3f})")
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        print(f"verdicts and bodies of {len(dump)} pages written to {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
