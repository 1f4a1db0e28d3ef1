"""The sections a page's breadcrumb trail puts it in ("Home › Economy › Markets › this article").

News sites in many languages name an article's section only there: no ``article:section``, no
category link. The trail is read from JSON-LD's ``BreadcrumbList`` when the page declares one,
else from the first element whose class, id or ``aria-label`` says breadcrumb (or whose microdata
type is ``BreadcrumbList``), else from a trail written out before the headline without any of
these: a few links from the site's root on, set apart by "›", "»", ">", "/" or "→" and nothing else
(a menu's "|" or "·" is no trail's). The home page and the page itself are no sections: an item linking
the site's root or this page, an item without a link at the trail's end, the page's title, the
home words of many languages, a host name, a date, "back", a pager's and a share button's words
are left out; what remains, at most :data:`MAX_SECTIONS`, are categories when nothing else names
them (:func:`.taxonomy.extract_taxonomy`). A "trail" of more than :data:`MAX_TRAIL_ITEMS` links
is a menu.
"""

from __future__ import annotations

import html
import re
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..kernel.dates import date_span
from ..kernel.urls import canonicalize
from .document import all_text
from .structured import StructuredData, node_types

MAX_SECTIONS = 3
#: "Home" in the languages the parser reads.
HOME_WORDS = frozenset({
    "home", "homepage", "home page", "start", "startseite", "accueil", "inicio", "início", "portada",
    "главная", "головна", "αρχική", "ראשי", "דף הבית", "خانه", "صفحه اصلی", "صفحه نخست", "الرئيسية",
    "trang chủ", "басты бет", "башкы бет", "bosh sahifa", "ana səhifə", "kryefaqja", "forsíða", "laman utama",
    "beranda", "หน้าแรก", "acasă", "acasa", "főoldal", "forside", "hjem", "hem", "startsida", "startside",
    "etusivu", "strona główna",
    "úvod", "anasayfa", "ana sayfa", "হোম", "প্রচ্ছদ", "होम", "首页", "首頁", "ホーム", "홈", "news home",
})
#: Words of an item that is the way home or back, a pager or a tool, not a section ("home" is
#: none of them: "Home" alone or "WebMD Home" is the way home, "Home Improvement" a section).
NOT_SECTION_WORDS = frozenset({
    "startseite", "homepage", "zurück", "back", "previous", "next", "vorheriges", "nächstes",
    "vorherige", "nächste", "retour", "volver", "indietro", "teilen", "tweeten", "share", "tweet",
    "suche", "search", "print", "drucken", "navigation", "detail", "details", "overview", "übersicht",
    "all", "alle",
})
_WORD = re.compile(r"\w+")
#: An item that is a host name ("caritas.de", "MDR.DE": the site itself) or only a date or number.
_HOST_OR_NUMBER = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)+|[\d\s/.:-]+)$")
#: More links than this make a menu, not a trail.
MAX_TRAIL_ITEMS = 8
#: Words an item must have to be the page's own title left in the trail.
MIN_TITLE_WORDS = 3
#: What stands between the items of a trail written out, and what of them may stand there: only
#: separators, and the page's own title after the last link.
TRAIL_SEPARATORS = "›»>/→"
_TRAIL_GLUE = re.compile(rf"^[\s{TRAIL_SEPARATORS}]*[{TRAIL_SEPARATORS}][\s{TRAIL_SEPARATORS}]*"
                         rf"(?:[^{TRAIL_SEPARATORS}]{{1,150}})?$")
#: Where a trail without a name is looked for: the headline and this many elements around it, and
#: this many elements before each of them.
TRAIL_LEVELS, TRAIL_SIBLINGS = 3, 3
MAX_TRAIL_CHARS = 300


def breadcrumb_sections(sd: StructuredData, trails: list[etree._Element],
                        headline: etree._Element | None = None) -> list[str]:
    """The section names of the page's breadcrumb trail, outermost first. ``trails``: the elements
    that say they hold one, in page order (:attr:`.domindex.DomIndex.trails`); ``headline``: the
    page's headline, before which a trail without a name is looked for."""
    items = _declared_items(sd)
    if not items:
        trail = trails[0] if trails else unnamed_trail(headline, sd.base_url)
        if trail is None:
            return []
        items = _element_items(trail, sd.base_url)
    if len(items) > MAX_TRAIL_ITEMS:
        return []
    titles = [t.casefold() for t in (sd.title_tag, sd.first("og:title")) if t]
    sites = {" ".join(n.split()).casefold()
             for n in (sd.first("og:site_name"), sd.first("application-name")) if n}
    if items and " ".join(items[0][0].split()).casefold() in sites:
        items = items[1:]  # the trail opens with the site's name: its home page
    return _sections(items, sd.url, titles)


