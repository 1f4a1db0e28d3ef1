"""Tags, categories and keywords of an article.

Explicit metadata wins (``article:tag``, ``article:section``, JSON-LD ``articleSection``); otherwise
tag/category links inside the article (``rel=category``, ``/tag/…`` and ``/category/…`` hrefs,
tag-ish or category-ish classes on the link or its list, ``rel=tag``: see :mod:`.term_kinds`),
skipping sidebars, related lists, comments and navigation (but for a ``<nav>`` whose class names
tags or categories). A term link to another site is none of the page's terms (a recipe's "tag us on
Instagram" link goes to Instagram's ``/explore/tags/…``). Order is kept and duplicates
(case-insensitive) dropped.

When nothing else names a category, the sections of the page's breadcrumb trail do
(:mod:`.breadcrumbs`).

A section that only names the generic content folder the page's URL sits in (Hugo writes its
``posts`` folder into ``article:section`` on every page) is no category: the page's category links,
or nothing, give the categories then.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..kernel.urls import registrable_domain
from .boilerplate import is_date_line
from .breadcrumbs import MAX_SECTIONS, breadcrumb_sections
from .document import all_text, is_inside
from .domindex import DomIndex
from .names import norm_key
from .section_kicker import kicker_section
from .structured import StructuredData
from .term_kinds import CATEGORY_LABEL, TAG_LABEL, class_kind, link_kind

TAG_META_KEYS = ("article:tag", "og:article:tag", "book:tag", "video:tag")
#: A meta some generators write the tags into (Pelican: one per tag) and others their slugs: taken
#: when nothing else names tags, or when it holds every tag found and more.
LOOSE_TAG_META_KEYS = ("tags",)
SECTION_META_KEYS = ("article:section", "og:article:section", "section", "parsely-section",
                     "sailthru.section")
KEYWORD_META_KEYS = ("keywords", "news_keywords", "parsely-tags", "sailthru.tags")
MAX_TERM_CHARS = 60
#: Declared tags this few may be a template's first few: the page's own tag links may hold more.
MAX_CAPPED_TAGS = 3
#: More category links than this around the article are a menu of sections.
MAX_LINKED_CATEGORIES = 6
#: A row of terms after the article's element: among this many next siblings, with at most this
#: many links and characters of text.
AFTER_SCOPE_SIBLINGS, MAX_ROW_LINKS, MAX_ROW_CHARS = 3, 20, 400
MAX_AFTER_WRAPPERS = 3  # wrappers the article's element may be the last child of
AFTER_SCOPE_SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})
MAX_TERM_WORDS = 6
_YEAR_OR_WORD = re.compile(r"\d{4}|[^\W\d_]")
#: A class that makes an element navigation ("detail__body-tag nav": a row of tags styled as one).
NAV_CLASS = re.compile(r"(?<![\w-])nav(?![\w-])")
#: Content folder names that say "a post" and nothing about its subject: a section holding one of
#: them that is also a folder of the page's URL is the generator's folder, not a category.
FOLDER_SECTIONS = frozenset({"post", "posts", "blog", "blogs", "blogpost", "blogposts", "article", "articles",
                             "entry", "entries", "content", "contents", "page", "pages"})
#: Of those, the ones that never name a subject, in the URL or not (Hugo's ``article:section`` of
#: "Post" beside a permalink of "/p/<slug>/").
POST_SECTIONS = frozenset({"post", "posts", "blogpost", "blogposts", "entry", "entries"})
GENERIC_TERMS = frozenset({"tags", "tag", "categories", "category", "topics", "more", "all", "uncategorized",
                           "see all", "view all", "home"})
PLACEHOLDER_TERMS = frozenset({"null", "nil", "none", "undefined", "n/a", "na", "-", "[]"})
#: Links that open no page: mail, scripts, phone numbers, places on the page.
NOT_PAGE_LINKS = ("mailto:", "javascript:", "tel:", "#")
_SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.I)
MACHINE_TERM = re.compile(r"^[\w.-]+:[\w.-]+$")
_COUNT_SUFFIX = re.compile(r"\s*[(\[]\d+[)\]]$")  # "Python (12)"; "COVID-19", "PPDB 2024" are names
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")
#: Sections joined into one string by a theme ("Climate,Cities"): a comma with no space after it
#: ("Arts, Culture & Entertainment" is one section).
_JOINED = re.compile(r",(?=\S)")


def dedupe(values: list[str]) -> list[str]:
    """Values in order, whitespace-normalised; empty, placeholder ("null", "nil") and machine
    ("Lite:true") values and case-insensitive duplicates removed."""
    seen: set[str] = set()
    out = []
    for v in values:
        v = " ".join(v.split())
        if len(v) > 2 and v[0] == v[-1] and v[0] in "'\"":
            v = v[1:-1].strip()  # a template's quotes around its value ("'생활'")
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


def extract_taxonomy(sd: StructuredData, scope: lxml_html.HtmlElement | None, doc: lxml_html.HtmlElement,
                     index: DomIndex, headline: lxml_html.HtmlElement | None = None,
                     authors: list[str] | tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(tags, categories) of the page; ``headline``: where a breadcrumb trail without a name is
    looked for (see :mod:`.breadcrumbs`); ``authors``: the names of the byline, whose links to
    tag pages (a site that files its authors as tags) are no tags."""
    tag_values = sd.every(*TAG_META_KEYS)
    if len(tag_values) == 1 and "," in tag_values[0]:  # one tag holding the whole list
        tag_values = _KEYWORD_SPLIT.split(tag_values[0])
    tags = dedupe(tag_values)
    sections = sd.every(*SECTION_META_KEYS[:2])
    named = {section.casefold() for section in sections}
    for value in _ld_terms(sd.jsonld.article_value("articleSection"), split=False):
        value = html.unescape(value) if "&" in value else value  # "Filme &amp; Serien", escaped as HTML
        parts = _JOINED.split(value)
        listed = [part.strip() for part in value.split(",")]
        if len(parts) == 1 and len(listed) > 1 and any(part.casefold() in named for part in listed):
            parts = listed  # "Vegetables, Plant Problems" beside a meta naming "Vegetables": a list
        sections += parts
    categories = dedupe(drop_folder_sections(sections, sd))
    if not (tags and categories) or len(tags) <= MAX_CAPPED_TAGS:
        root = scope if scope is not None else doc.find("body")
        term_links = list(_term_links(root, index, sd.url)) if root is not None else []
        if scope is not None and headline is not None and not is_inside(headline, scope):
            # the post's header above its <article> (Hexo's Butterfly): its meta line's categories
            # (its tags there are as often a kicker or a site's index of terms)
            header = headline.getparent()
            if header is not None and header.tag not in ("body", "html"):
                term_links = [(link, kind, term) for link, kind, term in _term_links(header, index, sd.url)
                              if kind != "tag"] + term_links
        link_tags = [term for _link, kind, term in term_links if kind == "tag"]
        link_cats = [term for _link, kind, term in term_links if kind != "tag"]
        if authors:  # unless the "authors" are the terms themselves: then the byline is wrong
            names = {norm_key(name) for name in authors}
            link_tags = [tag for tag in link_tags if norm_key(tag) not in names] or link_tags
        if tags and link_tags:
            tags = _fuller_row(tags, term_links) or tags
        tags = tags or dedupe(link_tags) or _tags_after(scope, index, sd.url)
        if not tags:
            ld_keywords = sd.jsonld.article_value("keywords")
            if isinstance(ld_keywords, list):
                tags = dedupe(_ld_terms(ld_keywords, split=False))
        tags = _loose_tags(sd, tags)
        link_cats = dedupe(link_cats)
        if len(link_cats) > MAX_LINKED_CATEGORIES:
            link_cats = []  # a menu of the site's sections, not the ones the article is filed in
        if len(categories) == 1 and ", " in categories[0] and link_cats and (
                {part.strip().casefold() for part in categories[0].split(",")}
                == {c.casefold() for c in link_cats}):
            categories = link_cats  # "Europe, Islands" declared as one section, linked as two categories
        categories = (categories or link_cats
                      or dedupe(drop_folder_sections(sd.every(*SECTION_META_KEYS[2:]), sd)))
    if len(categories) < MAX_SECTIONS:  # a trail holds no more
        # the sections of the breadcrumb trail: when nothing else names one, or when they hold
        # every section named and more ("Climate" and the trail "Climate › Explainers")
        trail = dedupe(drop_folder_sections(
            [term for term in map(_term, breadcrumb_sections(sd, index.trails, headline)) if term], sd))
        keys = {c.casefold() for c in trail}
        if len(trail) > len(categories) and all(c.casefold() in keys for c in categories):
            categories = trail
    if not categories and headline is not None:  # a kicker linking to the section the page is in
        kicker = kicker_section(headline, sd.url)
        categories = drop_folder_sections([kicker], sd) if kicker else []
    return tags, categories


