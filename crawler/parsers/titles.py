"""The article title and the site name, with site-name prefixes/suffixes removed from titles.

A segment ("… | Site", "… - Site", "Site — …", "Site: …") is removed only when it names the site:
it equals og:site_name / a JSON-LD publisher or WebSite name / application-name, it spells the host
name ("NYTimes.com", "The Verge" on theverge.com), or it is what <title> adds to og:title.
"Batman - The Dark Knight" therefore stays whole.
"""

from __future__ import annotations

import html
import re
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from .article_links import home_links
from .breadcrumbs import NOT_SECTION_WORDS
from .document import DENSE_SCRIPT, collapse_space, is_inside
from .domindex import HEADLINE, DomIndex
from .markdown import without_permalink_marks
from .names import norm_key
from .related_labels import short_text
from .structured import StructuredData

#: The most words a site's name left after the headline in every title may have.
MAX_TAIL_WORDS = 4
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»«›‹~/│┃‖¦⋅∙・]|::|\\\\)\s+|\s*[|｜│]\s*"
                             # Chinese portals' "headline_channel_site": an underscore between Han
                             r"|(?<=[\u3400-\u9fff」』”）])_(?=[\u3400-\u9fff])")
SITE_PREFIX = re.compile(r"^([^:|]{2,60}?)\s*[:|]\s+")
#: A "name" that is an address: some systems fill og:site_name with the site's URL.
URL_NAME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
STRUCTURED_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "dc:title", "dcterms.title",
                         "parsely-title")
SITE_NAME_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
SECOND_LEVEL_LABELS = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"})
MAX_STRIPS = 2
MAX_HOME_LINKS = 10  # links to the home page whose text is compared with <title>'s ends
#: Links to the home page outside menus and lists (a menu's "Home" or "News" item is no site name).
#: An old site's home page may be its index file ("/index.html").
_HOME_FILES = ("index.html", "index.htm", "index.php", "index.shtml", "index.asp", "index.cfm", "index.jsp",
               "default.aspx", "default.asp", "default.htm")
#: The titles of the page's feeds (a site's feed is titled with its name: "Quiet Kilowatts",
#: "Quiet Kilowatts » Feed", "Quiet Kilowatts Atom Feed"), and what is cut off their ends.
_FEED_TITLES = etree.XPath("//head/link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
                           "[contains(@type, 'rss') or contains(@type, 'atom')]/@title", smart_strings=False)
FEED_SUFFIX = re.compile(r"(?:\s*[»|:–—-])?\s*(?:(?:rss|atom)(?:\s*[\d.]+)?\s+)?(?:feed|rss|atom)\s*$", re.I)
MAX_FEEDS = 5
HEADLINE_TAGS = frozenset({"h1", "h2"})
#: Elements a headline sets its kicker in.
KICKER_TAGS = frozenset({"span", "small", "strong", "b", "em", "div", "p"})
#: Elements a page without an <h1> writes its headline in, how many of them are read, and the
#: words a part of the <title> needs to be taken for the headline.
WRITTEN_HEADLINE_TAGS = ("h2", "h3", "b", "strong", "font")
MAX_WRITTEN_HEADLINES = 200
MIN_HEADLINE_WORDS = 3
MAX_LOGO_NAME_CHARS = 60
GENERIC_LOGO_NAMES = frozenset({"logo", "home", "homepage", "sitelogo", "header"})
_WORD = re.compile(r"\w+")
MAX_OVERLINE_WORDS = 8  # words of a kicker shown above a headline
#: The elements just before a headline, where its kicker stands.
_PRECEDING = etree.XPath("preceding::*[position() <= 6]")
MAX_LOGO_IMAGES = 10  # the first pictures of a page, among which a logo is
LOGO_LINK_LEVELS = 3  # elements between a logo and its link home


def clean_text(text: str | None) -> str | None:
    """Entity-unescaped, whitespace-normalised text (None when empty)."""
    if not text:
        return None
    if "&" in text:
        text = html.unescape(text)
    text = collapse_space(text)
    return text or None


