"""Discovery: sitemaps (indexes, robots.txt lines, gzip), RSS/Atom feeds, and --discover, on loopback."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import Response

from crawler.demo import SiteServer
from crawler.discovery import _body, feed_links, robots_sitemaps, sitemap_entries
from crawler.kernel.errors import UsageError
from crawler.spiders.articles import ArticlesSpider

from .conftest import run_cli

WWW, BLOG = "www.disc.test", "blog.disc.test"
PORT = "{{port}}"
WORDS = ("harbour", "lantern", "orchard", "meadow", "granite", "willow", "compass", "ember")


def article_page(slug: str, title: str, seed: int) -> str:
    """An article page that nothing links to (no related list)."""
    word = WORDS[seed % len(WORDS)]
    para = " ".join(f"The {word} story number {seed} continues with sentence {i} about the coast."
                    for i in range(8))
    return (f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
            f'<meta property="og:type" content="article"><link rel="canonical" href="/{slug}/">'
            f'<meta property="article:published_time" content="2024-03-0{seed % 9 + 1}T10:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>By Ada Smith</p>"
            f"<p>{para}</p><h2>More</h2><p>{para.replace('coast', 'valley')}</p></article></body></html>")


def url(host: str, path: str) -> str:
    return f"http://{host}:{PORT}{path}"


def urlset(*locs: str) -> str:
    rows = "".join(f"<url><loc>{loc}</loc><lastmod>2024-03-01</lastmod></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'


SITE = {
    WWW: {
        "/": ('<html><head><title>Disc</title>'
              '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
              '<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>'
              "<body><h1>Welcome</h1><p>Nothing linked here.</p></body></html>"),
        "/robots.txt": f"User-agent: *\nAllow: /\nSitemap: {url(WWW, '/sitemap-index.xml')}\n",
        "/sitemap-index.xml": ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                               f'sitemap/0.9"><sitemap><loc>{url(WWW, "/sitemap-1.xml")}</loc></sitemap>'
                               f'<sitemap><loc>{url(WWW, "/sitemap-2.xml")}</loc></sitemap></sitemapindex>'),
        "/sitemap-1.xml": urlset(url(WWW, "/a1/"), url(WWW, "/a2/?utm_source=map"), "http://elsewhere.example/x/"),
        "/sitemap-2.xml": urlset(url(WWW, "/a3/"), url(WWW, "/a4/")),
        "/feed.xml": ('<?xml version="1.0"?><rss version="2.0"><channel><title>Disc</title>'
                      f"<item><title>Five</title><link>{url(WWW, '/a5/')}</link></item></channel></rss>"),
        "/atom.xml": ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Disc</title>'
                      f'<link rel="self" href="{url(WWW, "/atom.xml")}"/>'
                      f'<entry><title>Six</title><link href="{url(WWW, "/a6/")}"/></entry>'
                      f'<entry><title>One</title><link rel="alternate" href="/a1/"/></entry></feed>'),
        **{f"/a{i}/": article_page(f"a{i}", f"Story {i} of the disc network", i) for i in range(1, 7)},
    },
    BLOG: {  # no robots.txt: --discover falls back to /sitemap.xml
        "/": "<html><head><title>Blog</title></head><body><p>Nothing linked.</p></body></html>",
        "/sitemap.xml": urlset(url(BLOG, "/b1/")),
        "/b1/": article_page("b1", "The blog story", 9),
    },
}


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(SITE) as s:
        yield s


def archived(data: Path) -> set[str]:
    with sqlite3.connect(data / "archive.db") as db:
        return {urlsplit(u).path.strip("/") for (u,) in db.execute("select url from articles")}


def crawl(server: SiteServer, data: Path, *args: str) -> str:
    result = run_cli("crawl", *args, "--resolve", server.resolve_rule, "--fast", "--no-progress",
                     "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_articles_are_not_reachable_by_links(server: SiteServer, tmp_path: Path) -> None:
    result = run_cli("crawl", server.url(WWW), "--resolve", server.resolve_rule, "--fast", "--no-progress",
                     "--data", str(tmp_path))
    assert result.returncode == 1 and "no article was found" in result.stderr


@pytest.mark.parametrize("sitemap", ["/sitemap-index.xml", "/robots.txt"])
def test_a_sitemap_seeds_the_crawl_in_scope_only(server: SiteServer, tmp_path: Path, sitemap: str) -> None:
    server.log.clear()
    crawl(server, tmp_path, server.url(WWW), "--sitemap", server.url(WWW, sitemap))
    assert archived(tmp_path) == {"a1", "a2", "a3", "a4"}
    assert not [e for e in server.log.entries if e.host not in (WWW, BLOG)]


def test_a_feed_alone_is_enough_to_start(server: SiteServer, tmp_path: Path) -> None:
    crawl(server, tmp_path, "--feed", server.url(WWW, "/feed.xml"))
    assert archived(tmp_path) == {"a5"}


def test_discover_reads_robots_sitemaps_and_announced_feeds(server: SiteServer, tmp_path: Path) -> None:
    crawl(server, tmp_path, server.url(WWW), server.url(BLOG), "--discover")
    assert archived(tmp_path) == {"a1", "a2", "a3", "a4", "a5", "a6", "b1"}
    again = crawl(server, tmp_path, server.url(WWW), server.url(BLOG), "--discover")
    assert "7 articles (0 new, 0 changed, 7 unchanged)" in again and "7 not modified (304)" in again


def test_bad_discovery_urls_are_one_line_errors(tmp_path: Path) -> None:
    result = run_cli("crawl", "--sitemap", "ftp://x/sitemap.xml", "--data", str(tmp_path))
    assert result.returncode == 2 and result.stderr.startswith("error: not an http(s) URL")
    assert run_cli("crawl", "--data", str(tmp_path)).returncode == 2
    with pytest.raises(UsageError):
        ArticlesSpider(feeds="notaurl")


# -- parsing, no network -----------------------------------------------------------------------------
def test_sitemap_entries_read_urlsets_and_indexes_and_reject_other_documents() -> None:
    kind, entries = sitemap_entries(urlset("http://a.test/1/", "http://a.test/2/").encode())
    assert kind == "urlset"
    assert entries == [("http://a.test/1/", "2024-03-01"), ("http://a.test/2/", "2024-03-01")]
    index = SITE[WWW]["/sitemap-index.xml"].encode()
    assert sitemap_entries(index)[0] == "sitemapindex" and len(sitemap_entries(index)[1]) == 2
    assert sitemap_entries(b"<html><body>not a sitemap</body></html>") == ("", [])
    assert sitemap_entries(b"") == ("", [])
    assert sitemap_entries(b"\x00\xff garbage") == ("", [])


def test_gzipped_documents_are_unpacked_and_broken_gzip_is_empty() -> None:
    data = urlset("http://a.test/1/").encode()
    packed = Response("http://a.test/sitemap.xml.gz", body=gzip.compress(data))
    assert _body(packed) == data
    assert _body(Response("http://a.test/s.xml.gz", body=b"\x1f\x8b broken")) == b""


def test_feed_links_from_rss_atom_and_rdf() -> None:
    base = "http://a.test/feed/"
    rss = SITE[WWW]["/feed.xml"].encode()
    assert feed_links(rss, base) == [url(WWW, "/a5/")]
    atom = SITE[WWW]["/atom.xml"].encode()
    assert feed_links(atom, "http://www.disc.test/atom.xml") == [url(WWW, "/a6/"), "http://www.disc.test/a1/"]
    rdf = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
           b'<item rdf:about="http://a.test/r1/"><link>http://a.test/r1/</link></item></rdf:RDF>')
    assert feed_links(rdf, base) == ["http://a.test/r1/"]
    guid = b"<rss><channel><item><guid>http://a.test/g/</guid></item></channel></rss>"
    assert feed_links(guid, base) == ["http://a.test/g/"]
    assert feed_links(b"not xml at all", base) == []
    assert feed_links(b"", base) == []


def test_feeds_never_expand_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("http://leak.test/")
    evil = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<rss><channel><item><link>&x;</link></item></channel></rss>").encode()
    assert "http://leak.test/" not in feed_links(evil, "http://a.test/")


def test_robots_sitemap_lines() -> None:
    robots = b"User-agent: *\nDisallow: /x\nSitemap: /s1.xml\nsitemap: http://b.test/s2.xml\n"
    assert robots_sitemaps(robots, "http://a.test/robots.txt") == ["http://a.test/s1.xml", "http://b.test/s2.xml"]
    assert robots_sitemaps(b"User-agent: *\n", "http://a.test/robots.txt") == []
