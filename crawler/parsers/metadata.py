"""Everything about an article that is not its body, from one parsed page.

``extract_metadata(doc, url)`` reads the tree and never modifies it: one pass over the head-ish
elements for meta/link tags and JSON-LD (``structured``), one walk over the body that files away
headline, byline, date, summary and taxonomy candidates (``domindex``), then look-ups on those
small lists. Call it before anything strips or rewrites the tree.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..kernel.dates import day_first, find_date, other_reading, parse_date, writes_day_first
from ..kernel.model import Author, Metadata
from .boilerplate import is_date_line
from .boilerplate_words import UPDATED_WORDS
from .byline import byline_elements, extract_authors
from .document import all_text, is_inside
from .domindex import DATE, DomIndex
from .structured import StructuredData, collect, node_types
from .summary import HEADER_LEVELS, ancestor, header_excerpt, summary
from .taxonomy import extract_keywords, extract_taxonomy
from .titles import clean_text, extract_title, find_headline, home_link_site_name, site_name_candidates

PUBLISHED_META = (
    "article:published_time", "article:published", "og:article:published_time", "og:published_time",
    "datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
    "dc.date.created", "date", "pubdate", "publish-date", "publish_date", "publishdate", "published_time",
    "publication_date", "sailthru.date", "parsely-pub-date", "article.published", "og:pubdate",
    "citation_publication_date", "citation_date", "prism.publicationdate", "displaydate",
)
UPDATED_META = (
    "article:modified_time", "og:updated_time", "article:updated_time", "og:article:modified_time",
    "datemodified", "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "modified",
    "article.updated", "revised",
)
DESCRIPTION_META = ("description", "og:description", "twitter:description", "dc.description",
                    "dcterms.description")
IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
LANGUAGE_META = ("og:locale", "content-language", "language", "dc.language", "dcterms.language")

SCOPE_XPATH = (
    "//*[@itemscope][contains(@itemtype,'Article') or contains(@itemtype,'BlogPosting')] | //*[@role='main']"
)
PUBLISHED_HINT = re.compile(r"publish|posted|created|pubdate|entry-date|post-date|article-date|dt-published")
UPDATED_HINT = re.compile(r"updated|modified|revised|dt-updated")
AVATAR_HINT = re.compile(r"avatar|gravatar|author|profile|headshot|user-?pic|portrait", re.I)
MAX_DATE_TEXT_CHARS = 200
MAX_TEASER_CHARS = 500  # an <article> without the headline and this short is a teaser card
#: Images that never make a thumbnail: icons, logos, formulas, sprites, spacers, badges, emoji.
NOT_A_PICTURE = re.compile(
    r"(?<![a-z])(?:fav)?(?:icon|logo|sprite|spacer|pixel|blank|badge|emoji|button|banner)s?(?![a-z])|"
    r"/math/|[-_.]svg\.png")
MIN_THUMBNAIL_PX = 100  # a declared width or height below this is an icon, not a picture
#: The word before an update date in a byline ("Updated 15 May 2024"), in the usual languages.
UPDATED_WORD = re.compile(rf"\b(?:last\s+)?(?:{UPDATED_WORDS})\b", re.I)
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
    if not site_names:
        home = home_link_site_name(doc, url, clean_text(sd.title_tag))
        site_names = [home] if home else []
    headline = find_headline(index, sd, scope)
    index.protect(headline[0])
    title, title_site = extract_title(sd, headline, site_names)
    site_name = site_names[0] if site_names else clean_text(title_site)
    names_for_authors = site_names + ([title_site] if title_site else [])
    authors = extract_authors(index, sd, names_for_authors, scope, headline[0])
    language = _language(sd)
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
    articles = [a for a in index.articles if not _has_ancestor(a, "article")]
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
    found = doc.xpath(SCOPE_XPATH)
    return found[0] if found else None


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


def extract_dates(index: DomIndex, sd: StructuredData, scope: lxml_html.HtmlElement | None,
                  headline: lxml_html.HtmlElement | None = None) -> tuple[datetime | None, datetime | None]:
    """(published, updated); an updated date earlier than the published one is dropped."""
    ld = sd.jsonld
    published, declared = _first_date_of(
        [ld.article_value("datePublished", "dateCreated", "uploadDate")],
        sd.every(*PUBLISHED_META[:4]), sd.item_values("datePublished"), sd.every(*PUBLISHED_META[4:]),
    )
    other = other_reading(declared) if declared else None
    if other is not None and published is not None and _shows_other_day(index, scope, headline, other):
        published = other  # "11/01/2023" in the meta, "01.11.2023" on the page
    updated, declared_update = _first_date_of(
        [ld.article_value("dateModified")], sd.every(*UPDATED_META[:4]), sd.item_values("dateModified"),
        sd.every(*UPDATED_META[4:]),
    )
    if published is other and other is not None and declared_update:
        updated = other_reading(declared_update) or updated  # written in the same order
    declared_utc = published is not None and _in_utc(published)
    if published is None or updated is None or _refinable(published):
        time_pub, time_upd = _time_elements(index, scope)
        published = _shown(published, time_pub) if published else time_pub
        updated = updated or time_upd
    if published is None or updated is None or _refinable(published):
        near_published, near_updated = _dates_near_byline(index, scope, headline)
        published = _shown(published, near_published) if published else near_published
        updated = updated or near_updated
    if published is None:
        published = _published_line(index, scope)
    if published is not None and _in_utc(published):
        published = _shown_in_times(index, published)
    if declared_utc and published is not None and published.utcoffset() and updated is not None \
            and _in_utc(updated):
        updated = updated.astimezone(published.tzinfo)  # declared in UTC too: in the zone the page shows
    if (published is not None and updated is not None and updated.tzinfo is None and not _date_only(updated)
            and published.utcoffset()):
        updated = updated.replace(tzinfo=published.tzinfo)  # a local time, shown as the page's zone has it
    if published is not None and updated is not None and (
            updated.date() < published.date() if _date_only(updated)  # a day: the same day is no earlier
            else _comparable(updated) < _comparable(published)):
        updated = None
    return published, updated


#: The elements after the headline looked at for a date of their own, and their longest text.
_AFTER_HEADLINE = etree.XPath("following::*[position() <= 24]")
MAX_DATE_HOPS = 8  # block elements after the headline looked at for the published date
#: Elements inside a line, not counted as hops.
INLINE_HOPS = frozenset({"a", "span", "img", "b", "i", "em", "strong", "br", "svg", "path", "small",
                         "picture", "source"})
MAX_UPDATE_HOPS = 6  # and after the published date's element, for an updated line of its own
MAX_DATE_LINE_CHARS = 60


def _shows_other_day(index: DomIndex, scope: lxml_html.HtmlElement | None,
                     headline: lxml_html.HtmlElement | None, other: datetime) -> bool:
    """Whether the page shows the day of ``other`` (the other reading of an ambiguous declared
    date): a date near the headline or a ``<time>`` on that day, or the day written out in an
    order that reads one way only ("01.11.2023", "2023-11-01") anywhere in the page's text."""
    shown = _time_elements(index, scope)[0] or _dates_near_byline(index, scope, headline)[0]
    if shown is not None:
        return shown.date() == other.date()
    day, month, year = other.day, other.month, other.year
    written = re.compile(rf"(?<![\d.])0?{day}\.0?{month}\.{year}(?!\d)"
                         rf"|(?<!\d){year}-{month:02d}-{day:02d}(?!\d)")
    return bool(index.elements) and written.search(all_text(index.elements[0])) is not None


