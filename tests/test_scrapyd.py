"""Scrapyd: the project builds as an egg (``scrapyd-deploy --build-egg``), a real Scrapyd on loopback
takes it (addversion.json), runs the ``articles`` spider (schedule.json) on the loopback network, and
the archive it writes is the one ``archiver crawl`` writes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.demo import SiteServer
from crawler.runner import FAST_SETTINGS
from exporters.markdown import without_archived_at

from .conftest import ROOT

pytest.importorskip("scrapyd", reason="scrapyd is not installed (pip install -e '.[test]')")
DEPLOY = shutil.which("scrapyd-deploy")
pytestmark = pytest.mark.skipif(DEPLOY is None, reason="scrapyd-deploy (scrapyd-client) is not installed")
PROJECT = "article_archiver"
SOURCES = ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md", "crawler", "exporters")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(base: str, endpoint: str, fields: dict[str, Any] | None = None,
         files: dict[str, bytes] | None = None) -> dict[str, Any]:
    """GET (no fields) or POST (form, or multipart with files) to Scrapyd; its JSON answer."""
    url = f"{base}/{endpoint}"
    if fields is None:
        request = urllib.request.Request(url)
    elif files:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                         .encode())
        for name, data in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"'
                         f'\r\nContent-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        kind = f"multipart/form-data; boundary={boundary}"
        request = urllib.request.Request(url, data=body, headers={"Content-Type": kind})
    else:
        pairs = [(k, v) for k, values in fields.items()
                 for v in (values if isinstance(values, list) else [values])]
        request = urllib.request.Request(url, data=urllib.parse.urlencode(pairs).encode())
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        answer = json.loads(response.read())
    assert answer.get("status") == "ok", answer
    return answer


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as an egg from a copy of its sources (the build leaves files behind)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, src / name)
    target = src.parent / "project.egg"
    done = subprocess.run([DEPLOY, "--build-egg", str(target)], cwd=src, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]" in entry_points and "settings = crawler.settings" in entry_points
    assert "crawler/spiders/articles.py" in names and "exporters/store/index.py" in names
    assert not any(n.startswith("tests/") for n in names)
    return target


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Scrapyd on 127.0.0.1 (free port, everything in a temporary folder); its base URL."""
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(f"""[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {home / 'eggs'}
logs_dir = {home / 'logs'}
dbs_dir = {home / 'dbs'}
items_dir =
max_proc = 1
poll_interval = 0.2
""")
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "PYTHONPATH")}
    proc = subprocess.Popen([sys.executable, "-m", "scrapyd", "--pidfile", str(home / "twistd.pid"),
                             "--logfile", str(home / "scrapyd.log")], cwd=home, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            call(base, "daemonstatus.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log = home / "scrapyd.log"
                pytest.fail(f"scrapyd did not start: {log.read_text() if log.exists() else 'no log'}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def archive_files(data: Path) -> dict[str, str]:
    return {str(p.relative_to(data)): without_archived_at(p.read_text(encoding="utf-8"))
            for p in sorted((data / "articles").rglob("*.md"))}


def test_a_scrapyd_job_archives_as_the_cli_does(egg: Path, scrapyd: str, network_server: SiteServer,
                                                crawled_archive: Path, tmp_path: Path) -> None:
    added = call(scrapyd, "addversion.json", {"project": PROJECT, "version": "1"}, {"egg": egg.read_bytes()})
    assert added["spiders"] == 1
    assert call(scrapyd, f"listspiders.json?project={PROJECT}")["spiders"] == ["articles"]
    data = tmp_path / "scrapyd-archive"
    settings = {"ARCHIVE_DIR": str(data), "ARCHIVE_RESOLVE": network_server.resolve_rule,
                **FAST_SETTINGS}  # what `archiver crawl … --fast` sets
    job = call(scrapyd, "schedule.json", {"project": PROJECT, "spider": "articles",
                                          "start_urls": network_server.start_url,
                                          "setting": [f"{k}={v}" for k, v in settings.items()]})["jobid"]
    deadline = time.monotonic() + 120
    while True:
        jobs = call(scrapyd, f"listjobs.json?project={PROJECT}")
        finished = [j for j in jobs["finished"] if j["id"] == job]
        if finished:
            break
        assert time.monotonic() < deadline, jobs
        time.sleep(0.3)
    log = call_text(scrapyd + finished[0]["log_url"])
    assert "Spider closed (finished)" in log, log[-3000:]

    cli_files = archive_files(crawled_archive)
    assert len(cli_files) == 40
    assert archive_files(data) == cli_files  # same paths, same Markdown (archived_at aside)
    query = "SELECT url, title, content_hash FROM articles ORDER BY url"
    with sqlite3.connect(data / "archive.db") as ours, sqlite3.connect(crawled_archive / "archive.db") as cli:
        assert ours.execute(query).fetchall() == cli.execute(query).fetchall()
        report = ours.execute("SELECT status, articles_new, pages FROM run_reports").fetchall()
    assert report == [("finished", 40, report[0][2])] and report[0][2] > 40
    assert (data / ".archiver.lock").read_text() == ""  # the lock was taken and released


def call_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8", "replace")
