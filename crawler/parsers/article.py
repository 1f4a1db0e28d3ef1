"""One page in, one :class:`~.model.Article` out: metadata, related lists, body sections, links,
and whether the page is an article at all (home, listing and tag pages are not)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree

from ..kernel.model import Article, Author, Metadata
from ..kernel.urls import without_tracking
from .access import FREE, remove_blocks, scan_access
from .access_verdict import decide
from .article_links import is_article_url
from .body import Body
from .cleanup import drop, link_density
from .document import (
    MAX_ELEMENTS,
    SENTENCE_END,
    absolutize,
    all_text,
    base_url_of,
    hint,
    is_inside,
    load_document,
)
from .domindex import DomIndex
from .ld_body import jsonld_body
from .overrides import apply_fields, body_with_profile, profile_related, remove_elements
from .own_related import own_related
from .profiles import Profiles, SiteProfile
from .related import related_blocks
from .shadow_dom import compose_shadow_roots
from .structured import EVENT_PAGE_TYPE, NOT_ARTICLE_PAGE_TYPES
from .summary import lead_paragraph
from .written_byline import closing_credit, lead_credit

log = logging.getLogger(__name__)

#: Page types (og:type / JSON-LD @type, lower-cased) that describe a site or a listing.
LISTING_TYPES = frozenset({"website", "collectionpage", "itemlist", "searchresultspage", "profilepage",
                           "blog", "webpage.listing", "profile", "object"})
#: Page types (og:type, JSON-LD @type) of a shop's product page.
PRODUCT_TYPES = frozenset({"product", "og:product", "product.item", "product.group", "productgroup"})
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "techarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "scholarlyarticle", "liveblogposting", "report", "video.other",
    "posting", "blog-post",
})
#: URL paths of listings: site root, taxonomies, archives, pagination, search.
LISTING_PATH = re.compile(
    r"^/?$|/(?:tags?|categor(?:y|ies)|topics?|authors?|archives?|page|search|label|sections?)(?:/|$)|"
    r"^/\d{4}(?:/\d{2}){0,2}/?$",
    re.I,
)
#: Class/id of pagination controls.
PAGINATION = re.compile(
    r"(?:^|[\s_-])(?:pagination|pager|page-?numbers?|page-?nav|paging|nav-links)(?:$|[\s_-])")
#: Class/id of areas whose <article> elements and page links say nothing of the page being a
#: listing: comment threads (each comment an <article>, paged) and a post's previous/next links.
NOT_LISTING_AREA = re.compile(
    r"(?<![a-z])(?:comment(?:s|list|-[a-z]+)?|(?:post|single|entry)-navigation|nav-(?:previous|next))(?![a-z])")
#: Minimum body text (characters) for a page to count as an article.
MIN_ARTICLE_CHARS = 250
#: A page that says it is one post (its type, its marked body, an h-entry) is one with this much.
MIN_SHORT_ARTICLE_CHARS = 100
MIN_TEASERS = 3
MIN_HEADING_TEASERS = 5
LONG_BODY_CHARS = 2000
CARD_LEVELS = 2  # levels above a headline where the link of a card around it may be
LISTING_MARGIN = 3  # listing evidence must outweigh article evidence by this much
LISTING_REASON = "listing page"
PROSE_EVIDENCE = 2
PROSE_LINK_DENSITY = 0.2
PROSE_CHARS = 500
PROSE_SENTENCES = 3


def collect_links(doc: etree._Element, base_url: str) -> list[str]:
    """Every absolute http(s) link of the page, in document order, without fragments, tracking
    parameters or repeats."""
    seen: dict[str, None] = {}
    for a in doc.iter("a", "area"):
        url = absolutize(a.get("href"), base_url)
        if url and "?" in url:
            url = without_tracking(url)
        if url and url not in seen:
            seen[url] = None
    return list(seen)


def heading_links(root: etree._Element, base_url: str) -> int:
    """Headings that are (almost entirely) a link to an article: the shape of a teaser."""
    count = 0
    for h in root.iter("h1", "h2", "h3", "h4"):
        a = h.find(".//a[@href]")
        if a is None:  # a card that is one link around its headline and its excerpt
            a = next((p for p in islice(h.iterancestors(), CARD_LEVELS) if p.tag == "a" and p.get("href")),
                     None)
        if a is None:
            continue
        if len(" ".join(all_text(a).split())) >= 0.8 * len(" ".join(all_text(h).split())):
            url = absolutize(a.get("href"), base_url)
            if url and is_article_url(url, base_url):
                count += 1
    return count


def _extract_metadata(doc: etree._Element, url: str, index: DomIndex | None = None) -> Metadata:
    from .metadata import extract_metadata  # imported here so a failure there never costs the body

    return extract_metadata(doc, url, index)


def _paginated(doc: etree._Element) -> bool:
    for el in doc.iter("link", "a"):
        if (el.get("rel") or "").lower() == "next" and not _not_listing_area(el):
            return True
    for el in doc.iter("nav", "div", "ul", "ol", "p", "span"):
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
        if attrs and hint(PAGINATION, attrs) and not _not_listing_area(el):
            return True
    return False


def _not_listing_area(el: etree._Element) -> bool:
    """Whether ``el`` is in (or is) a comment thread or a post's previous/next navigation."""
    node: etree._Element | None = el
    while node is not None:
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if len(attrs) > 1 and NOT_LISTING_AREA.search(attrs.lower()):
            return True
        node = node.getparent()
    return False


