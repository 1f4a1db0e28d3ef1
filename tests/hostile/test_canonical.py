"""No page can take another page's place: an article is archived under its own URL only; a canonical
URL on another host is kept as ``canonical_claim``, never used as the key; a same-site canonical is
fetched itself; an article's file and row change only through a fetch of its own URL, in this crawl
and in later ones."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from crawler.canonical import CanonicalWaits, canonical_target, declared_canonical
from crawler.kernel.urls import Scope
from exporters.markdown import MarkdownWriter

from . import pages
from .conftest import Crawl, crawl_hostile
from .server import page
from .web import DOMAIN, OUTSIDE, HostileWeb


def body_of(crawl: Crawl, url: str) -> str:
    return crawl.rows("SELECT body_text FROM articles WHERE url = ?", url)[0][0]


def revisions(crawl: Crawl, url: str) -> list[tuple]:
    return crawl.rows("SELECT r.number, r.run_id FROM revisions r JOIN articles a ON a.id = r.article_id "
                      "WHERE a.url = ? ORDER BY r.number", url)


@pytest.mark.parametrize(("case", "head"), [("canonical across hosts", "canonical"),
                                            ("og:url across hosts", "og:url")])
def test_a_claim_across_hosts_is_recorded_never_used(crawled: Crawl, case: str, head: str) -> None:
    claimer = crawled.web.cases[case].url
    articles = crawled.articles()
    title, _path, claim = articles[claimer]  # archived under its own URL ...
    assert title.startswith("Squatter") and claim is not None and claim != claimer
    victim = claim  # ... with the URL it claimed kept aside
    assert victim in crawled.web.good
    assert articles[victim][0] == f"Story {crawled.web.good[victim]}" and articles[victim][2] is None
    assert pages.marker(crawled.web.good[victim]) in body_of(crawled, victim)
    assert pages.marker(crawled.web.good[victim]) not in body_of(crawled, claimer)
    assert len(revisions(crawled, victim)) == 1
    post = crawled.posts()[victim]
    assert post["title"] == articles[victim][0] and "canonical_claim" not in post.keys()


def test_a_claim_out_of_scope_is_recorded_and_not_requested(crawled: Crawl) -> None:
    claimer = crawled.web.cases["canonical out of scope"].url
    assert crawled.articles()[claimer][2] == crawled.web.url(OUTSIDE, "/claimed/")
    assert not crawled.requested(OUTSIDE)


def test_a_same_host_copy_is_a_duplicate_of_its_canonical_fetched_itself(crawled: Crawl) -> None:
    view = crawled.web.cases["same-host alias"].url
    story = crawled.web.url(f"c.{DOMAIN}", "/story/")
    assert story in crawled.articles() and view not in crawled.articles()
    assert crawled.fetches(view) == [(200, None)] and crawled.fetches(story) == [(200, None)]


def test_a_same_host_squatter_never_replaces_the_real_page(crawled: Crawl) -> None:
    squat = crawled.web.cases["same-host squatter"].url
    victim = crawled.web.url(f"c.{DOMAIN}", "/victim/")
    articles = crawled.articles()
    assert squat not in articles and articles[victim][0] == "Story victim"
    assert pages.marker("victim") in body_of(crawled, victim)
    assert pages.marker("squat") not in body_of(crawled, victim)
    assert len(revisions(crawled, victim)) == 1
    assert len(crawled.requested(f"c.{DOMAIN}", "/victim/")) == 1  # fetched once, for itself


def test_the_www_pair_is_one_site(crawled: Crawl) -> None:
    www = crawled.web.cases["www pair"].url
    bare = crawled.web.url(DOMAIN, "/pair/")
    assert bare in crawled.articles() and www not in crawled.articles()


def test_a_misconfigured_canonical_loses_no_article(crawled: Crawl) -> None:
    home = crawled.web.url(f"c.{DOMAIN}", "/")
    articles = crawled.articles()
    for i in (1, 2):
        url = crawled.web.cases[f"misconfigured canonical {i}"].url
        assert articles[url][0] == f"Story misconf-{i}" and articles[url][2] == home
        assert pages.marker(f"misconf-{i}") in body_of(crawled, url)
    assert home not in articles
    assert len(crawled.requested(f"c.{DOMAIN}", "/")) == 1


def test_every_article_is_archived_from_a_fetch_of_its_own_url(crawled: Crawl) -> None:
    for url in crawled.articles():
        assert (200, None) in crawled.fetches(url), url


# -- a later crawl: claims on articles archived before ------------------------------------------

@pytest.fixture(scope="module")
def again(crawled: Crawl, hostile: HostileWeb,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, dict]:
    """The first crawl's archive, crawled again from a page linking new claimants, the real pages
    and the pages with lying validators."""
    data = tmp_path_factory.mktemp("again") / "data"
    shutil.copytree(crawled.data, data)
    before = {p.relative_to(data): (p.read_bytes(), p.stat().st_mtime_ns)
              for p in (data / "articles").rglob("*.md")}
    good = list(hostile.good)
    c, evil = f"c.{DOMAIN}", f"evil.{DOMAIN}"
    targets = {"cross": good[3], "same": hostile.url(c, "/victim/")}
    claim2 = hostile.add(evil, "/claim-again/", page(pages.article(
        "Squatter again", "claim-again", head=pages.canonical_head(targets["cross"]))))
    squat2 = hostile.add(c, "/squat-again/", page(pages.article(
        "Squatter again, same host", "squat-again", head=pages.canonical_head(targets["same"]))))
    links = [claim2, squat2, targets["cross"], targets["same"], hostile.cases["rotating ETag"].url,
             hostile.cases["Last-Modified in the future"].url]
    hub = hostile.add(f"www.{DOMAIN}", "/again/", page(pages.listing("Again", links)))
    crawl = crawl_hostile(hostile, data, hub)
    assert crawl.result.returncode == 0, crawl.result.stderr
    return crawl, {"before": before, "claim2": claim2, "squat2": squat2, **targets}


def test_a_later_claim_adds_no_revision_and_rewrites_no_file(again: tuple[Crawl, dict]) -> None:
    crawl, seen = again
    for key in ("cross", "same"):
        url = seen[key]
        assert [n for n, _run in revisions(crawl, url)] == [1], url
        path = MarkdownWriter(crawl.data).path_for(url)
        old = seen["before"][path.relative_to(crawl.data)]
        assert (path.read_bytes(), path.stat().st_mtime_ns) == old, url
    assert crawl.articles()[seen["claim2"]][2] == seen["cross"]  # kept, under its own URL
    assert seen["squat2"] not in crawl.articles()


def test_lying_validators_rewrite_nothing(again: tuple[Crawl, dict]) -> None:
    crawl, seen = again
    for name in ("rotating ETag", "Last-Modified in the future"):
        url = crawl.web.cases[name].url
        statuses = [s for s, _e in crawl.fetches(url)]
        assert statuses == [200, 200], (name, statuses)  # fetched again in full, no 304 was possible
        assert [n for n, _run in revisions(crawl, url)] == [1], name
        assert crawl.rows("SELECT status FROM articles WHERE url = ?", url) == [("ok",)]
        path = MarkdownWriter(crawl.data).path_for(url)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == seen["before"][path.relative_to(crawl.data)]
    assert "(1 new, 0 changed" in crawl.result.stdout, crawl.result.stdout  # the new claimant, nothing else
    with sqlite3.connect(crawl.data / "archive.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- the rules, without a crawl ------------------------------------------------------------------

def test_canonical_targets() -> None:
    scope = Scope(["http://www.example.com/"])
    own = "http://www.example.com/a/"
    assert canonical_target(own, declared_canonical(own, "/a/?utm_source=x"), scope) is None  # itself
    assert canonical_target(own, declared_canonical(own, "/b/"), scope) == "http://www.example.com/b/"
    bare = "http://example.com/a/"
    assert canonical_target(own, declared_canonical(own, bare), scope) == bare
    assert canonical_target(own, declared_canonical(own, "http://news.example.com/a/"), scope) is None
    assert declared_canonical(own, "javascript:alert(1)") is None and declared_canonical(own, None) is None
    assert declared_canonical(own, "http://[::1/") is None


def test_waits_release_their_pages_with_the_url_they_waited_for() -> None:
    waits = CanonicalWaits()
    waits.wait("http://x/a/", "page-1")  # type: ignore[arg-type]
    waits.wait("http://x/a/", "page-2")  # type: ignore[arg-type]
    assert waits.outcome("http://x/a/") is None
    assert waits.resolve(["http://x/r/", "http://x/a/"], True) == [("page-1", "http://x/a/"),
                                                                   ("page-2", "http://x/a/")]
    assert waits.outcome("http://x/a/") is True and waits.resolve(["http://x/a/"], False) == []
    assert waits.outcome("http://x/a/") is True  # an article found there stays found
    waits.wait("http://x/b/", "page-3")  # type: ignore[arg-type]
    assert waits.take_unresolved() == ["page-3"] and waits.take_unresolved() == []
