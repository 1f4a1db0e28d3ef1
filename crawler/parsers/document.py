"""Turning fetched bytes or text into an lxml HTML tree, and resolving URLs against it.

Bytes are decoded by :func:`.charset.decode_page` (the HTML standard's order: byte-order mark,
HTTP header, ``<meta>``, detection), which never fails. Huge pages are cut at
:data:`MAX_HTML_BYTES`, and markup lxml cannot make sense of yields an empty document instead of
an exception.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from .charset import decode_html as decode_html  # the decoding function, where it always was
from .charset import decode_page

log = logging.getLogger(__name__)

#: Pages larger than this are truncated before parsing (the rest is almost always boilerplate).
MAX_HTML_BYTES = 5 * 1024 * 1024
#: The parse budget: elements of a page the extractor reads (``ARCHIVE_PARSE_MAX_ELEMENTS``). The
#: extractor's work grows linearly with the elements and the text of a page; past this many
#: elements the rest of the page is left out (with a warning), which bounds the work a single
#: page can cost. The largest real articles have a few tens of thousands.
MAX_ELEMENTS = 100_000
#: Schemes a link may have to be kept as a navigable URL.
WEB_SCHEMES = ("http", "https")

#: Entries kept by the memos of URL resolution and class/id hints: enough for the links and
#: template strings a site repeats on every page (those stay, least recently used go first), not so
#: many that the one-off URLs of a long crawl pile up in a worker's memory.
URL_MEMO = 4096
HINT_MEMO = 8192
#: Attributes where lazy-loading scripts keep an image's real source.
LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src")
LAZY_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
#: Image sources that are placeholders for lazily loaded images.
PLACEHOLDER_SRC = re.compile(
    r"^(data:|about:blank)|(blank|spacer|pixel|placeholder|transparent|lazy)[\w-]*\.(gif|png|svg)", re.I)

_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s\\]*)?$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: C0 control bytes that are not HTML whitespace (never part of a multi-byte UTF-8 sequence).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_EMPTY_DOC = "<html><head></head><body></body></html>"
#: Pages larger than this are not parsed again by BeautifulSoup (its pure-Python parse costs about
#: 1.5 s per MB); they keep what libxml2 read, with a warning.
SOUP_MAX_BYTES = 2 * 1024 * 1024
#: The warning of a page read again by the fallback parser.
TOO_DEEP = "markup nested deeper than libxml2 reads (256 levels); parsed again with BeautifulSoup"
#: How a warning about the parse budget starts.
OVER_BUDGET = "over the parse budget"
#: The class of every element of a parsed page.
ELEMENT_CLASS: type[lxml.html.HtmlElement] = lxml.html.HtmlElement
#: Characters of the scripts that write a word in one or two of them (Han, kana, Hangul): each says
#: about as much as two of a Latin script's.
DENSE_SCRIPT = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _cut(data: bytes, limit: int) -> bytes:
    """``data[:limit]`` without a UTF-8 sequence split in two at the end."""
    cut = data[:limit]
    i, tail = len(cut) - 1, 0
    while i >= 0 and tail < 3 and cut[i] & 0xC0 == 0x80:
        i, tail = i - 1, tail + 1
    if i >= 0 and cut[i] >= 0xC0:
        need = 2 if cut[i] < 0xE0 else 3 if cut[i] < 0xF0 else 4
        if tail + 1 < need:
            cut = cut[:i]
    return cut


def load_document(html: str | bytes | None, url: str, *, encoding: str | None = None,
                  max_elements: int | None = MAX_ELEMENTS) -> tuple[lxml.html.HtmlElement, list[str]]:
    """Parse a page; returns the root ``<html>`` element and warnings about what was repaired.
    ``encoding``: for bytes, the ``Content-Type`` header (or its charset). ``max_elements``: the
    parse budget (None or 0: none); elements after that many, in page order, are left out."""
    warnings: list[str] = []
    raw: bytes | None = None
    if html is None:
        html = ""
    if isinstance(html, bytes):
        if len(html) > MAX_HTML_BYTES:
            warnings.append(f"page truncated from {len(html)} to {MAX_HTML_BYTES} bytes")
            html = _cut(html, MAX_HTML_BYTES)
        decoded = decode_page(html, encoding, url)
        text = decoded.text
        if decoded.exact_utf8:  # the common case: parse the bytes as they are
            raw = html[3:] if html.startswith(b"\xef\xbb\xbf") else html
        if decoded.note:
            warnings.append(decoded.note)
    else:
        text = str(html)
        if len(text) > MAX_HTML_BYTES:
            warnings.append(f"page truncated from {len(text)} to {MAX_HTML_BYTES} characters")
            text = text[:MAX_HTML_BYTES]
    for w in warnings:
        log.warning("%s: %s", url, w)
    if text.lstrip()[:5].lower() == "<?xml":
        text, raw = _XML_DECL.sub("", text, count=1), None
    doc = _parse(text, url, raw, warnings)
    if doc is None:
        if text and not text.isspace():
            warnings.append("markup could not be parsed; treated as an empty page")
        doc = lxml.html.document_fromstring(_EMPTY_DOC, base_url=url)
    elif max_elements and text.count("<") > max_elements:  # every element starts with one
        elements = int(doc.xpath("count(//*)"))
        if elements > max_elements:
            cut_after(doc.xpath(f"(//*)[{max_elements}]")[0])
            if doc.find("body") is None:
                doc.append(doc.makeelement("body", {}))
            warnings.append(f"{OVER_BUDGET}: the page has {elements} elements; the first {max_elements} "
                            "were read")
            log.warning("%s: %s", url, warnings[-1])
    return doc, warnings


def cut_after(last: etree._Element) -> None:
    """Remove every element that comes after ``last`` in page order (its descendants, its
    following siblings and those of its ancestors); text already read stays."""
    for child in list(last):
        last.remove(child)
    node: etree._Element | None = last
    while node is not None:
        parent = node.getparent()
        if parent is not None:
            for sib in list(node.itersiblings()):
                parent.remove(sib)
        node = parent


def load_html(html: str | bytes | None, url: str) -> lxml.html.HtmlElement:
    """Parse a page into an lxml tree rooted at ``<html>``; never raises on bad markup."""
    return load_document(html, url)[0]


def _parse(text: str, url: str, raw: bytes | None = None,
           warnings: list[str] | None = None) -> lxml.html.HtmlElement | None:
    """Parse ``text`` (or ``raw``, the same page as UTF-8 bytes) with libxml2's HTML parser, and
    with BeautifulSoup where libxml2 stops at its nesting limit (noted in ``warnings``)."""
    if not text or text.isspace():
        return None
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              collect_ids=False, default_doctype=False)
    # Every element is an HtmlElement (text_content() and friends) through a C-level lookup;
    # lxml.html's own per-tag lookup runs Python code for each element proxy and costs more
    # than the parse itself on large pages.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=ELEMENT_CLASS))
    try:
        data = raw if raw is not None else text.encode("utf-8", errors="replace")
        data = data.translate(None, _CONTROL_BYTES)
        root = etree.fromstring(data, parser=parser, base_url=url)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if _too_deep(parser) and len(text) <= SOUP_MAX_BYTES:
        # libxml2 stopped reading where the page nests deeper than it allows: read it again
        log.warning("%s: %s", url, TOO_DEEP)
        if warnings is not None:
            warnings.append(TOO_DEEP)
        from .soup import parse_with_soup  # BeautifulSoup is loaded by the rare page that needs it

        return parse_with_soup(text, parser.makeelement)
    if root is None:
        return None
    if root.tag != "html":
        return None
    if root.find("body") is None:
        root.append(root.makeelement("body", {}))
    return root


def _too_deep(parser: etree.HTMLParser) -> bool:
    """Whether libxml2 gave up on the page because of its nesting limit."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message
               for e in parser.error_log)


