"""Crawl throughput of the archiver against a bare Scrapy spider, side by side in one run.

Each crawl's own time is compared (the crawl's elapsed time, not interpreter start-up). Both
crawl the same site network from the same start URL with the same fast settings; the bare
spider follows the same related links but extracts and stores nothing. Rounds alternate so machine
noise hits both alike; the ratio of medians is the number to read.

    python -m bench.crawl_speed http://alpha.news.test:18080/ --resolve '*.news.test:127.0.0.1'

With ``--warc`` each round crawls three ways, in an order that rotates from round to round: the
archiver with WARC capture (the default), the archiver with ``--no-warc``, and the bare spider. It
prints both archivers' ratios to the bare spider, the relative drop WARC capture costs (target: at
most 10%), the WARC bytes per page, and how much an immediate re-crawl of the unchanged network adds
to ``DATA/warc/`` (revisit records only), per page. The load average is printed at the start and the
end, since the machine may be shared.

Without a URL it serves the built-in demo network on 127.0.0.1 and crawls that.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

WARC_TARGET = 0.10


@dataclass
class Crawl:
    pages: int
    secs: float
    warc_bytes: int = 0
    records: dict[str, int] | None = None
    cpu: float = 0.0  # CPU seconds of the process and its workers (start-up included)

    @property
    def rate(self) -> float:
        return self.pages / self.secs if self.secs else 0.0


def warc_size(data: Path) -> int:
    return sum(p.stat().st_size for p in (data / "warc").glob("*.warc.gz")) if (data / "warc").is_dir() else 0


def record_types(data: Path, run: int) -> dict[str, int]:
    with sqlite3.connect(data / "archive.db") as db:
        return dict(db.execute("SELECT record_type, count(*) FROM warc_records WHERE run_id = ? GROUP BY 1",
                               (run,)).fetchall())


def crawl_into(data: Path, start: str, resolve: list[str], *extra: str) -> Crawl:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", start, "--fast", "--no-progress",
           "--data", str(data), *extra]
    for r in resolve:
        cmd += ["--resolve", r]
    before = warc_size(data)
    used = _children_cpu()
    out = subprocess.run(cmd, capture_output=True, text=True)
    used = _children_cpu() - used
    if out.returncode != 0:
        raise SystemExit(f"archiver failed: {out.stderr.strip() or out.stdout.strip()}")
    m = re.search(r"\(run (\d+)\): (\d+) pages fetched.* in ([\d.]+) s", out.stdout)
    if m is None:
        raise SystemExit(f"no crawl summary in the output:\n{out.stdout}")
    run, pages, secs = int(m.group(1)), int(m.group(2)), float(m.group(3))
    return Crawl(pages, secs, warc_size(data) - before, record_types(data, run), used)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_archiver(start: str, resolve: list[str], *extra: str) -> tuple[int, float]:
    c = archiver_crawl(start, resolve, *extra)
    return c.pages, c.secs


def archiver_crawl(start: str, resolve: list[str], *extra: str) -> Crawl:
    with tempfile.TemporaryDirectory() as tmp:
        return crawl_into(Path(tmp), start, resolve, *extra)


def run_bare(start: str, resolve: list[str]) -> tuple[int, float]:
    out = subprocess.run([sys.executable, "-m", "bench.bare_spider", start, *resolve],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bare spider failed: {out.stderr.strip()[-500:]}")
    pages, elapsed = out.stdout.split()
    return int(pages), float(elapsed)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def compare(start: str, resolve: list[str], rounds: int) -> None:
    rows: dict[str, list[tuple[int, float, float]]] = {"archiver": [], "bare scrapy": []}
    for i in range(rounds):
        for name, fn in (("archiver", run_archiver), ("bare scrapy", run_bare)):
            before = _children_cpu()
            pages, secs = fn(start, resolve)
            cpu = _children_cpu() - before  # the whole process tree: workers and writer included
            rows[name].append((pages, secs, cpu))
            print(f"round {i + 1} {name:<12} {pages:5d} pages {secs:7.2f} s {pages / secs:8.1f} pages/s"
                  f"  cpu {1000 * cpu / pages:5.1f} ms/page  load {os.getloadavg()[0]:.2f}", flush=True)
    rate = {k: statistics.median(p / s for p, s, _ in v) for k, v in rows.items()}
    cpu = {k: statistics.median(1000 * c / p for p, _, c in v) for k, v in rows.items()}
    print(f"\nmedian pages/s: archiver {rate['archiver']:.1f}, bare scrapy {rate['bare scrapy']:.1f}")
    print(f"median CPU ms/page (whole process, start-up included): archiver {cpu['archiver']:.1f}, "
          f"bare scrapy {cpu['bare scrapy']:.1f}")
    print(f"ratio archiver / bare = {rate['archiver'] / rate['bare scrapy']:.2f}")


def compare_warc(start: str, resolve: list[str], rounds: int) -> None:
    print(f"load average at start: {load()}")
    kinds = ("warc on", "warc off", "bare scrapy")
    rates: dict[str, list[float]] = {k: [] for k in kinds}
    cpu: dict[str, list[float]] = {"warc on": [], "warc off": []}
    per_page: list[float] = []
    growth: list[float] = []
    revisit_only = True
    for i in range(rounds):
        order = kinds[i % 3:] + kinds[:i % 3]
        for kind in order:
            note = ""
            if kind == "bare scrapy":
                pages, secs = run_bare(start, resolve)
            elif kind == "warc off":
                off = archiver_crawl(start, resolve, "--no-warc")
                pages, secs = off.pages, off.secs
                cpu[kind].append(off.cpu / off.pages)
                note = f"  cpu {off.cpu:.2f} s"
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    first = crawl_into(Path(tmp), start, resolve)
                    again = crawl_into(Path(tmp), start, resolve)
                pages, secs = first.pages, first.secs
                cpu[kind].append(first.cpu / first.pages)
                per_page.append(first.warc_bytes / first.pages)
                growth.append(again.warc_bytes / again.pages)
                revisit_only &= not (again.records or {}).get("response")
                note = (f"  cpu {first.cpu:.2f} s  WARC {first.warc_bytes / 1e6:.2f} MB "
                        f"({first.warc_bytes / first.pages / 1000:.1f} kB/page); "
                        f"re-crawl +{again.warc_bytes / 1000:.0f} kB {again.records}")
            rates[kind].append(pages / secs)
            print(f"round {i + 1} {kind:<11} {pages:5d} pages {secs:7.2f} s {pages / secs:8.1f} "
                  f"pages/s{note}", flush=True)
    med = {k: statistics.median(v) for k, v in rates.items()}
    on, off = med["warc on"] / med["bare scrapy"], med["warc off"] / med["bare scrapy"]
    drop = 1 - on / off
    # the same rounds paired: each round's WARC-on rate against its WARC-off rate (load that drifts
    # between rounds hits both crawls of a round alike)
    paired = 1 - statistics.median(a / b for a, b in zip(rates["warc on"], rates["warc off"], strict=True))
    print(f"\nmedian pages/s over {rounds} rounds: WARC on {med['warc on']:.1f}, "
          f"WARC off {med['warc off']:.1f}, bare scrapy {med['bare scrapy']:.1f}")
    print(f"ratio to the bare spider: WARC on {on:.2f}, WARC off {off:.2f}; drop with WARC {drop:+.1%} "
          f"(target <= {WARC_TARGET:.0%}: {'met' if drop <= WARC_TARGET else 'NOT met'}); median of the "
          f"rounds' own on/off drops {paired:+.1%}")
    cpu_on, cpu_off = statistics.median(cpu["warc on"]), statistics.median(cpu["warc off"])
    print(f"CPU per page (process and workers): WARC on {cpu_on * 1000:.2f} ms, WARC off "
          f"{cpu_off * 1000:.2f} ms ({cpu_on / cpu_off - 1:+.1%})")
    print(f"WARC bytes per page: {statistics.median(per_page) / 1000:.1f} kB; re-crawl of the unchanged "
          f"network: +{statistics.median(growth) / 1000:.2f} kB per page "
          f"({'revisit records only' if revisit_only else 'some responses stored in full'})")
    print(f"load average at end: {load()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("start", nargs="?", help="start URL (default: the built-in demo network)")
    ap.add_argument("--resolve", action="append", default=[], help="HOST_PATTERN:ADDRESS, repeatable")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warc", action="store_true",
                    help="compare WARC capture on, off and the bare spider (alternating rounds)")
    a = ap.parse_args()
    server = None
    if a.start is None:
        from crawler.demo import demo_server

        server = demo_server()
        a.start, a.resolve = server.start_url, [server.resolve_rule]
    try:
        (compare_warc if a.warc else compare)(a.start, a.resolve, a.rounds)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
