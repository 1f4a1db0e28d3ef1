"""A summary box a template sets between the headline and the body, outside the body's element: a
news story's "Key points", a guide's "Key takeaways", a review's "Our verdict" with its pros and
cons. The writer's own words, so they belong to the article; content scoring and a marked
``articleBody`` both start below them. This module finds such a box before the content, by the
label that heads it."""

from __future__ import annotations

from lxml import etree

from .cleanup_hints import MAX_SUMMARY_LABEL_CHARS, SUMMARY_LABEL
from .document import is_inside
from .lead import MAX_ELEMENTS_READ, preceding
from .related_labels import short_text

#: Elements that can hold the label.
LABEL_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "div", "span", "header"})
MAX_BOX_CHARS = 2000


def find_summary_box(content_start: etree._Element) -> etree._Element | None:
    """The summary box last before ``content_start`` and after the page's headline (``<h1>``):
    the largest element around a summary label that holds neither the content nor more than
    :data:`MAX_BOX_CHARS` of text. None when the headline comes first, or when the box's label
    stands alone (nothing but the label under it)."""
    seen = 0
    for el in preceding(content_start):
        seen += 1
        if seen > MAX_ELEMENTS_READ or el.tag == "h1":
            return None
        if el.tag not in LABEL_TAGS:
            continue
        label = _label_text(el)
        if not label or not SUMMARY_LABEL.fullmatch(label.lower().replace("’", "'")):
            continue
        box = _box_around(el, content_start)
        if box is None or not box.xpath("boolean(preceding::h1)"):
            return None
        return box
    return None


def _label_text(el: etree._Element) -> str | None:
    """The text of a childless element, or of one with a single childless child ("<h3><span>Key
    points</span></h3>"), when it is short enough to be a label; None otherwise (read from the
    element's own strings, without walking it)."""
    if len(el) == 0:
        raw = el.text or ""
    elif len(el) == 1 and len(el[0]) == 0:
        raw = f"{el.text or ''}{el[0].text or ''}{el[0].tail or ''}"
    else:
        return None
    if not raw or len(raw) > 4 * MAX_SUMMARY_LABEL_CHARS:
        return None
    text = " ".join(raw.split())
    return text if 0 < len(text) <= MAX_SUMMARY_LABEL_CHARS else None


def _box_around(label: etree._Element, content_start: etree._Element) -> etree._Element | None:
    box = label
    parent = label.getparent()
    while parent is not None and parent.tag not in ("body", "html", "article", "main"):
        if is_inside(content_start, parent) or short_text(parent, MAX_BOX_CHARS) is None:
            break
        box, parent = parent, parent.getparent()
    if box is label or short_text(box, MAX_BOX_CHARS) == short_text(label, MAX_SUMMARY_LABEL_CHARS):
        return None  # the label alone: a heading of the article's own, or a box emptied by cleaning
    return box
