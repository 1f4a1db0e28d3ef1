"""Worker processes for the CPU work of a crawl (``ARCHIVE_WORKERS``).

Scrapy's networking runs in one thread; parsing pages is the crawl's heaviest CPU work. Running
it in other processes lets the crawl use more than one core: the spider parses pages through
:meth:`WorkerPool.run` (Markdown is rendered by the index writer, :mod:`crawler.index_writer`).
With 0 workers, or without the asyncio reactor, the same functions run inline.

Each worker is a child process joined to the crawl's event loop by two pipes: a task goes out as
one length-prefixed pickle (``fn``, ``args``), its answer comes back the same way, in order, and is
read by the loop itself when it arrives. There is no broker thread in between (as in
:class:`concurrent.futures.ProcessPoolExecutor`), so the crawl's thread never waits on a wake-up
pipe nor gives the interpreter lock to a thread that only moves tasks along.

The workers start only once a crawl has real work for them (:data:`INLINE_FIRST` tasks), and tasks
run inline until a worker is ready: a re-crawl of an unchanged network, which parses next to
nothing, never pays for starting processes, and a first crawl never waits for them (a crawl into a
new archive starts them while Scrapy loads: :mod:`crawler.prestart`). A worker ends
when its task pipe closes, so it never outlives the crawl, even one killed with ``kill -9``. A
worker that dies (killed, or crashed by a page) fails the tasks it held with :class:`WorkerLost`;
the next tasks go to a new one (at most :data:`MAX_RESTARTS` times a crawl, then they run inline).
Tasks waiting for a worker are taken by the crawl's own process while it has nothing to fetch
(:mod:`crawler.idle_parse`).
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

from .idle_parse import IdleParser, nothing_to_fetch
from .options import setting_on

T = TypeVar("T")
#: Tasks run inline before the worker processes are started.
INLINE_FIRST = 16
#: How often a process started for the crawl (the index writer) checks the crawl is still there.
PARENT_CHECK_SECONDS = 1.0
#: Workers started again after one died, per crawl; later tasks run inline.
MAX_RESTARTS = 3
#: Tasks handed to a worker at a time: one at work, one read next; the others wait here unpickled
#: (their pages are in memory anyway), not as second copies in a pipe's buffer.
IN_FLIGHT = 2
#: How long a worker is given to finish its task when the crawl ends.
STOP_SECONDS = 5.0

#: The pipes' capacity where the system lets it be set (Linux allows 1 MiB by default).
PIPE_BYTES = 1 << 20

HEADER = struct.Struct("!Q")
READY = b"ready"
_BOOT = ("import sys, json; sys.path[:] = json.loads(sys.argv[3]); "
         "from crawler.workers import run_worker; run_worker(int(sys.argv[1]), int(sys.argv[2]))")


def _widen(fd: int) -> None:
    """Let a pipe hold :data:`PIPE_BYTES` (Linux): a worker then writes a whole answer and goes
    on with its next task without waiting for the crawl's loop to come round and read it."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # another system, or a lower limit: as it is
        pass


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class WorkerLost(RuntimeError):
    """The worker process running a task ended before it answered."""


def default_workers() -> int:
    """One worker per spare core, at most two: the main process keeps a core for Scrapy."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def worker_count(setting: Any) -> int:
    """The number of parsing workers ``ARCHIVE_WORKERS`` asks for (``auto``: :func:`default_workers`)."""
    return default_workers() if setting in (None, "", "auto") else int(setting)


def warm_up() -> None:
    """A parsing worker's start: the parser imported and its first page parsed before any task."""
    from .parsers import parse_article

    parse_article("http://example.invalid/", "<html><body><p>warm up</p></body></html>")


def _answer(answers: BinaryIO, data: bytes) -> None:
    answers.write(HEADER.pack(len(data)))
    answers.write(data)
    answers.flush()


def _outcome(data: bytes) -> tuple[bool, bytes]:
    try:
        fn, args = pickle.loads(data)
        answer: tuple[bool, Any] = (True, fn(*args))
    except Exception as exc:  # the task's own failure, raised again in the crawl
        answer = (False, exc)
    try:
        return answer[0], pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an answer that does not pickle: its failure, as text
        return False, pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")),
                                   pickle.HIGHEST_PROTOCOL)


def _task(tasks: BinaryIO) -> bytes | None:
    """The next task's bytes, or None once the crawl is done or gone."""
    head = tasks.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    data = tasks.read(size) if size else b""
    return data if size and len(data) == size else None


