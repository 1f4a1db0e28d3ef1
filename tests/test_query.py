"""Read side: search, listings, one article, stats, and their error messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crawler.kernel.errors import NotFound, UsageError
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from exporters import query
from exporters.search import SubstringSearch
from exporters.store.index import Index

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def article(url: str, title: str, body: str, *, date: datetime | None, tags: list[str] = (),
            categories: list[str] = (), description: str = "", related: list[str] = ()) -> Article:
    return Article(
        url=url,
        metadata=Metadata(title=title, date=date, tags=list(tags), categories=list(categories),
                          description=description, authors=[Author("Liza Brown")]),
        sections=[Section(None, 0, body)],
        related=[RelatedLink(u, f"Link to {u}") for u in related],
    )


A = "https://alpha.news.test:8080/virtual-care/"
B = "https://alpha.news.test:8080/robot-surgery/"
C = "https://beta.news.test/café-culture/"
D = "https://beta.news.test/undated/"


@pytest.fixture
def index(tmp_path: Path) -> Index:
    idx = Index(f"sqlite:///{tmp_path / 'archive.db'}")
    idx.upsert_articles([
        (article(A, "Virtual care in medicine", "Telemedicine lets doctors see patients remotely.",
                 date=datetime(2024, 7, 11, 0, 59, tzinfo=UTC), tags=["Health", "VR"], categories=["ai"],
                 description="Remote care", related=[B, "https://gamma.news.test/x/"]), "a.md", T0),
        (article(B, "Robot surgery", "Surgeons steer robotic arms; virtual fixtures add safety.",
                 date=datetime(2024, 7, 12, 23, 30, tzinfo=UTC), tags=["health"], categories=["robots"],
                 related=[A]), "b.md", T0),
        (article(C, "Café culture", "Espresso bars and their crèmes.", date=datetime(2023, 1, 5, tzinfo=UTC),
                 tags=["food"]), "c.md", T0),
        (article(D, "Undated note", "A note without a date mentions virtual things once.", date=None),
         None, T0),
    ])
    run_id = idx.start_run([A], {"follow": "related"})
    idx.record_fetches([{"url": A, "status": 200, "fetched_at": T0, "run_id": run_id},
                        {"url": "https://gamma.news.test/x/", "status": None, "fetched_at": T0,
                         "error": "timeout", "run_id": run_id}])
    idx.finish_run(run_id, "finished", {"new": 4})
    yield idx
    idx.close()


def test_search_ranks_title_matches_first_with_highlighted_snippets(index: Index) -> None:
    hits = query.search(index, "virtual")
    assert [h["url"] for h in hits][0] == A
    assert {h["url"] for h in hits} == {A, B, D}
    assert all("**virtual**" in h["snippet"].lower() for h in hits)
    assert hits == sorted(hits, key=lambda h: h["score"])
    assert hits[0]["site"] == "alpha.news.test:8080" and hits[0]["date"] == "2024-07-11T00:59:00Z"
    json.dumps(hits)


def test_search_folds_diacritics_and_respects_limit(index: Index) -> None:
    assert [h["url"] for h in query.search(index, "cafe cremes")] == [C]
    assert len(query.search(index, "virtual", limit=1)) == 1


def test_search_sees_updates(index: Index) -> None:
    index.upsert_articles([(article(C, "Café culture", "Tea rooms replaced them.", date=None), "c.md", T0)])
    assert query.search(index, "espresso") == []
    assert [h["url"] for h in query.search(index, "tea")] == [C]


@pytest.mark.parametrize("bad", ['"unterminated', "AND", "(virtual", "virtual NOT", "nosuchcol:word", "c++"])
def test_malformed_search_queries_are_usage_errors(index: Index, bad: str) -> None:
    with pytest.raises(UsageError) as info:
        query.search(index, bad)
    message = str(info.value)
    assert message.startswith(f"malformed search query {bad!r}: ")
    assert "sqlite3" not in message and "\n" not in message and 'near ""' not in message


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_search_is_a_usage_error(index: Index, bad: str) -> None:
    with pytest.raises(UsageError, match="empty search query"):
        query.search(index, bad)


def test_list_newest_first_undated_last(index: Index) -> None:
    listed = query.list_articles(index, limit=None)
    assert [r["url"] for r in listed] == [B, A, C, D]
    assert set(listed[0]) >= {"id", "date", "site", "title", "url"}
    assert len(query.list_articles(index, limit=2)) == 2
    json.dumps(listed)


@pytest.mark.parametrize(("filters", "expected"), [
    ({"site": "alpha.news.test"}, [B, A]),
    ({"site": "ALPHA.news.test:8080"}, [B, A]),
    ({"site": "beta.news.test"}, [C, D]),
    ({"site": "news.test"}, []),
    ({"tag": "HEALTH"}, [B, A]),
    ({"tag": "vr"}, [A]),
    ({"category": "robots"}, [B]),
    ({"since": "2024-07-11", "until": "2024-07-11"}, [A]),
    ({"since": "2024-07-12"}, [B]),
    ({"until": "2024-07-10"}, [C]),
    ({"since": "2024-07-12T23:30:00+00:00"}, [B]),
    ({"since": "2024-07-12T23:31:00+00:00"}, []),
    ({"tag": "health", "until": "2024-07-11"}, [A]),
])
def test_list_filters(index: Index, filters: dict, expected: list[str]) -> None:
    assert [r["url"] for r in query.list_articles(index, limit=None, **filters)] == expected


@pytest.mark.parametrize("bad", [{"since": "yesterday"}, {"until": "2024-13-01"}, {"limit": 0}])
def test_list_rejects_bad_input(index: Index, bad: dict) -> None:
    with pytest.raises(UsageError):
        query.list_articles(index, **bad)


def test_get_article_by_id_url_and_variant(index: Index) -> None:
    by_url = query.get_article(index, A)
    assert query.get_article(index, by_url["id"]) == by_url
    assert query.get_article(index, str(by_url["id"])) == by_url
    assert query.get_article(index, A + "?utm_source=newsletter")["id"] == by_url["id"]
    assert by_url["tags"] == ["Health", "VR"] and by_url["categories"] == ["ai"]
    assert by_url["authors"] == [{"name": "Liza Brown", "url": None, "avatar": None}]
    b_id = query.get_article(index, B)["id"]
    assert by_url["related"] == [
        {"title": f"Link to {B}", "url": B, "id": b_id},
        {"title": "Link to https://gamma.news.test/x/", "url": "https://gamma.news.test/x/", "id": None},
    ]
    assert by_url["linked_from"] == [{"id": b_id, "title": "Robot surgery", "url": B}]
    assert by_url["body_markdown"].startswith("Telemedicine") and by_url["path"] == "a.md"
    assert by_url["date"] == "2024-07-11T00:59:00Z" and by_url["status"] == "ok"
    json.dumps(by_url)


@pytest.mark.parametrize("missing", [999, "999", "https://nowhere.test/x/", "not-a-url"])
def test_get_article_not_found(index: Index, missing: object) -> None:
    with pytest.raises(NotFound, match="no archived article"):
        query.get_article(index, missing)


def test_stats(index: Index) -> None:
    stats = query.stats(index)
    assert stats["articles"] == 4 and stats["sites"] == 2 and stats["authors"] == 1
    assert stats["tags"] == 4  # Health, VR, health, food: tags keep their spelling
    assert stats["links"] == 3 and stats["links_archived"] == 2
    assert stats["per_site"] == {"alpha.news.test:8080": 2, "beta.news.test": 2}
    assert stats["runs"] == 1 and stats["fetches"] == 2 and stats["fetch_errors"] == 1
    assert stats["last_run"]["status"] == "finished" and stats["last_run"]["counts"] == {"new": 4}
    json.dumps(stats)


def test_accepts_sessions_and_engines(index: Index) -> None:
    with Session(index.engine) as session:
        assert query.get_article(session, A)["url"] == A
    assert query.stats(index.engine)["articles"] == 4
    assert [h["url"] for h in query.search(index.engine, "espresso")] == [C]


def test_search_without_fts_falls_back_to_substring_matching(index: Index) -> None:
    index.search = SubstringSearch()
    assert {h["url"] for h in query.search(index, "virtual")} == {A, B, D}
    assert query.search(index, "virtual robotic")[0]["url"] == B
    # the operators keep their meaning without an index
    assert {h["url"] for h in query.search(index, "virtual OR espresso")} == {A, B, C, D}
    assert {h["url"] for h in query.search(index, "virtual NOT robotic")} == {A, D}
    assert {h["url"] for h in query.search(index, "title:espresso")} <= {C}
    with pytest.raises(UsageError, match="malformed search query"):
        query.search(index, '"virtual')


def test_gone_articles_can_be_listed_separately(index: Index) -> None:
    index.mark_gone([C], at=T0 + timedelta(days=1))
    assert [r["url"] for r in query.list_articles(index, status="gone")] == [C]
    assert query.get_article(index, C)["gone_at"] == "2025-01-02T00:00:00Z"
    assert query.stats(index)["articles_gone"] == 1


def test_one_person_on_several_sites_counts_once(index: Index) -> None:
    """A byline links each site's own profile page: one author row per profile, one person."""
    other = article("https://gamma.news.test/e/", "Elsewhere", "Text.", date=None)
    other.metadata.authors = [Author("Liza Brown", "https://gamma.news.test/people/liza/")]
    index.upsert_articles([(other, None, T0)])
    assert query.stats(index)["authors"] == 1
    assert query.breakdown(index, "author") == [{"author": "Liza Brown", "articles": 5}]
