"""Photo credits: the elements that say they are one.

A picture's credit is not the article's text. An element of its own whose class or id says it is
one (``<span class="photo-credit">``, ``class="content-media__credit"``, ``"photographer"``,
``"copyright"``, ``"credito"``, ``"fotograf"``, ``"bildnachweis"``) is dropped when it is short,
holds no picture and is not a table's cell (a "credit" column of figures) or a wrapper of other
blocks. A credit line that makes up a whole block goes with the other boilerplate lines
(:mod:`.boilerplate`). Credits go once the content is chosen and cleaned: the extraction
attempts compare it, and the conditional cleaning judges its blocks, as they were written.
"""

from __future__ import annotations

import re

from lxml import etree

from .cleanup import attrs_of, drop
from .cleanup_hints import CREDIT_HINT
from .document import hint, text_shorter

MAX_CREDIT_ELEMENT_CHARS = 150  # an element with a credit class holding more text is more than that

#: A separator before a credit element, at the end of the text before it.
_SEPARATOR_BEFORE = re.compile(r"\s+[|/·•–—-]+\s*$")
#: Tags a credit hint never drops: a table's grid, and what is a picture or holds one.
_NOT_CREDITS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "img", "picture", "figure",
                          "body", "html", "article", "main"})
#: The descendants of an element that have a class or an id, and those classes and ids.
_WITH_CLASS_OR_ID = etree.XPath(".//*[@class or @id]")
_CLASSES_AND_IDS = etree.XPath(".//@class|.//@id", smart_strings=False)
#: What a credit element does not hold: a picture, or blocks of its own (then it wraps a caption
#: or a summary together with the credit, as ``class="summary-credit"``).
_NOT_IN_CREDITS = ("img", "picture", "figure", "video", "p", "div", "ul", "ol", "li", "table", "blockquote",
                   "section", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6")


def remove_credits(content: etree._Element) -> None:
    """Drop the credit elements of ``content`` (in place; see the module docstring)."""
    drop_credit_elements(content)


def drop_credit_elements(content: etree._Element) -> None:
    """Drop the short elements of ``content`` whose class or id says they are a photo credit."""
    if not CREDIT_HINT.search("\n".join(_CLASSES_AND_IDS(content)).lower()):
        return  # most bodies have none: one search tells
    found = [el for el in _WITH_CLASS_OR_ID(content)
             if el.tag not in _NOT_CREDITS and _credit_hint(el) and is_credit_element(el)]
    dropped = set(found)
    for el in found:
        if not any(anc in dropped for anc in el.iterancestors()):
            _drop_credit(el)


def _drop_credit(el: etree._Element) -> None:
    """Drop a credit element, and the separator that set it off from the caption before it
    ("Symbolbild Rettungsdienst | <span class="credit">…</span>")."""
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None and prev.tail:
        prev.tail = _SEPARATOR_BEFORE.sub(" ", prev.tail)
    elif prev is None and parent is not None and parent.text:
        parent.text = _SEPARATOR_BEFORE.sub(" ", parent.text)
    drop(el)


def _credit_hint(el: etree._Element) -> bool:
    attrs = attrs_of(el)
    return bool(attrs) and hint(CREDIT_HINT, attrs)


def is_credit_element(el: etree._Element) -> bool:
    """Whether an element whose class/id says it is a credit is one: short, and holding neither
    a picture nor blocks of its own."""
    return (text_shorter(el, MAX_CREDIT_ELEMENT_CHARS)
            and next(el.iterdescendants(*_NOT_IN_CREDITS), None) is None)
