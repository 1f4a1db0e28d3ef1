"""Finding related-article lists ("Also read", "Related posts", "You may also like") by structure.

Two signals, neither tied to one site's markup:

* a short *label* (heading, paragraph, span, ...) whose whole text is a related-articles phrase
  (English, and the common phrases of French, German, Spanish, Italian, Portuguese and Dutch sites),
  followed by a list of article links — as its next sibling, as the next sibling of a wrapper
  holding only the label, as a run of sibling cards, or inside the same paragraph;
* a *container* whose class, id or rel says "related" and that holds several article links.

Links to tag, category, author, archive and pagination pages are not articles and never count
(:mod:`.article_links`); what a label says is told by :mod:`.related_labels`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, islice
from urllib.parse import urlsplit

from lxml import etree

from ..kernel.model import RelatedLink
from .article_links import article_links, navigation_urls
from .cleanup import HEADINGS
from .cleanup_hints import AD_HINT
from .document import absolutize, hint, text_of, text_shorter
from .related_labels import (
    LABEL_ENDS,
    MAX_LABEL_CHARS,
    beside_label,
    is_related_label,
    label_only,
    label_text,
    lead_rules_out,
    may_be_label,
    short_text,
)
from .related_words import MOST_READ_LABEL, RELATED_CONTAINER

LABEL_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "span", "strong", "b", "em", "div", "dt",
                        "header", "legend", "caption", "figcaption", "label", "summary", "section", "i"})
CONTAINER_SKIP_TAGS = frozenset({"html", "body", "head", "a", "main", "article", "script", "style", "li"})
LIST_TAGS = frozenset({"ul", "ol", "div", "section", "nav", "aside", "dl", "p", "table", "ins", "tr", "td"})
MAX_SIBLING_HOPS = 4  # elements skipped between a label and its list (ads, empty wrappers)
#: The introduction a label may have under it, beside it in one wrapper, before its list.
MAX_INTRO_CHARS = 100
INTRO_TAGS = frozenset({"p", "div", "span"})
MIN_CONTAINER_LINKS = 2
MAX_AD_WRAPPER_LEVELS = 2  # ancestors of a related container that may name it an ad network's unit
#: Single-child wrappers looked through for a list's items (Elementor: widget, container, grid).
MAX_WRAPPERS = 3
MIN_LINK_SHARE = 0.3  # share of link text in a list whose links are not in separate items
MIN_FEW_LINK_SHARE = 0.45  # the same, for lists of one or two links
MAX_LIST_CHARS = 6000
MAX_CARD_CHARS = 400  # text of one card of a related list (headline, teaser, date)
MIN_PROSE_PARAGRAPH_CHARS = 80  # a paragraph of the article's text, with no link in it
MIN_PROSE_PARAGRAPHS = 2  # such paragraphs in a related container: the article's, not the list's
MIN_CARD_HEADLINE_WORDS = 3  # a card labelled inside its link has a headline of this many words
#: Elements that make up a run of sibling cards after a label.
CARD_TAGS = frozenset({"div", "article", "section", "li", "figure", "p", "a", "tr"})
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
    """Up to MAX_SIBLING_HOPS next element siblings of ``el`` or of its label-only wrappers, but
    what stands beside a label (:func:`_beside_label`)."""
    label_text = text_of(el)
    node = el
    while True:
        sibs = list(islice((s for s in node.itersiblings()
                            if isinstance(s.tag, str) and not beside_label(s)), MAX_SIBLING_HOPS))
        if sibs:
            return sibs
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or not label_only(parent, label_text):
            return []
        node = parent


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
            and not label_only(parent, text_of(label))):
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


def _most_read(el: etree._Element) -> bool:
    """Whether the first heading inside ``el`` names a list of the site's most read stories."""
    heading = next(el.iter(*HEADINGS), None)
    return heading is not None and bool(MOST_READ_LABEL.match(label_text(text_of(heading))))


