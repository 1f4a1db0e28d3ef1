"""The hostile web: a small good network of articles, and one page (or host) per fault.

Every host is under ``hostile.test`` (the crawl's scope, from its start URL on www.hostile.test)
except ``outside.example`` and literal IP addresses, which the crawl must never request. The hub
(``www.hostile.test/``) links every case; :class:`HostileWeb` knows what each one must come to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

from . import pages
from .server import (
    Behaviour,
    Exchange,
    HostileServer,
    drip,
    endless,
    gzip_bomb,
    hang,
    page,
    redirect,
    reset,
    truncated,
)

DOMAIN = "hostile.test"
OUTSIDE = "outside.example"
HUB = f"www.{DOMAIN}"
GOOD_HOSTS = (f"a.{DOMAIN}", f"b.{DOMAIN}")
GOOD_COUNT = 8
#: Seconds a server asks the crawl to wait (Retry-After) on the politeness cases.
RETRY_AFTER = 2
#: Titles that YAML, Markdown or a terminal would misread if written by hand.
HOSTILE_TITLES = (
    "---\ntitle: pwned\n---",
    ": \"quoted\" 'single' # not a comment & *alias !tag |> % @at `tick`",
    "{{ template }} [list] {map: 1} \\ backslash",
    "true",
    "2024-01-01",
    "null",
    "Zürich — “curly” 日本語 \u202eevil\u202c end",
    "Tab\tand\x0bvertical\x0ccontrol",
    "Long " + "title " * 800,
)
#: URL paths that must never become files outside DATA/articles.
HOSTILE_PATHS = (
    "/..%2f..%2f..%2fetc%2fpasswd/",
    "/%2e%2e/%2e%2e/escape/",
    "/CON/",
    "/nul.html",
    "/" + "x" * 1500 + "/",
    "/%00null%0a/",
    "/caf%C3%A9/%E2%80%AEevil/",
    "/.hidden/",
    "/dot./",
)


@dataclass
class Case:
    """One case of the hostile web: its entry URL and what it must come to."""

    name: str
    url: str
    #: the error kind its fetch must be recorded with in ``fetches`` (None: not an error)
    kind: str | None = None
    #: the URL whose fetch carries the kind, when not ``url`` (a later hop of a redirect chain)
    at: str | None = None

    @property
    def faulty(self) -> str:
        return self.at or self.url


@dataclass
class HostileWeb:
    server: HostileServer
    #: canonical URL of every good article -> its seed (its body carries pages.marker(seed))
    good: dict[str, str] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    #: (host, path) pairs the crawl must never request; path None: the whole host
    never: list[tuple[str, str | None]] = field(default_factory=list)
    hub_links: list[str] = field(default_factory=list)

    def url(self, host: str, path: str = "/") -> str:
        return self.server.url(host, path)

    def add(self, host: str, path: str, behaviour: Behaviour) -> str:
        self.server.route(host, path, behaviour)
        return self.url(host, path)

    def case(self, name: str, host: str, path: str, behaviour: Behaviour, kind: str | None = None,
             linked: bool = True) -> Case:
        url = self.add(host, path, behaviour)
        self.cases[name] = Case(name, url, kind)
        if linked:
            self.hub_links.append(url)
        return self.cases[name]

    def article_at(self, host: str, path: str, seed: str, title: str | None = None,
                   related: list[tuple[str, str]] = (), head: str = "") -> str:
        html = pages.article(title or f"Story {seed}", seed, list(related), head)
        return self.add(host, path, page(html))

    @property
    def start_url(self) -> str:
        return self.url(HUB)

    # -- building ---------------------------------------------------------------------------------
    def build(self) -> HostileWeb:
        self._good_network()
        self._redirects()
        self._canonical_claims()
        self._transport()
        self._politeness()
        self._content()
        self._robots()
        self._trap()
        self._validators()
        self._outside()
        self.add(HUB, "/", page(pages.listing("Hostile hub", self.hub_links)))
        return self

    def _good_network(self) -> None:
        """Eight articles on two hosts, a ring through their related lists; the hub links the
        first only, so the last ones are reached several hops away."""
        urls = [self.url(GOOD_HOSTS[i % 2], f"/good-{i}/") for i in range(GOOD_COUNT)]
        for i, url in enumerate(urls):
            related = [(urls[(i + 1) % GOOD_COUNT], f"Story good-{(i + 1) % GOOD_COUNT}"),
                       (urls[(i + 2) % GOOD_COUNT], f"Story good-{(i + 2) % GOOD_COUNT}")]
            self.article_at(GOOD_HOSTS[i % 2], f"/good-{i}/", f"good-{i}", related=related)
            self.good[url] = f"good-{i}"
        self.hub_links.append(urls[0])

    def _redirects(self) -> None:
        r = f"r.{DOMAIN}"
        end = self.article_at(r, "/chain-end/", "chain-end")
        self.good[end] = "chain-end"
        self.case("redirect chain", r, "/chain/1", redirect(self.url(r, "/chain/2"), 302))
        self.add(r, "/chain/2", redirect(self.url(f"b.{DOMAIN}", "/chain/3"), 307))
        self.add(f"b.{DOMAIN}", "/chain/3", redirect(end, 308))
        self.case("redirect loop", r, "/loop/a", redirect(self.url(r, "/loop/b")), kind="RedirectLoop").at = \
            self.url(r, "/loop/b")
        self.add(r, "/loop/b", redirect(self.url(r, "/loop/a"), 302))
        self.case("redirect to itself", r, "/self-loop", redirect(self.url(r, "/self-loop")),
                  kind="RedirectLoop")
        hops = 30
        self.case("endless redirects", r, "/long/0", redirect(self.url(r, "/long/1")),
                  kind="TooManyRedirects").at = self.url(r, "/long/20")
        for i in range(1, hops):
            self.add(r, f"/long/{i}", redirect(self.url(r, f"/long/{i + 1}")))
        self.case("redirect out of scope", r, "/away/", redirect(self.url(OUTSIDE, "/evil/")),
                  kind="RedirectOutOfScope")
        self.never.append((OUTSIDE, "/evil/"))
        self.case("redirect to an IP", r, "/to-ip/", redirect("http://127.0.0.1:{port}/admin/", 302),
                  kind="RedirectOutOfScope")
        self.case("redirect to a decimal IP", r, "/to-decimal-ip/", redirect("http://2130706433:{port}/admin/"),
                  kind="RedirectOutOfScope")
        self.case("redirect to an IPv6 literal", r, "/to-ipv6/", redirect("http://[::1]:{port}/admin/"),
                  kind="RedirectOutOfScope")
        for host in ("127.0.0.1", "2130706433", "::1"):
            self.never.append((host, None))
        self.case("redirect through user info", r, "/userinfo/",
                  redirect(f"http://{r}:{{port}}@{OUTSIDE}:{{port}}/userinfo/"), kind="RedirectOutOfScope")
        self.never.append((OUTSIDE, "/userinfo/"))
        self.case("escape at the second hop", r, "/late/", redirect(self.url(f"b.{DOMAIN}", "/late-2/")),
                  kind="RedirectOutOfScope").at = self.url(f"b.{DOMAIN}", "/late-2/")
        self.add(f"b.{DOMAIN}", "/late-2/", redirect(self.url(OUTSIDE, "/late/"), 303))
        self.never.append((OUTSIDE, "/late/"))
        self.case("meta refresh out of scope", r, "/meta-away/",
                  page(pages.meta_refresh(self.url(OUTSIDE, "/meta/"))), kind="RedirectOutOfScope")
        self.never.append((OUTSIDE, "/meta/"))
        target = self.article_at(r, "/meta-target/", "meta-target")
        self.good[target] = "meta-target"
        self.case("meta refresh in scope", r, "/meta-in/", page(pages.meta_refresh(target)))

    def _canonical_claims(self) -> None:
        evil, c = f"evil.{DOMAIN}", f"c.{DOMAIN}"
        good = list(self.good)
        victim_canonical, victim_og = good[6], good[7]  # reached late: squatting would come first
        url = self.article_at(evil, "/claim-canonical/", "claim-canonical", title="Squatter by canonical",
                              head=pages.canonical_head(victim_canonical))
        self.cases["canonical across hosts"] = Case("canonical across hosts", url)
        url2 = self.article_at(evil, "/claim-og/", "claim-og", title="Squatter by og:url",
                               head=pages.og_url_head(victim_og))
        self.cases["og:url across hosts"] = Case("og:url across hosts", url2)
        url3 = self.article_at(evil, "/claim-outside/", "claim-outside", title="Claims an outside page",
                               head=pages.canonical_head(self.url(OUTSIDE, "/claimed/")))
        self.cases["canonical out of scope"] = Case("canonical out of scope", url3)
        self.never.append((OUTSIDE, "/claimed/"))
        self.hub_links += [url, url2, url3]
        # the same host: a print view declares its story canonical; a squatter claims a victim
        story = self.article_at(c, "/story/", "story")
        self.good[story] = "story"
        view = self.add(c, "/story/?view=print", page(pages.article("Story story", "story",
                                                                   head=pages.canonical_head(story))))
        self.cases["same-host alias"] = Case("same-host alias", view)
        victim = self.article_at(c, "/victim/", "victim")
        self.good[victim] = "victim"
        squat = self.article_at(c, "/squat/", "squat", title="Squatter on the same host",
                                head=pages.canonical_head(victim),
                                related=[(victim, "The real one")])
        self.cases["same-host squatter"] = Case("same-host squatter", squat)
        # www and the bare domain are one site: the canonical on the other one is honoured
        pair = self.article_at(DOMAIN, "/pair/", "pair")
        self.good[pair] = "pair"
        pair_view = self.add(f"www.{DOMAIN}", "/pair/", page(pages.article("Story pair", "pair",
                                                                          head=pages.canonical_head(pair))))
        self.cases["www pair"] = Case("www pair", pair_view)
        # a misconfigured site: every article names the home page as its canonical
        self.add(c, "/", page(pages.listing("C home", [])))
        for i in (1, 2):
            u = self.article_at(c, f"/misconf-{i}/", f"misconf-{i}",
                                head=pages.canonical_head(self.url(c, "/")))
            self.good[u] = f"misconf-{i}"
            self.cases[f"misconfigured canonical {i}"] = Case(f"misconfigured canonical {i}", u)
        self.hub_links += [view, squat, pair_view] + [self.cases[f"misconfigured canonical {i}"].url
                                                       for i in (1, 2)]

    def _transport(self) -> None:
        f = f"f.{DOMAIN}"
        self.case("server error", f, "/server-error/", page("<h1>oops</h1>", status=500), kind="HTTP 500")
        self.case("connection reset", f, "/reset/", reset(), kind="ConnectionLost")
        self.case("truncated body", f, "/truncated/", truncated(b"<html><body><p>" + b"x" * 3000, 20000),
                  kind="ResponseDataLossError")
        self.case("hang", f, "/hang/", hang(60), kind="DownloadTimeoutError")
        self.case("slow drip", f, "/drip/", drip(100_000, 0.2), kind="DownloadTimeoutError")
        size = 50 * 1024 * 1024
        self.case("50 MB page, announced", f, "/huge-announced/", endless(b"<p>" + b"x" * 65533, size, True),
                  kind="TooLarge")
        self.case("50 MB page, streamed", f, "/huge-streamed/", endless(b"<p>" + b"x" * 65533, size, False),
                  kind="TooLarge")
        self.case("gzip bomb", f, "/gzip-bomb/", gzip_bomb(64 * 1024 * 1024), kind="TooLarge")
        noise = random.Random(16).randbytes(200_000)
        self.case("binary as HTML", f, "/binary/", page(noise))
        self.case("empty page", f, "/empty/", page(b""))

    def _politeness(self) -> None:
        busy = f"busy.{DOMAIN}"
        later = self.article_at(busy, "/later/", "busy-later")
        self.good[later] = "busy-later"

        def busy_once(x: Exchange) -> None:
            if x.times() == 1:
                x.send(503, b"<h1>busy</h1>", headers=[("Retry-After", str(RETRY_AFTER))])
            else:
                page(pages.article("Story busy", "busy", [(later, "Later")]))(x)
        case = self.case("503 with Retry-After", busy, "/busy/", busy_once)
        self.good[case.url] = "busy"
        queued = self.article_at(busy, "/queued/", "busy-queued")
        self.good[queued] = "busy-queued"

        def after_the_503(x: Exchange) -> None:
            """Links the busy host's /queued/ only once /busy/ has answered its 503."""
            for _ in range(100):
                if x.server.count(busy, "/busy/") or not x.wait(0.05):
                    break
            x.wait(0.2)
            page(pages.article("Story slow link", "slow-link", [(queued, "Queued")]))(x)
        case = self.case("a link to a resting host", f"s.{DOMAIN}", "/slow-link/", after_the_503)
        self.good[case.url] = "slow-link"

        limited = f"limited.{DOMAIN}"

        def limited_once(x: Exchange) -> None:
            if x.times() == 1:
                when = formatdate(x.server_time() + RETRY_AFTER + 1, usegmt=True)
                x.send(429, b"<h1>slow down</h1>", headers=[("Retry-After", when)])
            else:
                page(pages.article("Story limited", "limited"))(x)
        case = self.case("429 with a Retry-After date", limited, "/limited/", limited_once)
        self.good[case.url] = "limited"
        self.case("429 asking for an hour", f"toobusy.{DOMAIN}", "/too-busy/",
                  page("<h1>come back in an hour</h1>", status=429, headers=[("Retry-After", "3600")]),
                  kind="HTTP 429")

    def _content(self) -> None:
        t = f"t.{DOMAIN}"
        for i, title in enumerate(HOSTILE_TITLES):
            url = self.add(t, f"/title-{i}/", page(pages.article(title, f"title-{i}")))
            self.good[url] = f"title-{i}"
            self.cases[f"hostile title {i}"] = Case(f"hostile title {i}", url)
            self.hub_links.append(url)
        for i, path in enumerate(HOSTILE_PATHS):
            behaviour = page(pages.article(f"Path {i}", f"path-{i}"))
            url = self.add(t, path, behaviour)
            # the address as the client asks for it: w3lib 2.6 and later resolve "%2e%2e" segments
            fetched = safe_url_string(url)
            if fetched != url:
                self.add(t, urlsplit(fetched).path, behaviour)
            self.cases[f"hostile path {i}"] = Case(f"hostile path {i}", fetched)
            self.hub_links.append(url)
        deep = self.add(t, "/deep/", page(pages.deep("Story deep", "deep", 5000)))
        self.good[deep] = "deep"
        self.cases["deep nesting"] = Case("deep nesting", deep)
        many = f"many.{DOMAIN}"
        good = list(self.good)[:3]
        junk = [(self.url(many, f"/story-{i}/"), f"Story number {i}") for i in range(10_000)]
        huge = self.add(t, "/huge-related/", page(pages.article("Story huge related", "huge-related",
                                                                [(u, "Genuine") for u in good] + junk)))
        self.good[huge] = "huge-related"
        self.cases["huge related list"] = Case("huge related list", huge)
        latin = pages.article("Café à la crème", "latin-1").replace('<meta charset="utf-8">', "")
        self.case("Latin-1 page without a charset", t, "/latin-1/",
                  page(latin.encode("latin-1"), content_type="text/html"))
        big = pages.article("Story big", "big", body_extra="<p>" + "word " * 600_000 + "</p>")  # 3 MB
        self.case("3 MB page", t, "/big/", page(big))
        self.hub_links += [deep, huge]

    def _robots(self) -> None:
        text = "text/plain"
        # 5.4 MB: a rule at the top, and one past the first 500 KiB (which is all that is read)
        huge = "User-agent: *\nDisallow: /private/\n" + "# filler\n" * 600_000 + "Disallow: /article/\n"
        expected = {"robots-500": ("RobotsUnavailable", "RobotsUnavailable"),
                    "robots-huge": (None, "RobotsDisallowed"),
                    "robots-deny": ("RobotsDisallowed", "RobotsDisallowed")}
        for name, robots in (("robots-500", page("<h1>oops</h1>", status=500, content_type=text)),
                             ("robots-huge", page(huge, content_type=text)),
                             ("robots-deny", page("User-agent: *\nDisallow: /\n", content_type=text))):
            host = f"{name}.{DOMAIN}"
            self.add(host, "/robots.txt", robots)
            url = self.article_at(host, "/article/", name)
            private = self.article_at(host, "/private/", f"{name}-private")
            self.cases[name] = Case(name, url, expected[name][0])
            self.cases[f"{name}, private"] = Case(f"{name}, private", private, expected[name][1])
            self.hub_links += [url, private]
        self.good[self.cases["robots-huge"].url] = "robots-huge"

    def _trap(self) -> None:
        cal = f"cal.{DOMAIN}"

        def day(x: Exchange) -> None:
            y, m, d = (int(p) for p in x.path.strip("/").split("/")[1:4])
            nxt = [(y, m, d + 1), (y, m + 1, d), (y + 1, m, d)]
            links = [(self.url(cal, f"/cal/{a}/{b:02d}/{c:02d}/"), f"Events of {a}-{b:02d}-{c:02d}")
                     for a, b, c in nxt]
            page(pages.article(f"Events of {y}-{m:02d}-{d:02d}", x.path, links))(x)
        self.server.fallback(cal, "/cal/", day)
        self.cases["endless calendar"] = Case("endless calendar", self.url(cal, "/cal/2024/01/01/"))
        self.hub_links.append(self.cases["endless calendar"].url)

    def _validators(self) -> None:
        """Pages whose validators lie: a new ETag on every answer, a Last-Modified in 2099."""
        e = f"e.{DOMAIN}"
        rotating = pages.article("Story rotating", "rotating")

        def new_etag(x: Exchange) -> None:
            x.send(200, rotating.encode(), headers=[("ETag", f'"v{x.times()}-{random.random()}"')])
        case = self.case("rotating ETag", e, "/rotating-etag/", new_etag)
        self.good[case.url] = "rotating"
        case = self.case("Last-Modified in the future", e, "/future/",
                         page(pages.article("Story future", "future"),
                              headers=[("Last-Modified", "Fri, 31 Dec 2099 23:59:59 GMT")]))
        self.good[case.url] = "future"

    def _outside(self) -> None:
        """Pages out of scope, linked directly: the spider never asks for them."""
        for path in ("/evil/", "/late/", "/meta/", "/claimed/", "/userinfo/", "/linked/"):
            self.add(OUTSIDE, path, page(pages.article("Outside", "outside")))
        self.hub_links.append(self.url(OUTSIDE, "/linked/"))
        self.never.append((OUTSIDE, "/linked/"))
