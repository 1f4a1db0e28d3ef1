"""Kill tests: a crawl stopped at several points (SIGKILL early, in the middle of writing a Markdown
file or a WARC record, inside an index transaction; SIGINT, SIGTERM and SIGKILL mid-crawl, one after
the other) and
resumed with ``archiver crawl JOB --resume`` ends with exactly the archive of an uninterrupted crawl:
the same articles and files, nothing twice, no temporary files, and integrity_check passes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest

from crawler.demo import SiteServer, build_network
from exporters.markdown import without_archived_at

from .conftest import ROOT

JOB = "net"
BATCH = 10
HOOKED = "import tests.killhooks as k; k.main()"
#: For graceful stops: few requests in flight (a graceful stop completes them all) and downloads
#: slow enough that the crawl is still going when the signal comes.
SLOW = ("-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS=4", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
Files = dict[str, tuple[str, str]]


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    """A network big enough that every kill point falls in the middle of the crawl."""
    with SiteServer(build_network(seed=5, sites=4, articles=80)) as srv:
        yield srv


@pytest.fixture(scope="module")
def config(server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "archiver.toml"
    path.write_text(f"""
[jobs.{JOB}]
start_urls = ["{server.start_url}"]
resolve = ["{server.resolve_rule}"]
fast = true

