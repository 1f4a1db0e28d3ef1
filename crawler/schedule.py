"""Scheduling jobs with the system's schedulers: a crontab line, or a systemd user timer.

Nothing here runs on a timer itself: :func:`crontab_line` and :func:`systemd_units` write what cron
or systemd need to run ``archiver crawl JOB --resume --log-file LOG``, and :func:`install_crontab` /
:func:`install_systemd` put it in place (the crontab through the ``crontab`` command; unit files
under ``~/.config/systemd/user``). The crawl opens its log itself (creating its folder, one UTC
timestamp per line) rather than through a shell redirect or systemd's ``StandardOutput=append:``,
neither of which creates a missing folder: a printed entry works as pasted.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .jobs import Job
from .kernel.errors import ConfigError, StorageError
from .kernel.layout import ArchiveLayout

CRON_NICKNAMES = {"@hourly": "hourly", "@daily": "daily", "@midnight": "daily", "@weekly": "weekly",
                  "@monthly": "monthly", "@yearly": "yearly", "@annually": "yearly", "@reboot": None}
#: (name, lowest, highest, names) of the five cron fields.
CRON_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    ("day of week", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
)
CRON_ITEM = re.compile(r"^(?P<range>\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(?P<step>\d+))?$")
SYSTEMD_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MARKER = "# archiver job {job} ({config})"
#: A run refused because another holds the lock is not a failed run.
LOCKED_EXIT = 75


@dataclass
class CronItem:
    low: int | None  # None: '*'
    high: int | None
    step: int | None
    open_end: bool = False  # "5/15": from 5 to the field's end


def parse_cron(expr: str) -> list[list[CronItem]] | str:
    """The five fields of a cron expression, or the nickname (``@daily``); raises ConfigError."""
    text = " ".join(expr.split()).lower()
    if text.startswith("@"):
        if text not in CRON_NICKNAMES:
            raise ConfigError(f"--cron: unknown nickname {expr!r} (known: {', '.join(CRON_NICKNAMES)})")
        return text
    parts = text.split(" ")
    if len(parts) != 5:
        raise ConfigError(f"--cron: expected 5 fields (minute hour day-of-month month day-of-week) or a "
                          f"nickname like @daily, got {len(parts)} in {expr!r}")
    return [_parse_field(part, spec) for part, spec in zip(parts, CRON_FIELDS, strict=True)]


def _parse_field(text: str, spec: tuple[str, int, int, tuple[str, ...]]) -> list[CronItem]:
    name, low, high, names = spec
    items = []
    for raw in text.split(","):
        match = CRON_ITEM.match(raw)
        if not match:
            raise ConfigError(f"--cron: bad {name} field {text!r}")
        step = int(match["step"]) if match["step"] else None
        if step is not None and step < 1:
            raise ConfigError(f"--cron: step must be 1 or more in {name} field {text!r}")
        if match["range"] == "*":
            items.append(CronItem(None, None, step))
            continue
        first, _, last = match["range"].partition("-")
        a, b = _value(first, spec), _value(last or first, spec)
        if not (low <= a <= high and low <= b <= high) or a > b:
            raise ConfigError(f"--cron: {name} must be within {low}-{high} (or a name), got {text!r}")
        if step is not None and not last:
            items.append(CronItem(a, high, step, open_end=True))  # "5/15": from 5 on, every 15
            continue
        items.append(CronItem(a, b, step))
    return items


def _value(token: str, spec: tuple[str, int, int, tuple[str, ...]]) -> int:
    name, low, _high, names = spec
    if token.isdigit():
        return int(token)
    if token in names:
        return names.index(token) + low
    raise ConfigError(f"--cron: {token!r} is not a valid {name}")


# --- what to run -------------------------------------------------------------------------------

def run_command(job: Job, config: Path, log: Path) -> tuple[list[str], dict[str, str]]:
    """The command running the job (absolute paths, as cron and systemd need) and its environment."""
    argv = [sys.executable, "-m", "crawler.cli", "crawl", job.name, "--config", str(config.resolve()),
            "--resume", "--no-progress", "--log-file", str(log)]
    env = {}
    if not importable_without_path():  # run from a source tree: tell Python where it is
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return argv, env


def importable_without_path() -> bool:
    """Whether this Python finds this very archiver on its own (installed), as cron and systemd
    will run it: from another folder, with an empty environment. Another copy found there (an
    older install, another checkout) does not count: the schedule runs the code that wrote it."""
    probe = "import os, crawler; print(os.path.realpath(crawler.__file__))"
    try:
        done = subprocess.run([sys.executable, "-c", probe], cwd=Path.home(), env={}, capture_output=True,
                              text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    here = os.path.realpath(Path(__file__).resolve().parent / "__init__.py")
    return done.returncode == 0 and done.stdout.strip() == here


def log_path(job: Job, config: Path, given: Path | None = None) -> Path:
    if given is not None:
        return given.resolve()
    if job.log_file is not None:
        return job.log_file
    data = job.options.get("data_dir") or config.resolve().parent / "data"
    return ArchiveLayout(Path(data).resolve()).log_file(job.name)


def shell_command(job: Job, config: Path, log: Path) -> str:
    """The ``sh`` command line running the job from its config folder, its output appended to
    ``log`` by the crawl itself."""
    argv, env = run_command(job, config, log)
    prefix = "".join(f"{k}={shlex.quote(v)} " for k, v in env.items())
    return f"cd {shlex.quote(str(config.resolve().parent))} && {prefix}{shlex.join(argv)}"


def crontab_line(expr: str, job: Job, config: Path, log: Path) -> str:
    """One crontab line: the schedule, :func:`shell_command` (``%`` escaped, as cron wants) and a
    marker comment naming the job, by which a later install replaces it."""
    parse_cron(expr)
    command = shell_command(job, config, log).replace("%", "\\%")
    return f"{' '.join(expr.split())} {command}  {MARKER.format(job=job.name, config=config.resolve())}"


def install_crontab(line: str, marker: str) -> str:
    """Put ``line`` in the user's crontab, replacing an earlier line with the same marker; returns
    the new crontab."""
    crontab = shutil.which("crontab")
    if crontab is None:
        raise StorageError("the crontab command is not installed: install cron, or use --systemd")
    current = subprocess.run([crontab, "-l"], capture_output=True, text=True)
    lines = current.stdout.splitlines() if current.returncode == 0 else []
    kept = [existing for existing in lines if not existing.rstrip().endswith(marker)]
    table = "\n".join([*kept, line]) + "\n"
    done = subprocess.run([crontab, "-"], input=table, capture_output=True, text=True)
    if done.returncode != 0:
        raise StorageError(f"crontab refused the new table: {done.stderr.strip() or done.returncode}")
    return table


# --- systemd -----------------------------------------------------------------------------------

def on_calendar(expr: str) -> str:
    """A systemd ``OnCalendar=`` value for a cron expression (raises ConfigError when it has none)."""
    parsed = parse_cron(expr)
    if isinstance(parsed, str):
        value = CRON_NICKNAMES[parsed]
        if value is None:
            raise ConfigError("--cron @reboot has no systemd calendar equivalent (use a boot timer)")
        return value
    minute, hour, dom, month, dow = parsed
    if not _star(dom) and not _star(dow):
        raise ConfigError("--cron: with both a day of month and a day of week, cron runs on either one "
                          "and systemd only on both; give --on-calendar instead")
    days = "" if _star(dow) else ",".join(_days(item) for item in dow) + " "
    return (f"{days}*-{_calendar(month, 1)}-{_calendar(dom, 1)} "
            f"{_calendar(hour, 0)}:{_calendar(minute, 0)}:00")


def _star(items: list[CronItem]) -> bool:
    return len(items) == 1 and items[0].low is None and items[0].step is None


def _calendar(items: list[CronItem], low: int) -> str:
    out = []
    for item in items:
        if item.low is None:
            out.append(f"{low}/{item.step}" if item.step else "*")
        elif item.step is not None:
            out.append(f"{item.low}/{item.step}" if item.open_end else f"{item.low}..{item.high}/{item.step}")
        elif item.low == item.high:
            out.append(f"{item.low:02d}" if low == 0 else str(item.low))
        else:
            out.append(f"{item.low}..{item.high}")
    return ",".join(out)


def _days(item: CronItem) -> str:
    if item.step is not None:
        raise ConfigError("--cron: a stepped day of week has no systemd equivalent; give --on-calendar")
    low, high = item.low or 0, item.high if item.high is not None else 7
    if low == high:
        return SYSTEMD_DAYS[low]
    if low == 0 and high == 7:
        return "Mon..Sun"
    if high == 7:  # "5-7": Friday to Sunday
        return f"{SYSTEMD_DAYS[low]}..Sat,Sun" if low < 6 else "Sat,Sun"
    return f"{SYSTEMD_DAYS[low]}..{SYSTEMD_DAYS[high]}" if low > 0 else f"Sun,Mon..{SYSTEMD_DAYS[high]}"


def check_calendar(spec: str) -> None:
    """Let ``systemd-analyze`` judge the calendar spec when it is installed."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return
    done = subprocess.run([analyze, "calendar", spec], capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise ConfigError(f"not a systemd calendar spec {spec!r}: {reason[-1] if reason else 'rejected'}")


def unit_name(job: Job) -> str:
    return "archiver-" + re.sub(r"[^A-Za-z0-9_.-]", "_", job.name)


def systemd_units(spec: str, job: Job, config: Path, log: Path) -> dict[str, str]:
    """``{file name: content}`` of a oneshot service running the job and the timer starting it.
    The crawl writes its own log; what it prints before opening it, and its errors, reach the
    journal."""
    argv, env = run_command(job, config, log)
    name = unit_name(job)
    environment = "".join(f'Environment="{k}={v}"\n' for k, v in env.items())
    service = (
        "[Unit]\n"
        f"Description=article-archiver: crawl job {job.name}\n"
        "Wants=network-online.target\nAfter=network-online.target\n\n"
        "[Service]\nType=oneshot\n"
        f"WorkingDirectory={config.resolve().parent}\n{environment}"
        f"ExecStart={shlex.join(argv)}\n"
        f"SuccessExitStatus={LOCKED_EXIT}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=article-archiver: schedule of crawl job {job.name}\n\n"
        f"[Timer]\nOnCalendar={spec}\nPersistent=true\nUnit={name}.service\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {f"{name}.service": service, f"{name}.timer": timer}


def systemd_user_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def install_systemd(units: dict[str, str]) -> list[Path]:
    folder = systemd_user_dir()
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, content in units.items():
            path = folder / file_name
            path.write_text(content, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise StorageError(f"cannot write systemd units in {folder}: {exc.strerror or exc}") from None
    return written
