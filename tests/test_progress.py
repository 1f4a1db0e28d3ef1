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
    # answers counted as they arrive (the pipeline's own counters trail behind the parsing)
    for key, value in {"response_received_count": 11, "archive/not_fetched": 1, "archive/pages": 5,
                       "archive/found": 8, "archive/unchanged": 1, "archive/articles": 3, "archive/errors": 1,
                       "scheduler/enqueued": 20, "scheduler/dequeued": 13}.items():
        stats.set_value(key, value)
    lines = []

    class Recorder:
        def update(self, task_id, description, completed):  # noqa: ANN001,ANN201
            lines.append((description, completed))

    ext.progress, ext.task_id = Recorder(), 0
    ext.redraw()
    assert lines == [("crawling: 12 pages, 9 articles, 7 queued, 1 errors", 12)]


def test_a_page_budget_gives_the_line_a_total_and_time_left() -> None:
    crawler = get_crawler(settings_dict={"ARCHIVE_PROGRESS": True})
    crawler._apply_settings()
    ext = CrawlProgress.from_crawler(crawler)

    class Spider:
        max_pages = 50

    ext.opened(Spider())
    try:
        shown = ext.progress.tasks[0]
        assert shown.total == 50
        assert any(type(c).__name__ == "TimeRemainingColumn" for c in ext.progress.columns)
    finally:
        ext.closed(Spider())
