"""A crawl's processes started while Scrapy loads (``ARCHIVE_PRESTART``).

A first crawl into a new archive parses every page it fetches and stores every article: its parsing
workers and its index writer are sure to be needed. Started before the crawl engine is imported
(about half a second of one core), their own imports and warm-up run on a core that would otherwise
wait, instead of during the crawl, and the first pages go to a worker that is already up. A crawl
into an archive that has an index starts them on demand, as before: an unchanged re-crawl parses
next to nothing and never starts them. Processes the crawl does not adopt (a reactor that is not
asyncio's, a crawl that fails to start) end when their task pipe closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .index_writer import writer_mode, writer_start
from .options import setting_on
from .workers import Spawned, worker_count


class Prestarted:
    """The processes started for one crawl before its engine: parsing workers, the index writer."""

    def __init__(self, parsers: list[Spawned], writer: Spawned | None = None) -> None:
        self.parsers = parsers
        self.writer = writer

    def take_parsers(self, count: int) -> list[Spawned]:
        """Up to ``count`` parsing workers for the crawl's pool (the others are ended)."""
        taken, extra, self.parsers = self.parsers[:count], self.parsers[count:], []
        for spawned in extra:
            spawned.close()
        return taken

    def take_writer(self) -> Spawned | None:
        writer, self.writer = self.writer, None
        return writer

    def close(self) -> None:
        """End what no component adopted (an adopted process is the crawl's to stop)."""
        for spawned in self.parsers + ([self.writer] if self.writer is not None else []):
            spawned.close()
        self.parsers, self.writer = [], None


def wanted(setting: Any, new_archive: bool) -> bool:
    """``ARCHIVE_PRESTART``: ``auto`` (a crawl into a new archive), True or False."""
    if str(setting).strip().lower() == "auto":
        return new_archive
    return setting_on(setting)


def prestart(get: Callable[..., Any], index_url: str) -> Prestarted:
    """Start the parsing workers and the index writer a crawl with these settings
    (``get(name, default)``) would start; none where starting a process fails."""
    started = Prestarted([])
    try:
        for _ in range(worker_count(get("ARCHIVE_WORKERS"))):
            started.parsers.append(Spawned())
        if writer_mode(get)[0]:
            started.writer = Spawned(writer_start(index_url))
    except OSError:  # no process to be had: the crawl starts what it can on demand
        pass
    return started
