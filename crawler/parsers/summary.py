"""Summaries of an article: the dek or standfirst under its headline, the description its
machine-readable data gives, and the lead paragraph of its body when nothing else is there."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ..kernel.model import Section, markdown_to_text
from .document import is_inside
from .domindex import EXCERPT, EXCLUDED_AREA, DomIndex, element_hints
from .structured import StructuredData, is_article_type, item_value
from .titles import clean_text

#: Descriptions in the order that makes the best excerpt: summaries written for readers (sharing
#: cards, Dublin Core) before the search-engine description, often the title plus the lead.
SUMMARY_META = ("og:description", "twitter:description", "dc.description", "dc:description",
                "dcterms.description", "description")
MIN_EXCERPT_CHARS = 30
MAX_EXCERPT_CHARS = 600
HEADER_LEVELS = 3
MAX_HEADER_ELEMENTS = 400
NOT_EXCERPT_TAGS = frozenset({"summary", "details", "body", "article", "main", "a", "ul", "ol", "figure",
                              "figcaption", "picture", "img", "video", "table", "form"})
#: A lead paragraph used as an excerpt is cut at a word boundary past this length.
MAX_LEAD_CHARS = 400
#: Markdown blocks that are not paragraphs: lists, quotes, code, tables, rules, lone pictures.
NOT_PARAGRAPH = re.compile(r"\s*(?:[-*+] |\d+[.)] |>|```|~~~|\||---|!\[[^\]]*\]\([^)]*\)\s*$)")


def summary(sd: StructuredData, title: str | None) -> str | None:
    """The article's summary from machine-readable data: microdata ``description`` of an Article
    item, JSON-LD ``description`` of the article node, then :data:`SUMMARY_META`."""
    candidates = [item_value(el) for el in sd.items.get("description", ()) if _in_article_item(el)
                  and (el.tag == "meta" or len(el.text_content()) <= MAX_EXCERPT_CHARS)]
    ld = sd.jsonld.article_value("description")
    if isinstance(ld, str):
        candidates.append(ld)
    candidates += sd.every(*SUMMARY_META)
    for value in candidates:
        text = clean_text(value)
        if text and text != title:
            return text
    return None


def _in_article_item(el: lxml_html.HtmlElement) -> bool:
    """Whether the closest microdata item around ``el`` is an article."""
    for anc in el.iterancestors():
        if anc.get("itemscope") is not None:
            kinds = {t.rsplit("/", 1)[-1].lower() for t in (anc.get("itemtype") or "").split()}
            return is_article_type(kinds)
    return False


def header_excerpt(index: DomIndex, sd: StructuredData, scope: lxml_html.HtmlElement | None,
             headline: lxml_html.HtmlElement | None, title: str | None) -> str | None:
    """JSON-LD abstract, else the dek/standfirst/summary block that follows the headline.

    A summary class repeated on the page marks teasers of other articles, never the article's own.
    Without a headline to anchor on, the block must be the page's only candidate.
    """
    abstract = sd.jsonld.article_value("abstract")
    if isinstance(abstract, str) and clean_text(abstract):
        return clean_text(abstract)
    class_counts: dict[str, int] = {}
    candidates: list[tuple[lxml_html.HtmlElement, str]] = []
    for el in index.with_hint(EXCERPT):
        cls = el.get("class") or ""
        class_counts[cls] = class_counts.get(cls, 0) + 1
        if el.tag in NOT_EXCERPT_TAGS or (scope is not None and not is_inside(el, scope)):
            continue
        if (headline is not None and is_inside(headline, el)) or _has_ancestor(el, "a"):
            continue
        if EXCLUDED_AREA.search(element_hints(el)) or index.excluded(el):
            continue
        text = clean_text(el.text_content())
        if text and MIN_EXCERPT_CHARS <= len(text) <= MAX_EXCERPT_CHARS and text != title:
            candidates.append((el, text))
    candidates = [(el, text) for el, text in candidates if class_counts[el.get("class") or ""] == 1]
    if headline is None:
        return candidates[0][1] if len(candidates) == 1 else None
    wanted = {el: text for el, text in candidates}
    passed = False
    for seen, el in enumerate(ancestor(headline, HEADER_LEVELS).iter()):
        if el is headline:
            passed = True
        elif passed and el in wanted:
            return wanted[el]
        if seen > MAX_HEADER_ELEMENTS:
            break
    return None


def ancestor(el: lxml_html.HtmlElement, levels: int) -> lxml_html.HtmlElement:
    """``el``'s ancestor ``levels`` up, stopping below ``<body>``."""
    for _ in range(levels):
        parent = el.getparent()
        if parent is None or parent.tag == "body":
            break
        el = parent
    return el


def _has_ancestor(el: lxml_html.HtmlElement, tag: str) -> bool:
    return any(a.tag == tag for a in el.iterancestors())


def lead_paragraph(sections: list[Section]) -> str | None:
    """The first paragraph of an extracted body, as plain text cut at a word boundary after
    :data:`MAX_LEAD_CHARS` characters (the excerpt of a page that offers no summary). Lists,
    tables, quotes, code and pictures are not paragraphs."""
    for section in sections:
        for block in section.markdown.split("\n\n"):
            if not block.strip() or NOT_PARAGRAPH.match(block):
                continue
            text = clean_text(markdown_to_text(block))
            if text:
                if len(text) > MAX_LEAD_CHARS:
                    text = text[:MAX_LEAD_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
                return text
    return None
