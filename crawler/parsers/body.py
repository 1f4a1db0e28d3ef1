"""The article body: find the main content element, clean it, split it into sections.

1. Page-level junk goes first (scripts, styles, hidden elements, ad slots).
2. The content element is ``itemprop=articleBody`` when the page marks one with real text.
   Otherwise text-density scoring runs inside the page's single ``<article>``/``<main>`` when it
   has one (else inside ``<body>``): every paragraph-like element scores by its length and commas
   and passes the score to its ancestors; scores shrink with link density and move with class/id
   hints; the best ancestor wins, joined by sibling blocks that score close to it.
3. The content is cleaned (:mod:`.cleanup`): widgets, ads, link-heavy blocks, the author bio box;
   the chosen content then loses its photo credits (:mod:`.credits`).
4. Headings split the Markdown into :class:`~.model.Section` objects. The first heading that
   repeats the page title, met before any real text, is the article header's title and is dropped;
   inside an ``articleBody`` only a leading ``<h1>`` is (its other headings are body text).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..kernel.model import Metadata, Section
from .about_site import without_about_site
from .author_bio import remove_author_bio
from .boilerplate import prune_blocks
from .cleanup import (
    Landmarks,
    attrs_of,
    class_weight,
    cleanup_content,
    find_landmarks,
    flatten_below,
    link_density,
    prepare_page,
    survives_preparation,
)
from .comment_threads import drop_comment_threads
from .conditional import clean_blocks
from .credits import remove_credits
from .date_lines import drop_date_lines
from .document import (
    TITLE_SIMILARITY,
    all_text,
    count_children,
    hint,
    text_of,
    text_shorter,
    title_similarity,
)
from .lead import find_lead, with_lead
from .link_rows import drop_link_rows
from .markdown import Heading, MarkdownRenderer, render_blocks
from .patterns import compile_words
from .pull_quotes import drop_pull_quotes
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
MAX_TEXT_BEFORE_TITLE = 200
MIN_PARAGRAPH_CHARS = 25
MIN_CONTENT_CHARS = 500  # below this the next, looser extraction attempt runs and the longest wins
ENOUGH_CONTENT_CHARS = 1000  # below this a looser attempt runs, kept when it extends the content
#: Share of an attempt's text inside links above which it looks like a menu, not an article: the
#: next attempts still run, and one that finds enough text that is not mostly links wins.
LINKY_CONTENT = 0.5
EXTEND_PROBE_CHARS = 80
MIN_ARTICLE_BODY_CHARS = 200
SCOPE_SHARE = 0.5  # share of the page's paragraph text an <article>/<main> needs to be the scope
MAX_RENDER_DEPTH = 64  # nesting the Markdown renderer keeps; deeper markup becomes plain text
#: What a paragraph's score is divided by for its parent, grandparent, ... (five levels up).
LEVEL_SHARES = (1, 2, 6, 9, 12)
#: Sibling blocks of the content kept as more of it when they read as prose (see _prose_block).
PROSE_SIBLING_TAGS = frozenset({"div", "section", "span", "blockquote"})
PROSE_SIBLING_CHARS = 150
PROSE_SIBLING_LINK_DENSITY = 0.1
SENTENCE = re.compile(r"\w[.!?。！？](?:\s|$)")


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


class _Measures:
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
                     measures: _Measures | None = None) -> dict:
    """Content scores of the ancestors of paragraph-like elements (link density applied)."""
    measures = measures or _Measures(root)
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


def _with_siblings(top: etree._Element, scope: etree._Element, scores: dict, excluded: set) -> list:
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
    chosen = _with_headings(chosen, _children(parent))
    return chosen if len(chosen) > 1 else [top]


def _prose_block(el: etree._Element) -> bool:
    """A sibling block of running text (an intro or a paragraph in a wrapper of its own): enough
    words in sentences, hardly any of them links, and no class that says otherwise."""
    text = text_of(el)
    if len(text) < PROSE_SIBLING_CHARS or not SENTENCE.search(text) or class_weight(el) < 0:
        return False
    return link_density(el, len(text)) < PROSE_SIBLING_LINK_DENSITY


def _copy_of(chosen: list) -> etree._Element:
    """A detached copy of one chosen element, or a new <div> holding copies of several (the page
    itself is not modified)."""
    if len(chosen) == 1:
        return copy.deepcopy(chosen[0])
    wrapper = chosen[0].makeelement("div", {})
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


def find_main_content(root: etree._Element, attempt: _Attempt = ATTEMPTS[0],
                      measures: _Measures | None = None) -> tuple[etree._Element, str]:
    """A detached copy of the content of a page cleaned by :func:`prepare_page`, and how it was
    found ("articleBody" or "scored"). ``root`` is not modified. ``measures`` carries what
    earlier attempts on the same ``root`` have computed."""
    chosen, how = _main_content(root, attempt, measures)
    return _copy_of(chosen), how


def _main_content(root: etree._Element, attempt: _Attempt,
                  measures: _Measures | None) -> tuple[list, str]:
    """The element(s) of ``root`` that make up its content, and how they were found."""
    if measures is None or measures.root is not root:
        measures = _Measures(root)
    bodies = measures.landmarks.bodies
    if bodies:
        best = max(bodies, key=lambda e: len(measures.text(e)))
        if len(measures.text(best)) >= MIN_ARTICLE_BODY_CHARS:
            return [best], "articleBody"
    scope = measures.scope
    excluded = _unlikely(scope) if attempt.strip_unlikely else set()
    scores = score_candidates(scope, excluded, attempt.weigh_classes, measures)
    top = _top_candidate(scope, scores)
    return _with_siblings(top, scope, scores, excluded), "scored"


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
                    and title_similarity(block.text, title) >= TITLE_SIMILARITY):
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


def _marked_body(marked: list[etree._Element]) -> tuple[etree._Element, etree._Element] | None:
    """A prepared copy of the longest ``itemprop=articleBody`` element with real text, without
    preparing the rest of the page, and that element; None when there is none."""
    best: tuple[int, etree._Element, etree._Element] | None = None
    for el in marked:
        if not survives_preparation(el):
            continue
        prepared = copy.deepcopy(el)
        prepared.tail = None
        prepare_page(prepared)
        length = len(text_of(prepared))
        if length >= MIN_ARTICLE_BODY_CHARS and (best is None or length > best[0]):
            best = (length, prepared, el)
    return (best[1], best[2]) if best else None


def extract_body(doc: etree._Element, base_url: str, metadata: Metadata | None = None, *,
                 marked: list[etree._Element] | None = None) -> Body:
    """Find, clean and split the body of a parsed page. ``doc`` is left untouched. ``marked``,
    when the caller has them, are the page's ``itemprop=articleBody`` elements: when one holds
    real text, the rest of the page is never prepared."""
    metadata = metadata or Metadata()
    found = _marked_body(marked) if marked else None
    if found is not None:
        content, how = found[0], "articleBody"
        _clean(content, ATTEMPTS[0].clean_conditionally)
        remove_author_bio(content, metadata.authors)
        lead = find_lead(doc, found[1], metadata.description, text_of(content), metadata.title)
        if lead is not None and survives_preparation(lead):
            content = with_lead(content, lead)
    else:
        own = _stream_article(doc, metadata.title)
        content, how = _search_body(doc if own is None else own, metadata)
    remove_credits(content)  # once the content is chosen: the attempts compare it as it was written
    blocks = prune_blocks(render_content(content, base_url), [a.name for a in metadata.authors if a.name])
    drop_title = how != "articleBody" or _starts_with_h1(blocks)
    sections = split_sections(blocks, metadata.title, drop_title)
    sections = without_about_site(sections, metadata.site_name, base_url)
    return Body(sections, content, how)


def _stream_article(doc: etree._Element, title: str | None) -> etree._Element | None:
    """The page's own article when the page is a stream of whole articles, each an ``<article>``
    with its own ``<h1>`` (an infinite-scroll page that appends the next story): the one whose
    headline is the page's title. None for any other page."""
    if not title:
        return None
    streamed = [a for a in doc.iter("article")
                if a.find(".//h1") is not None and not any(p.tag == "article" for p in a.iterancestors())]
    if len(streamed) < 2:
        return None
    own = [a for a in streamed if title_similarity(text_of(a.find(".//h1")), title) >= TITLE_SIMILARITY]
    return own[0] if len(own) == 1 else None


