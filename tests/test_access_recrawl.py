"""A re-crawl that meets a wall or a teaser where a full article is archived keeps the archived
revision, and says so: real crawls (``archiver crawl`` in a child process) of a loopback site.

1. first crawl: two full articles, and a third page that is a consent wall from the start;
2. the two articles now answer with a cookie wall and a German paywall teaser: their files (bytes
   and mtime) and rows stay, their fetches are recorded, the summary and the run report list them;
3. the walled one is archived with ``access: wall`` and found by ``archiver list --access wall``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.demo import SiteServer

from .conftest import run_cli

HOST = "www.access-news.test"
WORDS = ("The harbour ferry timetable changes on the first of June, and the council spent three evenings "
         "arguing about the early crossing before it agreed to keep it. ")


def _article(title: str, path: str, related: list[str]) -> str:
    paragraphs = "\n".join(f"<p>{WORDS}Paragraph {i} of {title.lower()} adds its own detail, number {i}.</p>"
                           for i in range(8))
    links = "".join(f'<li><a href="{url}">Story {n}</a></li>' for n, url in enumerate(related))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<link rel="canonical" href="http://{HOST}:{{{{port}}}}{path}"></head><body>
<article><h1>{title}</h1><div class="entry-content">{paragraphs}</div>
<aside class="related-posts"><h3>Related posts</h3><ul>{links}</ul></aside></article></body></html>"""


CONSENT_WALL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}"></head><body>
<div id="cmp" class="consent-overlay" role="dialog" aria-modal="true"><h2>We value your privacy</h2>
<p>We and our partners use cookies to store and access information on your device.</p>
<button>Accept all</button> <button>Reject all</button> <button>Manage preferences</button></div>
</body></html>"""

PAYWALL_DE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}"></head><body>
<article><h1>{title}</h1><p>Nach mehr als zehn Jahren Planung beginnen im Oktober die Arbeiten an der
neuen Brücke über den Hafen, die den Bahnhof mit der Altstadt verbinden soll.</p>
<div class="box"><p><strong>Dieser Artikel ist exklusiv für Abonnenten.</strong></p>
<p>Abonnieren Sie jetzt und lesen Sie alle Artikel.</p><p><a href="/abo/">Bereits Abonnent? Anmelden</a></p>
</div></article></body></html>"""

A, B, C = "/story/ferry-timetable/", "/story/harbour-bridge/", "/story/market-hall/"


def _home(paths: list[str]) -> str:
    links = "".join(f'<li><a href="{p}">Story {p}</a></li>' for p in paths)
    return f"<!DOCTYPE html><html><head><title>Access News</title></head><body><ul>{links}</ul></body></html>"


def _rows(data: Path) -> dict[str, tuple[Any, ...]]:
    """Every column of the rows of the two articles that turn into a wall and a teaser."""
    with sqlite3.connect(data / "archive.db") as db:
        rows = db.execute("SELECT * FROM articles WHERE url LIKE ? OR url LIKE ?", (f"%{A}", f"%{B}"))
        return {r[1]: r for r in rows}


def _fetches(data: Path, url: str) -> int:
    with sqlite3.connect(data / "archive.db") as db:
        return db.execute("SELECT count(*) FROM fetches WHERE url = ?", (url,)).fetchone()[0]


def _files(data: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted((data / "articles").rglob("*.md"))}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data = tmp_path_factory.mktemp("access-archive")
    pages = {"/": _home([A, B, C]), A: _article("The Ferry Timetable", A, [B]),
             B: _article("The Harbour Bridge", B, [A]), C: CONSENT_WALL.format(title="The Market Hall")}
    with SiteServer({HOST: pages}) as server:
        args = ["crawl", server.start_url, "--resolve", server.resolve_rule, "--fast", "--no-progress",
                "--data", str(data)]
        first = run_cli(*args)
        assert first.returncode == 0, first.stdout + first.stderr
        before = {"rows": _rows(data), "files": _files(data)}
        server.set_page(HOST, A, CONSENT_WALL.format(title="The Ferry Timetable"))
        server.set_page(HOST, B, PAYWALL_DE.format(title="The Harbour Bridge"))
        second = run_cli(*args)
        assert second.returncode == 0, second.stdout + second.stderr
        yield {"data": data, "server": server, "first": first, "second": second, "before": before,
               "urls": {k: server.url(HOST, p) for k, p in (("a", A), ("b", B), ("c", C))}}


def test_first_crawl_archives_the_articles_free_and_the_wall_as_a_wall(scenario: dict[str, Any]) -> None:
    with sqlite3.connect(scenario["data"] / "archive.db") as db:
        access = dict(db.execute("SELECT url, access FROM articles"))
    urls = scenario["urls"]
    assert access == {urls["a"]: "free", urls["b"]: "free", urls["c"]: "wall"}
    walled = next(p for p in (scenario["data"] / "articles").rglob("*.md") if "market-hall" in p.name)
    header = walled.read_text(encoding="utf-8").split("---")[1]
    assert "access: wall" in header and 'access_reason: "consent wall:' in header
    free = next(p for p in (scenario["data"] / "articles").rglob("*.md") if "ferry" in p.name)
    keys = [line.split(":")[0] for line in free.read_text(encoding="utf-8").split("---")[1].splitlines()]
    assert "access" not in keys and "access_reason" not in keys  # free: nothing to say


def test_recrawl_keeps_the_full_revisions_untouched(scenario: dict[str, Any]) -> None:
    data, before, urls = scenario["data"], scenario["before"], scenario["urls"]
    assert _files(data) == before["files"]  # same bytes, same mtime
    assert len(before["rows"]) == 2 and _rows(data) == before["rows"]  # every column, last_seen included
    with sqlite3.connect(data / "archive.db") as db:
        assert db.execute("SELECT count(*) FROM revisions").fetchone()[0] == 3
    for key in ("a", "b"):
        assert _fetches(data, urls[key]) == 2  # the walled answers are in the fetch history


def test_recrawl_summary_and_report_say_what_was_kept(scenario: dict[str, Any]) -> None:
    out, urls = scenario["second"].stdout, scenario["urls"]
    assert "2 kept" in out
    assert "Kept 2 stored revisions: body behind a wall" in out
    assert f"{urls['a']}: body behind a wall (consent wall:" in out
    assert f"{urls['b']}: body behind a restricted (paywall promo:" in out
    with sqlite3.connect(scenario["data"] / "archive.db") as db:
        counts = json.loads(db.execute("SELECT counts FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert counts["kept"] == 2
    first = scenario["first"].stdout
    assert "kept" not in first.lower()


def test_list_and_stats_by_access(scenario: dict[str, Any]) -> None:
    data, urls = scenario["data"], scenario["urls"]
    listed = run_cli("list", "--access", "wall", "--data", str(data), "--json")
    assert listed.returncode == 0, listed.stderr
    assert [row["url"] for row in json.loads(listed.stdout)] == [urls["c"]]
    stats = run_cli("stats", "--by", "access", "--data", str(data), "--json")
    assert {r["access"]: r["articles"] for r in json.loads(stats.stdout)} == {"free": 2, "wall": 1}
    bad = run_cli("list", "--access", "paywalled", "--data", str(data))
    assert bad.returncode != 0 and bad.stderr.startswith("error: access: expected one of")
    assert "Traceback" not in bad.stderr
