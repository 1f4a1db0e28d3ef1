"""Machine-readable page metadata gathered in one pass: meta/link tags, JSON-LD and microdata.

``collect(doc, url)`` walks the ``<meta>``, ``<link>``, ``<script>``, ``<title>`` and ``<base>``
elements once and parses every JSON-LD block leniently, so the field extractors only do
dictionary look-ups afterwards. Microdata ``<meta itemprop>`` values are indexed here; other
``itemprop`` elements are added with ``add_items`` from the body walk (``domindex``).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html

from .document import collapse_space, text_of

JSONLD_TYPE = "application/ld+json"
MAX_JSONLD_DEPTH = 8
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
    "scholarlyarticle", "socialmediaposting", "liveblogposting", "discussionforumposting",
    "report", "medicalscholarlyarticle", "satiricalarticle", "advertisercontentarticle",
})
PAGE_TYPES = frozenset({
    "webpage", "itempage", "collectionpage", "aboutpage", "profilepage", "qapage", "faqpage",
    "medicalwebpage", "searchresultspage", "contactpage",
})
#: Works that are a page's own post without being an article type: a podcast's or a show's episode
#: (its show notes are the body; its author and date are the post's).
EPISODE_TYPES = frozenset({"podcastepisode", "episode", "radioepisode"})
SITE_TYPES = frozenset({"website"})
#: Page types (lower-cased) the metadata gives pages that are no article whatever their text, and
#: why: a job's posting, a question and its answers (JSON-LD), a page of one event.
NOT_ARTICLE_PAGE_TYPES = {"jobposting": "a job posting (JSON-LD JobPosting)",
                          "qapage": "a question and its answers (JSON-LD QAPage)"}
EVENT_PAGE_TYPE = "event"
ORGANIZATION_TYPES = frozenset({
    "organization", "newsmediaorganization", "corporation", "localbusiness", "educationalorganization",
    "governmentorganization", "ngo", "onlinebusiness",
})
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def xpath_lower(attr: str) -> str:
    """An XPath 1.0 expression for the ASCII-lower-cased value of ``attr`` (e.g. "@class")."""
    return f"translate({attr},'{_UPPER}','{_UPPER.lower()}')"


_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_OPENERS = re.compile(r"^(?://\s*)?(?:<!--|<!\[CDATA\[)")
_CLOSERS = re.compile(r"(?://\s*)?(?:-->|\]\]>)\s*$")
_SCHEME_HOST_SLASH = re.compile(r"^(?:https?:)?//|/$|/index\.html?$")


@dataclass
class JsonLd:
    """Every typed JSON-LD node of a page, plus the ones that describe the article and the site."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    article: dict[str, Any] | None = None
    website: dict[str, Any] | None = None

    def resolve(self, value: Any) -> Any:
        """Follow a ``{"@id": ...}`` reference to the node it names (or return the value as is)."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            target = self.by_id.get(str(value["@id"]))
            if target is not None:
                return target
        return value

    def article_value(self, *keys: str) -> Any:
        """The first non-empty value among ``keys`` of the article node (resolved)."""
        node = self.article
        if not node:
            return None
        for key in keys:
            value = node.get(key)
            if value not in (None, "", [], {}):
                return self.resolve(value)
        return None


@dataclass
class StructuredData:
    """Look-up tables built from one pass over the document."""

    url: str
    base_url: str
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    items: dict[str, list[lxml_html.HtmlElement]] = field(default_factory=dict)
    jsonld: JsonLd = field(default_factory=JsonLd)
    title_tag: str | None = None
    lang: str | None = None
    #: ``<meta name>`` values until :func:`collect` puts them after the ``<meta property>`` ones of
    #: the same key (OpenGraph and RDFa are defined on ``property``).
    named_meta: dict[str, list[str]] = field(default_factory=dict)

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys`` (lower-case names), in key order."""
        for key in keys:
            values = self.meta.get(key)
            if values:
                return values[0]
        return None

    def every(self, *keys: str) -> list[str]:
        """All meta values of ``keys`` in key order, then document order."""
        out: list[str] = []
        for key in keys:
            out.extend(self.meta.get(key, ()))
        return out

    def absolute(self, href: str | None) -> str | None:
        """``href`` made absolute against the page's base URL (None for empty or non-web values)."""
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith(("data:", "javascript:", "mailto:", "#")):
            return None
        try:
            return urljoin(self.base_url, href)
        except ValueError:
            return None

    def add_items(self, items: dict[str, list[lxml_html.HtmlElement]]) -> None:
        """Merge ``itemprop`` elements found elsewhere (after the <meta> ones of each property)."""
        for prop, elements in items.items():
            self.items.setdefault(prop, []).extend(elements)

    def item_values(self, prop: str) -> list[str]:
        """Values of microdata elements carrying ``itemprop=prop``, in document order."""
        return [v for v in (item_value(el) for el in self.items.get(prop, ())) if v]