def host_keys(url: str) -> set[str]:
    """Comparison keys a site-name segment may take from the host: "nytimes", "nytimescom", "betanews"."""
    host = (urlsplit(url).hostname or "").lower()
    labels = [lab for lab in host.split(".") if lab and lab != "www"]
    if len(labels) < 2:
        return {norm_key(host)} if host else set()
    tld = labels.pop()
    if len(labels) > 1 and labels[-1] in SECOND_LEVEL_LABELS:
        tld = labels.pop() + tld
    keys: set[str] = set()
    for start in range(len(labels)):
        core = "".join(labels[start:])
        keys.update({norm_key(core), norm_key(core + tld)})
    return {k for k in keys if len(k) >= 3}


def site_name_candidates(sd: StructuredData) -> list[str]:
    """Names the page gives itself: og:site_name, JSON-LD publisher/WebSite, application-name; an
    address in their place ("https://www.kvtr7.com") names nothing."""
    names: list[str] = []
    first = sd.first("og:site_name")
    if first:
        names.append(first)
    ld = sd.jsonld
    publisher = ld.resolve(ld.article_value("publisher"))
    for node in (publisher, ld.website):
        if isinstance(node, list) and node:
            node = ld.resolve(node[0])
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            names.append(node["name"])
        elif isinstance(node, str):
            names.append(node)
    for key in SITE_NAME_KEYS[1:3]:
        value = sd.first(key)
        if value:
            names.append(value)
    return [n for n in (clean_text(n) for n in names) if n and not URL_NAME.match(n)]


def strip_site_name(title: str, site_names: list[str], url: str) -> tuple[str, str | None]:
    """``title`` without site-name segments, and the removed segment (when one was removed).

    A host-name spelling ("NYTimes.com") is removed as a suffix; as a prefix only when the page
    names no site, so "Batman - The Dark Knight" survives on batman.example with a site name.
    """
    named = {norm_key(n) for n in site_names if norm_key(n)}
    suffix_keys = named | host_keys(url)
    prefix_keys = named or suffix_keys
    removed: str | None = None
    for _ in range(MAX_STRIPS):
        result = _strip_once(title, suffix_keys, prefix_keys)
        if result is None:
            break
        title, segment = result
        removed = removed or segment
    return title, removed


def _strip_once(title: str, suffix_keys: set[str], prefix_keys: set[str]) -> tuple[str, str] | None:
    separators = list(TITLE_SEPARATOR.finditer(title))
    if separators:
        last = separators[-1]
        suffix = title[last.end():].strip()
        head = title[:last.start()].strip()
        if head and norm_key(suffix) in suffix_keys:
            return head, suffix
        first = separators[0]
        prefix = title[:first.start()].strip()
        tail = title[first.end():].strip()
        if tail and norm_key(prefix) in prefix_keys:
            return tail, prefix
    match = SITE_PREFIX.match(title)
    if match and norm_key(match.group(1)) in prefix_keys and title[match.end():].strip():
        return title[match.end():].strip(), match.group(1)
    return None


def find_headline(index: DomIndex, sd: StructuredData,
                  scope: lxml_html.HtmlElement | None) -> tuple[lxml_html.HtmlElement | None, bool]:
    """The on-page headline element and whether it is explicitly marked up as the article's headline."""
    marked = [el for el in sd.items.get("headline", ()) if el.tag not in ("meta", "link")]
    marked += [el for el in index.with_hint(HEADLINE) if el.tag in HEADLINE_TAGS]
    marked = [el for el in marked if not index.excluded(el)]
    for el in marked:
        if clean_text(el.text_content()):
            return el, True
    h1s = [h for h in index.h1s if clean_text(h.text_content())]
    if scope is not None:
        for h1 in h1s:
            if is_inside(h1, scope):
                return h1, False
    if len(h1s) == 1:
        return h1s[0], False
    return (_written_headline(index, sd) if not h1s else None), False


def _written_headline(index: DomIndex, sd: StructuredData) -> lxml_html.HtmlElement | None:
    """On a page without an ``<h1>`` (an old site's ``<font size=5><b>…</b></font>``), the first
    emphasised or heading element whose text is the longest part of the ``<title>`` ("HGV Obertal -
    Aktuelles - Die Mühle dreht sich wieder"), a part of several words, or the whole title."""
    title = clean_text(sd.title_tag)
    if not title or not TITLE_SEPARATOR.search(title):
        return None
    longest = max(TITLE_SEPARATOR.split(title), key=_words)
    if _words(longest) < MIN_HEADLINE_WORDS or not index.elements:
        return None
    parts = {norm_key(longest), norm_key(title)}  # the site's name and a section are the shorter parts
    for n, el in enumerate(index.elements[0].iter(*WRITTEN_HEADLINE_TAGS)):
        if n >= MAX_WRITTEN_HEADLINES:
            break
        text = short_text(el, len(title))  # a large <font> around the page is read no further
        if text and norm_key(text) in parts and not index.excluded(el):
            return el
    return None


