"""Crawl guards: default bounds that make a crawl of a spider trap end.

A spider trap (an endless calendar, pages that link ever-new variants of themselves, relative links
that nest a path forever) gives new URLs without end. Two bounds, on by default, end such a crawl
whatever else it is asked to do, and the run's summary says when one was reached:

* ``ARCHIVE_MAX_PAGES_PER_HOST`` (default 10,000): pages requested from one host in one run;
* ``ARCHIVE_MAX_PAGES_PER_PATTERN`` (default 1,000): pages of one URL pattern in one run. A URL's
  pattern is its host and path with every run of digits written ``#`` and a segment repeated in a
  row written once with ``+`` (``/cal/2024/05/14/`` → ``/cal/#/#/#/``, ``/a/a/a/b`` → ``/a+/b``),
  and its query's names with their values' digits written ``#``.

``0`` turns a bound off. Start URLs are never refused (they count, though). The counts are this
crawl process's (a crawl split over several processes bounds each process).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlsplit

DEFAULT_MAX_PAGES_PER_HOST = 10_000
DEFAULT_MAX_PAGES_PER_PATTERN = 1_000
DIGITS = re.compile(r"\d+")
#: Patterns and hosts named in the summary, at most.
NAMED = 5


def url_pattern(url: str) -> str:
    """The pattern of ``url``: ``host[:port]/path`` with digits as ``#`` and repeats folded."""
    parts = urlsplit(url)
    segments: list[str] = []
    for segment in DIGITS.sub("#", parts.path).split("/"):
        if segments and segment.strip("#") and segments[-1].rstrip("+") == segment:
            segments[-1] = segment + "+"
        else:
            segments.append(segment)
    pattern = parts.netloc.lower() + "/".join(segments)
    if parts.query:
        names = sorted(f"{k}={DIGITS.sub('#', v)}" for k, v in parse_qsl(parts.query, keep_blank_values=True))
        pattern += "?" + "&".join(names)
    return pattern


class TrapGuard:
    """Counts the pages a crawl requests per host and per URL pattern, and refuses those beyond."""

    def __init__(self, per_host: int = DEFAULT_MAX_PAGES_PER_HOST,
                 per_pattern: int = DEFAULT_MAX_PAGES_PER_PATTERN) -> None:
        self.per_host = max(0, per_host)
        self.per_pattern = max(0, per_pattern)
        self.hosts: Counter[str] = Counter()
        self.patterns: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()  # "host" / "pattern" -> links refused
        self.full: dict[str, dict[str, int]] = {"host": {}, "pattern": {}}  # what reached its bound

    @classmethod
    def from_settings(cls, settings: Any) -> TrapGuard:
        return cls(settings.getint("ARCHIVE_MAX_PAGES_PER_HOST", DEFAULT_MAX_PAGES_PER_HOST),
                   settings.getint("ARCHIVE_MAX_PAGES_PER_PATTERN", DEFAULT_MAX_PAGES_PER_PATTERN))

    def admit(self, url: str, force: bool = False) -> str | None:
        """Count ``url`` (canonical) as requested and return None, or return why it is refused."""
        host = urlsplit(url).netloc.lower()
        pattern = url_pattern(url) if self.per_pattern else ""
        if not force:
            if self.per_host and self.hosts[host] >= self.per_host:
                return self._refuse("host", host, self.per_host)
            if self.per_pattern and self.patterns[pattern] >= self.per_pattern:
                return self._refuse("pattern", pattern, self.per_pattern)
        self.hosts[host] += 1
        if self.per_pattern:
            self.patterns[pattern] += 1
        return None

    def _refuse(self, kind: str, key: str, bound: int) -> str:
        self.refused[kind] += 1
        self.full[kind].setdefault(key, bound)
        setting = "ARCHIVE_MAX_PAGES_PER_HOST" if kind == "host" else "ARCHIVE_MAX_PAGES_PER_PATTERN"
        return f"{bound} pages of {kind} {key} ({setting})"

    @property
    def hit(self) -> bool:
        return bool(self.refused)

    def notes(self) -> list[str]:
        """One line per bound reached: which hosts or patterns, and how many links were not followed."""
        lines = []
        for kind, setting in (("host", "ARCHIVE_MAX_PAGES_PER_HOST"),
                              ("pattern", "ARCHIVE_MAX_PAGES_PER_PATTERN")):
            full = self.full[kind]
            if not full:
                continue
            bound = self.per_host if kind == "host" else self.per_pattern
            names = ", ".join(list(full)[:NAMED])
            if len(full) > NAMED:
                names += f" and {len(full) - NAMED} more"
            lines.append(f"{bound} pages per {kind} ({setting}) reached by {names}; "
                         f"{self.refused[kind]} more links were not followed")
        return lines
