"""Whether a link is one of the article's tags or categories, and which: by its ``rel``, its
href (a tag or a category archive, a topic folder), the classes of the link and of the lists
around it, a label before its row ("Tags:", "Témy:", a "related topics" heading over terms) or
its text written as a hashtag. The words of the labels are also read by :mod:`.boilerplate`."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import html as lxml_html

from .document import all_text

CLASS_LEVELS = 3  # ancestors of a link whose classes may say what its list holds
#: Classes of a list of tags (in English, French, German, Spanish, Italian, Dutch) and of categories.
TAG_CLASS = re.compile(r"(?<![a-z0-9])(?:tags?|tagged|tagcloud|keywords?|topics?"
                       r"|mots-?cl[eé]s|schlagw(?:ö|oe|o)rter|schlagworte|stichw(?:ö|oe|o)rter|etiquetas"
                       r"|[eé]tiquettes|argomenti|trefwoorden)(?![a-z0-9])"
                       # a compound that names a part of the page the word stands for ("topic-body",
                       # "topic-header": a site that calls its article a topic), no list of terms
                       r"(?!-(?:body|page|header|content|text|title|main|article|image|picture|date|time|"
                       r"author|lead|intro|subtitle)(?![a-z]))")
CATEGORY_CLASS = re.compile(r"categor")
#: The classes WordPress gives a post for each of its terms ("category-heating", "tag-figs") beside
#: its other post classes ("post-301 type-post hentry"): they describe the post (a teaser card in a
#: list of posts), not a list of terms.
POST_CLASS = re.compile(r"(?<![\w-])(?:hentry|type-post|status-publish|post-\d+)(?![\w-])")
POST_TERM_CLASS = re.compile(r"(?:^|(?<=\s))(?:category|tag)-(?!(?:links?|list|cloud)(?:\s|$))[\w-]+")
#: The microformats class of a taxonomy term (``p-category``: any term, tag or category alike).
MICROFORMAT_TERM_CLASS = re.compile(r"(?<![\w-])[pu]-category(?![\w-])", re.I)
_ARCHIVE_TERM = r"(?:/{term}/?(?:[?#]|$)|(?:/|\.html?)?#[^/?#]+$)"
#: A term's page in a tag or a category archive: ``/tag/term/``, ``/categories/a/b/``, or the
#: anchor of one archive page that Jekyll themes link to (``/tags/#term``, ``/categories.html#term``);
#: the group ``category`` is set for a category archive.
ARCHIVE_HREF = re.compile(r"/(?:(?P<category>categor(?:y|ies)" + _ARCHIVE_TERM.format(term="[^?#]+?")
                          + r")|tags?" + _ARCHIVE_TERM.format(term="[^/?#]+") + ")", re.I)
#: The class of a link to an author's page ("authorName", "author-link", "byline__author").
AUTHOR_LINK_CLASS = re.compile(r"(?<![a-z])(?:author|byline)")
#: A link's text written as a hashtag (not "#1", a rank).
HASHTAG = re.compile(r"\s*#(?!\d+\b)[^\W_][\w-]*\s*$")
#: Topic and keyword archives: tags unless the link's classes say otherwise.
TOPIC_HREF = re.compile(r"/(?:topics?|tagged|keywords?|th[ée]matiques?)/[^/?#]+/?(?:[?#]|$)", re.I)
#: Labels written before a row of term links ("Tags:", "Témy:", "Filed under:"), in the languages of
#: the sites met so far; a line that opens with one is no body text either (:mod:`.boilerplate`).
TAG_LABEL_WORDS = (
    r"tags?|tagged(?: with)?|schlagw(?:ö|oe)rter|schlagworte?|stichw(?:ö|oe)rter|themen|etiquetas|étiquettes|"
    r"mots[- ]clés|sujets|argomenti|keywords?|témy|tagy|štítky|aiheet|avainsanat|emneord|stikkord|tagit|"
    r"oznake|"
    r"ознаке|етикети|žymės|raktažodžiai|related topics?|etiketler|ämnen(?: i artikeln)?|emner|tagi|"
    r"címkék|теги|мітки|ετικέτες|etichete|etiquetes|trefwoorden|onderwerpen|assuntos|temas|tópicos|tematy|"
    r"témata|#태그|태그|タグ|标签|標籤|"
    # Latvian, Estonian, Lithuanian topics, Icelandic, Armenian, Georgian, Hindi, Bengali, Gujarati, Punjabi
    r"birkas|tēmas|märksõnad|sildid|temos|efnisorð|պիտակներ|թեգեր|თეგები|ტეგები|टैग|ট্যাগ|ટૅગ|ટેગ|ਟੈਗ|"
    # Slovenian, Bosnian/Croatian/Serbian, Irish, Luxembourgish, Faroese, Tatar and Kazakh, Maltese, Malagasy
    r"ključne besede|tagovi|тагови|clibeanna|stéchwierder|evni|тэглар|тегтер|tikketti|marika|"
    # keywords of an article in Japanese, Chinese and Korean
    r"(?:この記事に関する|関連)?キーワード|关键词|關鍵詞|關鍵字|키워드|관련 ?키워드|관련 ?태그")
CATEGORY_LABEL_WORDS = (
    r"categor(?:y|ies)|kategorien?|catégories?|categorías?|categorie|rubri[ck]a|rubrique|kategória|"
    r"kategorija|категорија|рубрика|filed under|posted in|veröffentlicht in|abgelegt unter")
MAX_TOPIC_WORDS = 3  # words of each link under a "related topics" heading: terms, not headlines
#: "Related topics" in English, Portuguese, Spanish, French, German, Italian, Dutch and Polish: the
#: article's subjects, whatever the heading's form.
RELATED_TOPICS_LABEL = re.compile(
    r"\s*(?:related (?:topics|subjects|tags)|assuntos relacionados|temas relacionados|"
    r"sujets (?:li[ée]s|associ[ée]s)|verwandte themen|argomenti correlati|gerelateerde onderwerpen|"
    r"powiązane tematy)\s*[:：]?\s*$", re.I)
TAG_LABEL = re.compile(rf"\s*(?:{TAG_LABEL_WORDS})\s*[:：՝]?\s*$", re.I)  # "՝": the Armenian colon
CATEGORY_LABEL = re.compile(rf"\s*(?:{CATEGORY_LABEL_WORDS})\s*[:：՝]?\s*$", re.I)
MAX_TERM_LABEL_CHARS = 40
LABEL_LEVELS = 2  # levels above a link's parent where the label of its list may stand


@lru_cache(maxsize=4096)
def class_kind(cls: str) -> str | None:
    """"category" or "tag" for a class attribute naming one (memoised: templates repeat them).
    The microformats ``p-category`` names neither: it marks tags and categories alike; nor do a
    post's own term classes ("category-heating")."""
    cls = cls.lower()
    if "-category" in cls:
        cls = MICROFORMAT_TERM_CLASS.sub(" ", cls)
    if ("category-" in cls or "tag-" in cls) and POST_CLASS.search(cls):
        cls = POST_TERM_CLASS.sub(" ", cls)
    if CATEGORY_CLASS.search(cls):
        return "category"
    return "tag" if TAG_CLASS.search(cls) else None