def _words(text: str) -> int:
    """Words of ``text``: those between spaces, and one for every two characters of a script that
    writes its words without spaces (a Japanese headline)."""
    return len(text.split()) + len(DENSE_SCRIPT.findall(text)) // 2


def extract_title(sd: StructuredData, headline: tuple[lxml_html.HtmlElement | None, bool],
                  site_names: list[str]) -> tuple[str | None, str | None]:
    """The article title and, when it could be told from the title, the site name.

    Structured titles come first (og:title, JSON-LD headline/name, twitter:title, Dublin Core), but
    when the on-page headline agrees with one of them, or with <title>, that agreement decides:
    social titles and JSON-LD descriptions posing as headlines lose to what the page shows.
    """
    title_tag = clean_text(sd.title_tag)
    ld = sd.jsonld
    candidates: list[str] = []
    for value in (sd.first("og:title"), ld.article_value("headline"), ld.article_value("name"),
                  *(sd.first(k) for k in STRUCTURED_TITLE_KEYS[1:])):
        text = clean_text(value) if isinstance(value, str) else None
        if text and text not in candidates:
            candidates.append(text)
    names = list(site_names)
    headline_el, marked = headline
    h1 = clean_text(without_permalink_marks(headline_el.text_content())) if headline_el is not None else None
    implied_site = _implied_site(title_tag, candidates) or (
        _tail_of_every_title(h1, [title_tag or "", *candidates]) if h1 and not site_names else None)
    if implied_site:
        names.append(implied_site)
    site_keys = {norm_key(n) for n in names}
    strips: dict[str, tuple[str, str | None]] = {}  # each text read once: the names stay as they are

    def strip(text: str) -> tuple[str, str | None]:
        if text not in strips:
            strips[text] = strip_site_name(text, names, sd.url)
        return strips[text]
    if h1 and norm_key(h1) in site_keys:
        h1 = None
    stripped_tag = strip(title_tag)[0] if title_tag else None
    tag_key = norm_key(stripped_tag or "")
    chosen: str | None = None
    if candidates:
        keyed = [(norm_key(strip(c)[0]), c) for c in candidates]
        if h1:
            chosen = next((c for k, c in keyed if k == norm_key(h1)), None)
            if chosen is not None and _same_but_marks(strip(chosen)[0], h1):
                chosen = h1  # the headline as the page sets it, curly quotes and dashes and all
            if any(c.islower() for c in h1) and _in_capitals(chosen or strip(candidates[0])[0], h1):
                chosen = h1  # the declared titles in capitals, the headline in its own case
            if chosen is None and (norm_key(h1) == tag_key or _headline_then_suffix(h1, candidates)):
                chosen = h1
        chosen = chosen or candidates[0]
    else:
        tag_is_site = not tag_key or tag_key in site_keys
        if h1 and (marked or tag_is_site or norm_key(h1) in norm_key(title_tag or "")):
            chosen = h1
        else:
            chosen = title_tag
    if chosen is None:
        return None, implied_site
    title, removed = strip(chosen)
    if title_tag and not removed:
        removed = strip(title_tag)[1]
    return _without_kicker(title, headline_el), implied_site or removed


_PLAIN_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‐": "-",
                               "‑": "-"})


def _in_capitals(declared: str, headline: str) -> bool:
    """Whether ``declared`` is ``headline`` written in capitals (Turkish "FİYATLARI" of
    "fiyatları": its dotted and dotless i read alike)."""
    return not any(c.islower() for c in declared) and (
        norm_key(declared).replace("ı", "i") == norm_key(headline).replace("ı", "i"))


def _same_but_marks(one: str, other: str) -> bool:
    """Whether two titles differ in their quotes and dashes alone (straight or typographic)."""
    return one.translate(_PLAIN_MARKS) == other.translate(_PLAIN_MARKS)