def all_text(el: etree._Element) -> str:
    """The text of ``el`` and its descendants, as ``text_content()`` gives it, at half the cost
    (serialised as text in one call instead of evaluated as an XPath ``string()``)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


IDEOGRAPHIC_SPACE = "\u3000"
_SPACE_RUN = re.compile(r"\s+")


def collapse_space(text: str) -> str:
    """``text`` with each run of white space one space, and without white space at its ends; a run
    of ideographic spaces stays one (CJK titles separate their phrases with it)."""
    if IDEOGRAPHIC_SPACE not in text:
        return " ".join(text.split())
    return _SPACE_RUN.sub(_one_space, text).strip()


def _one_space(run: re.Match[str]) -> str:
    return IDEOGRAPHIC_SPACE if set(run.group()) == {IDEOGRAPHIC_SPACE} else " "


#: How much more raw text than a limit :func:`text_shorter` collapses before collapsing all of it.
COLLAPSE_PROBE = 4


def text_of(el: etree._Element) -> str:
    """The text of ``el`` with whitespace collapsed."""
    return " ".join(all_text(el).split())


def text_shorter(el: etree._Element, limit: int) -> bool:
    """``len(text_of(el)) < limit``; a text shorter than that before collapsing is not collapsed,
    and of a long one only as much as it takes (the collapsed start of a text is the start of its
    collapsed text, but for one trailing space)."""
    text = all_text(el)
    if len(text) < limit:
        return True
    if len(text) > COLLAPSE_PROBE * limit and len(" ".join(text[:COLLAPSE_PROBE * limit].split())) > limit:
        return False
    return len(" ".join(text.split())) < limit


def hiding_style(style: str | None) -> bool:
    """Whether an inline ``style`` hides its element (``display: none``, ``visibility: hidden``)."""
    if not style or ("none" not in style and "hidden" not in style):
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


#: Where a sentence ends: a word's last character and a full stop, question or exclamation mark.
SENTENCE_END = re.compile(r"\w[.!?。！？](?:\s|$)")
#: Share of words a heading must have in common with the article's title to read as that title.
TITLE_SIMILARITY = 0.75
_WORD = re.compile(r"\w+", re.U)


def title_similarity(a: str, b: str) -> float:
    """Words two texts share, as a share of the larger text's distinct words (a heading against
    the article's title)."""
    ta, tb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    if not ta or not tb:
        return 0.0
    common = len(set(ta) & set(tb))
    return common / max(len(set(ta)), len(set(tb)))


