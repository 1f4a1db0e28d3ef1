"""The article body: find the main content element, clean it, split it into sections.

1. Page-level junk goes first (scripts, styles, hidden elements, ad slots).
2. The content element is ``itemprop=articleBody`` when the page marks one with real text.
   Otherwise text-density scoring runs inside the page's single ``<article>``/``<main>`` when it
   has one (else inside ``<body>``): every paragraph-like element scores by its length and commas
   and passes the score to its ancestors; scores shrink with link density and move with class/id
   hints; the best ancestor wins, joined by sibling blocks that score close to it.
3. The content is cleaned (:mod:`.cleanup`): widgets, ads, link-heavy blocks, the author bio box.
4. Headings split the Markdown into :class:`~.model.Section` objects. The first heading that
   repeats the page title, met before any real text, is the article header's title and is dropped;
   inside an ``articleBody`` only a leading ``<h1>`` is (its other headings are body text).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree

from .cleanup import (
    Landmarks,
    attrs_of,
    class_weight,
    cleanup_content,
    find_landmarks,
    link_density,
    prepare_page,
    remove_author_bio,
    text_of,
)
from .document import hint
from .markdown import Heading, MarkdownRenderer, render_blocks
from .model import Metadata, Section

#: Class/id hints of page parts that are almost never the article (unless also MAYBE_CONTENT).
UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|"
    r"legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|"
    r"ad-break|agegate|pagination|pager|popup|yom-remote|cookie|newsletter")
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
MAX_TEXT_BEFORE_TITLE = 200
MIN_PARAGRAPH_CHARS = 25
MIN_CONTENT_CHARS = 500  # below this the next, looser extraction attempt runs
MIN_ARTICLE_BODY_CHARS = 200
SCOPE_SHARE = 0.5  # share of the page's paragraph text an <article>/<main> needs to be the scope
TITLE_SIMILARITY = 0.75
_WORD = re.compile(r"\w+", re.U)


@dataclass(frozen=True)
class _Attempt:
    strip_unlikely: bool = True
    weigh_classes: bool = True
    clean_conditionally: bool = True


ATTEMPTS = (_Attempt(), _Attempt(strip_unlikely=False), _Attempt(False, False), _Attempt(False, False, False))


def _unlikely(root: etree._Element) -> set:
    excluded: set = set()
    for el in root.iter():
        if el in excluded or not isinstance(el.tag, str) or el.tag in NEVER_UNLIKELY:
            continue
        attrs = attrs_of(el)
        role = (el.get("role") or "").lower()
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
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


class _Measures:
    """Texts and link-text lengths of one prepared tree, computed once and shared by every
    extraction attempt (the attempts differ in what they exclude and weigh, not in the tree)."""

    def __init__(self, root: etree._Element, landmarks: Landmarks | None = None) -> None:
        self.root = root
        self.texts: dict = {}
        self._links: dict | None = None
        self._scope: etree._Element | None = None
        self.landmarks = landmarks or find_landmarks(root)

    def text(self, el: etree._Element) -> str:
        text = self.texts.get(el)
        if text is None:
            text = self.texts[el] = text_of(el)
        return text

    @property
    def scope(self) -> etree._Element:
        if self._scope is None:
            self._scope = _scope(self.root, self.landmarks)
        return self._scope

    @property
    def links(self) -> dict:
        """Link text length inside every element of the scope that contains links (in-page
        links count 30%)."""
        if self._links is None:
            lengths: dict = {}
            stop = self.scope.getparent()
            for a in self.scope.iter("a"):
                n = len(self.text(a)) * (0.3 if (a.get("href") or "").startswith("#") else 1.0)
                if n:
                    anc = a.getparent()
                    while anc is not None and anc is not stop:
                        lengths[anc] = lengths.get(anc, 0.0) + n
                        anc = anc.getparent()
            self._links = lengths
        return self._links


def score_candidates(root: etree._Element, excluded: set, weigh_classes: bool = True,
                     measures: _Measures | None = None) -> dict:
    """Content scores of the ancestors of paragraph-like elements (link density applied)."""
    measures = measures or _Measures(root)
    text_of_ = measures.text
    scores: dict = {}
    for node in root.iter(*SCORABLE_TAGS):
        if node in excluded:
            continue
        start = node.getparent()
        if node.tag == "div":
            if next(node.iterdescendants(*DIV_BLOCKS), None) is not None:
                text, start = _own_inline_text(node), node
            else:
                text = text_of_(node)
        else:
            text = text_of_(node)
            if (start is not None and start.tag == "div" and len(start) == 1
                    and not (start.text or "").strip()):
                start = start.getparent()  # a wrapper around one paragraph counts as the paragraph
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue
        score = 1 + text.count(",") + text.count("，") + min(len(text) // 100, 3)
        anc, level = start, 0
        while anc is not None and level < 5 and anc.tag != "html":
            if anc not in scores:
                scores[anc] = TAG_SCORE.get(anc.tag, 0) + (class_weight(anc) if weigh_classes else 0)
            scores[anc] += score / (1 if level == 0 else 2 if level == 1 else level * 3)
            anc, level = anc.getparent(), level + 1
    links = measures.links if root is measures.scope else _Measures(root).links
    for cand in scores:
        total = len(text_of_(cand))
        if total:
            scores[cand] *= 1 - min(1.0, links.get(cand, 0.0) / total)
    return scores


def _children(el: etree._Element) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _top_candidate(scope: etree._Element, scores: dict) -> etree._Element:
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
    while top is not scope and top.getparent() is not None and len(_children(top.getparent())) == 1:
        top = top.getparent()
    return top


def _with_siblings(top: etree._Element, scope: etree._Element, scores: dict, excluded: set) -> etree._Element:
    """A copy of ``top``, or a new <div> holding copies of ``top`` and the siblings that look
    like more of the same content (the page itself is not modified)."""
    parent = top.getparent()
    if top is scope or parent is None:
        return copy.deepcopy(top)
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
    chosen = _with_headings(chosen, _children(parent))
    if len(chosen) == 1:
        return copy.deepcopy(top)
    wrapper = top.makeelement("div", {})
    for el in chosen:
        el = copy.deepcopy(el)
        el.tail = None
        wrapper.append(el)
    return wrapper


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
    return sum(len(p.text_content()) for p in el.iter("p"))


def _scope(root: etree._Element, landmarks: Landmarks) -> etree._Element:
    """The single <article> or <main> of the page when it holds most of the paragraph text,
    else the whole page."""
    total = _paragraph_chars(root)
    for found in (landmarks.articles, landmarks.mains):
        if len(found) == 1 and len(text_of(found[0])) >= MIN_CONTENT_CHARS:
            if _paragraph_chars(found[0]) >= SCOPE_SHARE * total:
                return found[0]
    return root


def find_main_content(root: etree._Element, attempt: _Attempt = ATTEMPTS[0],
                      measures: _Measures | None = None) -> tuple[etree._Element, str]:
    """A detached copy of the content of a page cleaned by :func:`prepare_page`, and how it was
    found ("articleBody" or "scored"). ``root`` is not modified. ``measures`` carries what
    earlier attempts on the same ``root`` have computed."""
    if measures is None or measures.root is not root:
        measures = _Measures(root)
    bodies = measures.landmarks.bodies
    if bodies:
        best = max(bodies, key=lambda e: len(measures.text(e)))
        if len(measures.text(best)) >= MIN_ARTICLE_BODY_CHARS:
            return copy.deepcopy(best), "articleBody"
    scope = measures.scope
    excluded = _unlikely(scope) if attempt.strip_unlikely else set()
    scores = score_candidates(scope, excluded, attempt.weigh_classes, measures)
    top = _top_candidate(scope, scores)
    return _with_siblings(top, scope, scores, excluded), "scored"


def _similar(a: str, b: str) -> float:
    ta, tb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    if not ta or not tb:
        return 0.0
    common = len(set(ta) & set(tb))
    return common / max(len(set(ta)), len(set(tb)))


def split_sections(blocks: list, title: str | None = None, drop_title: bool = True) -> list[Section]:
    """Group rendered blocks into sections at headings; the lead (before any heading) has
    ``heading=None``. A title-duplicating heading before any text is dropped when ``drop_title``."""
    sections: list[Section] = []
    heading: Heading | None = None
    parts: list[str] = []
    text_before = 0

    def close() -> None:
        md = render_blocks(parts)
        if heading is not None or md:
            sections.append(Section(heading.text if heading else None, heading.level if heading else 0, md))

    for block in blocks:
        if isinstance(block, Heading):
            if (drop_title and title and text_before <= MAX_TEXT_BEFORE_TITLE
                    and _similar(block.text, title) >= TITLE_SIMILARITY):
                drop_title = False
                continue
            close()
            heading, parts = block, []
        else:
            parts.append(block)
            text_before += len(block)
    close()
    return sections


@dataclass
class Body:
    """The extracted body: its sections, the cleaned content element and how it was found."""

    sections: list[Section]
    content: etree._Element | None = None
    method: str = "none"


def extract_body(doc: etree._Element, base_url: str, metadata: Metadata | None = None) -> Body:
    """Find, clean and split the body of a parsed page. ``doc`` is left untouched."""
    metadata = metadata or Metadata()
    body = doc.find("body")
    prepared = copy.deepcopy(body if body is not None else doc)
    landmarks = prepare_page(prepared)
    best: tuple[int, etree._Element, str] | None = None
    measures = _Measures(prepared, landmarks)
    for attempt in ATTEMPTS:
        content, how = find_main_content(prepared, attempt, measures)
        cleanup_content(content, conditional=attempt.clean_conditionally)
        remove_author_bio(content, metadata.authors)
        length = len(text_of(content))
        if best is None or length > best[0]:
            best = (length, content, how)
        if length >= MIN_CONTENT_CHARS or how == "articleBody":
            break
    assert best is not None
    _, content, how = best
    blocks = MarkdownRenderer(base_url).contents(content, top=True)
    drop_title = how != "articleBody" or _starts_with_h1(blocks)
    return Body(split_sections(blocks, metadata.title, drop_title), content, how)


def extract_sections(doc: etree._Element, base_url: str, metadata: Metadata | None = None) -> list[Section]:
    """Body sections of a parsed page (see :func:`extract_body`)."""
    return extract_body(doc, base_url, metadata).sections


def _starts_with_h1(blocks: list) -> bool:
    return bool(blocks) and isinstance(blocks[0], Heading) and blocks[0].level == 1