def _declared_items(sd: StructuredData) -> list[tuple[str, str | None]]:
    for node in sd.jsonld.nodes:
        if "breadcrumblist" not in node_types(node):
            continue
        elements = node.get("itemListElement")
        if not isinstance(elements, list):
            continue
        ranked = []
        for n, element in enumerate(elements):
            element = sd.jsonld.resolve(element)
            if not isinstance(element, dict):
                continue
            item = sd.jsonld.resolve(element.get("item"))
            name = element.get("name") or (item.get("name") if isinstance(item, dict) else None)
            url = (item.get("@id") or item.get("url")) if isinstance(item, dict) else item
            position = element.get("position")
            rank = position if isinstance(position, int | float) else n
            if isinstance(name, str):  # sites escape their JSON-LD's names as HTML ("Essen &amp; Trinken")
                ranked.append((rank, html.unescape(name), url if isinstance(url, str) else None))
        if ranked:
            return [(name, url) for _, name, url in sorted(ranked, key=lambda r: r[0])]
    return []


def unnamed_trail(headline: etree._Element | None, base_url: str) -> etree._Element | None:
    """The nearest element before the headline (or before the elements around it, or among the
    last children of one of those) that is a trail written out: two to :data:`MAX_TRAIL_ITEMS`
    links with words, the first to the site's root or home, between them only trail separators,
    and after them at most the page's title, not a date ("<a>Ana Sayfa</a> › <a>Ekonomi</a> ›
    <a>Emlak</a>"; a byline "<a><img></a> / <a>Jane Roe</a> / 10:08 am" is none)."""
    node = headline
    for _ in range(TRAIL_LEVELS):
        if node is None or node.tag in ("body", "html"):
            return None
        for before in islice(node.itersiblings(preceding=True), TRAIL_SIBLINGS):
            if not isinstance(before.tag, str):
                continue
            # the element before, or one of its children (a header of a logo, the trail, a search box)
            inside = [c for c in islice(reversed(before), TRAIL_SIBLINGS) if isinstance(c.tag, str)]
            found = next((el for el in (before, *inside) if _written_trail(el, base_url)), None)
            if found is not None:
                return found
        node = node.getparent()
    return None


def _written_trail(el: etree._Element, base_url: str) -> bool:
    text = all_text(el)
    if len(text) > MAX_TRAIL_CHARS or not any(c in text for c in TRAIL_SEPARATORS):
        return False
    links = [a for a in el.iter("a") if a.get("href")]
    if not 2 <= len(links) <= MAX_TRAIL_ITEMS:
        return False
    names = [all_text(a) for a in links]
    if not all(name.strip() for name in names):
        return False  # a logo or an icon is no section
    if not _is_root(urljoin(base_url, links[0].get("href", "").strip())) and \
            " ".join(names[0].split()).casefold() not in HOME_WORDS:
        return False
    outside = text
    for name in names:
        outside = outside.replace(name, " ", 1)
    pos = 0
    for n, name in enumerate(names):  # a separator between every two links: "Home > News | Print" is none
        at = text.find(name, pos)
        if at < 0 or (n and not any(c in text[pos:at] for c in TRAIL_SEPARATORS)):
            return False
        pos = at + len(name)
    return bool(_TRAIL_GLUE.match(outside)) and date_span(outside) is None


def _element_items(trail: etree._Element, base_url: str) -> list[tuple[str, str | None]]:
    items: list[tuple[str, str | None]] = [
        (all_text(a), urljoin(base_url, a.get("href", "").strip())) for a in trail.iter("a") if a.get("href")]
    # the page itself ends most trails as plain text after the last link
    last = next((t for t in reversed(list(trail.itertext())) if t.strip()), None)
    if items and last is not None and " ".join(last.split()) != " ".join(items[-1][0].split()):
        items.append((last, None))
    return items


def _sections(items: list[tuple[str, str | None]], page_url: str, titles: list[str]) -> list[str]:
    found: list[str] = []
    for n, (name, url) in enumerate(items):
        name = " ".join(name.split()).strip(" ›»‹«<>/|·•[]")
        folded = name.casefold()
        if not name or folded in HOME_WORDS or folded.endswith(" home") or _HOST_OR_NUMBER.match(name):
            continue  # "WebMD Home": the site's home page
        if NOT_SECTION_WORDS.intersection(_WORD.findall(folded)):
            continue
        if len(name.split()) >= MIN_TITLE_WORDS and any(folded in t for t in titles):
            continue  # the article's own title, linked
        if url is None:
            if n == len(items) - 1:
                continue  # the page itself, not linked
        elif _is_root(url) or _same_page(url, page_url):
            continue
        found.append(name)
    return found[:MAX_SECTIONS]


def _is_root(url: str) -> bool:
    try:
        return urlsplit(canonicalize(url)).path == "/"
    except ValueError:
        return False


def _same_page(url: str, page_url: str) -> bool:
    try:
        return canonicalize(url) == canonicalize(page_url)
    except ValueError:
        return False
