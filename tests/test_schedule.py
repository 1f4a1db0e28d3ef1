"""Scheduling with cron and systemd: expressions, the generated entries (the crontab command really
runs the job), installing into a crontab (through a stand-in ``crontab`` command) and unit files."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.jobs import load_config
from crawler.kernel.errors import ConfigError, StorageError
from crawler.schedule import (
    MARKER,
    crontab_line,
    install_crontab,
    on_calendar,
    parse_cron,
    systemd_units,
)

from .conftest import run_cli

#: A line of a scheduled run's log: UTC time, then what the crawl printed.
STAMPED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")
CONFIG = """
[jobs.news]
start_urls = ["http://alpha.news.test/"]
data = "archive"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "archiver.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.mark.parametrize("expr", ["15 * * * *", "*/20 8-18 * * 1-5", "0 3 1,15 * *", "0 0 * jan-mar sun",
                                  "5/10 * * * *", "@daily", "@reboot", "  0   4 * *  *  "])
def test_valid_cron_expressions(expr: str) -> None:
    parse_cron(expr)


@pytest.mark.parametrize(("expr", "words"), [
    ("15 * * *", "5 fields"), ("61 * * * *", "minute must be within 0-59"),
    ("0 24 * * *", "hour"), ("0 0 0 * *", "day of month"), ("0 0 * 13 *", "month"),
    ("0 0 * * 8", "day of week"), ("0 0 * * funday", "not a valid day of week"),
    ("*/0 * * * *", "step"), ("5-1 * * * *", "minute"), ("@sometimes", "unknown nickname"),
    ("0 0 * * 1-", "bad day of week"),
])
def test_invalid_cron_expressions(expr: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        parse_cron(expr)


@pytest.mark.parametrize(("expr", "spec"), [
    ("15 * * * *", "*-*-* *:15:00"),
    ("*/20 8-18 * * 1-5", "Mon..Fri *-*-* 8..18:0/20:00"),
    ("0 3 1,15 * *", "*-*-1,15 03:00:00"),
    ("30 2 * jan-mar 0", "Sun *-1..3-* 02:30:00"),
    ("0 8-18/2 * * 5-7", "Fri..Sat,Sun *-*-* 8..18/2:00:00"),
    ("5/10 * * * *", "*-*-* *:5/10:00"),
    ("@weekly", "weekly"),
])
def test_cron_to_systemd_calendar(expr: str, spec: str) -> None:
    assert on_calendar(expr) == spec
    analyze = shutil.which("systemd-analyze")
    if analyze:  # systemd itself accepts it
        done = subprocess.run([analyze, "calendar", spec], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("expr", "words"), [("0 0 1 * 1", "both a day of month and a day of week"),
                                             ("@reboot", "no systemd calendar"),
                                             ("0 0 * * */2", "stepped day of week")])
def test_cron_without_a_systemd_equivalent(expr: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        on_calendar(expr)


def test_crontab_line_runs_the_job_with_resume_and_a_log(config: Path) -> None:
    job = load_config(config).job("news")
    log = config.parent / "archive" / "logs" / "news.log"
    line = crontab_line("15 * * * *", job, config, log)
    assert line.startswith(f"15 * * * * cd {config.parent} && ")
    assert f"-m crawler.cli crawl news --config {config} --resume --no-progress --log-file {log}  #" in line
    assert ">>" not in line  # no shell redirect: it would fail while the log's folder is missing
    assert line.endswith(MARKER.format(job="news", config=config))
    odd = config.parent / "100%"
    odd.mkdir()
    shutil.copy(config, odd / "archiver.toml")
    assert "100\\%/archiver.toml" in crontab_line("@daily", job, odd / "archiver.toml", log)


def _job_file(tmp_path: Path, start_url: str, resolve: str) -> Path:
    path = tmp_path / "jobs" / "archiver.toml"
    path.parent.mkdir()
    path.write_text(f"""
[jobs.net]
start_urls = ["{start_url}"]
resolve = ["{resolve}"]
data = "../archive"
fast = true
""", encoding="utf-8")
    return path


def pasted(line: str) -> str:
    """What cron runs for a crontab line: the command after the five time fields, ``\\%`` read as
    ``%`` (the trailing comment is the shell's)."""
    return line.split(None, 5)[5].replace("\\%", "%")


def timestamped(text: str) -> list[str]:
    lines = text.splitlines()
    assert lines and all(STAMPED.match(line) for line in lines), text[:2000]
    return [STAMPED.sub("", line) for line in lines]


def test_the_printed_crontab_line_works_when_pasted(network_server, tmp_path: Path) -> None:  # noqa: ANN001
    """The line ``archiver schedule`` prints, run as cron runs it (``sh -c`` in an empty
    environment, from /), archives the network and writes its log in a folder that did not exist."""
    path = _job_file(tmp_path, network_server.start_url, network_server.resolve_rule)
    shown = run_cli("schedule", "net", "--config", str(path), "--cron", "*/5 * * * *")
    assert shown.returncode == 0, shown.stderr
    line = shown.stdout.strip()
    log = tmp_path / "archive" / "logs" / "net.log"
    assert not log.parent.exists() and str(log) in line
    done = subprocess.run(["env", "-i", "sh", "-c", pasted(line)], cwd="/", capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr + (log.read_text() if log.exists() else "")
    assert done.stdout == "" and done.stderr == ""  # nothing for cron to mail: it all went to the log
    lines = timestamped(log.read_text())
    assert any(x.startswith("Report (run 1, job net, finished)") and "40 new" in x for x in lines)
    assert len(list((tmp_path / "archive" / "articles").rglob("*.md"))) == 40
    again = subprocess.run(["env", "-i", "sh", "-c", pasted(line)], cwd="/", capture_output=True, text=True,
                           timeout=180)
    assert again.returncode == 0  # the next run appends to the same log
    assert sum(x.startswith("Report (run") for x in timestamped(log.read_text())) == 2


def test_the_printed_systemd_service_runs_as_written(tmp_path: Path) -> None:
    """ExecStart= of the printed service, run in its WorkingDirectory with only its Environment=:
    the log is created, each line timestamped, and a failing run's error also reaches stderr (the
    journal). The job fails fast: its only start URL refuses connections."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens there once the socket is closed
    path = _job_file(tmp_path, f"http://refused.test:{closed}/", "*.test:127.0.0.1")
    shown = run_cli("schedule", "net", "--config", str(path), "--cron", "0 3 * * *", "--systemd")
    assert shown.returncode == 0, shown.stderr
    service = shown.stdout.split("[Timer]")[0]
    keys = [ln.split("=", 1) for ln in service.splitlines() if "=" in ln and not ln.startswith("#")]
    assert "StandardOutput" not in dict(keys) and "StandardError" not in dict(keys)
    env = dict(v.strip('"').split("=", 1) for k, v in keys if k == "Environment")
    argv = shlex.split(dict(keys)["ExecStart"])
    done = subprocess.run(argv, cwd=dict(keys)["WorkingDirectory"], env=env, capture_output=True, text=True,
                          timeout=180)
    log = tmp_path / "archive" / "logs" / "net.log"
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: no page could be fetched"), done.stderr  # for the journal
    lines = timestamped(log.read_text())
    assert lines[-1] == done.stderr.strip()


def test_log_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("crawl", "http://a.test/", "--data", str(tmp_path / "d"), "--log-file",
                   str(blocker / "sub" / "x.log"))
    assert done.returncode == 3 and done.stderr.startswith("error: cannot write the log file")
    assert len(done.stderr.splitlines()) == 1


@pytest.fixture
def fake_crontab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``crontab`` command on PATH that keeps the table in a file (-l prints it, - replaces it)."""
    bin_dir, table = tmp_path / "bin", tmp_path / "crontab.txt"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(f"""#!/bin/sh
if [ "$1" = "-l" ]; then
  [ -f "{table}" ] || {{ echo "no crontab for $USER" >&2; exit 1; }}
  cat "{table}"
elif [ "$1" = "-" ]; then
  cat > "{table}"
else
  exit 2
fi
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return table


def test_install_into_the_crontab_replaces_its_own_line_only(config: Path, fake_crontab: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["schedule", "news", "--config", str(config), "--cron", "15 * * * *",
                                 "--install"])
    assert result.exit_code == 0, result.output
    assert (config.parent / "archive" / "logs").is_dir()  # the log folder is ready
    fake_crontab.write_text("MAILTO=ops@example.org\n0 1 * * * /usr/bin/backup\n" + fake_crontab.read_text())
    result = runner.invoke(cli, ["schedule", "news", "--config", str(config), "--cron", "45 */2 * * *",
                                 "--install"])
    assert result.exit_code == 0, result.output
    lines = fake_crontab.read_text().splitlines()
    assert lines[:2] == ["MAILTO=ops@example.org", "0 1 * * * /usr/bin/backup"]
    assert len(lines) == 3 and lines[2].startswith("45 */2 * * * cd ")


def test_install_without_crontab_is_a_clear_error(config: Path, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(StorageError, match="crontab command is not installed"):
        install_crontab("x", "# marker")
    result = CliRunner().invoke(cli, ["schedule", "news", "--config", str(config), "--cron", "@daily",
                                      "--install"])
    assert result.exit_code == 3 and "use --systemd" in result.stderr


def test_systemd_units_are_printed_or_installed(config: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    job = load_config(config).job("news")
    units = systemd_units("*-*-* 03:00:00", job, config, tmp_path / "news.log")
    service, timer = units["archiver-news.service"], units["archiver-news.timer"]
    assert "Type=oneshot" in service and f"WorkingDirectory={config.parent}" in service
    log = tmp_path / "news.log"
    assert f"crawl news --config {config} --resume --no-progress --log-file {log}" in service
    assert "StandardOutput=append" not in service and "SuccessExitStatus=75" in service
    assert "OnCalendar=*-*-* 03:00:00" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    runner = CliRunner()
    shown = runner.invoke(cli, ["schedule", "news", "--config", str(config), "--cron", "0 3 * * *",
                                "--systemd"])
    assert shown.exit_code == 0 and "OnCalendar=*-*-* 03:00:00" in shown.output
    assert not (tmp_path / "xdg").exists()  # printing installs nothing
    done = runner.invoke(cli, ["schedule", "news", "--config", str(config), "--systemd", "--on-calendar",
                               "Mon..Fri 06:00", "--install"])
    assert done.exit_code == 0, done.output
    folder = tmp_path / "xdg" / "systemd" / "user"
    assert "OnCalendar=Mon..Fri 06:00" in (folder / "archiver-news.timer").read_text()
    assert (folder / "archiver-news.service").is_file()
    assert "systemctl --user enable --now archiver-news.timer" in done.output


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--cron", "0 0 * * *", "--job-typo"], 2, "No such option"),
    ([], 2, "give --cron"),
    (["--on-calendar", "daily"], 2, "goes with --systemd"),
    (["--cron", "0 0 0 * *"], 2, "day of month"),
    (["--systemd", "--on-calendar", "someday"], 2, "not a systemd calendar spec"),
])
def test_schedule_errors(config: Path, args: list[str], code: int, words: str) -> None:
    if "someday" in args and not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    result = CliRunner().invoke(cli, ["schedule", "news", "--config", str(config), *args])
    assert result.exit_code == code, result.output
    assert words in result.output + result.stderr
    assert "Traceback" not in result.output


def test_schedule_an_unknown_job(config: Path) -> None:
    result = CliRunner().invoke(cli, ["schedule", "sports", "--config", str(config), "--cron", "@daily"])
    assert result.exit_code == 2 and "no job named 'sports' (jobs: news)" in result.stderr
