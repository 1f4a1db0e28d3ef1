"""The re-check client (crawler/revalidate.py) against a real loopback server: conditional requests
with the stored validators, robots.txt obeyed, hosts that do not help left to the crawl engine."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from crawler.demo.server import SiteServer
from crawler.revalidate import (
    FIRST_ANSWERS,
    SKIPPED_HOST,
    SKIPPED_ROBOTS,
    SKIPPED_STOPPED,
    Answer,
    Known,
    Politeness,
    revalidate,
)

PAGES = [f"/post-{i}/" for i in range(12)]


def page(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><p>{title}</p></body></html>"


@pytest.fixture()
def server() -> Iterator[SiteServer]:
    sites = {
        "a.test": {"/robots.txt": "User-agent: *\nDisallow: /private/\n",
                   **{p: page(p) for p in PAGES}, "/private/x/": page("private")},
        "b.test": {p: page(p) for p in PAGES},  # no robots.txt: 404, everything allowed
    }
    with SiteServer(sites) as srv:
        yield srv


def politeness(server: SiteServer, **extra: object) -> Politeness:
    values = {"USER_AGENT": "article-archiver-test", "CONCURRENT_REQUESTS": 8,
              "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
              "DOWNLOAD_TIMEOUT": 5, "ARCHIVE_RESOLVE": server.resolve_rules}
    values.update(extra)
    return Politeness.from_settings(values)


def known(server: SiteServer, host: str, path: str) -> Known:
    """A page as a first crawl left it: its URL and the validators it answered with."""
    url = server.url(host, path)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(4096)
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line)
    return Known(url, headers.get("ETag"), headers.get("Last-Modified"))


def by_url(answers: list[Answer]) -> dict[str, Answer]:
    return {a.url: a for a in answers if not a.robots}


def test_unchanged_pages_answer_304_and_a_changed_one_is_reported(server: SiteServer) -> None:
    pages = [known(server, host, p) for host in ("a.test", "b.test") for p in PAGES]
    server.set_page("b.test", PAGES[3], page("changed"))
    server.log.clear()
    answers = list(revalidate(pages, politeness(server)))
    found = by_url(answers)
    assert set(found) == {p.url for p in pages}
    changed = server.url("b.test", PAGES[3])
    assert found[changed].status == 200 and not found[changed].not_modified
    assert all(a.not_modified for url, a in found.items() if url != changed)
    assert all(a.etag for a in found.values())  # validators come back for the page states
    sent = dict(found[server.url("a.test", PAGES[0])].request_headers)
    assert sent["User-Agent"] == "article-archiver-test" and sent["If-None-Match"]
    # one robots.txt per host, then each page once
    robots = [a for a in answers if a.robots]
    assert sorted(a.url for a in robots) == sorted(server.url(h, "/robots.txt") for h in ("a.test", "b.test"))
    assert server.log.total == len(pages) + 2


def test_robots_txt_is_obeyed_and_can_be_turned_off(server: SiteServer) -> None:
    private = known(server, "a.test", "/private/x/")
    server.log.clear()
    [answer] = [a for a in revalidate([private], politeness(server)) if not a.robots]
    assert answer.skipped == SKIPPED_ROBOTS and answer.status is None
    assert [e.path for e in server.log.entries] == ["/robots.txt"]
    server.log.clear()
    [answer] = list(revalidate([private], politeness(server, ROBOTSTXT_OBEY=False)))
    assert answer.not_modified and [e.path for e in server.log.entries] == ["/private/x/"]


def test_a_host_that_ignores_validators_is_left_to_the_engine(server: SiteServer) -> None:
    stale = [Known(server.url("b.test", p), '"not-the-etag"', None) for p in PAGES]
    server.log.clear()
    answers = by_url(list(revalidate(stale, politeness(server, CONCURRENT_REQUESTS_PER_DOMAIN=1))))
    asked = [a for a in answers.values() if a.status == 200]
    assert len(asked) == FIRST_ANSWERS
    assert all(a.skipped == SKIPPED_HOST for a in answers.values() if a.status is None)
    assert server.log.total == FIRST_ANSWERS + 1  # robots.txt, then the first answers only


def test_an_unreachable_host_is_an_error_then_left_to_the_engine() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once the socket is closed
    pages = [Known(f"http://down.test:{port}{p}", '"x"', None) for p in PAGES[:4]]
    values = {"USER_AGENT": "t", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
              "DOWNLOAD_TIMEOUT": 2, "ARCHIVE_RESOLVE": ["down.test:127.0.0.1"]}
    answers = list(revalidate(pages, Politeness.from_settings(values)))
    assert len(answers) == 4
    assert answers[0].error and "Connection" in answers[0].error
    assert all(a.skipped == SKIPPED_HOST for a in answers[1:])


def test_stopping_skips_what_was_not_asked(server: SiteServer) -> None:
    pages = [known(server, "b.test", p) for p in PAGES]
    asked = iter(range(10**6))  # stop() is asked once per piece of work taken: robots.txt, then pages
    answers = by_url(list(revalidate(pages, politeness(server, CONCURRENT_REQUESTS_PER_DOMAIN=1),
                                     stop=lambda: next(asked) >= 3)))
    assert len(answers) == len(PAGES)
    assert sum(a.not_modified for a in answers.values()) == 2
    assert sum(a.skipped == SKIPPED_STOPPED for a in answers.values()) == len(PAGES) - 2


def test_requests_to_one_host_are_spaced_by_the_delay(server: SiteServer) -> None:
    pages = [known(server, "b.test", p) for p in PAGES[:4]]
    server.log.clear()
    list(revalidate(pages, politeness(server, DOWNLOAD_DELAY=0.2, CONCURRENT_REQUESTS_PER_DOMAIN=4)))
    times = sorted(e.at for e in server.log.entries if e.path != "/robots.txt")
    assert len(times) == 4
    assert all(later - earlier >= 0.15 for earlier, later in zip(times, times[1:], strict=False))
