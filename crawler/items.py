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
    # the WARC record of the answer (see crawler/middlewares/warc.py); the pipeline adds article_url
    article_url: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    payload_digest: str | None = None

    def row(self) -> dict[str, Any]:
        """The fetch history row's values (the fields are plain values: no deep copy needed)."""
        return dict(self.__dict__)


@dataclass
class PageItem:
    """A fetched page that is not archived (a listing or home page) or a fetch that failed."""

    fetch: FetchInfo
    kind: str = "listing"  # "listing" | "other" | "error" | "duplicate"


@dataclass
class ArticleItem:
    """An article page the spider accepted for the archive, keyed by its canonical URL."""

    article: Article
    fetch: FetchInfo | None  # None: parsed again from a stored response (archiver reparse)
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


#: Request meta: where the capture middleware stored the answer (warc_file, warc_offset, warc_length,
#: payload_digest, warc_date).
META_WARC = "archive_warc"
WARC_FIELDS = ("warc_file", "warc_offset", "warc_length", "payload_digest")
#: Request meta: the same, per URL, for every answer of a redirect chain (its hops and the last).
META_WARC_CHAIN = "archive_warc_chain"


def hop_warc_fields(meta: Any, url: str) -> dict[str, Any]:
    """The WARC record of the answer ``url`` gave on the way to a page (a redirect hop)."""
    stored = (meta.get(META_WARC_CHAIN) or {}).get(url) if meta is not None else None
    return {k: stored.get(k) for k in WARC_FIELDS} if stored else {}


def warc_fields(meta: Any, url: str | None = None) -> dict[str, Any]:
    """The WARC record of an answer, from its request's meta (empty when none was written, or when
    the record is of another URL's answer: a redirect's, whose meta the redirected request copied)."""
    stored = meta.get(META_WARC) if meta is not None else None
    if not stored or (url is not None and stored.get("url") not in (None, url)):
        return {}
    return {k: stored.get(k) for k in WARC_FIELDS}


def fetch_info(response: Any) -> FetchInfo:
    """The fetch record of a Scrapy response (the time is that of its WARC record, when captured)."""
    def header(name: str) -> str | None:
        value = response.headers.get(name)
        return value.decode("latin-1") if value else None

    latency = response.meta.get("download_latency")
    stored = response.meta.get(META_WARC) or {}
    if stored.get("url") not in (None, response.url):
        stored = {}
    return FetchInfo(url=response.url, status=response.status,
                     fetched_at=stored.get("warc_date") or datetime.now(UTC),
                     etag=header("ETag"), last_modified=header("Last-Modified"), bytes=len(response.body),
                     duration_ms=round(latency * 1000, 1) if latency is not None else None,
                     **warc_fields(response.meta, response.url))
