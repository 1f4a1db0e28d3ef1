"""Finding related-article lists ("Also read", "Related posts", "You may also like") by structure.

Two signals, neither tied to one site's markup:

* a short *label* (heading, paragraph, span, ...) whose whole text is a related-articles phrase
  (English, and the common phrases of French, German, Spanish, Italian, Portuguese and Dutch sites),
  followed by a list of article links — as its next sibling, as the next sibling of a wrapper
  holding only the label, as a run of sibling cards, or inside the same paragraph;
* a *container* whose class, id or rel says "related" and that holds several article links.

Links to tag, category, author, archive and pagination pages are not articles and never count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from urllib.parse import urlsplit

from lxml import etree

from ..kernel.dates import date_span, in_english
from ..kernel.model import RelatedLink
from ..kernel.urls import without_tracking
from .cleanup import HEADINGS
from .cleanup_hints import AD_HINT, AVATAR_HINT
from .document import URL_MEMO, absolutize, all_text, hint, text_of
from .related_words import (
    FILE_PATH,
    FIRST_WORD,
    LABEL_FIRST_WORDS,
    LABEL_SEPARATORS,
    LABEL_WORD_PREFIXES,
    MENU_CLASS,
    NON_ARTICLE_PATH,
    NON_ARTICLE_QUERY,
    NON_ARTICLE_REL,
    PERSON_PATH,
    RELATED_CONTAINER,
    RELATED_LABEL,
    lower_text,
)

LABEL_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "span", "strong", "b", "em", "div", "dt",
                        "header", "legend", "caption", "figcaption", "label", "summary", "section", "i"})
CONTAINER_SKIP_TAGS = frozenset({"html", "body", "head", "a", "main", "article", "script", "style", "li"})
LIST_TAGS = frozenset({"ul", "ol", "div", "section", "nav", "aside", "dl", "p", "table", "ins"})
MAX_LABEL_CHARS = 60
LABEL_ENDS = frozenset(LABEL_SEPARATORS)
#: A recommendation network's own pages and paid links: its hosts, and the click ids and sources it
#: adds to the advertisers' links (Taboola, Outbrain, Revcontent, MGID).
SPONSORED_LINK = re.compile(
    r"^(?:https?:)?//[^/?#]*\b(?:taboola|outbrain|revcontent|mgid|zergnet)\.com(?:[:/?#]|$)|"
    r"[?&](?:tblci|obOrigUrl|dicbo|utm_source=(?:taboola|outbrain|revcontent|mgid))\b", re.I)


def _first_word(text: str) -> re.Match[str]:
    """The leading word of ``text`` (group 1, maybe empty); the pattern matches every string."""
    found = FIRST_WORD.match(text)
    assert found is not None
    return found
MAX_SIBLING_HOPS = 4  # elements skipped between a label and its list (ads, empty wrappers)
MAX_MORE_LINK_CHARS = 25  # a "View all" link beside a label: this short, this few words
MAX_MORE_LINK_WORDS = 3
#: What such a link says: all or more of the list, in English and a few other languages (a
#: heading's "[edit]" link is none).
MORE_LINK = re.compile(
    r"(?:(?:view|see|show|browse|explore|read)\s+)?(?:all|more)\b|alle\b|mehr\b|voir (?:tout|plus)|tout voir|"
    r"ver (?:todo|todos|más)|vedi (?:tutti|tutto)|bekijk alle|zobacz wszystkie|смотреть все|все\b", re.I)
#: The introduction a label may have under it, beside it in one wrapper, before its list.
MAX_INTRO_CHARS = 100
INTRO_TAGS = frozenset({"p", "div", "span"})
MIN_CONTAINER_LINKS = 2
MIN_MENU_LINKS = 3
#: The most words of a section's name linked above a card (its kicker).
MAX_KICKER_WORDS = 3
#: Single-child wrappers looked through for a list's items (Elementor: widget, container, grid).
MAX_WRAPPERS = 3
MIN_LINK_SHARE = 0.3  # share of link text in a list whose links are not in separate items
MIN_FEW_LINK_SHARE = 0.45  # the same, for lists of one or two links
MAX_LIST_CHARS = 6000
MAX_CARD_CHARS = 400  # text of one card of a related list (headline, teaser, date)
MAX_DATE_CHARS = 40  # text of an element inside a link that may be nothing but a date
MAX_DATE_RAW_CHARS = 400  # the same before its white space is collapsed
_DIGIT = re.compile(r"\d")
#: Elements that make up a run of sibling cards after a label.
CARD_TAGS = frozenset({"div", "article", "section", "li", "figure", "p", "a"})
#: Block elements that make up the items of a list of links.
ITEM_TAGS = frozenset({"li", "div", "article", "section", "p", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
                       "figure", "tr", "td"})


@dataclass
class RelatedBlock:
    """One related-article list: the element holding it, its label (when separate) and its links."""

    element: etree._Element
    links: list[RelatedLink]
    label: etree._Element | None = None
    extra: list[etree._Element] = field(default_factory=list)

    def elements(self) -> list[etree._Element]:
        """Everything to remove from the body for this list: label (and its wrappers) and list."""
        return [e for e in (self.label, *self.extra, self.element) if e is not None]


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


def _label_text(text: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", text.replace("’", "'"))


def _may_be_label(raw: str) -> bool:
    """A cheap first test: does the text start with a word some label starts with?"""
    return _first_word(lower_text(raw.lstrip()[:40])).group(1) in LABEL_FIRST_WORDS


def is_related_label(text: str) -> bool:
    """Whether a short text is a related-articles label ("Also read:", "You may also like")."""
    if len(text) > MAX_LABEL_CHARS or not _may_be_label(text):
        return False
    return bool(RELATED_LABEL.match(_label_text(text)))


def is_article_url(url: str, page_url: str | None = None) -> bool:
    """A heuristic: http(s) URL with a non-root path that is not a taxonomy/archive/feed page, nor
    ``page_url`` itself. A link to the page's own path is another article when its query names one
    ("articleView.html?idxno=781090" on the page of "?idxno=785412"; "/?p=12")."""
    shape = _url_shape(url)
    if shape is None:
        return False
    if page_url is None or shape != _page_key(page_url):
        return True
    query = _query_of(url)
    return bool(query) and query != _query_of(page_url)


def _query_of(url: str) -> str:
    """The query of ``url`` without its tracking parameters."""
    return urlsplit(without_tracking(url) if "?" in url else url).query


@lru_cache(maxsize=URL_MEMO)
def _url_shape(url: str) -> tuple[str, str] | None:
    """(host, path without trailing slash) of a URL that may be an article, else None (memoised:
    the same links recur on every page of a site)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path or "/"
    if path in ("", "/") and not parts.query:
        return None
    if NON_ARTICLE_PATH.search(path) or NON_ARTICLE_QUERY.search(parts.query) or PERSON_PATH.match(path):
        return None
    if FILE_PATH.search(path):
        return None
    return parts.netloc.lower(), path.rstrip("/")


