"""Jobs in archiver.toml: loading, validation (one clear error naming file and key), and how the
file's values and the command line's combine into CrawlOptions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.jobs import load_config
from crawler.kernel.errors import ConfigError
from crawler.runner import CrawlOptions

from .conftest import ROOT, run_cli

FULL = """
[defaults]
resolve = ["*.news.test:127.0.0.1"]
fill_drop = 0.5

[defaults.politeness]
download_delay = 2
user_agent = "test-agent"

[jobs.news]
description = "the news network"
start_urls = ["http://alpha.news.test/", "http://beta.news.test/#top"]
data = "archives/news"
db = "sqlite:////tmp/somewhere.db"
max-pages = 500
max_depth = 4
follow = "all"
allow_domains = "partner.test"
fast = false
refresh = "all"
recheck_after = 3600

[jobs.news.politeness]
CONCURRENT_REQUESTS_PER_DOMAIN = 2
robotstxt_obey = false

[jobs.news.settings]
ARCHIVE_BATCH_SIZE = 10

[jobs.blog]
start_url = "https://blog.example.org/"
fill_drop = 0.1
"""


def write(tmp_path: Path, text: str, name: str = "archiver.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_config_maps_onto_crawl_options(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert sorted(config.jobs) == ["blog", "news"]
    news = config.job("news")
    opts = news.crawl_options()
    assert opts.start_urls == ["http://alpha.news.test/", "http://beta.news.test/"]  # canonical
    assert opts.data_dir == tmp_path / "archives" / "news"  # relative to the config file
    assert opts.db_url == "sqlite:////tmp/somewhere.db"
    assert (opts.max_pages, opts.max_depth, opts.follow, opts.fast) == (500, 4, "all", False)
    assert opts.allow_domains == ["partner.test"]  # one string is a one-element list
    assert opts.resolve == ["*.news.test:127.0.0.1"]  # inherited from [defaults]
    assert (opts.refresh, opts.recheck_after) == ("all", "3600")
    assert opts.settings == {"DOWNLOAD_DELAY": 2, "USER_AGENT": "test-agent",
                             "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "ROBOTSTXT_OBEY": False,
                             "ARCHIVE_BATCH_SIZE": 10, "ARCHIVE_JOB": "news", "ARCHIVE_FILL_DROP": 0.5}
    assert news.description == "the news network"
    blog = config.job("blog").crawl_options()
    assert blog.start_urls == ["https://blog.example.org/"]
    assert blog.settings["ARCHIVE_FILL_DROP"] == 0.1
    assert blog.data_dir == Path("data")  # not set: the command line's default stays


def test_command_line_values_override_the_file(tmp_path: Path) -> None:
    job = load_config(write(tmp_path, FULL)).job("news")
    cli_opts = CrawlOptions(start_urls=["news"], data_dir=Path("elsewhere"), max_pages=3, follow="related",
                            settings={"DOWNLOAD_DELAY": "0", "ARCHIVE_FILL_DROP": 0.9})
    opts = job.crawl_options(cli_opts, frozenset({"data_dir", "max_pages"}), ["http://gamma.news.test/"])
    assert opts.data_dir == Path("elsewhere") and opts.max_pages == 3  # given on the command line
    assert opts.follow == "all"  # the command line's value was only its default
    assert opts.start_urls == ["http://alpha.news.test/", "http://beta.news.test/", "http://gamma.news.test/"]
    assert opts.settings["DOWNLOAD_DELAY"] == "0" and opts.settings["USER_AGENT"] == "test-agent"
    assert opts.settings["ARCHIVE_FILL_DROP"] == 0.9


@pytest.mark.parametrize(("text", "words"), [
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nmax_pages = 'ten'\n", ["jobs.a.max_pages", "integer"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nmax_pages = -1\n", ["jobs.a.max_pages", "0 or more"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nmax_pagez = 3\n", ["jobs.a.max_pagez", "unknown key"]),
    ("[jobs.a]\nstart_urls = ['ftp://a.test/']\n", ["jobs.a.start_urls", "http"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/', 3]\n", ["jobs.a.start_urls[1]", "string"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nfollow = 'some'\n", ["jobs.a.follow", "related"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nresolve = ['nonsense']\n", ["jobs.a.resolve", "rule"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nrefresh = 'sometimes'\n", ["jobs.a.refresh", "never"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nrecheck_after = 'soon'\n", ["jobs.a.recheck_after"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\nfill_drop = 2\n", ["jobs.a.fill_drop", "between 0 and 1"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\n[jobs.a.politeness]\ndownload_dlay = 1\n",
     ["jobs.a.politeness.download_dlay", "unknown Scrapy setting DOWNLOAD_DLAY"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\n[jobs.a.politeness]\ndownload_delay = 'slow'\n",
     ["jobs.a.politeness.download_delay", "number"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\n[jobs.a.settings]\nROBOTSTXT_OBEY = 'no'\n",
     ["jobs.a.settings.ROBOTSTXT_OBEY", "boolean"]),
    ("[jobs.a]\nstart_urls = ['http://a.test/']\npoliteness = 3\n", ["jobs.a.politeness", "table"]),
    ("[jobs.a]\nfollow = 'all'\n", ["jobs.a", "no start_urls"]),
    ("[jobs.'a b']\nstart_urls = ['http://a.test/']\n", ["jobs.a b", "job name"]),
    ("[jobs.a]\nurls = ['http://a.test/']\nstart_urls = ['http://b.test/']\n", ["given twice"]),
    ("[job.a]\nstart_urls = ['http://a.test/']\n", ["unknown key 'job'"]),
    ("jobs = 3\n", ["jobs", "table"]),
    ("[defaults]\nfollow = 'all'\n", ["no jobs"]),
    ("[jobs.a\nstart_urls = 1\n", ["not valid TOML", "line 1"]),
])
def test_a_bad_config_names_the_file_and_the_key(tmp_path: Path, text: str, words: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message
    for word in words:
        assert word in message, message


def test_a_missing_or_unreadable_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "absent.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b"[jobs.a]\nstart_urls = ['http://caf\xe9.test/']\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(bad)


def test_unknown_job_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    with pytest.raises(ConfigError, match=r"no job named 'nwes' \(jobs: blog, news\)"):
        config.job("nwes")


def _one_line_error(result, code: int) -> str:  # noqa: ANN001
    assert result.exit_code == code, result.output
    err = result.stderr.strip()
    assert "Traceback" not in result.output and len(err.splitlines()) == 1, err
    return err


def test_cli_job_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    err = _one_line_error(runner.invoke(cli, ["crawl", "news"]), 2)
    assert "'news' is not a URL" in err and "archiver.toml" in err
    write(tmp_path, FULL)
    err = _one_line_error(runner.invoke(cli, ["crawl", "nwes"]), 2)
    assert "no job named 'nwes'" in err
    err = _one_line_error(runner.invoke(cli, ["crawl", "news", "blog"]), 2)
    assert "one job at a time" in err
    broken = write(tmp_path, "[jobs.x]\nstart_urls = ['http://a.test/']\nmax_depth = true\n", "broken.toml")
    err = _one_line_error(runner.invoke(cli, ["crawl", "x", "--config", str(broken)]), 2)
    assert "broken.toml: jobs.x.max_depth: expected an integer" in err
    assert not (tmp_path / "data").exists()  # nothing was created


def test_jobs_command_lists_the_jobs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["jobs", "--config", str(write(tmp_path, FULL)), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["job"] for r in rows] == ["news", "blog"]
    assert rows[0]["data"] == str(tmp_path / "archives" / "news")


def test_crawl_job_end_to_end_with_an_override(network_server, tmp_path: Path) -> None:  # noqa: ANN001
    write(tmp_path, f"""
[jobs.net]
start_urls = ["{network_server.start_url}"]
resolve = ["{network_server.resolve_rule}"]
data = "out"
fast = true
max_pages = 1
""")
    # max_pages from the file would stop after the home page; the command line lifts it
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "net", "--max-pages", "1000",
                           "--no-progress"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "40 articles (40 new" in done.stdout
    assert "Report (run 1, job net, finished)" in done.stdout
    assert len(list((tmp_path / "out" / "articles").rglob("*.md"))) == 40
    assert not (tmp_path / "out" / ".jobs" / "net" / "scrapy").exists()  # a finished run keeps no queue
    listed = run_cli("runs", "--data", str(tmp_path / "out"), "--json")
    rows = json.loads(listed.stdout)
    assert [(r["job"], r["status"], r["articles_new"]) for r in rows] == [("net", "finished", 40)]