def _loose_tags(sd: StructuredData, tags: list[str]) -> list[str]:
    """The tags of :data:`LOOSE_TAG_META_KEYS` instead of ``tags`` (those found so far) when they
    hold all of them and more, or when none were found."""
    values = sd.every(*LOOSE_TAG_META_KEYS)
    if len(values) == 1:
        values = _KEYWORD_SPLIT.split(values[0])
    loose = dedupe(values)
    if loose and (not tags or {t.casefold() for t in tags} < {t.casefold() for t in loose}):
        return loose
    return tags


def _tags_after(scope: lxml_html.HtmlElement | None, index: DomIndex, url: str) -> list[str]:
    """The tags of a short row right after the article's element (``</article><div class="topics">
    Topics: …``), when none were found inside it: the first of the next few siblings that holds
    tag links, few links and little text (a list of teasers is no row of terms). When the article's
    element is the last of its wrappers (Medium's), the siblings after the outermost such wrapper."""
    if scope is None or scope.tag in ("body", "html"):
        return []
    node = scope
    for _ in range(MAX_AFTER_WRAPPERS):
        parent = node.getparent()
        if next(node.itersiblings(etree.Element), None) is not None or parent is None or \
                parent.tag in ("body", "html"):
            break
        node = parent
    siblings = (el for el in node.itersiblings(etree.Element) if el.tag not in AFTER_SCOPE_SKIP_TAGS)
    for el in islice(siblings, AFTER_SCOPE_SIBLINGS):
        if len(el.findall(".//a")) > MAX_ROW_LINKS or len(all_text(el)) > MAX_ROW_CHARS:
            continue
        tags, _cats = _taxonomy_links(el, index, url)
        if tags:
            return dedupe(tags)
    return []


