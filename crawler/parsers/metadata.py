"""Everything about an article that is not its body, from one parsed page.

``extract_metadata(doc, url)`` reads the tree and never modifies it: one pass over the head-ish
elements for meta/link tags and JSON-LD (``structured``), one walk over the body that files away
headline, byline, date, summary and taxonomy candidates (``domindex``), then look-ups on those
small lists (the dates: :mod:`.page_dates`). Call it before anything strips or rewrites the tree.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..kernel.dates import day_first, writes_day_first
from ..kernel.model import Author, Metadata
from .byline import extract_authors
from .cleanup_hints import POST_NAV_HINT
from .document import all_text, is_inside
from .domindex import DomIndex, names_scope
from .names import japanese_page, norm_key
from .page_dates import extract_dates
from .structured import EVENT_PAGE_TYPE, NOT_ARTICLE_PAGE_TYPES, StructuredData, collect, node_types
from .summary import header_excerpt, summary
from .taxonomy import extract_keywords, extract_taxonomy
from .titles import (
    clean_text,
    confirmed_logo_name,
    extract_title,
    find_headline,
    home_link_site_name,
    logo_names,
    site_name_candidates,
)

DESCRIPTION_META = ("description", "og:description", "twitter:description", "dc.description",
                    "dcterms.description")
IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
LANGUAGE_META = ("og:locale", "content-language", "language", "dc.language", "dcterms.language")

AVATAR_HINT = re.compile(r"avatar|gravatar|author|profile|headshot|user-?pic|portrait", re.I)
MAX_TEASER_CHARS = 500  # an <article> without the headline and this short is a teaser card
#: Images that never make a thumbnail: icons, logos, formulas, sprites, spacers, badges, emoji.
NOT_A_PICTURE = re.compile(
    r"(?<![a-z])(?:fav)?(?:icon|logo|sprite|spacer|pixel|blank|badge|emoji|button|banner)s?(?![a-z])|"
    r"/math/|[-_.]svg\.png")
MIN_THUMBNAIL_PX = 100  # a declared width or height below this is an icon, not a picture
_SPACE = re.compile(r"\s")
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?\b")


def extract_metadata(doc: lxml_html.HtmlElement, url: str, index: DomIndex | None = None) -> Metadata:
    """Title, dates, authors, taxonomy, summary, image, canonical URL, site, language and type.
    ``index`` is the page's :class:`DomIndex` when the caller has built it already."""
    sd = collect(doc, url)
    _merge_parsely(sd)
    index = index or DomIndex.build(doc)
    sd.add_items(index.itemprops)
    scope = find_scope(doc, index)
    index.protect(scope)
    site_names = site_name_candidates(sd)
    if not site_names or norm_key(site_names[0]) != norm_key(clean_text(sd.first("og:site_name")) or ""):
        # the name the page shows (its link home, confirmed by <title> or its feed) before one only
        # its JSON-LD declares: a blog host's publisher ("Blogger") is not the blog
        home = home_link_site_name(doc, url, clean_text(sd.title_tag))
        if home and norm_key(home) not in {norm_key(n) for n in site_names}:
            site_names = [home, *site_names]
    headline = find_headline(index, sd, scope)
    index.protect(headline[0])
    title, title_site = extract_title(sd, headline, site_names)
    site_name = site_names[0] if site_names else clean_text(title_site)
    logos = logo_names(index.images, url)
    if not site_name:
        site_name = confirmed_logo_name(doc, logos, sd.first("description"))
    names_for_authors = site_names + ([title_site] if title_site else []) + logos
    language = _language(sd)
    with japanese_page((language or "").startswith("ja")):
        authors = extract_authors(index, sd, names_for_authors, scope, headline[0])
    with day_first(writes_day_first(language)):  # "08/10/2024" is 8 October on a page in Portuguese
        date, updated = extract_dates(index, sd, scope, headline[0])
    tags, categories = extract_taxonomy(sd, scope, doc, index, headline[0], [a.name for a in authors])
    description = _description(sd)
    return Metadata(
        title=title,
        date=date,
        updated=updated,
        authors=authors,
        tags=tags,
        categories=categories,
        description=description,
        excerpt=header_excerpt(index, sd, scope, headline[0], title) or summary(sd, title) or description,
        keywords=extract_keywords(sd),
        thumbnail=_thumbnail(index, sd, scope if scope is not None else _parent(headline[0]), authors),
        canonical_url=sd.absolute(next(iter(sd.links.get("canonical") or ()), None) or sd.first("og:url")),
        site_name=site_name,
        language=language,
        page_type=_page_type(sd),
    )


