"""A spider trap ends the crawl by default: per-host and per-pattern page bounds, and the summary and
the run's report say that one was reached."""

from __future__ import annotations

import json

import pytest

from crawler import settings as defaults
from crawler.guards import DEFAULT_MAX_PAGES_PER_HOST, DEFAULT_MAX_PAGES_PER_PATTERN, TrapGuard, url_pattern

from .conftest import TEST_SETTINGS, Crawl
from .web import DOMAIN

LIMIT = int(TEST_SETTINGS["ARCHIVE_MAX_PAGES_PER_PATTERN"])


def test_an_endless_calendar_ends_at_the_pattern_bound(crawled: Crawl) -> None:
    days = [h.path for h in crawled.requested(f"cal.{DOMAIN}") if h.path.startswith("/cal/")]
    assert len(days) == len(set(days)) == LIMIT
    [(archived,)] = crawled.rows("SELECT count(*) FROM articles WHERE url LIKE ?", f"http://cal.{DOMAIN}:%")
    assert archived == LIMIT


def test_the_summary_and_the_report_say_the_guard_was_reached(crawled: Crawl) -> None:
    out = crawled.result.stdout
    pattern = f"cal.{DOMAIN}:{crawled.web.server.port}/cal/#/#/#/"
    assert f"Crawl guard reached: {LIMIT} pages per pattern (ARCHIVE_MAX_PAGES_PER_PATTERN) reached by " \
        in out
    assert pattern in out and "more links were not followed" in out
    [(counts,)] = crawled.rows("SELECT counts FROM runs")
    assert json.loads(counts)["guard_refused"] > 0


def test_the_default_bounds_are_on_and_documented() -> None:
    assert defaults.ARCHIVE_MAX_PAGES_PER_HOST == DEFAULT_MAX_PAGES_PER_HOST == 10_000
    assert defaults.ARCHIVE_MAX_PAGES_PER_PATTERN == DEFAULT_MAX_PAGES_PER_PATTERN == 1_000
    from ..conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for name in ("ARCHIVE_MAX_PAGES_PER_HOST", "ARCHIVE_MAX_PAGES_PER_PATTERN", "ARCHIVE_MAX_RELATED",
                 "ARCHIVE_RETRY_AFTER_MAX"):
        assert f"| `{name}` |" in readme, f"{name} is missing from the README's Settings table"


@pytest.mark.parametrize(("url", "pattern"), [
    ("http://cal.x/cal/2024/05/14/", "cal.x/cal/#/#/#/"),
    ("http://a.b:8080/a/a/a/b", "a.b:8080/a+/b"),
    ("http://a.b/p?id=123&x=a1", "a.b/p?id=#&x=a#"),
    ("http://a.b/2024/05/my-post-2/", "a.b/#/#/my-post-#/"),
    ("http://a.b/", "a.b/"),
])
def test_url_patterns(url: str, pattern: str) -> None:
    assert url_pattern(url) == pattern


def test_the_guard_counts_hosts_and_patterns() -> None:
    guard = TrapGuard(per_host=5, per_pattern=3)
    assert [guard.admit(f"http://a.x/day/{i}/") for i in range(3)] == [None] * 3
    refusal = guard.admit("http://a.x/day/99/")
    assert refusal == "3 pages of pattern a.x/day/#/ (ARCHIVE_MAX_PAGES_PER_PATTERN)"
    assert guard.admit("http://a.x/story-a/") is None and guard.admit("http://a.x/story-b/") is None
    assert guard.admit("http://a.x/story-c/") == "5 pages of host a.x (ARCHIVE_MAX_PAGES_PER_HOST)"
    assert guard.admit("http://b.x/day/1/") is None  # another host, its own patterns
    assert guard.admit("http://a.x/start/", force=True) is None  # a start URL is never refused
    assert guard.hit and guard.refused == {"pattern": 1, "host": 1}
    assert guard.notes() == [
        "5 pages per host (ARCHIVE_MAX_PAGES_PER_HOST) reached by a.x; 1 more links were not followed",
        "3 pages per pattern (ARCHIVE_MAX_PAGES_PER_PATTERN) reached by a.x/day/#/; "
        "1 more links were not followed"]


def test_zero_turns_a_bound_off() -> None:
    guard = TrapGuard(per_host=0, per_pattern=0)
    assert all(guard.admit(f"http://a.x/day/{i}/") is None for i in range(2000))
    assert not guard.hit and guard.notes() == []