def _first_date_of(*groups: list[Any]) -> tuple[datetime | None, str | None]:
    """The first value of the groups that is a date, and the text it was read from."""
    for group in groups:
        for value in group:
            if isinstance(value, list):
                value = value[0] if value else None
            dt = parse_date(value) if isinstance(value, str) else None
            if dt is not None:
                return dt, value
    return None, None


SHOWN_MINUTE = 60  # seconds


def _date_only(dt: datetime) -> bool:
    """A date declared without a time of day (``2024-03-12``: midnight, no zone)."""
    return dt.tzinfo is None and not (dt.hour or dt.minute or dt.second)


def _refinable(dt: datetime) -> bool:
    """A declared date the page may show more exactly: without a time, or in UTC (the page's own
    zone may be on a ``<time>``)."""
    return _date_only(dt) or _in_utc(dt)


def _in_utc(dt: datetime) -> bool:
    return dt.tzinfo is not None and not dt.utcoffset()


#: The zone offsets a page's local time can have (seconds; every zone is a whole quarter hour off UTC).
MIN_ZONE_OFFSET, MAX_ZONE_OFFSET, ZONE_STEP = -12 * 3600, 14 * 3600, 900
MAX_SHOWN_TIMES = 10  # <time> elements whose text is read for the page's own zone
_CLOCK = re.compile(r"\d(?:[:.]|h(?=\d\d))\d\d")  # a time of day in a text ("9:15", "09.15", "07h30")