def item_value(el: lxml_html.HtmlElement) -> str:
    """The value a microdata property element carries (content/datetime/href/src/value, an
    ``<abbr>``'s title, or its text)."""
    tag = el.tag
    if tag == "meta":
        value = el.get("content")
    elif tag == "time":
        value = el.get("datetime") or el.text_content()
    elif tag == "abbr" and el.get("title"):  # hAtom's pattern: <abbr title="2024-03-10T09:41">9:41 AM</abbr>
        value = el.get("title")
    elif tag in ("data", "meter") and el.get("value") is not None:
        value = el.get("value")
    elif tag in ("a", "link", "area"):
        value = el.get("href")
    elif tag in ("img", "source", "audio", "video", "embed", "iframe"):
        value = el.get("src")
    else:
        value = el.get("content") or el.text_content()
    return collapse_space(value or "")


def collect(doc: lxml_html.HtmlElement, url: str) -> StructuredData:
    """Gather meta/link/JSON-LD/microdata from ``doc`` without modifying it."""
    root = doc.getroottree().getroot()
    data = StructuredData(url=url, base_url=url, lang=(root.get("lang") or root.get("xml:lang") or None))
    scripts: list[str] = []
    for el in root.iter("meta", "link", "script", "title", "base"):
        tag = el.tag
        if tag == "meta":
            _add_meta(data, el)
        elif tag == "link":
            href = el.get("href")
            if href:
                for rel in (el.get("rel") or "").lower().split():
                    data.links.setdefault(rel, []).append(href.strip())
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == JSONLD_TYPE and el.text:
                scripts.append(el.text)
        elif tag == "title":
            if data.title_tag is None and not _in_svg(el):
                data.title_tag = text_of(el) or None
        elif tag == "base" and el.get("href") and data.base_url == url:
            data.base_url = urljoin(url, el.get("href").strip())
    for key, values in data.named_meta.items():
        data.meta.setdefault(key, []).extend(values)
    data.named_meta = {}
    data.jsonld = parse_jsonld(scripts, url)
    return data


def _add_meta(data: StructuredData, el: lxml_html.HtmlElement) -> None:
    itemprop = el.get("itemprop")
    if itemprop and not (el.get("property") or el.get("name")):
        for prop in itemprop.split():  # microdata carried by <meta>
            data.items.setdefault(prop, []).append(el)
        return
    prop = el.get("property")
    key = prop or el.get("name") or el.get("http-equiv")
    if not key:
        return
    meta = data.meta if prop else data.named_meta
    value = el.get("content")
    if value is None:
        value = el.get("value")
    value = collapse_space(value or "")
    if not value:
        return
    if "&" in value and ";" in value:  # double-escaped entities ("&amp;amp;") in the attribute
        value = html.unescape(value)
    for k in key.lower().split():
        meta.setdefault(k, []).append(value)


