"""What the whole hostile crawl leaves behind: every good article archived exactly once, every fault
recorded in ``fetches`` with its kind, no file outside DATA/articles and DATA/warc, files and rows in
agreement (and ``archiver verify`` agrees), and an index that passes SQLite's integrity check."""

from __future__ import annotations

import re
import sqlite3

from . import pages
from .conftest import Crawl


def test_the_crawl_ends_well(crawled: Crawl) -> None:
    assert crawled.result.returncode == 0, crawled.result.stderr
    assert "Traceback" not in crawled.result.stderr + crawled.result.stdout
    assert crawled.rows("SELECT status FROM runs") == [("finished",)]


def test_every_good_article_is_archived_exactly_once(crawled: Crawl) -> None:
    articles = crawled.articles()
    posts = crawled.posts()  # raises when a URL has two files
    for url, seed in crawled.web.good.items():
        assert url in articles, f"{url} ({seed}) was not archived"
        assert pages.marker(seed) in posts[url].content, f"{url} holds another page's body"
    bodies = [b for (b,) in crawled.rows("SELECT body_text FROM articles")]
    for seed in crawled.web.good.values():
        assert sum(pages.marker(seed) in b for b in bodies) == 1, seed


def test_every_fault_is_recorded_with_its_kind(crawled: Crawl) -> None:
    faults = [c for c in crawled.web.cases.values() if c.kind]
    assert len(faults) >= 15
    for case in faults:
        assert case.kind in crawled.kinds(case.faulty), (case.name, crawled.fetches(case.faulty))
    report = crawled.result.stdout.split("Report (run 1", 1)[1].splitlines()[0]
    for kind in {c.kind for c in faults}:
        assert f"{kind}: " in report, kind


def test_no_file_outside_the_archive_layout(crawled: Crawl) -> None:
    allowed = {"archive.db", "archive.db-wal", "archive.db-shm", ".archiver.lock"}
    for path in crawled.data.rglob("*"):
        rel = path.relative_to(crawled.data)
        if path.is_file():
            assert str(rel) in allowed or (rel.parts[0] == "articles" and len(rel.parts) == 3
                                           and rel.suffix == ".md") or (
                rel.parts[0] == "warc" and re.fullmatch(r"run-\d{6}-\d{5}\.warc\.gz", rel.name)), rel
    assert not list(crawled.data.parent.glob("*.md")) and not (crawled.data.parent / "etc").exists()


def test_files_and_rows_agree(crawled: Crawl) -> None:
    rows = {url: title for url, (title, _path, _claim) in crawled.articles().items()}
    posts = crawled.posts()
    assert set(rows) == set(posts)
    assert {url: post["title"] for url, post in posts.items()} == rows
    paths = {(crawled.data / p).resolve() for (p,) in crawled.rows("SELECT path FROM articles")}
    assert paths == {p.resolve() for p in (crawled.data / "articles").rglob("*.md")}


def test_the_index_passes_its_integrity_check(crawled: Crawl) -> None:
    db = sqlite3.connect(crawled.data / "archive.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_verify_passes_on_the_hostile_crawl(crawled: Crawl) -> None:
    """Every answer of the hostile web (redirect chains, errors, resets, traps) has a readable WARC
    record its fetch row points at, and every file matches its row."""
    from ..conftest import run_cli

    done = run_cli("verify", "--data", str(crawled.data))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verify: ok" in done.stdout
