"""First crawl against an immediate re-crawl of the same, unchanged network, in one run.

Each round archives the network into a fresh folder with ``archiver crawl --fast``, then runs the
same command again on that folder: the re-crawl asks every known page conditionally (ETag /
Last-Modified), gets 304s, and continues through the stored related links without parsing or
writing anything. Printed per crawl: pages fetched, wall time of the whole ``archiver`` process
(interpreter start-up included), the crawl's own time from its summary, the CPU time of the process
and its workers, pages/s; then the medians over the rounds and the speed-up of the re-crawl (the
median of each round's first/re-crawl ratio, so a machine busy with other work in one round does
not skew the result).

    python3 -m bench.recrawl_speed                  # the Hexo network of ../shared/sites (nginx)
    python3 -m bench.recrawl_speed URL --resolve '*.example.test:127.0.0.1'
    python3 -m bench.recrawl_speed --demo           # the built-in demo network on 127.0.0.1

The Hexo network must be served first: ``cd ../shared/sites && ./serve.sh start``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

HEXO_URL = "http://alpha.news.test:18080/"
HEXO_RESOLVE = "*.news.test:127.0.0.1"
#: Wall-time speed-up asked of an unchanged re-crawl: of a network of 3,000 articles or more, and of
#: a smaller one (whose first crawl is short, so start-up weighs more).
TARGET_LARGE, TARGET_SMALL, LARGE = 10.0, 6.0, 3000
SUMMARY = re.compile(r"(\d+) pages fetched, (\d+) articles \((\d+) new, (\d+) changed, (\d+) unchanged\)"
                     r".* in ([\d.]+) s")
NOT_MODIFIED = re.compile(r"(\d+) not modified \(304\)")


@dataclass
class Crawl:
    pages: int
    articles: int
    new: int
    changed: int
    wall: float
    crawl: float
    cpu: float
    not_modified: int

    @property
    def rate(self) -> float:
        return self.pages / self.wall


def run(start: str, resolve: list[str], data: str) -> Crawl:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", start, "--fast", "--no-progress", "--data", data]
    for rule in resolve:
        cmd += ["--resolve", rule]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode != 0:
        raise SystemExit(f"archiver failed ({out.returncode}): {out.stderr.strip() or out.stdout.strip()}")
    m = SUMMARY.search(out.stdout)
    if m is None:
        raise SystemExit(f"no crawl summary in the output:\n{out.stdout}")
    pages, articles, new, changed, _unchanged, secs = m.groups()
    nm = NOT_MODIFIED.search(out.stdout)
    return Crawl(int(pages), int(articles), int(new), int(changed), wall, float(secs), cpu,
                 int(nm.group(1)) if nm else 0)


def reachable(url: str, resolve: list[str]) -> bool:
    if resolve:  # the host names only resolve through the rule: ask the address it names
        address = resolve[0].rsplit(":", 1)[1]
        host = re.sub(r"^https?://([^/:]+).*", r"\1", url)
        url = url.replace(host, address, 1)
    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - a loopback benchmark target
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def line(name: str, c: Crawl) -> str:
    return (f"{name:<9} {c.pages:5d} pages {c.articles:4d} articles ({c.new} new, {c.changed} changed) "
            f"{c.not_modified:3d}x304  wall {c.wall:6.2f} s  crawl {c.crawl:5.2f} s  cpu {c.cpu:5.2f} s  "
            f"{c.rate:6.1f} pages/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("start", nargs="?", default=None, help=f"start URL (default {HEXO_URL})")
    ap.add_argument("--resolve", action="append", default=None, help="HOST_PATTERN:ADDRESS, repeatable")
    ap.add_argument("--demo", action="store_true", help="crawl the built-in demo network instead")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    server = None
    if a.demo:
        from crawler.demo import demo_server

        server = demo_server()
        start, resolve = server.start_url, [server.resolve_rule]
    else:
        start = a.start or HEXO_URL
        resolve = a.resolve if a.resolve is not None else ([HEXO_RESOLVE] if a.start is None else [])
        if not reachable(start, resolve):
            raise SystemExit(f"{start} does not answer: start the Hexo network with "
                             "`cd ../shared/sites && ./serve.sh start`, or run with --demo")
    firsts: list[Crawl] = []
    agains: list[Crawl] = []
    try:
        for i in range(a.rounds):
            with tempfile.TemporaryDirectory(prefix="recrawl-bench-") as data:
                first, again = run(start, resolve, data), run(start, resolve, data)
            if again.new or again.changed or again.articles != first.articles:
                raise SystemExit(f"the re-crawl changed the archive: {again}")
            firsts.append(first)
            agains.append(again)
            print(f"round {i + 1}\n  {line('first', first)}\n  {line('re-crawl', again)}", flush=True)
    finally:
        if server is not None:
            server.stop()

    def med(crawls: list[Crawl], attr: str) -> float:
        return statistics.median(getattr(c, attr) for c in crawls)

    def speedup(attr: str) -> float:
        pairs = zip(firsts, agains, strict=True)
        return statistics.median(getattr(first, attr) / getattr(again, attr) for first, again in pairs)

    print(f"\nmedian over {a.rounds} rounds:")
    for name, crawls in (("first", firsts), ("re-crawl", agains)):
        print(f"  {name:<9} wall {med(crawls, 'wall'):6.2f} s  crawl {med(crawls, 'crawl'):5.2f} s  "
              f"cpu {med(crawls, 'cpu'):5.2f} s  {med(crawls, 'rate'):6.1f} pages/s")
    wall = speedup("wall")
    target = TARGET_LARGE if med(firsts, "articles") >= LARGE else TARGET_SMALL
    verdict = "met" if wall >= target else "NOT met"
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"re-crawl speed-up: {wall:.1f}x wall time (target >= {target:.0f}x: {verdict}), "
          f"{speedup('crawl'):.1f}x crawl time, {speedup('cpu'):.1f}x CPU time")


if __name__ == "__main__":
    main()
