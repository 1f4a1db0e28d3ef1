"""Crawl throughput of the archiver against a bare Scrapy spider, side by side in one run.

Each crawl's own time is compared (the crawl's elapsed time, not interpreter start-up). Both
crawl the same site network from the same start URL with the same fast settings; the bare
spider follows the same related links but extracts and stores nothing. Rounds alternate so machine
noise hits both alike; the ratio of medians is the number to read.

    python -m bench.crawl_speed http://alpha.news.test:18080/ --resolve '*.news.test:127.0.0.1'

Without a URL it serves the built-in demo network on 127.0.0.1 and crawls that.
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


def run_archiver(start: str, resolve: list[str]) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", start, "--fast", "--no-progress",
               "--data", tmp]
        for r in resolve:
            cmd += ["--resolve", r]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"archiver failed: {out.stderr.strip() or out.stdout.strip()}")
        m = re.search(r"(\d+) pages fetched.* in ([\d.]+) s", out.stdout)
        return int(m.group(1)), float(m.group(2))


def run_bare(start: str, resolve: list[str]) -> tuple[int, float]:
    out = subprocess.run([sys.executable, "-m", "bench.bare_spider", start, *resolve],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bare spider failed: {out.stderr.strip()[-500:]}")
    pages, elapsed = out.stdout.split()
    return int(pages), float(elapsed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("start", nargs="?", help="start URL (default: the built-in demo network)")
    ap.add_argument("--resolve", action="append", default=[], help="HOST_PATTERN:ADDRESS, repeatable")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    server = None
    if a.start is None:
        from crawler.demo import demo_server

        server = demo_server()
        a.start, a.resolve = server.start_url, [server.resolve_rule]
    try:
        rows: dict[str, list[tuple[int, float, float]]] = {"archiver": [], "bare scrapy": []}
        for i in range(a.rounds):
            for name, fn in (("archiver", run_archiver), ("bare scrapy", run_bare)):
                before = _children_cpu()
                pages, secs = fn(a.start, a.resolve)
                cpu = _children_cpu() - before  # the whole process tree: workers and writer included
                rows[name].append((pages, secs, cpu))
                print(f"round {i + 1} {name:<12} {pages:5d} pages {secs:7.2f} s {pages / secs:8.1f} pages/s"
                      f"  cpu {1000 * cpu / pages:5.1f} ms/page  load {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        if server is not None:
            server.stop()
    rate = {k: statistics.median(p / s for p, s, _ in v) for k, v in rows.items()}
    cpu = {k: statistics.median(1000 * c / p for p, _, c in v) for k, v in rows.items()}
    print(f"\nmedian pages/s: archiver {rate['archiver']:.1f}, bare scrapy {rate['bare scrapy']:.1f}")
    print(f"median CPU ms/page (whole process, start-up included): archiver {cpu['archiver']:.1f}, "
          f"bare scrapy {cpu['bare scrapy']:.1f}")
    print(f"ratio archiver / bare = {rate['archiver'] / rate['bare scrapy']:.2f}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