def _archive_kind(href: str) -> str | None:
    """"category" or "tag" when ``href`` is a term's page in a category or a tag archive."""
    found = ARCHIVE_HREF.search(href)
    if found is None:
        return None
    return "category" if found.group("category") else "tag"


def link_kind(a: lxml_html.HtmlElement, href: str, protected: set[lxml_html.HtmlElement],
               memo: dict[tuple[lxml_html.HtmlElement, int], str | None]) -> str | None:
    """"tag", "category" or None, the most specific sign first: ``rel=category``; then the href
    naming a tag or a category archive (Jekyll themes put one class on both kinds of link); then
    the classes of the link and the lists around it (up to ``CLASS_LEVELS`` up; never the article's
    own wrappers, in ``protected``); then a topic archive href, ``rel=tag`` (WordPress themes put it
    on category links too) or the microformats term class, all tags.
    ``memo``: what the classes around earlier links of the same page said."""
    rels = (a.get("rel") or "").lower().split()
    if "category" in rels:
        return "category"
    if "author" in rels or AUTHOR_LINK_CLASS.search((a.get("class") or "").lower()):
        return None  # the byline's link to the author's page, wherever that page is filed
    kind = _archive_kind(href) or _classes_kind(a, CLASS_LEVELS, protected, memo)
    if kind:
        return kind
    if "tag" in rels or TOPIC_HREF.search(href):
        return "tag"
    cls = a.get("class")
    if cls and MICROFORMAT_TERM_CLASS.search(cls):
        return "tag"
    if HASHTAG.match(a.text or "") and _hashtag_row(a):
        return "tag"  # "#空き家 #観光", "#budget #tax": a row of hashtags is tags wherever they link to
    return _labelled_kind(a.getparent(), memo) or _list_label_kind(a)


