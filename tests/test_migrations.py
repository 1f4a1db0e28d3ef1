"""An archive written by version 0.1.0 (tests/fixtures/archive_v1, made by that code) opens,
migrates and re-crawls with no file rewritten (but for the articles the current parser reads
differently); a new archive is created at the latest layout; an up-to-date archive is opened
without a write."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from crawler.demo import SiteServer
from crawler.kernel import fields
from exporters.store.index import Index
from exporters.store.migrations import LATEST, MIGRATIONS
from exporters.store.records import load_records

from .conftest import run_cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "archive_v1"
START = "http://www.demo-news.test:18799/"  # the URLs the old archive holds (port 18799)
#: The articles whose lead picture's caption ends with a photo credit ("… Photo: Demo Life
#: Editorial"): version 0.1.0 kept it in the body, the current parser cuts it.
CREDITED = {"how-to-balance-your-humble-orchard-in-6-steps", "why-ancient-blankets-beat-gardens",
            "10-durable-tablet-ideas-for-commuters"}
CREDIT = b" Photo: Demo Life Editorial"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    return data


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    """The pages the old archive was crawled from, byte for byte, reached as an HTTP proxy so the
    URLs keep their port."""
    with SiteServer.from_directory(FIXTURE / "site") as server:
        yield server


def files(data: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(data)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((data / "articles").rglob("*.md"))}


def db(data: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data / "archive.db") as conn:
        return conn.execute(sql).fetchall()


def crawl(site: SiteServer, data: Path, *extra: str):  # noqa: ANN201
    return run_cli("crawl", START, "--fast", "--no-progress", "--data", str(data), *extra,
                   env={"http_proxy": f"http://127.0.0.1:{site.port}", "no_proxy": ""})


def test_the_fixture_is_an_old_archive() -> None:
    tables = {n for (n,) in db(FIXTURE / "data", "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "articles" in tables and "schema_migrations" not in tables
    columns = {r[1] for r in db(FIXTURE / "data", "PRAGMA table_info(articles)")}
    assert "word_count" not in columns


def test_an_old_archive_is_migrated_when_opened(old: Path) -> None:
    stored = dict(db(old, "SELECT url, content_hash FROM articles"))
    with Index(f"sqlite:///{old / 'archive.db'}") as index:
        assert index.changes == [m.name for m in MIGRATIONS]
        with index.session() as s:
            ids = [i for (i,) in s.execute(text("SELECT id FROM articles"))]
            records = load_records(s, ids)
    assert [v for (v,) in db(old, "SELECT version FROM schema_migrations ORDER BY version")] == \
        [m.number for m in MIGRATIONS]
    assert len(records) == 9
    for record in records:
        # the content hash of the table reproduces the hashes the old code stored
        assert fields.content_hash(record.article) == stored[record.url]
    counts = dict(db(old, "SELECT url, word_count FROM articles"))
    assert all(counts[r.url] == fields.word_count(r.article) > 100 for r in records)
    # the latest revision of each article is compared field by field with what is stored now
    latest = db(old, "SELECT article_id, field_hashes FROM revisions")
    assert len(latest) == 9 and all('"site_name"' in hashes for _id, hashes in latest)
    with Index(f"sqlite:///{old / 'archive.db'}") as again:
        assert again.changes == []


def test_an_old_archive_re_crawls_with_no_file_rewritten(old: Path, site: SiteServer) -> None:
    before = files(old)
    first = crawl(site, old)
    assert first.returncode == 0, first.stderr
    assert "0 new, 0 changed, 9 unchanged" in first.stdout
    # every page fetched in full and parsed again: the same content, so nothing is written, but for
    # the articles whose caption credit the parser now cuts (a new revision each, that line changed)
    full = crawl(site, old, "-s", "ARCHIVE_CONDITIONAL=False")
    assert full.returncode == 0, full.stderr
    assert f"0 new, {len(CREDITED)} changed, {9 - len(CREDITED)} unchanged" in full.stdout
    after = files(old)
    rewritten = {name for name in before if after[name] != before[name]}
    assert {Path(name).stem.rsplit("-", 1)[0] for name in rewritten} == CREDITED
    for name in rewritten:
        assert CREDIT in before[name][0] and CREDIT not in after[name][0]
    assert {name: after[name] for name in before if name not in rewritten} == \
        {name: before[name] for name in before if name not in rewritten}  # same bytes, same times
    assert db(old, "SELECT count(*) FROM revisions") == [(9 + len(CREDITED),)]
    assert db(old, "PRAGMA integrity_check") == [("ok",)]


def test_a_new_archive_is_created_at_the_latest_layout(tmp_path: Path) -> None:
    with Index(f"sqlite:///{tmp_path / 'archive.db'}") as index:
        assert index.changes == ["created"] and index.has_fts
    assert db(tmp_path, "SELECT max(version) FROM schema_migrations") == [(LATEST,)]


def test_an_up_to_date_archive_opens_without_writing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    Index(url).close()
    with sqlite3.connect(tmp_path / "archive.db") as watcher:
        # data_version moves whenever another connection commits a change to the file
        changes = watcher.execute("PRAGMA data_version").fetchone()
        with Index(url) as index:
            assert index.changes == []
        assert watcher.execute("PRAGMA data_version").fetchone() == changes
