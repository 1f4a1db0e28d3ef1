"""Applying a :class:`~.profiles.SiteProfile` to a page: its related lists, its body and its fields
replace what the heuristics would find, one by one; what the profile does not name, or what its
selectors do not find on a page (a warning says so), stays with the heuristics."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from lxml import etree

from ..kernel.dates import parse_date
from ..kernel.model import Author, Metadata
from .article_links import article_links
from .author_bio import remove_author_bio
from .body import Body, extract_body, render_content, split_sections
from .cleanup import cleanup_content, drop, prepare_page
from .document import absolutize, resolve, text_of
from .metadata import normalize_language
from .names import clean_name, split_byline
from .profiles import Selector, SiteProfile
from .related import RelatedBlock
from .taxonomy import dedupe
from .titles import clean_text

LIST_FIELDS = ("tags", "categories", "keywords")
URL_FIELDS = ("thumbnail", "canonical_url")


def _matches(selectors: tuple[Selector, ...], root: etree._Element) -> list[etree._Element]:
    """Elements any of ``selectors`` match, in page order, none inside another."""
    found: dict[etree._Element, None] = {}
    for selector in selectors:
        for el in selector.elements(root):
            found[el] = None
    chosen = set(found)
    matched = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    if len(selectors) > 1 and len(matched) > 1:
        order = {el: i for i, el in enumerate(root.iter(etree.Element))}
        matched.sort(key=lambda el: order.get(el, 0))
    return matched


def profile_related(profile: SiteProfile, doc: etree._Element, base_url: str) -> list[RelatedBlock] | None:
    """The related lists the profile selects (None when it selects none: heuristics then)."""
    if not profile.related:
        return None
    seen: set[str] = set()
    blocks = []
    for el in _matches(profile.related, doc):
        links = []
        for lk in article_links(el, base_url):
            if lk.url not in seen:
                seen.add(lk.url)
                links.append(lk)
        blocks.append(RelatedBlock(el, links))
    return blocks or None


def remove_elements(profile: SiteProfile, doc: etree._Element) -> None:
    """Drop what the profile's ``remove`` selectors match (never part of the body)."""
    for el in _matches(profile.remove, doc):
        drop(el)


def profile_body(profile: SiteProfile, doc: etree._Element, base_url: str,
                 metadata: Metadata) -> Body | None:
    """The body from the profile's ``body`` selectors: copies of the matched elements, with
    scripts, hidden parts, ads, widgets and the author box still removed; None when nothing
    matches."""
    matched = _matches(profile.body, doc)
    if not matched:
        return None
    content = doc.makeelement("div", {})
    for el in matched:
        part = copy.deepcopy(el)
        part.tail = None
        content.append(part)
    prepare_page(content)
    cleanup_content(content)
    remove_author_bio(content, metadata.authors)
    blocks = render_content(content, base_url)
    return Body(split_sections(blocks, metadata.title, True), content, "profile")


def body_with_profile(profile: SiteProfile | None, doc: etree._Element, base_url: str, metadata: Metadata,
                      marked: list[etree._Element], warnings: list[str]) -> Body:
    """The profile's body when it has one that matches, else the heuristic one."""
    if profile is not None and profile.body:
        body = profile_body(profile, doc, base_url, metadata)
        if body is not None:
            return body
        warnings.append(f"profile {profile.pattern!r}: body selector matched nothing; body found by "
                        "the heuristics")
    return extract_body(doc, base_url, metadata, marked=marked)


def apply_fields(profile: SiteProfile, doc: etree._Element, base_url: str, metadata: Metadata,
                 warnings: list[str]) -> None:
    """Overwrite each metadata field the profile names with what its selectors find."""
    for name, selectors in profile.fields.items():
        values = _values(selectors, doc)
        value = _convert(name, values, doc, selectors, base_url)
        if value in (None, []):
            warnings.append(f"profile {profile.pattern!r}: {name} selector matched nothing; "
                            "kept the heuristic value")
            continue
        setattr(metadata, name, value)
    if metadata.date and metadata.updated and _utc(metadata.updated) < _utc(metadata.date):
        metadata.updated = None  # never earlier than the publication, whichever source gave them


def _values(selectors: tuple[Selector, ...], doc: etree._Element) -> list[str]:
    for selector in selectors:
        texts = selector.texts(doc)
        if texts:
            return texts
    return []


def _convert(name: str, values: list[str], doc: etree._Element, selectors: tuple[Selector, ...],
             base_url: str) -> object:
    if not values:
        return None
    if name in ("date", "updated"):
        return next((dt for dt in map(parse_date, values) if dt is not None), None)
    if name == "authors":
        return _authors(values, doc, selectors, base_url)
    if name in LIST_FIELDS:
        if name == "keywords":
            values = [part for v in values for part in v.split(",")]
        return dedupe(values)
    if name in URL_FIELDS:
        return resolve(values[0], base_url)
    if name == "language":
        return normalize_language(values[0])
    return clean_text(values[0])


def _authors(values: list[str], doc: etree._Element, selectors: tuple[Selector, ...],
             base_url: str) -> list[Author]:
    """Names from each matched byline ("By A and B" gives two), with the link of a matched
    ``<a>`` as the author's URL."""
    links: dict[str, str] = {}
    for selector in selectors:
        for el in selector.elements(doc):
            a = el if el.tag == "a" else el.find(".//a[@href]")
            if a is not None and a.get("href"):
                links.setdefault(" ".join(text_of(el).split()), a.get("href"))
    authors: list[Author] = []
    named: set[str] = set()
    for text in values:
        names = split_byline(text) or [n for n in [clean_name(text) or clean_text(text)] if n]
        for name in names:
            if name not in named:
                named.add(name)
                authors.append(Author(name, url=absolutize(links.get(text), base_url)))
    return authors


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt
