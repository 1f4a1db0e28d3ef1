"""Scheduling with cron and systemd: expressions, the generated entries (the crontab command really
runs the job), installing into a crontab (through a stand-in ``crontab`` command) and unit files."""

from __future__ import annotations

import os
import shutil
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
    shell_command,
    systemd_units,
)

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
    assert f"-m crawler.cli crawl news --config {config} --resume --no-progress >> {log} 2>&1" in line
    assert line.endswith(MARKER.format(job="news", config=config))
    odd = config.parent / "100%"
    odd.mkdir()
    shutil.copy(config, odd / "archiver.toml")
    assert "100\\%/archiver.toml" in crontab_line("@daily", job, odd / "archiver.toml", log)


def test_the_scheduled_command_really_archives(network_server, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "jobs" / "archiver.toml"
    path.parent.mkdir()
    path.write_text(f"""
[jobs.net]
start_urls = ["{network_server.start_url}"]
resolve = ["{network_server.resolve_rule}"]
data = "../archive"
fast = true
""", encoding="utf-8")
    log = tmp_path / "logs" / "net.log"
    log.parent.mkdir()
    command = shell_command(load_config(path).job("net"), path, log)
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}  # as cron runs it
    done = subprocess.run(["sh", "-c", command], cwd="/", env=clean_env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, log.read_text() if log.exists() else done.stderr
    text = log.read_text()
    assert "Report (run 1, job net, finished)" in text and "40 new" in text
    assert len(list((tmp_path / "archive" / "articles").rglob("*.md"))) == 40


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
    assert f"crawl news --config {config} --resume --no-progress" in service
    assert f"StandardOutput=append:{tmp_path / 'news.log'}" in service and "SuccessExitStatus=75" in service
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
