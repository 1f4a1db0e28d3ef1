"""Removing what is not the article from a page and from its chosen content element.

Class/id hints and structure only (no site names): page-level junk (scripts, hidden elements,
ad slots), widgets inside the content (share bars, comments, newsletter boxes, navigation),
link-heavy or form-like blocks; the author bio box is :mod:`.author_bio`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .cleanup_hints import (
    AD_HINT,
    AD_LABEL,
    ADMONITION_HINT,
    BIO_HINT,
    BYLINE_HINT,
    COMMENT_AREA,
    CONTROL_HINT,
    FOOTNOTES,
    GATED_TEXT,
    KICKER_HINT,
    MAX_SUMMARY_LABEL_CHARS,
    META_LINE_HINT,
    NEGATIVE,
    POSITIVE,
    SCREEN_READER,
    SCREEN_READER_WORDS,
    SUBTITLE_HINT,
    SUMMARY_LABEL,
    TOC_HINT,
    VIDEO_HINT,
    WIDGET_HINT,
)
from .document import all_text, hiding_style, hint, is_inside, text_of, text_shorter
from .patterns import compile_words, written
from .related_labels import is_related_label, short_text
from .revealed import open_noscript_content, reveal_collapsed
from .signup_boxes import SIGNUP_BOXES, mark_signup_boxes

#: Elements that never hold article text.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
             "link", "meta", "button", "input", "select", "textarea", "dialog", "frame", "frameset")
#: Tags removed from the content element when not the content itself.
NON_CONTENT_TAGS = ("nav", "aside", "footer", "menu")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MAX_WIDGET_CHARS = 500
MAX_CONTROL_CHARS = 40
MAX_VIDEO_CHARS = 160  # a video player's title and provider

MAX_META_LINE_CHARS = 200
MAX_KICKER_CHARS = 80
MAX_TOC_CHARS = 3000
MIN_TOC_LINK_SHARE = 1 / 3  # of a TOC's text, that its links hold at least


def attrs_of(el: etree._Element) -> str:
    """Class and id as one string to match hints against (heading ids are slugs of their text)."""
    ident = "" if el.tag in HEADINGS else el.get("id") or ""
    return f"{el.get('class') or ''} {ident}".strip()


#: Attributes that name an element's part for a site's tests and analytics ("article-body-ad",
#: "newsletter-inline-signup", "credits"): templates of hashed class names say there what an
#: element is. Read for the widgets and credits taken out of a body, never for bylines.
ROLE_ATTRS = ("data-qa", "data-testid", "data-component")


def widget_attrs(el: etree._Element, keys: list[str] | None = None) -> str:
    """:func:`attrs_of` plus the names of :data:`ROLE_ATTRS` (``keys``: the element's attribute
    names, when the caller has them)."""
    keys = el.keys() if keys is None else keys
    attrs = attrs_of(el) if "class" in keys or "id" in keys else ""
    for name in ROLE_ATTRS:
        if name in keys:
            attrs = f"{attrs} {el.get(name) or ''}".strip()
    return attrs


def class_weight(el: etree._Element) -> int:
    """+25 per positive, -25 per negative hint in class and id. Heading ids are ignored: they are
    usually slugs of the heading text, not a statement about the element's role."""
    weight = 0
    ident = None if el.tag in HEADINGS else el.get("id")
    for value in (el.get("class"), ident):
        if value:
            if hint(NEGATIVE, value) and not hint(FOOTNOTES, value) and not hint(GATED_TEXT, value):
                weight -= 25
            if hint(POSITIVE, value):
                weight += 25
    return weight


def link_density(el: etree._Element, text_len: int | None = None) -> float:
    """Share of ``el``'s text inside links (in-page links count 30%)."""
    total = len(text_of(el)) if text_len is None else text_len
    if not total:
        return 0.0
    links = 0.0
    for a in el.iter("a"):
        n = len(text_of(a))
        links += n * 0.3 if (a.get("href") or "").startswith("#") else n
    return min(1.0, links / total)


