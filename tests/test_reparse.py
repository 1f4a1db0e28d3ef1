"""archiver reparse on a real crawl, with the site gone (its server stopped, and where the system
allows it, in a network namespace with no network at all): the archive comes back byte for byte,
missing files are restored as they were, and a parser change (simulated with a site profile)
rewrites exactly the articles it affects, with revisions marked as re-parsed."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.demo import SiteServer, build_network
from crawler.kernel.fields import content_hash
from crawler.kernel.layout import ArchiveLayout
from crawler.parsers import load_profiles, parse_article
from crawler.parsers.profiles import parser_version
from exporters.warc.reader import read_record

from .conftest import ROOT, run_cli

Files = dict[str, tuple[bytes, int]]


def unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def offline_cli(*args: str) -> subprocess.CompletedProcess:
    """``archiver ARGS`` without network: in a new, empty network namespace when the system allows
    it (then even loopback is down); the site's server is stopped in any case."""
    if not unshare_works():
        return run_cli(*args)
    import os

    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(["unshare", "-n", sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """An archive of a loopback network whose server is gone by the time the tests run."""
    data = tmp_path_factory.mktemp("reparse") / "data"
    with SiteServer(build_network(seed=31, sites=3, articles=30)) as server:
        done = run_cli("crawl", server.start_url, "--resolve", server.resolve_rule, "--fast", "--no-progress",
                       "--data", str(data))
        assert done.returncode == 0, done.stdout + done.stderr
        hosts = list(server.hosts)
    return data, hosts


def files(data: Path) -> Files:
    return {p.relative_to(data).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((data / "articles").rglob("*.md"))}


def db(data: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data / "archive.db") as conn:
        return conn.execute(sql).fetchall()


def test_reparse_offline_reproduces_the_archive_and_restores_missing_files(crawled: tuple[Path, list[str]],
                                                                           tmp_path: Path) -> None:
    source, _hosts = crawled
    data = tmp_path / "data"
    shutil.copytree(source, data)
    before = files(data)
    seen = db(data, "SELECT url, last_seen, status FROM articles ORDER BY id")
    done = offline_cli("reparse", "--data", str(data), "--no-progress")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Re-parsed {len(before)} of {len(before)} articles from stored responses" in done.stdout
    assert f"0 changed, {len(before)} unchanged" in done.stdout
    assert files(data) == before  # not a byte or a file time changed
    assert db(data, "SELECT url, last_seen, status FROM articles ORDER BY id") == seen
    assert db(data, "SELECT count(*) FROM revisions WHERE origin = 'reparse'") == [(0,)]

    gone = sorted(before)[::7]
    for rel in gone:
        (data / rel).unlink()
    done = offline_cli("reparse", "--data", str(data), "--no-progress")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(gone)} missing Markdown files restored as they were" in done.stdout
    assert files(data) == before  # byte for byte, archived_at and file time included
    verified = run_cli("verify", "--data", str(data))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_parser_change_rewrites_exactly_the_affected_articles(crawled: tuple[Path, list[str]],
                                                                tmp_path: Path) -> None:
    source, hosts = crawled
    data = tmp_path / "data"
    shutil.copytree(source, data)
    host = hosts[0]
    profile = tmp_path / "sites.toml"
    profile.write_text(f'[sites."{host}"]\ndescription = "h1"\n', encoding="utf-8")
    # which articles the change affects, from the stored pages, by the parser itself
    layout = ArchiveLayout(data)
    profiles = load_profiles(profile)
    affected, urls = set(), {}
    stored = db(data, "SELECT article_url, warc_file, warc_offset, warc_length, url FROM fetches "
                      "WHERE status = 200 AND article_url IS NOT NULL")
    for url, warc_file, offset, length, fetched in stored:
        record = read_record(layout, warc_file, offset, length)
        plain, profiled = parse_article(fetched, record.payload), parse_article(fetched, record.payload,
                                                                               profile=profiles)
        for article in (plain, profiled):
            article.metadata.canonical_url = url
        if content_hash(plain) != content_hash(profiled):
            affected.add(url)
        urls[url] = layout.article_relpath(url)
    assert affected and len(affected) < len(urls), "the profile should change some articles, not all"

    before = files(data)
    done = offline_cli("reparse", "--data", str(data), "--no-progress", "--profile", str(profile))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(affected)} changed, {len(urls) - len(affected)} unchanged" in done.stdout
    after = files(data)
    rewritten = {rel for rel in before if after[rel] != before[rel]}
    assert rewritten == {urls[u] for u in affected}
    version = parser_version(profile)
    assert version.startswith("0.1.0+profile.")
    marked = db(data, "SELECT a.url, r.number, r.changed, r.parser_version FROM revisions r "
                      "JOIN articles a ON a.id = r.article_id WHERE r.origin = 'reparse'")
    assert {u for u, *_ in marked} == affected
    assert all(n == 2 and "description" in json.loads(c) and v == version for _u, n, c, v in marked)
    history = run_cli("history", next(iter(affected)), "--json", "--data", str(data))
    assert [r["origin"] for r in json.loads(history.stdout)] == ["crawl", "reparse"]

    again = offline_cli("reparse", "--data", str(data), "--no-progress", "--profile", str(profile))
    assert "0 changed" in again.stdout and files(data) == after  # nothing more to do
    only = offline_cli("reparse", "--data", str(data), "--no-progress", "--site", hosts[1])
    assert f"of {sum(1 for u in urls if hosts[1] in u)} articles" in only.stdout