def serve(tasks_fd: int, answers_fd: int) -> None:
    """A worker process's loop: run its start task (the first one) and say it is ready, then read
    a task, run it, answer; end when the task pipe closes or its start task fails."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle: it ends us
    try:
        with os.fdopen(tasks_fd, "rb") as tasks, os.fdopen(answers_fd, "wb") as answers:
            start = _task(tasks)
            if start is None:
                return
            ok, answer = _outcome(start)
            _answer(answers, READY if ok else answer)
            while ok and (data := _task(tasks)) is not None:
                _answer(answers, _outcome(data)[1])
    except BrokenPipeError:  # the crawl is gone, or stopped listening (an answer it no longer waits for)
        pass


def run_worker(tasks_fd: int, answers_fd: int) -> None:
    """A worker process's whole life: :func:`serve`, then an immediate exit. Its work is done and
    answered by then (the index writer's index closed, its batches committed), and the
    interpreter's teardown of the modules it loaded (SQLAlchemy, numpy, lxml) would take 0.1 s or
    more of a crawl that waits for its processes to end."""
    serve(tasks_fd, answers_fd)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)


class _Answers(asyncio.Protocol):
    """Reads a worker's length-prefixed answers as they arrive, on the crawl's event loop."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        start = 0
        while len(self.buffer) - start >= HEADER.size:
            (size,) = HEADER.unpack_from(self.buffer, start)
            end = start + HEADER.size + size
            if len(self.buffer) < end:
                break
            self.worker.answered(self.buffer[start + HEADER.size:end])
            start = end
        if start:
            del self.buffer[:start]

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.lost()


class Spawned:
    """A worker process started, its start task handed over, not yet joined to an event loop: a
    crawl starts its processes while Scrapy is still being loaded (see :mod:`crawler.prestart`), and a
    :class:`Worker` adopts each once the loop runs. One never adopted is ended by :meth:`close`."""

    def __init__(self, start: tuple[Callable[..., Any], tuple[Any, ...]] = (warm_up, ())) -> None:
        tasks_read, self.tasks_fd = os.pipe()
        self.answers_fd, answers_write = os.pipe()
        for fd in (self.tasks_fd, self.answers_fd):
            _widen(fd)
        try:
            first = pickle.dumps(start, pickle.HIGHEST_PROTOCOL)
            os.write(self.tasks_fd, HEADER.pack(len(first)) + first)  # a few bytes: never blocks
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(tasks_read), str(answers_write), json.dumps(sys.path)],
                pass_fds=(tasks_read, answers_write), stdin=subprocess.DEVNULL)
        except OSError:
            for fd in (self.tasks_fd, self.answers_fd):
                os.close(fd)
            raise
        finally:
            os.close(tasks_read)
            os.close(answers_write)
        self.adopted = False

    def close(self) -> None:
        """End a process no worker adopted: its task pipe closes, it ends once its start is done."""
        if not self.adopted:
            self.adopted = True
            for fd in (self.tasks_fd, self.answers_fd):
                os.close(fd)