def _search_body(doc: etree._Element, metadata: Metadata) -> tuple[etree._Element, str]:
    """The cleaned content of the whole prepared page, from the first extraction attempt that
    finds enough text (else the longest)."""
    body = doc.find("body")
    prepared = copy.deepcopy(body if body is not None else doc)
    held = list(prepared.iter())  # one Python object per element for every walk below (see DomIndex)
    landmarks = prepare_page(prepared)
    best: tuple[int, etree._Element, str] | None = None
    best_text = ""
    best_chosen: list = []
    best_linky = False
    measures = _Measures(prepared, landmarks)
    tried: set[tuple] = set()
    for attempt in ATTEMPTS:
        chosen, how = _main_content(prepared, attempt, measures)
        key = (*chosen, attempt.clean_conditionally)
        if key in tried:
            continue  # the same content cleaned the same way: no better than before
        tried.add(key)
        content = _copy_of(chosen)
        _clean(content, attempt.clean_conditionally)
        remove_author_bio(content, metadata.authors)
        text = text_of(content)
        linky = len(text) >= MIN_CONTENT_CHARS and link_density(content, len(text)) > LINKY_CONTENT
        longer = best is None or len(text) > best[0]
        if (longer and (best is None or best[0] < MIN_CONTENT_CHARS or _extends(best_text, text))) or (
                best_linky and not linky and len(text) >= MIN_CONTENT_CHARS):
            best, best_text, best_chosen, best_linky = (len(text), content, how), text, chosen, linky
        if (best is not None and best[0] >= ENOUGH_CONTENT_CHARS and not best_linky) or how == "articleBody":
            break
    assert best is not None
    content = best[1]
    if best[2] == "scored" and best_chosen and best_chosen[0] is not prepared:
        lead = find_lead(prepared, best_chosen[0], metadata.description, best_text, metadata.title)
        if lead is not None:
            content = with_lead(content, lead)
    del held
    return content, best[2]


