"""The article body: find the main content element, clean it, split it into sections.

1. Page-level junk goes first (scripts, styles, hidden elements, ad slots).
2. The content element is ``itemprop=articleBody`` when the page marks one with real text.
   Otherwise text-density scoring runs inside the page's single ``<article>``/``<main>`` when it
   has one (else inside ``<body>``): every paragraph-like element scores by its length and commas
   and passes the score to its ancestors; scores shrink with link density and move with class/id
   hints; the best ancestor wins, joined by sibling blocks that score close to it
   (:mod:`.content_scores`).
3. The content is cleaned (:mod:`.cleanup`): widgets, ads, link-heavy blocks, the author bio box
   (:mod:`.author_bio`);
   the chosen content then loses its photo credits (:mod:`.credits`).
4. Headings split the Markdown into :class:`~.model.Section` objects. The first heading that
   repeats the page title, met before any real text, is the article header's title and is dropped;
   inside an ``articleBody`` only a leading ``<h1>`` is (its other headings are body text).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from ..kernel.model import Metadata, Section
from .about_site import without_about_site
from .author_bio import remove_author_bio
from .boilerplate import prune_blocks
from .cleanup import (
    cleanup_content,
    flatten_below,
    link_density,
    prepare_page,
    survives_preparation,
)
from .comment_threads import drop_comment_threads
from .conditional import clean_blocks
from .content_scores import (
    MIN_CONTENT_CHARS,
    Measures,
    beside_teasers,
    score_candidates,
    top_candidate,
    unlikely_elements,
    with_siblings,
)
from .credits import remove_credits
from .date_lines import drop_date_lines
from .document import TITLE_SIMILARITY, reads_as_title, text_of, title_similarity
from .lead import find_lead, with_lead
from .link_rows import drop_link_rows
from .markdown import Heading, MarkdownRenderer, render_blocks
from .pull_quotes import drop_pull_quotes
from .shop_units import drop_shop_units, drop_sponsor_units
from .summary_box import find_summary_box

MAX_TEXT_BEFORE_TITLE = 200
ENOUGH_CONTENT_CHARS = 1000  # below this a looser attempt runs, kept when it extends the content
#: Share of an attempt's text inside links above which it looks like a menu, not an article: the
#: next attempts still run, and one that finds enough text that is not mostly links wins.
LINKY_CONTENT = 0.5
EXTEND_PROBE_CHARS = 80
MIN_ARTICLE_BODY_CHARS = 200
MAX_RENDER_DEPTH = 64  # nesting the Markdown renderer keeps; deeper markup becomes plain text


@dataclass(frozen=True)
class _Attempt:
    strip_unlikely: bool = True
    weigh_classes: bool = True
    clean_conditionally: bool = True


ATTEMPTS = (_Attempt(), _Attempt(strip_unlikely=False), _Attempt(False, False), _Attempt(False, False, False))


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


def find_main_content(root: etree._Element, attempt: _Attempt = ATTEMPTS[0],
                      measures: Measures | None = None) -> tuple[etree._Element, str]:
    """A detached copy of the content of a page cleaned by :func:`prepare_page`, and how it was
    found ("articleBody" or "scored"). ``root`` is not modified. ``measures`` carries what
    earlier attempts on the same ``root`` have computed."""
    chosen, how = _main_content(root, attempt, measures)
    return _copy_of(chosen), how


def _main_content(root: etree._Element, attempt: _Attempt,
                  measures: Measures | None) -> tuple[list, str]:
    """The element(s) of ``root`` that make up its content, and how they were found."""
    if measures is None or measures.root is not root:
        measures = Measures(root)
    bodies = measures.landmarks.bodies
    if bodies:
        best = max(bodies, key=lambda e: len(measures.text(e)))
        if len(measures.text(best)) >= MIN_ARTICLE_BODY_CHARS:
            return [best], "articleBody"
    scope = measures.scope
    excluded = unlikely_elements(scope) if attempt.strip_unlikely else set()
    scores = score_candidates(scope, excluded, attempt.weigh_classes, measures)
    top = top_candidate(scope, scores)
    return with_siblings(top, scope, scores, excluded), "scored"


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
                    and reads_as_title(block.text, title)):
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
        box = find_summary_box(found[1])
        if box is not None and survives_preparation(box):
            content = _with_summary(content, box, prepare=True)
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
    measures = Measures(prepared, landmarks)
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
        longer = (best is None or len(text) > best[0]) and not _around_own_article(chosen, best_chosen)
        if (longer and (best is None or best[0] < MIN_CONTENT_CHARS or _extends(best_text, text))) or (
                best_linky and not linky and len(text) >= MIN_CONTENT_CHARS):
            best, best_text, best_chosen, best_linky = (len(text), content, how), text, chosen, linky
        if (best is not None and best[0] >= ENOUGH_CONTENT_CHARS and not best_linky) or how == "articleBody":
            break
    assert best is not None
    content = best[1]
    if best[2] == "scored" and best_chosen and best_chosen[0] is not prepared:
        box = find_summary_box(best_chosen[0])
        if box is not None:
            content = _with_summary(content, box, prepare=False)
            best_text = text_of(content)
        lead = find_lead(prepared, best_chosen[0], metadata.description, best_text, metadata.title)
        if lead is not None:
            content = with_lead(content, lead)
    del held
    return content, best[2]


def _around_own_article(chosen: list, earlier: list) -> bool:
    """Whether ``chosen`` is a wrapper around the ``<article>`` an earlier attempt chose and
    teasers beside it, whose excerpts make a short article look short."""
    return (len(chosen) == 1 and len(earlier) == 1 and earlier[0].tag == "article"
            and beside_teasers(earlier[0], chosen[0]))


def _with_summary(content: etree._Element, box: etree._Element, prepare: bool) -> etree._Element:
    """``content`` with a cleaned copy of a summary ``box`` as its first block, unless the content
    already holds the box's text. ``prepare``: the box is the raw page's, not yet prepared."""
    block = copy.deepcopy(box)
    block.tail = None
    if prepare:
        prepare_page(block)
    _clean(block, True)
    text = text_of(block)
    if text and text not in text_of(content):
        content.insert(0, block)
        if content.text and content.text.strip():
            block.tail, content.text = content.text, None
    return content


def _clean(content: etree._Element, conditional: bool) -> None:
    cleanup_content(content)
    drop_shop_units(content)
    drop_sponsor_units(content)
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