def reads_as_title(heading: str, title: str) -> bool:
    """Whether a heading reads as the article's title, or as that title after a kicker the title
    was stripped of ("Zoonosen – Wie Umweltzerstörung …" for "Wie Umweltzerstörung …")."""
    if title_similarity(heading, title) >= TITLE_SIMILARITY:
        return True
    key = " ".join(_WORD.findall(title.lower()))
    return bool(key) and " ".join(_WORD.findall(heading.lower())).endswith(key)


@lru_cache(maxsize=HINT_MEMO)
def hint(pattern: re.Pattern[str], value: str) -> bool:
    """Whether ``pattern`` (written in lower case) occurs in ``value`` ignoring case; memoised,
    since templates repeat the same class/id strings. Lower-casing first is several times
    faster than a case-insensitive pattern."""
    return pattern.search(value.lower()) is not None


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
    first = href[0]
    if first == "/" and href[1:2] != "/":  # root-relative: memoised per site, not per page
        origin = _origin(base_url)
        if origin is not None:
            found = _rooted(href, origin, keep_fragment)
            if found is not False:
                return found
    elif first == "h":  # already absolute: memoised whatever page links to it
        found = _absolute(href, keep_fragment)
        if found is not False:
            return found
    return _absolutize(href, base_url, keep_fragment)


@lru_cache(maxsize=URL_MEMO)
def _rooted(href: str, origin: str, keep_fragment: bool) -> str | Literal[False]:
    """``origin`` + a root-relative ``href``; False when it needs a full resolution (dot
    segments, surrounding or embedded whitespace)."""
    if "/." in href or href[-1:].isspace() or "\n" in href or "\r" in href or "\t" in href:
        return False
    return origin + (href if keep_fragment else href.split("#", 1)[0])


@lru_cache(maxsize=URL_MEMO)
def _absolute(href: str, keep_fragment: bool) -> str | Literal[False]:
    """A plain absolute http(s) ``href`` as is (fragment dropped unless kept); False for anything
    else."""
    if not _PLAIN_ABSOLUTE.match(href):
        return False
    return href if keep_fragment else href.split("#", 1)[0]


@lru_cache(maxsize=512)
def _origin(base_url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) base URL, or None."""
    try:
        parts = urlsplit(base_url)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=URL_MEMO)
def _absolutize(href: str, base_url: str, keep_fragment: bool) -> str | None:
    href = href.strip()
    if "\n" in href or "\r" in href or "\t" in href:
        href = href.replace("\n", "").replace("\r", "").replace("\t", "")
    if not href or href[0] == "#":
        return None
    if _PLAIN_ABSOLUTE.match(href):
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


def image_source(img: etree._Element, base_url: str) -> str | None:
    """The best source of an ``<img>``: ``src`` unless it is a lazy-loading placeholder, then the
    ``data-*`` sources, then the widest ``srcset`` candidate."""
    src = (img.get("src") or "").strip()
    if src and not PLACEHOLDER_SRC.search(src):
        return resolve(src, base_url)
    for attr in LAZY_SRC_ATTRS:
        if img.get(attr):
            found = resolve(img.get(attr), base_url)
            if found:
                return found
    for attr in LAZY_SRCSET_ATTRS:
        best = best_srcset(img.get(attr) or "")
        if best:
            return resolve(best, base_url)
    return None


def best_srcset(srcset: str) -> str | None:
    """The widest (or highest-density) candidate URL of a ``srcset`` attribute."""
    best, best_w = None, -1.0
    for cand in srcset.split(","):
        parts = cand.split()
        if not parts:
            continue
        width = 1.0
        if len(parts) > 1:
            m = re.match(r"([\d.]+)[wx]$", parts[1])
            width = float(m.group(1)) if m else 1.0
        if width > best_w:
            best, best_w = parts[0], width
    return best


def count_children(el: etree._Element, upto: int) -> int:
    """How many children ``el`` has, counting no further than ``upto + 1``. lxml answers
    ``len(el)`` by walking every child, so asking it of each child of a large element costs the
    square of its size; this reads at most ``upto + 1`` children."""
    count = 0
    for _child in el:
        count += 1
        if count > upto:
            break
    return count


def is_inside(el: etree._Element, scope: etree._Element) -> bool:
    """True when ``el`` is ``scope`` or one of its descendants (and so still attached to it)."""
    node = el
    while node is not None:
        if node is scope:
            return True
        node = node.getparent()
    return False