def classify(doc: etree._Element, url: str, meta: Metadata, body: Body,
             base_url: str | None = None, body_text: str | None = None) -> tuple[bool, str | None]:
    """Whether the page is an article, and why not when it is not. ``base_url`` (default ``url``)
    resolves relative links; ``body_text``: the plain text of ``body``'s sections, when the caller
    has it.

    Listing evidence (site/collection page type, several top-level ``<article>`` elements, many
    teaser headings, pagination, a listing-like URL, teasers inside the main content) is weighed
    against article evidence (article page type, ``itemprop=articleBody``, one ``<article>``
    holding the text, a long body)."""
    base_url = base_url or url
    if body_text is None:
        body_text = _body_text(body)
    body_chars = len(body_text)
    if body_chars < MIN_ARTICLE_CHARS:
        if not meta.title:
            return False, "no title and no substantial main text"
        if body_chars < MIN_SHORT_ARTICLE_CHARS or not _declared_article(doc, meta, body):
            return False, f"no substantial main text ({body_chars} characters)"
    page_type = (meta.page_type or "").strip().lower()
    if page_type in PRODUCT_TYPES:  # a shop's page: its description is no article
        return False, f"a product page (page type {page_type!r})"
    if page_type in NOT_ARTICLE_PAGE_TYPES:
        return False, NOT_ARTICLE_PAGE_TYPES[page_type]
    if page_type == EVENT_PAGE_TYPE and body_chars < LONG_BODY_CHARS:
        return False, "an event page (JSON-LD Event)"  # a venue's page of one concert; a match report is long
    articles = [a for a in doc.iter("article")
                if not any(p.tag == "article" for p in a.iterancestors()) and not _not_listing_area(a)]
    evidence = 0
    if page_type in ARTICLE_TYPES:
        evidence += 2
    if body.method in ("articleBody", "profile"):  # the page (or its profile) marks the body
        evidence += 2
    if len(articles) == 1 and len(all_text(articles[0])) >= LONG_BODY_CHARS // 2:
        evidence += 1
    if body_chars >= LONG_BODY_CHARS:
        evidence += 1
    body_teasers = heading_links(body.content, base_url) if body.content is not None else 0
    if body_teasers < MIN_TEASERS and _prose(body, body_text):
        evidence += PROSE_EVIDENCE  # teaser cards around the page are not its content
    # Listing signals in the order the reason names them, each with its weight and its cost
    # rank; the costly ones are skipped once they could no longer outweigh the article evidence.
    signals: list[tuple[int, int, Callable[[], str | None]]] = [
        (1, 0, lambda: f"page type {page_type!r}" if page_type in LISTING_TYPES else None),
        (2, 0, lambda: f"{len(articles)} <article> teasers" if len(articles) >= MIN_TEASERS else None),
        (1, 1, lambda: _count(heading_links(doc, base_url), MIN_HEADING_TEASERS, "teaser headings")),
        (2, 1, lambda: _count(body_teasers, MIN_TEASERS, "teasers in the main content")),
        (1, 1, lambda: "pagination" if _paginated(doc) else None),
        (1, 0, lambda: "listing URL" if LISTING_PATH.search(urlsplit(url).path or "/") else None),
    ]
    found: dict[int, tuple[str, int]] = {}
    remaining = sum(weight for weight, _, _ in signals)
    for i in sorted(range(len(signals)), key=lambda i: signals[i][1]):
        weight, _, test = signals[i]
        if sum(w for _, w in found.values()) + remaining - evidence < LISTING_MARGIN:
            break  # not a listing, whatever the remaining signals say
        remaining -= weight
        name = test()
        if name:
            found[i] = (name, weight)
    if sum(w for _, w in found.values()) - evidence >= LISTING_MARGIN:
        return False, f"{LISTING_REASON}: " + ", ".join(found[i][0] for i in sorted(found))
    if not meta.title:
        return False, "no title"
    return True, None


_H_ENTRY = etree.XPath("boolean(//*[contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')])")


def _declared_article(doc: etree._Element, meta: Metadata, body: Body) -> bool:
    """Whether the page declares itself one post: an article type, a marked body, or the
    microformats class of a post (a micro-blog's short post, a two-sentence brief)."""
    page_type = (meta.page_type or "").strip().lower()
    return page_type in ARTICLE_TYPES or body.method in ("articleBody", "profile") or bool(_H_ENTRY(doc))


def _prose(body: Body, text: str) -> bool:
    """The body (``text``, its plain text) reads as running text: sentences, few of its words
    inside links."""
    content = body.content
    if content is None or len(text) < PROSE_CHARS:
        return False
    if len(list(islice(SENTENCE_END.finditer(text), PROSE_SENTENCES))) < PROSE_SENTENCES:
        return False  # (the first sentence ends tell: the rest of a long body is not searched)
    return link_density(content, len(text)) <= PROSE_LINK_DENSITY