[jobs.{JOB}.settings]
ARCHIVE_WORKERS = 0          # every write in the crawling process, where the hooks are
ARCHIVE_BATCH_SIZE = {BATCH}
CONCURRENT_REQUESTS_PER_DOMAIN = 4
""", encoding="utf-8")
    return path


def command(config: Path, data: Path, *extra: str, hooked: bool = False) -> list[str]:
    head = [sys.executable, "-c", HOOKED] if hooked else [sys.executable, "-m", "crawler.cli"]
    return [*head, "crawl", JOB, "--config", str(config), "--data", str(data), "--no-progress", *extra]


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore", **extra}


def run(config: Path, data: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(config, data, *extra), env=env(), capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def archive(data: Path) -> Files:
    """Canonical URL -> (file path in the archive, file content without archived_at)."""
    out: Files = {}
    for path in sorted((data / "articles").rglob("*.md")):
        url = frontmatter.load(path)["url"]
        assert url not in out, f"{url} archived twice"
        out[url] = (str(path.relative_to(data)), without_archived_at(path.read_text(encoding="utf-8")))
    return out


def database(data: Path) -> dict[str, object]:
    with sqlite3.connect(data / "archive.db") as db:
        return {
            "integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
            "urls": [r[0] for r in db.execute("SELECT url FROM articles")],
            "revisions": db.execute("SELECT count(*) FROM revisions").fetchone()[0],
            "runs": db.execute("SELECT r.id, r.status, p.resumed_from FROM runs r "
                               "LEFT JOIN run_reports p ON p.run_id = r.id ORDER BY r.id").fetchall(),
        }


def temp_files(data: Path) -> list[Path]:
    return [p for p in data.rglob("*.tmp") if p.is_file()]


@pytest.fixture(scope="module")
def baseline(config: Path, tmp_path_factory: pytest.TempPathFactory) -> Files:
    data = tmp_path_factory.mktemp("baseline")
    done = run(config, data)
    assert done.returncode == 0, done.stderr
    files = archive(data)
    assert len(files) == 80
    return files


def kill_at(config: Path, data: Path, point: str, after: int, sig: signal.Signals,
            pause: float = 120, resume: bool = False, slow: bool = False,
            settings: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Start a hooked crawl, wait until it reaches the point, send ``sig``, wait for the end."""
    marker = data.parent / f"{data.name}.marker"
    marker.unlink(missing_ok=True)
    hook = env(KILL_POINT=point, KILL_AFTER=str(after), KILL_MARKER=str(marker), KILL_PAUSE=str(pause))
    extra = (["--resume"] if resume else []) + (list(SLOW) if slow else []) + list(settings)
    proc = subprocess.Popen(command(config, data, *extra, hooked=True), env=hook, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the crawl never reached {point} #{after}:\n{out}\n{err}")
        time.sleep(0.02)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def check_after_kill(data: Path, baseline: Files) -> set[str]:
    """The archive right after a kill: a sound database, and a complete file for every article it
    holds; returns those articles."""
    before = database(data)
    assert before["integrity"] == "ok"
    committed = set(before["urls"])
    assert len(committed) < len(baseline), "the kill came too late to test anything"
    for url in committed:
        assert archive_entry_complete(data, url, baseline), url
    return committed


def check_final(data: Path, baseline: Files, runs: list[tuple]) -> None:
    assert archive(data) == baseline  # the same files, byte for byte (archived_at aside)
    assert temp_files(data) == []
    db = database(data)
    assert db["integrity"] == "ok"
    assert sorted(db["urls"]) == sorted(baseline)
    assert db["revisions"] == len(baseline)  # one revision each: nothing archived twice
    assert db["runs"] == runs
    assert not (data / ".jobs" / JOB / "scrapy").exists()  # a finished run keeps no queue


@pytest.mark.parametrize(("point", "after"), [
    ("item", 3),          # early: pages fetched, nothing committed yet
    ("write", 25),        # during export: a Markdown file half written
    ("transaction", 3),   # during export: inside an index transaction, after earlier commits
])
def test_sigkill_then_resume_gives_the_uninterrupted_archive(config: Path, baseline: Files, tmp_path: Path,
                                                             point: str, after: int) -> None:
    data = tmp_path / "data"
    killed = kill_at(config, data, point, after, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    if point == "write":
        assert temp_files(data), "the kill should have left a half-written temporary file"
    committed = check_after_kill(data, baseline)

    resumed = run(config, data, "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "resuming run 1 (killed) from the index" in resumed.stderr
    assert f"{len(baseline) - len(committed)} new" in resumed.stdout
    check_final(data, baseline, [(1, "killed", None), (2, "finished", 1)])


def test_sigint_sigterm_and_sigkill_in_a_row(config: Path, baseline: Files, tmp_path: Path) -> None:
    """Ctrl-C, then SIGTERM during the resumed run, then kill -9 during the next: each resume
    continues the same crawl (graceful stops from Scrapy's queue, the kill from the index)."""
    data = tmp_path / "data"
    first = kill_at(config, data, "item", 5, signal.SIGINT, pause=0.5, slow=True)
    assert first.returncode == 130, first.stdout + first.stderr
    assert f"continue it with: archiver crawl {JOB} --resume" in first.stderr
    assert (data / ".jobs" / JOB / "scrapy" / "requests.queue").is_dir()
    check_after_kill(data, baseline)

    second = kill_at(config, data, "item", 5, signal.SIGTERM, pause=0.5, resume=True, slow=True)
    assert second.returncode == 130, second.stdout + second.stderr
    assert "resuming run 1 (interrupted) from its request queue" in second.stderr
    check_after_kill(data, baseline)

    third = kill_at(config, data, "batch", 2, signal.SIGKILL, resume=True, slow=True)
    assert third.returncode == -signal.SIGKILL
    assert "resuming run 2 (interrupted) from its request queue" in third.stderr
    committed = check_after_kill(data, baseline)

    last = run(config, data, "--resume")
    assert last.returncode == 0, last.stdout + last.stderr
    assert "resuming run 3 (killed) from the index" in last.stderr
    assert f"{len(baseline) - len(committed)} new" in last.stdout
    check_final(data, baseline, [(1, "interrupted", None), (2, "interrupted", 1), (3, "killed", 2),
                                 (4, "finished", 3)])


def archive_entry_complete(data: Path, url: str, baseline: Files) -> bool:
    path, content = baseline[url]
    file = data / path
    return file.is_file() and without_archived_at(file.read_text(encoding="utf-8")) == content


def children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_worker_processes_end_with_a_killed_crawl(config: Path, tmp_path: Path) -> None:
    args = command(config, tmp_path / "data", "-s", "ARCHIVE_WORKERS=1", *SLOW)
    proc = subprocess.Popen(args, env=env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (workers := children(proc.pid)):
        assert proc.poll() is None and time.monotonic() < deadline, "no worker process was started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, f"worker processes {workers} outlived the killed crawl"
        time.sleep(0.1)


def test_sigkill_while_writing_a_warc_record_then_resume(config: Path, baseline: Files,
                                                          tmp_path: Path) -> None:
    """Killed with half a WARC record on disk: the index names no record past the last synced one,
    the resumed crawl cuts the torn record first, every file then reads to its end with warcio and
    ``archiver verify`` passes."""
    from warcio.archiveiterator import ArchiveIterator

    from exporters.warc.files import complete_members

    data = tmp_path / "data"
    killed = kill_at(config, data, "warc", 120, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    markers = list((data / "warc").glob("*.open"))
    assert len(markers) == 1, "the file in writing keeps its marker"
    torn = data / "warc" / markers[0].name.removesuffix(".open")
    with sqlite3.connect(data / "archive.db") as db:
        named = db.execute("SELECT max(warc_offset + warc_length) FROM warc_records WHERE warc_file = ?",
                           (torn.name,)).fetchone()[0] or 0
        fetched = db.execute("SELECT max(warc_offset + warc_length) FROM fetches WHERE warc_file = ?",
                             (torn.name,)).fetchone()[0] or 0
    assert max(named, fetched) <= torn.stat().st_size  # nothing the index names is past the file's end
    end, size = complete_members(torn)
    assert end < size, "half a gzip member should end the file"
    before = verify(data)
    assert before.returncode == 1
    assert f"warc/{torn.name}: the record at offset {end} is incomplete" in before.stderr
    check_after_kill(data, baseline)

    resumed = run(config, data, "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "closed 1 WARC file(s) of an interrupted run (a torn last record of" in resumed.stderr
    check_final(data, baseline, [(1, "killed", None), (2, "finished", 1)])
    assert not list((data / "warc").glob("*.open"))
    for path in sorted((data / "warc").glob("*.warc.gz")):
        assert complete_members(path)[0] == path.stat().st_size, path
        with open(path, "rb") as fh:
            types = []
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                types.append(record.rec_type)
        assert types[0] == "warcinfo" and len(types) > 1, path
    done = verify(data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verify: ok" in done.stdout


def verify(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", "verify", "--data", str(data)], env=env(),
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
