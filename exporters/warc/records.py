"""WARC records of HTTP exchanges, built with warcio (never hand-framed).

An :class:`Exchange` is one request and the answer received for it, as plain values. Its records:

* ``request``: the request line and headers as sent;
* ``response``: the status line, the headers and the body *as received* (still content-encoded when
  the server compressed it; a chunked body is stored de-chunked, so a ``Transfer-Encoding`` header,
  should the HTTP client pass one on, is kept as ``X-Archive-Orig-Transfer-Encoding``);
* ``revisit`` instead of the response when the answer adds nothing: a ``304 Not Modified``
  (profile *server-not-modified*) or a body whose payload digest equals that of the URL's last stored
  response (profile *identical-payload-digest*); both refer to that response record.

Every record carries ``WARC-Date`` (the time the answer arrived, to the microsecond), a
``WARC-Record-ID`` and warcio's block and payload digests (``sha1:`` base32).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

from crawler.kernel.version import __version__

WARC_VERSION = "WARC/1.1"
SOFTWARE = f"article-archiver/{__version__} (warcio)"
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
#: Response headers that describe the transfer, not the stored body: kept under another name.
TRANSFER_HEADERS = ("transfer-encoding",)
ORIGINAL_PREFIX = "X-Archive-Orig-"

Headers = list[tuple[str, str]]


@dataclass
class Exchange:
    """One HTTP request and the answer received for it."""

    url: str
    method: str
    request_headers: Headers
    status: int
    response_headers: Headers
    body: bytes
    date: datetime
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    truncated: bool = False  # the body was cut short (the connection dropped, a size limit)
    extra: dict[str, str] = field(default_factory=dict)  # more WARC headers for the answer's record


@dataclass(frozen=True)
class Previous:
    """The last stored response of a URL: what an unchanged answer refers to."""

    digest: str
    record_id: str
    date: datetime


def warc_date(when: datetime) -> str:
    """``2026-11-25T09:31:34.023451Z``: a WARC/1.1 date, in UTC, to the microsecond."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return datetime_to_iso_date(aware.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def record_id(seed: str | None = None) -> str:
    """A ``<urn:uuid:…>`` record id: random, or derived from ``seed`` (reproducible exports)."""
    value = uuid.uuid5(uuid.NAMESPACE_URL, seed) if seed is not None else uuid.uuid4()
    return f"<urn:uuid:{value}>"


def builder() -> RecordBuilder:
    return RecordBuilder(warc_version=WARC_VERSION)


def _request_target(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return target, parts.netloc


def request_record(build: RecordBuilder, exchange: Exchange, concurrent_to: str) -> ArcWarcRecord:
    target, host = _request_target(exchange.url)
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", host))
    http = StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}", headers, is_http_request=True)
    return build.create_warc_record(exchange.url, "request", http_headers=http, warc_headers_dict={
        "WARC-Record-ID": record_id(), "WARC-Date": warc_date(exchange.date),
        "WARC-Concurrent-To": concurrent_to})


def _response_http(exchange: Exchange) -> StatusAndHeaders:
    headers: Headers = []
    for name, value in exchange.response_headers:
        if name.lower() in TRANSFER_HEADERS:
            name = ORIGINAL_PREFIX + name
        headers.append((name, value))
    try:
        reason = HTTPStatus(exchange.status).phrase
    except ValueError:
        reason = ""
    return StatusAndHeaders(f"{exchange.status} {reason}".strip(), headers, protocol=exchange.protocol)


def _answer_headers(exchange: Exchange) -> dict[str, str]:
    headers = {"WARC-Record-ID": record_id(), "WARC-Date": warc_date(exchange.date)}
    if exchange.ip_address:
        headers["WARC-IP-Address"] = exchange.ip_address
    if exchange.truncated:
        headers["WARC-Truncated"] = "disconnect"
    headers.update(exchange.extra)
    return headers


def response_record(build: RecordBuilder, exchange: Exchange) -> ArcWarcRecord:
    return build.create_warc_record(exchange.url, "response", payload=BytesIO(exchange.body),
                                    length=len(exchange.body), http_headers=_response_http(exchange),
                                    warc_headers_dict=_answer_headers(exchange))


def revisit_record(build: RecordBuilder, exchange: Exchange, previous: Previous | None,
                   profile: str) -> ArcWarcRecord:
    """The answer's headers, referring to the URL's last stored response (when one is known)."""
    headers = _answer_headers(exchange)
    headers["WARC-Profile"] = profile
    if previous is not None:
        headers.update({"WARC-Refers-To": previous.record_id, "WARC-Refers-To-Target-URI": exchange.url,
                        "WARC-Refers-To-Date": warc_date(previous.date),
                        "WARC-Payload-Digest": previous.digest})
    return build.create_warc_record(exchange.url, "revisit", http_headers=_response_http(exchange),
                                    warc_headers_dict=headers)


def fields_record(build: RecordBuilder, kind: str, uri: str, fields: Iterable[tuple[str, str]],
                  when: datetime, seed: str | None = None, filename: str | None = None) -> ArcWarcRecord:
    """A ``warcinfo`` or ``metadata`` record of ``name: value`` lines (``application/warc-fields``)."""
    body = "".join(f"{name}: {' '.join(str(value).split())}\r\n" for name, value in fields
                   if value not in (None, ""))
    data = body.encode("utf-8")
    headers = {"WARC-Record-ID": record_id(seed), "WARC-Date": warc_date(when)}
    if filename:
        headers["WARC-Filename"] = filename
    return build.create_warc_record(uri, kind, payload=BytesIO(data), length=len(data),
                                    warc_content_type="application/warc-fields", warc_headers_dict=headers)


def warcinfo_record(build: RecordBuilder, filename: str, when: datetime, info: dict[str, str],
                    seed: str | None = None) -> ArcWarcRecord:
    fields = [("software", SOFTWARE), ("format", "WARC File Format 1.1"),
              ("conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"),
              *info.items()]
    return fields_record(build, "warcinfo", "", fields, when, seed=seed, filename=filename)
