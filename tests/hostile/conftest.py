"""The hostile web, served once per test run on a free loopback port, and one crawl of it shared by
the tests that read what it left (the archive, the fetch records, the server's request log)."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import frontmatter
import pytest

from crawler.reports import error_kind

from ..conftest import run_cli
from .server import Hit, HostileServer
from .web import HostileWeb

#: Settings of the test crawls: short timeouts and one retry keep hangs and drips to seconds, a 4 MiB
#: size cap keeps the 50 MB pages cheap on a busy machine, and the trap guard's pattern bound is
#: lowered so the endless calendar ends sooner (the same behaviour at smaller sizes).
TEST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": "3",
    "DOWNLOAD_MAXSIZE": str(4 * 1024 * 1024),
    "RETRY_TIMES": "1",
    "ARCHIVE_RETRY_AFTER_MAX": "5",
    "ARCHIVE_MAX_PAGES_PER_PATTERN": "40",
}


@dataclass
class Crawl:
    data: Path
    result: subprocess.CompletedProcess
    web: HostileWeb
    hits: list[Hit] = field(default_factory=list)  # what the server was asked during this crawl

    def rows(self, sql: str, *args: object) -> list[tuple]:
        db = sqlite3.connect(self.data / "archive.db")
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def fetches(self, url: str) -> list[tuple[int | None, str | None]]:
        """(status, error) of every fetch record of ``url``, in order."""
        return self.rows("SELECT status, error FROM fetches WHERE url = ? ORDER BY id", url)

    def kinds(self, url: str) -> list[str]:
        """The error kinds recorded for ``url``, as run reports count them (``HTTP 500``, ``TooLarge``)."""
        return [error_kind(SimpleNamespace(status=status, error=error)) for status, error in self.fetches(url)
                if error]

    def articles(self) -> dict[str, tuple[str, str | None, str | None]]:
        """url -> (title, Markdown path, canonical_claim) of every archived article."""
        rows = self.rows("SELECT url, title, path, canonical_claim FROM articles")
        return {url: (title, path, claim) for url, title, path, claim in rows}

    def posts(self) -> dict[str, frontmatter.Post]:
        """url -> front matter and body of every Markdown file of the archive."""
        posts = {}
        for path in sorted((self.data / "articles").rglob("*.md")):
            post = frontmatter.load(path)
            assert post["url"] not in posts, f"{post['url']} archived twice"
            posts[post["url"]] = post
        return posts

    def requested(self, host: str, path: str | None = None) -> list[Hit]:
        return [h for h in self.hits if h.host == host and (path is None or h.path == path)]


def crawl_hostile(web: HostileWeb, data: Path, *start: str, settings: dict[str, str] | None = None,
                  extra: tuple[str, ...] = ()) -> Crawl:
    """``archiver crawl`` of the hostile web (every host name resolves to the loopback server)."""
    args = ["crawl", *(start or (web.start_url,)), "--resolve", "*:127.0.0.1", "--fast", "--no-progress",
            "--data", str(data), *extra]
    for name, value in {**TEST_SETTINGS, **(settings or {})}.items():
        args += ["-s", f"{name}={value}"]
    before = len(web.server.hits)
    result = run_cli(*args, timeout=300)
    return Crawl(data, result, web, web.server.hits[before:])


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileWeb]:
    with HostileServer() as server:
        yield HostileWeb(server).build()


@pytest.fixture(scope="session")
def crawled(hostile: HostileWeb, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """One crawl of the whole hostile web from its hub."""
    crawl = crawl_hostile(hostile, tmp_path_factory.mktemp("hostile") / "data")
    assert crawl.result.returncode == 0, crawl.result.stderr
    return crawl