def _shown(declared: datetime, shown: datetime | None) -> datetime:
    """The date the page shows instead of the one it declares when both are the same: the same day
    with its time (the declaration gave none), or the same instant in the page's own zone (the
    declaration gave UTC; the page shows a zone, or a local time a whole zone offset away)."""
    if shown is None:
        return declared
    if _date_only(declared):
        timed = bool(shown.hour or shown.minute or shown.second)
        return shown if timed and shown.date() == declared.date() else declared
    if not _in_utc(declared):
        return declared
    if shown.tzinfo is not None:
        if shown.utcoffset() and abs((shown - declared).total_seconds()) < SHOWN_MINUTE:
            return shown  # a time shown to the minute is the declared one without its seconds
        return declared
    if not (shown.hour or shown.minute):
        return declared  # a day without a time says nothing of the zone
    seconds = (shown - declared.replace(tzinfo=None)).total_seconds()
    offset = round(seconds / ZONE_STEP) * ZONE_STEP
    if offset and MIN_ZONE_OFFSET <= offset <= MAX_ZONE_OFFSET and abs(seconds - offset) < SHOWN_MINUTE:
        return declared.astimezone(timezone(timedelta(seconds=offset)))  # "07h30" of 10:30Z: UTC-3
    return declared


def _shown_in_times(index: DomIndex, declared: datetime) -> datetime:
    """``declared`` (in UTC) in the zone of the local time a ``<time>`` element shows as its text
    while its ``datetime`` says UTC ("<time datetime='…T10:30Z'>14/05/2024 07h30</time>")."""
    for el in index.times[:MAX_SHOWN_TIMES]:
        text = el.text_content()
        if len(text) > MAX_DATE_TEXT_CHARS or not _CLOCK.search(text) or index.excluded(el):
            continue  # a text without a time of day says nothing of the zone
        shown = _shown(declared, find_date(text))
        if shown is not declared:
            return shown
    return declared


