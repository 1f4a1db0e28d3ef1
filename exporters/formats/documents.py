"""The archive's own formats: front-matter Markdown (the crawl's files, byte for byte), JSON Lines
(everything, one article per line) and CSV (one row per article, list fields joined)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from crawler.kernel.fields import csv_values
from crawler.kernel.model import Article

from ..markdown import ARTICLES_DIR, render_markdown
from ..media import ARCHIVE_MEDIA_PREFIX, with_local_images
from ..store.records import ArticleRecord
from .base import Format, article_stem

#: CSV columns, in order: the index's, the article fields' (field table), then its history;
#: list fields are joined with LIST_SEPARATOR.
RECORD_COLUMNS = ("id", "site")
HISTORY_COLUMNS = ("status", "archived_at", "first_seen", "last_seen")
CSV_COLUMNS = RECORD_COLUMNS + tuple(csv_values(Article(url=""))) + HISTORY_COLUMNS
LIST_SEPARATOR = "; "


class MarkdownFormat(Format):
    """``articles/<host>/<slug>.md`` exactly as the crawl writes them (images relinked to
    ``media/`` when they were downloaded)."""

    name = "markdown"
    description = "front-matter Markdown files, as the crawl writes them"
    media_prefix = ARCHIVE_MEDIA_PREFIX

    def path(self, record: ArticleRecord) -> str:
        return f"{ARTICLES_DIR}/{article_stem(record.url)}.md"

    def render(self, record: ArticleRecord) -> bytes:
        article = record.article
        if record.media:
            article = relinked(record, self.media_prefix)
        text = render_markdown(article, archived_at=record.archived_at)
        return text.encode("utf-8", "replace")


def relinked(record: ArticleRecord, prefix: str | None) -> Article:
    """A copy of the record's article whose body links downloaded images locally."""
    return with_local_images(record.article, record.media, prefix or "")


class JsonlFormat(Format):
    name = "jsonl"
    description = "JSON Lines: every field of every article, bodies included"
    single_file = "articles.jsonl"

    def render(self, record: ArticleRecord) -> bytes:
        return (json.dumps(record.to_dict(), ensure_ascii=False) + "\n").encode("utf-8", "replace")


class CsvFormat(Format):
    name = "csv"
    description = "CSV, one row per article (no bodies; list fields joined with '; ')"
    single_file = "articles.csv"

    def header(self) -> bytes:
        return self._row(CSV_COLUMNS)

    def render(self, record: ArticleRecord) -> bytes:
        d = {**record.to_dict(), **csv_values(record.article)}
        return self._row([_cell(d.get(c)) for c in CSV_COLUMNS])

    @staticmethod
    def _row(values: Iterable[Any]) -> bytes:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(values)
        return buf.getvalue().encode("utf-8", "replace")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)
