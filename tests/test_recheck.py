"""The re-validation pass (crawler/recheck.py): a re-crawl asks its known pages before the crawl
engine starts. What it stores is what the engine would have stored; a re-crawl that finds nothing
changed never loads the engine; it asks only the pages of the crawl being run."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest

from crawler.demo import SiteServer, build_network

from .conftest import ROOT, crawl_args, run_cli

ENGINE_ONLY = ("-s", "ARCHIVE_REVALIDATE=False")


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(build_network(seed=11, sites=3, articles=24)) as srv:
        yield srv


@pytest.fixture(scope="module")
def first(server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("first") / "data"
    done = run_cli(*crawl_args(server, data))
    assert done.returncode == 0 and "24 new" in done.stdout, done.stdout + done.stderr
    return data


def copy_of(data: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(data, target)
    return target


def recorded(data: Path, run: int) -> dict[str, object]:
    """What run ``run`` stored, but when: its fetches, the page states it left, its counts."""
    with sqlite3.connect(data / "archive.db") as db:
        return {
            "fetches": sorted(db.execute("SELECT url, status, etag, last_modified, bytes, error FROM fetches "
                                         "WHERE run_id = ?", (run,)).fetchall()),
            "states": sorted(db.execute("SELECT url, article_url, status, etag, last_modified, run_id "
                                        "FROM page_states").fetchall()),
            "articles": sorted(db.execute("SELECT url, status, content_hash, file_hash "
                                          "FROM articles").fetchall()),
            "counts": db.execute("SELECT status, counts FROM runs WHERE id = ?", (run,)).fetchone(),
            "revisions": db.execute("SELECT count(*) FROM revisions").fetchone()[0],
        }


def files(data: Path) -> dict[str, str]:
    """Each Markdown file's content without its archived_at stamp."""
    out = {}
    for path in sorted((data / "articles").rglob("*.md")):
        post = frontmatter.load(path)
        post.metadata.pop("archived_at", None)
        out[str(path.relative_to(data))] = frontmatter.dumps(post)
    return out


def test_an_unchanged_recrawl_never_loads_the_engine_and_stores_what_it_would(
        server: SiteServer, first: Path, tmp_path: Path) -> None:
    passed, engine = copy_of(first, tmp_path, "passed"), copy_of(first, tmp_path, "engine")
    server.log.clear()
    args = [sys.executable, "-X", "importtime", "-m", "crawler.cli", *crawl_args(server, passed)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not {"scrapy", "twisted", "lxml.etree"} & loaded
    asked = sorted((r.host, r.path, r.status) for r in server.log.entries if r.path != "/robots.txt")
    assert {status for _, _, status in asked} == {304}
    assert len(asked) == len(set(asked)) == 25  # every article and the start page, once each

    server.log.clear()
    by_engine = run_cli(*crawl_args(server, engine, *ENGINE_ONLY))
    assert by_engine.returncode == 0
    # the same pages asked, but the start page: the engine fetches it in full, the pass asks it
    # conditionally (unchanged, it holds the links that were followed last time)
    engine_asked = sorted((r.host, r.path, r.status) for r in server.log.entries if r.path != "/robots.txt")
    assert [a for a in asked if a[1] != "/"] == [a for a in engine_asked if a[1] != "/"]
    assert [a[2] for a in asked if a[1] == "/"] == [304]
    assert [a[2] for a in engine_asked if a[1] == "/"] == [200]
    summary = [line.split(" in ")[0] for line in done.stdout.splitlines()
               if line.startswith("Crawl finished")]
    assert summary == [line.split(" in ")[0] for line in by_engine.stdout.splitlines()
                       if line.startswith("Crawl finished")]
    assert "24 articles (0 new, 0 changed, 24 unchanged)" in done.stdout
    ours, theirs = recorded(passed, 2), recorded(engine, 2)
    assert {k: v for k, v in ours.items() if k not in ("fetches", "counts")} == {
        k: v for k, v in theirs.items() if k not in ("fetches", "counts")}
    counts = json.loads(theirs["counts"][1])
    assert counts.pop("listings_skipped") == 18  # the start page's links, read by the engine only
    mine = json.loads(ours["counts"][1])
    if "warc_bytes" in counts:  # the same records; their headers differ a little (the engine's own)
        assert mine.pop("warc_bytes") > 0 and counts.pop("warc_bytes") > 0
    assert mine == counts
    assert ([f for f in ours["fetches"] if not f[0].endswith(f":{server.port}/")]
            == [f for f in theirs["fetches"] if not f[0].endswith(f":{server.port}/")])
    assert files(passed) == files(engine) == files(first)


def test_changes_go_to_the_engine_and_the_archive_is_the_engines(server: SiteServer, first: Path,
                                                                  tmp_path: Path) -> None:
    passed, engine = copy_of(first, tmp_path, "passed"), copy_of(first, tmp_path, "engine")
    network = server.network
    changed, lost = network.articles[3], network.articles[5]
    html = network.pages[changed.host][changed.path].body.decode()
    sentence = next(s for s in changed.sentences if html.count(s) == 1)
    server.set_page(changed.host, changed.path, html.replace(sentence, sentence.replace(" ", " really ", 1)))
    server.remove_page(lost.host, lost.path)
    try:
        done = run_cli(*crawl_args(server, passed))
        by_engine = run_cli(*crawl_args(server, engine, *ENGINE_ONLY))
    finally:
        server.set_page(changed.host, changed.path, html)
        server.set_page(lost.host, lost.path, network.pages[lost.host][lost.path].body)
    assert done.returncode == 0 and by_engine.returncode == 0, done.stdout + done.stderr
    line = "23 articles (0 new, 1 changed, 22 unchanged), 0 errors"  # and one gone
    assert line in done.stdout and line in by_engine.stdout, done.stdout
    assert recorded(passed, 2)["articles"] == recorded(engine, 2)["articles"]
    assert recorded(passed, 2)["revisions"] == recorded(engine, 2)["revisions"]
    assert files(passed) == files(engine) != files(first)


def test_only_the_pages_of_the_crawl_being_run_are_asked(tmp_path: Path) -> None:
    with SiteServer(build_network(seed=3, sites=2, articles=6)) as one, \
            SiteServer(build_network(seed=4, sites=2, articles=6)) as other:
        data = tmp_path / "data"
        for srv in (one, other):  # two crawls (other start URLs) into one archive
            assert run_cli(*crawl_args(srv, data)).returncode == 0
        other.log.clear()
        one.log.clear()
        again = run_cli(*crawl_args(one, data))
        assert again.returncode == 0 and "6 articles (0 new, 0 changed, 6 unchanged)" in again.stdout
        assert other.log.total == 0
        assert one.log.by_status.get(304, 0) >= 6
