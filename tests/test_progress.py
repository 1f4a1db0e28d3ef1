"""The live progress line: off unless asked for, and it reads the crawl's counters."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.progress import CrawlProgress


def test_progress_is_off_unless_enabled() -> None:
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(get_crawler(settings_dict={"ARCHIVE_PROGRESS": False}))


def test_progress_line_shows_the_counters() -> None:
    crawler = get_crawler(settings_dict={"ARCHIVE_PROGRESS": True})
    crawler._apply_settings()
    ext = CrawlProgress.from_crawler(crawler)
    stats = crawler.stats
    for key, value in {"archive/pages": 12, "archive/articles": 9, "archive/errors": 1,
                       "scheduler/enqueued": 20, "scheduler/dequeued": 13}.items():
        stats.set_value(key, value)
    lines = []

    class Recorder:
        def update(self, task_id, description):  # noqa: ANN001,ANN201
            lines.append(description)

    ext.progress, ext.task_id = Recorder(), 0
    ext.redraw()
    assert lines == ["crawling: 12 pages, 9 articles, 7 queued, 1 errors"]
