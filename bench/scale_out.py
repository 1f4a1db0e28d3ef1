"""Distributed crawl throughput: 1, 2, 4… worker processes on one Redis frontier and one PostgreSQL
index, side by side in one run, with what the machine was doing meanwhile.

For each worker count (and round) the benchmark makes a fresh PostgreSQL database and a fresh key
prefix in Redis, starts the workers (``archiver worker``, waiting for the crawl) and then the crawl
(``archiver crawl --frontier … --db …``), and waits for all of them. Printed per configuration:

* pages fetched by all workers, the crawl's span (first worker's spider open to last one's close,
  from the ``runs`` table) and pages/s over the span; the speed-up against one worker;
* per-worker pages/s (each worker's pages over its own crawl time);
* CPU: the worker processes' (user + system, their parse pools included) and the database's and
  Redis's (their processes sampled during the run), each per page;
* the load average before and after, and the machine's busy share during the run (all processes,
  other users' included: the machine is shared).

From the CPU per page it prints what N machines would do: each worker machine of ``k`` cores gives
at most ``k / worker CPU per page`` pages/s, and the database and Redis, on a machine of their own
with ``K`` cores, at most ``K / their CPU per page``.

    python3 -m bench.scale_out                                   # 3,000-post Hexo network, 1 2 4 workers
    python3 -m bench.scale_out --workers 1 2 --rounds 2
    python3 -m bench.scale_out URL --resolve '*.example.test:127.0.0.1'

Needs PostgreSQL (``--postgres``, a database it may create others from) and Redis (``--frontier``),
and the network served: ``cd ../shared/sites && WORK=/tmp/sites-big PORT=18081 ./serve.sh start``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HEXO_URL = "http://alpha.news.test:18081/"
HEXO_RESOLVE = "*.news.test:127.0.0.1"
SERVICES = ("postgres", "redis-server")


@dataclass
class Result:
    workers: int
    pages: int
    span: float
    wall: float
    worker_cpu: float
    service_cpu: float
    per_worker: list[float] = field(default_factory=list)
    articles: int = 0
    wal_bytes: int = 0
    load_before: float = 0.0
    load_after: float = 0.0
    busy: float = 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.span if self.span else 0.0


def _ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _service_cpu(seen: dict[int, float]) -> None:
    """Record the CPU seconds of every PostgreSQL and Redis process now alive (max per pid)."""
    hz = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        if name.startswith(SERVICES):
            parts = stat[stat.rindex(")") + 2:].split()
            cpu = (int(parts[11]) + int(parts[12])) / hz
            seen[int(entry.name)] = max(seen.get(int(entry.name), 0.0), cpu)


def _psql(admin: str, statement: str) -> object:
    import psycopg

    with psycopg.connect(admin.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchone()[0] if cursor.description else None


def _runs(db: str) -> list[tuple]:
    from sqlalchemy import create_engine, text

    from exporters.store.postgres import engine_url

    engine = create_engine(engine_url(db))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT r.started_at, r.finished_at, p.pages, p.duration_s, p.articles_new "
                                 "FROM runs r JOIN run_reports p ON p.run_id = r.id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def run(url: str, resolve: list[str], workers: int, admin: str, frontier: str, extra: list[str]) -> Result:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    _psql(admin, f'CREATE DATABASE "{name}"')
    db = f"{admin.rsplit('/', 1)[0]}/{name}"
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    common = ["--fast", "--no-progress", "--db", db, "--frontier", frontier, "-s",
              f"ARCHIVE_FRONTIER_PREFIX={prefix}", *extra]
    for rule in resolve:
        common += ["--resolve", rule]
    from crawler.redis_frontier import crawl_name

    seen: dict[int, float] = {}
    _service_cpu(seen)
    before = dict(seen)
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, total0 = _ticks()
    wal0 = _psql(admin, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        procs = [subprocess.Popen([sys.executable, "-m", "crawler.cli", "worker", crawl_name(None, [url]),
                                   "--data", f"{tmp}/w{i}", "--wait", "120", *common],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for i in range(1, workers)]
        time.sleep(3.0 if procs else 0)  # the workers wait for the crawl, ready when it starts
        start = time.monotonic()
        procs.insert(0, subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", url, "--data",
                                          f"{tmp}/w0", *common], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, text=True))
        while any(p.poll() is None for p in procs):
            _service_cpu(seen)
            time.sleep(0.5)
        wall = time.monotonic() - start
        failed = [p.stderr.read() for p in procs if p.returncode != 0 and p.stderr is not None]
        if failed:
            raise SystemExit(f"a worker failed: {failed[0][-2000:]}")
    busy1, total1 = _ticks()
    wal1 = _psql(admin, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs = _runs(db)
    _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    span = (max(r[1] for r in runs) - min(r[0] for r in runs)).total_seconds()
    return Result(
        workers=workers, pages=sum(r[2] for r in runs), span=span, wall=wall,
        worker_cpu=(cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime),
        service_cpu=sum(v - before.get(pid, 0.0) for pid, v in seen.items()),
        per_worker=[r[2] / r[3] for r in runs if r[3]], articles=sum(r[4] for r in runs),
        wal_bytes=int(wal1) - int(wal0), load_before=load_before,
        load_after=os.getloadavg()[0], busy=(busy1 - busy0) / max(1, total1 - total0))


def baseline(url: str, resolve: list[str], extra: list[str]) -> tuple[int, float, float]:
    """A crawl of one process into SQLite with the in-memory frontier, as without scale-out:
    (pages, crawl seconds, CPU seconds)."""
    import re

    cmd = [sys.executable, "-m", "crawler.cli", "crawl", url, "--fast", "--no-progress", *extra]
    for rule in resolve:
        cmd += ["--resolve", rule]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        done = subprocess.run([*cmd, "--data", tmp], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = re.search(r"(\d+) pages fetched.* in ([\d.]+) s", done.stdout)
    if done.returncode != 0 or not found:
        raise SystemExit(f"the single crawl failed: {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return int(found.group(1)), float(found.group(2)), cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", default=HEXO_URL)
    parser.add_argument("--resolve", action="append", default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--frontier", default="redis://127.0.0.1:6379/0")
    parser.add_argument("-s", "--set", dest="settings", action="append", default=[],
                        help="extra NAME=VALUE settings for every worker")
    args = parser.parse_args(argv)
    resolve = args.resolve if args.resolve is not None else ([HEXO_RESOLVE] if args.url == HEXO_URL else [])
    extra = [x for pair in args.settings for x in ("-s", pair)]
    results: dict[int, list[Result]] = {n: [] for n in args.workers}
    singles: list[tuple[int, float, float]] = []
    for round_no in range(args.rounds):
        load = os.getloadavg()[0]
        singles.append(baseline(args.url, resolve, extra))
        pages, secs, cpu = singles[-1]
        print(f"round {round_no + 1}, one process, SQLite, no frontier: {pages} pages in {secs:.1f} s = "
              f"{pages / secs:.1f} pages/s, {1000 * cpu / pages:.2f} ms CPU/page; load {load:.2f}",
              flush=True)
        for n in args.workers:  # one configuration after the other in each round, side by side
            r = run(args.url, resolve, n, args.postgres, args.frontier, extra)
            results[n].append(r)
            print(f"round {round_no + 1}, {n} worker(s): {r.pages} pages in {r.span:.1f} s = "
                  f"{r.rate:.1f} pages/s; "
                  f"load {r.load_before:.2f} -> {r.load_after:.2f}, machine busy {r.busy:.0%}", flush=True)
    base = statistics.median(r.rate for r in results[args.workers[0]])
    print("\nworkers  pages  span s  pages/s  speed-up  per-worker pages/s  worker CPU ms/page  "
          "db+redis CPU ms/page  load avg (1 min)  machine busy")
    summary = {}
    for n, rs in results.items():
        pick = sorted(rs, key=lambda r: r.rate)[len(rs) // 2]
        worker_ms = 1000 * pick.worker_cpu / max(1, pick.pages)
        service_ms = 1000 * pick.service_cpu / max(1, pick.pages)
        summary[n] = (worker_ms, service_ms)
        print(f"{n:>7}  {pick.pages:>5}  {pick.span:>6.1f}  {pick.rate:>7.1f}  {pick.rate / base:>7.2f}x  "
              f"{statistics.mean(pick.per_worker or [0]):>18.1f}  {worker_ms:>18.2f}  {service_ms:>20.2f}  "
              f"{pick.load_before:>6.2f} -> {pick.load_after:<6.2f}  {pick.busy:>11.0%}")
    first = sorted(results[args.workers[0]], key=lambda r: r.rate)[len(results[args.workers[0]]) // 2]
    print(f"\nWAL written: {first.wal_bytes / max(1, first.articles) / 1024:.1f} kB per archived article "
          f"({first.articles} articles, {first.wal_bytes / 2**20:.0f} MiB)")
    pages, secs, cpu = sorted(singles, key=lambda x: x[0] / x[1])[len(singles) // 2]
    print(f"one process, SQLite, in-memory frontier: {pages / secs:.1f} pages/s, "
          f"{1000 * cpu / pages:.2f} ms CPU/page")
    worker_ms, service_ms = summary[args.workers[0]]
    print(f"\nOne core gives at most {1000 / worker_ms:.0f} pages/s of worker CPU ({worker_ms:.2f} ms/page); "
          f"the database and Redis take {service_ms:.2f} ms/page,")
    print(f"so one core of theirs serves {1000 / max(service_ms, 1e-9):.0f} pages/s. N worker machines of k "
          f"cores: about N x k x {1000 / worker_ms:.0f} pages/s,")
    print("until the database machine's cores run out (see the README's sizing notes); the sites' own "
          "politeness limits come first on real networks.")


if __name__ == "__main__":
    main()
