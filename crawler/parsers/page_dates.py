"""The dates of an article: published and updated, from the page's declarations (meta tags,
JSON-LD) and from what it shows (``<time>`` elements, date-ish classes, the date line under the
headline or beside the byline), with the time zone the page writes its times in."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from itertools import islice
from typing import Any

from lxml import html as lxml_html

from ..kernel.dates import CLOCK, find_date, other_reading, parse_date
from .boilerplate import is_date_line
from .boilerplate_words import UPDATED_WORDS
from .byline import byline_elements
from .document import all_text, is_inside
from .domindex import DATE, DomIndex
from .lead import following
from .structured import StructuredData
from .summary import HEADER_LEVELS, ancestor

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
PUBLISHED_HINT = re.compile(r"publish|posted|created|pubdate|entry-date|post-date|article-date|dt-published")
UPDATED_HINT = re.compile(r"updated|modified|revised|dt-updated")
MAX_DATE_TEXT_CHARS = 200
#: The word before an update date in a byline ("Updated 15 May 2024"), in the usual languages.
UPDATED_WORD = re.compile(rf"\b(?:last\s+)?(?:{UPDATED_WORDS})\b", re.I)


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
    if published is None:
        published = _only_time(index)
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
MAX_AFTER_HEADLINE = 24
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


#: Classes of the box around a post's own metadata (looked at up to this many levels above a lone
#: ``<time>``).
POST_META = re.compile(r"(?<![a-z])(?:post|entry|article)[-_]*(?:meta|info|details|header)")
POST_META_LEVELS = 6


def _only_time(index: DomIndex) -> datetime | None:
    """The date of the page's one ``<time>`` element when nothing else dates the page and the
    list or box around it says it holds the post's metadata, wherever that stands (MkDocs
    Material's blog shows a post's date in its navigation sidebar only); a comment's date is none."""
    if len(index.times) != 1:
        return None
    el = index.times[0]
    chain = " ".join(_attr_chain(el, POST_META_LEVELS)).lower()
    if not POST_META.search(chain) or "comment" in chain:
        return None
    return parse_date(el.get("datetime") or el.get("pubdate") or el.text_content())


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
        if len(text) > MAX_DATE_TEXT_CHARS or not CLOCK.search(text) or index.excluded(el):
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
        candidates += [el for el in index.with_hint(DATE) if is_inside(el, header) and not _fact_cell(el)]
    published = updated = None
    for el in candidates:
        if scope is not None and not is_inside(el, scope):
            continue
        text = " ".join(" ".join(el.itertext()).split())  # "Jane Doe<br>14 May": two words apart
        if not text or len(text) > MAX_DATE_TEXT_CHARS or index.excluded(el):
            continue
        mark = UPDATED_WORD.search(text)
        before, after = (text[:mark.start()], text[mark.end():]) if mark else (text, "")
        published = published or find_date(before) or (None if mark else _date_of_pieces(el))
        updated = updated or (find_date(after) if after else None)
        if published is not None and updated is not None:
            break
    if published is None and headline is not None:
        published, below = _date_under_headline(headline, index, scope)
        updated = updated or below
    return published, updated


#: A label that says a table row's date is the page's ("Date", "Published", "Datum", "Fecha").
DATE_LABEL = re.compile(r"date|dated|published|posted|datum|fecha|data|päiväys|tarih", re.I)


def _fact_cell(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is the value of a labelled row of a fact box (a wiki's infobox: "Initial
    release | 14 March 2016"; a definition list), whose label is not the page's date."""
    if el.tag in ("td", "tr"):
        row = el.getparent() if el.tag == "td" else el
        label = next((c for c in row if c.tag == "th"), None) if row is not None else None
    elif el.tag == "dd":
        label = el.getprevious()
        label = label if label is not None and label.tag == "dt" else None
    else:
        return False
    return label is not None and not DATE_LABEL.search(all_text(label))


def _date_of_pieces(el: lxml_html.HtmlElement) -> datetime | None:
    """The date an element writes in pieces of markup that touch ("<a>2010</a>-<a>11</a>-<a>21</a>":
    a journal's links to its archive of the year, the month and the day)."""
    if len(el) < 2:
        return None
    tight = " ".join("".join(el.itertext()).split())
    return find_date(tight) if tight else None


def _date_under_headline(headline: lxml_html.HtmlElement, index: DomIndex, scope: lxml_html.HtmlElement | None
                         ) -> tuple[datetime | None, datetime | None]:
    """(published, updated) of an element right after the headline whose whole text is a date
    ("June 08, 2023" in a ``<p>`` of its own, no class or ``<time>`` to say so; "Publicerad 14 maj
    2024 kl. 06.00 Uppdaterad 14 maj 2024 kl. 09.14"), when nothing else dates the page."""
    published = updated_first = None
    last = MAX_DATE_HOPS
    hops = 0
    if scope is not None and not is_inside(headline, scope):
        scope = None  # the headline stands above the article's element: so may its date line
    for el in islice(following(headline), MAX_AFTER_HEADLINE):
        if el.tag not in INLINE_HOPS:  # a byline row's links, pictures and separators: one block
            hops += 1
        if hops > last:
            break
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style") or len(el) > 2:
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if not text or len(text) > MAX_DATE_LINE_CHARS or not is_date_line(text):
            # a byline and a date line set apart by <br> ("By X, Correspondent<br>Posted: 17 Sep 2024")
            text = next((line for line in _br_lines(el) if is_date_line(line)), "")
            if not text:
                continue
        if index.excluded_itself(el) or (scope is not None and not is_inside(el, scope)) or _fact_cell(el):
            continue
        mark = UPDATED_WORD.search(text)
        if published is not None:  # a line of its own that says updated, after the published one
            if mark is not None and not text[:mark.start()].strip():
                return published, find_date(text[mark.end():])
            continue
        if mark is None:
            published = find_date(text)
            if updated_first is not None:
                return published, updated_first
            last = hops + MAX_UPDATE_HOPS
            continue
        if not text[:mark.start()].strip() and updated_first is None:
            # an update line of its own before the published one ("Updated 12:40 AM EDT, Tue July
            # 22, 2025" above "Published 10:15 PM EDT, Mon July 21, 2025")
            updated_first = find_date(text[mark.end():])
            last = hops + MAX_UPDATE_HOPS
            continue
        return find_date(text[:mark.start()]), find_date(text[mark.end():])
    return published, updated_first


def _br_lines(el: lxml_html.HtmlElement) -> list[str]:
    """The lines of a short element its ``<br>`` children set apart, white space collapsed; []
    when it has none."""
    if el.find("br") is None:
        return []
    lines: list[list[str]] = [[el.text or ""]]
    for child in el:
        if child.tag == "br":
            lines.append([])
        elif isinstance(child.tag, str):
            lines[-1].append(" ".join(child.itertext()))
        lines[-1].append(child.tail or "")
    return [line for line in (" ".join(" ".join(parts).split()) for parts in lines) if line]


def _attr_chain(el: lxml_html.HtmlElement, levels: int = 2) -> list[str]:
    out: list[str] = []
    node = el
    for _ in range(levels + 1):
        if node is None:
            break
        out.extend(filter(None, (node.get("class"), node.get("id"), node.get("itemprop"))))
        node = node.getparent()
    return out