def _comparable(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def _dated_elements(index: DomIndex) -> list[tuple[lxml_html.HtmlElement, str]]:
    """``<time>`` elements with their dates, then date-ish elements whose ``title`` holds an ISO
    date (a "timeago" script shows "about 2 hours ago" and keeps the date there)."""
    found = [(el, el.get("datetime") or el.get("pubdate") or el.text_content()) for el in index.times]
    for el in index.with_hint(DATE):
        title = el.get("title")
        if title and el.tag != "time" and _ISO_DATE.match(title):
            found.append((el, title))
    return found


_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _time_elements(index: DomIndex,
                   scope: lxml_html.HtmlElement | None) -> tuple[datetime | None, datetime | None]:
    published: tuple[int, datetime] | None = None
    updated: datetime | None = None
    for el, value in _dated_elements(index):
        if index.excluded(el):
            continue
        dt = parse_date(value)
        if dt is None:
            continue
        hints = " ".join(_attr_chain(el)).lower()
        if UPDATED_HINT.search(hints) and not PUBLISHED_HINT.search(hints):
            updated = updated or dt
            continue
        rank = (0 if PUBLISHED_HINT.search(hints) or el.get("pubdate") is not None else 1) + (
            0 if scope is None or is_inside(el, scope) else 2)
        if published is None or rank < published[0]:
            published = (rank, dt)
    return (published[1] if published else None), updated


def _published_line(index: DomIndex, scope: lxml_html.HtmlElement | None) -> datetime | None:
    """The date of the article's own short element whose class says published date, wherever it
    stands in the article (a blog theme writes it under the text: Tumblr's "post-date"); the
    last resort when nothing else dates the page."""
    for el in index.with_hint(DATE):
        if scope is not None and not is_inside(el, scope):
            continue
        hints = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if not PUBLISHED_HINT.search(hints) or index.excluded(el):
            continue
        text = all_text(el)
        if len(text) <= MAX_DATE_TEXT_CHARS:
            found = find_date(text)
            if found is not None:
                return found
    return None


def _dates_near_byline(index: DomIndex, scope: lxml_html.HtmlElement | None,
                       headline: lxml_html.HtmlElement | None) -> tuple[datetime | None, datetime | None]:
    """(published, updated) written in a byline, or in a date-ish element of the headline's header
    block: "Published 14 May 2024, 08:30 · Updated 15 May 2024, 10:05"."""
    header = ancestor(headline, HEADER_LEVELS) if headline is not None else None
    candidates = [el for el, _ in byline_elements(index)]
    if header is not None:
        candidates += [el for el in index.with_hint(DATE) if is_inside(el, header)]
    published = updated = None
    for el in candidates:
        if scope is not None and not is_inside(el, scope):
            continue
        text = " ".join(" ".join(el.itertext()).split())  # "Jane Doe<br>14 May": two words apart
        if not text or len(text) > MAX_DATE_TEXT_CHARS or index.excluded(el):
            continue
        mark = UPDATED_WORD.search(text)
        before, after = (text[:mark.start()], text[mark.end():]) if mark else (text, "")
        published = published or find_date(before)
        updated = updated or (find_date(after) if after else None)
        if published is not None and updated is not None:
            break
    if published is None and headline is not None:
        published, below = _date_under_headline(headline, index, scope)
        updated = updated or below
    return published, updated


def _date_under_headline(headline: lxml_html.HtmlElement, index: DomIndex, scope: lxml_html.HtmlElement | None
                         ) -> tuple[datetime | None, datetime | None]:
    """(published, updated) of an element right after the headline whose whole text is a date
    ("June 08, 2023" in a ``<p>`` of its own, no class or ``<time>`` to say so; "Publicerad 14 maj
    2024 kl. 06.00 Uppdaterad 14 maj 2024 kl. 09.14"), when nothing else dates the page."""
    published = None
    last = MAX_DATE_HOPS
    hops = 0
    if scope is not None and not is_inside(headline, scope):
        scope = None  # the headline stands above the article's element: so may its date line
    for el in _AFTER_HEADLINE(headline):
        if el.tag not in INLINE_HOPS:  # a byline row's links, pictures and separators: one block
            hops += 1
        if hops > last:
            break
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style") or len(el) > 2:
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if not text or len(text) > MAX_DATE_LINE_CHARS or not is_date_line(text):
            continue
        if index.excluded_itself(el) or (scope is not None and not is_inside(el, scope)):
            continue
        mark = UPDATED_WORD.search(text)
        if published is not None:  # a line of its own that says updated, after the published one
            if mark is not None and not text[:mark.start()].strip():
                return published, find_date(text[mark.end():])
            continue
        if mark is None:
            published = find_date(text)
            last = hops + MAX_UPDATE_HOPS
            continue
        return find_date(text[:mark.start()]), find_date(text[mark.end():])
    return published, None


def _attr_chain(el: lxml_html.HtmlElement, levels: int = 2) -> list[str]:
    out: list[str] = []
    node = el
    for _ in range(levels + 1):
        if node is None:
            break
        out.extend(filter(None, (node.get("class"), node.get("id"), node.get("itemprop"))))
        node = node.getparent()
    return out



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


def _page_type(sd: StructuredData) -> str | None:
    og_type = sd.first("og:type")
    if og_type:
        return og_type.strip().lower()
    if sd.jsonld.article:
        types = sorted(node_types(sd.jsonld.article))
        return types[0] if types else None
    return None
