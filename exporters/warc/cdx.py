"""CDXJ: the index replay tools (pywb, ReplayWeb.page) look records up by.

One line per ``response`` and ``revisit`` record: the URL's SURT key (as the ``surt`` package makes
it, which is what pywb computes for a lookup), the record's 14-digit timestamp, then a JSON object
with the URL, MIME type, HTTP status, payload digest, and where the record is (``filename``,
``offset``, ``length`` of its gzip member). Lines are sorted, as binary search needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import surt

from .reader import FileScan, Parsed, iter_members, parse_member

INDEXED = ("response", "revisit")


def timestamp14(warc_date: str) -> str:
    """``2026-11-25T09:31:34.023451Z`` -> ``20261125093134``."""
    digits = "".join(ch for ch in warc_date if ch.isdigit())
    return (digits + "0" * 14)[:14]


def url_key(url: str) -> str:
    try:
        return str(surt.surt(url))
    except Exception:  # noqa: BLE001 - an odd URL still gets a line, keyed as it is
        return url


def cdxj_line(record: Parsed, filename: str, offset: int, length: int) -> str | None:
    """The record's CDXJ line, or None for records replay does not look up."""
    if record.record_type not in INDEXED or not record.uri:
        return None
    if record.record_type == "revisit":
        mime = "warc/revisit"
    else:
        content_type = record.http.get_header("Content-Type") if record.http is not None else None
        mime = (content_type or "unk").split(";")[0].strip().lower() or "unk"
    fields = {"url": record.uri, "mime": mime}
    if record.status is not None:
        fields["status"] = str(record.status)
    digest = record.header("WARC-Payload-Digest")
    if digest:
        fields["digest"] = digest
    fields.update(length=str(length), offset=str(offset), filename=filename)
    return f"{url_key(record.uri)} {timestamp14(record.header('WARC-Date') or '')} " \
           f"{json.dumps(fields, ensure_ascii=False)}"


def file_lines(path: Path, name: str | None = None, scan: FileScan | None = None) -> Iterator[str]:
    """The CDXJ lines of one WARC file (``name``: the filename the lines give; default its own)."""
    for member in iter_members(path, scan):
        line = cdxj_line(parse_member(member.data), name or path.name, member.offset, member.length)
        if line is not None:
            yield line


def write_cdxj(lines: Iterable[str], out: TextIO) -> int:
    """Write ``lines`` sorted; returns how many."""
    ordered = sorted(lines)
    for line in ordered:
        out.write(line + "\n")
    return len(ordered)
