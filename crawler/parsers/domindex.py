"""One pass over the page body that files away the elements metadata extraction looks at.

XPath ``contains()`` over every element costs about a quarter of a microsecond per test, so a
dozen class tests would dominate the time spent on a page. Instead ``DomIndex.build`` walks the
body once, classifies each distinct class/id string with a few regular expressions (memoised
across pages, since templates repeat class names) and keeps only the hits: byline-ish,
excerpt-ish, date-ish and headline-ish elements, ``<time>``, ``<img>``, ``<h1>``, ``<article>``,
``<main>`` and ``rel=author`` links; and, for the access scan (:mod:`.access`), which runs before
anything is taken out of the page, the elements with consent, wall or overlay hints.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from .access_find import DIALOG_ROLES, class_bits
from .cleanup_hints import POST_NAV_WORDS
from .patterns import compile_words, without_assertions
from .related import CONTAINER_SKIP_TAGS, LABEL_TAGS
from .related_labels import lead_rules_out
from .related_words import RELATED_CONTAINER, RELATED_CONTAINER_WORDS, RELATED_TERMS

BYLINE = 1
EXCERPT = 2
DATE = 4
HEADLINE = 8
TAXONOMY = 16
RELATED = 32
TRAIL = 64

MAX_ID_PARTS = 3
MAX_LABEL_CHILDREN = 3
MAX_CACHE = 20000
#: The words of each hint kind; two kinds test boundaries around theirs (below).
_HINT_WORDS = {
    BYLINE: r"auth|byline|by-line|writtenby|written-by|vcard|writer|contributor|reporter|creator|journalist"
            # in other languages: "autor-name", "auteur", "szerzo" ("autoresize" is none)
            r"|autor(?![a-z])|autore|auteur|szerzo|forfatter|yazar",
    EXCERPT: r"excerpt|summary|dek|deck|standfirst|lede|subtitle|sub-?headline|article-summary",
    DATE: r"date|datum|fecha|time|posted|published|meta|(?<![a-z])data(?![a-z])",
    HEADLINE: r"entry-title|post-title|article-title|headline|story-title",
    TAXONOMY: r"tag|categor|topic|keyword|mots-?cles|schlagw|stichw",
    RELATED: RELATED_CONTAINER_WORDS,
    # a breadcrumb trail: English, French ("fil d'Ariane"), German, Italian, Spanish, Dutch, Hungarian
    TRAIL: r"crumb|ariane|brotkrume|briciole|migas|kruimel|morzsa",
}
HINT_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (BYLINE, re.compile(_HINT_WORDS[BYLINE])),
    (EXCERPT, re.compile(rf"(?<![a-z0-9])(?:{_HINT_WORDS[EXCERPT]})(?![a-z0-9])")),
    (DATE, re.compile(_HINT_WORDS[DATE])),
    (HEADLINE, re.compile(_HINT_WORDS[HEADLINE])),
    (TAXONOMY, re.compile(_HINT_WORDS[TAXONOMY])),
    (RELATED, RELATED_CONTAINER),
    (TRAIL, re.compile(_HINT_WORDS[TRAIL])),
)
#: Any hint kind's words, boundaries and lookarounds left out: a string without any of them has no
#: hint (most class names of a page never seen before: one search instead of seven, which sre
#: skips through to the first letters of the words).
_ANY_HINT_WORD = compile_words(without_assertions("|".join(_HINT_WORDS.values())))
_hint_cache: dict[str, int] = {}


def hint_mask(hints: str) -> int:
    """Bit mask of the hint kinds a class/id string matches, case-insensitively (memoised)."""
    mask = _hint_cache.get(hints)
    if mask is None:
        mask = 0
        lowered = hints.lower()
        if _ANY_HINT_WORD.search(lowered):
            for bit, pattern in HINT_PATTERNS:
                if pattern.search(lowered):
                    mask |= bit
        if len(_hint_cache) >= MAX_CACHE:
            _hint_cache.clear()
        _hint_cache[hints] = mask
    return mask


def element_hints(el: lxml_html.HtmlElement) -> str:
    """Lower-case class plus id; ids that look like slugs ("post-how-to-x-y") are ignored."""
    cls = el.get("class") or ""
    ident = el.get("id") or ""
    if ident.count("-") + ident.count("_") > MAX_ID_PARTS:
        ident = ""
    return f"{cls} {ident}".strip().lower()


# What DomIndex.build needs of an element's tag, class and id, worked out once per combination
_ACCESS, _SKIPPED, _BUCKET, _CONTAINER, _CONTAINER_TAG, _LABEL_TAG, _TRAIL = 1, 2, 4, 8, 16, 32, 64
_BUCKET_TAGS = frozenset({"time", "img", "h1", "article", "main"})
_kind_cache: dict[tuple[str, str | None, str | None], tuple[int, int]] = {}


def _kind(tag: str, cls_attr: str | None, ident: str | None) -> tuple[int, int]:
    """(flags, hint mask) of an element with this tag, class and id (memoised)."""
    flags = 0
    if (class_bits(f"{cls_attr or ''} {ident or ''}") if cls_attr or ident else 0) or tag == "dialog":
        flags |= _ACCESS
    mask = 0
    if tag in SKIPPED_TAGS:
        flags |= _SKIPPED
    else:
        if tag in _BUCKET_TAGS:
            flags |= _BUCKET
        if cls_attr:
            mask = hint_mask(cls_attr)
        if ident:
            mask |= _id_mask(ident)
        if mask & TRAIL:
            flags |= _TRAIL
        if tag not in CONTAINER_SKIP_TAGS:
            flags |= _CONTAINER_TAG
            if mask & RELATED:
                flags |= _CONTAINER
            if tag in LABEL_TAGS:
                flags |= _LABEL_TAG
    if len(_kind_cache) >= MAX_CACHE:
        _kind_cache.clear()
    _kind_cache[(tag, cls_attr, ident)] = (flags, mask)
    return flags, mask


# Containers whose contents are not the article: comments, sidebars, related lists, navigation.
EXCLUDED_AREA = compile_words(
    rf"(?<![a-z0-9])(?:comments?|comment-\w+|respond|replies|reply|related(?!{RELATED_TERMS})\w*|"
    r"recommend\w*|sidebar"
    # comments in Spanish, Portuguese, German, French, Italian, Polish, Dutch, Hungarian, at the start of a
    # class ("post-tag-estallido-comentarios" is a category's slug)
    r"|(?<![\w-])(?:coment[aá]rios?|comentario-\w+|kommentare?|commentaires?|commenti|komentarze?|reacties"
    r"|hozzaszolas(?:ok)?)"
    # a page builder's own "elementor-widget-…" wraps every part of the page, the article too
    r"|(?<!elementor-)(?:widgets?|widget-\w+)|popular|trending|more-from|promo(?!ted)\w*|newsletter|site-footer|page-footer"
    # an obituary's guest book of condolences: readers' comments
    r"|guest-?book|g(?:ae|ä)stebuch|condolences?"
    r"|global-footer|breadcrumbs?|nav|navbar|navigation|menu|also-read|read-more|read-next"
    rf"|{POST_NAV_WORDS})(?![a-z0-9])"
)
EXCLUDED_AREA_TAGS = frozenset({"nav", "form", "noscript", "template"})
SKIPPED_TAGS = frozenset({"script", "style", "svg", "path", "noscript", "template"})


@dataclass
class DomIndex:
    """Elements of interest, each list in document order, plus a memo of excluded areas."""

    hinted: list[tuple[lxml_html.HtmlElement, int]] = field(default_factory=list)
    times: list[lxml_html.HtmlElement] = field(default_factory=list)
    images: list[lxml_html.HtmlElement] = field(default_factory=list)
    h1s: list[lxml_html.HtmlElement] = field(default_factory=list)
    articles: list[lxml_html.HtmlElement] = field(default_factory=list)
    mains: list[lxml_html.HtmlElement] = field(default_factory=list)
    author_links: list[lxml_html.HtmlElement] = field(default_factory=list)
    itemprops: dict[str, list[lxml_html.HtmlElement]] = field(default_factory=dict)
    #: Elements that may hold or label a related-article list (see :func:`.related.related_blocks`).
    related: list[lxml_html.HtmlElement] = field(default_factory=list)
    protected: set[lxml_html.HtmlElement] = field(default_factory=set)
    #: Elements with consent, wall or overlay bits (see :func:`.access_find.access_bits`), for
    #: the access scan.
    access: list[lxml_html.HtmlElement] = field(default_factory=list)
    #: Elements whose class, id, ``aria-label`` or microdata type says breadcrumb trail.
    trails: list[lxml_html.HtmlElement] = field(default_factory=list)
    #: Elements that say they hold the article (see :func:`names_scope`).
    scopes: list[lxml_html.HtmlElement] = field(default_factory=list)
    #: The element walked (the page's ``<body>``, else the page itself).
    root: lxml_html.HtmlElement | None = None
    _area: dict[lxml_html.HtmlElement, tuple[bool, bool]] = field(default_factory=dict)
    #: Every element of the body, held while the index lives: lxml makes a Python object for an
    #: element each time a walk or a lookup reaches it unless one is still alive, and the page is
    #: walked and climbed many times more.
    elements: list[lxml_html.HtmlElement] = field(default_factory=list)
    #: Whether the body holds a declarative shadow root (see :mod:`.shadow_dom`).
    shadow_roots: bool = False

    def with_hint(self, bit: int) -> list[lxml_html.HtmlElement]:
        return [el for el, mask in self.hinted if mask & bit]

    def protect(self, el: lxml_html.HtmlElement | None) -> None:
        """Never treat ``el`` or its ancestors as an excluded area (they wrap the article itself,
        whatever their classes say: "has-sidebar", "with-comments")."""
        while el is not None:
            self.protected.add(el)
            el = el.getparent()
        self._area.clear()

    def excluded(self, el: lxml_html.HtmlElement) -> bool:
        """True when an ancestor of ``el`` is a comment, sidebar, related list, nav or the like.

        An ``<aside>`` counts only outside an ``<article>`` (inside one it holds the article's own
        notes, often the byline).
        """
        parent = el.getparent()
        return parent is not None and self._state(parent)[0]

    def excluded_itself(self, el: lxml_html.HtmlElement) -> bool:
        """True when ``el`` itself or an ancestor is an excluded area (see :meth:`excluded`)."""
        return self._state(el)[0]

    def _state(self, node: lxml_html.HtmlElement) -> tuple[bool, bool]:
        """(excluded at or above ``node``, an <article> at or above ``node``), memoised."""
        chain = []
        while node is not None and node not in self._area:
            chain.append(node)
            node = node.getparent()
        state = self._area[node] if node is not None else (False, False)
        for current in reversed(chain):
            excluded, in_article = state
            tag = current.tag
            if tag == "article":
                in_article = True
            if not excluded and current not in self.protected and tag not in ("body", "html"):
                if tag in EXCLUDED_AREA_TAGS or (tag == "aside" and not in_article):
                    excluded = True
                else:
                    hints = element_hints(current)
                    excluded = bool(hints) and bool(EXCLUDED_AREA.search(hints))
            state = (excluded, in_article)
            self._area[current] = state
        return state

    @classmethod
    def build(cls, doc: lxml_html.HtmlElement) -> DomIndex:
        index = cls()
        body = doc.find("body") if doc.tag == "html" else doc
        if body is None:
            body = doc
        hinted = index.hinted
        itemprops = index.itemprops
        buckets = {"time": index.times, "img": index.images, "h1": index.h1s, "article": index.articles,
                   "main": index.mains}
        kinds = _kind_cache
        related = index.related
        access = index.access
        leads: dict[lxml_html.HtmlElement, str | None] = {}  # first texts below wrappers, for their children
        index.root = body
        index.elements = elements = list(body.iter(etree.Element))
        for el in elements:
            tag = el.tag
            # attribute lookups cost more than the rest of the loop: an attribute is only looked up
            # when the element has it (a link with only its href costs no lookup at all)
            keys = el.keys()
            if keys:
                cls_attr = el.get("class") if "class" in keys else None
                ident = el.get("id") if "id" in keys else None
                more = len(keys) > (cls_attr is not None) + (ident is not None)
            else:
                cls_attr = ident = None
                more = False
            kind = kinds.get((tag, cls_attr, ident))
            if kind is None:
                kind = _kind(tag, cls_attr, ident)
            flags, mask = kind
            if more:
                role = el.get("role") if "role" in keys else None
                if (flags & _ACCESS or (role and role.lower() in DIALOG_ROLES)
                        or ("aria-modal" in keys and el.get("aria-modal") == "true")):
                    access.append(el)  # the same test as access_bits, without a second call
                if role == "main" or ("itemscope" in keys and _article_type(el.get("itemtype"))):
                    index.scopes.append(el)  # the same test as names_scope
                if flags & _SKIPPED:
                    if tag == "template" and ("shadowrootmode" in keys or "shadowroot" in keys):
                        index.shadow_roots = True
                    continue
                rel = el.get("rel") if "rel" in keys else None
                prop = el.get("itemprop") if "itemprop" in keys else None
                if tag == "a" and rel and "author" in rel.lower().split():
                    index.author_links.append(el)
                if prop is not None and tag != "meta":
                    for name in prop.split():
                        itemprops.setdefault(name, []).append(el)
                if rel and flags & _CONTAINER_TAG and hint_mask(rel) & RELATED:
                    flags |= _CONTAINER
                if (("itemtype" in keys and "BreadcrumbList" in (el.get("itemtype") or ""))
                        or ("aria-label" in keys and "readcrumb" in (el.get("aria-label") or ""))):
                    flags |= _TRAIL
            elif flags & _ACCESS:
                access.append(el)
            if flags & _SKIPPED:
                continue
            if flags & _BUCKET:
                buckets[tag].append(el)
            if flags & _TRAIL:
                index.trails.append(el)
            if mask:
                hinted.append((el, mask))
            if flags & _CONTAINER or (flags & _LABEL_TAG and len(el) <= MAX_LABEL_CHILDREN
                                      and not lead_rules_out(el, leads)):
                related.append(el)
        return index

    def drop_blocks(self, blocks: list[lxml_html.HtmlElement], remove: Callable[[], None]) -> bool:
        """Take ``blocks`` (elements of the indexed page) out of the page by calling ``remove``
        and out of the index. False when the index no longer holds: an element around a block,
        whose text changed, now is (or no longer is) a label candidate of :attr:`related`; the
        caller builds the index again."""
        around = {a for b in blocks for a in b.iterancestors()}
        gone: set[lxml_html.HtmlElement] = set()
        for b in blocks:
            gone.update(b.iter())
        remove()
        candidates = set(self.related)
        for el in around:
            if el not in gone and _label_candidate(el) != (el in candidates and not _container_candidate(el)):
                return False

        def keep(els: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
            return [el for el in els if el not in gone]

        self.hinted = [(el, mask) for el, mask in self.hinted if el not in gone]
        for name in ("times", "images", "h1s", "articles", "mains", "author_links", "related", "access",
                     "trails", "scopes"):
            setattr(self, name, keep(getattr(self, name)))
        self.itemprops = {k: kept for k, v in self.itemprops.items() if (kept := keep(v))}
        return True


def names_scope(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` says it holds the article: ``role="main"``, or an ``itemscope`` whose
    ``itemtype`` names an Article or a BlogPosting."""
    return el.get("role") == "main" or (el.get("itemscope") is not None and _article_type(el.get("itemtype")))