@lru_cache(maxsize=256)
def _page_key(page_url: str) -> tuple[str, str]:
    here = urlsplit(page_url)
    return here.netloc.lower(), (here.path or "/").rstrip("/")


_HOLDS_CONTENT = etree.XPath("boolean(.//h1 | .//article | .//main)")


def navigation_urls(doc: etree._Element, base_url: str) -> set[str]:
    """URLs linked from the site's menus (sections and pages, not articles): navigation
    elements with at least MIN_MENU_LINKS links, outside any <article> (previous/next links
    inside a post are not a menu). An element that only its class calls a menu is none when it
    holds the page's headline, an <article> or <main> (a layout wrapper: Quarto's "page-navbar")."""
    urls: set[str] = set()
    menus: set[etree._Element] = set()
    for el in doc.iter("nav", "ul", "div", "menu"):
        by_class = el.tag != "nav" and (el.get("role") or "").lower() != "navigation"
        if by_class:
            cls = el.get("class")
            if not cls or not hint(MENU_CLASS, cls):
                continue
        links = el.findall(".//a")
        if len(links) < MIN_MENU_LINKS or (by_class and _HOLDS_CONTENT(el)):
            continue
        # inside an <article>: not a menu; inside a menu already read: its links are read
        if any(a.tag == "article" or a in menus for a in el.iterancestors()):
            continue
        menus.add(el)
        for a in links:
            url = absolutize(a.get("href"), base_url)
            if url:
                urls.add(url)
    return urls


