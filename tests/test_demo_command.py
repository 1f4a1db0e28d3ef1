"""``archiver demo`` as a user runs it: a real child process serving the demo network on loopback,
crawling it into a folder and printing the summary and two example queries."""

from __future__ import annotations

import re
import socket
import sqlite3
from pathlib import Path

from .conftest import run_cli


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def counts(output: str) -> dict[str, int]:
    found = re.search(r"(\d+) articles \((\d+) new, (\d+) changed, (\d+) unchanged\)", output)
    assert found, output
    return dict(zip(("articles", "new", "changed", "unchanged"), map(int, found.groups()), strict=True))


def test_demo_archives_every_article_and_a_second_run_recrawls(tmp_path: Path) -> None:
    data, port = tmp_path / "data", str(free_port())
    first = run_cli("demo", "--data", str(data), "--port", port)
    assert first.returncode == 0, first.stderr
    assert "archived 60 of 60 demo articles" in first.stdout
    assert counts(first.stdout) == {"articles": 60, "new": 60, "changed": 0, "unchanged": 0}
    assert "$ archiver search " in first.stdout and "$ archiver list --site " in first.stdout
    assert "$ archiver dupes " in first.stdout and "one story published 2 times" in first.stdout
    assert "Report (run 1, finished): " in first.stdout and "articles: 60 new" in first.stdout
    assert "Traceback" not in first.stderr
    files = sorted(data.glob("articles/*/*.md"))
    assert len(files) == 60 and len({f.parent.name for f in files}) == 3
    copies = [f for f in files if "\nduplicate_of: http" in f.read_text(encoding="utf-8")]
    assert len(copies) == 6  # the demo network republishes 6 of its articles
    mtimes = {f: f.stat().st_mtime_ns for f in files}

    second = run_cli("demo", "--data", str(data), "--port", port)
    assert second.returncode == 0, second.stderr
    assert counts(second.stdout) == {"articles": 60, "new": 0, "changed": 0, "unchanged": 60}
    assert sorted(data.glob("articles/*/*.md")) == files
    assert {f: f.stat().st_mtime_ns for f in files} == mtimes
    with sqlite3.connect(data / "archive.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (60,)


def test_demo_on_a_busy_port_says_so_and_still_archives(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("demo", "--data", str(tmp_path / "data"), "--port", str(port))
    assert result.returncode == 0, result.stderr
    assert f"note: port {port} is not available" in result.stdout
    assert "archived 60 of 60 demo articles" in result.stdout
    sites = [p.name for p in (tmp_path / "data/articles").iterdir()]
    assert len(sites) == 3 and not any(name.endswith(f"_{port}") for name in sites)


def test_demo_port_out_of_range_is_one_line(tmp_path: Path) -> None:
    result = run_cli("demo", "--data", str(tmp_path / "data"), "--port", "70000")
    assert result.returncode != 0
    assert result.stderr.strip().startswith("error:") and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "data").exists()
