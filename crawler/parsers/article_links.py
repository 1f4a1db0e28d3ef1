"""Which links of a list are links to articles, and the headline each gives its article: not
menus, taxonomy, author, file or feed pages, paid links of recommendation networks, section kickers
or author pictures (see :func:`article_links`)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from ..kernel.dates import date_span, in_english
from ..kernel.model import RelatedLink
from ..kernel.urls import without_tracking
from .cleanup import HEADINGS
from .cleanup_hints import AVATAR_HINT
from .document import URL_MEMO, absolutize, all_text, hint, text_of
from .related_labels import is_related_label
from .related_words import (
    ALL_LINK,
    FILE_PATH,
    MAX_MORE_LINK_CHARS,
    MAX_MORE_LINK_WORDS,
    MENU_CLASS,
    NON_ARTICLE_PATH,
    NON_ARTICLE_QUERY,
    NON_ARTICLE_REL,
    PERSON_PATH,
    RELATED_CONTAINER,
)

MIN_MENU_LINKS = 3
SITE_CHROME = frozenset({"header", "footer"})  # a menu in them is one, whatever it is named
#: The most words of a section's name linked above a card (its kicker).
MAX_KICKER_WORDS = 3
MAX_DATE_CHARS = 40  # text of an element inside a link that may be nothing but a date
MAX_DATE_RAW_CHARS = 400  # the same before its white space is collapsed
_DIGIT = re.compile(r"\d")
#: A recommendation network's own pages and paid links: its hosts, and the click ids and sources it
#: adds to the advertisers' links (Taboola, Outbrain, Revcontent, MGID).
SPONSORED_LINK = re.compile(
    r"^(?:https?:)?//[^/?#]*\b(?:taboola|outbrain|revcontent|mgid|zergnet)\.[a-z.]{2,12}(?:[:/?#]|$)|"
    r"[?&](?:tblci|obOrigUrl|dicbo|utm_source=(?:taboola|outbrain|revcontent|mgid))\b", re.I)


def is_article_url(url: str, page_url: str | None = None) -> bool:
    """A heuristic: http(s) URL with a non-root path that is not a taxonomy/archive/feed page, nor
    ``page_url`` itself. A link to the page's own path is another article when its query names one
    ("articleView.html?idxno=781090" on the page of "?idxno=785412"; "/?p=12")."""
    shape = _url_shape(url)
    if shape is None:
        return False
    if page_url is None or shape != _page_key(page_url):
        return True
    query = _query_of(url)
    return bool(query) and query != _query_of(page_url)


def _query_of(url: str) -> str:
    """The query of ``url`` without its tracking parameters."""
    return urlsplit(without_tracking(url) if "?" in url else url).query


@lru_cache(maxsize=URL_MEMO)
def _url_shape(url: str) -> tuple[str, str] | None:
    """(host, path without trailing slash) of a URL that may be an article, else None (memoised:
    the same links recur on every page of a site)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path or "/"
    if path in ("", "/") and not parts.query:
        return None
    if NON_ARTICLE_PATH.search(path) or NON_ARTICLE_QUERY.search(parts.query) or PERSON_PATH.match(path):
        return None
    if FILE_PATH.search(path):
        return None
    return parts.netloc.lower(), path.rstrip("/")


@lru_cache(maxsize=256)
def _page_key(page_url: str) -> tuple[str, str]:
    here = urlsplit(page_url)
    return here.netloc.lower(), (here.path or "/").rstrip("/")


#: Where a link to the home page leads: the site's root, or its index file ("/index.html").
HOME_PATHS = ("/index.", "/default.")
#: Elements whose links to the home page are a menu's items ("Home"), not the site's name.
MENU_ANCESTORS = frozenset({"nav", "li", "ol", "ul"})


def home_links(doc: etree._Element, origin: str, limit: int) -> list[etree._Element]:
    """The first ``limit`` links in the page's ``<body>`` (``doc``: the page) to its home page at
    ``origin`` ("https://host"), in page order, outside menus and lists."""
    homes = ("/", origin, f"{origin}/")
    starts = (*HOME_PATHS, *(origin + path for path in HOME_PATHS))
    found: list[etree._Element] = []
    for a in doc.iter("a"):
        href = a.get("href")
        if href is not None and (href in homes or href.startswith(starts)):
            above = {node.tag for node in a.iterancestors()}
            if "body" in above and above.isdisjoint(MENU_ANCESTORS):
                found.append(a)
                if len(found) == limit:
                    break
    return found


