"""Date lines marked up as such: a short element that is one or two ``<time>`` elements and a
label ("<div><time>9-sentabr, 2024</time> Yangilangan: <time>…</time></div>") is the article's
date line in any language, whether or not its month names are known (:mod:`.boilerplate` reads
date lines by their words, in the languages it knows).
"""

from __future__ import annotations

from lxml import etree

from .boilerplate_words import READING_TIME
from .cleanup import drop
from .document import text_of
from .related_labels import short_text

#: The longest text of a date line, and the words in it outside its ``<time>`` elements (a
#: label: "Published", "Updated:", "Yangilangan:").
MAX_DATE_LINE_CHARS = 90
MAX_LABEL_WORDS = 3
#: A list of the article's header: at most this many items, each this short.
MAX_META_ITEMS = 4
MAX_META_ITEM_CHARS = 60
MIN_TEXT_CHARS = 600  # the most text of a header before such a list (kicker, standfirst, caption)
#: Where a ``<time>`` is the content's own: a table's cells, list items (a timeline, a schedule),
#: code, quotations and figures.
KEPT_AROUND = frozenset({"table", "tr", "td", "th", "li", "dd", "dt", "pre", "code", "blockquote", "figure"})
#: The elements a date line is: a block of its own (an inline ``<time>`` or ``<span>`` among other
#: words is part of a longer line: "Erschienen am <time>…</time> im Format <span>…</span>").
LINE_TAGS = frozenset({"div", "p", "header", "footer", "section", "address"})
#: What a date line does not hold.
NOT_IN_LINE = ("p", "img", "picture", "video", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6")


def drop_date_lines(content: etree._Element) -> None:
    """Drop (in place) the short elements of ``content`` made of ``<time>`` elements and at most
    a label, set apart from the text around them; a ``<time>`` inside a sentence, a table or a
    list stays, except in a list of the article's header (:func:`_meta_list`)."""
    for meta in [el for el in content.iter("ul", "ol") if _meta_list(el, content)]:
        drop(meta)
    for time in list(content.iter("time")):
        if time.getparent() is None or any(a.tag in KEPT_AROUND for a in time.iterancestors()):
            continue
        line = None
        node = time
        while node is not content and node.getparent() is not None:
            if not _date_line(node):
                break
            line, node = node, node.getparent()
        if line is not None and line is not content and line.tag in LINE_TAGS and _apart(line):
            drop(line)


def _date_line(el: etree._Element) -> bool:
    text = short_text(el, MAX_DATE_LINE_CHARS)  # reading stops past that: a large parent costs no more
    if text is None or next(el.iterdescendants(*NOT_IN_LINE), None) is not None:
        return False
    shown = sum(len(text_of(t).split()) for t in el.iter("time"))
    return len(text.split()) - shown <= MAX_LABEL_WORDS


def _apart(line: etree._Element) -> bool:
    """Whether no text runs on before or after ``line`` (a date inside a sentence does)."""
    before = line.getprevious()
    parent = line.getparent()
    text = before.tail if before is not None else parent.text if parent is not None else None
    return not (text or "").strip() and not (line.tail or "").strip()


def _meta_list(el: etree._Element, content: etree._Element) -> bool:
    """A short list of two items or more at the top whose items are the article's date lines and
    its reading time ("<ul><li><time>Published …</time></li><li><time>Updated …</time></li><li>6 min
    read</li></ul>"): a timeline or a schedule further down, or with longer items, stays."""
    items = [c for c in el if isinstance(c.tag, str)]
    if not 2 <= len(items) <= MAX_META_ITEMS:
        return False
    dates = 0
    for item in items:  # each read only up to a short item's length: a large list costs no more
        text = short_text(item, MAX_META_ITEM_CHARS)
        if text is None or item.tag != "li":
            return False
        if item.find(".//time") is not None and _date_line(item):
            dates += 1
        elif not READING_TIME.search(text.lower()):
            return False
    return dates > 0 and _text_before(content, el) < MIN_TEXT_CHARS  # at the top, before the text


def _text_before(content: etree._Element, el: etree._Element) -> int:
    """How much text of ``content`` comes before ``el`` (counted up to :data:`MIN_TEXT_CHARS`)."""
    around = set(el.iterancestors())  # their tails come after ``el``
    seen = len((content.text or "").strip())
    for node in content.iterdescendants():
        if node is el or seen >= MIN_TEXT_CHARS:
            break
        seen += len((node.text or "").strip()) + (0 if node in around else len((node.tail or "").strip()))
    return seen
