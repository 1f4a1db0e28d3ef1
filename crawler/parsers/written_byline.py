"""Where a byline written out in words may start: the text nodes of an article that open with "By"
(or the like, :data:`WRITTEN_BY_WORDS`) or with a label of :data:`.names.BYLINE_LABELS` and its
colon ("Autors:", "Հեղինակ՝"); and two guards of that search (a line of a data card, the article
around an old layout's headline cell). :func:`.byline.extract_authors` reads the names there.
Also the reporters Japanese and Chinese papers name in the text itself, for a page that names
no author elsewhere: in brackets closing the story ("（山本健一）") or in its dateline
("京华晨报讯（记者 王晓宁）")."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..kernel.dates import find_date
from ..kernel.model import Section
from .document import all_text, text_shorter
from .names import BYLINE_LABELS
from .related_labels import short_text

#: Words that open a byline written out, in the languages :data:`.names.BY_PREFIX` reads, besides
#: the labels of :data:`.names.BYLINE_LABELS` before their colon (found by :func:`byline_texts`).
WRITTEN_BY_WORDS = ("By", "by", "BY", "Written", "Posted", "Interview", "Interviewed", "Hosted", "Von", "Par",
                    "Por", "Door", "Di", "Author:", "Auteur:", "Muhabir:", "Haber:", "Reporter:", "ရေးသားသူ",
                    "သတင်းထောက်", "Сурвалжлагч", "Ngu-", "Daga", "Vun", "Gan", "Nosoratan'i", "Nosoratan’i")
#: The text nodes whose first word is one of them (one pass over the article's text nodes).
_BY_TEXT_PATH = (".//text()[contains($words, concat('|', "
                 "substring-before(concat(normalize-space(.), ' '), ' '), '|'))]")
_BY_TEXT = etree.XPath(_BY_TEXT_PATH)
#: The colons a byline label ends with (Armenian and Ethiopic ones too), and the labels as words.
_LABEL_COLON = re.compile(r"[:：՝፡៖]")
_LABEL_WORDS = frozenset(BYLINE_LABELS)
_LABEL_SIZES = sorted({len(label) for label in BYLINE_LABELS}, reverse=True)  # the longest first
_BY_WORDS_ARG = "|" + "|".join(WRITTEN_BY_WORDS) + "|"
#: Any of the words before white space, anywhere in the text: a cheap test before the walk.
_ANY_BY_WORD = re.compile("(?:" + "|".join(map(re.escape, WRITTEN_BY_WORDS)) + r")\s")
#: A line of a data card: a short label, its colon and a value.
DATA_LINE = re.compile(r"^\s*[^\W\d_][^:]{0,24}:\s*\S")
MIN_CARD_LINES = 3
MAX_CARD_LOOK = 4  # siblings looked at on each side
MAX_CARD_LINE_CHARS = 120
MAX_WRITTEN_BYLINES = 3  # text nodes opening with such a word that are tried, in page order
MAX_LABEL_CHARS = 40  # text before a colon looked at for a label
MIN_REGION_CHARS = 500  # less text than this is no article to look for a byline in
MAX_WIDER_LEVELS = 4  # elements climbed from a headline's cell to the article around it


def wider_region(region: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The nearest element around ``region`` with an article's worth of text, when ``region`` is a
    table cell with too little to be the article (an old layout's headline cell); None otherwise."""
    if region.tag not in ("td", "th") or not text_shorter(region, MIN_REGION_CHARS):
        return None
    for _ in range(MAX_WIDER_LEVELS):
        region = region.getparent()
        if region is None or region.tag in ("body", "html"):
            return None
        if not text_shorter(region, MIN_REGION_CHARS):
            return region
    return None


