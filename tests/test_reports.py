"""Run reports: field fill rates, alerts on sharp drops, the run_reports table, ``archiver runs``,
and a real crawl whose site loses its bylines exiting 5 with a message naming site and field."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.demo import SiteServer
from crawler.items import FetchInfo
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from crawler.reports import FillCounter, error_kind, fill_alerts, filled, job_key, significant_drop
from exporters.store import runlog
from exporters.store.index import Index

from .conftest import run_cli

LONG = " ".join(["word"] * 30)


def article(url: str = "http://a.test/x", **meta: object) -> Article:
    body = meta.pop("body", LONG)
    related = meta.pop("related", [RelatedLink("http://a.test/y", "Y")])
    return Article(url=url, metadata=Metadata(**meta), sections=[Section(None, 0, str(body))],
                   related=list(related))  # type: ignore[arg-type]


def test_filled_fields() -> None:
    full = article(title="T", date=datetime(2024, 1, 1, tzinfo=UTC), authors=[Author("Ann")],
                   description="d", thumbnail="http://a.test/i.jpg", tags=["x"], categories=["c"])
    assert all(filled(full).values())
    bare = article(body="too short to be a body", related=[], authors=[Author("  ")])
    assert not any(filled(bare).values())
    assert filled(article(excerpt="only an excerpt"))["description"]


def test_fill_rates_per_site() -> None:
    counter = FillCounter()
    for i in range(4):
        counter.add(f"http://a.test/{i}", article(title="T", authors=[Author("Ann")] if i % 2 else []))
    counter.add("http://b.test/1", article())
    rates = counter.rates()
    assert rates["a.test"]["articles"] == 4
    assert rates["a.test"]["title"] == 1.0 and rates["a.test"]["author"] == 0.5
    assert rates["b.test"]["title"] == 0.0 and rates["b.test"]["body"] == 1.0


def test_alerts_name_site_and_field_and_respect_the_threshold() -> None:
    now = {"a.test": {"articles": 10, "author": 0.1, "title": 0.85, "body": 1.0},
           "b.test": {"articles": 3, "author": 0.0}}
    earlier = [(7, {"a.test": {"articles": 2, "author": 1.0}}),  # too few articles to compare with
               (6, {"a.test": {"articles": 20, "author": 0.9, "title": 1.0, "body": 0.5},
                    "b.test": {"articles": 30, "author": 1.0}})]
    alerts = fill_alerts(now, earlier, threshold=0.2)
    assert len(alerts) == 1
    assert alerts[0].startswith("a.test: fill rate of author fell from 90% to 10% (run 6")
    # title fell by 15 points on 10 articles: over a 0.1 threshold, but within sampling noise
    assert len(fill_alerts(now, earlier, threshold=0.1)) == 1
    now["a.test"]["title"] = 0.3
    assert len(fill_alerts(now, earlier, threshold=0.2)) == 2
    assert fill_alerts(now, [], threshold=0.2) == []  # nothing to compare with


def test_a_small_sample_missing_a_field_by_chance_is_no_alert() -> None:
    earlier = [(1, {"a.test": {"articles": 24, "thumbnail": 23 / 24}})]
    assert fill_alerts({"a.test": {"articles": 10, "thumbnail": 0.7}}, earlier, threshold=0.2) == []
    assert fill_alerts({"a.test": {"articles": 10, "thumbnail": 0.2}}, earlier, threshold=0.2)
    assert significant_drop(1.0, 10, 0.0, 10) and not significant_drop(0.9, 10, 0.8, 10)
    assert not significant_drop(0.5, 10, 0.5, 10) and significant_drop(1.0, 50, 0.0, 50)


def test_error_kinds() -> None:
    now = datetime.now(UTC)
    assert error_kind(FetchInfo("u", 404, now, error="HttpError: HTTP 404")) == "HTTP 404"
    assert error_kind(FetchInfo("u", None, now, error="DNSLookupError: no such host")) == "DNSLookupError"
    assert job_key("news", ["http://x/"]) == "news"
    assert job_key(None, ["http://b/", "http://a/"]) == "urls:http://a/ http://b/"


def test_runlog_rows_killed_runs_and_resume_points(tmp_path: Path) -> None:
    with Index(f"sqlite:///{tmp_path / 'a.db'}") as index:
        first = index.start_run(["http://a.test/"], {})
        runlog.open_report(index, first, job="news", job_key="news", pid=1, host="h")
        assert runlog.resume_point(index, "news")["run_id"] == first  # still "running": it died
        assert runlog.mark_killed(index, "news", lambda pid, host: True) == []
        assert runlog.mark_killed(index, "news", lambda pid, host: False) == [first]
        second = index.start_run(["http://a.test/"], {})
        runlog.open_report(index, second, job="news", job_key="news", pid=2, host="h", resumed_from=first)
        runlog.close_report(index, second, runlog.INTERRUPTED, {"pages": 5, "bogus": 1})
        point = runlog.resume_point(index, "news")
        assert point["run_id"] == second and point["status"] == runlog.INTERRUPTED
        assert point["since"] == runlog.get_report(index, first)["started_at"]  # the chain's start
        third = index.start_run(["http://a.test/"], {})
        runlog.open_report(index, third, job="news", job_key="news", pid=3, host="h", resumed_from=second)
        rates = {"a.test": {"articles": 1}}
        runlog.close_report(index, third, runlog.FINISHED, {"pages": 9, "fill_rates": rates})
        assert runlog.resume_point(index, "news") is None
        rows = runlog.list_reports(index)
        assert [(r["run"], r["status"], r["pages"]) for r in rows] == [(third, "finished", 9),
                                                                       (second, "interrupted", 5),
                                                                       (first, "killed", 0)]
        assert runlog.list_reports(index, job="other") == []
        assert runlog.resumed_chain(index, second) == {first, second}  # the parts of one crawl
        assert runlog.resumed_chain(index, third) == set()  # finished: a crawl of its own
        assert [r for r, _ in runlog.earlier_fill_rates(index, "news", third, exclude=frozenset({first}))] \
            == [second]
        assert runlog.earlier_fill_rates(index, "news", before=third + 1)[0] == (third, rates)


def test_a_run_whose_process_died_reads_as_killed_before_the_next_run(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead_pid = int(dead.stdout)
    with Index(f"sqlite:///{tmp_path / 'a.db'}") as index:
        here = socket.gethostname()
        runs = {}
        for name, pid, host in (("dead", dead_pid, here), ("alive", os.getpid(), here),
                                ("elsewhere", dead_pid, "another-host")):
            runs[name] = index.start_run(["http://a.test/"], {})
            runlog.open_report(index, runs[name], job=name, job_key=name, pid=pid, host=host)
        status = {r["job"]: r["status"] for r in runlog.list_reports(index)}
        assert status == {"dead": "killed", "alive": "running", "elsewhere": "running"}
        assert runlog.get_report(index, runs["dead"])["status"] == "killed"
        assert runlog.resume_point(index, "dead")["run_id"] == runs["dead"]  # still resumable


def test_runs_command_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["runs", "--data", str(tmp_path)])
    assert result.exit_code == 3 and "no archive" in result.stderr
    Index(f"sqlite:///{tmp_path / 'archive.db'}").close()
    result = CliRunner().invoke(cli, ["runs", "--data", str(tmp_path)])
    assert result.exit_code == 0 and "no runs yet" in result.output
    result = CliRunner().invoke(cli, ["runs", "99", "--data", str(tmp_path)])
    assert result.exit_code == 1 and "no run 99" in result.stderr


# --- a site whose template loses its bylines --------------------------------------------------

WORDS = ("the archive keeps every article of the network with its metadata and its sections so that "
         "readers can search old stories long after the sites change their templates or vanish").split()
COUNT = 10


def story(n: int, byline: bool) -> str:
    body = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(60))
    meta = '<meta name="author" content="Jane Roe">' if byline else ""
    by = '<p class="byline">By <a rel="author" href="/authors/jane/">Jane Roe</a></p>' if byline else ""
    related = "".join(f'<li><a href="/story-{(n + k) % COUNT}.html">Story number {(n + k) % COUNT}</a></li>'
                      for k in (1, 2))
    return (f'<!DOCTYPE html><html lang="en"><head><title>Story number {n}</title>'
            f'<meta property="og:type" content="article">{meta}</head><body>'
            f'<article><h1>Story number {n}</h1>{by}<time datetime="2024-01-{n + 1:02d}T10:00:00Z">Jan</time>'
            f'<p>{body}.</p><p>{body}.</p></article>'
            f'<section class="related-posts"><h3>Related posts</h3><ul>{related}</ul></section>'
            '</body></html>')


def test_a_template_change_that_drops_a_field_fails_the_run(tmp_path: Path) -> None:
    pages = {"a.fill.test": {"/": '<html><body><a href="/story-0.html">Story number 0</a></body></html>',
                             **{f"/story-{n}.html": story(n, True) for n in range(COUNT)}}}
    data = tmp_path / "data"
    with SiteServer(pages) as server:
        args = ["crawl", server.start_url, "--resolve", server.resolve_rule, "--fast", "--no-progress",
                "--data", str(data)]
        first = run_cli(*args)
        assert first.returncode == 0, first.stderr
        assert f"{COUNT} articles ({COUNT} new" in first.stdout
        for n in range(COUNT):
            server.set_page("a.fill.test", f"/story-{n}.html", story(n, False))
        second = run_cli(*args)
        assert second.returncode == 5, second.stdout + second.stderr
        assert "a.fill.test: fill rate of author fell from 100% to 0%" in second.stderr
        assert "ALERT: a.fill.test: fill rate of author" in second.stdout
        assert f"{COUNT} changed" in second.stdout
        third = run_cli(*args, "--refresh", "all", "--fill-drop", "0")  # the check can be turned off
        assert third.returncode == 0, third.stderr
    report = json.loads(run_cli("runs", "2", "--data", str(data), "--json").stdout)
    assert report["fill_rates"]["a.fill.test"]["author"] == 0.0
    assert report["alerts"] and report["articles_changed"] == COUNT


@pytest.mark.parametrize("value", ["-0.1", "1.5", "x"])
def test_fill_drop_must_be_a_rate(value: str, tmp_path: Path) -> None:
    args = ["crawl", "http://a.test/", "--fill-drop", value, "--data", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "--fill-drop" in result.output