def _headline_then_suffix(h1: str, candidates: list[str]) -> bool:
    """Whether a structured title is the page's headline (of a few words at least) followed by a
    title separator and more ("<headline> | <creator's name>"): a suffix naming no site the page
    names, which the headline leaves out."""
    if len(h1.split()) < MIN_HEADLINE_WORDS:
        return False
    for title in candidates:
        if len(title) > len(h1) and title.startswith(h1):
            found = TITLE_SEPARATOR.match(title, len(h1))
            if found is not None and title[found.end():].strip():
                return True
    return False


#: What sets a kicker off from the headline in a title that joins them ("Wohnungsnot: Wenn …").
KICKER_SEPARATOR = re.compile(r"\s*[:|–—-]\s+|:\s*")
KICKER_MARKS = " :|–—-"


def _without_kicker(title: str, headline: lxml_html.HtmlElement | None) -> str:
    """``title`` without the kicker it opens with when the page's headline shows that kicker as an
    element of its own before the headline's text ("<h2><span>Wohnungsnot in Unistädten</span>
    <span>Wenn das WG-Zimmer …</span></h2>" for the title "Wohnungsnot in Unistädten: Wenn das …")."""
    if headline is None:
        return title
    if len(headline) < 2 or (headline.text or "").strip():
        return _without_overline(title, headline)
    kicker = clean_text(headline[0].text_content())
    if not kicker or not title.startswith(kicker) or headline[0].tag not in KICKER_TAGS:
        return title
    separator = KICKER_SEPARATOR.match(title, len(kicker))
    rest = title[separator.end():] if separator else ""
    shown = clean_text("".join(child.text_content() + (child.tail or "") for child in headline[1:]))
    return rest if rest and shown and norm_key(rest) == norm_key(shown) else title


def _without_overline(title: str, headline: lxml_html.HtmlElement) -> str:
    """The headline's own text when ``title`` is a kicker, a separator and that text, and the page
    shows the kicker as an element of its own just before the headline (an overline: "Abstimmung
    in Rüeggenbach" above "Stimmvolk sagt deutlich Ja …", the title "Abstimmung in Rüeggenbach:
    Stimmvolk sagt …"). A kicker in capitals needs no separator, and the text after the kicker
    may be the headline's start (a tabloid's "HEROJ S PRUGE Vozač tramvaja zakočio …", the social
    title cut short)."""
    shown = clean_text(headline.text_content())
    if not shown:
        return title
    shown_key = norm_key(shown)
    for el in _PRECEDING(headline):
        if len(el) > 1:
            continue
        kicker = (clean_text(el.text_content()) or "").rstrip(KICKER_MARKS)  # "Tösstal:" set off by its colon
        if (not kicker or len(kicker.split()) > MAX_OVERLINE_WORDS
                or title[:len(kicker)].casefold() != kicker.casefold()):
            continue
        rest = title[len(kicker):]
        separator = KICKER_SEPARATOR.match(rest)
        if separator is None and not (rest[:1].isspace() and not any(c.islower() for c in kicker)):
            continue
        rest = rest[separator.end():] if separator else rest.strip()
        key = norm_key(rest)
        if key and (key == shown_key or (shown_key.startswith(key) and _words(rest) >= MIN_HEADLINE_WORDS)):
            return shown
    return title


def _implied_site(title_tag: str | None, structured: list[str]) -> str | None:
    """What <title> adds around a structured title ("Foo | Site" vs og:title "Foo") -> "Site"."""
    if not title_tag:
        return None
    for cand in structured:
        if cand == title_tag or len(cand) >= len(title_tag):
            continue
        if title_tag.startswith(cand):
            rest = TITLE_SEPARATOR.match(title_tag[len(cand):]) or re.match(r"\s*:\s+", title_tag[len(cand):])
            if rest:
                segments = TITLE_SEPARATOR.split(title_tag[len(cand) + rest.end():])
                return segments[-1].strip() or None
        if title_tag.endswith(cand):
            head = title_tag[: len(title_tag) - len(cand)]
            if TITLE_SEPARATOR.search(head[-4:]) or head.rstrip().endswith(":"):
                return TITLE_SEPARATOR.split(head.rstrip(" :"))[0].strip() or None
    return None


