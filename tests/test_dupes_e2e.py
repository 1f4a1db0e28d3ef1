"""Republished copies on a real crawl: a loopback network where some articles are published again
on other hosts (prefixed titles, edited sentences, later dates) beside look-alikes (different
stories with the same title behind a prefix and a shared boilerplate paragraph). The copies get
``duplicate_of`` in their front matter and rows, the clusters are listed by ``dupes``, ``--collapse``
keeps one article per story, ``show`` lists an article's copies, ``stats`` counts clusters, a
re-crawl rewrites nothing, ``regroup`` rebuilds them, and an archive at migration 6 gets placed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest

from crawler.demo import SiteServer, build_network
from exporters.store.migrations import LATEST

from .conftest import crawl_args, run_cli

COPIES, LOOKALIKES, ARTICLES = 5, 4, 36


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(build_network(seed=13, sites=3, articles=ARTICLES, copies=COPIES,
                                  lookalikes=LOOKALIKES)) as srv:
        yield srv


def truth(server: SiteServer) -> dict[str, str]:
    """Copy URL -> the URL of the story's first publication."""
    return {a.url: a.copy_of for a in (t.at_port(server.port) for t in server.network.articles) if a.copy_of}


def headers(data: Path) -> dict[str, dict]:
    posts = (frontmatter.load(p) for p in sorted((data / "articles").rglob("*.md")))
    return {post["url"]: post.metadata for post in posts}


def cli_json(data: Path, *args: str):  # noqa: ANN201
    done = run_cli(*args, "--data", str(data), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def crawled(server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("dupes") / "data"
    done = run_cli(*crawl_args(server, data))
    assert done.returncode == 0, done.stderr
    return data


def test_copies_carry_duplicate_of_and_clusters_are_stored(crawled: Path, server: SiteServer) -> None:
    copies = truth(server)
    assert len(copies) == COPIES
    posts = headers(crawled)
    assert len(posts) == ARTICLES
    for url, meta in posts.items():
        assert meta.get("duplicate_of") == copies.get(url), url
    with sqlite3.connect(crawled / "archive.db") as db:
        rows = dict(db.execute("SELECT url, duplicate_of FROM articles").fetchall())
        clusters = db.execute("SELECT count(*), sum(size) FROM clusters").fetchone()
        canonical = {u for (u,) in db.execute(
            "SELECT a.url FROM clusters c JOIN articles a ON a.id = c.canonical_id")}
    assert {u: d for u, d in rows.items() if d} == copies
    stories = set(copies.values())
    assert canonical == stories
    assert clusters == (len(stories), len(stories) + COPIES)
    assert run_cli("verify", "--data", str(crawled)).returncode == 0


def test_query_commands_show_the_clusters(crawled: Path, server: SiteServer) -> None:
    copies = truth(server)
    listed = cli_json(crawled, "dupes")
    assert {c["url"] for c in listed} == set(copies.values())
    assert sorted(u for c in listed for u in c["copies"]) == sorted(copies)
    assert all(c["size"] == len(c["copies"]) + 1 and c["similarity"] >= 0.4 for c in listed)
    collapsed = cli_json(crawled, "list", "--all", "--collapse")
    assert len(collapsed) == ARTICLES - COPIES
    assert not {a["url"] for a in collapsed} & set(copies)
    assert len(cli_json(crawled, "list", "--all")) == ARTICLES
    copy_url = sorted(copies)[0]
    shown = cli_json(crawled, "show", copy_url)
    assert shown["duplicate_of"] == copies[copy_url]
    assert copies[copy_url] in {c["url"] for c in shown["copies"] if c["canonical"]}
    original = cli_json(crawled, "show", copies[copy_url])
    assert original["duplicate_of"] is None and copy_url in {c["url"] for c in original["copies"]}
    table = run_cli("show", copies[copy_url], "--data", str(crawled))
    assert "the other copies" in table.stdout and table.returncode == 0
    stats = cli_json(crawled, "stats")
    assert stats["clusters"] == len(set(copies.values())) and stats["copies"] == COPIES
    assert stats["unplaced"] == 0
    word = shown["title"].split()[-1]
    every = cli_json(crawled, "search", word, "--all")
    few = cli_json(crawled, "search", word, "--all", "--collapse")
    assert copy_url in {h["url"] for h in every} and copy_url not in {h["url"] for h in few}
    out = crawled.parent / "stories.jsonl"
    done = run_cli("export", "--format", "jsonl", "--to", str(out), "--collapse", "--data", str(crawled))
    assert done.returncode == 0, done.stderr
    assert len(out.read_text().splitlines()) == ARTICLES - COPIES


def test_a_recrawl_rewrites_nothing(crawled: Path, server: SiteServer) -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (crawled / "articles").rglob("*.md")}
    done = run_cli(*crawl_args(server, crawled))
    assert done.returncode == 0, done.stderr
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (crawled / "articles").rglob("*.md")} == before


def test_off_then_regroup(server: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run_cli(*crawl_args(server, data, "-s", "ARCHIVE_DUPES=False"))
    assert done.returncode == 0, done.stderr
    assert not any("duplicate_of" in m for m in headers(data).values())
    assert cli_json(data, "stats")["unplaced"] == ARTICLES
    done = run_cli("regroup", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert f"{len(set(truth(server).values()))} clusters, {COPIES} copies" in done.stdout
    assert {u: m["duplicate_of"] for u, m in headers(data).items() if "duplicate_of" in m} == truth(server)
    assert run_cli("verify", "--data", str(data)).returncode == 0
    strict = run_cli("regroup", "--threshold", "1", "--data", str(data))
    assert "0 clusters, 0 copies" in strict.stdout
    assert not any("duplicate_of" in m for m in headers(data).values())
    assert run_cli("verify", "--data", str(data)).returncode == 0
    bad = run_cli("regroup", "--threshold", "2", "--data", str(data))
    assert bad.returncode != 0 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def test_an_archive_at_migration_6_is_placed_by_its_next_crawl(server: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_cli(*crawl_args(server, data, "-s", "ARCHIVE_DUPES=False")).returncode == 0
    with sqlite3.connect(data / "archive.db") as db:  # back to the layout of migration 6
        for table in ("article_clusters", "clusters", "dupe_bands", "dupe_signatures"):
            db.execute(f"DROP TABLE {table}")
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall():
            db.execute(f"DROP VIEW {name}")
        for column in ("duplicate_of", "access", "access_reason"):  # those of migrations 7 and 8
            db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
        db.execute("DELETE FROM schema_migrations WHERE version > 6")
    done = run_cli(*crawl_args(server, data))  # nothing changed: the re-validation pass alone
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(data / "archive.db") as db:
        assert db.execute("SELECT max(version) FROM schema_migrations").fetchone() == (LATEST,)
    assert {u: m["duplicate_of"] for u, m in headers(data).items() if "duplicate_of" in m} == truth(server)
    assert run_cli("verify", "--data", str(data)).returncode == 0


def test_a_bad_threshold_is_one_line(server: SiteServer, tmp_path: Path) -> None:
    done = run_cli(*crawl_args(server, tmp_path / "data", "-s", "ARCHIVE_DUPES_THRESHOLD=high"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr == "error: ARCHIVE_DUPES_THRESHOLD: expected a number within (0, 1], got 'high'\n"