def drop_folder_sections(values: list[str], sd: StructuredData) -> list[str]:
    """``values`` without the sections that only name the page's content folder (the URL is read
    only when a value is a generic folder word)."""
    if not any(_folder_word(v) in FOLDER_SECTIONS for v in values):  # POST_SECTIONS among them
        return values
    folders = url_folders(sd)
    return [v for v in values if not is_folder_section(v, folders)]


def is_folder_section(value: str, folders: frozenset[str]) -> bool:
    """True when a section value is just the generic content folder the page's URL is in
    (``posts`` for ``/posts/a-post/``); a subject section such as ``Politics`` for
    ``/politics/a-story/`` is no generic folder word and stays a category."""
    key = _folder_word(value)
    return key in POST_SECTIONS or (key in FOLDER_SECTIONS and key in folders)


def url_folders(sd: StructuredData) -> frozenset[str]:
    """The folder names (case-folded path segments before the last one) of the page's URL and of
    its declared canonical URL: ``/fr/posts/a-post/`` is in the folders ``fr`` and ``posts``."""
    folders: set[str] = set()
    for url in (sd.url, next(iter(sd.links.get("canonical") or ()), None)):
        if not url:
            continue
        try:
            path = urlsplit(url.strip()).path
        except ValueError:
            continue
        segments = [unquote(s) for s in path.split("/") if s]
        folders.update(s.casefold() for s in segments[:-1])
    return frozenset(folders)


def _folder_word(value: str) -> str:
    return " ".join(value.split()).casefold()


def extract_keywords(sd: StructuredData) -> list[str]:
    """Meta keywords / news_keywords and JSON-LD keywords, split on commas."""
    values: list[str] = []
    for value in sd.every(*KEYWORD_META_KEYS):
        values.extend(_KEYWORD_SPLIT.split(value))
    values.extend(_ld_terms(sd.jsonld.article_value("keywords"), split=True))
    return [v for v in dedupe(values) if len(v) <= MAX_TERM_CHARS * 2]


def _taxonomy_links(root: lxml_html.HtmlElement | None, index: DomIndex,
                    url: str = "") -> tuple[list[str], list[str]]:
    """Tag and category link texts under ``root``, outside comments/sidebars/related lists, of
    links on the site of ``url`` (the page's)."""
    tags: list[str] = []
    cats: list[str] = []
    if root is None:
        return tags, cats
    for _link, kind, term in _term_links(root, index, url):
        (tags if kind == "tag" else cats).append(term)
    return tags, cats