def _article_type(itemtype: str | None) -> bool:
    return itemtype is not None and ("Article" in itemtype or "BlogPosting" in itemtype)


def _id_mask(ident: str) -> int:
    mask = hint_mask(ident)
    return mask if ident.count("-") + ident.count("_") <= MAX_ID_PARTS else mask & RELATED


def _kind_of(el: lxml_html.HtmlElement) -> tuple[int, int]:
    tag, cls_attr, ident = el.tag, el.get("class"), el.get("id")
    return _kind_cache.get((tag, cls_attr, ident)) or _kind(tag, cls_attr, ident)


def _container_candidate(el: lxml_html.HtmlElement) -> bool:
    """Whether :meth:`DomIndex.build` files ``el`` as related for its class, id or rel (its text
    aside)."""
    flags, _mask = _kind_of(el)
    rel = el.get("rel")
    return bool(flags & _CONTAINER or (rel and flags & _CONTAINER_TAG and hint_mask(rel) & RELATED))


def _label_candidate(el: lxml_html.HtmlElement) -> bool:
    """Whether :meth:`DomIndex.build` files ``el`` as related for its text alone (a possible
    label), and not for its class, id or rel."""
    flags, _mask = _kind_of(el)
    return (bool(flags & _LABEL_TAG) and not _container_candidate(el) and len(el) <= MAX_LABEL_CHILDREN
            and not lead_rules_out(el))