def test_reparse_refuses_bad_input_in_one_line(crawled: tuple[Path, list[str]], tmp_path: Path) -> None:
    data, _hosts = crawled
    bad = tmp_path / "bad.toml"
    bad.write_text('[sites."x"]\nbdy = "p"\n', encoding="utf-8")
    for args, code in (([ "--profile", str(bad)], 2), (["--since", "yesterday-ish"], 2)):
        done = run_cli("reparse", "--data", str(data), "--no-progress", *args)
        assert done.returncode == code, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error:")
    missing = run_cli("reparse", "--data", str(tmp_path / "none"))
    assert missing.returncode == 3 and missing.stderr.startswith("error: no archive in")


class _GzipChunked(BaseHTTPRequestHandler):
    """Answers every article path with the same page, gzip-encoded and sent in chunks."""

    protocol_version = "HTTP/1.1"
    page = b""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self.path.startswith("/post/"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = gzip.compress(self.page, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 1000):
            piece = body[start:start + 1000]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")


def test_a_gzipped_chunked_answer_is_stored_as_received_and_reparses_the_same(tmp_path: Path) -> None:
    source = build_network(seed=5, sites=1, articles=2)
    article = source.articles[0]
    with SiteServer(source) as demo:
        page = demo.page(article.host, article.path)
        assert page is not None
    _GzipChunked.page = page.body
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GzipChunked)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    data = tmp_path / "data"
    try:
        done = run_cli("crawl", f"http://gz.test:{server.server_address[1]}/post/one/", "--resolve",
                       "gz.test:127.0.0.1", "--fast", "--no-progress", "--data", str(data))
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stdout + done.stderr
    (warc_file, offset, length), = db(data, "SELECT warc_file, warc_offset, warc_length FROM fetches "
                                            "WHERE status = 200")
    record = read_record(ArchiveLayout(data), warc_file, offset, length, check_digests=True)
    assert record.payload[:2] == b"\x1f\x8b" and gzip.decompress(record.payload) == page.body  # as received
    assert record.http is not None
    assert record.http.get_header("Transfer-Encoding") is None  # stored de-chunked, and not said otherwise
    before = files(data)
    assert len(before) == 1
    again = offline_cli("reparse", "--data", str(data), "--no-progress")
    assert again.returncode == 0 and "0 changed, 1 unchanged" in again.stdout, again.stdout + again.stderr
    (data / next(iter(before))).unlink()
    again = offline_cli("reparse", "--data", str(data), "--no-progress")
    assert files(data) == before
