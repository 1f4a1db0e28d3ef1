"""Hostile content: titles that YAML would misread, URL paths that would climb out of the archive,
deep nesting, related lists of ten thousand links, pages in a legacy charset and very large pages."""

from __future__ import annotations

import pytest

from crawler.parsers import parse_article

from . import pages
from .conftest import TEST_SETTINGS, Crawl
from .web import DOMAIN, HOSTILE_PATHS, HOSTILE_TITLES

MAX_RELATED = 100  # the ARCHIVE_MAX_RELATED default


@pytest.mark.parametrize("i", range(len(HOSTILE_TITLES)))
def test_hostile_titles_round_trip_through_the_front_matter(crawled: Crawl, i: int) -> None:
    url = crawled.web.cases[f"hostile title {i}"].url
    title = crawled.articles()[url][0]
    post = crawled.posts()[url]
    # the page's title, its white space collapsed (and the control characters HTML parsers drop, gone)
    assert title == " ".join(HOSTILE_TITLES[i].replace("\x0b", "").split())
    assert isinstance(post["title"], str) and post["title"] == title  # never a bool, a date or None
    assert post["url"] == url and pages.marker(f"title-{i}") in post.content
    header = (crawled.data / crawled.articles()[url][1]).read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert "\ntitle: pwned" not in header and header.count("\ntitle: ") == 1


@pytest.mark.parametrize("i", range(len(HOSTILE_PATHS)))
def test_hostile_paths_stay_inside_the_archive(crawled: Crawl, i: int) -> None:
    url = crawled.web.cases[f"hostile path {i}"].url
    articles_dir = (crawled.data / "articles").resolve()
    _title, path, _claim = crawled.articles()[url]
    resolved = (crawled.data / path).resolve()
    assert resolved.is_relative_to(articles_dir) and resolved.parent.parent == articles_dir, path
    assert resolved.name.endswith(".md") and not resolved.name.startswith(".") and len(resolved.name) <= 104
    assert crawled.posts()[url]["title"] == f"Path {i}"


def test_deep_nesting_is_archived_with_its_text(crawled: Crawl) -> None:
    url = crawled.web.cases["deep nesting"].url
    assert pages.marker("deep") in crawled.posts()[url].content


def test_a_huge_related_list_keeps_its_first_links_and_says_so(crawled: Crawl) -> None:
    url = crawled.web.cases["huge related list"].url
    related = [r["url"] for r in crawled.posts()[url]["related"]]
    genuine = list(crawled.web.good)[:3]
    assert related[:3] == genuine and len(related) == MAX_RELATED
    assert "1 related lists were cut to their first links (ARCHIVE_MAX_RELATED)" in crawled.result.stdout
    links = crawled.rows("SELECT count(*) FROM links l JOIN articles a ON a.id = l.from_article_id "
                         "WHERE a.url = ?", url)[0][0]
    assert links == MAX_RELATED
    asked = {h.path for h in crawled.requested(f"many.{DOMAIN}") if h.path != "/robots.txt"}
    assert len(asked) <= min(MAX_RELATED, int(TEST_SETTINGS["ARCHIVE_MAX_PAGES_PER_PATTERN"]))


@pytest.mark.parametrize("name", ["Latin-1 page without a charset", "3 MB page"])
def test_other_hard_pages_are_fetched_and_archived_once(crawled: Crawl, name: str) -> None:
    url = crawled.web.cases[name].url
    assert crawled.fetches(url) == [(200, None)]
    assert url in crawled.articles() and url in crawled.posts()


def test_the_parser_keeps_a_related_list_of_ten_thousand_links_whole() -> None:
    links = [(f"http://many.example/story-{i}/", f"Story number {i}") for i in range(10_000)]
    article = parse_article("http://a.example/huge/", pages.article("Huge", "huge", links))
    assert article.is_article and [r.url for r in article.related] == [u for u, _t in links]
    prose = " ".join(pages.prose("long", 60))  # a long paragraph with a few links is still no list
    html = pages.article("Prose", "prose", body_extra=f"<h2>Related posts</h2><p>{prose} "
                         + " ".join(f'<a href="/p-{i}/">p{i}</a>' for i in range(3)) + "</p>")
    assert parse_article("http://a.example/prose/", html).related == []
