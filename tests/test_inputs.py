"""Inputs beyond arguments: start URLs from standard input or a file (``crawl -``,
``--input-file``), pages from standard input or fetched under ``--resolve`` for ``extract``, and
its txt / html outputs. Child processes against the loopback network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crawler.cli.crawl_cmds import read_url_list
from crawler.kernel.errors import UsageError

from .conftest import ROOT, crawl_args

FIXTURES = Path(__file__).parent / "fixtures"


def cli(*args: str, stdin: str | bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run([sys.executable, "-m", "crawler.cli", *args], input=data, capture_output=True,
                          cwd=ROOT, env=env, timeout=timeout)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def test_url_lists_skip_blank_lines_and_comments_and_name_bad_lines() -> None:
    text = "# seeds\n\nhttps://a.example/\n   HTTPS://B.example/x  \n# done\n"
    assert read_url_list("seeds.txt", text) == ["https://a.example/", "https://b.example/x"]
    with pytest.raises(UsageError, match=r"^seeds.txt, line 3: not an http\(s\) URL: 'a.example/x'"):
        read_url_list("seeds.txt", "https://a.example/\n\na.example/x\n")
    with pytest.raises(UsageError, match=r"line 2: one URL per line.* \(and 2 more bad lines: 3, 5\)$"):
        read_url_list("seeds.txt", "https://a.example/\nhttps://a.example/ https://b.example/\nftp://x/\n"
                                   "# fine\nmailto:x@y\n")
    with pytest.raises(UsageError, match="holds no URL"):
        read_url_list("seeds.txt", "# nothing yet\n\n")


def test_crawl_reads_start_urls_from_standard_input(network_server, tmp_path: Path) -> None:  # noqa: ANN001
    homes = [network_server.url(h) for h in network_server.hosts[:2]]
    listing = f"# the demo network\n\n{homes[0]}\n  {homes[1]}  \n"
    args = crawl_args(network_server, tmp_path / "data")
    args[1] = "-"
    done = cli(*args, stdin=listing)
    assert done.returncode == 0, done.stderr
    runs = json.loads(cli("runs", "1", "--json", "--data", str(tmp_path / "data")).stdout)
    assert runs["articles_new"] == 40
    assert cli("list", "--all", "--json", "--data", str(tmp_path / "data")).stdout.count('"url"') == 40


def test_crawl_input_file_with_a_bad_line_stops_before_crawling(network_server, tmp_path: Path) -> None:  # noqa: ANN001
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{network_server.start_url}\n# a comment\nwww.example.com/no-scheme\n", encoding="utf-8")
    args = crawl_args(network_server, tmp_path / "data", "--input-file", str(urls))
    done = cli(*args)
    assert done.returncode == 2
    assert done.stderr == (f"error: {urls}, line 3: not an http(s) URL: 'www.example.com/no-scheme' "
                           "(expected e.g. https://example.com/)\n")
    assert not (tmp_path / "data" / "archive.db").exists()
    urls.write_text(f"{network_server.start_url}\n", encoding="utf-8")
    del args[1]  # the list alone is enough
    done = cli(*args)
    assert done.returncode == 0, done.stderr
    assert "40 new" in done.stdout
    missing = cli("crawl", "--input-file", str(tmp_path / "none.txt"), "--data", str(tmp_path / "x"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: cannot read the URL list")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_extract_reads_standard_input_and_prints_txt_and_html() -> None:
    page = sorted(FIXTURES.glob("*.html"))[0]
    url = "https://blog.example.com/some-post/"
    as_json = json.loads(cli("extract", str(page), "--url", url).stdout)
    piped = cli("extract", "-", "--url", url, stdin=page.read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert {k: v for k, v in json.loads(piped.stdout).items() if k != "input"} == \
        {k: v for k, v in as_json.items() if k != "input"}
    text = cli("extract", "-", "--url", url, "--format", "txt", stdin=page.read_bytes()).stdout
    title, blank, *body = text.split("\n")
    assert title == as_json["metadata"]["title"] and blank == ""
    words = " ".join(" ".join(body).split())
    section_words = " ".join(" ".join(s["markdown"] for s in as_json["sections"]).split())
    assert words and words.split()[:3] == [w.strip("*_#") for w in section_words.split()[:3]]
    assert "](" not in text  # plain text: no Markdown links
    html = cli("extract", str(page), "--url", url, "--format", "html").stdout
    parsed = _Text()
    parsed.feed(html)
    assert html.startswith("<!DOCTYPE html>") and "article" in parsed.tags and "p" in parsed.tags
    assert not {"script", "nav", "aside", "form", "iframe"} & set(parsed.tags)
    assert f'<link rel="canonical" href="{as_json["url"]}">' in html
    assert " ".join(words.split()[:5]) in " ".join("".join(parsed.text).split())
    empty = cli("extract", "-", stdin=b"")
    assert empty.returncode == 2 and "standard input is empty" in empty.stderr


def test_extract_fetches_a_url_under_resolve(network_server) -> None:  # noqa: ANN001
    truth = network_server.network.truth(network_server.port)[0]
    done = cli("extract", truth.url.replace("http://", "HTTP://"), "--resolve", network_server.resolve_rule)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["metadata"]["title"] == truth.title and found["is_article"]
    html = cli("extract", truth.url, "--resolve", network_server.resolve_rule, "--format", "html").stdout
    assert f"<title>{truth.title}</title>".replace("&", "&amp;") in html
    unresolved = cli("extract", truth.url)  # the demo's host names exist only under --resolve
    assert unresolved.returncode == 4 and unresolved.stderr.startswith(f"error: cannot fetch {truth.url}")
    bad = cli("extract", truth.url, "--resolve", "nonsense")
    assert bad.returncode == 2 and "--resolve" in bad.stderr
