"""Typed results of page extraction: plain dataclasses, no Scrapy, no I/O."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Author:
    """A person credited for an article."""

    name: str
    url: str | None = None
    avatar: str | None = None


@dataclass
class Section:
    """One part of the body: a heading (None for the lead before the first heading) and Markdown."""

    heading: str | None
    level: int  # 1-6 for a heading, 0 for the lead section
    markdown: str


@dataclass
class RelatedLink:
    """One entry of a related-article list, in page order."""

    url: str
    title: str | None  # None when the index holds no anchor text


@dataclass
class Metadata:
    """Everything about an article that is not its body."""

    title: str | None = None
    date: datetime | None = None  # aware when the page gives a zone
    updated: datetime | None = None
    authors: list[Author] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    description: str | None = None
    excerpt: str | None = None
    keywords: list[str] = field(default_factory=list)
    thumbnail: str | None = None
    canonical_url: str | None = None
    #: a canonical URL (rel=canonical, og:url) the page declared but is not archived under: on
    #: another site, or one that gave no article (see crawler/canonical.py)
    canonical_claim: str | None = None
    site_name: str | None = None
    language: str | None = None
    #: the canonical member's URL when this article is a republished copy of another one (set by
    #: the archive's near-duplicate grouping, exporters/dupes, never by the parser)
    duplicate_of: str | None = None
    page_type: str | None = None  # og:type / JSON-LD @type, e.g. "article", "website"
    #: whether the page shows its article: "free", "restricted" (a paywalled teaser) or "wall" (a
    #: consent, login or pay wall instead of it); None for articles archived before it was checked
    access: str | None = "free"
    access_reason: str | None = None  # why (machine-readable words and numbers)


@dataclass
class Article:
    """The result of parsing one page: metadata, body sections and related links."""

    url: str
    metadata: Metadata = field(default_factory=Metadata)
    sections: list[Section] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every absolute http(s) link on the page, in order
    is_article: bool = True
    reason: str | None = None  # why the page is not an article, when is_article is False
    warnings: list[str] = field(default_factory=list)

    @property
    def canonical_url(self) -> str:
        return self.metadata.canonical_url or self.url

    @property
    def title(self) -> str | None:
        return self.metadata.title

    # The body as Markdown and as text is asked for many times per article (hash, front matter,
    # index row, word count): each is computed once, and again only after ``sections`` is assigned
    # (sections are replaced, never edited in place, once an article is built).
    def __setattr__(self, name: str, value: Any) -> None:
        if name == "sections":
            self.__dict__.pop("_markdown", None)
            self.__dict__.pop("_text", None)
        object.__setattr__(self, name, value)

    @property
    def body_markdown(self) -> str:
        cached = self.__dict__.get("_markdown")
        if cached is None:
            parts: list[str] = []
            for s in self.sections:
                if s.heading is not None:
                    parts.append("#" * max(1, min(6, s.level)) + " " + escape_inline(s.heading))
                if s.markdown.strip():
                    parts.append(s.markdown.strip())
            cached = self.__dict__["_markdown"] = "\n\n".join(parts) + ("\n" if parts else "")
        return cached

    @property
    def body_text(self) -> str:
        cached = self.__dict__.get("_text")
        if cached is None:
            cached = self.__dict__["_text"] = markdown_to_text(self.body_markdown)
        return cached

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("date", "updated"):
            v = d["metadata"][k]
            d["metadata"][k] = v.isoformat() if v else None
        d["canonical_url"] = self.canonical_url
        d["body_markdown"] = self.body_markdown
        d["body_text"] = self.body_text
        return d


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
#: Line-start markup. A table rule's blanks are those of its line: a blank run across lines was
#: rescanned from every line start in it (quadratic on a page of thousands of empty image paragraphs).
_MD_MARKS = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+|```.*$|\|?[ \t]*:?-{3,}.*$)", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|\*|`)")
_BLANK_LINES = re.compile(r"\n{3,}")

#: What Markdown reads as markup in running text: emphasis and code marks, a "]" that would close a
#: link, and "<" before what an HTML tag starts with.
_INLINE_MARKUP = re.compile(r"([\\`*]|(?<!\w)_|_(?!\w)|\](?=[(\[])|<(?=[A-Za-z/!?]))")
#: The same in a link's text, where any bracket would end the text or open another link.
_LINK_TEXT_MARKUP = re.compile(r"([\\`*\[\]]|(?<!\w)_|_(?!\w)|<(?=[A-Za-z/!?]))")


def escape_inline(text: str, link_text: bool = False) -> str:
    """``text`` taken from a page with what Markdown reads as markup escaped, so that it stays text
    (a heading "<img onerror=…>" is no tag, "[me](javascript:…)" no link); ``link_text``: the text
    goes between the brackets of a link."""
    return (_LINK_TEXT_MARKUP if link_text else _INLINE_MARKUP).sub(r"\\\1", text)


_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash-escaped ASCII punctuation mark
_ESCAPE_BASE = 0xF0000  # escaped marks wait in a private-use plane while the markup goes
_HELD = re.compile("[\U000F0021-\U000F007E]")


#: A fenced code block (its fence longer than any backtick run inside) and an inline code span
#: (not opened by an escaped backtick of the text).
_MD_FENCE_OPEN = re.compile(r"^(`{3,})[^\n`]*\n", re.M)
_MD_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)  # "\`": an escaped tick
_CODE_MARK = "\U0010fffd"  # a code's place in the text while the markup around it goes
_CODE_PLACE = re.compile(_CODE_MARK + r"(\d+)" + _CODE_MARK)


def markdown_to_text(md: str) -> str:
    """Plain text of a Markdown body: markup, image references and link targets removed;
    escaped characters ("inter\\* Personen", "1\\. Choose") are kept as the text had them, and
    code as it was written (``**kwargs``, a template literal's backticks)."""
    if "`" not in md:
        return _plain(md)
    codes: list[str] = []

    def hold(code: str) -> str:
        codes.append(code)
        return f"{_CODE_MARK}{len(codes) - 1}{_CODE_MARK}"

    def spans(text: str) -> str:
        return _MD_CODE_SPAN.sub(lambda m: hold(m.group(2).strip(" ") or m.group(2)), text)

    parts = []
    start = 0
    for begin, code_start, code_end, end, fence in _fenced_blocks(md):
        parts.append(spans(md[start:begin]))  # code spans are looked for between the blocks only
        # the closing fence stays, for the blank lines around it to go as they go without code
        parts.append(hold(md[code_start:code_end]) + "\n" + fence)
        start = end
    parts.append(spans(md[start:]))
    return _CODE_PLACE.sub(lambda m: codes[int(m.group(1))], _plain("".join(parts)))


def _fenced_blocks(md: str) -> list[tuple[int, int, int, int, str]]:
    """(start, code start, code end, end, fence) of each fenced code block, in order. A fence that
    is never closed is not looked for again: lines that open one and never close it cost one
    search each, not one per line after them."""
    found: list[tuple[int, int, int, int, str]] = []
    unclosed: set[str] = set()
    pos = 0
    while True:
        opening = _MD_FENCE_OPEN.search(md, pos)
        if opening is None:
            return found
        fence = opening.group(1)
        closing = None
        if fence not in unclosed:
            closing = re.compile(rf"^{fence}[ \t]*$", re.M).search(md, opening.end())
            if closing is None:
                unclosed.add(fence)
        if closing is None:
            pos = opening.end()
            continue
        code_end = max(closing.start() - 1, opening.end())  # the newline before the closing fence
        found.append((opening.start(), opening.end(), code_end, closing.end(), fence))
        pos = closing.end()


def _plain(md: str) -> str:
    escaped = "\\" in md
    text = _MD_ESCAPED.sub(lambda m: chr(_ESCAPE_BASE + ord(m.group(1))), md) if escaped else md
    if "](" in text:  # each pattern runs only on a text holding the marks it looks for
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    if "*" in text or "`" in text or "__" in text:
        text = _MD_EMPH.sub("", text)
    text = text.replace("|", " ").replace("\\", "")
    if escaped:
        text = _HELD.sub(lambda m: chr(ord(m.group()) - _ESCAPE_BASE), text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