def _term_links(root: lxml_html.HtmlElement, index: DomIndex,
                url: str) -> Iterator[tuple[lxml_html.HtmlElement, str, str]]:
    """(link, "tag" or "category", term) of the taxonomy links under ``root`` (see
    :func:`_taxonomy_links`)."""
    memo: dict[tuple[lxml_html.HtmlElement, int], str | None] = {}  # the links of one list share it
    for a in root.iter("a"):
        href = a.get("href")
        if not href:
            continue
        if href.startswith(NOT_PAGE_LINKS):
            if href.startswith("javascript:") and "tag" in (a.get("rel") or "").lower().split():
                href = url  # a tag's link that a script follows: its rel says what it is
            else:
                continue  # a share bar's "Email" beside the terms
        elif (scheme := _SCHEME.match(href)) and scheme.group(1).lower() not in ("http", "https"):
            continue  # an app's link ("fb-messenger://share/…"): a share bar's, beside the terms
        kind = link_kind(a, href, index.protected, memo)
        if kind is None or _elsewhere(href, url) or (index.excluded(a) and not _in_term_nav(a, index)):
            continue
        term = _term(all_text(a))
        if term and not _a_date(term):
            yield a, kind, term


def _fuller_row(tags: list[str],
                term_links: list[tuple[lxml_html.HtmlElement, str, str]]) -> list[str] | None:
    """The tags of the row of tag links whose first links are the declared ``tags`` and which
    holds more (a template that writes its first two or three tags into its metas only); None
    when no row begins so. The row is the links under the element around the declared ones;
    ``term_links``: the page's taxonomy links (:func:`_term_links`)."""
    wanted = {tag.casefold() for tag in tags}
    links = [(a, term) for a, kind, term in term_links if kind == "tag"]
    declared = [a for a, term in links if term.casefold() in wanted]
    if not declared:
        return None
    row = declared[0].getparent()
    while row is not None and not all(is_inside(a, row) for a in declared[1:]):
        row = row.getparent()
    if row is None:
        return None
    terms = dedupe([term for a, term in links if is_inside(a, row)])
    if len(terms) <= len(tags) or {t.casefold() for t in terms[:len(tags)]} != wanted:
        return None
    return terms


def _in_term_nav(a: lxml_html.HtmlElement, index: DomIndex) -> bool:
    """Whether the link's nearest ``<nav>`` (or element classed "nav") names tags or categories in
    its class or its ``aria-label`` (MkDocs Material's ``<nav class="md-tags">``, Wix's ``<nav
    aria-label="Tags">`` in the article, a ``<div class="body-tag nav">``) and nothing around it is
    an excluded area (a sidebar, comments): the post's terms, not a site menu."""
    nav = next((el for el in a.iterancestors() if el.tag == "nav" or NAV_CLASS.search(el.get("class") or "")),
               None)
    if nav is None or index.excluded(nav):
        return False
    label = nav.get("aria-label")
    return class_kind(nav.get("class") or "") is not None or bool(
        label and (TAG_LABEL.match(label) or CATEGORY_LABEL.match(label)))


def _elsewhere(href: str, url: str) -> bool:
    """Whether ``href`` (absolute or protocol-relative) points off the registrable domain of
    ``url``; a relative link stays on the page's site."""
    if not href.lstrip().lower().startswith(("http:", "https:", "//")) or not url:
        return False
    try:
        host, page_host = urlsplit(href.strip()).hostname, urlsplit(url).hostname
    except ValueError:
        return True
    if not host or not page_host or host == page_host:
        return False
    if _last_labels(host) != _last_labels(page_host):
        return True  # a registrable domain holds at least the last two labels: no list needed
    return registrable_domain(host) != registrable_domain(page_host)


def _last_labels(host: str) -> str:
    return ".".join(host.rstrip(".").rsplit(".", 2)[-2:])


def _a_date(term: str) -> bool:
    """Whether a link's text is a date ("10:21, 14 марта 2025": a header's link to the day's
    archive), with a year or a month's name ("0.4.3" is a version)."""
    return is_date_line(term) and _YEAR_OR_WORD.search(term) is not None


def _term(text: str) -> str | None:
    term = " ".join(text.split()).lstrip("#").strip(" ,;·•|")
    term = _COUNT_SUFFIX.sub("", term) if not term.isdigit() else term
    if not term or len(term) > MAX_TERM_CHARS or len(term.split()) > MAX_TERM_WORDS:
        return None
    return None if term.casefold() in GENERIC_TERMS else term
