"""Turning fetched bytes or text into an lxml HTML tree, and resolving URLs against it.

Decoding never fails: a valid UTF-8 body is read as UTF-8 whatever the page declares (the most
common wrong declaration), otherwise the declared charset is tried, then detection, then
Windows-1252 with replacement characters. Huge pages are cut at :data:`MAX_HTML_BYTES`, and
markup lxml cannot make sense of yields an empty document instead of an exception.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from bs4.dammit import EncodingDetector, UnicodeDammit
from lxml import etree

log = logging.getLogger(__name__)

#: Pages larger than this are truncated before parsing (the rest is almost always boilerplate).
MAX_HTML_BYTES = 5 * 1024 * 1024
#: Declared charsets that browsers read as Windows-1252 (HTML Living Standard, "encoding labels").
LATIN1_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"})
#: Schemes a link may have to be kept as a navigable URL.
WEB_SCHEMES = ("http", "https")

_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s\\]*)?$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_EMPTY_DOC = "<html><head></head><body></body></html>"


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML byte string. ``declared`` is a charset hint (e.g. from Content-Type)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    hints = [declared] if declared else []
    meta = EncodingDetector.find_declared_encoding(data[:4096], is_html=True)
    if meta:
        hints.append(meta)
    hints = ["windows-1252" if h.strip().lower() in LATIN1_ALIASES else h for h in hints]
    dammit = UnicodeDammit(data, known_definite_encodings=hints, is_html=True)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return data.decode("windows-1252", errors="replace")


def load_document(html: str | bytes | None, url: str, *,
                  encoding: str | None = None) -> tuple[lxml.html.HtmlElement, list[str]]:
    """Parse a page; returns the root ``<html>`` element and warnings about what was repaired."""
    warnings: list[str] = []
    if html is None:
        html = ""
    if isinstance(html, bytes):
        if len(html) > MAX_HTML_BYTES:
            warnings.append(f"page truncated from {len(html)} to {MAX_HTML_BYTES} bytes")
            html = html[:MAX_HTML_BYTES]
        text = decode_html(html, encoding)
    else:
        text = str(html)
        if len(text) > MAX_HTML_BYTES:
            warnings.append(f"page truncated from {len(text)} to {MAX_HTML_BYTES} characters")
            text = text[:MAX_HTML_BYTES]
    for w in warnings:
        log.warning("%s: %s", url, w)
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    doc = _parse(text, url)
    if doc is None:
        if text.strip():
            warnings.append("markup could not be parsed; treated as an empty page")
        doc = lxml.html.document_fromstring(_EMPTY_DOC, base_url=url)
    return doc, warnings


def load_html(html: str | bytes | None, url: str) -> lxml.html.HtmlElement:
    """Parse a page into an lxml tree rooted at ``<html>``; never raises on bad markup."""
    return load_document(html, url)[0]


def _parse(text: str, url: str) -> lxml.html.HtmlElement | None:
    if not text.strip():
        return None
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              collect_ids=False, default_doctype=False)
    # Every element is an HtmlElement (text_content() and friends) through a C-level lookup;
    # lxml.html's own per-tag lookup runs Python code for each element proxy and costs more
    # than the parse itself on large pages.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement))
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser, base_url=url)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    if root.tag != "html":
        return None
    if root.find("body") is None:
        root.append(root.makeelement("body", {}))
    return root


@lru_cache(maxsize=65536)
def hint(pattern: re.Pattern[str], value: str) -> bool:
    """``pattern.search(value)``, memoised: templates repeat the same class/id strings."""
    return pattern.search(value) is not None


def base_url_of(doc: lxml.html.HtmlElement, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when present, else the page URL."""
    for base in doc.iterfind(".//head/base[@href]"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(url, href)
    return url


def absolutize(href: str | None, base_url: str, *, keep_fragment: bool = False) -> str | None:
    """An absolute http(s) URL for ``href`` (resolved against ``base_url``), or None for empty,
    in-page, script and non-web links."""
    if not href:
        return None
    return _absolutize(href, base_url, keep_fragment)


@lru_cache(maxsize=16384)
def _absolutize(href: str, base_url: str, keep_fragment: bool) -> str | None:
    href = href.strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not href or href.startswith("#"):
        return None
    if _PLAIN_ABSOLUTE.match(href):  # the common case needs no urljoin
        return href if keep_fragment else href.split("#", 1)[0]
    try:
        full = urljoin(base_url, href)
        parts = urlsplit(full)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    if not keep_fragment and parts.fragment:
        full = urlunsplit(parts._replace(fragment=""))
    return full


def resolve(src: str | None, base_url: str) -> str | None:
    """Like :func:`absolutize` but keeps fragments and accepts any resolvable reference
    (used for image sources)."""
    if not src:
        return None
    src = src.strip()
    if not src or src.startswith(("data:", "javascript:", "about:")):
        return None
    try:
        full = urljoin(base_url, src)
    except ValueError:
        return None
    return full if urlsplit(full).scheme in WEB_SCHEMES else None
