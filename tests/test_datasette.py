"""The archive opens in Datasette as it is: a real crawl served by ``datasette serve`` on loopback
with the shipped metadata; full-text search, views and foreign keys work over its JSON API."""

from __future__ import annotations

import json
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
from exporters.store.index import Index

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
