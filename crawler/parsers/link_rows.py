"""Rows of links that are not the article, told by where their links go, whatever their labels
and classes say.

Class hints (:data:`.cleanup_hints.WIDGET_HINT`) catch share bars named "share" or "social"; a
bar named in another language (``class="compartir"``) or not named at all still links to the
networks' share endpoints (``facebook.com/sharer.php?u=…``, ``twitter.com/intent/tweet``,
``api.whatsapp.com/send``, ``mailto:?subject=…``). The same holds for a post's tag pills: their
links go to the site's tag and category pages (``/tags/…``, ``rel="tag"``), and the fields
already hold them. A block of the content whose links all go to one such kind of page, and
whose text is short, is not the article. So are the buy buttons of a review's product boxes
("Check price at …", "Buy on …", in any language): links marked ``rel="sponsored"`` (as search
engines ask of paid and affiliate links) drawn as buttons; a sponsored link inside a sentence, or
a product's name linked in a list, stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .cleanup import drop
from .document import is_inside, text_of, text_shorter
from .related_words import TAXONOMY_FOLDERS

#: Share endpoints of social networks, messengers and mail (the query carries the page's URL).
SHARE_URL = re.compile(
    r"/sharer(?:/sharer)?(?:\.php)?(?:[/?]|$)|/share(?:article|-offsite|\.php)?\?|/sharing/share|"
    r"/intent/(?:tweet|post|compose)|/pin/create|/submit\?(?:url|title)=|api\.whatsapp\.com/send|"
    r"^(?:https?:)?//wa\.me/|^whatsapp:|^mailto:\?|/spi/shares|(?:telegram\.me|t\.me)/share|"
    r"/share/url\?|^fb-messenger:|/msg/text/",
    re.I,
)
#: The same, among a content's links joined one per line.
SHARE_URL_IN_LINES = re.compile(SHARE_URL.pattern, re.I | re.M)
_HREFS = etree.XPath(".//a/@href", smart_strings=False)
_RELS = etree.XPath(".//a/@rel", smart_strings=False)
#: A tag or category page (the folders :mod:`.related_words` knows them by).
TAXONOMY_URL = re.compile(rf"/(?:{TAXONOMY_FOLDERS})/(?:[^/?#]+/?)?(?:[?#]|$)", re.I)
TAXONOMY_RELS = frozenset({"tag", "category"})
#: A tag or category page, or a rel naming one, among a content's links joined one per line.
_TAXONOMY_IN_LINES = re.compile(rf"{TAXONOMY_URL.pattern}|(?:^|\s)(?:tag|category)(?:\s|$)", re.I | re.M)
SPONSORED_RELS = frozenset({"sponsored"})
_SPONSORED_IN_LINES = re.compile(r"(?:^|\s)sponsored(?:\s|$)", re.I | re.M)
#: Any kind's sign, for one search over a content's links.
_ANY_KIND = re.compile(f"{SHARE_URL.pattern}|{_TAXONOMY_IN_LINES.pattern}|{_SPONSORED_IN_LINES.pattern}",
                       re.I | re.M)
#: Class words of a link made to look like a button.
BUTTON_CLASS = re.compile(r"btn|button|cta")
_WORD = re.compile(r"\w")
#: Inline elements that are parts of a sentence, never a row of their own.
SENTENCE_TAGS = frozenset({"strong", "b", "em", "i", "u", "small", "mark", "q", "cite", "sup", "sub", "abbr"})
#: Elements that stand on lines of their own.
LINE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "section", "header", "footer",
                       "figure", "ul", "ol", "dl", "table", "blockquote", "pre", "hr", "br", "img", "picture",
                       "time"})
#: Text a share bar may hold (its labels, a counter, a heading such as "Share this article").
MAX_SHARE_BAR_CHARS = 200
#: Text a row of tags may hold (a label and a dozen terms).
MAX_TAXONOMY_ROW_CHARS = 300
#: Text a buy button may have ("Check price at Summit Supply").
MAX_BUTTON_WORDS = 6
#: Text of a row outside its links: a label ("Tags:", "En este artículo:", "Share on") and separators.
MAX_ROW_LABEL_CHARS = 40


def is_share_link(a: etree._Element) -> bool:
    href = a.get("href")
    return bool(href) and SHARE_URL.search(href) is not None


def is_taxonomy_link(a: etree._Element) -> bool:
    rel = a.get("rel")
    if rel and TAXONOMY_RELS.intersection(rel.lower().split()):
        return True
    href = a.get("href")
    return bool(href) and TAXONOMY_URL.search(href) is not None


def is_sponsored_link(a: etree._Element) -> bool:
    rel = a.get("rel")
    return bool(rel) and not SPONSORED_RELS.isdisjoint(rel.lower().split())


def drop_link_rows(content: etree._Element) -> None:
    """Remove from ``content`` (in place) its buy buttons, share bars and rows of tag links: for
    each link of a bar or row, the largest block around it below ``content`` whose links are all of
    the same kind and whose text is short and hardly more than its links' (a link in a sentence
    stays)."""
    values = "\n".join(_HREFS(content) + _RELS(content))  # most contents link to no such kind
    if not _ANY_KIND.search(values):
        return
    shares = SHARE_URL_IN_LINES.search(values) is not None
    terms = _TAXONOMY_IN_LINES.search(values) is not None
    if _SPONSORED_IN_LINES.search(values):
        for a in [a for a in content.iter("a") if is_sponsored_link(a) and _buy_button(a)]:
            drop(a)
    for kind, limit, present in ((is_share_link, MAX_SHARE_BAR_CHARS, shares),
                                 (is_taxonomy_link, MAX_TAXONOMY_ROW_CHARS, terms)):
        if not present:
            continue
        not_rows: set[etree._Element] = set()  # blocks found to be no row: never measured again
        for a in [a for a in content.iter("a") if kind(a)]:
            if is_inside(a, content):  # else it went with an earlier link's row
                _drop_row(a, content, kind, limit, not_rows)


def _drop_row(a: etree._Element, content: etree._Element, kind: Callable[[etree._Element], bool],
              limit: int, not_rows: set[etree._Element]) -> None:
    top = None
    node = a.getparent()
    while node is not None and node is not content and node not in not_rows:
        if not _is_row(node, kind, limit):
            not_rows.add(node)  # the links below it meet it again: a long block is measured once
            break
        top = node
        node = node.getparent()
    if top is not None:
        drop(top)
    elif kind is is_taxonomy_link and _alone_on_its_line(a):
        drop(a)  # a kicker above the headline: the post's category or tag


def _is_row(node: etree._Element, kind: Callable[[etree._Element], bool], limit: int) -> bool:
    """Short, all its links of ``kind``, and little text beside them."""
    if node.tag in SENTENCE_TAGS or _in_running_text(node) or not text_shorter(node, limit + 1):
        return False  # emphasis, quotes and an element with text around it are parts of a sentence
    links = list(node.iter("a"))
    if not all(kind(link) for link in links):
        return False
    # a sentence with links in it stays (a news site links names to their topic pages)
    return len(text_of(node)) - sum(len(text_of(link)) for link in links) <= MAX_ROW_LABEL_CHARS


def _alone_on_its_line(a: etree._Element) -> bool:
    """Whether ``a`` stands between blocks, with no text or inline element beside it (comments and
    processing instructions are no elements: the HTML parser keeps none)."""
    parent = a.getparent()
    if parent is None or parent.tag not in LINE_TAGS or _in_running_text(a):
        return False  # inside an inline element (<span><a>Europa</a></span>) it may be in a sentence
    return all(sib is None or sib.tag in LINE_TAGS
               for sib in (a.getprevious(), a.getnext()))  # its neighbours stand on lines of their own


def _in_running_text(el: etree._Element) -> bool:
    """Whether words stand right before or after ``el`` (a link or a span inside a sentence; the
    commas and bars between the links of a row are no words)."""
    if el.tail and _WORD.search(el.tail):
        return True
    prev, parent = el.getprevious(), el.getparent()
    before = prev.tail if prev is not None else parent.text if parent is not None else None
    return bool(before and _WORD.search(before))


def _buy_button(a: etree._Element) -> bool:
    """A sponsored link drawn as a button (its class or role says so), a few words long, with no
    words of a sentence around it."""
    looks = (a.get("role") or "").lower() == "button" or BUTTON_CLASS.search((a.get("class") or "").lower())
    return bool(looks) and not _in_running_text(a) and len(text_of(a).split()) <= MAX_BUTTON_WORDS
