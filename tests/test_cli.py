"""The command line: every command documents itself; bad input gives one line and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from crawler.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_expected_commands_exist() -> None:
    assert {"crawl", "demo", "extract", "search", "list", "show", "stats"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert cli.commands[name].help and len(cli.commands[name].help.splitlines()[0]) > 10


def test_query_commands_start_without_the_crawl_machinery(crawled_archive) -> None:  # noqa: ANN001
    """Scrapy, Twisted and the extractor load only for the commands that crawl or parse, so a
    query or ``--help`` starts in a fraction of the time."""
    probe = ("import sys; from crawler.cli import main\n"
             "sys.argv = ['archiver', 'search', 'the', '--json', '--data', sys.argv[1]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('scrapy', 'twisted', 'publicsuffixlist', 'crawler.parsers.article') "
             "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, str(crawled_archive)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert all(line.startswith("note: showing 20 of") for line in done.stderr.splitlines()), done.stderr
    *results, loaded = done.stdout.strip().splitlines()
    assert '"title"' in "".join(results)  # the search ran and found articles
    assert loaded == "[]"


def _one_line_error(result, code: int | None = None) -> str:  # noqa: ANN001
    assert result.exit_code != 0
    if code is not None:
        assert result.exit_code == code
    err = result.stderr.strip()
    assert "Traceback" not in result.output + err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error:")
    return err


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/", "http://", "http://exa mple.com/",
                                 "http://example.com:99999/"])
def test_crawl_rejects_malformed_urls(url: str, tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(cli, ["crawl", url, "--data", str(tmp_path / "d")])
    err = _one_line_error(result, 2)
    assert "URL" in err or "port" in err or "host" in err
    assert not (tmp_path / "d" / "archive.db").exists()


def test_crawl_rejects_a_bad_resolve_rule(tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(cli, ["crawl", "http://a.test/", "--resolve", "nonsense",
                                      "--data", str(tmp_path)])
    assert "--resolve" in _one_line_error(result, 2)


def test_crawl_rejects_an_unwritable_data_dir(tmp_path) -> None:  # noqa: ANN001
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["crawl", "http://a.test/", "--data", str(blocker / "sub")])
    assert "not writable" in _one_line_error(result, 3)


@pytest.mark.parametrize("db", ["nosuchdialect://x/y", "sqlite:////nonexistent-dir/sub/x.db", "::::"])
def test_crawl_rejects_a_bad_db_url(db: str, tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(cli, ["crawl", "http://a.test/", "--data", str(tmp_path), "--db", db])
    assert "database" in _one_line_error(result).lower()


@pytest.mark.parametrize("args", [["search", "x"], ["list"], ["stats"], ["show", "1"]])
def test_queries_on_a_missing_archive_fail_clearly(args: list[str], tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(cli, [*args, "--data", str(tmp_path / "none")])
    assert "no archive" in _one_line_error(result)
    assert not (tmp_path / "none").exists()


def test_extract_missing_file(tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.html")])
    assert "cannot read" in _one_line_error(result, 2)


def test_extract_jsonl_keeps_input_order_and_names_each_input(tmp_path) -> None:  # noqa: ANN001
    import json
    from pathlib import Path

    fixtures = sorted(Path(__file__).parent.joinpath("fixtures").glob("*.html"))[:3]
    missing = tmp_path / "missing.html"
    inputs = [str(fixtures[0]), str(missing), *map(str, fixtures[1:])]
    result = CliRunner().invoke(cli, ["extract", *inputs, "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in records] == inputs
    assert "cannot read" in records[1]["error"]
    assert all(r.get("sections") is not None for i, r in enumerate(records) if i != 1)
    assert result.exit_code == 1  # one input failed: the batch says so, after printing the rest


def test_extract_markdown_renders_the_archive_file(tmp_path) -> None:  # noqa: ANN001
    from pathlib import Path

    import frontmatter

    page = sorted(Path(__file__).parent.joinpath("fixtures").glob("*.html"))[0]
    result = CliRunner().invoke(cli, ["extract", str(page), "--url", "https://example.com/post/",
                                      "--format", "markdown"])
    assert result.exit_code == 0, result.output
    post = frontmatter.loads(result.stdout)
    assert post["title"] and post.content.strip()
