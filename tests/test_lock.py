"""One run at a time: the archive folder's lock, its exit code, and stale locks of dead processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.kernel.errors import LockedError, StorageError
from crawler.kernel.layout import LOCK_NAME
from crawler.lock import RunLock, read_holder
from exporters.store.runlog import pid_alive

from .conftest import ROOT

HOLDER = """
import sys, time
from crawler.lock import RunLock
lock = RunLock(sys.argv[1], job="holder").acquire()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the lock of ``tmp_path / 'data'``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "data")], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def test_lock_records_the_holder_and_is_released(tmp_path: Path) -> None:
    with RunLock(tmp_path, job="news") as lock:
        assert lock.held and lock.stale is None
        record = json.loads((tmp_path / LOCK_NAME).read_text())
        assert record["pid"] == os.getpid() and record["job"] == "news"
        with pytest.raises(LockedError, match="already being crawled by this process"):
            RunLock(tmp_path).acquire()
    assert (tmp_path / LOCK_NAME).read_text() == ""  # a clean exit leaves an empty file
    assert read_holder(tmp_path) is None
    with RunLock(tmp_path) as again:
        assert again.stale is None


def test_a_second_run_is_refused_while_the_first_lives(tmp_path: Path, holder: subprocess.Popen) -> None:
    with pytest.raises(LockedError) as caught:
        RunLock(tmp_path / "data", job="news").acquire()
    assert caught.value.exit_code == 75
    assert f"pid {holder.pid}, job holder" in str(caught.value)
    assert read_holder(tmp_path / "data")["pid"] == holder.pid


def test_cli_exits_at_once_with_code_75(tmp_path: Path, holder: subprocess.Popen) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["crawl", "http://a.test/", "--data", str(tmp_path / "data")])
    assert result.exit_code == 75, result.output
    assert time.monotonic() - started < 5
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: another crawl is running in")
    assert f"pid {holder.pid}" in err
    assert not (tmp_path / "data" / "archive.db").exists()  # nothing was touched


def test_the_lock_of_a_killed_process_is_taken_over(tmp_path: Path, holder: subprocess.Popen) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert not pid_alive(holder.pid)
    with RunLock(tmp_path / "data", job="next") as lock:
        assert lock.stale is not None and lock.stale["pid"] == holder.pid and lock.stale["job"] == "holder"
        assert json.loads((tmp_path / "data" / LOCK_NAME).read_text())["pid"] == os.getpid()


def test_a_stale_lock_file_with_a_dead_pid_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=10)
    (tmp_path / LOCK_NAME).write_text(json.dumps({"pid": dead.pid, "job": "old"}))
    assert read_holder(tmp_path) is None  # no live process holds it
    with RunLock(tmp_path) as lock:
        assert lock.stale == {"pid": dead.pid, "job": "old"}


def test_an_unwritable_folder_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot create the lock file"):
        RunLock(blocker / "sub").acquire()
