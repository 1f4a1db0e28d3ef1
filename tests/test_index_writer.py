"""The index writer process (crawler/index_writer.py): the same archive as a crawl that stores
everything in its own process, and nothing acknowledged lost when the crawl is killed mid-way
(files are made durable a batch at a time, just before the batch's rows commit)."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from crawler.kernel.errors import StorageError
from crawler.kernel.files import sync_files

from . import test_resume_kill as kills
from .test_resume_kill import archive, archive_entry_complete, children, database, kill_at, run

# the kill tests' network, job and uninterrupted archive
server, config, baseline = kills.server, kills.config, kills.baseline

WRITER = ("-s", "ARCHIVE_WORKERS=1", "-s", "ARCHIVE_INDEX_WRITER=True", "-s", "ARCHIVE_BATCH_SIZE=5")


def rows(data: Path) -> dict[str, list[tuple]]:
    """What the index holds of each article, but when things happened (paths relative to ``data``)."""
    with sqlite3.connect(data / "archive.db") as db:
        return {
            "articles": [(url, title, digest, file_digest, str(Path(path).relative_to(data)), words)
                         for url, title, digest, file_digest, path, words in db.execute(
                             "SELECT url, title, content_hash, file_hash, path, word_count FROM articles "
                             "ORDER BY url")],
            "sections": db.execute("SELECT a.url, s.position, s.heading, s.markdown FROM sections s "
                                   "JOIN articles a ON a.id = s.article_id "
                                   "ORDER BY a.url, s.position").fetchall(),
            "links": db.execute("SELECT a.url, l.position, l.to_url FROM links l "
                                "JOIN articles a ON a.id = l.from_article_id "
                                "ORDER BY a.url, l.position").fetchall(),
            "tags": db.execute("SELECT a.url, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id "
                               "JOIN articles a ON a.id = x.article_id "
                               "ORDER BY a.url, x.position").fetchall(),
            "revisions": db.execute("SELECT a.url, r.number, r.content_hash FROM revisions r "
                                    "JOIN articles a ON a.id = r.article_id ORDER BY a.url").fetchall(),
            "fetches": db.execute("SELECT url, status FROM fetches ORDER BY url, status").fetchall(),
            "page_states": db.execute("SELECT url, article_url, status, etag FROM page_states "
                                      "ORDER BY url").fetchall(),
        }


def test_the_writer_process_stores_what_the_crawl_would(config: Path, baseline: dict, tmp_path: Path) -> None:
    inline, apart = tmp_path / "inline", tmp_path / "apart"
    done = run(config, inline, "-s", "ARCHIVE_INDEX_WRITER=False", "-s", "ARCHIVE_BATCH_SIZE=5")
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(config, apart, *WRITER)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "80 new" in done.stdout
    assert archive(apart) == archive(inline) == baseline
    assert rows(apart) == rows(inline)
    again = run(config, apart, *WRITER)  # a re-crawl through the writer: nothing changed, nothing written
    assert again.returncode == 0 and "0 new, 0 changed, 80 unchanged" in again.stdout, again.stdout


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_crawl_killed_while_its_writer_stores_loses_nothing_acknowledged(
        config: Path, baseline: dict, tmp_path: Path) -> None:
    data = tmp_path / "data"
    # the crawl is held once the writer acknowledged its third batch: later batches may be in its hands
    killed = kill_at(config, data, "stored", 3, signal.SIGKILL, settings=WRITER)
    assert killed.returncode == -signal.SIGKILL
    db = database(data)
    assert db["integrity"] == "ok"
    committed = set(db["urls"])
    assert 0 < len(committed) < len(baseline), "the kill should come while batches are being stored"
    assert all(archive_entry_complete(data, url, baseline) for url in committed)
    resumed = run(config, data, "--resume", *WRITER)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert f"{len(baseline) - len(committed)} new" in resumed.stdout
    assert archive(data) == baseline


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_the_writer_process_ends_with_a_killed_crawl(config: Path, tmp_path: Path) -> None:
    import subprocess

    from .conftest import ROOT
    from .test_resume_kill import SLOW, command, env

    proc = subprocess.Popen(command(config, tmp_path / "data", *WRITER, *SLOW), env=env(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(helpers := children(proc.pid)) < 2:  # the parsing worker and the index writer
        assert proc.poll() is None and time.monotonic() < deadline, "the writer process never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in helpers):
        assert time.monotonic() < deadline, f"processes {helpers} outlived the killed crawl"
        time.sleep(0.1)


def test_sync_files_syncs_what_is_there_and_says_what_it_cannot(tmp_path: Path) -> None:
    kept = tmp_path / "a" / "kept.md"
    kept.parent.mkdir()
    kept.write_text("x")
    sync_files([kept, tmp_path / "a" / "replaced-since.md"], folders=[kept.parent])  # gone since: fine
    with pytest.raises(StorageError, match=r"cannot write .*kept\.md/x\.md"):
        sync_files([kept / "x.md"])  # a path through a file: the error names it