class Worker:
    """One worker process and the futures of the tasks it holds, answered in order.

    ``start`` (a function and its arguments) runs in the new process before any task: the worker
    is :attr:`ready` once it returned (:attr:`up` then holds True), and ends if it raised
    (:attr:`up` then holds that error). ``spawned``: a process started earlier with its own start
    task, adopted instead of starting one."""

    def __init__(self, loop: asyncio.AbstractEventLoop,
                 start: tuple[Callable[..., Any], tuple[Any, ...]] = (warm_up, ()),
                 spawned: Spawned | None = None) -> None:
        spawned = spawned if spawned is not None else Spawned(start)
        self.process, self.tasks_fd = spawned.process, spawned.tasks_fd
        answers_fd = spawned.answers_fd
        spawned.adopted = True
        self.up: asyncio.Future[bool] = loop.create_future()
        self.waiting: deque[asyncio.Future[Any]] = deque()  # handed over, answered in this order
        self.queued: deque[tuple[asyncio.Future[Any], Callable[..., Any], tuple[Any, ...]]] = deque()
        self.alive = True
        self.transport: asyncio.WriteTransport | None = None
        self.reader: asyncio.BaseTransport | None = None
        self.connecting = loop.create_task(self._connect(loop, answers_fd))

    async def _connect(self, loop: asyncio.AbstractEventLoop, answers_fd: int) -> None:
        self.transport, _ = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(self.tasks_fd, "wb"))
        self.reader, _ = await loop.connect_read_pipe(lambda: _Answers(self), os.fdopen(answers_fd, "rb"))
        self._next()  # what was submitted while the pipes were being joined to the loop

    @property
    def ready(self) -> bool:
        return self.up.done() and self.up.exception() is None

    @property
    def load(self) -> int:
        return len(self.waiting) + len(self.queued)

    def submit(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """``fn(*args)`` in this worker, after the tasks submitted before it (once it is ready)."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        if not self.alive:
            future.set_exception(WorkerLost("the worker process has ended"))
        else:
            self.send(future, fn, args)
        return future

    def send(self, future: asyncio.Future[Any], fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        """Hand the task over now if fewer than :data:`IN_FLIGHT` are, else once one is answered."""
        if len(self.waiting) >= IN_FLIGHT or self.transport is None:
            self.queued.append((future, fn, args))
            return
        data = pickle.dumps((fn, args), pickle.HIGHEST_PROTOCOL)
        self.waiting.append(future)
        self.transport.write(HEADER.pack(len(data)) + data)

    def _next(self) -> None:
        while self.queued and len(self.waiting) < IN_FLIGHT:
            future, fn, args = self.queued.popleft()
            if not future.done():
                self.send(future, fn, args)

    def answered(self, data: bytes | bytearray) -> None:
        if not self.up.done():
            if data == READY:
                self.up.set_result(True)
                self._next()
            else:
                self.up.set_exception(self._failure(data, "could not start"))
            return
        future = self.waiting.popleft()
        self._next()
        if future.done():
            return
        try:
            ok, value = pickle.loads(data)
        except Exception as exc:
            future.set_exception(WorkerLost(f"a worker's answer could not be read: {exc}"))
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    @staticmethod
    def _failure(data: bytes | bytearray, what: str) -> Exception:
        try:
            return pickle.loads(data)[1]
        except Exception as exc:
            return WorkerLost(f"the worker process {what}: {exc}")

    def lost(self) -> None:
        if not self.alive:
            return
        self.alive = False
        try:
            code: int | None = self.process.wait(timeout=1.0)  # its pipes closed: it is ending
        except subprocess.TimeoutExpired:
            code = None
        how = f"was killed by signal {-code}" if code is not None and code < 0 else f"ended (status {code})"
        if not self.up.done():
            self.up.set_exception(WorkerLost(f"the worker process {how} before it was ready"))
        held = list(self.waiting) + [future for future, _fn, _args in self.queued]
        self.waiting.clear()
        self.queued.clear()
        for future in held:
            if not future.done():
                future.set_exception(WorkerLost(f"the worker process {how} before it answered"))

    def stop(self, wait: bool = True) -> None:
        """Tell the worker to end once the tasks handed over are done (an empty task, written once
        nothing else waits to be written) and close the task pipe; wait for it to end, unless
        ``wait`` is False (it then ends by itself). Tasks not handed over yet are dropped."""
        self.alive = False
        if self.transport is not None:
            self.transport.write(HEADER.pack(0))
            self.transport.close()
        else:
            self.connecting.cancel()
            os.close(self.tasks_fd)
        if not wait:
            return
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.reader is not None:
            self.reader.close()


class WorkerPool:
    """One pool per crawl, shared by every component that asks for it with :meth:`from_crawler`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.running: list[Worker] = []
        self.enabled = False
        self.started = False
        self.restarts = 0
        self.tasks = 0
        self.spawned: list[Spawned] = []  # started before the engine, adopted when it starts
        self.idle_parser: IdleParser | None = None  # tasks taken inline while the crawl is idle

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerPool:
        pool = getattr(crawler, "_archive_worker_pool", None)
        if pool is None:
            from scrapy import signals

            pool = cls(worker_count(crawler.settings.get("ARCHIVE_WORKERS")))
            prestarted = getattr(crawler, "_archive_prestarted", None)
            if prestarted is not None:
                pool.spawned = prestarted.take_parsers(pool.workers)
            if setting_on(crawler.settings.get("ARCHIVE_IDLE_PARSE", True)):
                pool.idle_parser = IdleParser(
                    lambda: pool.running, nothing_to_fetch(crawler),
                    lambda: crawler.stats.inc_value("archive/parsed_while_idle"))
            crawler._archive_worker_pool = pool
            crawler.signals.connect(pool.open, signal=signals.engine_started)
            crawler.signals.connect(pool.close, signal=signals.engine_stopped)
        return pool

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Allow workers, once the reactor is known to be asyncio's (they start on demand)."""
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        self.enabled = self.workers > 0 and is_asyncio_reactor_installed()
        if not self.enabled:
            self._close_spawned()
        elif self.spawned and _loop_running():  # joined to the loop now: up for the first page
            self.started = True
            self._start(self.workers)

    def _start(self, count: int) -> None:
        loop = asyncio.get_running_loop()
        for _ in range(count):
            try:
                self.running.append(Worker(loop, spawned=self.spawned.pop() if self.spawned else None))
            except OSError:  # no process to be had: the work runs inline
                self.enabled = False
                return

    def _close_spawned(self) -> None:
        for spawned in self.spawned:
            spawned.close()
        self.spawned = []

    def _replace_lost(self) -> None:
        lost = [w for w in self.running if not w.alive]
        if not lost:
            return
        self.running = [w for w in self.running if w.alive]
        for worker in lost:
            worker.process.poll()
        spare = min(len(lost), MAX_RESTARTS - self.restarts)
        if spare > 0:
            self.restarts += spare
            self._start(spare)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (``fn`` and its arguments must pickle), else inline."""
        self.tasks += 1
        if self.enabled and not self.started and (self.tasks > INLINE_FIRST or self.spawned):
            self.started = True
            self._start(self.workers)
        if self.running:
            self._replace_lost()
            ready = [w for w in self.running if w.ready and w.alive]
            if ready:
                worker = min(ready, key=lambda w: w.load)
                future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
                worker.send(future, fn, args)
                if worker.queued and self.idle_parser is not None:
                    self.idle_parser.wake()
                return await future
        return fn(*args)

    def close(self, *args: Any, **kwargs: Any) -> None:
        if self.idle_parser is not None:
            self.idle_parser.cancel()
        for worker in self.running:
            worker.stop()
        self.running = []
        self.enabled = False
        self._close_spawned()
