"""A hostile web cannot take the crawl out of its scope: every redirect hop and meta refresh is
checked before it is requested, refused hops are recorded with their own kind, loops leave a trace,
and the server confirms that nothing out of scope was ever asked for."""

from __future__ import annotations

import pytest

from crawler.kernel.urls import Scope, is_ip_host, same_site

from .conftest import Crawl
from .web import DOMAIN, OUTSIDE

REFUSED_HOPS = ["redirect out of scope", "redirect to an IP", "redirect to a decimal IP",
                "redirect to an IPv6 literal", "redirect through user info", "escape at the second hop",
                "meta refresh out of scope", "redirect loop", "redirect to itself", "endless redirects"]


def test_nothing_out_of_scope_is_ever_requested(crawled: Crawl) -> None:
    asked = {(h.host, h.path) for h in crawled.hits}
    for host, path in crawled.web.never:
        assert not [a for a in asked if a[0] == host and (path is None or a[1] == path)], (host, path)
    assert not [h for h in crawled.hits if not (h.host == DOMAIN or h.host.endswith("." + DOMAIN))], \
        "a host outside the crawl's scope was asked for something (robots.txt included)"
    assert not crawled.rows("SELECT url FROM fetches WHERE url NOT LIKE ? AND url NOT LIKE ?",
                            f"http://{DOMAIN}:%", f"http://%.{DOMAIN}:%")
    assert not crawled.rows("SELECT url FROM articles WHERE url LIKE ?", f"%{OUTSIDE}%")


@pytest.mark.parametrize("name", REFUSED_HOPS)
def test_a_refused_hop_is_recorded_with_its_kind_and_its_status(crawled: Crawl, name: str) -> None:
    case = crawled.web.cases[name]
    [(status, error)] = crawled.fetches(case.faulty)
    assert error.split(":", 1)[0] == case.kind, error
    assert status == 200 if "meta refresh" in name else status in {301, 302, 303, 307, 308}
    assert case.url not in crawled.articles()


def test_escape_at_the_second_hop_records_both_hops(crawled: Crawl) -> None:
    first = crawled.web.cases["escape at the second hop"].url
    second = first.replace(f"r.{DOMAIN}", f"b.{DOMAIN}").replace("/late/", "/late-2/")
    assert crawled.fetches(first) == [(301, None)]
    [(status, error)] = crawled.fetches(second)
    assert status == 303 and error.startswith("RedirectOutOfScope: ") and f"{OUTSIDE}" in error
    assert len(crawled.requested(f"r.{DOMAIN}", "/late/")) == 1
    assert len(crawled.requested(f"b.{DOMAIN}", "/late-2/")) == 1


def test_a_loop_is_requested_once_per_hop_and_recorded(crawled: Crawl) -> None:
    a = crawled.web.cases["redirect loop"].url
    b = a.replace("/loop/a", "/loop/b")
    assert crawled.fetches(a) == [(301, None)]
    [(status, error)] = crawled.fetches(b)
    assert status == 302 and error.startswith(f"RedirectLoop: {b} -> {a}")
    assert len(crawled.requested(f"r.{DOMAIN}", "/loop/a")) == 1
    assert len(crawled.requested(f"r.{DOMAIN}", "/loop/b")) == 1
    [(status, error)] = crawled.fetches(crawled.web.cases["redirect to itself"].url)
    assert status == 301 and error.startswith("RedirectLoop: ")


def test_a_chain_longer_than_the_limit_stops_at_the_limit(crawled: Crawl) -> None:
    hops = crawled.requested(f"r.{DOMAIN}", None)
    asked = {h.path for h in hops if h.path.startswith("/long/")}
    assert asked == {f"/long/{i}" for i in range(21)}  # REDIRECT_MAX_TIMES = 20 hops, then refused
    [(status, error)] = crawled.fetches(crawled.web.url(f"r.{DOMAIN}", "/long/20"))
    assert status == 301 and error.startswith("TooManyRedirects: ")