def drop(el: etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass
class Landmarks:
    """Elements the content search starts from, in document order: those marked
    ``itemprop=articleBody``, the outermost ``<article>`` elements, and ``<main>``/``role=main``."""

    bodies: list[etree._Element] = field(default_factory=list)
    articles: list[etree._Element] = field(default_factory=list)
    mains: list[etree._Element] = field(default_factory=list)


#: Attributes that can hide an element.
JUNK_ATTRS = frozenset({"hidden", "aria-hidden", "type", "style", "role"})


def _hidden(get: Any) -> bool:
    """Hidden by attribute or inline style (the only styles a parser can see), or a tooltip (text
    shown while a pointer rests on something: a byline's bio); ``get`` is an element's attribute
    getter."""
    if get("hidden") is not None or get("aria-hidden") == "true" or get("type") == "hidden":
        return "fallback-image" not in (get("class") or "")
    return get("role") == "tooltip" or hiding_style(get("style"))


def behind_modal(el: etree._Element) -> bool:
    """Whether ``el`` is hidden only from screen readers (``aria-hidden``, no ``hidden`` and no
    hiding style) and holds the page's headline: the page behind a modal dialog (a consent wall
    sets it on the page's wrapper while it is open), which is on the screen all the same."""
    if el.get("aria-hidden") != "true" or el.get("hidden") is not None or hiding_style(el.get("style")):
        return False
    return el.find(".//h1") is not None


def _junk_class(tag: str, cls: str | None) -> bool:
    if not cls:
        return False
    if tag == "ins" and "adsbygoogle" in cls:
        return True
    lowered = cls.lower()
    for word in SCREEN_READER_WORDS:  # substring tests first: most classes hold none of the words
        if word in lowered:
            return SCREEN_READER.search(lowered) is not None
    return False


def find_landmarks(root: etree._Element, junk: list[etree._Element] | None = None) -> Landmarks:
    """One walk over ``root`` collecting its :class:`Landmarks` (and, when ``junk`` is given, the
    elements :func:`prepare_page` removes)."""
    found = Landmarks()
    articles: list[etree._Element] = []
    for el in root.iter(etree.Element):
        tag = el.tag
        if tag == "article":
            articles.append(el)
        elif tag == "main":
            found.mains.append(el)
        keys = el.keys()
        if not keys or tag in ("html", "body"):
            continue
        get = el.get
        if len(keys) == 1 and keys[0] == "class":  # the common case: one test
            if junk is not None and _junk_class(tag, get("class")):
                junk.append(el)
            continue
        if junk is not None and ((JUNK_ATTRS.intersection(keys) and _hidden(get) and not behind_modal(el))
                                 or _junk_class(tag, get("class"))):
            junk.append(el)
        if "itemprop" in keys and "articleBody" in (get("itemprop") or "").split():
            found.bodies.append(el)
        if tag != "main" and get("role") == "main":
            found.mains.append(el)
    found.articles = [a for a in articles if not any(p.tag == "article" for p in a.iterancestors())]
    return found


def survives_preparation(el: etree._Element) -> bool:
    """Whether :func:`prepare_page` on the whole page would keep ``el`` (neither it nor an
    ancestor below ``<body>`` is a dropped tag, hidden, an ad slot or screen-reader text)."""
    node = el
    while node is not None and node.tag not in ("body", "html"):
        if not isinstance(node.tag, str) or node.tag in DROP_TAGS:
            return False
        if node.keys() and ((_hidden(node.get) and not behind_modal(node))
                            or _junk_class(node.tag, node.get("class"))):
            return False
        node = node.getparent()
    return True


def flatten_below(root: etree._Element, depth: int) -> None:
    """Strip the tags (keeping their text) of everything nested more than ``depth`` levels
    below ``root``."""
    for el in root.xpath("./*" + "/*" * (depth - 1)):
        etree.strip_tags(el, "*")


def prepare_page(root: etree._Element) -> Landmarks:
    """Page-level junk removal (in place): scripts, styles, hidden elements, ad slots and
    screen-reader-only text. Returns the landmarks of what is left."""
    open_noscript_content(root)
    mark_signup_boxes(root)
    reveal_collapsed(root)  # before its button goes with the other controls
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    doomed: list[etree._Element] = []
    found = find_landmarks(root, doomed)
    for el in doomed:
        drop(el)
    if doomed:
        for name in ("bodies", "articles", "mains"):
            setattr(found, name, [el for el in getattr(found, name) if is_inside(el, root)])
    return found


#: What :func:`_widget_limit` gives for a TOC hint: the limit holds only for a list of in-page links.
_TOC = -1
#: What :func:`_widget_limit` gives for a video hint: the limit holds only for a title (see
#: :func:`_video_title`).
_VIDEO = -2
#: Where a sentence ends after a word of two letters or more: a title's initials ("S.C.") end none.
_SENTENCE_END = re.compile(r"\w\w[.!?。！？](?:\s|$)")
_widget_memo: dict[str, int] = {}
MAX_MEMO = 20000


#: Class/id hints in the order they are tried, and the text length under which each drops an element.
_WIDGET_LIMITS = ((AD_HINT, 1000), (WIDGET_HINT, MAX_WIDGET_CHARS), (CONTROL_HINT, MAX_CONTROL_CHARS),
                  (BIO_HINT, 1500), (BYLINE_HINT, 100), (META_LINE_HINT, MAX_META_LINE_CHARS),
                  (KICKER_HINT, MAX_KICKER_CHARS), (VIDEO_HINT, _VIDEO),
                  (TOC_HINT, _TOC))
#: Any of those hints, their alternatives grouped: most class/id strings hold none, and one search
#: tells (the patterns have no flags, so their union matches where one of them does).
_ANY_WIDGET_HINT = compile_words("|".join(f"(?:{written(words)})" for words, _ in _WIDGET_LIMITS))


def _widget_limit(attrs: str) -> int:
    """The text length under which an element with these class/id ``attrs`` is dropped (ad slots,
    widgets, controls, bios, bylines, metadata lines; :data:`_TOC` for a table of contents,
    :data:`_VIDEO` for a video player), 0 when they say nothing or name the article's text kept
    for subscribers (memoised: templates repeat their class names)."""
    limit = _widget_memo.get(attrs)
    if limit is None:
        lowered = attrs.lower()
        limit = 0
        if _ANY_WIDGET_HINT.search(lowered) and not GATED_TEXT.search(lowered):
            limit = next((cap for words, cap in _WIDGET_LIMITS if words.search(lowered)), 0)
        if len(_widget_memo) >= MAX_MEMO:
            _widget_memo.clear()
        _widget_memo[attrs] = limit
    return limit


def _drop_widgets(content: etree._Element) -> None:
    for el in list(content.iter(*NON_CONTENT_TAGS)):
        if el is not content and el.getparent() is not None and not _admonition(el):
            drop(el)
    for el in list(content.iter()):
        if el is content or el.getparent() is None or not isinstance(el.tag, str):
            continue
        keys = el.keys()
        attrs = widget_attrs(el, keys)
        ad_slot = el.tag == "ins" and any(k.startswith("data-ad") for k in keys)
        if not attrs and not ad_slot:
            if el.tag in ("p", "div", "span") and len(el) <= 1 and AD_LABEL.match(all_text(el)):
                drop(el)
            continue
        if el.tag in ("body", "html", "article", "main", "pre", "code"):
            continue
        if ad_slot:
            limit = 1000
        elif hint(COMMENT_AREA, attrs):
            limit = max(MAX_WIDGET_CHARS, len(text_of(content)) // 2)  # a thread, whatever its length
        else:
            limit = _widget_limit(attrs)
            if limit == _TOC:  # a contents list, or its title alone once its <nav> went with the others
                limit = (MAX_TOC_CHARS if _fragment_links(el)
                         else MAX_CONTROL_CHARS if next(el.iter("a"), None) is None else 0)
            if limit == _VIDEO:
                limit = MAX_VIDEO_CHARS if _video_title(el) else 0
            if not limit:
                continue
        if text_shorter(el, limit):
            drop(el)


def _video_title(el: etree._Element) -> bool:
    """Whether a video player's text is only its title ("Watch: …", "Il video: …") and its
    provider, not a sentence (a caption that says what happened), a list (a playlist) nor the
    label of one ("Up next": the list after it goes with it, as a related list); a heading is a
    teaser card's headline (the cards go as a list)."""
    if el.tag in HEADINGS or next(el.iter("li"), None) is not None:
        return False
    text = text_of(el)
    return not _SENTENCE_END.search(text) and not is_related_label(text)


def _admonition(el: etree._Element) -> bool:
    """An <aside> the article's text keeps: a note, warning or tip box by its class, or a summary
    box by the label that heads it ("Key takeaways", "Our verdict")."""
    if el.tag != "aside":
        return False
    cls = el.get("class")
    if cls and hint(ADMONITION_HINT, cls):
        return True
    heading = next(el.iter("h2", "h3", "h4", "h5"), None)
    label = short_text(heading, MAX_SUMMARY_LABEL_CHARS) if heading is not None else None
    return label is not None and SUMMARY_LABEL.fullmatch(label.lower().replace("’", "'")) is not None


def _fragment_links(el: etree._Element) -> bool:
    """Whether most links of ``el`` point into the page itself (``#heading``) and their text is a
    third of its text or more, as a TOC's are beside its title (a section of a paper classed
    "toc-section" cites its references by such links, a few characters each, in its paragraphs)."""
    links = list(el.iter("a"))
    inside = [a for a in links if (a.get("href") or "").startswith("#")]
    if not links or len(inside) * 2 <= len(links):
        return False
    return sum(len(text_of(a)) for a in inside) >= MIN_TOC_LINK_SHARE * len(text_of(el))


def _demote_subtitles(content: etree._Element) -> None:
    """A subtitle set as a heading (``<h2 class="standfirst">``) is the article's lead text, not
    the heading of a section: it becomes a paragraph."""
    for h in list(content.iter("h2", "h3", "h4", "h5", "h6")):
        attrs = attrs_of(h)  # class only: a heading's id is a slug of its text ("summary")
        if attrs and hint(SUBTITLE_HINT, attrs):
            h.tag = "p"


def cleanup_content(content: etree._Element) -> None:
    """In-place cleanup of the chosen content element: widgets, subtitles set as headings,
    headings with negative hints. The conditional cleaning of its blocks is
    :func:`.conditional.clean_blocks`, which builds on this module."""
    for box in SIGNUP_BOXES(content):
        if box.getparent() is not None:
            drop(box)
    _drop_widgets(content)
    _demote_subtitles(content)
    _drop_backlinks(content)
    for h in list(content.iter("h1", "h2")):
        if class_weight(h) < 0 and h.getparent() is not None:
            drop(h)


#: In-page links; of them, a footnote's link back to where it is cited ("↩") is no text of the
#: article.
_IN_PAGE_LINKS = etree.XPath(".//a[starts-with(@href, '#')]")
BACKLINK_TEXT = frozenset({"↩", "↩\ufe0e", "↩\ufe0f", "↑", "⤴", "⤴\ufe0f", "^", "⏎"})


def _drop_backlinks(content: etree._Element) -> None:
    for a in _IN_PAGE_LINKS(content):
        if all_text(a).strip() in BACKLINK_TEXT or a.get("role") == "doc-backlink":
            drop(a)