def article_links(el: etree._Element, base_url: str, exclude: set[str] | frozenset[str] = frozenset()
                  ) -> list[RelatedLink]:
    """Article links inside ``el``: absolute, fragment-free, deduplicated, in page order. Links
    in ``exclude`` (menu links) and "more ..." links are left out."""
    found: dict[str, RelatedLink] = {}
    titled: set[str] = set()  # the URLs whose title is a link's text, not a picture's alt text
    for a in el.iter("a"):
        rel = a.get("rel")
        if rel and NON_ARTICLE_REL.intersection(rel.lower().split()):
            continue
        href = a.get("href")
        if href and SPONSORED_LINK.search(href):
            continue  # a paid link of a recommendation network beside the site's own
        url = absolutize(href, base_url)
        if url and "?" in url:
            url = without_tracking(url)  # "?relatedposts_hit=1&relatedposts_origin=…"
        if not url or url in exclude or not is_article_url(url, base_url):
            continue
        title = link_title(a)
        if title and is_related_label(title):
            continue  # "More from Cities", "See more": a section link, not an article
        from_text = bool(title)
        if not title:
            img = a.find(".//img")
            if img is not None and _avatar(a, img):
                continue  # a card's picture of its author links the author's page, not an article
            title = " ".join(((img.get("alt") or "") if img is not None else (a.get("title") or "")).split())
        if url not in found:
            found[url] = RelatedLink(url=url, title=title)
            if from_text:
                titled.add(url)
        elif title and (not found[url].title or (from_text and url not in titled)):
            found[url].title = title  # a card's headline link says more than its picture's alt text
            if from_text:
                titled.add(url)
    return _without_folders(list(found.values()))


def _without_folders(links: list[RelatedLink]) -> list[RelatedLink]:
    """``links`` without those named in a few words to the folder of another one: a card's
    section kicker ("Personal", "/bier/personal" above "/bier/personal/grupp-verlaesst-…") is no
    article (a guide's chapter below a guide that is one has a headline)."""
    if len(links) < 2:
        return links
    keys = sorted(_folder_key(link.url) for link in links)
    folders = {key for key, after in zip(keys, keys[1:], strict=False) if after.startswith(key)}
    if not folders:
        return links
    return [link for link in links if _folder_key(link.url) not in folders
            or not 0 < len((link.title or "").split()) <= MAX_KICKER_WORDS]


def _folder_key(url: str) -> str:
    shape = _url_shape(url)  # memoised, and already asked by is_article_url for every link here
    return f"{shape[0]}{shape[1]}/" if shape else url


def _avatar(a: etree._Element, img: etree._Element) -> bool:
    """Whether a link holding only a picture shows a person: an avatar or profile picture by the
    link's or the picture's class, the picture's alt text or its file."""
    hints = " ".join(v for v in (a.get("class"), img.get("class"), img.get("alt"), img.get("src")) if v)
    # one string per picture (its file differs from page to page): searched, not memoised
    return bool(hints) and AVATAR_HINT.search(hints.lower().replace(" ", "-")) is not None


