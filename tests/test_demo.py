"""The demo site network (deterministic, reachable, truthful) and the loopback site server."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from crawler.demo import SiteServer, build_network, demo_server
from crawler.demo.network import PORT, Network
from crawler.demo.server import main as server_main
from crawler.kernel.errors import UsageError
from crawler.kernel.urls import canonicalize, registrable_domain

REPO = Path(__file__).resolve().parents[1]
PORT_NUMBER = 8123  # any port: pages are rendered offline for the structural tests
Pages = dict[str, dict[str, bytes]]  # host -> path -> body
RELATED_XPATHS = {
    "seedlike": "//span[normalize-space()='Also read:']/following-sibling::div[1]//a/@href",
    "blog": "//div[contains(concat(' ', @class, ' '), ' related-posts ')]//a/@href",
    "magazine": "//h2[normalize-space()='You may also like']/following-sibling::ol[1]//a/@href",
}


@pytest.fixture(scope="module")
def network() -> Network:
    return build_network()


@pytest.fixture(scope="module")
def pages(network: Network) -> Pages:
    rendered = network.render(PORT_NUMBER)
    return {h: {p: page.body for p, page in paths.items()} for h, paths in rendered.items()}


def _doc(pages: Pages, url: str) -> html.HtmlElement:
    parts = urlsplit(url)
    return html.fromstring(pages[parts.hostname][parts.path])


def _text(doc: html.HtmlElement) -> str:
    return " ".join(doc.text_content().split())


# -- the network ----------------------------------------------------------------------------------
def test_same_seed_gives_the_same_bytes_and_another_seed_does_not() -> None:
    a, b, c = build_network(seed=3), build_network(seed=3), build_network(seed=4)
    assert a.pages == b.pages and a.articles == b.articles
    assert a.pages != c.pages
    assert [t.title for t in a.articles] != [t.title for t in c.articles]


def test_bytes_do_not_depend_on_the_process_hash_seed() -> None:
    script = ("import hashlib; from crawler.demo import build_network; "
              "n = build_network(seed=5, articles=30); "
              "print(hashlib.sha256(b''.join(h.encode() + p.encode() + pg.body for h, ps in n.pages.items() "
              "for p, pg in ps.items())).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              cwd=REPO, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in (1, 2)}
    assert len(digests) == 1 and len(next(iter(digests)).strip()) == 64


def test_network_size_hosts_and_templates(network: Network) -> None:
    assert len(network.hosts) >= 3 and len(network.articles) >= 60
    assert {registrable_domain(h) for h in network.hosts} == {network.domain}
    by_host = {h: {t.template for t in network.articles if t.host == h} for h in network.hosts}
    assert all(len(templates) == 1 for templates in by_host.values())
    assert len({next(iter(t)) for t in by_host.values()}) == 3
    assert len({t.url for t in network.articles}) == len(network.articles)
    bigger = build_network(seed=1, sites=5, articles=120)
    assert len(bigger.hosts) == 5 and len(bigger.articles) == 120
    assert all(any(t.host == h for t in bigger.articles) for h in bigger.hosts)


@pytest.mark.parametrize(("sites", "articles"), [(0, 10), (-1, 10), (3, 2)])
def test_bad_sizes_are_refused(sites: int, articles: int) -> None:
    with pytest.raises(UsageError):
        build_network(sites=sites, articles=articles)


def test_related_lists_alone_reach_every_article_from_one_home_page(network: Network, pages: Pages) -> None:
    truth = {t.url: t for t in network.truth(PORT_NUMBER)}
    home = html.fromstring(pages[network.hosts[0]]["/"])
    queue = deque(dict.fromkeys(canonicalize(h) for h in home.xpath("//a/@href") if canonicalize(h) in truth))
    assert queue, "the home page links no article"
    seen, variants = set(queue), 0
    while queue:
        url = queue.popleft()
        hrefs = _doc(pages, url).xpath(RELATED_XPATHS[truth[url].template])
        variants += sum(canonicalize(h) != h for h in hrefs)
        linked = [canonicalize(h) for h in hrefs]
        assert linked == list(truth[url].related), url
        for nxt in linked:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert seen == set(truth)
    assert variants > 0, "no URL variant (utm_*, #fragment, index.html) in any related list"
    cross = sum(urlsplit(u).hostname != t.host for t in truth.values() for u in t.related)
    assert cross > len(truth)  # related lists link across sites, not only within one


def test_article_pages_agree_with_their_ground_truth(network: Network, pages: Pages) -> None:
    for t in network.truth(PORT_NUMBER):
        doc = _doc(pages, t.url)
        text = _text(doc)
        assert doc.xpath("//link[@rel='canonical']/@href") == [t.url]
        assert datetime.fromisoformat(t.date).tzinfo is not None
        assert datetime.fromisoformat(t.updated) > datetime.fromisoformat(t.date)
        assert t.title in text and t.author in text and t.description
        assert t.tags and t.categories and len(t.headings) >= 3 and t.sentences
        h2 = [" ".join(h.text_content().split()) for h in doc.xpath("//h2")]
        assert [h for h in h2 if h in t.headings] == list(t.headings)
        for snippet in t.sentences + t.boilerplate:
            assert " ".join(snippet.split()) in text, (t.url, snippet)
        assert not any(s in b or b in s for s in t.sentences for b in t.boilerplate)
        assert PORT not in pages[t.host][t.path].decode()


def test_each_template_sets_its_own_traps(network: Network, pages: Pages) -> None:
    seen = set()
    for t in network.truth(PORT_NUMBER):
        doc = _doc(pages, t.url)
        if t.template == "seedlike" and "seedlike" not in seen:
            owner = doc.xpath("//meta[@property='article:author']/@content")
            assert owner and owner[0] != t.author
            assert doc.xpath("//meta[@property='og:image']/@content")[0].startswith("https://img.demo-cdn.test/avatars/")
            assert len(doc.xpath("//ins[contains(@class, 'adsbygoogle')]")) == 2
            assert doc.xpath("//h5")[0].text_content() == t.author == t.byline_headings[2]
        elif t.template == "blog" and "blog" not in seen:
            assert " ".join(doc.xpath("string(//*[@class='byline'])").split()) == f"By {t.author}"
            ld = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
            assert ld["@type"] == "BlogPosting" and ld["datePublished"] == t.date
            assert doc.xpath("//a[@rel='tag']/text()") == list(t.tags)
            assert doc.xpath("//a[@rel='category tag']/text()") == list(t.categories)
        elif t.template == "magazine" and "magazine" not in seen:
            graph = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])["@graph"]
            article = next(n for n in graph if "NewsArticle" in n["@type"])
            person = next(n for n in graph if n["@type"] == "Person")
            assert article["author"] == [{"@id": person["@id"]}] and person["name"] == t.author
            assert article["dateModified"] == t.updated and doc.xpath("//main/article//figure/figcaption")
            assert not doc.xpath("//meta[starts-with(@property, 'article:')]")
        seen.add(t.template)
    assert seen == {"seedlike", "blog", "magazine"}


def test_every_site_has_listings_robots_sitemap_and_feed(network: Network, pages: Pages) -> None:
    truth = network.truth(PORT_NUMBER)
    for host in network.hosts:
        site = pages[host]
        origin = f"http://{host}:{PORT_NUMBER}"
        robots = site["/robots.txt"].decode()
        assert "Allow: /" in robots and f"Sitemap: {origin}/sitemap.xml" in robots
        locs = etree.fromstring(site["/sitemap.xml"]).xpath("//*[local-name()='loc']/text()")
        own = {t.url for t in truth if t.host == host}
        assert own <= set(locs) and f"{origin}/" in locs
        feeds = [p for p in site if p in ("/atom.xml", "/feed/", "/feed.xml")]
        assert len(feeds) == 1
        entries = etree.fromstring(site[feeds[0]]).xpath("//*[local-name()='entry' or local-name()='item']")
        assert 0 < len(entries) <= len(own)
        home = html.fromstring(site["/"])
        assert home.xpath("//meta[@property='og:type']/@content") == ["website"]
        listed = {canonicalize(h) for h in home.xpath("//a/@href")} & own
        assert 0 < len(listed) <= 10 and (len(own) <= 10 or len(site) > len(own) + 5)
        next_pages = [h for h in home.xpath("//a/@href") if "/page/" in h or "/latest/" in h]
        assert next_pages if len(own) > 10 else not next_pages
        tag_pages = [p for p in site if p.startswith(("/tags/", "/tag/", "/topics/"))]
        assert tag_pages


def test_no_link_inside_the_network_is_broken(network: Network, pages: Pages) -> None:
    checked = 0
    for host, site in pages.items():
        for path, body in site.items():
            if not path.endswith(("/", ".html")):
                continue
            for href in html.fromstring(body).xpath("//a/@href | //link[@rel='canonical']/@href"):
                parts = urlsplit(canonicalize(href))
                if parts.hostname and parts.hostname.endswith(network.domain):
                    checked += 1
                    assert parts.path in pages[parts.hostname], f"{host}{path} links {href}"
    assert checked > 1000


def test_truth_lookup_by_url(network: Network) -> None:
    t = network.articles[5]
    assert network.article(t.url) is t
    assert network.article(t.at_port(9000).url) is t and t.at_port(9000).url.endswith(f":9000{t.path}")
    assert network.article(f"http://{t.host}:1/not-an-article/") is None


# -- the server ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(network: Network) -> Iterator[SiteServer]:
    with SiteServer(network) as server:
        yield server


def _get(server: SiteServer, host: str, path: str, method: str = "GET",
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, headers={"Host": f"{host}:{server.port}", **(headers or {})})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_server_routes_on_the_host_header(served: SiteServer, network: Network) -> None:
    bodies = set()
    for host in network.hosts:
        status, headers, body = _get(served, host, "/")
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert f"http://{host}:{served.port}/".encode() in body and PORT.encode() not in body
        bodies.add(body)
    assert len(bodies) == len(network.hosts)
    assert _get(served, "nowhere.demo-news.test", "/")[0] == 404
    assert _get(served, network.hosts[0], "/no/such/page/")[0] == 404
    assert served.url(network.hosts[1], "/x") == f"http://{network.hosts[1]}:{served.port}/x"
    assert served.resolve_rule == "*.demo-news.test:127.0.0.1"
    assert served.start_url == f"http://{network.hosts[0]}:{served.port}/"


def test_url_variants_serve_the_article_and_a_missing_slash_redirects(served: SiteServer,
                                                                      network: Network) -> None:
    t = next(a for a in network.articles if a.path.endswith("/"))
    status, _, body = _get(served, t.host, t.path)
    assert status == 200
    assert _get(served, t.host, t.path + "index.html")[2] == body
    assert _get(served, t.host, t.path + "?utm_source=x&utm_medium=y")[2] == body
    status, headers, _ = _get(served, t.host, t.path.rstrip("/"))
    assert status == 301 and headers["location"] == served.url(t.host, t.path)


def test_etag_last_modified_and_conditional_requests(served: SiteServer, network: Network) -> None:
    t = network.articles[0]
    status, headers, body = _get(served, t.host, t.path)
    etag, modified = headers["etag"], headers["last-modified"]
    assert status == 200 and etag.startswith('"') and body
    status, h304, body304 = _get(served, t.host, t.path, headers={"If-None-Match": etag})
    assert status == 304 and body304 == b"" and h304["etag"] == etag
    assert _get(served, t.host, t.path, headers={"If-None-Match": '"other", ' + etag})[0] == 304
    assert _get(served, t.host, t.path, headers={"If-None-Match": '"stale"'})[0] == 200
    assert _get(served, t.host, t.path, headers={"If-Modified-Since": modified})[0] == 304
    long_ago = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert _get(served, t.host, t.path, headers={"If-Modified-Since": long_ago})[0] == 200
    assert _get(served, t.host, t.path, headers={"If-Modified-Since": "not a date"})[0] == 200


def test_head_answers_headers_only(served: SiteServer, network: Network) -> None:
    host = network.hosts[0]
    _, get_headers, body = _get(served, host, "/robots.txt")
    status, headers, head_body = _get(served, host, "/robots.txt", method="HEAD")
    assert status == 200 and head_body == b""
    assert headers["content-length"] == str(len(body)) and headers["etag"] == get_headers["etag"]
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert _get(served, host, "/missing", method="HEAD")[0] == 404


def test_keep_alive_serves_many_requests_on_one_connection(served: SiteServer, network: Network) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)
    try:
        for t in network.articles[:10]:
            conn.request("GET", t.path, headers={"Host": t.host})
            resp = conn.getresponse()
            assert resp.status == 200 and resp.getheader("Connection") != "close"
            assert t.title.encode() in resp.read().replace(b"&amp;", b"&").replace(b"&#x27;", b"'")
    finally:
        conn.close()


def test_set_and_remove_page_change_what_is_served(network: Network) -> None:
    with SiteServer(network) as server:
        t = network.articles[1]
        _, headers, _ = _get(server, t.host, t.path)
        old_etag = headers["etag"]
        server.set_page(t.host, t.path, f"<p>changed on port {PORT}</p>")
        status, headers, body = _get(server, t.host, t.path, headers={"If-None-Match": old_etag})
        assert status == 200 and body == f"<p>changed on port {server.port}</p>".encode()
        assert headers["etag"] != old_etag
        assert _get(server, t.host, t.path, headers={"If-None-Match": headers["etag"]})[0] == 304
        server.set_page("new.demo-news.test", "fresh.txt", b"hello", content_type="text/plain; charset=utf-8")
        status, headers, body = _get(server, "new.demo-news.test", "/fresh.txt")
        assert (status, body, headers["content-type"]) == (200, b"hello", "text/plain; charset=utf-8")
        server.remove_page(t.host, t.path)
        assert _get(server, t.host, t.path)[0] == 404
        other = network.articles[2]
        server.remove_page(other.host, other.path, gone=True)
        assert _get(server, other.host, other.path)[0] == 410
        server.set_page(other.host, other.path, b"<p>back</p>")
        assert _get(server, other.host, other.path)[2] == b"<p>back</p>"
        with pytest.raises(KeyError):
            server.remove_page(t.host, "/never/existed/")
        assert server.log.by_status == {200: 4, 304: 1, 404: 1, 410: 1} and server.log.total == 7
        assert [e.status for e in server.log.entries if e.host == "new.demo-news.test"] == [200]
        server.log.clear()
        assert server.log.total == 0


def test_last_modified_moves_forward_on_change() -> None:
    with SiteServer({"a.test": {"/": b"one"}}) as server:
        first = _get(server, "a.test", "/")[1]["last-modified"]
        server.set_page("a.test", "/", b"two")
        status, headers, _ = _get(server, "a.test", "/", headers={"If-Modified-Since": first})
        assert status == 200 and headers["last-modified"] != first
        ahead = formatdate(time.time() + 3600, usegmt=True)
        assert _get(server, "a.test", "/", headers={"If-Modified-Since": ahead})[0] == 304


def test_from_directory_serves_fixture_trees_with_ports_in_links(tmp_path: Path) -> None:
    (tmp_path / "alpha.test" / "post").mkdir(parents=True)
    (tmp_path / "beta.test").mkdir()
    (tmp_path / "alpha.test" / "index.html").write_text('<a href="http://beta.test/b.html">b</a>')
    (tmp_path / "alpha.test" / "post" / "one.html").write_text("<h1>One</h1> http://{{port}}-free")
    (tmp_path / "beta.test" / "b.html").write_text('<a href="http://alpha.test/post/one">one</a>')
    (tmp_path / "beta.test" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (tmp_path / "beta.test" / "docs").mkdir()
    (tmp_path / "beta.test" / "docs" / "index.html").write_text("<p>docs</p>")
    with SiteServer.from_directory(tmp_path) as server:
        status, _, body = _get(server, "alpha.test", "/")
        assert status == 200 and f'href="http://beta.test:{server.port}/b.html"'.encode() in body
        assert _get(server, "alpha.test", "/index.html")[2] == body
        assert _get(server, "alpha.test", "/post/one")[2] == _get(server, "alpha.test", "/post/one.html")[2]
        assert f"http://{server.port}-free".encode() in _get(server, "alpha.test", "/post/one")[2]
        assert f"http://alpha.test:{server.port}/post/one".encode() in _get(server, "beta.test", "/b")[2]
        assert [_get(server, "alpha.test", p)[0] for p in ("/post", "/post/")] == [404, 404]
        status, headers, _ = _get(server, "beta.test", "/docs")
        assert status == 301 and headers["location"] == server.url("beta.test", "/docs/")
        assert _get(server, "beta.test", "/docs/")[2] == b"<p>docs</p>"
        server.set_page("alpha.test", "/post/one.html", "<h1>Two</h1>")
        assert _get(server, "alpha.test", "/post/one")[2] == b"<h1>Two</h1>"
        assert _get(server, "beta.test", "/robots.txt")[1]["content-type"] == "text/plain; charset=utf-8"
        assert sorted(server.hosts) == ["alpha.test", "beta.test"]
        assert server.resolve_rules == ["*.alpha.test:127.0.0.1", "*.beta.test:127.0.0.1"]
    with pytest.raises(FileNotFoundError):
        SiteServer.from_directory(tmp_path / "missing")


@pytest.mark.parametrize("argv", [["--sites", "0"], ["--articles", "1"], ["--dir", "/no/such/fixture/dir"]])
def test_server_command_refuses_bad_input_with_one_line(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        server_main(argv)
    assert str(exc.value).startswith("error: ")


def test_lifecycle_errors_and_demo_server_helper() -> None:
    server = SiteServer({"a.test": {"/": "x"}})
    with pytest.raises(RuntimeError):
        server.port  # noqa: B018
    server.set_page("a.test", "/late", "<p>{{port}}</p>")
    server.remove_page("a.test", "/", gone=True)
    with server:
        assert _get(server, "a.test", "/late")[2] == f"<p>{server.port}</p>".encode()
        assert _get(server, "a.test", "/")[0] == 410
        with pytest.raises(RuntimeError):
            server.start()
    assert not server.running
    server.stop()  # stopping twice is harmless
    demo = demo_server(seed=2, sites=3, articles=9)
    try:
        assert _get(demo, demo.hosts[2], "/robots.txt")[0] == 200 and len(demo.network.articles) == 9
    finally:
        demo.stop()
