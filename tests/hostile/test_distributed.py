"""The hostile web crawled by two workers on a shared frontier into PostgreSQL gives the archive the
single crawl gives: the same articles under the same URLs with the same canonical claims, pages
claiming a same-site canonical URL settled the same way whichever worker fetched what. Excepted:
the pages of spider traps, which a crawl guard bounds per process (which pages of an endless
calendar a crawl takes depends on the order it fetches them in)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter

from crawler.guards import url_pattern
from crawler.redis_frontier import crawl_name
from exporters.query import run_sql

from ..conftest import ROOT
from .conftest import TEST_SETTINGS, Crawl
from .web import HostileWeb


def test_two_workers_archive_what_one_crawl_archives(hostile: HostileWeb, crawled: Crawl, postgres_url: str,
                                                      redis_frontier: tuple[str, str], tmp_path) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    common = ["--resolve", "*:127.0.0.1", "--fast", "--no-progress", "--db", postgres_url, "--frontier", url,
              "-s", f"ARCHIVE_FRONTIER_PREFIX={prefix}", "-s", "CONCURRENT_REQUESTS=4"]
    for name, value in TEST_SETTINGS.items():
        common += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    logs = [tmp_path / "w0.log", tmp_path / "w1.log"]
    name = crawl_name(None, [hostile.start_url])
    worker = subprocess.Popen([sys.executable, "-m", "crawler.cli", "worker", name, "--data",
                               str(tmp_path / "w1"), *common], cwd=ROOT, env=env, stdout=logs[1].open("w"),
                              stderr=subprocess.STDOUT)
    time.sleep(2.5)
    starter = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", hostile.start_url, "--data",
                                str(tmp_path / "w0"), *common], cwd=ROOT, env=env, stdout=logs[0].open("w"),
                               stderr=subprocess.STDOUT)
    for proc, log in ((starter, logs[0]), (worker, logs[1])):
        assert proc.wait(timeout=300) == 0, log.read_text()[-3000:]
    rows = run_sql(postgres_url, "SELECT url, title, canonical_claim FROM articles", None)[1]
    distributed = {r["url"]: (r["title"], r["canonical_claim"]) for r in rows}
    single = {u: (title, claim) for u, (title, _path, claim) in crawled.articles().items()}
    bound = int(TEST_SETTINGS["ARCHIVE_MAX_PAGES_PER_PATTERN"])
    traps = {p for p, n in Counter(url_pattern(u) for u in [*single, *distributed]).items() if n >= bound}
    assert traps  # the calendar trap is there, and bounded

    def outside(articles: dict) -> dict:
        return {u: v for u, v in articles.items() if url_pattern(u) not in traps}

    assert outside(distributed) == outside(single)
    assert len(outside(single)) >= 40
    assert run_sql(postgres_url, "SELECT count(*) AS n, count(DISTINCT url) AS d FROM articles",
                   None)[1] == [{"n": len(distributed), "d": len(distributed)}]