def link_title(a: etree._Element) -> str:
    """The headline a link gives its article: the text of a heading inside the link (a card:
    picture, headline, date), else the link's text without the dates in it ("First frost
    <small>16 Apr 2023</small>")."""
    if not len(a):
        return text_of(a)
    heading = next(a.iter(*HEADINGS), None)
    if heading is not None:
        text = text_of(heading)
        if text:
            return text
    text = all_text(a)
    if not _DIGIT.search(text) and not any(child.tag == "time" for child in a):
        return " ".join(text.split())  # no date in it: the link's text as it is
    parts = [a.text or ""]
    for child in a:
        if isinstance(child.tag, str) and not _is_date_element(child):
            parts.append(all_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _is_date_element(el: etree._Element) -> bool:
    """A ``<time>``, or a short element whose whole text is a date."""
    if el.tag == "time":
        return True
    text = all_text(el)
    if len(text) > MAX_DATE_RAW_CHARS or not _DIGIT.search(text):
        return False
    text = " ".join(text.split())
    if not text or len(text) - text.count(" ") > MAX_DATE_CHARS:  # letters, as short_text counts
        return False
    text = in_english(text).strip()
    span = date_span(text)
    return span is not None and span[1] - span[0] >= len(text) - 2


def _is_link_list(el: etree._Element, base_url: str, exclude: set[str]) -> list[RelatedLink]:
    """The article links of ``el`` when it reads as a list of links (see :func:`_list_like`)."""
    if not isinstance(el.tag, str) or (el.tag not in LIST_TAGS and "-" not in el.tag):
        return []  # a custom element ("<slider-component>") wraps lists as a <div> does
    links = article_links(el, base_url, exclude)
    return links if links and _list_like(el, len(links)) else []


def _itemized(el: etree._Element) -> int:
    """How many block children (items, cards) of ``el`` — or of its single wrappers, a page
    builder's widget and containers around the cards — hold a link."""
    children = [c for c in el if isinstance(c.tag, str)]
    custom = "-" in el.tag  # a slider or carousel component around the list of cards
    for _ in range(MAX_WRAPPERS):
        if len(children) != 1 or not _wrapper_tag(children[0].tag, custom):
            break
        children = [c for c in children[0] if isinstance(c.tag, str)]
    return sum(1 for c in children if c.tag in ITEM_TAGS and c.find(".//a[@href]") is not None)


def _wrapper_tag(tag: str, custom: bool) -> bool:
    """Whether an element of this tag may wrap a list's items: a block, a custom element, and
    inside a custom element a list (a bibliography's ``<div><ul>`` is no list of cards)."""
    return tag in ITEM_TAGS or "-" in tag or (custom and tag in ("ul", "ol"))


def _list_like(el: etree._Element, n_links: int) -> bool:
    """Links spread over separate items (cards may carry excerpts), or text that is mostly links;
    never a long stretch of prose with a few links in it."""
    text_len = len(text_of(el))
    if text_len > MAX_LIST_CHARS:
        # a long list is still one when it is a run of short items, each a link (a related list of
        # thousands of links is kept, and cut by the crawl, rather than lost whole)
        return (n_links >= MIN_CONTAINER_LINKS and text_len <= n_links * MAX_CARD_CHARS
                and _itemized(el) >= n_links // 2)
    if n_links >= MIN_CONTAINER_LINKS and _itemized(el) >= min(n_links, 3):
        return True
    share = sum(len(text_of(a)) for a in el.iter("a")) / text_len if text_len else 1.0
    return share >= MIN_FEW_LINK_SHARE or (share >= MIN_LINK_SHARE and n_links >= 3)


def _following(el: etree._Element) -> list[etree._Element]:
    """Up to MAX_SIBLING_HOPS next element siblings of ``el`` or of its label-only wrappers (a
    "View all" link beside the label is no sibling to read: Shopify's and Wix's list headers)."""
    label_text = text_of(el)
    node = el
    while True:
        sibs = list(islice((s for s in node.itersiblings() if isinstance(s.tag, str) and not _more_link(s)),
                           MAX_SIBLING_HOPS))
        if sibs:
            return sibs
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or not _label_only(parent, label_text):
            return []
        node = parent


def _more_link(el: etree._Element) -> bool:
    """Whether ``el`` is a short link of its own ("View all", "See all", "Mehr"), which list
    headers put beside their label."""
    if el.tag != "a" or len(el) > 2:
        return False
    text = short_text(el, MAX_MORE_LINK_CHARS)
    return (text is not None and 0 < len(text.split()) <= MAX_MORE_LINK_WORDS
            and MORE_LINK.match(text) is not None)


def _label_only(wrapper: etree._Element, label_text: str) -> bool:
    """Whether ``wrapper`` holds the label's text and nothing else but a "View all" link."""
    text = short_text(wrapper, len(label_text) + MAX_MORE_LINK_CHARS + 1)
    if text is None or text == label_text:
        return text == label_text
    more = [a for a in wrapper.iter("a") if _more_link(a)]
    return len(more) == 1 and " ".join(text.replace(text_of(more[0]), " ", 1).split()) == label_text


def _wrapper_of(label: etree._Element, stop: etree._Element) -> etree._Element:
    """The outermost ancestor of ``label`` that holds only the label's text, below ``stop``'s parent."""
    text = text_of(label)
    node = label
    parent = node.getparent()
    while parent is not None and parent is not stop.getparent() and short_text(parent, len(text)) == text:
        node, parent = parent, parent.getparent()
    return node


def _from_label(label: etree._Element, base_url: str, exclude: set[str]) -> RelatedBlock | None:
    # Inline form: <p><strong>Also read:</strong> <a href=...>Title</a></p>, or a box of a label and
    # its links and nothing else: <aside><p>Also read</p><a href=...>Title</a></aside>
    parent = label.getparent()
    if (parent is not None and parent.tag not in ("body", "html") and _opens(parent, label)
            and not _label_only(parent, text_of(label))):
        links = article_links(parent, base_url, exclude)
        rest = len(text_of(parent)) - len(text_of(label))
        if links and rest <= sum(len(lk.title or "") for lk in links) + 4 * len(links) + 10:
            return RelatedBlock(parent, links)
    run, links = _card_run(label, base_url, exclude)
    if run:
        return RelatedBlock(run[0], links, label=_wrapper_of(label, run[0]), extra=run[1:])
    skipped: list[etree._Element] = []
    following = _following(label)
    for sib in following:
        links = _is_link_list(sib, base_url, exclude)
        if links:
            wrapper = _wrapper_of(label, sib)
            return RelatedBlock(sib, links, label=wrapper, extra=skipped)
        if text_of(sib) and not _is_ad(sib):
            if sib is following[-1] and _intro_of(sib):
                return _below_heading_group(label, sib, base_url, exclude)
            return None  # real text between the label and anything below: not a label of a list
        skipped.append(sib)
    return None


def _intro_of(el: etree._Element) -> bool:
    """A short line without links, the last thing beside a label: the list's introduction ("More
    on how we build it.")."""
    return (el.tag in INTRO_TAGS and el.find(".//a") is None and el.getnext() is None
            and short_text(el, MAX_INTRO_CHARS) is not None)


def _below_heading_group(label: etree._Element, intro: etree._Element, base_url: str,
                         exclude: set[str]) -> RelatedBlock | None:
    """The list right after the group of a label and its introduction (a heading and a line under
    it, wrapped together), the group then being the list's label."""
    group = intro.getparent()
    if group is None or group is not label.getparent() or group.tag in ("body", "html"):
        return None
    for sib in islice((s for s in group.itersiblings() if isinstance(s.tag, str)), MAX_SIBLING_HOPS):
        links = _is_link_list(sib, base_url, exclude)
        if links:
            return RelatedBlock(sib, links, label=group)
        if text_of(sib) and not _is_ad(sib):
            return None
    return None


def _opens(parent: etree._Element, label: etree._Element) -> bool:
    """Whether ``label`` starts ``parent``'s text: nothing but white space comes before it. Only
    the siblings before it are read, up to the first that holds text."""
    if (parent.text or "").strip():
        return False
    for before in label.itersiblings(preceding=True):
        if (before.tail or "").strip() or next((t for t in before.itertext() if t.strip()), None):
            return False
    return True


def _card_run(label: etree._Element, base_url: str, exclude: set[str]
              ) -> tuple[list[etree._Element], list[RelatedLink]]:
    """The cards right after a label, when the list is not wrapped, and their links: two or more
    consecutive siblings of one tag, each a short block holding an article link (``<h3>Read
    next</h3><article>…</article><article>…</article>``); paragraphs count only when they are
    mostly link text, never prose. Empty unless there are two such cards."""
    following = _following(label)
    if len(following) < 2 or following[0].tag not in CARD_TAGS or following[1].tag != following[0].tag:
        return [], []
    first = following[0]
    run: list[etree._Element] = []
    found: dict[str, RelatedLink] = {}
    for sib in chain((first,), first.itersiblings()):
        if not isinstance(sib.tag, str):
            continue
        links = _card_links(sib, first.tag, base_url, exclude)
        if not links:
            break
        run.append(sib)
        for link in links:
            found.setdefault(link.url, link)
    return (run, list(found.values())) if len(run) >= MIN_CONTAINER_LINKS else ([], [])


def _card_links(el: etree._Element, tag: str, base_url: str, exclude: set[str]) -> list[RelatedLink]:
    """The article links of ``el`` when it is one more card of the run (same tag, short, and for
    a paragraph mostly link text), else none."""
    text = short_text(el, MAX_CARD_CHARS) if el.tag == tag else None
    text_len = len(text) if text is not None else 0
    if text is None or text_len > MAX_CARD_CHARS:
        return []
    if el.tag == "p" and sum(len(text_of(a)) for a in el.iter("a")) < MIN_FEW_LINK_SHARE * text_len:
        return []
    return article_links(el, base_url, exclude)


def _is_ad(el: etree._Element) -> bool:
    attrs = " ".join((el.get("class") or "", el.get("id") or "")).strip()
    return el.tag == "ins" or el.find(".//ins") is not None or (bool(attrs) and hint(AD_HINT, attrs))


class _Taken:
    """The lists found so far, and every element that holds one, for constant-time questions
    "is this inside a list found already?" (a walk up its ancestors) and "does this hold one?"."""

    def __init__(self) -> None:
        self.lists: set[etree._Element] = set()
        self.holders: set[etree._Element] = set()

    def add(self, el: etree._Element) -> None:
        self.lists.add(el)
        self.holders.update(el.iterancestors())

    def inside(self, el: etree._Element) -> bool:
        lists = self.lists
        return bool(lists) and (el in lists or any(a in lists for a in el.iterancestors()))

    def holds(self, el: etree._Element) -> bool:
        return el in self.holders


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


def _label_block(el: etree._Element, base_url: str, taken: _Taken, exclude: set[str]) -> RelatedBlock | None:
    own = el.text
    n = len(el)  # its own children: every element is counted once over the page
    if n > 3 or (own and len(own) > 4 * MAX_LABEL_CHARS):
        return None
    if lead_rules_out(el):
        return None
    if n and own and own.rstrip()[-1:] in LABEL_ENDS and is_related_label(own):
        # "Lire aussi | <a>…</a>": a label written before the link, set off from it
        return _inline_text_label(el, own, base_url, taken, exclude)
    # a label's text is short: reading stops past that, however large the element is
    text = short_text(el, 4 * MAX_LABEL_CHARS) if n else " ".join((own or "").split())
    if not text or not _may_be_label(text) or len(text) > MAX_LABEL_CHARS or not is_related_label(text):
        return None
    if taken.inside(el) or any(a.tag == "a" for a in el.iterancestors()):
        return None
    own_links = el.findall(".//a")
    if own_links and el.tag not in HEADINGS:
        return None
    block = _from_label(el, base_url, exclude)
    if block is None or taken.inside(block.element):
        return None
    if own_links and not all(_folder_of(a.get("href"), block.links, base_url) for a in own_links):
        return None  # a linked heading labels the list only when it links to where the list's articles live
    return block


def _folder_of(href: str | None, links: list[RelatedLink], base_url: str) -> bool:
    """Whether ``href`` leads to a folder holding most of ``links`` ("<h2><a href="/climate">More in
    Climate</a></h2>" over "/climate/2024/…" stories; "More from <a href="/jane">Jane</a>")."""
    url = absolutize(href, base_url)
    if not url:
        return False
    parts = urlsplit(url)
    folder = parts.path.rstrip("/") + "/"
    if folder == "/":
        return False
    inside = sum(1 for lk in links
                 if (p := urlsplit(lk.url)).netloc == parts.netloc and p.path.startswith(folder))
    return 2 * inside > len(links)


def _inline_text_label(el: etree._Element, label: str, base_url: str, taken: _Taken,
                       exclude: set[str]) -> RelatedBlock | None:
    """The links of ``el`` when its own text before them is a related label and they are all the
    rest of its text."""
    if taken.inside(el):
        return None
    links = article_links(el, base_url, exclude)
    rest = len(text_of(el)) - len(" ".join(label.split()))
    if links and rest <= sum(len(lk.title or "") for lk in links) + 4 * len(links) + 10:
        return RelatedBlock(el, links)
    return None


def _container_block(el: etree._Element, base_url: str, taken: _Taken,
                     exclude: set[str]) -> RelatedBlock | None:
    attrs = " ".join(v for v in (el.get("class"), el.get("id"), el.get("rel")) if v).strip()
    if not attrs or not hint(RELATED_CONTAINER, attrs) or taken.inside(el) or taken.holds(el):
        return None
    links = article_links(el, base_url, exclude)
    if len(links) >= MIN_CONTAINER_LINKS and _list_like(el, len(links)):
        return RelatedBlock(el, links)
    return None


def related_blocks(doc: etree._Element, base_url: str,
                   candidates: list[etree._Element] | None = None) -> list[RelatedBlock]:
    """Every related-article list of the page, in page order (not nested in one another).
    ``candidates``, when the caller has collected them in one walk over the page (see
    :attr:`.domindex.DomIndex.related`), are the only elements looked at."""
    blocks: list[RelatedBlock] = []
    taken = _Taken()
    covered: set[etree._Element] = set()  # inside a block found already: neither label nor list
    menus = navigation_urls(doc, base_url)
    for el in doc.iter(etree.Element) if candidates is None else candidates:
        tag = el.tag
        if tag in CONTAINER_SKIP_TAGS or (covered and el in covered):
            continue
        block = None
        if el.get("class") or el.get("id") or el.get("rel"):
            block = _container_block(el, base_url, taken, menus)
        if block is None and tag in LABEL_TAGS:
            block = _label_block(el, base_url, taken, menus)
        if block is not None:
            blocks.append(block)
            taken.add(block.element)
            for part in block.elements():
                covered.update(part.iter())
    seen: set[str] = set()
    for b in blocks:
        b.links = _first_of_each(b.links, seen)
    return [b for b in blocks if b.links]


def find_related(doc: etree._Element, base_url: str) -> list[tuple[etree._Element, list[RelatedLink]]]:
    """Related-article lists as ``(list element, links)`` pairs, in page order."""
    return [(b.element, b.links) for b in related_blocks(doc, base_url)]


def related_links(blocks: list[RelatedBlock]) -> list[RelatedLink]:
    """All links of the given lists, in order, without repeats."""
    seen: set[str] = set()
    out: list[RelatedLink] = []
    for b in blocks:
        for lk in b.links:
            if lk.url not in seen:
                seen.add(lk.url)
                out.append(lk)
    return out


def _first_of_each(links: list[RelatedLink], seen: set[str]) -> list[RelatedLink]:
    """``links`` without those whose URL is in ``seen``, nor repeats; ``seen`` gains the rest."""
    kept = []
    for lk in links:
        if lk.url not in seen:
            seen.add(lk.url)
            kept.append(lk)
    return kept
