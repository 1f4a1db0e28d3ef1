"""Canonical URLs, crawl scope and --resolve rules."""

from __future__ import annotations

import pytest

from crawler.kernel.errors import UsageError
from crawler.kernel.urls import Scope, canonicalize, registrable_domain, validate_start_url, without_tracking
from crawler.resolver import parse_resolve_rules


@pytest.mark.parametrize("variant", [
    "http://Alpha.News.test:18080/post/",
    "http://alpha.news.test:18080/post/index.html",
    "http://alpha.news.test:18080/post/#comments",
    "http://alpha.news.test:18080/post/?utm_source=x&utm_medium=y",
    "http://alpha.news.test:18080/post/?fbclid=abc#top",
    "http://alpha.news.test:18080//post/",
])
def test_variants_of_one_article_share_a_canonical_url(variant: str) -> None:
    assert canonicalize(variant) == "http://alpha.news.test:18080/post/"


def test_canonical_keeps_meaningful_query_sorted_and_drops_default_port() -> None:
    assert canonicalize("https://EX.com:443/a?b=2&a=1&utm_x=3") == "https://ex.com/a?a=1&b=2"
    assert canonicalize("http://ex.com") == "http://ex.com/"
    assert canonicalize("http://ex.com/p?id=5") != canonicalize("http://ex.com/p?id=6")


@pytest.mark.parametrize("host,domain", [
    ("alpha.news.test", "news.test"),
    ("a.b.example.co.uk", "example.co.uk"),
    ("blog.example.com", "example.com"),
    ("127.0.0.1", "127.0.0.1"),
    ("localhost", "localhost"),
])
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_scope_covers_subdomains_of_start_urls_and_allowed_domains() -> None:
    scope = Scope(["http://alpha.news.test:18080/"], ["other.org", "*.cdn.example"])
    assert scope.allows("http://zeta.news.test:18080/x/")
    assert scope.allows("http://news.test/")
    assert scope.allows("https://www.other.org/a")
    assert scope.allows("http://img.cdn.example/")
    assert not scope.allows("http://evilnews.test/")
    assert not scope.allows("http://example.com/")
    assert not scope.allows("mailto:a@news.test")
    assert not scope.allows("javascript:void(0)")


@pytest.mark.parametrize("bad", ["example.com", "ftp://x.org/", "http:///path", "http://a b/",
                                 "http://x.org:70000/"])
def test_bad_start_urls_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError):
        validate_start_url(bad)


def test_resolve_rules() -> None:
    assert parse_resolve_rules(["*.news.test:127.0.0.1"]) == [("*.news.test", "127.0.0.1")]
    assert parse_resolve_rules("a.test:80:127.0.0.2") == [("a.test", "127.0.0.2")]
    assert parse_resolve_rules(["h.test:[::1]"]) == [("h.test", "::1")]
    for bad in ["nonsense", "*.x.test:not-an-ip", ":127.0.0.1"]:
        with pytest.raises(UsageError):
            parse_resolve_rules([bad])


def test_resolver_matches_patterns() -> None:
    from twisted.internet import reactor

    from crawler.resolver import PatternResolver

    r = PatternResolver(reactor, 0, 5.0, parse_resolve_rules(["*.news.test:127.0.0.1"]))
    assert r.match("alpha.news.test") == "127.0.0.1"
    assert r.match("ALPHA.news.test.") == "127.0.0.1"
    assert r.match("news.test") == "127.0.0.1"
    assert r.match("example.com") is None
    results = []
    r.getHostByName("beta.news.test").addCallback(results.append)
    assert results == ["127.0.0.1"]


def test_without_tracking_keeps_the_rest_of_the_url_as_it_was() -> None:
    url = "https://ex.com/A/?z=1&relatedposts_hit=1&utm_source=feed&a=2"
    assert without_tracking(url) == "https://ex.com/A/?z=1&a=2"
    assert without_tracking("https://ex.com/a/?b=2&a=1") == "https://ex.com/a/?b=2&a=1"
    assert without_tracking("https://ex.com/a/") == "https://ex.com/a/"
    assert canonicalize("https://ex.com/a/?relatedposts_origin=3&relatedposts_position=0") == "https://ex.com/a/"


def test_a_source_parameter_tracks_only_when_it_says_where_on_medium_a_click_came_from() -> None:
    recirc = "source=post_page---author_recirc--4b7e21d9c0fa----2-----8c1f0d6a--------------"
    post = "https://medium.com/@dvalenko/the-case-for-boring-postgres-9f1e2b3c4d5a"
    assert without_tracking(f"{post}?{recirc}") == canonicalize(f"{post}?{recirc}") == post
    assert without_tracking("https://ex.com/feed?source=rss&id=3") == "https://ex.com/feed?source=rss&id=3"
    assert canonicalize("https://ex.com/feed?utm_source=x&source=rss") == "https://ex.com/feed?source=rss"
