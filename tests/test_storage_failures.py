"""When the archive cannot be written, the crawl stops at the first failure, keeps what it stored
consistent (every Markdown file has its index row and every row its file), records the run as
failed, says so in one line and exits 3; a later run, with the problem gone, archives the rest.

The full disk is a real one: a small tmpfs mounted for the test where the machine allows it (as
root), else the write wrapper of :mod:`tests.diskhooks` (files fail with ENOSPC past a byte limit,
SQLite past a page limit). Other disk errors (EIO) and another writer's lock on the index are
tested on any machine.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crawler.demo import SiteServer
from crawler.kernel.errors import ArchiveLocked, StorageError
from exporters.store.failures import storage_error

from .conftest import ROOT, crawl_args

HOOKED = "import tests.diskhooks as d; d.main()"
#: Small batches, so that some are stored before the disk fills.
BATCHES = ("-s", "ARCHIVE_BATCH_SIZE=5")
TMPFS_KB = 760


@dataclass
class Disk:
    """Where a test archive lives, and how its crawls are run: on a real small tmpfs, or through the
    write wrapper (``hooked``, with its limits in ``env``)."""

    path: Path
    mounted: bool
    env: dict[str, str] = field(default_factory=dict)

    def grow(self) -> None:
        """Give the disk room again."""
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,size=64m", str(self.path)], check=True)
        self.env = {}


def _mount_tmpfs(path: Path, size_kb: int) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                          capture_output=True, text=True)
    return done.returncode == 0


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Disk]:
    path = tmp_path / "disk"
    path.mkdir()
    mounted = _mount_tmpfs(path, TMPFS_KB)
    disk = Disk(path, mounted, {} if mounted else {"DISK_LIMIT": "60000", "DB_MAX_PAGES": "160"})
    try:
        yield disk
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def archiver(*args: str, env: dict[str, str] | None = None,
             hooked: bool = False) -> subprocess.CompletedProcess:
    head = [sys.executable, "-c", HOOKED] if hooked else [sys.executable, "-m", "crawler.cli"]
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore", **(env or {})}
    return subprocess.run([*head, *args], capture_output=True, text=True, cwd=ROOT, env=environ, timeout=180)


def archive_state(data: Path) -> tuple[set[str], set[str], list[str], str]:
    """(Markdown files in place, files the index names, run statuses, integrity check)."""
    files = {str(p) for p in (data / "articles").rglob("*.md")}
    with sqlite3.connect(f"file:{data / 'archive.db'}?mode=ro", uri=True) as db:
        rows = {path for (path,) in db.execute("SELECT path FROM articles")}
        runs = [status for (status,) in db.execute("SELECT status FROM runs ORDER BY id")]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    return files, rows, runs, integrity


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_a_full_disk_stops_the_crawl_with_files_and_rows_in_step(network_server: SiteServer,
                                                                  full_disk: Disk) -> None:
    data = full_disk.path / "data"
    first = archiver(*crawl_args(network_server, data, *BATCHES), env=full_disk.env,
                     hooked=not full_disk.mounted)
    assert first.returncode == 3, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    [line] = error_lines(first.stderr)
    assert "storage failed" in line and ("No space left on device" in line or "disk is full" in line), line
    assert "run the same command again" in line
    assert "Crawl stopped: the archive's storage failed" in first.stdout
    files, rows, runs, integrity = archive_state(data)
    assert files == rows  # no file without its row, no row without its file
    assert len(rows) < 40  # the disk filled up before the end
    assert runs == ["failed"] and integrity == "ok"
    assert not list(data.rglob(".*.tmp"))  # the unstored batch's staged files were removed

    full_disk.grow()
    second = archiver(*crawl_args(network_server, data, *BATCHES), env=full_disk.env)
    assert second.returncode == 0, second.stdout + second.stderr
    files, rows, runs, integrity = archive_state(data)
    assert files == rows and len(rows) == 40
    assert runs == ["failed", "finished"] and integrity == "ok"


def test_an_io_error_on_the_markdown_files_stops_the_crawl_the_same_way(network_server: SiteServer,
                                                                        tmp_path: Path) -> None:
    data = tmp_path / "data"
    hook = {"DISK_LIMIT": "40000", "DISK_ERROR": "EIO"}
    first = archiver(*crawl_args(network_server, data, *BATCHES, "-s", "ARCHIVE_WORKERS=0"), env=hook,
                     hooked=True)
    assert first.returncode == 3, first.stdout + first.stderr
    [line] = error_lines(first.stderr)
    assert "Input/output error" in line and "every file has its index row" in line
    files, rows, runs, integrity = archive_state(data)
    assert files == rows and 0 < len(rows) < 40
    assert runs == ["failed"] and integrity == "ok"
    second = archiver(*crawl_args(network_server, data, *BATCHES))
    assert second.returncode == 0, second.stderr
    files, rows, _runs, _integrity = archive_state(data)
    assert files == rows and len(rows) == 40


def test_a_database_locked_by_another_writer_is_named_at_once(network_server: SiteServer,
                                                              tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert archiver(*crawl_args(network_server, data, "--max-pages", "3")).returncode == 0
    other = sqlite3.connect(data / "archive.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program's open write transaction
    try:
        requests = network_server.log.total
        locked = archiver(*crawl_args(network_server, data, "-s", "ARCHIVE_DB_LOCK_WAIT=0.5"))
        assert locked.returncode == 3, locked.stdout + locked.stderr
        assert locked.stdout == "" and "Traceback" not in locked.stderr
        [line] = error_lines(locked.stderr)
        assert "locked by another writer" in line and "archive.db" in line
        assert network_server.log.total == requests  # it stopped before fetching anything
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert archiver(*crawl_args(network_server, data)).returncode == 0


def test_lock_and_other_database_failures_are_told_apart() -> None:
    class Locked(Exception):
        orig = sqlite3.OperationalError("database is locked")

    class Full(Exception):
        orig = sqlite3.OperationalError("database or disk is full")

    locked = storage_error("store articles", "sqlite:////srv/a/archive.db", Locked())
    full = storage_error("store articles", "sqlite:////srv/a/archive.db", Full())
    assert isinstance(locked, ArchiveLocked) and locked.exit_code == 3
    assert str(locked).startswith("the archive is locked by another writer: sqlite:////srv/a/archive.db")
    assert type(full) is StorageError and "database or disk is full" in str(full)


def test_a_recrawl_whose_disk_fills_while_revalidating_fails_the_run(network_server: SiteServer,
                                                                      full_disk: Disk) -> None:
    """The re-validation pass of a re-crawl (crawler/recheck.py) stores what it learns in batches:
    a full disk there fails the run the same way, and the next run with room completes it."""
    if not full_disk.mounted:
        pytest.skip("needs a tmpfs that can be shrunk (root)")
    data = full_disk.path / "data"
    full_disk.grow()
    assert archiver(*crawl_args(network_server, data)).returncode == 0
    used_kb = shutil.disk_usage(full_disk.path).used // 1024
    # room to open the index again (SQLite's 32 KiB shared-memory file, when the last crawl closed
    # it cleanly) and a page or two more, not for the re-validation's batches
    room = 32 + (0 if (data / "archive.db-shm").exists() else 32)
    subprocess.run(["mount", "-o", f"remount,size={used_kb + room}k", str(full_disk.path)], check=True)
    again = archiver(*crawl_args(network_server, data))
    assert again.returncode == 3, again.stdout + again.stderr
    [line] = error_lines(again.stderr)
    assert "full" in line or "No space left" in line, line
    full_disk.grow()
    files, rows, runs, integrity = archive_state(data)
    assert files == rows and len(rows) == 40 and integrity == "ok"
    last = archiver(*crawl_args(network_server, data))
    assert last.returncode == 0 and "40 unchanged" in last.stdout, last.stdout + last.stderr
    files, rows, runs, integrity = archive_state(data)
    assert files == rows and len(rows) == 40 and integrity == "ok"
    # the failed run is recorded as failed, or, when the full disk kept even that from being
    # written, as killed by the next run
    assert runs[0] == runs[2] == "finished" and runs[1] in ("failed", "killed"), runs