#: Elements that make an element holding one no menu (a layout wrapper).
CONTENT_TAGS = ("h1", "article", "main")
_TEXT_OUTSIDE_CODE = etree.XPath(".//text()[not(ancestor::style) and not(ancestor::script)]")


def navigation_urls(doc: etree._Element, base_url: str) -> set[str]:
    """URLs linked from the site's menus (sections and pages, not articles): navigation
    elements with at least MIN_MENU_LINKS links, outside any <article> (previous/next links
    inside a post are not a menu). An element that only its class calls a menu is none when it
    holds the page's headline, an <article> or <main> (a layout wrapper: Quarto's "page-navbar").
    Nor is a list of related pages drawn as navigation: an element named by a related-articles
    label or whose class or id says related, or the same of its parent (GOV.UK's ``<nav
    aria-labelledby>`` of "Related content" beside a press release, Chirpy's ``<aside
    id="related-posts"><h3>Further Reading</h3><nav>``, GOV.UK's "related-navigation" lists);
    inside the page's header or footer a menu is one whatever it is named ("More From WIRED")."""
    urls: set[str] = set()
    menus: set[etree._Element] = set()
    for el in doc.iter("nav", "ul", "div", "menu"):
        by_class = el.tag != "nav" and (el.get("role") or "").lower() != "navigation"
        if by_class and not ((cls := el.get("class")) and hint(MENU_CLASS, cls)):
            continue
        # inside an <article>: not a menu; inside a menu already read: its links are read (the
        # cheapest test first: each test only ever rules an element out)
        if any(a.tag == "article" or a in menus for a in el.iterancestors()):
            continue
        links = list(el.iterdescendants("a"))
        if len(links) < MIN_MENU_LINKS or (by_class and _holds_content(el)):
            continue
        if _related_area(el) and not any(a.tag in SITE_CHROME for a in el.iterancestors()):
            continue
        menus.add(el)
        for a in links:
            url = absolutize(a.get("href"), base_url)
            if url:
                urls.add(url)
    return urls


def _holds_content(el: etree._Element) -> bool:
    return next(el.iterdescendants(*CONTENT_TAGS), None) is not None


def _related_area(el: etree._Element) -> bool:
    """Whether ``el`` is named by a related-articles label, or, having no name of its own, is
    classed one or is the list of a parent named or classed one (a list named otherwise, "Explore
    the topic", is a menu wherever it stands)."""
    for node in (el, el.getparent()):
        if node is None:
            break
        name = _accessible_name(node)
        if name:
            return is_related_label(name)
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}".strip()
        if attrs and hint(RELATED_CONTAINER, attrs):
            return True
    return False


def _accessible_name(el: etree._Element) -> str | None:
    """``el``'s ``aria-label``, or the text of the element its ``aria-labelledby`` names."""
    name = el.get("aria-label")
    ref = el.get("aria-labelledby")
    if not name and ref:
        found = el.getroottree().getroot().xpath("//*[@id=$ref]", ref=ref.split()[0])
        name = text_of(found[0]) if found else None
    return name or None


