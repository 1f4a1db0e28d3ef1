"""How the archive writes dates, and reads them back.

``2024-07-11T00:59:23.966Z``: ISO 8601, milliseconds when non-zero (microseconds when the value has
them), ``Z`` for UTC, the page's own offset otherwise, no zone for a naive value, a bare date for
a date. :func:`parse_timestamp` turns such a text back into the value that renders the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def format_timestamp(value: datetime | date) -> str:
    """The archive's text for ``value`` (see the module doc)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value, offset = value.astimezone(UTC), timedelta(0)  # YAML offsets have no seconds
    text = value.replace(microsecond=0, tzinfo=None).isoformat()
    micro = value.microsecond
    if micro:
        text += f".{micro // 1000:03d}" if micro % 1000 == 0 else f".{micro:06d}"
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def iso(value: datetime | date | None) -> str | None:
    """:func:`format_timestamp`, None for None."""
    return format_timestamp(value) if value is not None else None


def parse_timestamp(text: str | None, fallback: datetime | None = None) -> datetime | date | None:
    """A value that renders back as ``text``; ``fallback`` when there is no (readable) text."""
    if not text:
        return fallback
    try:
        return date.fromisoformat(text) if len(text) == len("2024-01-31") else datetime.fromisoformat(text)
    except ValueError:
        return fallback
