"""Two (or more) checkouts of the project side by side in one run: which code is faster, measured
on the same machine in the same minutes (a shared machine's speed drifts too much for figures taken
apart to be compared).

    python -m bench.checkouts crawl URL --resolve '*.news.test:127.0.0.1' --checkouts OLD,NEW [--rounds N]
    python -m bench.checkouts recrawl URL --resolve ... --archive DIR --checkouts OLD,NEW [--rounds N]
    python -m bench.checkouts instructions --checkouts OLD,NEW [--hexo GLOB] [--data DIR] [--pages N]

``crawl``: whole first crawls (``archiver crawl --fast`` into a fresh folder) of each checkout and of
the bare spider (``bench/bare_spider.py``), in an order that rotates from round to round; medians
of pages/s and of CPU per page, and each one's ratio to the bare spider. ``recrawl``: each
checkout re-crawls its own copy of the archive ``--archive`` (made by a first crawl of the same
URL), medians of wall and CPU time. ``instructions``: the instructions the parser executes on a
set of pages (``valgrind --tool=callgrind``, the interpreter's start-up and imports subtracted):
a count that does not move with the machine's load, for parser changes too small to see in
timings. A checkout is a folder holding ``crawler/`` (``git worktree add DIR COMMIT``); it runs
with ``PYTHONPATH=DIR``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUMMARY = re.compile(r"(\d+) pages fetched.* in ([\d.]+) s")
COLLECTED = re.compile(r"Collected : (\d+)")
#: The parsing the instruction count runs, with the pages' loading as its own baseline.
PARSE = """
import glob, logging, sys
from pathlib import Path
logging.disable(logging.WARNING)
from crawler.parsers import parse_article
hexo, data, n, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "run"
pages = [("http://" + "/".join(Path(f).parts[-3:-1]) + "/", Path(f).read_bytes())
         for f in sorted(glob.glob(hexo))[:n]] if hexo else []
