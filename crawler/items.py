"""Items the spider yields: every fetched page (or failed fetch) and, for article pages, the article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .kernel.model import Article


@dataclass
class FetchInfo:
    """One HTTP exchange, as recorded in the index's fetch history."""

    url: str
    status: int | None
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    bytes: int = 0
    duration_ms: float | None = None
    error: str | None = None


@dataclass
class PageItem:
    """A fetched page that is not archived (a listing or home page) or a fetch that failed."""

    fetch: FetchInfo
    kind: str = "listing"  # "listing" | "other" | "error" | "duplicate"


@dataclass
class ArticleItem:
    """An article page the spider accepted for the archive, keyed by its canonical URL."""

    article: Article
    fetch: FetchInfo
    canonical_url: str
    depth: int = 0
    media: dict[str, str] = field(default_factory=dict)  # image URL -> downloaded copy (--with-images)


@dataclass
class UnchangedItem:
    """A known article that did not change: it answered 304 Not Modified, or was not fetched at all
    (``fetch`` is None) because it was checked recently or the refresh policy is ``never``."""

    article_url: str
    fetch: FetchInfo | None = None


@dataclass
class GoneItem:
    """A known article whose URL now answers 404 or 410: marked gone in the index, never deleted."""

    article_url: str
    fetch: FetchInfo


def fetch_info(response: Any) -> FetchInfo:
    """The fetch record of a Scrapy response."""
    def header(name: str) -> str | None:
        value = response.headers.get(name)
        return value.decode("latin-1") if value else None

    latency = response.meta.get("download_latency")
    return FetchInfo(url=response.url, status=response.status, fetched_at=datetime.now(UTC),
                     etag=header("ETag"), last_modified=header("Last-Modified"), bytes=len(response.body),
                     duration_ms=round(latency * 1000, 1) if latency is not None else None)
