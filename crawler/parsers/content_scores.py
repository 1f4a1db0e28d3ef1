"""Scoring a prepared page for its content element: every paragraph-like element scores by its
length and commas and passes the score to its ancestors (less at each level up); scores shrink with
link density and move with class/id hints; the best ancestor wins (see :func:`top_candidate`), joined
by the sibling blocks that score close to it or read as prose (:func:`with_siblings`).

Inside a page's single ``<article>`` or ``<main>`` when that holds most of the paragraph text
(:func:`_scope`), else inside the whole page; the attempts of :mod:`.body` differ in whether the
unlikely parts (:func:`unlikely_elements`) are left out and class hints weigh.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from .cleanup import Landmarks, attrs_of, class_weight, find_landmarks, link_density
from .document import SENTENCE_END, all_text, count_children, hint, text_of, text_shorter
from .patterns import compile_words
from .text_lengths import TextLengths

#: Class/id hints of page parts that are almost never the article (unless also MAYBE_CONTENT).
UNLIKELY = compile_words(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|"
    r"legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|"
    r"ad-break|agegate|pagination|pager|popup|yom-remote|cookie|newsletter|guestbook|guest-book|condolence")
MAYBE_CONTENT = re.compile(r"and|article|body|column|content|main|mathjax|shadow")
UNLIKELY_ROLES = frozenset({
    "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"})
NEVER_UNLIKELY = frozenset({"html", "body", "a", "article", "main"})
SCORABLE_TAGS = ("p", "pre", "td", "h2", "h3", "h4", "h5", "h6", "section", "div")
#: Descendants that keep a <div> from being read as a paragraph.
DIV_BLOCKS = ("blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "section", "figure")
TAG_SCORE = {"div": 5, "pre": 3, "td": 3, "blockquote": 3, "address": -3, "ol": -3, "ul": -3, "dl": -3,
             "dd": -3, "dt": -3, "li": -3, "form": -3, "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5,
             "h6": -5, "th": -5}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MIN_PARAGRAPH_CHARS = 25
MIN_CONTENT_CHARS = 500  # below this the next, looser extraction attempt runs and the longest wins
SCOPE_SHARE = 0.5  # share of the page's paragraph text an <article>/<main> needs to be the scope
#: What a paragraph's score is divided by for its parent, grandparent, ... (five levels up).
LEVEL_SHARES = (1, 2, 6, 9, 12)
#: Sibling blocks of the content kept as more of it when they read as prose (see _prose_block).
PROSE_SIBLING_TAGS = frozenset({"div", "section", "span", "blockquote"})
PROSE_SIBLING_CHARS = 150
PROSE_SIBLING_LINK_DENSITY = 0.1
#: Blocks that stand between chosen siblings and are kept with them.
GAP_TAGS = frozenset({"ul", "ol", "dl", "table", "pre", "blockquote", "figure"})
MAX_TEASER_CHARS = 600  # text of an <article> beside the page's own that is a teaser of another page
OWN_ARTICLE_SHARE = 0.75  # of a wrapper's score, that the one <article> in it of its own reaches


def unlikely_elements(root: etree._Element) -> set:
    excluded: set = set()
    for el in root.iter():
        if el in excluded or not isinstance(el.tag, str) or el.tag in NEVER_UNLIKELY:
            continue
        keys = el.keys()  # most elements have no class, id or role: no lookups for them
        attrs = attrs_of(el) if "class" in keys or "id" in keys else ""
        role = (el.get("role") or "").lower() if "role" in keys else ""
        bad = role in UNLIKELY_ROLES or el.tag == "nav" or (
            attrs and hint(UNLIKELY, attrs) and not hint(MAYBE_CONTENT, attrs))
        if bad and not any(a.tag in ("table", "code") for a in el.iterancestors()):
            if el.find(".//*[@itemprop='articleBody']") is None:
                excluded.update(el.iter())
    return excluded


def _own_inline_text(div: etree._Element) -> str:
    parts = [div.text or ""]
    for child in div:
        if isinstance(child.tag, str) and child.tag not in DIV_BLOCKS:
            parts.append(all_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


class Measures:
    """Texts and link-text lengths of one prepared tree, computed once and shared by every
    extraction attempt (the attempts differ in what they exclude and weigh, not in the tree)."""

    def __init__(self, root: etree._Element, landmarks: Landmarks | None = None) -> None:
        self.root = root
        self.texts: dict = {}
        self._link_chars: dict = {}
        self._anchor_chars: dict = {}
        self._scope: etree._Element | None = None
        self._paragraphs: dict = {}
        self._weights: dict = {}
        self.lengths = TextLengths()
        self.landmarks = landmarks or find_landmarks(root)

    def text(self, el: etree._Element) -> str:
        text = self.texts.get(el)
        if text is None:
            text = self.texts[el] = text_of(el)
        return text

    def paragraphs(self, root: etree._Element) -> list:
        found = self._paragraphs.get(root)
        if found is None:
            found = self._paragraphs[root] = _paragraphs(root, self.text)
        return found

    def weights(self, el: etree._Element) -> int:
        weight = self._weights.get(el)
        if weight is None:
            weight = self._weights[el] = class_weight(el)
        return weight

    @property
    def scope(self) -> etree._Element:
        if self._scope is None:
            self._scope = _scope(self.root, self.landmarks)
        return self._scope

    def link_chars(self, el: etree._Element) -> float:
        """Link text length inside ``el`` (in-page links count 30%)."""
        total = self._link_chars.get(el)
        if total is None:
            total = 0.0
            for a in el.iter("a"):
                n = self._anchor_chars.get(a)
                if n is None:
                    n = len(self.text(a)) * (0.3 if (a.get("href") or "").startswith("#") else 1.0)
                    self._anchor_chars[a] = n
                total += n
            self._link_chars[el] = total
        return total


def score_candidates(root: etree._Element, excluded: set, weigh_classes: bool = True,
                     measures: Measures | None = None) -> dict:
    """Content scores of the ancestors of paragraph-like elements (link density applied)."""
    measures = measures or Measures(root)
    weights = measures.weights
    scores: dict = {}
    for node, score, ancestors in measures.paragraphs(root):
        if node in excluded:
            continue
        for anc, share in zip(ancestors, LEVEL_SHARES, strict=False):
            if anc not in scores:
                scores[anc] = TAG_SCORE.get(anc.tag, 0) + (weights(anc) if weigh_classes else 0)
            scores[anc] += score / share
    length = measures.lengths.length
    for cand in scores:
        total = length(cand, scores)  # nested candidates: each one's text is read once
        if total:
            scores[cand] *= 1 - min(1.0, measures.link_chars(cand) / total)
    return scores


def _paragraphs(root: etree._Element, text_of_: Callable[[etree._Element], str]) -> list:
    """(element, score, the ancestors it passes its score to) of every paragraph-like element."""
    found = []
    for node in root.iter(*SCORABLE_TAGS):
        start = node.getparent()
        if node.tag in ("div", "td"):  # a layout cell holds blocks as a <div> does
            if next(node.iterdescendants(*DIV_BLOCKS), None) is not None:
                text, start = _own_inline_text(node), node
            else:
                text = text_of_(node)
        else:
            text = text_of_(node)
            if (start is not None and start.tag == "div" and count_children(start, 1) == 1
                    and not (start.text or "").strip()):
                start = start.getparent()  # a wrapper around one paragraph counts as the paragraph
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue
        score = 1 + text.count(",") + text.count("，") + min(len(text) // 100, 3)
        ancestors: list[Any] = []
        anc = start
        while anc is not None and len(ancestors) < len(LEVEL_SHARES) and anc.tag != "html":
            ancestors.append(anc)
            anc = anc.getparent()
        found.append((node, score, ancestors))
    return found


def _children(el: etree._Element) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def top_candidate(scope: etree._Element, scores: dict) -> etree._Element:
    inside = [(c, s) for c, s in scores.items() if c is scope or scope in c.iterancestors()]
    if not inside:
        return scope
    inside.sort(key=lambda cs: -cs[1])
    top, top_score = inside[0]
    alts = [c for c, s in inside[1:5] if s >= 0.75 * top_score]
    if len(alts) >= 3:
        for anc in top.iterancestors():
            if anc is scope.getparent():
                break
            if sum(1 for a in alts if anc in a.iterancestors()) >= 3:
                top = anc
                break
    last = scores.get(top, 0.0)
    threshold = last / 3
    parent = top.getparent()
    while top is not scope and parent is not None and parent is not scope.getparent():
        if parent in scores:
            if scores[parent] < threshold:
                break
            if scores[parent] > last:
                top = parent
                break
            last = scores[parent]
        parent = parent.getparent()
    else:
        if scope.tag != "body" and top is not scope:
            top = scope  # every wrapper up to the article scores well: the article is the content
    top = _own_article(top, scores)
    while top is not scope and top.getparent() is not None and len(_children(top.getparent())) == 1:
        top = top.getparent()
    return top


def _own_article(top: etree._Element, scores: dict) -> etree._Element:
    """The one ``<article>`` inside ``top`` that scores nearly as well as ``top`` when every
    other ``<article>`` in ``top`` is a teaser (a short brief above a grid of teasers, which add
    their excerpts to the wrapper's score); else ``top``."""
    if top.tag == "article" or next(top.iterancestors("article"), None) is not None:
        return top
    least = OWN_ARTICLE_SHARE * scores.get(top, 0.0)
    strong = [a for a in _outer_articles(top) if scores.get(a, 0.0) >= least]
    return strong[0] if len(strong) == 1 and beside_teasers(strong[0], top) else top


def _outer_articles(wrapper: etree._Element) -> list[etree._Element]:
    return [a for a in wrapper.iter("article") if next(a.iterancestors("article"), None) is None]


def beside_teasers(own: etree._Element, wrapper: etree._Element) -> bool:
    """Whether ``wrapper`` holds ``own`` (an ``<article>``) and other ``<article>``s, each a
    teaser of another page: a link and a few lines (a recipe's boxes, each an ``<article>`` of
    its own, are parts of its text)."""
    if wrapper not in own.iterancestors():
        return False
    others = [a for a in _outer_articles(wrapper) if a is not own]
    return bool(others) and all(a.find(".//a[@href]") is not None and len(text_of(a)) <= MAX_TEASER_CHARS
                                for a in others)


def with_siblings(top: etree._Element, scope: etree._Element, scores: dict, excluded: set) -> list:
    """``top`` and the siblings that look like more of the same content, in page order."""
    parent = top.getparent()
    if top is scope or parent is None:
        return [top]
    top_score = scores.get(top, 0.0)
    threshold = max(10.0, top_score * 0.2)
    chosen = []
    for sib in _children(parent):
        if sib is top:
            chosen.append(sib)
            continue
        if sib in excluded:
            continue
        bonus = top_score * 0.2 if sib.get("class") and sib.get("class") == top.get("class") else 0.0
        if sib in scores and scores[sib] + bonus >= threshold:
            chosen.append(sib)
        elif sib.tag == "p":
            text = text_of(sib)
            density = link_density(sib, len(text))
            if (len(text) > 80 and density < 0.25) or (
                    0 < len(text) <= 80 and density == 0 and re.search(r"\.( |$)", text)):
                chosen.append(sib)
        elif sib.tag in PROSE_SIBLING_TAGS and top not in chosen and _prose_block(sib):
            chosen.append(sib)  # before the content: an intro; after it, comments and promos
    siblings = _children(parent)
    chosen = _with_headings(_with_gaps(chosen, siblings, excluded), siblings)
    return chosen if len(chosen) > 1 else [top]


def _with_gaps(chosen: list, siblings: list, excluded: set) -> list:
    """Add the lists, tables, quotes and figures that stand between chosen blocks (a podcast's
    show notes between its intro and its transcript), and the blocks of prose there (a FAQ whose
    answers sit deep in an accordion's panels): the text's own, whatever they score."""
    keep = set(chosen)
    at = [i for i, s in enumerate(siblings) if s in keep]
    if len(at) < 2:
        return chosen
    gaps = {s for s in siblings[at[0]:at[-1]] if s not in keep and s not in excluded and (
        s.tag in GAP_TAGS or (s.tag in PROSE_SIBLING_TAGS and _prose_block(s)))}
    return [s for s in siblings if s in keep or s in gaps] if gaps else chosen


def _prose_block(el: etree._Element) -> bool:
    """A sibling block of running text (an intro or a paragraph in a wrapper of its own): enough
    words in sentences, hardly any of them links, and no class that says otherwise."""
    text = text_of(el)
    if len(text) < PROSE_SIBLING_CHARS or not SENTENCE_END.search(text) or class_weight(el) < 0:
        return False
    return link_density(el, len(text)) < PROSE_SIBLING_LINK_DENSITY


def _with_headings(chosen: list, siblings: list) -> list:
    """Add the headings that stand between chosen blocks: they title the sections."""
    keep = set(chosen)
    first = next(i for i, s in enumerate(siblings) if s in keep)
    out = []
    for i, sib in enumerate(siblings):
        if sib in keep:
            out.append(sib)
        elif (i > first and sib.tag in HEADINGS and i + 1 < len(siblings) and siblings[i + 1] in keep):
            out.append(sib)
    return out


def _paragraph_chars(el: etree._Element) -> int:
    return sum(len(all_text(p)) for p in el.iter("p"))


def _scope(root: etree._Element, landmarks: Landmarks) -> etree._Element:
    """The single <article> or <main> of the page when it holds most of the paragraph text,
    else the whole page."""
    total = _paragraph_chars(root)
    for found in (landmarks.articles, landmarks.mains):
        if len(found) == 1 and not text_shorter(found[0], MIN_CONTENT_CHARS):
            if _paragraph_chars(found[0]) >= SCOPE_SHARE * total:
                return found[0]
    return root
