"""HTML to Markdown, straight from the lxml tree (no second parse).

Blocks (paragraphs, headings, lists, tables, quotes, code) are separated by one blank line; inline
markup becomes ``**bold**``, ``*em*``, `` `code` ``, ``[text](url)`` and ``![alt](src)`` with
absolute URLs. Whitespace is collapsed as a browser would, and only the characters that would
otherwise change the meaning of the text are escaped. The output depends on nothing but the tree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from ..kernel.model import escape_inline
from .codeblocks import code_language, code_table, code_text, fence
from .document import absolutize, image_source

#: Elements that start a new block.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html", "caption",
})
#: Elements whose content is never text of the article.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "svg", "canvas", "button", "input", "select", "option", "textarea", "audio",
    "video", "source", "track", "map", "area", "param", "frame", "frameset", "base",
})
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Class/attribute markers of anchors a generator puts inside headings (permalink icons).
HEADING_ANCHOR = re.compile(
    r"\b(headerlink|header-anchor|anchor(js)?(-link)?|heading-link|permalink|hash-link)\b")
#: Permalink marks at a heading's edges ("¶", "# Title", "Title #"); "#1 pick" and "C#" keep theirs.
_EDGE_MARKS = re.compile(r"^[#¶§]+(?:\s+|$)|\s+[#¶§]+$|¶+$")
_BR = "\ue000"  # marks a hard line break inside inline text until paragraphs are assembled
_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_SPACES = re.compile(r" {2,}")
#: Invisible characters that only break or join lines; the zero-width (non-)joiners stay: Persian
#: and Indic spelling and emoji sequences are written with them.
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_NEEDS_ESCAPE = re.compile(r"[\\`*_\]<]")
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[+-](?=\s|$)|-+\s*$|=+\s*$|\d{1,9}(?=[.)](\s|$)))", re.M)
#: The marks a line can open with (after white space) for :data:`_LINE_START` to match, digits aside.
_LINE_START_MARKS = "#>+-="
#: A table's rows (not those of the tables inside it), and a row's cells: compiled once, not for
#: every table and row.
_ROWS = etree.XPath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
_CELLS = etree.XPath("./td|./th")


@dataclass
class Heading:
    """A heading met in the top-level flow (the body splits its sections there)."""

    level: int
    text: str

    def markdown(self) -> str:
        return "#" * self.level + " " + escape_inline(self.text)


class _ListBlock(str):
    """A rendered list (lets list items stay tight around nested lists)."""


def without_permalink_marks(text: str) -> str:
    """A heading's text without the permalink marks at its edges (a Sphinx headline's "¶")."""
    return _EDGE_MARKS.sub("", text).strip()


def _escape_line_starts(text: str) -> str:
    """``text`` with a backslash before each line's opening mark that Markdown would read as a
    heading, quote, list item or rule."""
    if "\n" not in text:  # one line: its first character other than white space tells
        first = text.lstrip()[:1]
        if not first or (first not in _LINE_START_MARKS and not first.isdecimal()):
            return text

    def fix(m: re.Match[str]) -> str:
        lead, mark = m.group(1), m.group(2)
        if mark[0].isdigit():
            return lead + mark + "\\"  # "1\." keeps the number but not the list
        return lead + "\\" + mark
    return _LINE_START.sub(fix, text)


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _clean_url(url: str) -> str:
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


class MarkdownRenderer:
    """Renders an element's content as a list of Markdown blocks (strings and :class:`Heading`)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    # --- block flow -----------------------------------------------------------------------------
    def blocks(self, el: etree._Element, top: bool = True) -> list[str | Heading]:
        out: list[str | Heading] = []
        tag = _tag(el)
        if tag in BLOCK_TAGS:
            self._block(el, tag, out, top)
        elif tag and tag not in SKIP_TAGS:
            self._flow(el, out, top)
        return out

    def contents(self, el: etree._Element, top: bool = False) -> list[str | Heading]:
        """Blocks for the children of ``el`` (whatever ``el`` itself is)."""
        out: list[str | Heading] = []
        self._flow(el, out, top)
        return out

    def _flow(self, el: etree._Element, out: list, top: bool) -> None:
        buf: list[str] = [self._text(el.text)] if el.text else []
        for child in el:
            buf = self._child(child, out, buf, top)
        self._flush(buf, out)

    def _child(self, child: etree._Element, out: list, buf: list[str], top: bool) -> list[str]:
        tag = _tag(child)
        if tag and tag not in SKIP_TAGS:
            if tag in BLOCK_TAGS or (tag not in ("img", "br") and len(child) and self._has_block(child)):
                self._flush(buf, out)
                buf = []
                self._block(child, tag, out, top)
            else:
                buf.append(self._inline(child, tag))
        if child.tail:
            buf.append(self._text(child.tail))
        return buf

    @staticmethod
    def _has_block(el: etree._Element) -> bool:
        return any(_tag(d) in BLOCK_TAGS for d in el.iterdescendants())

    def _flush(self, buf: list[str], out: list) -> None:
        if not buf:
            return
        text = "".join(buf)
        lines = [(_SPACES.sub(" ", line) if "  " in line else line).strip() for line in text.split(_BR)]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            return
        lines = [_escape_line_starts(line) for line in lines]
        out.append("  \n".join(lines))

    def _block(self, el: etree._Element, tag: str, out: list, top: bool) -> None:
        if tag in HEADING_TAGS:
            text = self.heading_text(el)
            if not text:
                return
            if top:
                out.append(Heading(int(tag[1]), text))
            else:
                out.append(f"**{escape_inline(text)}**")
        elif tag in ("ul", "ol", "menu", "dir"):
            rendered = self._list(el, tag == "ol")
            if rendered:
                out.append(rendered)
        elif tag == "li":
            rendered = self._items([el], False, 1)
            if rendered:
                out.append(rendered)
        elif tag == "pre":
            code = code_text(el)
            if code.strip():
                out.append(fence(code, code_language(el)))
        elif tag == "blockquote":
            inner = self._render(self.contents(el))
            if inner:
                out.append("\n".join(("> " + line).rstrip() for line in inner.split("\n")))
        elif tag == "table":
            self._table(el, out, top)
        elif tag == "hr":
            out.append("---")
        elif tag in ("tr", "td", "th", "tbody", "thead", "tfoot", "caption"):
            self._flow(el, out, False)
        else:
            self._flow(el, out, top)

    def _render(self, blocks: list[str | Heading]) -> str:
        parts = [b.markdown() if isinstance(b, Heading) else b for b in blocks]
        return "\n\n".join(p for p in parts if p.strip())

    # --- lists ----------------------------------------------------------------------------------
    def _list(self, el: etree._Element, ordered: bool) -> str:
        items: list[etree._Element] = []
        for child in el:
            tag = _tag(child)
            if not tag or tag in SKIP_TAGS:
                continue
            if tag in ("ul", "ol") and items:
                items[-1].append(child)  # nested list outside its <li>: attach to the previous item
                continue
            items.append(child)
        start = 1
        if ordered:
            m = re.match(r"\s*(-?\d{1,9})", el.get("start") or "")
            start = int(m.group(1)) if m else 1
        return self._items(items, ordered, start)

    def _items(self, items: list[etree._Element], ordered: bool, start: int) -> str:
        rendered: list[str] = []
        number = start
        for item in items:
            blocks = [b.markdown() if isinstance(b, Heading) else b for b in self.contents(item)]
            blocks = [b for b in blocks if b.strip()]
            if not blocks:
                continue
            marker = f"{number}." if ordered else "-"
            number += 1
            tight = len(blocks) == 1 or (len(blocks) == 2 and isinstance(blocks[1], _ListBlock))
            body = ("\n" if tight else "\n\n").join(blocks)
            pad = " " * (len(marker) + 1)
            lines = body.split("\n")
            text = marker + " " + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:])
            rendered.append(text)
        return _ListBlock("\n".join(rendered)) if rendered else ""

    # --- tables ---------------------------------------------------------------------------------
    def _table(self, table: etree._Element, out: list, top: bool) -> None:
        grid = [_CELLS(row) for row in _ROWS(table)]
        code = code_table(grid)
        if code is not None:
            if code:
                out.append(code)
            return
        if self._is_layout(table, grid):
            for row in grid:
                for cell in row:
                    self._flow(cell, out, top)
            return
        caption = table.find("caption")
        if caption is not None:
            self._flow(caption, out, False)
        texts: list[list[str]] = []
        for row in grid:
            cells: list[str] = []
            for cell in row:
                content = self._render(self.contents(cell))
                content = re.sub(r"\s*\n\s*", " ", content).replace("|", "\\|").strip()
                cells.append(content)
                span = re.match(r"\s*(\d{1,2})", cell.get("colspan") or "")
                cells.extend([""] * (min(int(span.group(1)), 20) - 1 if span else 0))
            texts.append(cells)
        texts = [r for r in texts if any(c for c in r)]
        if not texts:
            return
        width = max(len(r) for r in texts)
        texts = [r + [""] * (width - len(r)) for r in texts]
        lines = ["| " + " | ".join(texts[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in texts[1:]]
        out.append("\n".join(line.replace("|  |", "| |") for line in lines))

    @staticmethod
    def _is_layout(table: etree._Element, grid: list[list[etree._Element]]) -> bool:
        if not grid or table.find(".//table") is not None:
            return True
        if (table.get("role") or "").lower() == "presentation":
            return True
        if max(len(r) for r in grid) < 2 and table.find(".//th") is None:
            return True
        for row in grid:
            for cell in row:
                if len(cell.text_content()) > 400 and cell.find(".//p") is not None:
                    return True
        return False

    # --- inline ---------------------------------------------------------------------------------
    @staticmethod
    def _text(text: str) -> str:
        if text.isspace():
            return " "
        if "  " in text or not text.isprintable():  # else its white space is single spaces already
            text = _WS.sub(" ", text)
        if _ZERO_WIDTH.search(text):
            text = _ZERO_WIDTH.sub("", text)
        return escape_inline(text) if _NEEDS_ESCAPE.search(text) else text

    def _inline_children(self, el: etree._Element) -> str:
        parts: list[str] = [self._text(el.text)] if el.text else []
        for child in el:
            tag = _tag(child)
            if tag and tag not in SKIP_TAGS:
                if tag in BLOCK_TAGS:
                    parts.append(f" {self._inline_children(child)} ")
                else:
                    parts.append(self._inline(child, tag))
            if child.tail:
                parts.append(self._text(child.tail))
        return "".join(parts)

    def _inline(self, el: etree._Element, tag: str) -> str:
        if tag == "br":
            return _BR
        if tag == "img":
            return self._image(el)
        if tag in ("wbr",):
            return ""
        if tag in ("code", "kbd", "samp", "tt"):
            return self._code_span(el)
        if tag == "a":
            return self._link(el)
        if tag == "math":
            return self._math(el)
        inner = self._inline_children(el)
        if tag in ("strong", "b"):
            return self._wrap(inner, "**")
        if tag in ("em", "i", "cite", "dfn"):
            return self._wrap(inner, "*")
        if tag in ("del", "s", "strike"):
            return self._wrap(inner, "~~")
        return inner

    @staticmethod
    def _wrap(inner: str, mark: str) -> str:
        core = inner.strip()
        if not core or core.replace(_BR, "").strip() == "":
            return inner
        if core.startswith(mark) and core.endswith(mark):
            return inner  # already emphasised by a nested element
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        return f"{lead}{mark}{core}{mark}{trail}"

    def _code_span(self, el: etree._Element) -> str:
        text = _WS.sub(" ", code_text(el)).strip()
        if not text:
            return ""
        ticks = "`"
        while ticks in text:
            ticks += "`"
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return f"{ticks}{pad}{text}{pad}{ticks}"

    @staticmethod
    def _math(el: etree._Element) -> str:
        """MathML: its TeX annotation as ``$...$`` when it has one, else its text."""
        for ann in el.iter("annotation"):
            if "tex" in (ann.get("encoding") or "").lower() and (ann.text or "").strip():
                return f"${ann.text.strip()}$"
        return escape_inline(" ".join("".join(el.itertext()).split()))

    def _image(self, img: etree._Element) -> str:
        src = image_source(img, self.base_url)
        if not src:
            return ""
        alt = _WS.sub(" ", img.get("alt") or "").strip().replace("[", "").replace("]", "")
        return f"![{alt}]({_clean_url(src)})"

    def _link(self, a: etree._Element) -> str:
        if HEADING_ANCHOR.search(a.get("class") or "") and not a.text_content().strip(" #¶§"):
            return ""
        inner = self._inline_children(a)
        text = inner.strip()
        href = absolutize(a.get("href"), self.base_url, keep_fragment=True)
        if not text:
            return ""
        if not href:
            return inner
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        text = text.replace(_BR, " ")
        return f"{lead}[{text}]({_clean_url(href)}){trail}"

    def heading_text(self, el: etree._Element) -> str:
        """A heading's plain text, without permalink anchors."""
        parts: list[str] = []
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = _tag(child)
            skip = tag in SKIP_TAGS or (tag == "a" and HEADING_ANCHOR.search(child.get("class") or "")
                                        and not child.text_content().strip(" #¶§"))
            if tag and not skip and tag != "br":
                parts.append(child.text_content())
            elif tag == "br":
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)
        text = _ZERO_WIDTH.sub("", _WS.sub(" ", "".join(parts))).strip()
        return without_permalink_marks(text)


def render_blocks(blocks: Sequence[str | Heading]) -> str:
    """Join rendered blocks into one Markdown document."""
    parts = [b.markdown() if isinstance(b, Heading) else b for b in blocks]
    return "\n\n".join(p.strip("\n") for p in parts if p.strip())


def to_markdown(el: etree._Element, base_url: str) -> str:
    """Markdown for the content of ``el`` (links and images resolved against ``base_url``)."""
    if el is None:
        return ""
    return render_blocks(MarkdownRenderer(base_url).blocks(el))
