"""The authors a page declares rather than shows: JSON-LD's ``author`` (persons, and the
organizations that are not the site), and the meta tags (``author``, Dublin Core, Highwire's
``citation_author``, ``article:author``). :mod:`.byline` weighs them against the visible byline."""

from __future__ import annotations

from typing import Any

from ..kernel.model import Author
from .names import HANDLE_OR_URL, clean_name, is_site_like, meta_names, norm_key, split_byline
from .structured import ORGANIZATION_TYPES, StructuredData, node_types

#: Meta tags of the authors, in the order they are trusted (the first one the page has names them).
META_AUTHOR_KEYS = ("dc.creator", "dc:creator", "dcterms.creator", "author", "parsely-author",
                    "sailthru.author", "byl", "citation_author")
#: Meta tags that name one author each, family name first ("Okafor, Miriam": Highwire Press's
#: citation tags, one per author).
ONE_AUTHOR_KEYS = frozenset({"citation_author"})
#: Open Graph's author (often a profile's URL, then no name).
ARTICLE_AUTHOR_KEYS = ("article:author", "og:article:author")


def meta_authors(sd: StructuredData, site_names: list[str]) -> tuple[list[Author], list[Author]]:
    """(authors of the first author meta the page has, authors of ``article:author``)."""
    meta_key, meta_values = _first_meta(sd, META_AUTHOR_KEYS)
    # a tag repeated once per author, or a scholarly citation's tag, names one person a value
    one_person = len(meta_values) > 1 or meta_key in ONE_AUTHOR_KEYS
    meta = [a for v in meta_values for a in authors_of_meta_value(v, meta_names(v, one_person), site_names)]
    art = [Author(n) for v in sd.every(*ARTICLE_AUTHOR_KEYS)[:1]
           if not HANDLE_OR_URL.search(v) for n in split_byline(v)]
    return meta, art


def _first_meta(sd: StructuredData, keys: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """The first of ``keys`` the page has and every value of it (repeated tags name several
    authors)."""
    for key in keys:
        values = sd.meta.get(key)
        if values:
            return key, values
    return None, []


def authors_of_meta_value(value: str | None, names: list[str], site_names: list[str]) -> list[Author]:
    """The authors a meta ``value`` names (``names``, as split); the site's own name whole
    ("Hearth & Crumb" is no two people), for the caller to keep only when nothing better is found."""
    if value and len(names) > 1 and norm_key(value) in {norm_key(name) for name in site_names}:
        return [Author(" ".join(value.split()))]
    return [Author(n) for n in names]


def jsonld_authors(sd: StructuredData, site_names: list[str]) -> tuple[list[Author], list[Author]]:
    value = sd.jsonld.article_value("author", "creator")
    if value is None:
        return [], []
    persons: list[Author] = []
    orgs: list[Author] = []
    for item in value if isinstance(value, list) else [value]:
        item = sd.jsonld.resolve(item)
        if isinstance(item, str):
            persons.extend(Author(n) for n in split_byline(item))
        elif isinstance(item, dict):
            name = _ld_name(item)
            if not name:
                continue
            author = Author(name, url=sd.absolute(_ld_url(item)), avatar=sd.absolute(_ld_image(item)))
            if node_types(item) & ORGANIZATION_TYPES:
                if not is_site_like(name, site_names):
                    orgs.append(author)
            elif (clean := clean_name(name)) is not None:
                author.name = clean
                persons.append(author)
    return persons, orgs


def _ld_name(item: dict[str, Any]) -> str | None:
    name = item.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if isinstance(name, dict):
        name = name.get("@value")
    if not isinstance(name, str) or not name.strip():
        parts = [item.get("givenName"), item.get("familyName")]
        name = " ".join(p for p in parts if isinstance(p, str))
    name = " ".join(name.split())
    return name or None


def _ld_url(item: dict[str, Any]) -> str | None:
    for key in ("url", "sameAs", "@id"):
        value = item.get(key)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        if isinstance(value, str) and value.startswith(("http", "/")):
            return value
    return None


def _ld_image(item: dict[str, Any]) -> str | None:
    value = item.get("image")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None