def test_a_good_chain_is_archived_once_under_its_end_with_every_hop_recorded(crawled: Crawl) -> None:
    start = crawled.web.cases["redirect chain"].url
    end = crawled.web.url(f"r.{DOMAIN}", "/chain-end/")
    assert crawled.fetches(start) == [(302, None)]
    assert crawled.fetches(crawled.web.url(f"r.{DOMAIN}", "/chain/2")) == [(307, None)]
    assert crawled.fetches(crawled.web.url(f"b.{DOMAIN}", "/chain/3")) == [(308, None)]
    assert crawled.fetches(end) == [(200, None)]
    assert end in crawled.articles() and start not in crawled.articles()


def test_a_meta_refresh_in_scope_is_followed(crawled: Crawl) -> None:
    page = crawled.web.cases["meta refresh in scope"].url
    target = crawled.web.url(f"r.{DOMAIN}", "/meta-target/")
    assert crawled.fetches(page) == [(200, None)]
    assert target in crawled.articles() and page not in crawled.articles()


def test_out_of_scope_meta_refresh_page_is_not_archived_either(crawled: Crawl) -> None:
    page = crawled.web.cases["meta refresh out of scope"].url
    [(status, error)] = crawled.fetches(page)
    assert status == 200 and error.startswith("RedirectOutOfScope: ")
    assert page not in crawled.articles()


# -- the rules, without a crawl ------------------------------------------------------------------

@pytest.mark.parametrize(("host", "ip"), [
    ("127.0.0.1", True), ("[::1]", True), ("::ffff:7f00:1", True), ("2130706433", True), ("0x7f.1", True),
    ("127.1", True), ("10.0.0.010", True), ("example.com", False), ("1password.com", False),
    ("a.b.c", False), ("xn--caf-dma.example", False), ("", False),
])
def test_literal_ip_hosts_in_every_form(host: str, ip: bool) -> None:
    assert is_ip_host(host) is ip


def test_literal_ips_are_in_scope_only_when_named() -> None:
    scope = Scope(["http://www.example.com/"], ["partner.org", "10.1.2.3"])
    assert scope.allows("http://sub.example.com/a") and scope.allows("http://partner.org/x")
    for url in ("http://127.0.0.1/admin/", "http://[::1]:8080/", "http://2130706433/", "http://0x7f.1/",
                "http://169.254.169.254/latest/meta-data/", "http://example.com.evil.org/"):
        assert not scope.allows(url), url
    assert scope.allows("http://10.1.2.3:8080/x")  # named by --allow-domain
    named = Scope(["http://127.0.0.1:18080/"])
    assert named.allows("http://127.0.0.1:18080/post/") and not named.allows("http://127.0.0.2/")
    assert not Scope(["http://www.example.com/"], ["*"]).allows("http://127.0.0.1/")  # no pattern names an IP
    assert not scope.allows("http://[::1/") and not scope.allows("javascript:alert(1)")


@pytest.mark.parametrize(("url", "other", "same"), [
    ("http://a.example.com/x", "http://a.example.com/y", True),
    ("http://a.example.com/x", "https://a.example.com/x", True),           # the scheme aside
    ("http://www.example.com/x", "http://example.com/x", True),            # the www/bare pair
    ("http://example.com/x", "http://www.example.com/x", True),
    ("http://a.example.com/x", "http://b.example.com/x", False),           # another host of the domain
    ("http://www.a.example.com/x", "http://a.example.com/x", False),       # www pair below the domain
    ("http://a.example.com:8080/x", "http://a.example.com:9090/x", False),
    ("http://a.example.com:8080/x", "http://a.example.com/x", False),
    ("http://alice.blog.test/x", "http://bob.blog.test/x", False),
    ("http://a.example.com/x", "ftp://a.example.com/x", False),
])
def test_same_site(url: str, other: str, same: bool) -> None:
    assert same_site(url, other) is same
