"""Tags, categories and keywords of an article.

Explicit metadata wins (``article:tag``, ``article:section``, JSON-LD ``articleSection``); otherwise
tag/category links inside the article (``rel=tag``/``rel=category``, tag-ish or category-ish classes
on the link or its list, ``/tag/…`` and ``/category/…`` hrefs), skipping sidebars, related lists and
comments. Order is kept and duplicates (case-insensitive) dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import html as lxml_html

from .document import all_text
from .domindex import DomIndex
from .structured import StructuredData

TAG_META_KEYS = ("article:tag", "og:article:tag", "book:tag", "video:tag")
SECTION_META_KEYS = ("article:section", "og:article:section", "section", "parsely-section",
                     "sailthru.section")
KEYWORD_META_KEYS = ("keywords", "news_keywords", "parsely-tags", "sailthru.tags")
MAX_TERM_CHARS = 60
MAX_TERM_WORDS = 6
CLASS_LEVELS = 3

TAG_CLASS = re.compile(r"(?<![a-z0-9])(?:tags?|tagged|tagcloud|keywords?|topics?)(?![a-z0-9])")
CATEGORY_CLASS = re.compile(r"categor")
TAG_HREF = re.compile(r"/(?:tags?|topics?|tagged|keywords?)/[^/?#]+/?(?:[?#]|$)", re.I)
CATEGORY_HREF = re.compile(r"/(?:categor(?:y|ies))/[^?#]+?/?(?:[?#]|$)", re.I)
GENERIC_TERMS = frozenset({"tags", "tag", "categories", "category", "topics", "more", "all", "uncategorized",
                           "see all", "view all", "home"})
PLACEHOLDER_TERMS = frozenset({"null", "nil", "none", "undefined", "n/a", "na", "-", "[]"})
MACHINE_TERM = re.compile(r"^[\w.-]+:[\w.-]+$")
_COUNT_SUFFIX = re.compile(r"\s*[(\[]?\d+[)\]]?$")
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


def dedupe(values: list[str]) -> list[str]:
    """Values in order, whitespace-normalised; empty, placeholder ("null", "nil") and machine
    ("Lite:true") values and case-insensitive duplicates removed."""
    seen: set[str] = set()
    out = []
    for v in values:
        v = " ".join(v.split())
        key = v.casefold()
        if key in PLACEHOLDER_TERMS or MACHINE_TERM.match(v):
            continue
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _ld_terms(value: Any, split: bool) -> list[str]:
    if isinstance(value, str):
        return _KEYWORD_SPLIT.split(value) if split else [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def extract_taxonomy(sd: StructuredData, scope: lxml_html.HtmlElement | None,
                     doc: lxml_html.HtmlElement, index: DomIndex) -> tuple[list[str], list[str]]:
    """(tags, categories) of the page."""
    tag_values = sd.every(*TAG_META_KEYS)
    if len(tag_values) == 1 and "," in tag_values[0]:  # one tag holding the whole list
        tag_values = _KEYWORD_SPLIT.split(tag_values[0])
    tags = dedupe(tag_values)
    categories = dedupe(sd.every(*SECTION_META_KEYS[:2])
                        + _ld_terms(sd.jsonld.article_value("articleSection"), split=False))
    if tags and categories:
        return tags, categories
    link_tags, link_cats = _taxonomy_links(scope if scope is not None else doc.find("body"), index)
    tags = tags or dedupe(link_tags)
    if not tags:
        ld_keywords = sd.jsonld.article_value("keywords")
        if isinstance(ld_keywords, list):
            tags = dedupe(_ld_terms(ld_keywords, split=False))
    categories = categories or dedupe(link_cats) or dedupe(sd.every(*SECTION_META_KEYS[2:]))
    return tags, categories


def extract_keywords(sd: StructuredData) -> list[str]:
    """Meta keywords / news_keywords and JSON-LD keywords, split on commas."""
    values: list[str] = []
    for value in sd.every(*KEYWORD_META_KEYS):
        values.extend(_KEYWORD_SPLIT.split(value))
    values.extend(_ld_terms(sd.jsonld.article_value("keywords"), split=True))
    return [v for v in dedupe(values) if len(v) <= MAX_TERM_CHARS * 2]


def _taxonomy_links(root: lxml_html.HtmlElement | None, index: DomIndex) -> tuple[list[str], list[str]]:
    """Tag and category link texts under ``root``, outside comments/sidebars/related lists."""
    tags: list[str] = []
    cats: list[str] = []
    if root is None:
        return tags, cats
    memo: dict[tuple[lxml_html.HtmlElement, int], str | None] = {}  # the links of one list share it
    for a in root.iter("a"):
        href = a.get("href")
        if not href:
            continue
        kind = _link_kind(a, href, index.protected, memo)
        if kind is None or index.excluded(a):
            continue
        term = _term(all_text(a))
        if term:
            (tags if kind == "tag" else cats).append(term)
    return tags, cats


@lru_cache(maxsize=4096)
def _class_kind(cls: str) -> str | None:
    """"category" or "tag" for a class attribute naming one (memoised: templates repeat them)."""
    cls = cls.lower()
    if CATEGORY_CLASS.search(cls):
        return "category"
    return "tag" if TAG_CLASS.search(cls) else None


def _link_kind(a: lxml_html.HtmlElement, href: str, protected: set[lxml_html.HtmlElement],
               memo: dict[tuple[lxml_html.HtmlElement, int], str | None]) -> str | None:
    """"tag", "category" or None: ``rel=category``, then the classes of the link and the lists
    around it (up to ``CLASS_LEVELS`` up; never the article's own wrappers, in ``protected``),
    then the href path, then ``rel=tag`` (WordPress themes put it on category links too).
    ``memo``: what the classes around earlier links of the same page said."""
    rels = (a.get("rel") or "").lower().split()
    if "category" in rels:
        return "category"
    kind = _classes_kind(a, CLASS_LEVELS, protected, memo)
    if kind:
        return kind
    if CATEGORY_HREF.search(href):
        return "category"
    return "tag" if "tag" in rels or TAG_HREF.search(href) else None


def _classes_kind(node: lxml_html.HtmlElement, levels: int, protected: set[lxml_html.HtmlElement],
                  memo: dict[tuple[lxml_html.HtmlElement, int], str | None]) -> str | None:
    """The kind the class of ``node`` or of one of its ``levels`` nearest ancestors names, the
    nearest first (memoised: the links of a list share their ancestors)."""
    key = (node, levels)
    if key in memo:
        return memo[key]
    cls = node.get("class")
    kind = _class_kind(cls) if cls and node not in protected else None
    if kind is None and levels:
        parent = node.getparent()
        if parent is not None:
            kind = _classes_kind(parent, levels - 1, protected, memo)
    memo[key] = kind
    return kind


def _term(text: str) -> str | None:
    term = " ".join(text.split()).lstrip("#").strip(" ,;·•|")
    term = _COUNT_SUFFIX.sub("", term) if not term.isdigit() else term
    if not term or len(term) > MAX_TERM_CHARS or len(term.split()) > MAX_TERM_WORDS:
        return None
    return None if term.casefold() in GENERIC_TERMS else term