def _clean(content: etree._Element, conditional: bool) -> None:
    cleanup_content(content)
    drop_comment_threads(content)
    drop_pull_quotes(content)
    drop_date_lines(content)
    drop_link_rows(content)
    if conditional:
        clean_blocks(content)


def _extends(shorter: str, longer: str) -> bool:
    """Whether ``longer`` holds the start and the end of ``shorter``: a looser attempt that found
    more of the same content, not other content."""
    n = min(len(shorter), EXTEND_PROBE_CHARS)
    return shorter[:n] in longer and shorter[-n:] in longer


def render_content(content: etree._Element, base_url: str) -> list:
    """Markdown blocks of an extracted body. Markup nested deeper than the renderer can recurse
    (hostile pages nest hundreds of quotes) is flattened to its text below
    :data:`MAX_RENDER_DEPTH` levels, and rendered again."""
    try:
        return MarkdownRenderer(base_url).contents(content, top=True)
    except RecursionError:
        flatten_below(content, MAX_RENDER_DEPTH)
        return MarkdownRenderer(base_url).contents(content, top=True)


def extract_sections(doc: etree._Element, base_url: str, metadata: Metadata | None = None) -> list[Section]:
    """Body sections of a parsed page (see :func:`extract_body`)."""
    return extract_body(doc, base_url, metadata).sections


def _starts_with_h1(blocks: list) -> bool:
    return bool(blocks) and isinstance(blocks[0], Heading) and blocks[0].level == 1
