"""Distributed crawls on loopback: a shared Redis frontier, one PostgreSQL index, 1 and 4 worker
processes, and a worker killed with SIGKILL mid-crawl. Each time the archive must be the one a
single SQLite crawl of the same network makes: the same articles, links, sections and tags, one
row per URL, and the same Markdown tree from ``export --format markdown`` (but for the documented
stamps: each file's ``archived_at`` line and modification time)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.redis_frontier import crawl_name

from .conftest import ROOT, crawl_args, run_cli

WORKER_TIMEOUT = "3"  # seconds without a heartbeat before a worker counts as dead


@pytest.fixture(scope="module")
def reference(network_server, tmp_path_factory) -> dict:  # noqa: ANN001
    """A single-process crawl into SQLite, and its Markdown export."""
    data = tmp_path_factory.mktemp("single")
    done = run_cli(*crawl_args(network_server, data))
    assert done.returncode == 0, done.stderr
    return snapshot(f"sqlite:///{data / 'archive.db'}", tmp_path_factory.mktemp("single-export"))


def rows(db: str, statement: str) -> list[tuple]:
    """The rows of a read-only query (what `archiver sql` runs), as comparable tuples."""
    from exporters.query import run_sql

    source = Path(db.removeprefix("sqlite:///")) if db.startswith("sqlite:///") else db
    found = run_sql(source, statement, None)[1]
    return sorted(tuple(json.dumps(v, default=str) for v in r.values()) for r in found)


def snapshot(db: str, export_dir: Path) -> dict:
    """What must be equal: rows keyed by URL (never by id), counts, and the exported files."""
    done = run_cli("export", "--format", "markdown", "--to", str(export_dir / "md"), "--db", db, "--force")
    assert done.returncode == 0, done.stderr
    files = {}
    for path in sorted((export_dir / "md").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        files[str(path.relative_to(export_dir / "md"))] = "\n".join(
            line for line in text.splitlines() if not line.startswith("archived_at:"))
    return {
        "articles": rows(db, "SELECT url, title, date_text, description, content_hash, status FROM articles"),
        "links": rows(db, "SELECT a.url, l.position, l.to_url, l.anchor FROM links l "
                          "JOIN articles a ON a.id = l.from_article_id"),
        "sections": rows(db, "SELECT a.url, s.position, s.heading, s.level, s.markdown FROM sections s "
                             "JOIN articles a ON a.id = s.article_id"),
        "tags": rows(db, "SELECT a.url, x.position, t.name FROM article_tags x "
                         "JOIN tags t ON t.id = x.tag_id "
                         "JOIN articles a ON a.id = x.article_id"),
        "categories": rows(db, "SELECT a.url, x.position, c.name FROM article_categories x "
                               "JOIN categories c ON c.id = x.category_id "
                               "JOIN articles a ON a.id = x.article_id"),
        "authors": rows(db, "SELECT a.url, x.position, p.name, p.url FROM article_authors x "
                            "JOIN authors p ON p.id = x.author_id JOIN articles a ON a.id = x.article_id"),
        "unique": rows(db, "SELECT count(*) AS n, count(DISTINCT url) AS d FROM articles"),
        "files": files,
    }


def assert_same_archive(got: dict, expected: dict) -> None:
    assert len(expected["articles"]) == 40 and len(expected["files"]) == 40
    for key in ("articles", "links", "sections", "tags", "categories", "authors", "unique"):
        assert got[key] == expected[key], key
    assert got["unique"] == [('40', '40')]
    assert sorted(got["files"]) == sorted(expected["files"])
    for name, text in expected["files"].items():
        assert got["files"][name] == text, name


def spawn(*args: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


def distributed(server, tmp: Path, db: str, frontier: tuple[str, str], workers: int,  # noqa: ANN001
                extra: tuple[str, ...] = ()) -> tuple[list[subprocess.Popen], list[Path]]:
    """The crawl started by one `archiver crawl --frontier`, and `workers - 1` workers joining it
    (`archiver worker NAME`, the fourth `archiver crawl URL --join`)."""
    url, prefix = frontier
    common = ["--resolve", server.resolve_rule, "--fast", "--no-progress", "--db", db, "--frontier", url,
              "-s", f"ARCHIVE_FRONTIER_PREFIX={prefix}", "-s", f"ARCHIVE_WORKER_TIMEOUT={WORKER_TIMEOUT}",
              *extra]
    logs = [tmp / f"worker{i}.log" for i in range(workers)]
    name = crawl_name(None, [server.start_url])
    procs = [spawn("worker", name, "--data", str(tmp / f"w{i}"), "--wait", "60", *common, log=logs[i])
             if i < 3 else  # the fourth joins as `archiver crawl URL --join` does
             spawn("crawl", server.start_url, "--join", "--data", str(tmp / f"w{i}"), *common, log=logs[i])
             for i in range(1, workers)]
    if procs:  # the workers wait for the crawl: started first, they are ready when it begins
        time.sleep(2.5)
    procs.insert(0, spawn("crawl", server.start_url, "--data", str(tmp / "w0"), *common, log=logs[0]))
    return procs, logs


def finish(procs: list[subprocess.Popen], logs: list[Path], timeout: float = 180) -> list[str]:
    outputs = []
    for proc, log in zip(procs, logs, strict=True):
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        outputs.append(log.read_text())
    return outputs


@pytest.mark.parametrize("workers", [1, 4])
def test_workers_on_a_shared_frontier_make_the_single_crawls_archive(
        workers: int, network_server, reference, postgres_url, redis_frontier, tmp_path) -> None:  # noqa: ANN001
    # few requests per worker at a time, and the shared per-host limits pacing the crawl, so that
    # the work spreads over the workers (the network is small: one worker alone crawls it in ~2 s)
    procs, logs = distributed(network_server, tmp_path, postgres_url, redis_frontier, workers,
                              ("-s", "CONCURRENT_REQUESTS=4", "-s", "ARCHIVE_HOST_DELAY=0.2",
                               "-s", "ARCHIVE_HOST_CONCURRENCY=2"))
    outputs = finish(procs, logs)
    for proc, out in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out[-3000:]
        assert "(finished): 40 articles by all workers" in out, out[-3000:]
    runs = json.loads(run_cli("runs", "--db", postgres_url, "--json").stdout)
    assert len(runs) == workers and all(r["status"] == "finished" for r in runs)
    assert sum(r["articles_new"] for r in runs) == 40
    if workers > 1:
        assert sum(1 for r in runs if r["pages"]) >= 2, runs  # the work was shared
    assert_same_archive(snapshot(postgres_url, tmp_path / "export"), reference)


def test_a_worker_killed_mid_crawl_loses_nothing(network_server, reference, postgres_url, redis_frontier,
                                                 tmp_path) -> None:  # noqa: ANN001
    """Three workers, slowed by the shared per-host limits; once pages are stored, the worker with
    the most requests in progress is killed with SIGKILL. Its requests go back to the queue when its
    heartbeat stops, the others finish the crawl, and the archive is exact."""
    import redis
    from sqlalchemy import create_engine, text

    from exporters.store.postgres import engine_url

    engine = create_engine(engine_url(postgres_url))
    # small batches: pages are stored (and their requests done) as the crawl goes
    procs, logs = distributed(network_server, tmp_path, postgres_url, redis_frontier, 3,
                              ("-s", "CONCURRENT_REQUESTS=4", "-s", "ARCHIVE_HOST_DELAY=0.15",
                               "-s", "ARCHIVE_HOST_CONCURRENCY=2", "-s", "ARCHIVE_BATCH_SIZE=2"))
    client = redis.Redis.from_url(redis_frontier[0])
    victim = None
    deadline = time.monotonic() + 90
    while victim is None and time.monotonic() < deadline and any(p.poll() is None for p in procs):
        busy = {}
        for key in client.scan_iter(match=f"{redis_frontier[1]}:*:processing:*"):
            busy[key.decode().rsplit(":processing:", 1)[1]] = client.hlen(key)
        stored = 0
        if busy:
            with engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM articles")).scalar() if conn.execute(
                    text("SELECT to_regclass('articles')")).scalar() else 0
        if busy and stored >= 3 and max(busy.values()) >= 2:
            worker = max(busy, key=busy.get)
            pid = int(worker.split(":")[1])
            victim = next(p for p in procs if p.pid == pid)
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    engine.dispose()
    assert victim is not None, "no worker had requests in progress"
    outputs = finish(procs, logs)
    survivors = [(p, out) for p, out in zip(procs, outputs, strict=True) if p is not victim]
    assert victim.returncode == -signal.SIGKILL
    for proc, out in survivors:
        assert proc.returncode == 0, out[-3000:]
    assert any("requests of stopped workers taken over" in out for _p, out in survivors)
    assert_same_archive(snapshot(postgres_url, tmp_path / "export"), reference)


def test_joining_and_starting_a_crawl_that_is_running(network_server, postgres_url, redis_frontier,
                                                     tmp_path) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    nobody = run_cli("worker", "nothing-here", "--frontier", url, "-s", f"ARCHIVE_FRONTIER_PREFIX={prefix}",
                     "--wait", "0.5", "--db", postgres_url, "--data", str(tmp_path / "x"))
    assert nobody.returncode == 2
    assert nobody.stderr.startswith("error: no crawl 'nothing-here' on the frontier")
    procs, logs = distributed(network_server, tmp_path, postgres_url, redis_frontier, 1,
                              ("-s", "ARCHIVE_HOST_DELAY=0.1", "-s", "ARCHIVE_HOST_CONCURRENCY=1"))
    # another worker, as far as the frontier can tell: alive (a heartbeat in the future) and with a
    # request in progress, so the crawl cannot end before the checks below are done
    import redis

    from crawler.redis_frontier import SharedCrawl

    crawl = SharedCrawl(redis.Redis.from_url(url), prefix, crawl_name(None, [network_server.start_url]))
    crawl.join("", wait=60)
    crawl.client.hset(crawl.base + "processing:phantom", "fp", "request")
    crawl.client.hset(crawl.base + "workers", "phantom", "9999999999")
    again = run_cli(*crawl_args(network_server, tmp_path / "again"), "--db", postgres_url, "--frontier", url,
                    "-s", f"ARCHIVE_FRONTIER_PREFIX={prefix}")
    assert again.returncode == 75, again.stderr
    assert "is running on the frontier" in again.stderr and "archiver worker urls-" in again.stderr
    alone = run_cli(*crawl_args(network_server, tmp_path / "alone"), "--db", postgres_url)
    assert alone.returncode == 75 and "a distributed crawl is writing the index" in alone.stderr, alone.stderr
    assert procs[0].poll() is None  # still waiting for the phantom worker
    crawl.client.hdel(crawl.base + "workers", "phantom")
    crawl.client.delete(crawl.base + "processing:phantom")
    outputs = finish(procs, logs)
    assert procs[0].returncode == 0, outputs[0][-2000:]
    late = run_cli("worker", crawl_name(None, [network_server.start_url]), "--frontier", url,
                   "-s", f"ARCHIVE_FRONTIER_PREFIX={prefix}", "--wait",
                   "0.5", "--db", postgres_url, "--data", str(tmp_path / "late"), "--fast", "--no-progress",
                   "--resolve", network_server.resolve_rule)
    assert late.returncode == 0, late.stderr
    assert "(finished): 40 articles by all workers" in late.stdout
    assert "Crawl finished (run 2): 0 pages fetched" in late.stdout  # nothing crawled again


def test_shared_host_limits_hold_across_workers(redis_frontier) -> None:  # noqa: ANN001
    """Two workers' limiters on one host: never more than the cap at once, and the leases at least
    the delay apart."""
    import redis

    from crawler.middlewares.host_limit import HostLimiter

    url, prefix = redis_frontier
    a, b = (HostLimiter(redis.Redis.from_url(url), prefix, concurrency=2, delay=0.1, lease=30) for _ in "ab")
    granted: list[float] = []
    held: list[tuple[HostLimiter, str]] = []
    start = time.monotonic()
    for i in range(6):
        limiter = (a, b)[i % 2]
        while True:
            if len(held) == 2:  # the cap: the oldest lease ends before another is granted
                assert limiter.try_acquire("h.test", f"x{i}") > 0
                oldest = held.pop(0)
                oldest[0].release("h.test", oldest[1])
            wait = limiter.try_acquire("h.test", f"lease{i}")
            if wait == 0:
                break
            time.sleep(wait)
        granted.append(time.monotonic() - start)
        held.append((limiter, f"lease{i}"))
    gaps = [b2 - b1 for b1, b2 in zip(granted, granted[1:], strict=False)]
    assert min(gaps) >= 0.09, gaps
    assert a.try_acquire("other.test", "y") == 0  # hosts are separate
