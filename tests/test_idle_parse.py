"""Tasks waiting for a worker run in the crawl's own process while it has nothing to fetch
(crawler.idle_parse): the newest first, the worker keeping the rest in order; none while it fetches."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from pathlib import Path

from crawler.idle_parse import IdleParser

from . import test_resume_kill as kills
from .test_index_writer import rows
from .test_resume_kill import archive, run
from .test_workers import started

server, config, baseline = kills.server, kills.config, kills.baseline


def slow_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def fail_here() -> None:
    raise ValueError("bad page")


def test_waiting_tasks_run_here_while_idle_and_the_worker_keeps_the_oldest() -> None:
    async def scenario() -> list[int]:
        pool = await started()
        pool.idle_parser = IdleParser(lambda: pool.running, lambda: True)
        try:
            return await asyncio.gather(*(pool.run(slow_pid, 0.3) for _ in range(6)))
        finally:
            pool.close()

    pids = asyncio.run(scenario())
    here = [n for n, p in enumerate(pids) if p == os.getpid()]
    # two tasks are handed to the worker at once; the others wait, and the newest are taken here
    assert pids[0] != os.getpid() and pids[1] != os.getpid()
    assert here and here == list(range(6 - len(here), 6)), pids


def test_nothing_is_taken_while_the_crawl_fetches() -> None:
    fetching = [True]

    async def scenario() -> tuple[list[int], int]:
        pool = await started()
        pool.idle_parser = IdleParser(lambda: pool.running, lambda: not fetching[0])
        try:
            first = await asyncio.gather(*(pool.run(slow_pid, 0.05) for _ in range(6)))
            fetching[0] = False  # the engine has nothing left to fetch: the backlog is shared
            second = await asyncio.gather(*(pool.run(slow_pid, 0.3) for _ in range(6)))
            return first + second, pool.idle_parser.taken
        finally:
            pool.close()

    pids, taken = asyncio.run(scenario())
    assert os.getpid() not in pids[:6]
    assert pids[6:].count(os.getpid()) == taken > 0


def test_a_task_taken_here_raises_its_own_error_where_it_was_asked_for() -> None:
    async def scenario() -> tuple[list[object], int]:
        pool = await started()
        pool.idle_parser = IdleParser(lambda: pool.running, lambda: True)
        try:
            answers = await asyncio.gather(pool.run(slow_pid, 0.3), pool.run(slow_pid, 0.3),
                                           pool.run(fail_here), return_exceptions=True)
            return answers, pool.idle_parser.taken
        finally:
            pool.close()

    answers, taken = asyncio.run(scenario())
    assert taken == 1
    assert isinstance(answers[2], ValueError) and str(answers[2]) == "bad page"
    assert os.getpid() not in answers[:2]


def test_a_crawl_that_parses_while_idle_archives_the_same(config: Path, baseline: dict,
                                                          tmp_path: Path) -> None:
    shared, worker_only = tmp_path / "shared", tmp_path / "worker-only"
    for data, setting in ((shared, "True"), (worker_only, "False")):
        done = run(config, data, "-s", "ARCHIVE_WORKERS=1", "-s", f"ARCHIVE_IDLE_PARSE={setting}")
        assert done.returncode == 0 and done.stderr == "", done.stdout + done.stderr
    assert archive(shared) == archive(worker_only) == baseline
    assert rows(shared) == rows(worker_only)
    # the engine's state is read right: the backlog left once all 80 pages are fetched is shared
    assert taken(shared) > 0 and taken(worker_only) == 0


def taken(data: Path) -> int:
    """Pages the crawl's process parsed itself, as its run recorded."""
    with sqlite3.connect(data / "archive.db") as db:
        (counts,) = db.execute("SELECT counts FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(counts).get("parsed_while_idle", 0)
