"""The lead paragraph a template keeps outside the article's text: a standfirst, teaser or abstract
set between the headline and the body (``<p class="article-intro">``), often the page's own
description. Content scoring picks the block of paragraphs below it; this module finds the lead
that comes before that block and belongs with it."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from .cleanup import attrs_of, link_density
from .cleanup_hints import SUBTITLE_HINT
from .document import TITLE_SIMILARITY, hint, title_similarity
from .related_labels import short_text

MIN_LEAD_CHARS = 60
#: How much longer than the page's description a lead that begins with it may be.
MAX_LEAD_GROWTH = 3
MAX_LEAD_CHARS = 1500
MAX_LEAD_LINK_DENSITY = 0.2
MAX_ELEMENTS_BETWEEN = 45  # a lead further from the body (past picture, byline, tools) is the header's
MAX_ELEMENTS_READ = 200  # elements read back from the content (a lead with its own descendants)
#: Elements that can hold a lead paragraph.
LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "section", "span", "strong", "header"})
#: Of those, the ones that wrap other blocks: with more children than this, a lead only when
#: their class says so.
MAX_WRAPPER_CHILDREN = 2
WRAPPER_TAGS = frozenset({"div", "section", "header"})
_WORDS = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def find_lead(root: etree._Element, content_start: etree._Element, description: str | None,
              body_text: str, title: str | None = None) -> etree._Element | None:
    """The last lead-like element of ``root`` before ``content_start`` (in document order, after
    the page's headline ``<h1>`` when there is one, and at most :data:`MAX_ELEMENTS_BETWEEN`
    elements before it) whose text the body does not already hold: one with a subtitle/intro
    class, or one whose text is the page's description or begins with it. The page is read backwards from the
    content, so only the few elements before it are ever looked at. With the article's ``title``
    known, an ``<h1>`` that does not read as it (a widget's, a leftover template's) is passed."""
    want = " ".join(_words(description or "")) if description and len(description) >= MIN_LEAD_CHARS else ""
    body_words: str | None = None
    seen = 0
    for el in preceding(content_start):
        seen += 1
        if seen > MAX_ELEMENTS_READ:
            break
        tag = el.tag
        if tag == "h1":
            if title and title_similarity(short_text(el, MAX_LEAD_CHARS) or "", title) < TITLE_SIMILARITY:
                continue
            return None  # a lead follows the headline: none between it and the content
        if tag not in LEAD_TAGS:
            continue
        attrs = attrs_of(el)
        marked = bool(attrs) and hint(SUBTITLE_HINT, attrs)
        if not marked and (not want or (tag in WRAPPER_TAGS and len(el) > MAX_WRAPPER_CHILDREN)):
            continue
        text = short_text(el, MAX_LEAD_CHARS)  # reading stops past the limit
        if text is None or len(text) < MIN_LEAD_CHARS:
            continue
        words = " ".join(_words(text))
        begins = words.startswith(f"{want} ") and len(words) <= MAX_LEAD_GROWTH * len(want)
        if not marked and words != want and not begins:
            continue  # the description is the lead, or its first sentences
        if body_words is None:
            body_words = f" {' '.join(_words(body_text))} "
        if f" {words} " in body_words or link_density(el, len(text)) > MAX_LEAD_LINK_DENSITY:
            continue
        between = seen - 1 - sum(1 for _ in el.iterdescendants())
        if between > MAX_ELEMENTS_BETWEEN:
            return None
        if root.find(".//h1") is not None and not content_start.xpath("boolean(preceding::h1)"):
            return None  # the page's headline comes after this: no lead of it here
        return el
    return None


def preceding(el: etree._Element) -> Iterator[etree._Element]:
    """The nodes (comments and ``el``'s ancestors included) before ``el``, in reverse document
    order."""
    node: etree._Element | None = el
    while node is not None:
        for sib in node.itersiblings(preceding=True):
            yield from reversed(list(sib.iter()))
        node = node.getparent()
        if node is not None:
            yield node  # a wrapper of the content opens before it


def following(el: etree._Element) -> Iterator[etree._Element]:
    """The elements after ``el`` and not inside it, in document order (XPath's ``following::*``,
    read only as far as the caller goes: that axis is the rest of the page)."""
    node: etree._Element | None = el
    while node is not None:
        for sib in node.itersiblings():
            yield from sib.iter(etree.Element)
        node = node.getparent()


def with_lead(content: etree._Element, lead: etree._Element) -> etree._Element:
    """``content`` with a copy of ``lead`` as its first block (a heading lead becomes a paragraph)."""
    block = copy.deepcopy(lead)
    block.tail = None
    if block.tag in ("h2", "h3", "h4", "span", "strong"):
        block.tag = "p"
    content.insert(0, block)
    if content.text and content.text.strip():
        block.tail, content.text = content.text, None
    return content
