"""The archive opens in Datasette as it is: a real crawl served by ``datasette serve`` on loopback
with the shipped metadata; full-text search, views and foreign keys work over its JSON API, and in
a headless Chromium the articles table opens readable and the search query ranks by relevance
(screenshots in the tests' tmp folders; under CI=true a missing chromium fails those tests)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters import query
from exporters.search.fts5 import BM25_WEIGHTS
from exporters.store.index import Index

from .browser import Browser, find_chromium
from .conftest import ROOT

pytest.importorskip("datasette")

METADATA = ROOT / "exporters" / "datasette" / "metadata.json"
STARTUP_SECONDS = 60
#: No proxy, whatever the environment says: the server is on 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base: str, path: str, **params: str) -> object:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}" if params else base + path
    with OPENER.open(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def archive(crawled_archive: Path) -> Path:
    return crawled_archive


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(archive / "archive.db"),
                             "--metadata", str(METADATA), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                get(base, "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"datasette did not start: {proc.communicate()[0][-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def index(archive: Path) -> Iterator[Index]:
    with Index(f"sqlite:///{archive / 'archive.db'}") as idx:
        yield idx


def test_datasette_finds_the_search_index_by_itself(archive: Path) -> None:
    from datasette.utils import detect_fts

    with sqlite3.connect(archive / "archive.db") as db:
        assert detect_fts(db, "articles") == "articles_fts"


def test_search_over_the_json_api_returns_the_matching_articles(server: str, index: Index) -> None:
    some = query.list_articles(index, limit=None)
    assert len(some) == 40
    word = max(some[0]["title"].split(), key=len).strip(":&,")
    expected = {h["id"] for h in query.search(index, word, limit=1000)}
    assert some[0]["id"] in expected
    rows = get(server, "/archive/articles.json", _search=word, _shape="array", _size="max", _col="title")
    assert {r["id"] for r in rows} == expected
    phrase = " ".join(some[1]["title"].split()[:2])
    raw = get(server, "/archive/articles.json", _search=f'"{phrase}"', _searchmode="raw", _shape="array",
              _size="max")
    assert {r["id"] for r in raw} == {h["id"] for h in query.search(index, f'"{phrase}"', limit=1000)}
    assert some[1]["id"] in {r["id"] for r in raw}
    assert get(server, "/archive/articles.json", _search="zzzqqqnothing", _shape="array") == []


def test_views_and_foreign_keys_are_served(server: str, index: Index) -> None:
    rows = get(server, "/archive/articles_with_tags.json", _shape="array", _size="max")
    assert len(rows) == 40
    first = query.get_article(index, rows[0]["id"])
    assert json.loads(rows[0]["tags"]) == first["tags"]
    assert json.loads(rows[0]["authors"]) == [a["name"] for a in first["authors"]]
    assert rows[0]["site"] == first["site"] and rows[0]["url"] == first["url"]
    top = get(server, "/archive/link_counts.json", _shape="array", _sort_desc="backlinks", _size="1")
    best = query.get_article(index, top[0]["id"])
    assert top[0]["backlinks"] == len(best["linked_from"]) > 0
    labelled = get(server, "/archive/article_tags.json", _labels="on", _shape="array", _size="1")
    assert set(labelled[0]["tag_id"]) == {"value", "label"}  # a declared foreign key, labelled by name
    tagged = query.get_article(index, labelled[0]["article_id"]["value"])
    assert labelled[0]["tag_id"]["label"] in tagged["tags"]


def test_metadata_documents_every_table_and_column(server: str, archive: Path) -> None:
    meta = get(server, "/-/metadata.json")
    assert meta["title"] == json.loads(METADATA.read_text())["title"]
    described = meta["databases"]["archive"]["tables"]
    with sqlite3.connect(archive / "archive.db") as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
                 if not n.startswith(("sqlite_", "articles_fts", "articles_trigram"))]
        columns = {n: [r[1] for r in db.execute(f"PRAGMA table_info({n})")] for n in names}
    assert {"articles", "articles_with_tags", "related_links", "link_counts"} <= set(names)
    where = "exporters/datasette/metadata.json"
    for name, cols in columns.items():
        assert name in described, f"table {name} is not described in {where}"
        assert described[name]["description"], name
        assert set(cols) == set(described[name]["columns"]), f"columns of {name} differ from {where}"
    database = get(server, "/archive.json")
    articles = next(t for t in database["tables"] if t["name"] == "articles")
    assert articles["fts_table"] == "articles_fts"
    assert {v["name"] for v in database["views"]} >= {"articles_with_tags", "link_counts"}


# -- in a real browser: what a reader sees ---------------------------------------------------------

#: The columns the articles table shows; the others (bodies, hashes, bookkeeping) are a row's page away.
SHOWN = ["id", "url", "site_id", "title", "date", "updated", "description", "word_count", "reading_time",
         "language", "access", "status"]
VISIBLE_COLUMNS = ("[...document.querySelectorAll('table.rows-and-columns thead th')]"
                   ".filter(th => getComputedStyle(th).display !== 'none').map(th => th.dataset.column)")
ROW_IDS = ("[...document.querySelectorAll('table.rows-and-columns tbody tr')]"
           ".map(tr => Number(tr.querySelector('td.col-id').innerText.trim()))")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if find_chromium() is None:
        why = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    with Browser() as b:
        yield b


def test_the_articles_table_opens_readable(server: str, browser: Browser, tmp_path: Path) -> None:
    browser.open(f"{server}/archive/articles")
    shot = browser.screenshot(tmp_path / "articles.png", full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert browser.evaluate(VISIBLE_COLUMNS) == SHOWN
    every = browser.evaluate("[...document.querySelectorAll('table.rows-and-columns thead th')]"
                             ".map(th => th.dataset.column)")
    assert {"body_markdown", "body_text", "content_hash"} <= set(every)  # served, but not shown
    descriptions = "getComputedStyle(document.querySelector('dl.column-descriptions')).display"
    assert browser.evaluate(descriptions) == "none"  # each column's menu describes it
    heights = browser.evaluate("[...document.querySelectorAll('table.rows-and-columns tbody tr')]"
                               ".map(tr => tr.getBoundingClientRect().height)")
    assert len(heights) == 40 and max(heights) < 200  # rows of a few lines, not whole articles
    assert browser.evaluate("getComputedStyle(document.querySelector('td.col-date'), '::after').content") == \
        '" UTC"'
    facets = browser.evaluate("[...document.querySelectorAll('.facet-info')].map(f => f.dataset.column)")
    assert {"site_id", "status"} <= set(facets)
    row = browser.evaluate(ROW_IDS)[0]
    browser.open(f"{server}/archive/articles/{row}")  # a row's page shows every column, the body too
    assert "body_markdown" in browser.evaluate("document.body.innerText")


def _relevance_word(index: Index) -> tuple[str, list[int]]:
    """A word whose best match is neither the first article by id (the table's order) nor the
    newest (the old date order), with its ranked hits."""
    articles = query.list_articles(index, limit=None)
    newest = articles[0]["id"]
    words = sorted({w.strip(":&,.!?\"'").lower() for a in articles for w in a["title"].split()})
    for word in (w for w in words if len(w) >= 5 and w.isalpha()):
        hits = [h["id"] for h in query.search(index, word, limit=None)]
        if len(hits) >= 3 and hits[0] not in (min(hits), newest):
            return word, hits
    raise AssertionError("no word tells relevance from id and date order in this archive")


def test_search_ranks_by_relevance_in_the_browser(server: str, browser: Browser, index: Index,
                                                  tmp_path: Path) -> None:
    word, hits = _relevance_word(index)
    browser.open(f"{server}/archive/search?q={urllib.parse.quote(word)}")
    browser.screenshot(tmp_path / "search.png", full_page=False)
    assert browser.evaluate(ROW_IDS) == hits[:100]  # best first, as archiver search ranks them
    headers = browser.evaluate("[...document.querySelectorAll('table.rows-and-columns th')]"
                               ".map(th => th.innerText)")
    assert headers == ["id", "title", "site", "date", "snippet", "url", "score"]
    first_date = browser.evaluate("document.querySelector('tbody td.col-date').innerText")
    assert first_date.endswith(" UTC") and len(first_date) == len("2024-05-01 07:15 UTC")
    assert f"**{word}" in browser.evaluate("document.querySelector('tbody td.col-snippet').innerText").lower()
    browser.open(f"{server}/archive/search?q=")  # the empty form: no error, no rows
    assert browser.evaluate(ROW_IDS) == []
    assert not browser.evaluate("document.querySelector('.message-error')")
    browser.open(f"{server}/archive/articles_with_tags?_search={urllib.parse.quote(word)}")  # FTS on the view
    summary = browser.evaluate("document.querySelector('h3').innerText")
    assert summary.startswith(f"{len(hits)} rows where search"), summary
    assert sorted(browser.evaluate(ROW_IDS)) == sorted(hits)


def test_the_search_query_ranks_with_the_weights_of_archiver_search() -> None:
    sql = json.loads(METADATA.read_text())["databases"]["archive"]["queries"]["search"]["sql"]
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    assert sql.count(f"bm25(articles_fts, {weights})") == 2  # the score shown and the order
