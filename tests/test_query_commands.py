"""The query checklist end to end: FTS syntax (phrase, prefix, boolean, column, accents, unspaced
scripts), breakdowns, the link graph, read-only SQL, and every query command's table / --json /
--csv / --limit output on the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.kernel.errors import NotFound, UsageError
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from exporters import graph, query
from exporters.store.index import Index

T0 = datetime(2025, 2, 1, tzinfo=UTC)
HOST_A, HOST_B = "alpha.news.test", "beta.news.test"
U = {
    "vr": f"https://{HOST_A}/virtual-reality-clinics/",
    "robots": f"https://{HOST_A}/surgical-robots/",
    "cafe": f"https://{HOST_B}/cafe-society/",
    "zh": f"https://{HOST_B}/zh/ai-news/",
    "ja": f"https://{HOST_B}/ja/tokyo/",
    "ghost": f"https://{HOST_A}/never-archived/",
}
TEXTS = {
    "vr": ("Virtual reality clinics", "Virtual reality headsets help surgeons rehearse. Patients relax "
                                      "in virtual gardens while clinics measure recovery."),
    "robots": ("Surgical robots", "Robotic arms assist surgeons. Reality checks: a surgeon still decides; "
                                  "robotics and virtual fixtures keep the arm away from nerves."),
    "cafe": ("Café society", "Crème brûlée and espresso: the naïve charm of Parisian cafés."),
    "zh": ("人工智能新闻", "人工智能正在改变医疗行业。医生使用机器学习诊断疾病。"),
    "ja": ("東京の天気", "東京は明日晴れるでしょう。週末は雨の予報です。"),
}
#: who recommends whom: vr -> robots, cafe, ghost; robots -> vr, ghost; cafe -> ghost; zh -> robots
RELATED = {"vr": ["robots", "cafe", "ghost"], "robots": ["vr", "ghost"], "cafe": ["ghost"], "zh": ["robots"]}
META = {
    "vr": {"date": datetime(2024, 3, 5, 9, 0, tzinfo=UTC), "tags": ["Health", "VR"], "authors": ["Ann Lee"]},
    "robots": {"date": datetime(2024, 3, 20, tzinfo=UTC), "tags": ["health", "Robots"],
               "authors": ["Bo Chen"]},
    "cafe": {"date": datetime(2023, 11, 2, tzinfo=UTC), "tags": ["Food"], "authors": ["Ann Lee", "Élodie"]},
    "zh": {"date": datetime(2024, 4, 1, tzinfo=UTC), "tags": ["AI"], "authors": ["李明"]},
    "ja": {"date": None, "tags": [], "authors": []},
}


def make(key: str) -> Article:
    title, body = TEXTS[key]
    m = META[key]
    return Article(
        url=U[key],
        metadata=Metadata(title=title, date=m["date"], tags=list(m["tags"]), categories=["News"],
                          authors=[Author(a) for a in m["authors"]], description=f"About {title.lower()}"),
        sections=[Section(None, 0, body)],
        related=[RelatedLink(U[k], f"Read: {k}") for k in RELATED.get(key, [])],
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    with Index(f"sqlite:///{root / 'archive.db'}") as index:
        run = index.start_run([U["vr"]], {})
        index.upsert_articles([(make(k), f"{k}.md", T0) for k in TEXTS], run_id=run)
        index.finish_run(run, "finished", {"new": len(TEXTS)})
    return root


@pytest.fixture(scope="module")
def index(data: Path) -> Index:
    with Index(f"sqlite:///{data / 'archive.db'}") as idx:
        yield idx


def urls(hits: list[dict]) -> list[str]:
    return [h["url"] for h in hits]


# -- full-text search -------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "expected"), [
    ('"virtual reality"', {"vr"}),          # phrase: the robots article has both words, not together
    ("virtual reality", {"vr", "robots"}),  # all words, anywhere
    ("robot*", {"robots"}),                 # prefix: robotic, robotics, robots
    ("robot", set()),                       # a whole word, not a prefix
    ("espresso OR headsets", {"vr", "cafe"}),
    ("surgeons NOT robotic", {"vr"}),
    ("virtual AND (gardens OR nerves)", {"vr", "robots"}),
    ("title:surgical", {"robots"}),
    ("NEAR(surgeons rehearse, 2)", {"vr"}),
    ("creme brulee naive", {"cafe"}),       # accents folded in the query...
    ("CRÈME", {"cafe"}),                    # ...and in the text, any case
])
def test_search_syntax(index: Index, q: str, expected: set[str]) -> None:
    assert set(urls(query.search(index, q))) == {U[k] for k in expected}


def test_bm25_puts_title_matches_first_and_highlights_every_hit(index: Index) -> None:
    hits = query.search(index, "surgeons")
    assert set(urls(hits)) == {U["vr"], U["robots"]}
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)  # bm25: lower is better
    assert all("**surgeons**" in h["snippet"].lower() for h in hits)
    ranked = query.search(index, "surgical OR robotic")  # only the robots article has either word
    assert urls(ranked) == [U["robots"]]
    reality = query.search(index, "reality")  # in vr's title and body, robots' body only
    assert urls(reality) == [U["vr"], U["robots"]]


@pytest.mark.parametrize(("q", "expected"), [
    ("人工智能", "zh"), ("机器学习", "zh"), ("晴れる", "ja"), ("東京", "ja"), ("医疗", "zh"),
])
def test_unspaced_scripts_are_found_by_substring(index: Index, q: str, expected: str) -> None:
    hits = query.search(index, q)
    assert urls(hits) == [U[expected]]
    assert f"**{q}" in hits[0]["snippet"] or "**" in hits[0]["snippet"]


def test_unspaced_terms_shorter_than_a_trigram_still_match(index: Index) -> None:
    assert urls(query.search(index, "天気")) == [U["ja"]]  # two characters: substring fallback
    assert urls(query.list_articles(index, query="医生")) == [U["zh"]]


def test_trigram_index_holds_only_unspaced_articles(data: Path) -> None:
    def match(q: str) -> set[int]:
        return {r for (r,) in db.execute("SELECT rowid FROM articles_trigram WHERE articles_trigram "
                                         "MATCH ?", (q,))}

    with sqlite3.connect(data / "archive.db") as db:
        ids = {u: i for i, u in db.execute("SELECT id, url FROM articles")}
        tokenizer = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
        assert match('"人工智能"') == {ids[U["zh"]]} and match('"週末は"') == {ids[U["ja"]]}
        assert match('"surgeons"') == set() and match('"about"') == {ids[U["zh"]], ids[U["ja"]]}
    assert "unicode61 remove_diacritics" in tokenizer


@pytest.mark.parametrize("bad", ['"open', "virtual AND", "(gardens", "nosuch:word", "NEAR(a b", "*",
                                 " OR ".join(["garden"] * 200)])  # 399 words and operators
def test_malformed_queries_are_one_line_usage_errors(index: Index, bad: str) -> None:
    with pytest.raises(UsageError) as info:
        query.search(index, bad)
    assert "malformed search query" in str(info.value) and "\n" not in str(info.value)
    assert len(str(info.value)) < 300  # a long query is not repeated whole
    with pytest.raises(UsageError, match="malformed search query"):
        query.list_articles(index, query=bad)


def test_search_combines_with_filters(index: Index) -> None:
    assert urls(query.search(index, "surgeons", filters=query.Filters(tag="vr"))) == [U["vr"]]
    assert query.search(index, "surgeons", filters=query.Filters(site=HOST_B)) == []


# -- stats, breakdowns, graph -----------------------------------------------------------------

def test_breakdowns(index: Index) -> None:
    assert query.breakdown(index, "site") == [{"site": HOST_B, "articles": 3},
                                              {"site": HOST_A, "articles": 2}]
    assert query.breakdown(index, "month") == [{"month": "2024-04", "articles": 1},
                                               {"month": "2024-03", "articles": 2},
                                               {"month": "2023-11", "articles": 1}]
    tags = query.breakdown(index, "tag")
    assert [t["tag"] for t in tags] == sorted(t["tag"] for t in tags)  # ties in name order
    assert {t["tag"]: t["articles"] for t in tags} == {"Health": 1, "health": 1, "VR": 1, "Robots": 1,
                                                       "Food": 1, "AI": 1}
    assert query.breakdown(index, "author") == [{"author": "Ann Lee", "articles": 2},
                                                {"author": "Bo Chen", "articles": 1},
                                                {"author": "Élodie", "articles": 1},
                                                {"author": "李明", "articles": 1}]
    assert query.breakdown(index, "category") == [{"category": "News", "articles": 5}]
    assert len(query.breakdown(index, "author", limit=2)) == 2
    with pytest.raises(UsageError, match="cannot break down by"):
        query.breakdown(index, "weekday")


def test_links_outgoing_and_backlinks(index: Index) -> None:
    found = graph.links(index, U["robots"])
    assert [(r["url"], r["archived"]) for r in found["related"]] == [(U["vr"], True), (U["ghost"], False)]
    assert [b["url"] for b in found["backlinks"]] == [U["vr"], U["zh"]]
    assert found["backlinks"][0]["anchor"] == "Read: robots"
    assert graph.links(index, U["ja"]) == {**graph.links(index, U["ja"]), "related": [], "backlinks": []}
    with pytest.raises(NotFound):
        graph.links(index, U["ghost"])


def test_top_linked(index: Index) -> None:
    top = graph.top_linked(index)
    assert [(t["url"], t["backlinks"]) for t in top[:2]] == [(U["ghost"], 3), (U["robots"], 2)]
    assert top[0]["archived"] is False and top[1]["title"] == "Surgical robots"
    assert [t["url"] for t in graph.top_linked(index, archived_only=True)][0] == U["robots"]
    assert {t["url"] for t in graph.top_linked(index, site=HOST_B)} == {U["cafe"]}
    assert len(graph.top_linked(index, limit=1)) == 1
    with pytest.raises(UsageError):
        graph.top_linked(index, limit=0)


# -- read-only SQL ----------------------------------------------------------------------------

def test_sql_reads(data: Path) -> None:
    cols, rows, truncated = query.run_sql(data / "archive.db", "SELECT site, count(*) AS n FROM "
                                          "articles_with_tags GROUP BY site ORDER BY site")
    assert cols == ["site", "n"] and rows == [{"site": HOST_A, "n": 2}, {"site": HOST_B, "n": 3}]
    assert not truncated
    _cols, rows, truncated = query.run_sql(data / "archive.db", "SELECT id FROM articles", limit=2)
    assert len(rows) == 2 and truncated
    _cols, rows, _ = query.run_sql(data / "archive.db", "WITH x AS (SELECT 1 AS one) SELECT * FROM x;")
    assert rows == [{"one": 1}]


@pytest.mark.parametrize("statement", [
    "DELETE FROM articles", "UPDATE articles SET title = 'x'", "INSERT INTO tags(name) VALUES ('x')",
    "DROP TABLE links", "CREATE TABLE t(x)", "ATTACH DATABASE '/tmp/x.db' AS x", "PRAGMA user_version = 9",
    "VACUUM", "VACUUM INTO '/tmp/archiver-copy.db'", "REPLACE INTO tags(id, name) VALUES (1, 'x')",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
])
def test_sql_refuses_writes(data: Path, statement: str) -> None:
    before = (data / "archive.db").read_bytes()
    with pytest.raises(UsageError) as info:
        query.run_sql(data / "archive.db", statement)
    assert "read-only" in str(info.value) and "\n" not in str(info.value)
    assert (data / "archive.db").read_bytes() == before
    assert not Path("/tmp/archiver-copy.db").exists()


@pytest.mark.parametrize(("statement", "message"), [
    ("SELEC 1", "SQL error"), ("SELECT nope FROM articles", "no such column"),
    ("SELECT 1; SELECT 2", "one SQL statement"), ("", "empty SQL"),
])
def test_sql_errors_are_one_line(data: Path, statement: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as info:
        query.run_sql(data / "archive.db", statement)
    assert "\n" not in str(info.value)


ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


def test_sql_stops_a_query_at_its_time_limit(data: Path) -> None:
    started = time.monotonic()
    with pytest.raises(UsageError, match=r"ran past its time limit of 0\.3 s") as info:
        query.run_sql(data / "archive.db", ENDLESS, timeout=0.3)
    assert time.monotonic() - started < 10 and "\n" not in str(info.value)
    rows = query.run_sql(data / "archive.db", "SELECT count(*) AS n FROM articles", timeout=0.3)[1]
    assert rows == [{"n": 5}]


def test_ctrl_c_stops_a_running_query(data: Path) -> None:
    """SQLite runs the query in C: without a progress handler Ctrl-C waits for it to end (never).
    The 20 s limit only keeps the test from hanging if Ctrl-C is not heard."""
    handler = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            query.run_sql(data / "archive.db", ENDLESS, timeout=20)
    finally:
        timer.cancel()
    assert 0.4 < time.monotonic() - started < 10
    assert signal.getsignal(signal.SIGINT) is handler  # Ctrl-C is Python's own again


@pytest.mark.parametrize("timeout", ["0.3", "nan", "1e9"])
def test_sql_time_limit_on_the_command_line(data: Path, timeout: str) -> None:
    code, out, err = run(data, "sql", ENDLESS, "--timeout", timeout)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert ("time limit of 0.3 s" if timeout == "0.3" else "seconds up to 86400") in err
    code, out, err = run(data, "sql", "SELECT count(*) AS n FROM articles", "--timeout", "0", "--csv")
    assert code == 0 and out.splitlines() == ["n", "5"]


# -- the command line -------------------------------------------------------------------------

def run(data: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--data", str(data)])
    return result.exit_code, result.stdout, result.stderr


COMMANDS = [
    (["search", "surgeons"], "url", 2),
    (["list"], "url", 5),
    (["stats", "--by", "author"], "author", 4),
    (["links", U["robots"]], "url", 4),
    (["top-linked"], "url", 4),
    (["sql", "SELECT id, url, title FROM articles ORDER BY id"], "url", 5),
]


@pytest.mark.parametrize(("args", "key", "rows"), COMMANDS)
def test_every_query_command_prints_a_table_json_and_csv(data: Path, args: list[str], key: str,
                                                         rows: int) -> None:
    code, table, _ = run(data, *args)
    assert code == 0, table
    code, out, _ = run(data, *args, "--json")
    assert code == 0
    parsed = json.loads(out)
    records = parsed["related"] + parsed["backlinks"] if isinstance(parsed, dict) else parsed
    assert len(records) == rows and all(key in r for r in records)
    if args[0] != "links":  # piped, a table has a header line and whole values (never cut with "…")
        assert key in table.splitlines()[0].split()
        assert all(str(r[key]) in table for r in records)
    code, out, _ = run(data, *args, "--csv")
    assert code == 0
    table_rows = list(csv.DictReader(io.StringIO(out)))
    assert len(table_rows) == rows and key in table_rows[0]
    code, out, _ = run(data, *args, "--nl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == rows and all(key in r for r in lines)
    assert list(table_rows[0]) == list(lines[0])  # CSV columns are the JSON keys
    code, out, _ = run(data, *args, "--limit", "1", "--json")
    parsed = json.loads(out)
    records = parsed["related"] + parsed["backlinks"] if isinstance(parsed, dict) else parsed
    assert code == 0 and 1 <= len(records) <= 2  # links: one of each direction


def test_show_and_stats_outputs(data: Path) -> None:
    code, out, _ = run(data, "show", U["vr"], "--json")
    assert code == 0 and json.loads(out)["tags"] == ["Health", "VR"]
    code, out, _ = run(data, "show", U["vr"])
    assert code == 0 and "Virtual reality clinics" in out and "rehearse" in out
    code, out, _ = run(data, "show", U["vr"], "--csv")
    assert code == 0 and list(csv.DictReader(io.StringIO(out)))[0]["url"] == U["vr"]
    code, out, _ = run(data, "stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == 5 and json.loads(out)["per_site"][HOST_B] == 3
    code, out, _ = run(data, "stats")
    assert code == 0 and "Articles per site" in out and HOST_B in out
    for by in ("site", "month", "tag", "author"):
        code, out, _ = run(data, "stats", "--by", by, "--csv")
        assert code == 0 and out.splitlines()[0] == f"{by},articles"


def test_links_table_shows_both_directions(data: Path) -> None:
    code, out, _ = run(data, "links", U["robots"])
    assert code == 0 and "2 related, 2 backlinks" in out
    assert "Recommends" in out and "Recommended by" in out


@pytest.mark.parametrize(("args", "message"), [
    (["search", '"open'], "malformed search query"),
    (["list", "--query", "(x"], "malformed search query"),
    (["sql", "DELETE FROM articles"], "read-only"),
    (["sql", "SELEC 1"], "SQL error"),
    (["show", "12345"], "no archived article"),
    (["links", "https://nowhere.test/"], "no archived article"),
    (["list", "--since", "soon"], "since"),
    (["stats", "--limit", "-1"], "-1"),
    (["list", "--json", "--nl"], "cannot be combined"),
    # numbers no database integer holds, a host that is no host
    (["list", "--limit", "99999999999999999999999"], "--limit"),
    (["list", "--ids", "99999999999999999999999"], "larger than any id"),
    (["list", "--changed-since", "99999999999999999999"], "no crawl run"),
    (["show", "99999999999999999999999999"], "no archived article"),
    (["list", "--site", "http://[::1"], "malformed host"),
])
def test_query_errors_are_one_line(data: Path, args: list[str], message: str) -> None:
    code, out, err = run(data, *args)
    assert code != 0 and message in err and "unexpected" not in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err


def test_the_python_api_behind_the_commands(data: Path, tmp_path: Path) -> None:
    from crawler.kernel.errors import StorageError
    from exporters import api

    with api.open_archive(data) as archive:
        assert urls(api.search(archive, '"virtual reality"')) == [U["vr"]]
        assert len(api.list_articles(archive, site=HOST_B, limit=None)) == 3
        assert api.links(archive, U["cafe"])["backlinks"][0]["url"] == U["vr"]
        assert api.top_linked(archive, limit=1)[0]["url"] == U["ghost"]
        assert api.sql(archive, "SELECT count(*) AS n FROM articles") == [{"n": 5}]
        result = api.export_archive(archive, "jsonl", tmp_path / "x.jsonl", api.Filters(tag="food"))
        assert result.count == 1
    assert api.sql(data, "SELECT title FROM articles WHERE id = :id", params={"id": 1}) == [
        {"title": TEXTS["vr"][0]}]
    assert api.DATASETTE_METADATA.is_file()
    with pytest.raises(StorageError, match="no archive"):
        api.open_archive(tmp_path / "none")
    assert not (tmp_path / "none").exists()


# -- query plans for large selections give the same answers -----------------------------------

@pytest.mark.parametrize("filters", [
    {"tag": "health"}, {"author": "ann lee"}, {"query": "surgeons OR espresso"}, {"category": "news"},
    {"site": HOST_B, "tag": "ai"}, {"ids": "1-4"}, {"tag": "health", "since": "2024-03-10"}, {},
])
def test_listing_by_date_index_walk_matches_the_sorted_lookup(index: Index, filters: dict,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up = query.list_articles(index, limit=None, **filters)
    limited = query.list_articles(index, limit=2, **filters)
    monkeypatch.setattr(query, "DENSE_SELECTION", 0)  # every selection counts as large
    assert query.list_articles(index, limit=2, **filters) == limited == looked_up[:2]
    assert query.list_articles(index, limit=50, **filters) == looked_up


@pytest.mark.parametrize(("filters", "expected"), [
    ({"author": "bo chen"}, {"robots"}),
    ({"since": "2024-03-10"}, {"robots"}),
    ({"until": "2024-03-10", "tag": "vr"}, {"vr"}),
    ({"ids": "1"}, {"vr"}),
    ({"query": "nerves"}, {"robots"}),
])
def test_search_filters_by_id_and_by_row(index: Index, filters: dict, expected: set[str]) -> None:
    hits = query.search(index, "surgeons", filters=query.Filters(**filters))
    assert set(urls(hits)) == {U[k] for k in expected}


def test_covering_indexes_for_term_filters(data: Path) -> None:
    with sqlite3.connect(data / "archive.db") as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(r[3] for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT article_id FROM article_tags WHERE tag_id IN (1, 2)"))
    assert {"ix_article_tags_cover", "ix_article_categories_cover", "ix_article_authors_cover"} <= names
    assert "COVERING INDEX" in plan


def test_an_archive_without_the_covering_indexes_gets_them_when_opened(data: Path, tmp_path: Path) -> None:
    copy = tmp_path / "archive.db"
    with sqlite3.connect(data / "archive.db") as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
        dst.execute("DROP INDEX ix_article_tags_cover")
    with Index(f"sqlite:///{copy}") as reopened:
        assert [r["url"] for r in query.list_articles(reopened, tag="food")] == [U["cafe"]]
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_article_tags_cover'").fetchone()
