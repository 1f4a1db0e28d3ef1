"""Whether a short text labels a related-article list ("Also read:", "You may also like"), and
the cheap tests that rule most elements out before their text is read (the first word of their
text; their text read only up to a limit).

The words and phrases themselves are in :mod:`.related_words`. Also what stands beside a label and
is no part of its list: a "View all" link, a wiki's "[edit]" link, text for screen readers.
"""

from __future__ import annotations

import re

from lxml import etree

from .cleanup_hints import SCREEN_READER
from .document import text_of
from .related_words import (
    FIRST_WORD,
    LABEL_FIRST_WORDS,
    LABEL_SEPARATORS,
    LABEL_WORD_PREFIXES,
    MAX_MORE_LINK_CHARS,
    MAX_MORE_LINK_WORDS,
    MORE_LINK,
    RELATED_LABEL,
    lower_text,
)

MAX_LABEL_CHARS = 60
LABEL_ENDS = frozenset(LABEL_SEPARATORS)
EDIT_SECTION = re.compile(r"edit-?section|section-?edit", re.I)  # a wiki's "[edit]" beside a heading


def _first_word(text: str) -> re.Match[str]:
    """The leading word of ``text`` (group 1, maybe empty); the pattern matches every string."""
    found = FIRST_WORD.match(text)
    assert found is not None
    return found


def short_text(el: etree._Element, limit: int) -> str | None:
    """``el``'s text with its white space collapsed (as :func:`.document.text_of`) when it has at most
    ``limit`` characters other than white space, else None. Reading stops as soon as the limit
    is passed, so asking whether a large element is short costs about ``limit`` characters,
    however large the element."""
    parts: list[str] = []
    length = 0
    letters = -1  # counted once the raw text passes the limit (it may be mostly white space)
    for n, piece in enumerate(el.itertext()):
        parts.append(piece)
        if letters < 0:
            length += len(piece)
            if length > limit:
                letters = len("".join("".join(parts).split()))
        else:
            letters += len("".join(piece.split()))
        if letters > limit or n > 4 * limit + 16:
            return None
    return " ".join("".join(parts).split())


def label_text(text: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", text.replace("’", "'"))


def may_be_label(raw: str) -> bool:
    """A cheap first test: does the text start with a word some label starts with?"""
    return _first_word(lower_text(raw.lstrip()[:40])).group(1) in LABEL_FIRST_WORDS


def is_related_label(text: str) -> bool:
    """Whether a short text is a related-articles label ("Also read:", "You may also like")."""
    if len(text) > MAX_LABEL_CHARS or not may_be_label(text):
        return False
    return bool(RELATED_LABEL.match(label_text(text)))


def lead_rules_out(el: etree._Element, leads: dict[etree._Element, str | None] | None = None) -> bool:
    """True when the start of ``el``'s text already shows that it is no label: it has no text, or
    its first word (or the part of it seen so far) starts no label. The start is the first
    non-blank text of ``el`` in document order (its own text, else down its first children).
    ``leads``: the first texts found below elements so far, for a walk over a page that does not
    change it (a wrapper's children are asked again)."""
    lead = el.text
    if not lead or lead.isspace():
        lead = _first_text(el, {} if leads is None else leads)
        if lead is None:
            return True  # no text at all
    start = lower_text(lead.lstrip()[:40])
    match = FIRST_WORD.match(start)
    assert match is not None  # the pattern matches every string
    if match.end() == len(start):  # the word may go on in the next text node
        return match.group(1) not in LABEL_WORD_PREFIXES
    return match.group(1) not in LABEL_FIRST_WORDS


def _first_text(el: etree._Element, leads: dict[etree._Element, str | None]) -> str | None:
    """The first text below ``el``'s own in document order that is not all white space (as
    ``itertext`` gives it: each child's text, then what is below it, then its tail), or None;
    memoised in ``leads``."""
    if el in leads:
        return leads[el]
    found = None
    for child in el:
        if isinstance(child.tag, str):  # not a comment: its content is no text
            text = child.text
            if text and not text.isspace():
                found = text
                break
            if len(child):
                text = _first_text(child, leads)
                if text is not None:
                    found = text
                    break
        text = child.tail
        if text and not text.isspace():
            found = text
            break
    leads[el] = found
    return found


# --- what stands beside a label: its list's controls ----------------------------------------------
def beside_label(el: etree._Element) -> bool:
    """Whether ``el`` is no sibling to read after a label: a "View all" link (Shopify's and Wix's
    list headers), a wiki's "[edit]" link beside a section's heading, or text for screen readers
    only ("list of 3 items" before Al Jazeera's "Keep reading" list)."""
    if _more_link(el) or _edit_control(el):
        return True
    cls = el.get("class")
    return bool(cls) and SCREEN_READER.search(cls.lower()) is not None


def _edit_control(el: etree._Element | None) -> bool:
    """Whether ``el`` is a wiki's link to edit the section ("mw-editsection") or part of one."""
    if el is None:
        return False
    cls = el.get("class")
    return cls is not None and EDIT_SECTION.search(cls) is not None


def _more_link(el: etree._Element) -> bool:
    """Whether ``el`` is a short link of its own ("View all", "See all", "Mehr"), which list
    headers put beside their label."""
    if el.tag != "a" or len(el) > 2:
        return False
    text = short_text(el, MAX_MORE_LINK_CHARS)
    return (text is not None and 0 < len(text.split()) <= MAX_MORE_LINK_WORDS
            and MORE_LINK.match(text) is not None)


def label_only(wrapper: etree._Element, label: str) -> bool:
    """Whether ``wrapper`` holds the ``label``'s text and nothing else but a "View all" link or a
    wiki's "[edit]" link."""
    text = short_text(wrapper, len(label) + MAX_MORE_LINK_CHARS + 1)
    if text is None or text == label:
        return text == label
    more = [a for a in wrapper.iter()
            if _more_link(a) or (_edit_control(a) and not _edit_control(a.getparent()))]
    return len(more) == 1 and " ".join(text.replace(text_of(more[0]), " ", 1).split()) == label
