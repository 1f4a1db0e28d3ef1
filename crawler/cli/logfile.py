"""``archiver crawl --log-file FILE``: the crawl's own output appended to a log, one timestamp per line.

A scheduled crawl (cron, systemd) opens its log itself instead of relying on a shell redirect: the
log's folder is created when missing, and every line written to stdout or stderr from then on
(summary, report, Scrapy's log with ``-v``, the final ``error:`` line) goes to the file prefixed
with the UTC time. Errors and alerts are also written to the original stderr, so that cron mails
them and systemd's journal records them.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ..kernel.errors import StorageError

#: Lines also shown on the original stderr (cron's mail, the journal).
ALSO_ON_STDERR = ("error:", "ALERT:", "interrupted")


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TimestampedLog(io.TextIOBase):
    """A text stream writing whole lines to ``target``, each prefixed with the time; lines that
    report a failure are also written to ``echo``."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, target: TextIO, echo: TextIO | None = None) -> None:
        super().__init__()
        self._target, self._echo = target, echo
        self._pending = ""

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        self._pending += text.replace("\r\n", "\n").replace("\r", "\n")
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self._line(line)
        if lines:
            self._target.flush()
        return len(text)

    def _line(self, line: str) -> None:
        self._target.write(f"{timestamp()} {line}\n")
        if self._echo is not None and line.startswith(ALSO_ON_STDERR):
            self._echo.write(line + "\n")
            self._echo.flush()

    def flush(self) -> None:
        self._target.flush()

    def close(self) -> None:  # the streams are the process's: whatever closes them, keep the file
        if self._pending:
            self._line(self._pending)
            self._pending = ""
        self.flush()


def log_to_file(path: Path) -> None:
    """From now on, append this process's stdout and stderr to ``path`` with timestamps (the
    folder is created when missing); raises :class:`StorageError` when it cannot be written."""
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        target = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the process
    except OSError as exc:
        raise StorageError(f"cannot write the log file {path}: {exc.strerror or exc}") from None
    echo = sys.stderr
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout = TimestampedLog(target)
    sys.stderr = TimestampedLog(target, echo=echo)