def _count(n: int, least: int, what: str) -> str | None:
    return f"{n} {what}" if n >= least else None


def _body_text(body: Body) -> str:
    return Article(url="", sections=body.sections).body_text


def _set_access(article: Article, verdict: tuple[str, str | None]) -> None:
    """Record the page's access; an article page behind a wall is still an article (archived so
    that the user sees it), never a listing."""
    meta = article.metadata
    meta.access, meta.access_reason = verdict
    if meta.access == FREE or article.is_article or (article.reason or "").startswith(LISTING_REASON):
        return
    page_type = (meta.page_type or "").strip().lower()
    path = urlsplit(article.url).path or "/"
    looks_like_article = page_type in ARTICLE_TYPES or (
        page_type not in LISTING_TYPES and is_article_url(article.url) and not LISTING_PATH.search(path))
    if meta.title and looks_like_article:
        article.is_article, article.reason = True, None


def parse_article(url: str, html: str | bytes | None, *, profile: Profiles | SiteProfile | None = None,
                  encoding: str | None = None, max_elements: int | None = MAX_ELEMENTS,
                  links: bool = True) -> Article:
    """Parse one page. Never raises on any page: failures give ``is_article=False`` with a
    ``reason``.

    ``profile``: site profiles (a whole :class:`~.profiles.Profiles` file, whose table for the
    page's host applies, or one :class:`~.profiles.SiteProfile`); their selectors override the
    heuristics field by field. ``encoding``: for bytes, the server's ``Content-Type`` header (or
    just its charset); bytes are decoded by :func:`.charset.decode_page`. ``max_elements``: the
    parse budget (:data:`.document.MAX_ELEMENTS`); a page with more elements is read up to that
    many and its article says so in ``warnings``. ``links``: collect every link of the page into
    ``Article.links`` (a crawl that follows related links only asks for them on its start pages)."""
    if profile is not None and not isinstance(profile, Profiles | SiteProfile):
        raise TypeError(f"profile must be Profiles or SiteProfile, not {type(profile).__name__}")
    site = profile.for_url(url) if isinstance(profile, Profiles) else profile
    article = Article(url=url)
    try:
        doc, warnings = load_document(html, url, encoding=encoding, max_elements=max_elements)
        article.warnings.extend(warnings)
        base = base_url_of(doc, url)
        index = DomIndex.build(doc)
        if index.shadow_roots:  # custom elements' own content, in their place
            compose_shadow_roots(doc)
            index = DomIndex.build(doc)
        if links:
            article.links = collect_links(doc, base)
        access = scan_access(doc, url, index.access)  # before anything is taken out of the page
        if access.blocks and not index.drop_blocks([b.element for b in access.blocks],
                                                   lambda: remove_blocks(access)):
            index = DomIndex.build(doc)  # a consent dialog or a promo is never the body
        try:
            article.metadata = _extract_metadata(doc, url, index)
        except Exception as exc:  # metadata must not cost us the body
            log.warning("%s: metadata extraction failed: %s", url, exc)
            article.warnings.append(f"metadata extraction failed: {exc.__class__.__name__}: {exc}")
        if site is not None:
            apply_fields(site, doc, base, article.metadata, article.warnings)
        blocks = profile_related(site, doc, base) if site is not None else None
        if blocks is None:
            blocks = related_blocks(doc, base, index.related)
        article.related = own_related(blocks, article.metadata, url)
        for block in blocks:
            for el in block.elements():
                drop(el)
        if site is not None:
            remove_elements(site, doc)
        marked = [el for el in index.itemprops.get("articleBody", ()) if is_inside(el, doc)]
        body = body_with_profile(site, doc, base, article.metadata, marked, article.warnings)
        article.sections = body.sections
        if not article.metadata.authors:  # "（山本健一）" closing a Japanese paper's story
            credit, sections = closing_credit(article.sections)
            if credit is not None:
                article.metadata.authors, article.sections = [Author(credit)], sections
            else:  # "京华晨报讯（记者 王晓宁）" opening a Chinese one
                article.metadata.authors = [Author(name) for name in lead_credit(article.sections)]
        if len(article.body_text) < MIN_SHORT_ARTICLE_CHARS and site is None:  # a page rendered by script
            declared = jsonld_body(doc, url, base, article.metadata)
            if declared is not None and len(_body_text(declared)) > len(article.body_text):
                body, article.sections = declared, declared.sections
        if not article.metadata.excerpt:
            article.metadata.excerpt = lead_paragraph(body.sections)
        article.is_article, article.reason = classify(doc, url, article.metadata, body, base,
                                                      article.body_text)
        _set_access(article, decide(access, len(article.body_text.split())))
        if not article.is_article and (article.reason or "").startswith(LISTING_REASON):
            article.sections = []  # teasers of other pages: no body to speak of
    except Exception as exc:  # the contract is "never raise": report the failure on the result
        log.warning("%s: extraction failed: %s", url, exc, exc_info=True)
        article.is_article = False
        article.reason = f"extraction failed: {exc.__class__.__name__}: {exc}"
    return article
