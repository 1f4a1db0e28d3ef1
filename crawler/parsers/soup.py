"""The second parser: BeautifulSoup for the pages libxml2 gives up on.

libxml2's HTML parser stops at 256 levels of nesting ("Excessive depth in document"): everything
after the point where a page nests that deep is silently lost. Old templates and generated pages
reach it easily with tags that are opened and never closed (``<font>``, ``<div>``, ``<td>``),
and then the article, usually after them, disappears. BeautifulSoup's ``html.parser`` tree
builder has no depth limit and keeps every piece of text, so such pages are parsed again with it
and its tree is turned into the same kind of lxml tree as the main path returns, iteratively:
past :data:`WRAPPER_DEPTH` levels, tags that only wrap one other tag are left out, and past
:data:`MAX_DEPTH` every tag is (its text kept in place), so that nothing downstream has to walk a
tree deeper than a normal page's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from lxml import etree

#: Below this depth, wrappers (a tag whose only content is one other tag, as in a chain of
#: unclosed ``<div><font>``) are left out: their one child takes their place.
WRAPPER_DEPTH = 32
#: Levels of nesting kept from the fallback parse; deeper tags give their text to the element at
#: this depth.
MAX_DEPTH = 128
#: Tags that make up the document's frame: their children are placed, the tags themselves are not.
_FRAME = frozenset({"html", "body"})
_SKIPPED = (Comment, Declaration, Doctype, ProcessingInstruction)

MakeElement = Callable[[str, dict[str, str]], etree._Element]


def parse_with_soup(text: str, make_element: MakeElement) -> etree._Element:
    """Parse ``text`` with BeautifulSoup and return an ``<html>`` root (``<head>`` and ``<body>``
    always present) built with ``make_element(tag, attributes)``."""
    soup = BeautifulSoup(text, "html.parser")
    root = make_element("html", {})
    head = make_element("head", {})
    body = make_element("body", {})
    root.append(head)
    root.append(body)
    # (source node, lxml parent, depth below <body>/<head>)
    stack: list[tuple[Any, etree._Element, int]] = [(child, body, 0) for child in reversed(soup.contents)]
    # the pieces of each element's text and tail, joined once at the end: past MAX_DEPTH, all the
    # text of a page may go to one element, and a string extended piece by piece is copied each time
    pieces: dict[tuple[etree._Element, bool], list[str]] = {}
    last_child: dict[etree._Element, etree._Element] = {}
    while stack:
        node, parent, depth = stack.pop()
        if isinstance(node, NavigableString):
            text = _xml_safe(str(node)) if not isinstance(node, _SKIPPED) else ""
            if text:
                last = last_child.get(parent)
                pieces.setdefault((parent, False) if last is None else (last, True), []).append(text)
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in _FRAME:
            target = parent
        elif name == "head" and parent is body and depth == 0:
            target = head
        elif depth >= MAX_DEPTH or (depth >= WRAPPER_DEPTH and _is_wrapper(node)):
            target = parent  # too deep, or only wraps: the tag goes, its content stays where it is
        else:
            element = _element(name, node.attrs, make_element)
            if element is None:
                target = parent
            else:
                parent.append(element)
                last_child[parent] = element
                target, depth = element, depth + 1
        stack.extend((child, target, depth) for child in reversed(node.contents))
    for (element, is_tail), texts in pieces.items():
        if is_tail:
            element.tail = "".join(texts)
        else:
            element.text = "".join(texts)
    return root


def _is_wrapper(node: Tag) -> bool:
    """Whether ``node`` holds exactly one tag and no text but whitespace."""
    tags = 0
    for child in node.contents:
        if isinstance(child, Tag):
            tags += 1
            if tags > 1:
                return False
        elif isinstance(child, NavigableString) and not isinstance(child, _SKIPPED) and not child.isspace():
            return False
    return tags == 1


def _element(name: str, attrs: dict[str, Any], make_element: MakeElement) -> etree._Element | None:
    """An lxml element for a tag, or None when lxml refuses its name; attributes lxml refuses
    (names with quotes or other characters XML does not allow) are left out."""
    try:
        element = make_element(name, {})
    except ValueError:
        return None
    for key, value in attrs.items():
        if isinstance(value, list):  # class and other multi-valued attributes
            value = " ".join(value)
        try:
            element.set(key, _xml_safe(str(value)))
        except (ValueError, TypeError):
            continue
    return element


def _xml_safe(text: str) -> str:
    """``text`` without the characters an lxml tree cannot hold (NUL, other C0 controls, lone
    surrogates)."""
    if text.isprintable() or not any(_bad(c) for c in text):
        return text
    return "".join(c for c in text if not _bad(c))


def _bad(c: str) -> bool:
    code = ord(c)
    return (code < 0x20 and c not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)