def _tail_of_every_title(headline: str, titles: list[str]) -> str | None:
    """The site's name when every title of the page is the headline, a separator and the same
    short tail ("Quiver 3.0: Incremental Builds … | Quiver" in <title> and og:title): a tail of a
    few words, shorter than half the headline (a blog's name as the headline leaves a longer one)."""
    tails = set()
    for title in titles:
        rest = TITLE_SEPARATOR.match(title[len(headline):]) if title.startswith(headline) else None
        if rest is None:
            return None
        tails.add(title[len(headline) + rest.end():].strip())
    tail = tails.pop() if len(tails) == 1 else ""
    if not tail or len(tail.split()) > MAX_TAIL_WORDS or 2 * len(tail) >= len(headline):
        return None
    return tail


def home_link_site_name(doc: lxml_html.HtmlElement, url: str, title_tag: str | None) -> str | None:
    """The site's name as the page's link to its home page writes it (the header's "Site Title"
    link, or its logo's alternative text), when <title> also names the site so, first or last
    ("Post – Quiet Kilowatts"), or the title of the site's feed does (the link's text may go on
    with a tagline after it): for pages whose head states no site name and whose host does not
    spell it."""
    segments = [seg.strip() for seg in TITLE_SEPARATOR.split(title_tag or "")]
    ends = {norm_key(seg): seg for seg in (segments[0], segments[-1])} if len(segments) > 1 else {}
    feeds = _feed_names(doc)
    if not ends and not feeds:
        return None
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    for link in home_links(doc, origin, MAX_HOME_LINKS):
        text = " ".join(link.text_content().split())
        key = norm_key(text)
        if not key:  # a logo: its picture's alternative text
            logo = link.find(".//img")
            key = norm_key(logo.get("alt") or "") if logo is not None else ""
        if key and key in ends:
            return ends[key]
        if not key:
            continue
        for title, name in feeds:
            if key == norm_key(title):
                return title  # "Food Feed" is a name of its own
            if key == norm_key(name) or text.lower().startswith(f"{name.lower()} "):
                return name  # the name, and a tagline after it
    return None


def logo_names(images: list[lxml_html.HtmlElement], url: str) -> list[str]:
    """The alternative texts of the first pictures of the page (``images``, in page order) that link
    to its home page: the site's name as its logo writes it, maybe in another script than its head
    ("अमर प्रभात" beside "Amar Prabhat")."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    homes = {"/", origin, f"{origin}/", *(f"/{name}" for name in _HOME_FILES),
             *(f"{origin}/{name}" for name in _HOME_FILES)}
    names = []
    for img in images[:MAX_LOGO_IMAGES]:
        alt = img.get("alt")
        if not alt:
            continue
        link = next((a for a in islice(img.iterancestors(), LOGO_LINK_LEVELS) if a.tag == "a"), None)
        name = clean_text(alt) if link is not None and (link.get("href") or "").strip() in homes else None
        if name and len(name) <= MAX_LOGO_NAME_CHARS:
            names.append(name)
    return names


#: Text nodes of a copyright line.
_COPYRIGHT_TEXTS = etree.XPath("//body//text()[contains(., '©')]")
MAX_COPYRIGHT_LINES = 5


def confirmed_logo_name(doc: lxml_html.HtmlElement, logos: list[str], description: str | None) -> str | None:
    """The logo's name (see :func:`logo_names`) that the page writes again in its description or
    its copyright line ("© 2023 ໜັງສືພິມ ແສງຕາເວັນ"): the site's name when nothing else gives it."""
    if not logos:
        return None
    lines = [description or "", *(str(t) for t in _COPYRIGHT_TEXTS(doc)[-MAX_COPYRIGHT_LINES:])]
    for name in logos:
        words = set(_WORD.findall(name.casefold()))
        if (norm_key(name) not in GENERIC_LOGO_NAMES and not words & NOT_SECTION_WORDS
                and any(name in line for line in lines)):
            return name  # not "Zurück zur Startseite": the way home
    return None


def _feed_names(doc: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    """(title, the site name it is read as) of the page's feeds; a comment feed names no site."""
    names: list[tuple[str, str]] = []
    for title in _FEED_TITLES(doc)[:MAX_FEEDS]:
        title = " ".join(title.split())
        name = TITLE_SEPARATOR.split(FEED_SUFFIX.sub("", title))[0]  # "Name | a tagline": the name
        if name and "comment" not in title.lower() and norm_key(name):
            names.append((title, name))
    return names
