"""Where on a page access detection looks (see :mod:`.access`), found without a walk in Python.

Most pages hold no consent, wall or overlay hint and few text nodes with a trigger stem, so both
searches run on one string of the page first (attribute values, resp. text nodes, joined) and
only the elements and text nodes behind a hit are fetched as nodes:

* :func:`hinted_elements`: the elements whose class, id or role matches a consent, wall or
  overlay hint, ``<dialog>`` and ``aria-modal`` elements, in document order (a superset of the
  elements with hint bits: a class/id hint never spans the space between class and id). The
  parser does not call it: :class:`.domindex.DomIndex` files the elements with
  :func:`access_bits` away in its walk over the page;
* :func:`trigger_texts`: the text nodes outside scripts and styles holding the start of a
  trigger stem, found by one search of the lower-cased text of the page joined without
  separators (every place where a stem starts, also inside another stem's match). The text
  of scripts and styles (more than half of a page's text, as a rule) is left out of that string
  by emptying those elements while it is read; the text nodes are fetched only when a stem is
  found.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any

from lxml import etree

from .access_words import CONSENT_HINT, OVERLAY_HINT, TRIGGER_STEMS, WALL_HINT
from .patterns import compile_words

#: Any of the three (their alternatives side by side, grouped by first letter: most class names
#: are none of them, and this one search is all they cost).
ANY_HINT = compile_words("|".join(h.pattern for h in (CONSENT_HINT, WALL_HINT, OVERLAY_HINT)))
MAX_CACHE = 20000
CONSENT_BIT, WALL_BIT, OVERLAY_BIT = 1, 2, 4
DIALOG_ROLES = ("dialog", "alertdialog")
_bits_cache: dict[str, int] = {}  # "class id": its consent, wall and overlay bits (memoised)
_value_cache: dict[str, bool] = {}  # attribute value: whether it matches a hint (memoised)
_ALL_HINTED = etree.XPath(".//*[@class or @id or @role or @aria-modal or self::dialog]")
_ATTR_PATH = ".//@class | .//@id | .//@role | .//@aria-modal"
_ATTRS = etree.XPath(_ATTR_PATH, smart_strings=False)
_ATTRS_NODES = etree.XPath(_ATTR_PATH)
#: Any trigger stem, grouped by first letter: one scan of the page's text finds the leftmost stem
#: at each place; the places inside a match where another stem starts are tried one by one.
ANY_STEM = compile_words("|".join(re.escape(s) for s in sorted(TRIGGER_STEMS, key=len, reverse=True)))
#: For each stem, the places inside it where a stem can start (a stem begins with what follows
#: the place, or lies within it): only those are tried after a match.
INNER_STARTS = {stem: tuple(k for k in range(1, len(stem))
                            if any(s.startswith(stem[k:]) or stem[k:].startswith(s) for s in TRIGGER_STEMS))
                for stem in TRIGGER_STEMS}
#: Every text node (a predicate on the node's parent costs libxml2 more than the whole selection:
#: the few hits inside scripts and styles are left out afterwards).
_TEXTS = etree.XPath(".//text()")
#: Elements whose own text nodes are not the page's text.
NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})


def class_bits(attrs: str) -> int:
    """Consent, wall and overlay bits of a "class id" string (memoised: templates repeat them)."""
    bits = _bits_cache.get(attrs)
    if bits is None:
        lowered = attrs.lower()
        bits = 0
        if ANY_HINT.search(lowered):  # most class names are none of them: one test
            bits = ((CONSENT_BIT if CONSENT_HINT.search(lowered) else 0)
                    | (WALL_BIT if WALL_HINT.search(lowered) else 0)
                    | (OVERLAY_BIT if OVERLAY_HINT.search(lowered) else 0))
        if len(_bits_cache) > MAX_CACHE:
            _bits_cache.clear()
        _bits_cache[attrs] = bits
    return bits


def access_bits(el: etree._Element) -> int:
    """Consent, wall and overlay bits of the element's class, id and role (a ``<dialog>`` and an
    ``aria-modal`` element are overlays)."""
    get = el.get
    cls, ident = get("class"), get("id")
    bits = class_bits(f"{cls or ''} {ident or ''}") if cls or ident else 0
    role = get("role")
    if el.tag == "dialog" or (role and role.lower() in DIALOG_ROLES) or get("aria-modal") == "true":
        bits |= OVERLAY_BIT
    return bits


def hinted_elements(body: etree._Element) -> list[Any]:
    """Elements that may carry consent, wall or overlay hints (see the module's docstring)."""
    values: list[str] = _ATTRS(body)
    distinct = set(values)
    if "true" in distinct or next(body.iter("dialog"), None) is not None:
        return list(_ALL_HINTED(body))  # an aria-modal (or a class named so) or a dialog: rare
    cache = _value_cache
    matched: set[str] = set()
    for value in distinct:
        hit = cache.get(value)
        if hit is None:
            hit = bool(ANY_HINT.search(value.lower()))
            if len(cache) > MAX_CACHE:
                cache.clear()
            cache[value] = hit
        if hit:
            matched.add(value)
    if not matched:
        return []
    hits = [n for n, value in enumerate(values) if value in matched]
    attrs = _ATTRS_NODES(body)  # the same values, with their elements
    elements: dict[Any, None] = {}
    for n in hits:
        elements[attrs[n].getparent()] = None
    return list(elements)


def trigger_texts(body: etree._Element) -> list[Any]:
    """The text nodes (smart strings: ``getparent``, ``is_tail``) holding a trigger stem's start,
    in document order."""
    # the text of scripts and styles is most of a page's text and never the page's: it is taken
    # out of the tree while the page's text is read, and put back
    blanked = [(el, el.text) for el in body.iter(*NO_TEXT_TAGS) if el.text]
    try:
        for el, _ in blanked:
            el.text = None
        return _trigger_texts(body)
    finally:
        for el, text in blanked:
            el.text = text


def _trigger_texts(body: etree._Element) -> list[Any]:
    # the page's text is its text nodes joined: the offsets found in it are theirs
    page = etree.tostring(body, method="text", encoding=str, with_tail=False)
    lowered = page.lower()
    hits: list[int] = []
    starts = ANY_STEM.match
    for match in ANY_STEM.finditer(lowered):
        start = match.start()
        hits.append(start)
        hits.extend(start + k for k in INNER_STARTS[match.group()] if starts(lowered, start + k))
    if not hits:
        return []
    texts = _TEXTS(body)
    if len(lowered) != len(page):  # lower-casing changed lengths: each text node's lower-cased length
        lengths = [len(t.lower()) for t in texts]
    else:
        lengths = list(map(len, texts))
    offsets = [0, *accumulate(lengths)]
    found = []
    for n in sorted({bisect_right(offsets, i) - 1 for i in hits}):
        node = texts[n]
        owner = node.getparent()
        if node.is_tail and owner is not None:
            owner = owner.getparent()
        if owner is None or owner.tag not in NO_TEXT_TAGS:
            found.append(node)
    return found