def byline_texts(scope: lxml_html.HtmlElement) -> list[Any]:
    """The text nodes of ``scope`` that may open a byline, in page order: those whose first word is
    one of :data:`WRITTEN_BY_WORDS`, and those that start with a label of
    :data:`.names.BYLINE_LABELS` and its colon ("Autors:", "Հեղինակ՝"), as the page writes it."""
    text = all_text(scope)
    labels = _labels_before_colons(text)
    if labels:
        starts = " or ".join(f"starts-with(normalize-space(.), {_literal(label)})" for label in labels)
        return etree.XPath(_BY_TEXT_PATH.replace("]", f" or {starts}]", 1))(scope, words=_BY_WORDS_ARG)
    return _BY_TEXT(scope, words=_BY_WORDS_ARG) if _ANY_BY_WORD.search(text) else []


def _labels_before_colons(text: str) -> list[str]:
    """The byline labels of :data:`.names.BYLINE_LABELS` that stand before a colon in ``text``, as
    the text writes them; the page's text nodes are joined without spaces, so a label may follow
    a word of the text before it ("…penzionerePiše:"). One look-up per label length and colon: a
    pattern of every label would cost more than the rest of the byline search."""
    found: set[str] = set()
    for colon in _LABEL_COLON.finditer(text):
        before = text[max(0, colon.start() - MAX_LABEL_CHARS):colon.start()].rstrip()
        low = before.lower()
        if len(low) != len(before):
            continue  # lower-casing changed its length: no slice of it matches the text
        for size in _LABEL_SIZES:
            if size <= len(low) and low[-size:] in _LABEL_WORDS:
                found.add(before[-size:])
                break
        if len(found) >= MAX_WRITTEN_BYLINES:
            break
    return sorted(found)


def in_data_card(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is one line of a card of "Label: value" lines (a book's or a product's data:
    title, pages, publisher), at least :data:`MIN_CARD_LINES` others beside it that are no dates."""
    lines = 0
    for side in (el.itersiblings(preceding=True), el.itersiblings()):
        for n, sib in enumerate(side):
            if n >= MAX_CARD_LOOK:
                break
            text = short_text(sib, MAX_CARD_LINE_CHARS) if isinstance(sib.tag, str) else None
            if text and DATA_LINE.match(text) and find_date(text) is None:
                lines += 1
    return lines >= MIN_CARD_LINES


def _literal(text: str) -> str:
    """``text`` as an XPath string literal (the labels hold no quotes of both kinds)."""
    return f"'{text}'" if "'" not in text else f'"{text}"'


#: A Japanese or Chinese reporter's name in brackets, the last line of the text ("（山本健一）").
CLOSING_CREDIT = re.compile(r"^[（(]\s*([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,5}"
                            r"(?:[ \u3000][\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{1,4})?)\s*[）)]$")


def closing_credit(sections: list[Section]) -> tuple[str | None, list[Section]]:
    """The reporter named on the last line of the body as Japanese and Chinese papers name them,
    and the body without that line; (None, ``sections``) when the text does not end so."""
    if not sections:
        return None, sections
    last = sections[-1]
    head, _sep, line = last.markdown.rstrip().rpartition("\n\n")
    found = CLOSING_CREDIT.match(line.strip())
    if found is None:
        return None, sections
    rest = [*sections[:-1], replace(last, markdown=head.rstrip())] if head.strip() or last.heading else \
        sections[:-1]
    return found.group(1), rest


#: A Chinese paper's dateline naming its reporters: "京华晨报讯（记者 王晓宁）", "新华社北京3月13日电（记者
#: 张三 李四）"; group 1 holds the names.
LEAD_CREDIT = re.compile(r"^[^（(。]{0,40}?(?:讯|訊|电|電)\s*[（(]\s*(?:记者|記者)\s*"
                         r"([\u4e00-\u9fff]{2,4}(?:[ 、\u3000][\u4e00-\u9fff]{2,4}){0,3})\s*[）)]")


def lead_credit(sections: list[Section]) -> list[str]:
    """The reporters a Chinese story's first paragraph names in its dateline, [] when it names none."""
    first = next((s.markdown for s in sections if s.markdown.strip()), "")
    found = LEAD_CREDIT.match(first.lstrip(" \u3000"))
    return re.split(r"[ 、\u3000]", found.group(1)) if found else []
