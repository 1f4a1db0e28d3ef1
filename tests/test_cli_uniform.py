"""Every query command behaves the same on the command line (child processes on a real crawl):
--json / --csv / --nl and --limit / --all where rows are listed, a stderr note when a result is
cut, whole values when piped, conflicting flags refused, user URLs and hosts canonicalised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from crawler.cli import cli

from .conftest import run_cli

#: The query commands, with arguments that give rows on the 40-article archive (ARTICLE: an id).
QUERY_COMMANDS = {
    "list": [], "search": ["the"], "show": ["ARTICLE"], "history": ["ARTICLE"], "diff": ["ARTICLE"],
    "links": ["ARTICLE"], "top-linked": [], "stats": [], "runs": [],
    "sql": ["SELECT id, url, title FROM articles ORDER BY id"],
}
#: Those that list rows, and so take --limit and --all.
LISTING = ("list", "search", "history", "links", "top-linked", "stats", "runs", "sql")
#: Every command's records, and a breakdown of stats too.
CASES = [*QUERY_COMMANDS.items(), ("stats", ["--by", "author"])]


def query(data: Path, *args: str):  # noqa: ANN201 - a CompletedProcess
    return run_cli(*args, "--data", str(data))


def records(out: str, fmt: str) -> list[dict]:
    if fmt == "--json":
        parsed = json.loads(out)
        if isinstance(parsed, dict):
            return parsed["related"] + parsed["backlinks"] if "backlinks" in parsed else [parsed]
        return parsed
    if fmt == "--nl":
        return [json.loads(line) for line in out.splitlines()]
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture(scope="module")
def archive(crawled_archive: Path) -> tuple[Path, dict]:
    done = query(crawled_archive, "list", "--all", "--json")
    assert done.returncode == 0, done.stderr
    articles = json.loads(done.stdout)
    assert len(articles) == 40
    return crawled_archive, articles[0]


@pytest.mark.parametrize("name", sorted(QUERY_COMMANDS))
def test_every_query_command_takes_the_same_output_options(name: str) -> None:
    help_text = CliRunner().invoke(cli, [name, "--help"]).output
    for flag in ("--json", "--csv", "--nl"):
        assert flag in help_text, f"{name} has no {flag}"
    assert ("--limit" in help_text and "--all" in help_text) == (name in LISTING), name
    assert "Example:" in help_text


@pytest.mark.parametrize(("name", "given"), CASES)
def test_json_csv_and_nl_carry_the_same_records(archive: tuple[Path, dict], name: str,
                                                given: list[str]) -> None:
    data, first = archive
    args = [str(first["id"]) if a == "ARTICLE" else a for a in given]
    outputs = {}
    for fmt in ("--json", "--csv", "--nl"):
        done = query(data, name, *args, fmt)
        assert done.returncode == 0, done.stderr
        outputs[fmt] = records(done.stdout, fmt)
    assert outputs["--json"], name
    assert len(outputs["--json"]) == len(outputs["--csv"]) == len(outputs["--nl"])
    assert list(outputs["--csv"][0]) == list(outputs["--nl"][0])  # CSV columns are the JSON keys
    if name != "links":  # links --json is one document: the article, its related links, its backlinks
        assert outputs["--json"] == outputs["--nl"]


def test_json_and_csv_together_are_refused(archive: tuple[Path, dict]) -> None:
    data, _ = archive
    for args in (["list", "--json", "--csv"], ["show", "1", "--csv", "--nl"],
                 ["diff", "1", "--json", "--nl"]):
        done = query(data, *args)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "cannot be combined" in done.stderr, done.stderr


def test_a_cut_result_says_so_and_limit_0_or_all_lift_the_limit(archive: tuple[Path, dict]) -> None:
    data, _ = archive
    done = query(data, "list", "--json")
    assert len(json.loads(done.stdout)) == 20
    assert done.stderr == "note: showing 20 of 40 articles; use --limit N or --all for more\n"
    for args in (["--limit", "0"], ["--all"]):
        done = query(data, "list", "--json", *args)
        assert len(json.loads(done.stdout)) == 40 and done.stderr == ""
    done = query(data, "list", "--limit", "40", "--json")
    assert len(json.loads(done.stdout)) == 40 and done.stderr == ""  # nothing was left out
    word = "the"
    total = len(json.loads(query(data, "search", word, "--all", "--json").stdout))
    done = query(data, "search", word, "--limit", "3", "--csv")
    assert len(list(csv.DictReader(io.StringIO(done.stdout)))) == 3
    assert done.stderr == f"note: showing 3 of {total} articles; use --limit N or --all for more\n"
    done = query(data, "sql", "SELECT id FROM articles", "--limit", "5", "--nl")
    assert len(done.stdout.splitlines()) == 5 and "showing the first 5 rows" in done.stderr
    done = query(data, "stats", "--by", "site", "--limit", "1")
    assert "note: showing 1 of 4 sites" in done.stderr
    done = query(data, "list", "--limit", "3", "--all")
    assert done.returncode == 2 and "--limit and --all cannot be combined" in done.stderr


def test_search_csv_keeps_every_field(archive: tuple[Path, dict]) -> None:
    data, _ = archive
    rows = list(csv.DictReader(io.StringIO(query(data, "search", "the", "--csv", "--limit", "2").stdout)))
    assert list(rows[0]) == ["id", "title", "url", "date", "site", "snippet", "score"]
    assert all(r["date"] and r["site"] and r["score"] for r in rows)
    empty = query(data, "search", "zzzqqqnothing", "--csv")
    assert empty.returncode == 0 and empty.stdout.splitlines() == ["id,title,url,date,site,snippet,score"]


def test_piped_tables_print_whole_values(archive: tuple[Path, dict]) -> None:
    data, _ = archive
    articles = json.loads(query(data, "list", "--all", "--json").stdout)
    table = query(data, "list", "--all").stdout
    assert "…" not in table
    assert all(a["url"] in table and a["title"] in table for a in articles)
    lines = table.splitlines()
    assert lines[0].split() == ["id", "date", "site", "title", "url"] and len(lines) == 41


def test_history_and_diff_take_what_show_takes(archive: tuple[Path, dict]) -> None:
    data, first = archive
    by_url = json.loads(query(data, "history", first["url"], "--json").stdout)
    parts = urlsplit(first["url"])
    for ref in (str(first["id"]), f"{parts.scheme.upper()}://{parts.netloc.upper()}{parts.path}",
                first["url"].rstrip("/")):
        done = query(data, "history", ref, "--json")
        assert done.returncode == 0, (ref, done.stderr)
        assert json.loads(done.stdout) == by_url and by_url[0]["changed"] == ["created"]
        shown = query(data, "show", ref, "--json")
        assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == first["id"], ref
    diff = json.loads(query(data, "diff", str(first["id"]), "--json").stdout)
    assert diff == {"url": first["url"], "old": 1, "new": 1, "revisions": 1, "diff": ""}
    missing = query(data, "history", "999999")
    assert missing.returncode == 1 and missing.stderr.startswith("error: no archived article")


def test_site_filters_take_a_host_a_url_or_a_host_without_its_port(archive: tuple[Path, dict]) -> None:
    data, first = archive
    host = first["site"]  # as the archive stores it: host:port (the loopback server's port)
    assert ":" in host
    expected = [a["id"] for a in json.loads(query(data, "list", "--all", "--json", "--site", host).stdout)]
    assert expected and first["id"] in expected
    name = host.split(":")[0]
    for given in (f"HTTP://{host.upper()}/", f"http://{host}/some/path", name, name.upper() + "/"):
        done = query(data, "list", "--all", "--json", "--site", given)
        assert [a["id"] for a in json.loads(done.stdout)] == expected, given
    top = query(data, "top-linked", "--all", "--json", "--site", f"http://{host}/")
    assert {t["site"] for t in json.loads(top.stdout) if t["id"]} == {host}
    done = query(data, "list", "--site", "http://:99/")
    assert done.returncode == 2 and done.stderr.startswith("error: site:")