def find_scope(doc: lxml_html.HtmlElement, index: DomIndex | None = None) -> lxml_html.HtmlElement | None:
    """The element holding the article (its <article>, an Article itemscope, <main>), if any."""
    index = index or DomIndex.build(doc)
    articles = [a for a in index.articles if not _has_ancestor(a, "article") and not _post_nav(a)]
    if articles and _teasers_only(articles, index):
        articles = []
    if len(articles) == 1:
        return articles[0]
    if articles:
        tops = set(articles)
        with_h1 = {a for h1 in index.h1s for a in h1.iterancestors("article") if a in tops}
        for art in articles:
            if art in with_h1 or art.xpath(".//*[@itemprop='articleBody']"):
                return art
        return max(articles, key=lambda a: len(a.text_content()))
    if index.mains:
        return index.mains[0]
    return _named_scope(doc, index)


def _named_scope(doc: lxml_html.HtmlElement, index: DomIndex) -> lxml_html.HtmlElement | None:
    """The first element of the page (``doc``, its root) in page order that says it holds the
    article (:func:`.domindex.names_scope`): the index has those of the part it walked, the rest
    (the root, the head) is read here."""
    if index.root is doc:
        return index.scopes[0] if index.scopes else None
    if names_scope(doc):
        return doc
    for child in doc:
        if child is index.root:
            if index.scopes:
                return index.scopes[0]
        elif isinstance(child.tag, str):
            found = next((el for el in child.iter(etree.Element) if names_scope(el)), None)
            if found is not None:
                return found
    return None


def _post_nav(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el``'s class or id names the links to the previous and the next post (Hexo's
    Matery sets them as an ``<article>`` of cards with their own dates and tags)."""
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}".strip().lower()
    return bool(attrs) and bool(POST_NAV_HINT.search(attrs))


def _teasers_only(articles: list[lxml_html.HtmlElement], index: DomIndex) -> bool:
    """Whether the page's ``<article>`` elements are teaser cards around an article that is not in
    one: the headline stands outside all of them, no body is marked in one, and each is short."""
    if not index.h1s:
        return False
    tops = set(articles)
    for el in (*index.h1s, *index.itemprops.get("articleBody", ())):
        if any(a in tops for a in el.iterancestors("article")):
            return False
    return all(len(all_text(a)) < MAX_TEASER_CHARS for a in articles)


def _has_ancestor(el: lxml_html.HtmlElement, tag: str) -> bool:
    node = el.getparent()
    while node is not None:
        if node.tag == tag:
            return True
        node = node.getparent()
    return False


def _merge_parsely(sd: StructuredData) -> None:
    """Parse.ly's JSON ``parsely-page`` meta carries the date/author/title when the flat tags do not."""
    raw = sd.first("parsely-page")
    if not raw:
        return
    try:
        page = json.loads(raw)
    except ValueError:
        return
    if not isinstance(page, dict):
        return
    for key, field in (("parsely-pub-date", "pub_date"), ("parsely-title", "title"),
                       ("parsely-author", "author"), ("parsely-section", "section")):
        value = page.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip() and key not in sd.meta:
            sd.meta[key] = [value.strip()]


def _description(sd: StructuredData) -> str | None:
    value = sd.first(*DESCRIPTION_META)
    if not value:
        ld = sd.jsonld.article_value("description")
        value = ld if isinstance(ld, str) else None
    return clean_text(value)


