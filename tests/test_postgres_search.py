"""The PostgreSQL index against the SQLite one: the same articles give the same search results
(every operator, column filters, accents, non-Latin scripts), the same filtered listings, ranking
and snippets that behave alike, read-only SQL, and writers that can run at once."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.kernel.errors import UsageError
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from exporters import query
from exporters.filters import Filters
from exporters.search import Fts5Search, PostgresSearch
from exporters.store.index import Index

T0 = datetime(2025, 1, 1, tzinfo=UTC)
SITE = "https://news.example"

#: (slug, title, description, body, tags, author)
CORPUS = [
    ("vr-care", "Virtual care in medicine", "Remote care for patients",
     "Telemedicine lets doctors see patients remotely. Virtual reality headsets help rehabilitation.",
     ["Health", "VR"], "Liza Brown"),
    ("robot-surgery", "Robot surgery", "Machines in the operating room",
     "Surgeons steer robotic arms; virtual fixtures add safety to every e-mail of the protocol.",
     ["health", "robots"], "Ömer Çelik"),
    ("cafe", "Café culture in Paris", "Où boire un café",
     "Espresso bars and their crèmes brûlées. The naïve barista served a flat white.",
     ["food", "Éducation"], "Zoë Faure"),
    ("cafe-plain", "Cafe owners", "A plain description",
     "Cafe owners without accents talk about coffee prices and the espresso machine.",
     ["food"], "Liza Brown"),
    ("russian", "Новости науки", "Научные новости недели",
     "Учёные обнаружили новую частицу. Робот помогает хирургам.", ["наука"], "Иван Петров"),
    ("greek", "Ειδήσεις τεχνολογίας", "Τεχνητή νοημοσύνη",
     "Η τεχνητή νοημοσύνη αλλάζει την ιατρική και την εκπαίδευση.", ["τεχνολογία"], "Νίκος"),
    ("chinese", "人工智能的未来", "关于机器学习",
     "人工智能技术正在改变医疗行业。机器人手术越来越普遍。", ["科技"], "王伟"),
    ("japanese", "東京の天気", "天気予報",
     "明日の東京は晴れでしょう。ロボットのニュースもあります。", ["天気"], "佐藤"),
    ("phrases", "Climate policy explained", "Policy notes",
     "Climate policy matters. Policy on climate is another matter. The climate of policy debate.",
     ["climate"], "Liza Brown"),
    ("hosts", "Mirrors and hosts", "Infrastructure",
     "Our mirror alpha.news.test serves version 3.14 at /usr/local; write to ops@news.example today.",
     ["ops"], "Sam Roe"),
    ("neural", "Neural networks", "Deep learning basics",
     "Neural nets learn representations. Networking events for neuroscience students.",
     ["ai"], "Liza Brown"),
    ("near", "Robots and safety", "Nearness test",
     "The robot arm moved slowly and with great care for safety of the whole team.",
     ["robots"], "Sam Roe"),
]

QUERIES = [
    "virtual",                          # a word
    "Virtual",                          # case
    "virtual reality",                  # implied AND
    "virtual AND surgery",              # AND
    "robot OR robotic",                 # OR
    "health NOT surgery",               # NOT (binary)
    "virtual NOT (robot OR robotic)",   # NOT with a group
    '"climate policy"',                 # phrase
    '"policy climate"',                 # a phrase is ordered
    "clim*",                            # prefix
    "neur*",                            # prefix over several words
    "title:virtual",                    # column filter
    "title:cafe",                       # column filter + accents
    "description:care",                 # another column
    'title:"climate policy"',           # phrase in a column
    "title:(robot OR neural)",          # group in a column
    "cafe",                             # accent folding: café and cafe
    "café",                             # accents in the query
    "creme",                            # crèmes? no: words are whole (no stemming)
    "cremes",                           # crèmes
    "naive barista",                    # ï folded
    "brûlées",                          # accents in the query, folded in the text
    "Où",                               # a short accented word
    '"e-mail"',                         # hyphen: the phrase "e mail"
    "news",                             # inside a host name and an e-mail address
    "ops",                              # e-mail local part
    "usr",                              # a path
    "14",                               # a version number's part
    "новую частицу",                    # Cyrillic words
    "робот",                            # Cyrillic, not a prefix of "роботы"… exact word
    "учёные",                           # ё
    "νοημοσύνη",                        # Greek
    "τεχνητή AND ιατρική",              # Greek AND
    "人工智能",                          # Chinese: substring
    "机器人手术",                        # Chinese, longer
    "東京",                              # Japanese, two characters
    "ロボット",                          # katakana
    "NEAR(robot safety, 10)",           # NEAR within reach
    "NEAR(robot safety, 2)",            # NEAR out of reach
    "NEAR(virtual safety)",             # NEAR default distance
    "(virtual OR neural) AND NOT_A_WORD_THERE",  # a word nobody has
    "espresso OR (flat AND white)",     # grouping
]


def corpus() -> list[tuple[Article, str | None, datetime]]:
    out = []
    for i, (slug, title, description, body, tags, author) in enumerate(CORPUS):
        article = Article(
            url=f"{SITE}/{slug}/",
            metadata=Metadata(title=title, description=description, tags=list(tags),
                              date=datetime(2024, 1 + i % 12, 1 + i, tzinfo=UTC), authors=[Author(author)]),
            sections=[Section(None, 0, body)],
            related=[RelatedLink(f"{SITE}/{CORPUS[(i + 1) % len(CORPUS)][0]}/", "next")])
        out.append((article, f"{slug}.md", T0))
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, postgres_databases) -> tuple[Index, Index]:  # noqa: ANN001
    lite = Index(f"sqlite:///{tmp_path_factory.mktemp('lite') / 'archive.db'}")
    pg = Index(postgres_databases())
    for idx in (lite, pg):
        idx.upsert_articles(corpus())
    yield lite, pg
    lite.close()
    pg.close()


def urls(hits: list[dict]) -> set[str]:
    return {h["url"] for h in hits}


def test_the_backends_are_the_indexed_ones(pair: tuple[Index, Index]) -> None:
    lite, pg = pair
    assert isinstance(lite.search, Fts5Search) and isinstance(pg.search, PostgresSearch)
    assert pg.search.ranked


def test_the_query_list_covers_every_operator() -> None:
    joined = " ".join(QUERIES)
    for needle in (" OR ", " AND ", " NOT ", '"', "*", "title:", "description:", "NEAR(", "(",
                   "é", "人", "н", "ν"):
        assert needle in joined, needle
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("q", QUERIES)
def test_same_articles_on_sqlite_and_postgresql(pair: tuple[Index, Index], q: str) -> None:
    lite, pg = pair
    expected = urls(query.search(lite, q, limit=None))
    assert urls(query.search(pg, q, limit=None)) == expected
    assert query.count_matches(pg, q) == len(expected)
    assert urls(query.list_articles(pg, query=q, limit=None)) == expected


def test_the_queries_are_not_trivial(pair: tuple[Index, Index]) -> None:
    """Most queries find something, some find nothing, and they do not all find the same."""
    lite, _pg = pair
    found = [frozenset(urls(query.search(lite, q, limit=None))) for q in QUERIES]
    assert sum(1 for f in found if f) >= 30
    assert sum(1 for f in found if not f) >= 3
    assert len(set(found)) >= 15


def test_title_matches_rank_first_with_highlighted_snippets(pair: tuple[Index, Index]) -> None:
    _lite, pg = pair
    hits = query.search(pg, "virtual")
    assert hits[0]["url"] == f"{SITE}/vr-care/"  # in the title
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)  # lower is better, as bm25
    assert "**Virtual**" in hits[0]["snippet"]
    body_hit = next(h for h in hits if h["url"] == f"{SITE}/robot-surgery/")
    assert "**virtual**" in body_hit["snippet"] and body_hit["snippet"].endswith("…")
    accented = query.search(pg, "cafe")
    marked = {w.lower() for h in accented for w in h["snippet"].split() if "**" in w}
    assert {"**café**", "**cafe**"} <= marked
    assert query.search(pg, "virtual NOT robot")[0]["score"] < 0  # negation does not zero the rank


def test_filters_combine_with_search_and_names_fold_case(pair: tuple[Index, Index]) -> None:
    lite, pg = pair
    for filters in (Filters(tag="HEALTH"), Filters(tag="éducation"), Filters(author="ömer çelik"),
                    Filters(author="LIZA BROWN", query="virtual OR neural"), Filters(tag="НАУКА"),
                    Filters(site="news.example", since="2024-03-01", until="2024-08-31")):
        expected = urls(query.list_articles(lite, filters=filters, limit=None))
        assert expected, filters
        assert urls(query.list_articles(pg, filters=filters, limit=None)) == expected, filters
    assert urls(query.search(pg, "care", filters=Filters(tag="vr"))) == {f"{SITE}/vr-care/"}


@pytest.mark.parametrize("bad", ['"open', "virtual AND", "(virtual", "NEAR(", "title:"])
def test_malformed_queries_are_one_line_errors(pair: tuple[Index, Index], bad: str) -> None:
    _lite, pg = pair
    with pytest.raises(UsageError, match="malformed search query"):
        query.search(pg, bad)


def test_stats_breakdowns_and_views_agree(pair: tuple[Index, Index]) -> None:
    lite, pg = pair
    for by in ("site", "month", "tag", "author"):
        assert query.breakdown(pg, by) == query.breakdown(lite, by), by
    sql = "SELECT url, tags, authors FROM articles_with_tags ORDER BY url"

    def rows(source: str | Path) -> list[tuple]:
        return [(r["url"], json.loads(r["tags"]), json.loads(r["authors"]))
                for r in query.run_sql(source, sql, None)[1]]

    assert rows(pg.url) == rows(Path(lite.url.removeprefix("sqlite:///")))


@pytest.mark.parametrize("statement", [
    "DELETE FROM articles", "UPDATE articles SET title = 'x'", "DROP TABLE links",
    "CREATE TABLE x (a int)", "SELECT nextval('articles_id_seq')",
    "WITH gone AS (DELETE FROM articles RETURNING id) SELECT count(*) FROM gone",
])
def test_sql_is_read_only_on_postgresql(pair: tuple[Index, Index], statement: str) -> None:
    _lite, pg = pair
    with pytest.raises(UsageError, match="refused: the archive is opened read-only"):
        query.run_sql(pg.url, statement, 10)
    assert query.run_sql(pg.url, "SELECT count(*) AS n FROM articles", 10)[1] == [{"n": len(CORPUS)}]


def test_sql_takes_one_statement_so_a_commit_cannot_end_the_read_only_transaction(
        pair: tuple[Index, Index]) -> None:
    _lite, pg = pair
    for statement in ("SELECT 1; COMMIT; DELETE FROM articles", "ROLLBACK; DELETE FROM links"):
        with pytest.raises(UsageError, match="one SQL statement at a time"):
            query.run_sql(pg.url, statement, 10)
    assert query.run_sql(pg.url, "SELECT count(*) AS n FROM links", 10)[1] == [{"n": len(CORPUS)}]
    rows = query.run_sql(pg.url, "SELECT title FROM articles WHERE title LIKE :t ORDER BY title", 10,
                         {"t": "%afé%"})[1]
    assert rows == [{"title": "Café culture in Paris"}]


def test_sql_time_limit_and_ctrl_c_on_postgresql(pair: tuple[Index, Index]) -> None:
    _lite, pg = pair
    started = time.monotonic()
    with pytest.raises(UsageError, match=r"ran past its time limit of 0\.3 s"):
        query.run_sql(pg.url, "SELECT pg_sleep(30)", 10, timeout=0.3)
    assert time.monotonic() - started < 10
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            query.run_sql(pg.url, "SELECT pg_sleep(30)", 10, timeout=20)
    finally:
        timer.cancel()
    assert 0.4 < time.monotonic() - started < 10
    rows = query.run_sql(pg.url, "SELECT count(*) AS n FROM articles", 10, timeout=5)[1]
    assert rows == [{"n": len(CORPUS)}]


def test_concurrent_writers_share_vocabularies_without_losing_a_batch(postgres_url: str) -> None:
    """Eight writers at once, each its own articles but the same new sites, tags and authors (with
    and without a profile URL): every batch lands, each name once."""
    Index(postgres_url).close()  # the schema, once
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        idx = Index(postgres_url)
        try:
            barrier.wait()
            for batch in range(3):
                items = []
                for k in range(10):
                    url = f"https://site{k % 3}.example/w{n}-b{batch}-{k}/"
                    items.append((Article(url=url, metadata=Metadata(
                        title=f"t {n} {k}", tags=[f"tag{j}" for j in range(k % 5 + 1)],
                        categories=["shared"], keywords=["k1", "k2"],
                        authors=[Author("Ann Lee"), Author("Bo Chen", url="https://p.example/bo")]),
                        sections=[Section(None, 0, f"body {n} {batch} {k}")]), None, T0))
                idx.upsert_articles(items)
                idx.save_page_states([{"url": u.canonical_url, "status": 200, "checked_at": T0}
                                      for u, _p, _t in items] + [{"url": "https://site0.example/",
                                                                   "status": 200, "checked_at": T0}])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            idx.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    idx = Index(postgres_url)
    try:
        stats = query.stats(idx)
        assert stats["articles"] == 8 * 3 * 10 and stats["sites"] == 3
        assert stats["tags"] == 5 and stats["categories"] == 1 and stats["keywords"] == 2
        rows = query.run_sql(idx.url, "SELECT name, url, count(*) AS n FROM authors GROUP BY name, url "
                                      "ORDER BY name", None)[1]
        assert rows == [{"name": "Ann Lee", "url": None, "n": 1},
                        {"name": "Bo Chen", "url": "https://p.example/bo", "n": 1}]
        assert query.run_sql(idx.url, "SELECT count(*) AS n FROM page_states", None)[1] == [{"n": 241}]
    finally:
        idx.close()


def test_opening_a_new_database_at_once_creates_the_schema_once(postgres_url: str) -> None:
    results: list[object] = []

    def open_it() -> None:
        try:
            idx = Index(postgres_url)
            results.append(idx.changes)
            idx.close()
        except BaseException as exc:  # noqa: BLE001
            results.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, results)) == sorted(["['created']"] + ["[]"] * 5)