def _hashtag_row(a: lxml_html.HtmlElement) -> bool:
    """Whether the hashtag link ``a`` has another beside it, in its parent or its list (one
    hashtag alone is as often a menu's link to a campaign's page)."""
    row = a.getparent()
    if row is not None and row.tag == "li":
        row = row.getparent()
    return row is not None and sum(1 for link in row.iter("a") if HASHTAG.match(link.text or "")) > 1


def _list_label_kind(a: lxml_html.HtmlElement) -> str | None:
    """"tag" when the list the link is in comes right after a tag label of its own, one that ends
    with a colon or is classed a label ("<span>Clibeanna:</span><ul><li><a>…", Drupal's
    "<div class="field__label">Ključne besede</div><div class="field__items">…"), or that names
    related topics ("<h3>Assuntos relacionados</h3><ul>…": a plain "Themen" heading names menus too)."""
    node = a.getparent()
    for _ in range(LABEL_LEVELS):
        if node is None:
            return None
        label = node.getprevious()
        if label is not None and isinstance(label.tag, str) and label.tag != "a" and len(label) == 0:
            text = (label.text or "").strip()
            if 0 < len(text) <= MAX_TERM_LABEL_CHARS and (
                    (RELATED_TOPICS_LABEL.match(text) and _terms_only(node))
                    or (TAG_LABEL.match(text)
                        and (text.endswith((":", "：")) or "label" in (label.get("class") or "").lower()))):
                return "tag"
        node = node.getparent()
    return None


def _terms_only(row: lxml_html.HtmlElement) -> bool:
    """Whether every link of ``row`` is a term of a few words, not a headline."""
    return all(len(all_text(a).split()) <= MAX_TOPIC_WORDS for a in row.iter("a"))


def _labelled_kind(parent: lxml_html.HtmlElement | None,
                   memo: dict[tuple[lxml_html.HtmlElement, int], str | None]) -> str | None:
    """The kind a label before a row of links names ("Témy: <a>…</a>, <a>…</a>", "<h3>Aiheet</h3>
    <a>…</a>"): the parent's own text, or its first child when that is no link; a category label
    names a single link (memoised)."""
    if parent is None:
        return None
    key = (parent, -1)
    if key in memo:
        return memo[key]
    label = parent.text or ""
    if not label.strip() and len(parent) and parent[0].tag != "a":
        label = parent[0].text or ""
    kind = None
    if 0 < len(label) <= MAX_TERM_LABEL_CHARS and not label.isspace():  # white space names no label
        if TAG_LABEL.match(label):
            kind = "tag"
        elif CATEGORY_LABEL.match(label) and sum(child.tag == "a" for child in parent) == 1:
            kind = "category"  # "Rubrika: <a>Doprava</a>", not "Posted in A, B | <a>Permalink</a>"
    memo[key] = kind
    return kind


def _classes_kind(node: lxml_html.HtmlElement, levels: int, protected: set[lxml_html.HtmlElement],
                  memo: dict[tuple[lxml_html.HtmlElement, int], str | None]) -> str | None:
    """The kind the class of ``node`` or of one of its ``levels`` nearest ancestors names, the
    nearest first (memoised: the links of a list share their ancestors)."""
    key = (node, levels)
    if key in memo:
        return memo[key]
    cls = node.get("class")
    kind = class_kind(cls) if cls and node not in protected else None
    if kind is None and levels:
        parent = node.getparent()
        if parent is not None:
            kind = _classes_kind(parent, levels - 1, protected, memo)
    memo[key] = kind
    return kind