def _is_ad_slot(el: etree._Element) -> bool:
    """Whether ``el``'s class or id names an ad slot or a recommendation network ("taboola-feed")."""
    attrs = " ".join((el.get("class") or "", el.get("id") or "")).strip()
    return bool(attrs) and hint(AD_HINT, attrs)


def _is_ad(el: etree._Element) -> bool:
    return el.tag == "ins" or el.find(".//ins") is not None or _is_ad_slot(el)


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
    if not text or not may_be_label(text) or len(text) > MAX_LABEL_CHARS or not is_related_label(text):
        return None
    if taken.inside(el):
        return None
    link = next(el.iterancestors("a"), None)
    if link is not None:  # "Read more" inside a card's link, beside the headline
        return _card_in_link(el, link, base_url, exclude)
    own_links = el.findall(".//a")
    if own_links and el.tag not in HEADINGS:
        return None
    block = _from_label(el, base_url, exclude)
    if block is None or taken.inside(block.element):
        return None
    if own_links and not all(_folder_of(a.get("href"), block.links, base_url) for a in own_links):
        return None  # a linked heading labels the list only when it links to where the list's articles live
    return block


def _card_in_link(label: etree._Element, link: etree._Element, base_url: str,
                  exclude: set[str]) -> RelatedBlock | None:
    """A teaser card of one article set in the article's text, its label inside its link ("<a><img>
    <span>Read more</span><span>Headline</span></a>"): a list of one, titled by the longest text of
    the link outside its label (the headline, not the card's section or reading time)."""
    found = article_links(link, base_url, exclude)
    inside_label = set(label.iter())
    pieces = []
    for node in link.iter():
        if node not in inside_label and node.text and node.tag not in ("style", "script"):
            pieces.append(node.text)  # a plugin's card carries its own styles
        if node is not link and node.tail:
            pieces.append(node.tail)  # the label's own tail is the link's text
    headline = max((" ".join(p.split()) for p in pieces), key=len, default="")
    if len(found) != 1 or len(headline.split()) < MIN_CARD_HEADLINE_WORDS:
        return None
    card = link
    for _ in range(MAX_WRAPPERS):
        parent = card.getparent()
        if (parent is None or parent.tag in CONTAINER_SKIP_TAGS or len(parent.findall(".//a")) > 1
                or len(text_of(parent)) > len(text_of(link))):
            break
        card = parent
    return RelatedBlock(card, [RelatedLink(url=found[0].url, title=headline)], label=_list_title(card))


def _list_title(card: etree._Element) -> etree._Element | None:
    """The title a run of cards has right before its first one ("More columns on our site:"): a
    short text of its own, ending in a colon, without links."""
    title = card.getprevious()
    if title is None or not isinstance(title.tag, str) or title.tag == "a" or title.find(".//a") is not None:
        return None
    text = short_text(title, MAX_LABEL_CHARS)
    return title if text and text.endswith((":", "：")) else None


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
    if any(_is_ad_slot(a) for a in chain((el,), islice(el.iterancestors(), MAX_AD_WRAPPER_LEVELS))):
        return None  # a recommendation network's paid links in its own "related" markup
    if _most_read(el):
        return None
    links = article_links(el, base_url, exclude)
    if len(links) >= MIN_CONTAINER_LINKS and _list_like(el, len(links)) and not _holds_prose(el, len(links)):
        return RelatedBlock(el, links)
    return None


def _holds_prose(el: etree._Element, n_links: int) -> bool:
    """Whether a related container also holds more paragraphs of text without links than it has
    article links (``n_links``): an unclosed wrapper of an inline list that the rest of the article
    fell into, the list inside it. Cards pair each link with an excerpt."""
    prose = sum(1 for p in el.iter("p")
                if p.find(".//a") is None and not text_shorter(p, MIN_PROSE_PARAGRAPH_CHARS))
    return prose >= MIN_PROSE_PARAGRAPHS and prose > n_links


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
