"""End to end: a real Scrapy crawl of a multi-host network on loopback into real files and SQLite."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import frontmatter
import pytest

from crawler.kernel.urls import canonicalize
from exporters.markdown import FRONT_MATTER_KEYS

from .conftest import ROOT, crawl_args, run_cli


@pytest.fixture(scope="module")
def archive(network_server, tmp_path_factory):  # noqa: ANN001,ANN201
    data = tmp_path_factory.mktemp("archive")
    result = run_cli(*crawl_args(network_server, data))
    assert result.returncode == 0, result.stderr
    return data, result


def load_archive(data: Path) -> dict[str, frontmatter.Post]:
    posts = {}
    for path in sorted((data / "articles").rglob("*.md")):
        post = frontmatter.load(path)
        assert post["url"] not in posts, f"{post['url']} archived twice"
        posts[post["url"]] = post
    return posts


def snapshot(data: Path) -> dict[str, object]:
    """Every file's bytes hash and mtime, plus the row counts of the index."""
    files = {str(p.relative_to(data)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
             for p in (data / "articles").rglob("*") if p.is_file()}
    with sqlite3.connect(data / "archive.db") as db:
        counts = {t: db.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608 - fixed names
                  for t in ("articles", "sections", "links", "article_tags", "authors")}
    return {"files": files, "rows": counts}


def test_every_article_is_archived_once_with_its_metadata(archive, network_server) -> None:  # noqa: ANN001
    data, result = archive
    truth = {a.url: a for a in (t.at_port(network_server.port) for t in network_server.network.articles)}
    posts = load_archive(data)
    assert set(posts) == set(truth)
    assert "40 articles (40 new, 0 changed, 0 unchanged), 0 errors" in result.stdout
    for url, t in truth.items():
        post = posts[url]
        assert list(post.keys())[:len(FRONT_MATTER_KEYS)] == list(FRONT_MATTER_KEYS), url
        assert post["title"] == t.title
        assert post["date"] == datetime.fromisoformat(t.date), url
        assert post["updated"] == datetime.fromisoformat(t.updated), url
        assert post["author"] == t.author
        assert post["tags"] == list(t.tags)
        assert post["categories"] == list(t.categories)
        assert post["description"] == t.description
        assert [r["url"] for r in post["related"]] == [canonicalize(u) for u in t.related]
        assert all(r["title"] for r in post["related"])


def test_bodies_are_clean_markdown_sections(archive, network_server) -> None:  # noqa: ANN001
    data, _ = archive
    posts = load_archive(data)
    for t in (t.at_port(network_server.port) for t in network_server.network.articles):
        body = posts[t.url].content
        headings = [line.lstrip("#").strip() for line in body.splitlines() if line.startswith("#")]
        assert [h for h in headings if h not in t.byline_headings] == list(t.headings), t.url
        for sentence in t.sentences:
            assert sentence in body, (t.url, sentence)
        for junk in t.boilerplate:
            assert junk not in body, (t.url, junk)
        assert "<script" not in body and "adsbygoogle" not in body


def test_index_rows_match_the_files(archive) -> None:  # noqa: ANN001
    data, _ = archive
    posts = load_archive(data)
    db = sqlite3.connect(data / "archive.db")
    rows = dict(db.execute("select url, title from articles"))
    assert rows == {url: post["title"] for url, post in posts.items()}
    links = db.execute("select a.url, l.to_url from links l join articles a on a.id = l.from_article_id "
                       "order by a.url, l.position").fetchall()
    assert sorted(links) == sorted((u, r["url"]) for u, p in posts.items() for r in p["related"])
    tags = db.execute("select a.url, t.name from article_tags x join tags t on t.id = x.tag_id "
                      "join articles a on a.id = x.article_id").fetchall()
    assert sorted(tags) == sorted((u, t) for u, p in posts.items() for t in p["tags"])
    runs = db.execute("select status from runs").fetchall()
    assert runs == [("finished",)]
    fetched = db.execute("select count(*), count(distinct url), sum(status = 200) from fetches").fetchone()
    assert fetched[0] == fetched[1] == fetched[2] > len(posts)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    some = next(iter(posts.values()))
    word = some["title"].split()[-1].strip(":,.!?")
    hits = db.execute("select rowid from articles_fts where articles_fts match ?", (f'"{word}"',)).fetchall()
    assert hits


def test_a_second_crawl_changes_nothing(archive, network_server) -> None:  # noqa: ANN001
    data, _ = archive
    before = snapshot(data)
    result = run_cli(*crawl_args(network_server, data))
    assert result.returncode == 0, result.stderr
    assert "40 articles (0 new, 0 changed, 40 unchanged)" in result.stdout
    assert snapshot(data) == before


@pytest.mark.parametrize("case", ["malformed-url", "unreachable-host", "bad-db", "bad-resolve"])
def test_bad_input_is_one_line_and_loses_nothing(case: str, archive, network_server) -> None:  # noqa: ANN001
    data, _ = archive
    before = snapshot(data)
    args = {
        "malformed-url": ["crawl", "htp:/nowhere", "--data", str(data)],
        "unreachable-host": ["crawl", "http://127.0.0.1:9/", "--data", str(data), "--fast", "--no-progress",
                             "-s", "RETRY_TIMES=0"],
        "bad-db": crawl_args(network_server, data, "--db", "sqlite:////nonexistent-dir/x.db"),
        "bad-resolve": ["crawl", network_server.start_url, "--resolve", "*.x:999.1.1.1", "--data", str(data)],
    }[case]
    result = run_cli(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error:"), result.stderr
    assert snapshot(data) == before


def test_follow_all_archives_articles_but_not_listings(network_server, tmp_path) -> None:  # noqa: ANN001
    result = run_cli(*crawl_args(network_server, tmp_path, "--follow", "all", "--max-depth", "1"))
    assert result.returncode == 0, result.stderr
    posts = load_archive(tmp_path)
    truth = {t.at_port(network_server.port).url for t in network_server.network.articles}
    assert posts and set(posts) <= truth  # home, tag and category pages are never archived


def test_max_pages_bounds_the_crawl(network_server, tmp_path) -> None:  # noqa: ANN001
    result = run_cli(*crawl_args(network_server, tmp_path, "--max-pages", "5"))
    assert result.returncode == 0, result.stderr
    assert " 5 pages fetched" in result.stdout
    assert 0 < len(load_archive(tmp_path)) <= 5
    assert re.search(r"Page budget reached: 5 pages \(--max-pages\); \d+ more links were not followed",
                     result.stdout), result.stdout
    whole = run_cli(*crawl_args(network_server, tmp_path / "whole"))
    assert whole.returncode == 0 and "Page budget" not in whole.stdout


def test_a_page_budget_goes_to_articles_before_listing_pages(network_server, tmp_path) -> None:  # noqa: ANN001
    """Started from a tag page, whose links are mostly other tag, category and archive pages, a
    small --max-pages budget is spent on articles and their related lists first."""
    host = network_server.network.hosts[0]
    tag_page = next(path for path in sorted(network_server.network.pages[host]) if path.startswith("/tags/"))
    args = crawl_args(network_server, tmp_path, "--max-pages", "12")
    args[1] = network_server.url(host, tag_page)
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert " 12 pages fetched" in result.stdout
    assert len(load_archive(tmp_path)) >= 10  # the start page and at most one other listing


def test_scrapy_crawl_works_from_the_project_root(network_server, tmp_path) -> None:  # noqa: ANN001
    cmd = [sys.executable, "-m", "scrapy", "crawl", "articles",
           "-a", f"start_urls={network_server.start_url}", "-a", "max_pages=8",
           "-s", f"ARCHIVE_RESOLVE={network_server.resolve_rule}",
           "-s", f"ARCHIVE_DIR={tmp_path}", "-s", "LOG_LEVEL=ERROR", "-s", "DOWNLOAD_DELAY=0"]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    posts = load_archive(tmp_path)
    assert posts
    # the run report, as archiver crawl prints it
    assert re.search(r"^Report \(run 1, finished\): 8 pages, .* articles: (\d+) new", result.stdout, re.M)
    assert "Field fill rates of the articles parsed in this run:" in result.stdout


def test_an_unreachable_host_says_so_first_and_leaves_no_empty_archive(tmp_path) -> None:  # noqa: ANN001
    data = tmp_path / "new-archive"
    result = run_cli("crawl", "http://127.0.0.1:9/", "--data", str(data), "--fast", "--no-progress",
                     "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert result.stdout == ""  # no summary or report of a crawl that fetched nothing
    assert result.stderr.strip().startswith("error: no page could be fetched: http://127.0.0.1:9/")
    assert not data.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")  # a folder of the user's own: only what the run made goes
    result = run_cli("crawl", "http://127.0.0.1:9/", "--data", str(kept), "--fast", "--no-progress",
                     "-s", "RETRY_TIMES=0")
    assert result.returncode == 1 and sorted(p.name for p in kept.iterdir()) == ["notes.txt"]
