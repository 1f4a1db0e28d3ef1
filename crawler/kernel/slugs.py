"""File-system-safe names for archived articles: one directory per host, one slug per URL.

A slug is built from the last meaningful segment of the URL path, folded to ASCII ``[a-z0-9-]``.
When that readable part alone could stand for more than one URL (nested paths, a query string,
upper case or percent-encoded characters, an empty or over-long path, a name Windows reserves),
a short hash of the URL is appended, so every URL gets its own file.

File identity ignores the scheme and a trailing slash (``http://h/a/`` and ``https://h/a`` name
the same file): an article that moves to https, or is linked with and without the slash, keeps
its file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from .urls import canonicalize

#: Longest slug, hash suffix included (file name = slug + ".md").
MAX_SLUG = 100
#: Hex digits of the URL hash appended to ambiguous slugs.
HASH_LEN = 10
#: Readable stem for an empty path (a site's home page).
EMPTY_STEM = "index"
#: Last path segments that only serve their directory.
INDEX_SEGMENT = re.compile(r"^(index|default)\.(html?|php|aspx?)$", re.I)
#: File extensions dropped from the readable part of a slug.
PAGE_EXTENSION = re.compile(r"\.(html?|php\d?|aspx?|jsp|cgi|shtml)$", re.I)
#: Characters outside a slug, collapsed to one hyphen.
NON_SLUG = re.compile(r"[^a-z0-9]+")
#: A slug that already ends like a hash suffix; never emitted without a real one.
HASH_LIKE_TAIL = re.compile(rf"-[0-9a-f]{{{HASH_LEN}}}$")
#: Characters outside a host directory name.
NON_HOST = re.compile(r"[^a-z0-9.\-_]+")
#: Device names Windows refuses as file names, with or without an extension.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
UNKNOWN_HOST = "unknown-host"
DEFAULT_PORTS = {"http": 80, "https": 443}


def file_key(url: str) -> str:
    """The identity of a URL's file: canonical host[:port], path without trailing slash, query."""
    parts = urlsplit(_canonical(url))
    key = (parts.netloc.lower() + parts.path.rstrip("/")) or "/"
    return f"{key}?{parts.query}" if parts.query else key


def url_hash(url: str) -> str:
    """A short, stable hash of the URL's file identity."""
    return hashlib.sha1(file_key(url).encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LEN]


def slug_for_url(url: str) -> str:
    """A file name stem for ``url``: ``[a-z0-9-]``, at most :data:`MAX_SLUG` characters,
    never empty, distinct for URLs with distinct :func:`file_key`."""
    parts = urlsplit(_canonical(url))
    segments = [s for s in parts.path.split("/") if s]
    if segments and INDEX_SEGMENT.match(unquote(segments[-1])):
        segments.pop()
    raw = segments[-1] if segments else ""
    stem = slugify(PAGE_EXTENSION.sub("", unquote(raw))) or EMPTY_STEM
    lossless = (
        len(segments) == 1
        and not parts.query
        and raw == stem
        and len(stem) <= MAX_SLUG
        and stem not in WINDOWS_RESERVED
        and not HASH_LIKE_TAIL.search(stem)
    )
    if lossless:
        return stem
    room = MAX_SLUG - HASH_LEN - 1
    if len(stem) > room:
        stem = stem[:room].rsplit("-", 1)[0] if "-" in stem[:room] else stem[:room]
    return f"{stem.strip('-') or EMPTY_STEM}-{url_hash(url)}"


def slugify(text: str) -> str:
    """``text`` folded to lower-case ASCII words joined by single hyphens ("" if none are left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def host_dir(url: str) -> str:
    """The directory name for a URL's site: lower-case host (IDNA for non-ASCII names) and,
    when the URL has a non-default port, ``_<port>`` (``127.0.0.1_8080``)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").strip(".").lower()
    port: int | str | None
    try:
        port = parts.port
    except ValueError:  # malformed port: keep it verbatim so the name stays distinct
        port = parts.netloc.rsplit(":", 1)[-1]
    if port == DEFAULT_PORTS.get(parts.scheme.lower()):
        port = None
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = f"{slugify(host) or 'host'}-{hashlib.sha1(host.encode('utf-8')).hexdigest()[:8]}"
    name = NON_HOST.sub("-", host.replace(":", "_")).strip(".-") or UNKNOWN_HOST
    if name.split(".")[0] in WINDOWS_RESERVED:
        name = f"_{name}"
    if port:
        name = f"{name}_{NON_HOST.sub('-', str(port).lower())}"
    return name


def _canonical(url: str) -> str:
    try:
        return canonicalize(url)
    except ValueError:  # e.g. a malformed port: keep the text, it still hashes stably
        return url.strip()
