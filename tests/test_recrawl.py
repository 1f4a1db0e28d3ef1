"""Re-crawls against a loopback network that answers conditional requests (ETag / Last-Modified).

One module-wide scenario, each step a real ``archiver crawl`` in a child process:
1. first crawl; 2. re-crawl of the unchanged network; 3. five articles changed (a body sentence and a
new related link each) and five new articles, linked only from those; 4. one article answers 404 and
one 410; 5. the 404 one comes back. The tests below check what each step left behind.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.demo import SiteServer, build_network
from crawler.demo.network import PORT, ArticleTruth
from crawler.kernel.timestamps import format_timestamp
from crawler.kernel.urls import canonicalize

from .conftest import crawl_args, run_cli
from .test_e2e import snapshot

N_CHANGED = 5
RELATED_ITEM = r'<li\b(?:(?!</li>).)*?href="{url}[^"]*"(?:(?!</li>).)*?</li>'
TEXT_NODE = re.compile(r">([^<>]*\w[^<>]*)<")


@dataclass
class Step:
    stdout: str
    snapshot: dict[str, Any]
    requests: list[Any]
    revisions: int


@dataclass
class Scenario:
    server: SiteServer
    data: Path
    steps: list[Step] = field(default_factory=list)
    changed: list[tuple[ArticleTruth, str, str]] = field(default_factory=list)  # article, old, new sentence
    added: list[str] = field(default_factory=list)  # URLs of the new articles
    removed: tuple[str, str] = ("", "")  # the 404 and the 410 article

    def url(self, truth: ArticleTruth) -> str:
        return truth.url.replace(PORT, str(self.server.port))

    def crawl(self) -> Step:
        self.server.log.clear()
        result = run_cli(*crawl_args(self.server, self.data))
        assert result.returncode == 0, result.stdout + result.stderr
        step = Step(result.stdout, snapshot(self.data), self.server.log.entries, count_revisions(self.data))
        self.steps.append(step)
        return step


def count_revisions(data: Path) -> int:
    with sqlite3.connect(data / "archive.db") as db:
        return db.execute("select count(*) from revisions").fetchone()[0]


def article_row(data: Path, url: str) -> tuple[str, str | None]:
    with sqlite3.connect(data / "archive.db") as db:
        return db.execute("select status, gone_at from articles where url = ?", (url,)).fetchone()


def change_article(html: str, truth: ArticleTruth, new_url: str) -> tuple[str, str, str]:
    """The page with its first body sentence reworded and a related link to ``new_url`` added."""
    old = next(s for s in truth.sentences if html.count(s) == 1)
    new = old.replace(" ", " truly ", 1)
    html = html.replace(old, new)
    item = re.search(RELATED_ITEM.format(url=re.escape(truth.related[0])), html, re.S)
    assert item, truth.url
    clone = re.sub(r'href="[^"]*"', f'href="{new_url}"', item.group(0), count=1)
    clone = TEXT_NODE.sub(">A follow-up story<", clone, count=1)
    return html[:item.end()] + clone + html[item.end():], old, new


def follow_up_path(path: str) -> str:
    return path[:-1] + "-follow-up/" if path.endswith("/") else path.replace(".html", "-follow-up.html")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    network = build_network(seed=5, sites=3, articles=30)
    with SiteServer(network) as server:
        s = Scenario(server, tmp_path_factory.mktemp("recrawl"))
        s.crawl()  # 1: first crawl
        s.crawl()  # 2: nothing changed
        articles = sorted(network.articles, key=lambda a: a.url)
        sources = articles[-N_CHANGED:]
        targets = [a for a in articles if a not in sources][:N_CHANGED]
        for source, target in zip(sources, targets, strict=True):
            new_path = follow_up_path(source.path)
            body = network.pages[source.host][source.path].body.decode().replace(source.path, new_path)
            server.set_page(source.host, new_path, body)
            new_url = f"http://{source.host}:{PORT}{new_path}"
            html = network.pages[target.host][target.path].body.decode()
            html, old, new = change_article(html, target, new_url)
            server.set_page(target.host, target.path, html)
            s.changed.append((target, old, new))
            s.added.append(new_url.replace(PORT, str(server.port)))
        s.crawl()  # 3: five changed, five new
        still = [a for a in articles if a not in targets and a not in sources]
        lost, gone = still[0], still[1]
        server.remove_page(lost.host, lost.path)
        server.remove_page(gone.host, gone.path, gone=True)
        s.removed = (s.url(lost), s.url(gone))
        s.crawl()  # 4: one 404, one 410
        server.set_page(lost.host, lost.path, network.pages[lost.host][lost.path].body)
        s.crawl()  # 5: the 404 one is back
        yield s


def test_an_unchanged_network_costs_304s_and_rewrites_nothing(scenario: Scenario) -> None:
    first, second = scenario.steps[0], scenario.steps[1]
    assert "30 articles (30 new, 0 changed, 0 unchanged)" in first.stdout
    assert "30 articles (0 new, 0 changed, 30 unchanged)" in second.stdout
    assert "30 not modified (304)" in second.stdout
    assert second.snapshot == first.snapshot  # same bytes, same mtimes, same rows
    assert second.revisions == first.revisions == 30
    article_paths = {(a.host, a.path) for a in scenario.server.network.articles}
    answers = [r.status for r in second.requests if (r.host, r.path) in article_paths]
    assert answers == [304] * 30
    assert sum(r.status == 304 for r in second.requests) >= 0.8 * len(second.requests)
    sent_200 = sum(r.status == 200 for r in first.requests)
    assert sum(r.status == 200 for r in second.requests) < 0.1 * sent_200


def test_changed_and_new_articles_are_counted_and_only_they_are_written(scenario: Scenario) -> None:
    before, after = scenario.steps[1], scenario.steps[2]
    assert "35 articles (5 new, 5 changed, 25 unchanged)" in after.stdout, after.stdout
    assert after.revisions == before.revisions + 10  # one per changed article, one per new one
    files_before, files_after = before.snapshot["files"], after.snapshot["files"]
    rewritten = {name for name in files_before if files_after[name] != files_before[name]}
    # the new pages are earlier articles published again (same body, same date): each pair is one
    # story, whose canonical member is the smaller URL (the dates tie); an earlier article whose copy
    # sorts first gets a duplicate_of line naming it, and only those besides the changed ones
    copies = {name for name in rewritten
              if any(f"\nduplicate_of: {url}\n" in (scenario.data / name).read_text()
                     for url in scenario.added)}
    expected = [url for url in scenario.added if url < url.replace("-follow-up", "")]
    assert len(copies) == len(expected)
    assert len(rewritten - copies) == N_CHANGED
    assert len(set(files_after) - set(files_before)) == N_CHANGED
    texts = [p.read_text() for p in (scenario.data / "articles").rglob("*.md")]
    for truth, old, new in scenario.changed:
        (text,) = [t for t in texts if f"\nurl: {scenario.url(truth)}\n" in t]
        assert new in text and old not in text
    assert all(any(url in t for t in texts) for url in scenario.added)


def test_history_lists_revisions_with_the_changed_fields(scenario: Scenario) -> None:
    truth, _old, _new = scenario.changed[0]
    url = scenario.url(truth)
    result = run_cli("history", url, "--data", str(scenario.data), "--json")
    assert result.returncode == 0, result.stderr
    revisions = json.loads(result.stdout)
    assert [r["revision"] for r in revisions] == [1, 2]
    assert revisions[0]["changed"] == ["created"]
    assert {"body", "related"} <= set(revisions[1]["changed"])
    assert "title" not in revisions[1]["changed"]
    assert revisions[1]["run"] == 3 and revisions[0]["body_hash"] != revisions[1]["body_hash"]
    assert revisions[1]["updated"] == format_timestamp(datetime.fromisoformat(truth.updated))
    as_csv = run_cli("history", url, "--data", str(scenario.data), "--csv")
    assert as_csv.stdout.splitlines()[0].startswith("revision,recorded_at,run,updated,changed")
    new_one = run_cli("history", scenario.added[0], "--data", str(scenario.data), "--json")
    assert [r["changed"] for r in json.loads(new_one.stdout)] == [["created"]]


def test_diff_shows_what_changed_in_the_markdown(scenario: Scenario) -> None:
    truth, old, new = scenario.changed[0]
    url = scenario.url(truth)
    result = run_cli("diff", url, "--data", str(scenario.data))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("---") and "(revision 1)" in lines[0] and "(revision 2)" in lines[1]
    removed = "\n".join(line for line in lines if line.startswith("-"))
    added = "\n".join(line for line in lines if line.startswith("+"))
    assert old in removed and new in added
    assert scenario.added[0] in added and scenario.added[0] not in removed
    explicit = run_cli("diff", url, "1", "2", "--data", str(scenario.data))
    assert explicit.stdout == result.stdout
    single = run_cli("diff", scenario.added[0], "--data", str(scenario.data))
    assert single.returncode == 0 and single.stdout == "" and "single revision" in single.stderr
    missing = run_cli("diff", url, "1", "9", "--data", str(scenario.data))
    assert missing.returncode != 0 and missing.stderr.startswith("error:") and "revision 9" in missing.stderr
    unknown = run_cli("history", "http://nowhere.invalid/x/", "--data", str(scenario.data))
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
    assert unknown.stderr.startswith("error: no archived article")


def test_removed_articles_are_marked_gone_never_deleted_and_come_back(scenario: Scenario) -> None:
    lost, gone = scenario.removed
    step4, step5 = scenario.steps[3], scenario.steps[4]
    assert "2 gone (404/410)" in step4.stdout
    assert "33 articles (0 new, 0 changed, 33 unchanged)" in step4.stdout
    assert step4.snapshot["files"] == scenario.steps[2].snapshot["files"]  # nothing deleted or rewritten
    assert step4.snapshot["rows"] == scenario.steps[2].snapshot["rows"]
    assert article_row(scenario.data, canonicalize(gone))[0] == "gone"
    assert article_row(scenario.data, canonicalize(gone))[1] is not None
    assert article_row(scenario.data, canonicalize(lost)) == ("ok", None)  # back in step 5
    assert "34 articles (0 new, 0 changed, 34 unchanged)" in step5.stdout
    assert step5.revisions == step4.revisions  # coming back unchanged is not a new revision
    history = json.loads(run_cli("history", gone, "--data", str(scenario.data), "--json").stdout)
    assert history[-1]["gone_at"]


def test_recheck_after_skips_recent_pages_and_refresh_all_refetches(scenario: Scenario) -> None:
    server, data = scenario.server, scenario.data
    before = snapshot(data)
    server.log.clear()
    fresh = run_cli(*crawl_args(server, data, "--recheck-after", "1h"))
    assert fresh.returncode == 0, fresh.stderr
    article_paths = {(a.host, a.path) for a in server.network.articles}
    assert not [r for r in server.log.entries if (r.host, r.path) in article_paths]
    assert "not fetched (checked recently)" in fresh.stdout and "0 changed" in fresh.stdout
    server.log.clear()
    everything = run_cli(*crawl_args(server, data, "--refresh", "all"))
    assert everything.returncode == 0, everything.stderr
    assert server.log.count(304) == 0 and "0 new, 0 changed" in everything.stdout
    assert snapshot(data)["files"] == before["files"]
    bad = run_cli(*crawl_args(server, data, "--recheck-after", "soon"))
    assert bad.returncode == 2 and bad.stderr.startswith("error: --recheck-after")
