"""The crawl's worker processes (crawler.workers): answers in order, failures raised where the task
was asked for, big payloads through the pipes, a dead worker replaced, none left behind."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from typing import Any

import pytest

from crawler import workers
from crawler.workers import WorkerLost, WorkerPool


def pid() -> int:
    return os.getpid()


def echo(value: Any) -> Any:
    return value


def fail(message: str) -> None:
    raise ValueError(message)


REMEMBERED: list[Any] = []


def remember(value: Any) -> None:
    REMEMBERED.append(value)


def remembered() -> list[Any]:
    return REMEMBERED


def nap() -> None:
    time.sleep(0.5)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


async def started(count: int = 1) -> WorkerPool:
    """A pool whose workers are up (the first tasks run inline while they start)."""
    pool = WorkerPool(count)
    pool.enabled = True
    pool.tasks = workers.INLINE_FIRST
    await pool.run(pid)  # starts them
    for _ in range(600):
        if pool.running and all(w.ready for w in pool.running):
            return pool
        await asyncio.sleep(0.05)
    raise AssertionError("no worker became ready in 30 s")


def test_tasks_run_in_another_process_and_answer_in_order() -> None:
    async def scenario() -> None:
        pool = await started()
        try:
            assert await pool.run(pid) != os.getpid()
            answers = await asyncio.gather(*(pool.run(echo, i) for i in range(200)))
            assert answers == list(range(200))
        finally:
            pool.close()

    asyncio.run(scenario())


def test_payloads_bigger_than_a_pipe_go_both_ways() -> None:
    big = os.urandom(3 << 20)  # more than a pipe holds, even widened

    async def scenario() -> None:
        pool = await started()
        try:
            assert await pool.run(echo, big) == big
            small, large = await asyncio.gather(pool.run(echo, b"x"), pool.run(echo, big + big))
            assert (small, large) == (b"x", big + big)
        finally:
            pool.close()

    asyncio.run(scenario())


def test_a_failing_task_raises_its_own_error_and_the_worker_goes_on() -> None:
    async def scenario() -> None:
        pool = await started()
        try:
            first = pool.running[0].process.pid
            with pytest.raises(ValueError, match="no good"):
                await pool.run(fail, "no good")
            assert await pool.run(pid) == first
        finally:
            pool.close()

    asyncio.run(scenario())


def test_a_dead_worker_fails_its_task_and_a_new_one_takes_the_next() -> None:
    async def scenario() -> None:
        pool = await started()
        try:
            first = pool.running[0].process.pid
            with pytest.raises(WorkerLost, match="killed by signal 9"):
                await pool.run(die)
            for _ in range(600):  # the next tasks run inline until the new worker is ready
                if await pool.run(pid) not in (first, os.getpid()):
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("no new worker took over")
            assert pool.restarts == 1
        finally:
            pool.close()

    asyncio.run(scenario())


def test_closing_ends_every_worker() -> None:
    async def scenario() -> list[Any]:
        pool = await started(2)
        processes = [w.process for w in pool.running]
        pool.close()
        return processes

    processes = asyncio.run(scenario())
    assert len(processes) == 2
    assert all(p.poll() == 0 for p in processes)


def test_without_workers_tasks_run_inline() -> None:
    async def scenario() -> None:
        pool = WorkerPool(0)
        pool.open = lambda *a: None  # type: ignore[method-assign]
        for _ in range(workers.INLINE_FIRST + 5):
            assert await pool.run(pid) == os.getpid()
        assert pool.running == []

    asyncio.run(scenario())


def test_a_worker_whose_start_fails_says_why_and_takes_no_task() -> None:
    async def scenario() -> None:
        worker = workers.Worker(asyncio.get_running_loop(), (fail, ("cannot open the index",)))
        try:
            with pytest.raises(ValueError, match="cannot open the index"):
                await asyncio.wait_for(worker.up, 30)
            assert not worker.ready
            with pytest.raises(WorkerLost):
                await asyncio.wait_for(worker.submit(pid), 30)
            assert worker.process.wait(timeout=10) == 0
        finally:
            worker.stop()

    asyncio.run(scenario())


def test_a_worker_runs_its_start_before_any_task() -> None:
    async def scenario() -> None:
        worker = workers.Worker(asyncio.get_running_loop(), (remember, ("started",)))
        try:
            answer = worker.submit(remembered)  # handed over before it is ready
            assert await asyncio.wait_for(answer, 30) == ["started"]
            assert worker.ready and await worker.submit(pid) == worker.process.pid
        finally:
            worker.stop()
        assert worker.process.returncode == 0

    asyncio.run(scenario())


def test_a_worker_whose_crawl_stopped_listening_ends_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    async def scenario() -> int:
        worker = workers.Worker(asyncio.get_running_loop(), (nap, ()))
        await worker.connecting
        worker.stop(wait=False)  # told to end while it starts ...
        assert worker.reader is not None
        worker.reader.close()  # ... and nobody reads what it says any more
        return await asyncio.get_running_loop().run_in_executor(None, worker.process.wait, 30)

    assert asyncio.run(scenario()) == 0
    assert "Traceback" not in capfd.readouterr().err


def say(text: str) -> None:
    sys.stdout.write(text)  # no newline, no flush: still in the stream's buffer when the worker ends
    sys.stderr.write(text)


def test_a_worker_ends_at_once_when_told_and_what_it_wrote_is_out(capfd: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker leaves without the interpreter's teardown of what it loaded (the crawl waits for
    it), after its buffered output is written."""
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # the worker's streams buffer what it writes

    async def scenario() -> Any:
        pool = await started()
        await pool.run(say, "said before the end")
        process = pool.running[0].process
        pool.close()
        return process

    process = asyncio.run(scenario())
    assert process.returncode == 0
    out, err = capfd.readouterr()
    assert "said before the end" in out and "said before the end" in err
    assert "Traceback" not in err