def _thumbnail(index: DomIndex, sd: StructuredData, scope: lxml_html.HtmlElement | None,
               authors: list[Author]) -> str | None:
    """The first declared image (JSON-LD, og:image, twitter:image, image_src, microdata) that is not
    an author avatar; when none is declared, or every one is an avatar, the first content image of
    the article."""
    ld = sd.jsonld
    candidates: list[str] = []
    for value in (ld.article_value("image"), ld.article_value("thumbnailUrl")):
        candidates.extend(_ld_image_urls(value))
    candidates += sd.every(*IMAGE_META) + sd.links.get("image_src", []) + sd.item_values("image")[:1]
    urls = [u for u in (sd.absolute(c) for c in candidates if c and not _SPACE.search(c.strip())) if u]
    avatar_srcs = {a.avatar for a in authors if a.avatar}
    tails = {_tail(u) for u in urls}
    img_hints: dict[str, str] = {}
    for img in index.images:  # alt/class of the page's own <img> for the declared images
        raw = img.get("src")
        if raw and _tail(raw) in tails:
            src = sd.absolute(raw) or ""
            img_hints[src] = f"{img_hints.get(src, '')} {img.get('alt') or ''} {img.get('class') or ''}"
    for u in urls:
        if u in avatar_srcs or AVATAR_HINT.search(u) or AVATAR_HINT.search(img_hints.get(u, "")):
            continue
        return u
    if scope is None:
        return None
    for img in index.images:  # no declared image but avatars: the first content image
        if not is_inside(img, scope):
            continue
        found = sd.absolute(img.get("src"))
        hints = f"{img.get('alt') or ''} {img.get('class') or ''}"
        if found and found not in avatar_srcs and _content_image(img, found, hints):
            return found
    return None


def _parent(el: lxml_html.HtmlElement | None) -> lxml_html.HtmlElement | None:
    """The element around the headline: where a lead image sits when no article element says so."""
    parent = el.getparent() if el is not None else None
    return None if parent is None or parent.tag in ("body", "html") else parent


def _tail(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _content_image(img: lxml_html.HtmlElement, src: str, hints: str) -> bool:
    """A picture that can stand for the article: not an avatar, icon, logo, formula or spacer,
    not a vector or GIF, and not declared smaller than a thumbnail."""
    path = src.lower().split("?")[0]
    if not src.startswith("http") or path.endswith((".svg", ".gif")):
        return False
    if AVATAR_HINT.search(src) or AVATAR_HINT.search(hints):
        return False
    if NOT_A_PICTURE.search(path) or NOT_A_PICTURE.search(hints.lower()):
        return False
    return all(not size.isdigit() or int(size) >= MIN_THUMBNAIL_PX
               for size in (img.get("width") or "", img.get("height") or ""))


def _ld_image_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        return [url] if isinstance(url, str) else []
    if isinstance(value, list):
        return [u for v in value for u in _ld_image_urls(v)]
    return []


def normalize_language(value: str | None) -> str | None:
    """"en_US" -> "en-US", "EN" -> "en", "zh-hant-tw" -> "zh-Hant-TW"; None when not a language tag."""
    if not value:
        return None
    match = _LOCALE.match(value.strip())
    if not match:
        return None
    lang, script, region = match.groups()
    parts = [lang.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def _language(sd: StructuredData) -> str | None:
    ld_lang = sd.jsonld.article_value("inLanguage")
    for value in (sd.lang, *sd.every(*LANGUAGE_META), ld_lang if isinstance(ld_lang, str) else None):
        lang = normalize_language(value)
        if lang:
            return lang
    return None


#: JSON-LD types of a page that lists others (Yoast and its kind declare a tag or an author archive
#: so beside an og:type of "article").
LISTING_PAGE_TYPES = ("collectionpage", "searchresultspage", "profilepage")


def _page_type(sd: StructuredData) -> str | None:
    og_type = sd.first("og:type")
    if (not og_type or og_type.strip().lower() == "article") and sd.jsonld.article:
        kinds = node_types(sd.jsonld.article)  # the page's own node, the article or what stands for it
        listing = next((kind for kind in LISTING_PAGE_TYPES if kind in kinds), None)
        if listing:
            return listing
    kinds = set().union(*map(node_types, sd.jsonld.nodes)) if sd.jsonld.nodes else set()
    if (not og_type or og_type.strip().lower() == "website") and not any(
            kind.endswith("article") or kind.endswith("blogposting") for kind in kinds):
        declared = next((kind for kind in NOT_ARTICLE_PAGE_TYPES if kind in kinds), None)
        if declared:
            return declared  # a job's posting, a question and its answers
        if not sd.jsonld.article and any(kind.endswith("event") for kind in kinds):
            return EVENT_PAGE_TYPE  # a venue's page of one concert (an article about it declares one too)
    if og_type:
        return og_type.strip().lower()
    if sd.jsonld.article:
        types = sorted(node_types(sd.jsonld.article))
        return types[0] if types else None
    # a shop's product described in JSON-LD alone (a review's product is no product page)
    if "product" in kinds and not any(kind.endswith("review") for kind in kinds):
        return "product"
    return None