if data:
    from bench import extraction_fragments as ef
    found = ef.load_pages(Path(data), [])
    pages += [(p.url, p.source) for p in found[::max(1, len(found) // n)][:n]]
if run:
    for url, html in pages:
        parse_article(url, html)
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], checkout: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``cmd`` on ``checkout``'s code: run from inside it, since the working folder comes first on
    the module path, before ``PYTHONPATH``."""
    return subprocess.run(cmd, capture_output=True, text=True, cwd=checkout,
                          env=dict(os.environ, PYTHONPATH=checkout, **env))


def _crawl(checkout: str, url: str, resolve: list[str], data: str) -> tuple[int, float]:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", url, "--fast", "--no-progress", "--data", data]
    for rule in resolve:
        cmd += ["--resolve", rule]
    out = _run(cmd, checkout)
    found = SUMMARY.search(out.stdout)
    if out.returncode != 0 or found is None:
        raise SystemExit(f"{checkout}: the crawl failed: {(out.stderr or out.stdout).strip()[-300:]}")
    return int(found.group(1)), float(found.group(2))


def _bare(checkout: str, url: str, resolve: list[str]) -> tuple[int, float]:
    out = _run([sys.executable, "-m", "bench.bare_spider", url, *resolve], checkout)
    if out.returncode != 0:
        raise SystemExit(f"bare spider failed: {out.stderr.strip()[-300:]}")
    pages, secs = out.stdout.split()
    return int(pages), float(secs)


def compare_crawls(url: str, resolve: list[str], checkouts: list[str], rounds: int) -> None:
    names = [*checkouts, "bare"]
    rates: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            before = _children_cpu()
            if name == "bare":
                pages, secs = _bare(checkouts[-1], url, resolve)
            else:
                with tempfile.TemporaryDirectory() as data:
                    pages, secs = _crawl(name, url, resolve, data)
            rates[name].append(pages / secs)
            cpu[name].append((_children_cpu() - before) / pages * 1000)
            print(f"round {r + 1}  {name:30s} {pages / secs:7.1f} pages/s  cpu {cpu[name][-1]:5.1f} ms/page",
                  flush=True)
    bare = statistics.median(rates["bare"])
    for name in names:
        rate = statistics.median(rates[name])
        print(f"{name:30s} median {rate:7.1f} pages/s  cpu {statistics.median(cpu[name]):5.1f} ms/page  "
              f"ratio to the bare spider {rate / bare:.2f}")


def compare_recrawls(url: str, resolve: list[str], archive: str, checkouts: list[str], rounds: int) -> None:
    walls: dict[str, list[float]] = {c: [] for c in checkouts}
    cpu: dict[str, list[float]] = {c: [] for c in checkouts}
    for r in range(rounds):
        for checkout in checkouts if r % 2 == 0 else checkouts[::-1]:
            with tempfile.TemporaryDirectory() as tmp:
                data = str(Path(tmp) / "archive")
                shutil.copytree(archive, data)
                before, began = _children_cpu(), time.perf_counter()
                _crawl(checkout, url, resolve, data)
                walls[checkout].append(time.perf_counter() - began)
                cpu[checkout].append(_children_cpu() - before)
            print(f"round {r + 1}  {checkout:30s} wall {walls[checkout][-1]:6.2f} s  "
                  f"cpu {cpu[checkout][-1]:6.2f} s", flush=True)
    for checkout in checkouts:
        print(f"{checkout:30s} median wall {statistics.median(walls[checkout]):6.2f} s  "
              f"cpu {statistics.median(cpu[checkout]):6.2f} s")


def _instructions(checkout: str, args: list[str]) -> int:
    python = os.path.realpath(sys.executable)  # valgrind follows no launcher script
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, "-c", PARSE, *args]
    out = _run(cmd, checkout, PYTHONHASHSEED="0")
    found = COLLECTED.search(out.stderr)
    if found is None:
        raise SystemExit(f"{checkout}: valgrind gave no count: {out.stderr.strip()[-300:]}")
    return int(found.group(1))


def compare_instructions(checkouts: list[str], hexo: str, data: str, pages: int) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    counts = {}
    for checkout in checkouts:
        loaded = _instructions(checkout, [hexo, data, str(pages), "load"])
        counts[checkout] = _instructions(checkout, [hexo, data, str(pages), "run"]) - loaded
        print(f"{checkout:30s} {counts[checkout] / 1e6:10.0f} M instructions", flush=True)
    first = counts[checkouts[0]]
    for checkout in checkouts[1:]:
        print(f"{checkout} / {checkouts[0]}: {counts[checkout] / first:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("crawl", "recrawl", "instructions"))
    parser.add_argument("url", nargs="?")
    parser.add_argument("--resolve", action="append", default=[])
    parser.add_argument("--checkouts", required=True, help="folders, comma-separated (the first is the base)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--archive", help="recrawl: the archive folder each checkout re-crawls a copy of")
    parser.add_argument("--hexo", default="", help="instructions: a glob of Hexo article pages")
    parser.add_argument("--data", default="", help="instructions: the unpacked trafilatura-eval folder")
    parser.add_argument("--pages", type=int, default=40, help="instructions: pages of each set")
    args = parser.parse_args(argv)
    checkouts = [str(Path(c).resolve()) for c in args.checkouts.split(",") if c]
    missing = [c for c in checkouts if not (Path(c) / "crawler").is_dir()]
    if missing:
        raise SystemExit(f"not a checkout of the project (no crawler/ folder): {missing[0]}")
    if args.what == "instructions":
        if not args.hexo and not args.data:
            raise SystemExit("give --hexo GLOB or --data DIR: the pages to parse")
        compare_instructions(checkouts, args.hexo, args.data, args.pages)
        return
    if not args.url:
        raise SystemExit(f"{args.what} needs a start URL")
    if args.what == "crawl":
        compare_crawls(args.url, args.resolve, checkouts, args.rounds)
    elif not args.archive or not Path(args.archive).is_dir():
        raise SystemExit("recrawl needs --archive DIR: an archive made by a first crawl of the URL")
    else:
        compare_recrawls(args.url, args.resolve, args.archive, checkouts, args.rounds)


if __name__ == "__main__":
    main()
