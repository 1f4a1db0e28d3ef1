"""Pull quotes: a sentence of the article set again in large type beside it ("<blockquote
class="td_pull_quote">"). Its words are the article's already, so the copy goes; a block styled as
a pull quote that quotes something the text does not (WordPress's pull-quote block is often used
for any quotation) stays.
"""

from __future__ import annotations

import re

from lxml import etree

from .cleanup import drop
from .document import text_of

#: Elements whose class says pull quote.
_PULL_QUOTES = etree.XPath(".//*[contains(@class, 'ull') and contains(@class, 'uote')]")
PULL_QUOTE_CLASS = re.compile(r"(?:^|[\s_-])pull[-_]?quotes?(?:$|[\s_-])|pullquote", re.I)
_WORD = re.compile(r"[^\W\d_]{3,}")
#: The share of a pull quote's words that one paragraph of the text holds when it is that
#: paragraph's copy (a pull quote is often cut or reworded a little).
MIN_SHARED = 0.7
MIN_WORDS = 4
MAX_QUOTES = 20  # pull quotes of one article looked at


def drop_pull_quotes(content: etree._Element) -> None:
    """Drop (in place) the pull quotes of ``content`` whose words a paragraph of it already holds."""
    quotes = [el for el in _PULL_QUOTES(content)[:MAX_QUOTES]
              if PULL_QUOTE_CLASS.search(el.get("class") or "")]
    quotes = [q for q in quotes if not any(a in quotes for a in q.iterancestors())]
    if not quotes:
        return
    inside = {el for q in quotes for el in q.iter()}
    # paragraphs do not nest: each one's text is read once
    paragraphs = [set(_WORD.findall(text_of(p).lower())) for p in content.iter("p") if p not in inside]
    for quote in quotes:
        words = set(_WORD.findall(text_of(quote).lower()))
        if len(words) >= MIN_WORDS and any(len(words & p) >= MIN_SHARED * len(words) for p in paragraphs):
            drop(quote)
