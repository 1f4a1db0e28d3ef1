"""The SQL index: schema, upserts keyed by canonical URL, children, FTS sync, runs and fetches."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from crawler.kernel.errors import StorageError
from crawler.kernel.fields import content_hash
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from exporters.store.index import Index
from exporters.store.writer import BatchWriter

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def make_article(url: str = "https://blog.example.com/one/", body: str = "Surgery with robots.",
                 **meta: object) -> Article:
    defaults: dict[str, object] = {
        "title": "Robotic surgery",
        "date": datetime(2024, 7, 11, 0, 59, 23, 966000, tzinfo=UTC),
        "tags": ["health", "robots"],
        "categories": ["science"],
        "keywords": ["Surgery", "Robots"],
        "description": "How robots help surgeons",
        "authors": [Author("Liza Brown", "https://blog.example.com/liza/", "https://img.example/l.jpg")],
    }
    defaults.update(meta)
    return Article(
        url=url,
        metadata=Metadata(**defaults),  # type: ignore[arg-type]
        sections=[Section(None, 0, body), Section("Details", 2, "More about it.")],
        related=[RelatedLink("https://other.example.com/two/", "Two"),
                 RelatedLink("https://blog.example.com/three/", "Three")],
    )


@pytest.fixture
def index(tmp_path: Path) -> Index:
    idx = Index(f"sqlite:///{tmp_path / 'archive.db'}")
    yield idx
    idx.close()


def rows(index: Index, sql: str, **params: object) -> list[tuple]:
    with index.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def fts_ids(index: Index, query: str) -> list[int]:
    return [r[0] for r in rows(index, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q", q=query)]


def test_new_unchanged_updated(index: Index) -> None:
    article = make_article()
    assert index.upsert_articles([(article, "a/one.md", T0)]) == ["new"]
    assert index.upsert_articles([(make_article(), "a/one.md", T0 + timedelta(days=1))]) == ["unchanged"]
    changed = make_article(title="Robotic surgery, revised")
    assert index.upsert_articles([(changed, "a/one.md", T0 + timedelta(days=2))]) == ["updated"]
    (title, first_seen, last_seen, digest, path), = rows(
        index, "SELECT title, first_seen, last_seen, content_hash, path FROM articles")
    assert title == "Robotic surgery, revised" and path == "a/one.md"
    assert first_seen.startswith("2025-01-01 12:00") and last_seen.startswith("2025-01-03 12:00")
    assert digest == content_hash(changed)


def test_batch_outcomes_in_order_and_repeated_url_in_one_batch(index: Index) -> None:
    a, b = make_article(), make_article("https://blog.example.com/two/", title="Second")
    outcomes = index.upsert_articles([(a, None, T0), (b, None, T0), (a, None, T0),
                                      (make_article(body="Other body."), None, T0)])
    assert outcomes == ["new", "new", "unchanged", "updated"]
    assert rows(index, "SELECT count(*) FROM articles") == [(2,)]


def test_keyed_by_canonical_url(index: Index) -> None:
    first = make_article("https://blog.example.com/one/?utm_source=x",
                         canonical_url="https://blog.example.com/one/")
    second = make_article("https://blog.example.com/one/index.html",
                          canonical_url="https://blog.example.com/one/")
    assert index.upsert_articles([(first, None, T0), (second, None, T0)]) == ["new", "unchanged"]
    assert rows(index, "SELECT url FROM articles") == [("https://blog.example.com/one/",)]
    assert rows(index, "SELECT host FROM sites") == [("blog.example.com",)]


def test_content_hash_tracks_rendered_content() -> None:
    base = content_hash(make_article())
    assert base == content_hash(make_article())
    assert base != content_hash(make_article(body="Different body."))
    assert base != content_hash(make_article(tags=["robots", "health"]))
    assert base != content_hash(make_article(updated=datetime(2025, 1, 1, tzinfo=UTC)))
    moved = make_article()
    moved.related = moved.related[:1]
    assert base != content_hash(moved)


def test_children_are_normalised_ordered_and_replaced(index: Index) -> None:
    index.upsert_articles([(make_article(tags=["b", "a", "b", " "]), None, T0),
                           (make_article("https://blog.example.com/two/", tags=["a"]), None, T0)])
    assert rows(index, "SELECT name FROM tags ORDER BY id") == [("b",), ("a",)]
    assert rows(index, "SELECT t.name, at.position FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                       "WHERE at.article_id = 1 ORDER BY at.position") == [("b", 0), ("a", 1)]
    assert rows(index, "SELECT count(*) FROM authors") == [(1,)]  # shared by both articles
    assert rows(index, "SELECT name, url, avatar FROM authors") == [
        ("Liza Brown", "https://blog.example.com/liza/", "https://img.example/l.jpg")]
    sections = "SELECT position, heading, level FROM sections WHERE article_id = 1 ORDER BY position"
    assert rows(index, sections) == [(0, None, 0), (1, "Details", 2)]
    assert rows(index, "SELECT name FROM keywords ORDER BY id") == [("Surgery",), ("Robots",)]

    index.upsert_articles([(make_article(tags=["c"], categories=[], authors=[Author("Ann"), Author("Bo")]),
                            None, T0)])
    assert rows(index, "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                       "WHERE at.article_id = 1") == [("c",)]
    assert rows(index, "SELECT count(*) FROM article_categories WHERE article_id = 1") == [(0,)]
    assert rows(index, "SELECT a.name FROM article_authors aa JOIN authors a ON a.id = aa.author_id "
                       "WHERE aa.article_id = 1 ORDER BY aa.position") == [("Ann",), ("Bo",)]


def test_related_link_graph_rows(index: Index) -> None:
    index.upsert_articles([(make_article(), None, T0)])
    assert rows(index, "SELECT from_article_id, to_url, anchor, position FROM links ORDER BY position") == [
        (1, "https://other.example.com/two/", "Two", 0),
        (1, "https://blog.example.com/three/", "Three", 1),
    ]
    article = make_article()
    article.related = [RelatedLink("https://other.example.com/four/", "Four")]
    index.upsert_articles([(article, None, T0)])
    assert rows(index, "SELECT to_url, position FROM links") == [("https://other.example.com/four/", 0)]


def test_fts_follows_updates(index: Index) -> None:
    index.upsert_articles([(make_article(body="Cardiology and stethoscopes."), None, T0)])
    assert fts_ids(index, "stethoscopes") == [1]
    index.upsert_articles([(make_article(body="Orthopaedics and plaster casts."), None, T0)])
    assert fts_ids(index, "stethoscopes") == []
    assert fts_ids(index, "plaster") == [1]
    assert fts_ids(index, "robots") == [1]  # description column
    index.upsert_articles([(make_article(title="Café crème"), None, T0)])
    assert fts_ids(index, "cafe") == [1]  # diacritics folded


def test_a_failing_batch_leaves_nothing_behind(index: Index) -> None:
    good = make_article("https://blog.example.com/good/")
    bad = make_article("https://blog.example.com/bad/")
    bad.related.append(RelatedLink(None, "no target"))  # type: ignore[arg-type]  # NOT NULL violation
    with pytest.raises(StorageError, match="cannot store articles .*NOT NULL"):
        index.upsert_articles([(good, None, T0), (bad, None, T0)])
    assert rows(index, "SELECT count(*) FROM articles") == [(0,)]
    assert rows(index, "SELECT count(*) FROM tags") == [(0,)]
    assert fts_ids(index, "robots") == []
    assert index.upsert_articles([(good, None, T0)]) == ["new"]


def test_a_crash_mid_article_rolls_the_batch_back(index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    index.upsert_articles([(make_article(), None, T0)])
    original = BatchWriter._add_children

    def crash_midway(self, articles: list[tuple[int, Article]]) -> None:
        original(self, articles[:1])  # the first article's rows are written, then the process dies
        raise RuntimeError("killed")

    monkeypatch.setattr(BatchWriter, "_add_children", crash_midway)
    with pytest.raises(RuntimeError):
        index.upsert_articles([(make_article("https://blog.example.com/new/"), None, T0),
                               (make_article(body="Changed body."), None, T0)])
    assert rows(index, "SELECT url FROM articles") == [("https://blog.example.com/one/",)]
    assert rows(index, "SELECT count(*) FROM sections") == [(2,)]
    assert fts_ids(index, "surgery") == [1] and fts_ids(index, "changed") == []


def test_sqlite_pragmas(index: Index) -> None:
    with index.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_keeps_data_and_rebuilds_a_missing_fts_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Index(url) as idx:
        idx.upsert_articles([(make_article(), None, T0)])
    with Index(url) as idx:
        assert fts_ids(idx, "surgery") == [1]
        with idx.engine.begin() as conn:
            for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
            conn.exec_driver_sql("DROP TABLE articles_fts")
    with Index(url) as idx:
        assert idx.has_fts
        assert fts_ids(idx, "surgery") == [1]


@pytest.mark.parametrize(("make_url", "message"), [
    (lambda d: f"sqlite:///{d}/missing-dir/x.db", "unable to open database file"),
    (lambda d: "nosuchdb://host/db", "unknown database kind 'nosuchdb'"),
    (lambda d: "not a database url", "Could not parse"),
    (lambda d: f"sqlite:///{d}/garbage.db", "file is not a database"),
])
def test_bad_database_urls_raise_one_line_storage_errors(tmp_path: Path, make_url, message: str) -> None:
    (tmp_path / "garbage.db").write_bytes(b"this is not sqlite " * 200)
    url = make_url(tmp_path)
    with pytest.raises(StorageError) as info:
        Index(url)
    text_ = str(info.value)
    assert text_.startswith(f"cannot open database {url}: ") and message in text_
    assert "\n" not in text_ and "Traceback" not in text_


def test_password_is_hidden_in_errors() -> None:
    with pytest.raises(StorageError) as info:
        Index("nosuchdb://user:s3cret@127.0.0.1/db")
    assert "s3cret" not in str(info.value)


def test_runs_record_options_and_counts(index: Index) -> None:
    run_id = index.start_run(["https://blog.example.com/"], {"follow": "related", "dir": Path("/x")})
    index.finish_run(run_id, "finished", {"new": 3, "errors": 0})
    (status, options, counts, start_urls, finished), = rows(
        index, "SELECT status, options, counts, start_urls, finished_at FROM runs WHERE id = :i", i=run_id)
    assert status == "finished" and finished is not None
    assert json.loads(options) == {"follow": "related", "dir": "/x"}
    assert json.loads(counts) == {"new": 3, "errors": 0}
    assert json.loads(start_urls) == ["https://blog.example.com/"]


def test_fetches_and_known(index: Index) -> None:
    url = "https://blog.example.com/one/"
    assert index.known(url) is None
    run_id = index.start_run([url], {})
    index.record_fetches([
        {"url": url, "status": 200, "fetched_at": T0, "etag": '"v1"', "run_id": run_id, "bytes": 10,
         "duration_ms": 12.5, "unknown_key": "ignored"},
        {"url": url, "status": 200, "fetched_at": T0 + timedelta(hours=1), "etag": '"v2"',
         "last_modified": "Wed, 01 Jan 2025 13:00:00 GMT", "run_id": run_id},
        {"url": url, "status": None, "fetched_at": T0 + timedelta(hours=2), "error": "timeout",
         "run_id": run_id},
    ])
    assert rows(index, "SELECT count(*) FROM fetches WHERE run_id = :r", r=run_id) == [(3,)]
    info = index.known(url)
    assert info is not None and info["article_id"] is None
    assert info["etag"] == '"v2"' and info["last_modified"] == "Wed, 01 Jan 2025 13:00:00 GMT"
    index.upsert_articles([(make_article(), None, T0)])
    info = index.known(url)
    assert info["status"] == "ok" and info["content_hash"] == content_hash(make_article())


def test_mark_gone_and_return(index: Index) -> None:
    index.upsert_articles([(make_article(), None, T0)])
    assert index.mark_gone(["https://blog.example.com/one/", "https://nowhere.example/"]) == 1
    assert rows(index, "SELECT status FROM articles") == [("gone",)]
    assert index.upsert_articles([(make_article(), None, T0)]) == ["unchanged"]
    assert rows(index, "SELECT status, gone_at FROM articles") == [("ok", None)]