def _in_svg(el: lxml_html.HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in ("svg", "body"):
            return parent.tag == "svg"
        parent = parent.getparent()
    return False


def node_types(node: dict[str, Any]) -> set[str]:
    """Lower-case short names of a JSON-LD node's ``@type`` ("http://schema.org/Article" -> "article")."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for v in values:
        if isinstance(v, str) and v:
            out.add(v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return out


def is_article_type(types: set[str]) -> bool:
    return any(t in ARTICLE_TYPES or t.endswith(("article", "posting")) for t in types)


def parse_jsonld(texts: list[str], url: str) -> JsonLd:
    """Parse JSON-LD script texts leniently into typed nodes; pick the article and site nodes."""
    ld = JsonLd()
    for text in texts:
        for obj in _loads_lenient(text):
            _walk(obj, ld, 0)
    articles = [n for n in ld.nodes if is_article_type(node_types(n))]
    episodes = [n for n in ld.nodes if node_types(n) & EPISODE_TYPES]
    pages = [n for n in ld.nodes if node_types(n) & PAGE_TYPES]
    ld.article = _pick_for_url(articles, url) or _pick_for_url(episodes, url) or _pick_for_url(pages, url)
    ld.website = next((n for n in ld.nodes if node_types(n) & SITE_TYPES), None)
    return ld


def _loads_lenient(text: str) -> list[Any]:
    text = _unwrap(text)
    if not text:
        return []
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return [json.loads(candidate, strict=False)]
        except (ValueError, RecursionError):  # broken, or nested beyond reason
            pass
        found = _raw_decode_all(candidate)
        if found:
            return found
    return []


def _unwrap(text: str) -> str:
    """Script text without the HTML-comment / CDATA wrappers old templates put around JSON."""
    text = text.strip()
    opener = _OPENERS.match(text)
    if opener:
        text = text[opener.end():]
    tail = text[-24:]
    closer = _CLOSERS.search(tail)
    if closer:
        text = text[: len(text) - len(tail) + closer.start()]
    return text.strip()


def _raw_decode_all(text: str) -> list[Any]:
    """Several JSON values written back to back (a common templating slip)."""
    decoder = json.JSONDecoder(strict=False)
    out: list[Any] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= len(text):
            break
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            break
        out.append(obj)
    return out


def _walk(obj: Any, ld: JsonLd, depth: int) -> None:
    if depth > MAX_JSONLD_DEPTH:
        return
    if isinstance(obj, list):
        for item in obj:
            _walk(item, ld, depth + 1)
        return
    if not isinstance(obj, dict):
        return
    graph = obj.get("@graph")
    if graph is not None:
        _walk(graph, ld, depth + 1)
    node_id = obj.get("@id")
    if isinstance(node_id, str) and len(obj) > 2 and node_id not in ld.by_id:
        ld.by_id[node_id] = obj
    if "@type" in obj:
        ld.nodes.append(obj)
        main = obj.get("mainEntity")
        if isinstance(main, dict | list) and node_types(obj) & PAGE_TYPES:
            _walk(main, ld, depth + 1)
    for key, value in obj.items():
        if key != "@graph" and isinstance(value, dict | list):
            _walk_ids(value, ld, depth + 1)


def _walk_ids(obj: Any, ld: JsonLd, depth: int) -> None:
    """Index nested nodes that carry an ``@id`` so references elsewhere can be resolved."""
    if depth > MAX_JSONLD_DEPTH:
        return
    if isinstance(obj, list):
        for item in obj:
            _walk_ids(item, ld, depth + 1)
    elif isinstance(obj, dict):
        node_id = obj.get("@id")
        if isinstance(node_id, str) and len(obj) > 2 and node_id not in ld.by_id:
            ld.by_id[node_id] = obj
        for value in obj.values():
            if isinstance(value, dict | list):
                _walk_ids(value, ld, depth + 1)


def _pick_for_url(nodes: list[dict[str, Any]], url: str) -> dict[str, Any] | None:
    if not nodes:
        return None
    if len(nodes) > 1:
        key = _url_key(url)
        for node in nodes:
            for k in ("url", "@id", "mainEntityOfPage"):
                v = node.get(k)
                if isinstance(v, dict):
                    v = v.get("@id") or v.get("url")
                if isinstance(v, str) and _url_key(v.split("#")[0]) == key:
                    return node
        with_headline = [n for n in nodes if n.get("headline")]
        if with_headline:
            return with_headline[0]
    return nodes[0]


def _url_key(u: str) -> str:
    return _SCHEME_HOST_SLASH.sub("", u.strip().lower())