def article_links(el: etree._Element, base_url: str, exclude: set[str] | frozenset[str] = frozenset()
                  ) -> list[RelatedLink]:
    """Article links inside ``el``: absolute, fragment-free, deduplicated, in page order. Links
    in ``exclude`` (menu links) and "more ..." links are left out."""
    found: dict[str, RelatedLink] = {}
    titled: set[str] = set()  # the URLs whose title is a link's text, not a picture's alt text
    for a in el.iter("a"):
        rel = a.get("rel")
        if rel and NON_ARTICLE_REL.intersection(rel.lower().split()):
            continue
        href = a.get("href")
        if href and SPONSORED_LINK.search(href):
            continue  # a paid link of a recommendation network beside the site's own
        url = absolutize(href, base_url)
        if url and "?" in url:
            url = without_tracking(url)  # "?relatedposts_hit=1&relatedposts_origin=…"
        if not url or url in exclude or not is_article_url(url, base_url):
            continue
        title = link_title(a)
        if title and (is_related_label(title) or _see_all(title)):
            continue  # "More from Cities", "See more", "See all articles": a section link, not an article
        from_text = bool(title)
        if not title:
            img = a.find(".//img")
            if img is not None and _avatar(a, img):
                continue  # a card's picture of its author links the author's page, not an article
            title = " ".join(((img.get("alt") or "") if img is not None else (a.get("title") or "")).split())
        if url not in found:
            found[url] = RelatedLink(url=url, title=title)
            if from_text:
                titled.add(url)
        elif title and (not found[url].title or (from_text and url not in titled)):
            found[url].title = title  # a card's headline link says more than its picture's alt text
            if from_text:
                titled.add(url)
    return _without_folders(list(found.values()))


def _without_folders(links: list[RelatedLink]) -> list[RelatedLink]:
    """``links`` without those named in a few words to the folder of another one: a card's
    section kicker ("Personal", "/bier/personal" above "/bier/personal/grupp-verlaesst-…") is no
    article (a guide's chapter below a guide that is one has a headline)."""
    if len(links) < 2:
        return links
    keys = sorted(_folder_key(link.url) for link in links)
    folders = {key for key, after in zip(keys, keys[1:], strict=False) if after.startswith(key)}
    if not folders:
        return links
    return [link for link in links if _folder_key(link.url) not in folders
            or not 0 < len((link.title or "").split()) <= MAX_KICKER_WORDS]


def _folder_key(url: str) -> str:
    shape = _url_shape(url)  # memoised, and already asked by is_article_url for every link here
    return f"{shape[0]}{shape[1]}/" if shape else url


def _avatar(a: etree._Element, img: etree._Element) -> bool:
    """Whether a link holding only a picture shows a person: an avatar or profile picture by the
    link's or the picture's class, the picture's alt text or its file."""
    hints = " ".join(v for v in (a.get("class"), img.get("class"), img.get("alt"), img.get("src")) if v)
    # one string per picture (its file differs from page to page): searched, not memoised
    return bool(hints) and AVATAR_HINT.search(hints.lower().replace(" ", "-")) is not None


def _see_all(title: str) -> bool:
    """Whether a link's text asks for the whole of a list ("See all articles", "View all"; a card's
    "Read more" links its article)."""
    return (len(title) <= MAX_MORE_LINK_CHARS and len(title.split()) <= MAX_MORE_LINK_WORDS
            and ALL_LINK.match(title) is not None)


def link_title(a: etree._Element) -> str:
    """The headline a link gives its article: the text of a heading inside the link (a card:
    picture, headline, date), else the link's text without the dates in it ("First frost
    <small>16 Apr 2023</small>")."""
    if not len(a):
        return text_of(a)
    heading = next(a.iter(*HEADINGS), None)
    if heading is not None:
        text = text_of(heading)
        if text:
            return text
    if next(a.iter("style", "script"), None) is not None:  # a related-posts plugin's styles in its card
        return " ".join("".join(_TEXT_OUTSIDE_CODE(a)).split())
    text = all_text(a)
    if not _DIGIT.search(text) and not any(child.tag == "time" for child in a):
        return " ".join(text.split())  # no date in it: the link's text as it is
    parts = [a.text or ""]
    for child in a:
        if isinstance(child.tag, str) and not _is_date_element(child):
            parts.append(all_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _is_date_element(el: etree._Element) -> bool:
    """A ``<time>``, or a short element whose whole text is a date."""
    if el.tag == "time":
        return True
    text = all_text(el)
    if len(text) > MAX_DATE_RAW_CHARS or not _DIGIT.search(text):
        return False
    text = " ".join(text.split())
    if not text or len(text) - text.count(" ") > MAX_DATE_CHARS:  # letters, as short_text counts
        return False
    text = in_english(text).strip()
    span = date_span(text)
    return span is not None and span[1] - span[0] >= len(text) - 2
