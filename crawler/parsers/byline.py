"""Who wrote the article: structured authors, visible bylines, meta tags, avatar captions.

Precedence: a structured Person (JSON-LD, microdata) > a visible byline > ``meta name=author`` >
``article:author``; a name that is really the site or a desk ("Alpha News Editorial", "Staff") only
wins when nothing better exists. Organizations equal to the publisher are never authors.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..kernel.model import Author
from .article_links import is_article_url
from .author_pages import author_page_row
from .declared_authors import authors_of_meta_value, jsonld_authors, meta_authors
from .document import count_children, is_inside, text_of
from .domindex import BYLINE, DomIndex, element_hints
from .names import (
    BY_PREFIX,
    BYLINE_LABELS,
    CASELESS_NAMES,
    GENERIC_NAMES,
    MAX_BYLINE_CHARS,
    MAX_NAME_CHARS,
    is_site_like,
    norm_key,
    split_byline,
)
from .patterns import compile_words
from .related_labels import short_text
from .structured import StructuredData
from .written_byline import MAX_WRITTEN_BYLINES, byline_texts, in_data_card, wider_region

MAX_AVATAR_LOOKAHEAD = 3
MAX_TEXT_DEPTH = 6
BLOCK_TAGS = frozenset({"div", "p", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                        "header", "footer", "dl", "dt", "dd", "table", "tr", "td", "figure", "figcaption"})
NOT_BYLINE_TAGS = frozenset({"img", "meta", "link", "body", "html", "article", "main", "section"})

AVATAR_IMG_HINT = re.compile(r"avatar|author")
BYLINE_NOISE_CLASS = re.compile(
    r"(?<![a-z0-9])(?:title|role|job|position|bio|description|date|time|timestamp|published|updated"
    r"|posted-on|dateline|share|social|follow|count|comments?|location|place|city)(?![a-z0-9])"
)
#: The class of an element that holds a field's label.
LABEL_CLASS = re.compile(r"(?<![a-z0-9])(?:label|lbl)(?![a-z0-9])")
#: What a BEM element of a byline block is when it is not the names.
BEM_NOT_NAME = re.compile(rf"{BYLINE_NOISE_CLASS.pattern}|^(?:prefix|intro|label|by|separator|sep)$")

#: Properties that hold another work inside an article's item: its authors are not the article's.
NESTED_WORK_PROPS = frozenset({"itemReviewed", "about", "isBasedOn", "citation", "mentions", "subjectOf",
                               "workExample", "exampleOfWork", "translationOfWork"})
#: Elements that set a name apart right after the words of a byline ("Written by <strong>X</strong>").
NAME_TAGS = frozenset({"strong", "b", "a", "span", "em"})
#: Headings that title a page or its parts, never a byline.
TITLE_TAGS = frozenset({"h1", "h2", "h3", "title"})
#: Lower-case particles of names ("Ludwig van Beethoven", "Maria da Silva").
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della",
                            "dos", "das", "do", "bin", "ibn", "al", "el", "y", "af", "av", "zu", "ter",
                            "ten"})
MAX_NAME_WORDS = 4
MAX_NAME_WORD_CHARS = 20
#: An initial glued to the name after it by its full stop (Mongolian and Russian papers' "Б.Энхжаргал").
GLUED_INITIAL = re.compile(r"(?<!\w)(\w\.)(?=\w{2})")

_B, _E = r"(?<![a-z0-9])", r"(?![a-z0-9])"
BYLINE_CLASS = re.compile(r"byline|by-line|dateline|writtenby|written-by|p-author")
AUTHOR_CLASS = compile_words(
    rf"{_B}(?:authors?|writers?|vcard|contributors?|reporters?|creator|journalists?"
    # the word in Spanish, German, Polish, Italian, French, Hungarian, Danish, Norwegian, Turkish
    rf"|autor(?:es|en|in|ka)?|autori?|auteurs?|szerz[oő]k?|forfattere?|yazar(?:lar)?)"
    rf"(?:name|link|info|url|meta|wrap)?{_E}")
# Parts of a byline element that are not the byline itself.
NOT_BYLINE_CLASS = re.compile(
    rf"{_B}(?:avatar|photo|image|img|thumb|thumbnail|bio|biography|about|description|desc|social|share"
    rf"|follow|tooltip|subscribe|newsletter|count|role|title|job|position|label|more|other|posts|list)"
    rf"(?:s|-\w+)?{_E}"
)


def extract_authors(index: DomIndex, sd: StructuredData, site_names: list[str],
                    scope: lxml_html.HtmlElement | None = None,
                    headline: lxml_html.HtmlElement | None = None) -> list[Author]:
    """Authors of the page in order of credit, following the module's precedence. A byline written
    out in words only is looked for in ``scope`` (the article), else in the block that holds the
    ``headline`` (a page without an article element)."""
    persons, orgs = jsonld_authors(sd, site_names)
    visible, visible_text = _dom_byline(index, sd, scope)
    avatars = _avatar_bylines(index, sd)
    meta, art = meta_authors(sd, site_names)
    if meta and visible and _confirms(meta, visible, visible_text):
        visible = meta  # the byline text holds the meta name, but parsing it gave something noisier
    elif visible and _names_more(meta, visible):
        shown = {norm_key(a.name): a for a in visible}  # the byline names the first of the meta's co-authors
        visible = [shown.get(norm_key(a.name), a) for a in meta]
    if persons and len(visible) > len(persons) and all(looks_like_a_name(a.name) for a in visible) and (
            {norm_key(a.name) for a in persons} <= {norm_key(a.name) for a in visible}):
        persons = visible  # the structured data names the first of the byline's co-authors only
    linked = _author_page_byline(index, sd, scope) if scope is not None and not visible else []
    tiers = [persons + _microdata_authors(index, sd, site_names), visible, avatars[:1], meta, art, linked,
             orgs]
    chosen: list[Author] = []
    fallback: list[Author] = []
    for tier in tiers:
        if not tier:
            continue
        if all(is_site_like(a.name, site_names) for a in tier):
            fallback = fallback or tier
            continue
        chosen = [a for a in tier if not is_site_like(a.name, site_names)]
        break
    region = scope if scope is not None else _headline_block(headline)
    if not chosen and region is not None:
        chosen = _written_byline(index, sd, region, site_names)
        wider = wider_region(region)
        if wider is None and scope is None:
            wider = _headline_block(region)
        if not chosen and wider is not None:  # a headline's table cell taken for the article, or a
            # headline's own box ("<header>") beside the text that opens with the byline
            chosen = _written_byline(index, sd, wider, site_names)
    chosen = _dedupe(chosen or fallback)
    _enrich(chosen, [a for tier in tiers for a in tier])
    return chosen


def _headline_block(headline: lxml_html.HtmlElement | None) -> lxml_html.HtmlElement | None:
    """The element around the headline (and what follows it), when it is not the whole page."""
    parent = headline.getparent() if headline is not None else None
    return parent if parent is not None and parent.tag not in ("body", "html") else None


def _written_byline(index: DomIndex, sd: StructuredData, scope: lxml_html.HtmlElement,
                    site_names: list[str]) -> list[Author]:
    """Authors of a byline that says so in words only ("By <strong>Jane Roe</strong>", "Von Max
    Muster"), without a class, a link or structured data naming it: the first such short line
    in the article whose names are all written as names."""
    for node in byline_texts(scope)[:MAX_WRITTEN_BYLINES]:
        owner = node.getparent()
        if owner is not None and node.is_tail:
            owner = owner.getparent()
        if owner is None or owner.tag in TITLE_TAGS or index.excluded(owner):
            continue  # a headline opening with "Von" ("Von Sprachregeln, Gender-Politik …") is no byline
        if next(owner.iterancestors("blockquote"), None) is not None:
            continue  # an embedded post's "Posted by X" is the post's, not the article's
        if not BY_PREFIX.sub("", text_of(owner) + " ").strip() and owner.getparent() is not None:
            owner = owner.getparent()  # the words alone, in an element of their own: "<span>By</span> X"
        if in_data_card(owner):
            continue  # "Autorin: X" among "Titel:", "Seiten:", "Verlag:": a reviewed book's author
        if len(text_of(owner)) <= MAX_BYLINE_CHARS:
            named = []
            for author in _authors_from_element(owner, sd):  # "By Jane Roe, BBC News, London":
                if not looks_like_a_name(author.name):       # the names before the rest
                    break
                named.append(author)
            named = [a for a in named if not is_site_like(a.name, site_names)]  # "By The Daily Post"
            if named:
                return named
        name = _name_set_apart(node, owner)  # "Written by <strong>X</strong> who lives in …"
        if name is not None and not is_site_like(name, site_names):
            return [Author(name)]
    return []


def _name_set_apart(node: Any, owner: lxml_html.HtmlElement) -> str | None:
    """The name in the element right after the text that opens ``owner`` when that text says only
    "By" or "Written by" and the name is written as one: the byline opening a longer sentence (a
    starter blog's bio). A "by" inside a sentence ("a branch of the codebase by <a>X</a>") is
    none."""
    words = " ".join(str(node).split())
    if node.is_tail or not words or BY_PREFIX.sub("", words + " ").strip():
        return None
    following = owner[0] if len(owner) else None
    if following is None or following.tag not in NAME_TAGS:
        return None
    name = text_of(following)
    return name if looks_like_a_name(name) else None


def looks_like_a_name(text: str) -> bool:
    """Whether ``text`` is written as a person's name: two to four words, each capitalised and
    not all capitals (or a lower-case particle: "van", "da"), none of them long. In a script
    without capitals (Telugu, Burmese, Georgian as written) one to four words, none of them long or
    a number: a name there may be one word ("ဇော်မင်းထွန်း")."""
    words = GLUED_INITIAL.sub(r"\1 ", text).split()  # "Б.Энхжаргал": an initial and a name
    if all(not (c.isupper() or c.islower()) or CASELESS_NAMES.match(c) for c in text):
        return (1 <= len(words) <= MAX_NAME_WORDS and all(len(w) <= MAX_NAME_WORD_CHARS for w in words)
                and not any(c.isdigit() for c in text))
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    for n, word in enumerate(words):
        if word in NAME_PARTICLES and 0 < n < len(words) - 1:
            continue
        letters = [c for c in word if c.isalpha()]
        if (not letters or len(word) > MAX_NAME_WORD_CHARS or not letters[0].isupper()
                or (len(letters) > 2 and not any(c.islower() for c in letters[1:]))):
            return False
    return True


def _confirms(meta: list[Author], visible: list[Author], visible_text: str) -> bool:
    """True when the visible byline's names differ from meta names that its text nonetheless holds."""
    visible_keys = {norm_key(a.name) for a in visible}
    meta_keys = [norm_key(a.name) for a in meta]
    text_key = norm_key(visible_text)
    return not visible_keys & set(meta_keys) and all(k and k in text_key for k in meta_keys)


def _dedupe(authors: list[Author]) -> list[Author]:
    seen: set[str] = set()
    out = []
    for a in authors:
        key = norm_key(a.name)
        if key and key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _enrich(chosen: list[Author], pool: list[Author]) -> None:
    for a in chosen:
        key = norm_key(a.name)
        for other in pool:
            if norm_key(other.name) == key:
                a.url = a.url or other.url
                a.avatar = a.avatar or other.avatar


def _microdata_authors(index: DomIndex, sd: StructuredData, site_names: list[str]) -> list[Author]:
    out: list[Author] = []
    for el in sd.items.get("author", ()):
        if index.excluded(el) or _of_nested_item(el):
            continue
        if el.tag == "meta":
            content = el.get("content")
            out.extend(authors_of_meta_value(content, split_byline(content), site_names))
            continue
        if el.get("itemscope") is not None:
            names = el.xpath(".//*[@itemprop='name']")
            if names and names[0].tag == "meta":  # the name only in the item's data
                found = split_byline(names[0].get("content"))
            else:
                found = split_byline(text_of(names[0]) if names else text_of(el))
            if len(found) > 1 and names:  # "<span itemprop=name><a>Jane</a> and <a>John</a></span>"
                out.extend(_authors_from_element(names[0], sd))
            elif found:
                img = el.xpath(".//img[@src]")
                out.append(Author(found[0], url=sd.absolute(_first_href(el)),
                                  avatar=sd.absolute(img[0].get("src")) if img else None))
            continue
        out.extend(_authors_from_element(el, sd))
    return out


def _of_nested_item(el: lxml_html.HtmlElement) -> bool:
    """Whether the item ``el`` is the author of is itself a property of another item: the book a
    review is of (``itemprop="itemReviewed"``), not the review."""
    owner = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
    return owner is not None and bool(NESTED_WORK_PROPS.intersection((owner.get("itemprop") or "").split()))


#: A user name standing for its writer on a blog platform ("posted by rosfern", a card's
#: "yukemuri_tetsu"): one word of lower-case letters, digits, "_" and "-".
HANDLE = re.compile(r"[a-z][a-z0-9_-]{2,29}")
#: Classes of the element that holds a user name in a card or a journal's byline.
HANDLE_CLASS = frozenset({"fn", "nickname", "ljuser", "username", "user-name"})


def _handle(el: lxml_html.HtmlElement, text: str, sd: StructuredData) -> str | None:
    """The user name a byline element gives as its only name: the whole text after a "by" (a
    name of no known form), and the text of a link to the site's own pages or of a card's name
    element inside it. Not an administrator's account, a name the site's address holds (the
    site's own account; a blog platform's subdomain is its writer's), nor a commenter's name (a
    link to their own site)."""
    name = BY_PREFIX.sub("", text).strip(" :·|")
    if (not HANDLE.fullmatch(name) or name in GENERIC_NAMES or "admin" in name
            or not any(c.isalpha() for c in name[1:])):
        return None
    host = (urlsplit(sd.url).hostname or "") if sd.url else ""
    for node in el.iter():
        if node.tag != "a" and not HANDLE_CLASS & set((node.get("class") or "").lower().split()):
            continue
        if text_of(node) != name:
            continue
        if node.tag == "a":
            href = sd.absolute(node.get("href"))
            if href is None or (urlsplit(href).hostname or "") != host:
                continue
        key = name.replace("_", "").replace("-", "")
        return None if any(key in label for label in _site_labels(host)) else name
    return None


def _site_labels(host: str) -> list[str]:
    """The labels of ``host`` that name the site, hyphens out: all but a first one that is a
    subdomain ("www", or a blog platform's user: "yukemuri-tetsu.hatenablog.com" gives
    "hatenablog", "com"). Read without the public suffix list, which a parse does not load."""
    labels = host.split(".")
    if len(labels) > 2 or labels[0] == "www":
        labels = labels[1:]
    return [label.replace("-", "") for label in labels]


def _authors_from_element(el: lxml_html.HtmlElement, sd: StructuredData) -> list[Author]:
    text = byline_text(el)
    names = split_byline(text)
    if not names:
        handle = None if "comment" in element_hints(el) else _handle(el, text, sd)
        names = [handle] if handle else []
    links = {norm_key(text_of(a)): a.get("href") for a in el.iter("a") if a.get("href")}
    if el.tag == "a" and el.get("href"):
        links.setdefault(norm_key(text_of(el)), el.get("href"))
    return [Author(n, url=sd.absolute(links.get(norm_key(n)))) for n in names]


def byline_elements(index: DomIndex) -> list[tuple[lxml_html.HtmlElement, int]]:
    """Candidate byline elements with their rank (lower is more trustworthy), in document order."""
    out = [(a, 0) for a in index.author_links]
    for el in index.with_hint(BYLINE):
        rank = _byline_rank(el)
        if rank is not None and el.tag not in NOT_BYLINE_TAGS and not _address_card(el):
            out.append((el, rank))
    return out


_HOLDS_ADDRESS = etree.XPath("boolean(.//*[contains(concat(' ', normalize-space(@class), ' '), ' adr ')])")


def _address_card(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is a microformats card with a postal address: a sender's or a shop's, in a
    newsletter's or a site's footer, no byline."""
    return "vcard" in (el.get("class") or "") and bool(_HOLDS_ADDRESS(el))


def _bem_part(attrs: str) -> bool:
    """Whether BEM elements of a byline block name themselves a part other than the names
    ("byline__prefix" holds "By", "byline__role" the job; "byline__name" is the byline)."""
    own = [c.rsplit("__", 1)[-1] for c in attrs.split() if "__" in c]
    return bool(own) and all(BEM_NOT_NAME.search(part) and not AUTHOR_CLASS.search(part) for part in own)


def _dom_byline(index: DomIndex, sd: StructuredData,
                scope: lxml_html.HtmlElement | None) -> tuple[list[Author], str]:
    """Authors from the most trustworthy byline element, and that element's text."""
    best: tuple[int, int] | None = None
    best_authors: list[Author] = []
    best_text = ""
    for position, (el, rank) in enumerate(byline_elements(index)):
        el = _with_coauthors(el)
        in_scope = scope is None or is_inside(el, scope)
        key = (rank + (0 if in_scope else 3), position)
        if best is not None and key >= best:
            continue
        text = text_of(el)
        if not text or len(text) > MAX_BYLINE_CHARS or index.excluded(el):
            continue
        if rank and _in_teaser_link(el):
            continue
        authors = _authors_from_element(el, sd)
        if authors:
            best, best_authors, best_text = key, authors, text
    return best_authors, best_text


def _author_page_byline(index: DomIndex, sd: StructuredData, scope: lxml_html.HtmlElement) -> list[Author]:
    """The writers of an article that names them only by links to their own pages."""
    links = author_page_row(scope, lambda a: index.excluded(a) or _in_teaser_link(a))
    names = [text_of(a) for a in links]
    if not names or not all(looks_like_a_name(n) for n in names):
        return []
    return _dedupe([Author(n, url=sd.absolute(a.get("href"))) for n, a in zip(names, links, strict=True)])


def _names_more(more: list[Author], fewer: list[Author]) -> bool:
    """Whether ``more`` names every person of ``fewer`` and others too."""
    keys = {norm_key(a.name) for a in more}
    return len(keys) > len({norm_key(a.name) for a in fewer}) and {norm_key(a.name) for a in fewer} <= keys


def _with_coauthors(el: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """An author's link, or its parent when that holds the co-authors' links too and little else
    ("By <a rel=author>A</a> and <a rel=author>B</a>")."""
    rel = el.get("rel") if el.tag == "a" else None
    parent = el.getparent()
    if (not rel or parent is None or parent.tag in ("body", "html")
            or short_text(parent, MAX_BYLINE_CHARS) is None):  # read only up to a byline's length
        return el
    return parent if any(a is not el and a.get("rel") == rel for a in parent.iter("a")) else el


def _in_teaser_link(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is inside a link to an article (a teaser card's byline); a link to the
    author's page around the byline is no teaser."""
    link = next(el.iterancestors("a"), None)
    href = link.get("href") if link is not None else None
    return href is not None and bool(href.strip()) and is_article_url(href.strip())


#: Drupal's class of where a field shows its label ("field--label-inline" around a reporter field).
FIELD_LABEL_DISPLAY = re.compile(r"field--label-[\w-]+")


def _byline_rank(el: lxml_html.HtmlElement) -> int | None:
    if "author" in (el.get("rel") or "").lower().split():
        return 0
    attrs = element_hints(el)
    ident = el.get("id")
    if ident and ident.lower() in attrs and norm_key(ident) == norm_key(el.text_content()):
        attrs = (el.get("class") or "").lower()  # an id made from the element's own text says nothing
    if "field--label-" in attrs:
        attrs = FIELD_LABEL_DISPLAY.sub(" ", attrs)  # where Drupal shows a field's label: no part of it
    if NOT_BYLINE_CLASS.search(attrs) and not BYLINE_CLASS.search(attrs):
        return None
    if "__" in attrs and _bem_part(attrs):
        return None
    if BYLINE_CLASS.search(attrs):
        return 1
    if AUTHOR_CLASS.search(attrs):
        return 2
    return None


def _avatar_bylines(index: DomIndex, sd: StructuredData) -> list[Author]:
    out: list[Author] = []
    for img in index.images:
        hints = f"{img.get('alt') or ''} {img.get('class') or ''} {img.get('src') or ''}".lower()
        if not AVATAR_IMG_HINT.search(hints) or index.excluded(img):
            continue
        src = sd.absolute(img.get("src") or img.get("data-src"))
        names = split_byline(img.get("alt")) if not _mentions_avatar(img.get("alt")) else []
        if not names:
            text = _text_after(img)
            names = split_byline(text) if text and len(text) <= MAX_NAME_CHARS else []
        if names:
            out.append(Author(names[0], avatar=src))
    return out


def _mentions_avatar(alt: str | None) -> bool:
    return not alt or bool(re.search(r"avatar|author|photo|image|picture|profile|headshot", alt, re.I))


def _text_after(img: lxml_html.HtmlElement) -> str | None:
    """Text of the first non-empty element after the image (climbing out of image-only wrappers)."""
    node = img
    for _ in range(3):
        if (node.tail or "").strip():
            return node.tail.strip()
        parent = node.getparent()
        if parent is None or count_children(parent, 1) > 1 or (parent.text or "").strip():
            break
        node = parent
    for seen, sib in enumerate(node.itersiblings()):
        if seen >= MAX_AVATAR_LOOKAHEAD:
            break
        if not isinstance(sib.tag, str) or sib.tag in ("script", "style", "br", "ins"):
            continue
        text = text_of(sib)
        if text:
            return text
    return None


def _first_href(el: lxml_html.HtmlElement) -> str | None:
    urls = el.xpath(".//*[@itemprop='url']/@href | .//*[@itemprop='url']/@content | .//a/@href")
    return str(urls[0]) if urls else None


def byline_text(el: lxml_html.HtmlElement) -> str:
    """Text of a byline element with line breaks between blocks, leaving out the parts that hold
    a role, a date or a bio ("Ben Silverman<div class=author-title>Games Editor</div>")."""
    parts: list[str] = []
    _collect_text(el, parts, 0)
    return "".join(parts)


def _collect_text(node: lxml_html.HtmlElement, parts: list[str], depth: int) -> None:
    block = node.tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if node.text:
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and depth < MAX_TEXT_DEPTH and not _is_byline_noise(child):
            _collect_text(child, parts, depth + 1)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def _label_word(text: str) -> bool:
    """Whether ``text`` is a byline's label and nothing more ("By", "Autor:", "වාර්තාකරු")."""
    word = text.strip().rstrip(":：-–— ").strip().lower()
    return bool(word) and (word in BYLINE_LABELS or not BY_PREFIX.sub("", f"{word}: ").strip())


def _is_byline_noise(el: lxml_html.HtmlElement) -> bool:
    if el.tag in ("time", "script", "style", "img", "svg", "button", "noscript"):
        return True
    hints = element_hints(el)
    if not hints:
        return False
    if LABEL_CLASS.search(hints) and _label_word(text_of(el)):
        return True  # a field's label ("<div class=field__label>Reporter</div>"): its value follows
    if not BYLINE_NOISE_CLASS.search(hints):
        return False
    # a BEM element names itself after "__": "contributor__location" is a place, not an author
    own = " ".join(c.rsplit("__", 1)[-1] for c in hints.split())
    return not AUTHOR_CLASS.search(own)
