"""robots.txt as RFC 9309 reads it: a server error means the host is not crawled, a huge file is read
up to its first 500 KiB, and a disallowed page is never requested; each refusal is recorded."""

from __future__ import annotations

import pytest

from crawler.middlewares.robots import MAX_ROBOTS_BYTES

from .conftest import TEST_SETTINGS, Crawl
from .web import DOMAIN

RETRIES = int(TEST_SETTINGS["RETRY_TIMES"])


@pytest.mark.parametrize("host", ["robots-500", "robots-deny"])
def test_nothing_of_a_host_is_fetched_when_its_robots_txt_says_no(crawled: Crawl, host: str) -> None:
    asked = [h.path for h in crawled.requested(f"{host}.{DOMAIN}")]
    assert set(asked) == {"/robots.txt"}
    assert len(asked) == (1 + RETRIES if host == "robots-500" else 1)  # a 5xx is retried like any page
    kind = "RobotsUnavailable" if host == "robots-500" else "RobotsDisallowed"
    for case in (host, f"{host}, private"):
        url = crawled.web.cases[case].url
        assert crawled.kinds(url) == [kind] and url not in crawled.articles()
    if host == "robots-500":
        assert "robots.txt answered HTTP 500" in crawled.fetches(crawled.web.cases[host].url)[0][1]


def test_a_huge_robots_txt_is_read_up_to_its_first_500_kib(crawled: Crawl) -> None:
    host = f"robots-huge.{DOMAIN}"
    asked = {h.path for h in crawled.requested(host)}
    assert asked == {"/robots.txt", "/article/"}  # /private/ is disallowed at the top of the file
    assert crawled.kinds(crawled.web.cases["robots-huge, private"].url) == ["RobotsDisallowed"]
    # the rule after 5 MB of comments is past what is read: /article/ is archived
    assert crawled.web.cases["robots-huge"].url in crawled.articles()
    assert MAX_ROBOTS_BYTES == 500 * 1024
