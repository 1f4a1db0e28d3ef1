"""Processes started before the crawl engine (crawler.prestart): adopted by the worker pool and the
index writer, ended when nobody adopts them, and a crawl that starts them archives the same as one
that starts them on demand."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from crawler.prestart import Prestarted, prestart, wanted
from crawler.workers import Spawned, WorkerPool

from . import test_resume_kill as kills
from .test_index_writer import rows
from .test_resume_kill import archive, run

server, config, baseline = kills.server, kills.config, kills.baseline


def pid() -> int:
    return os.getpid()


def test_the_pool_hands_its_first_tasks_to_the_process_started_before_it() -> None:
    spawned = Spawned()

    async def scenario() -> None:
        pool = WorkerPool(1)
        pool.enabled = True
        pool.spawned = [spawned]
        try:
            await pool.run(pid)  # adopts it (this task runs inline while the pipes are joined)
            assert [w.process.pid for w in pool.running] == [spawned.process.pid]
            for _ in range(600):
                if pool.running[0].ready:
                    break
                await asyncio.sleep(0.05)
            assert await pool.run(pid) == spawned.process.pid
            assert pool.spawned == []
        finally:
            pool.close()

    asyncio.run(scenario())
    assert spawned.process.wait(timeout=30) == 0


def test_a_process_nobody_adopts_ends_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    spawned = Spawned()
    spawned.close()
    assert spawned.process.wait(timeout=30) == 0
    spawned.close()  # twice: nothing more to do
    assert capfd.readouterr().err == ""


def test_the_parsers_a_pool_does_not_take_are_ended_and_the_writer_is_kept() -> None:
    parsers = [Spawned(), Spawned()]
    started = Prestarted(list(parsers), Spawned())
    taken = started.take_parsers(1)
    writer = started.take_writer()
    try:
        assert taken == parsers[:1] and started.parsers == []
        assert parsers[1].process.wait(timeout=30) == 0  # the one not taken ends
        assert taken[0].process.poll() is None and writer is not None and writer.process.poll() is None
        assert started.take_writer() is None
    finally:
        for spawned in [*taken, writer]:
            assert spawned is not None
            spawned.close()
            assert spawned.process.wait(timeout=30) == 0


def test_prestart_starts_what_the_settings_ask_for(tmp_path: Path) -> None:
    settings = {"ARCHIVE_WORKERS": "2", "ARCHIVE_INDEX_WRITER": "auto"}
    started = prestart(lambda name, default=None: settings.get(name, default), f"sqlite:///{tmp_path}/a.db")
    assert len(started.parsers) == 2 and started.writer is not None
    processes = [s.process for s in started.parsers] + [started.writer.process]
    started.close()
    assert [p.wait(timeout=30) for p in processes] == [0, 0, 0]
    settings = {"ARCHIVE_WORKERS": "0", "ARCHIVE_FRONTIER": "redis://127.0.0.1:6379/0"}
    none = prestart(lambda name, default=None: settings.get(name, default), "sqlite:///unused.db")
    assert none.parsers == [] and none.writer is None  # no workers, and a shared crawl has no writer


@pytest.mark.parametrize(("setting", "new", "expected"), [
    ("auto", True, True), ("auto", False, False), ("True", False, True), ("false", True, False),
    (True, False, True), (False, True, False)])
def test_prestart_is_for_new_archives_unless_told(setting: object, new: bool, expected: bool) -> None:
    assert wanted(setting, new) is expected


def test_a_crawl_that_starts_its_processes_early_archives_the_same(config: Path, baseline: dict,
                                                                    tmp_path: Path) -> None:
    early, on_demand = tmp_path / "early", tmp_path / "on-demand"
    done = run(config, early, "-s", "ARCHIVE_PRESTART=True")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    done = run(config, on_demand, "-s", "ARCHIVE_PRESTART=False")
    assert done.returncode == 0, done.stdout + done.stderr
    assert archive(early) == archive(on_demand) == baseline
    assert rows(early) == rows(on_demand)
    again = run(config, early, "-s", "ARCHIVE_PRESTART=True")  # into an existing archive: all unchanged
    assert again.returncode == 0 and "0 new, 0 changed, 80 unchanged" in again.stdout, again.stdout
