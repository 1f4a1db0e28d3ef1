"""Code blocks in HTML: their text (without line-number gutters) and their language.

Highlighters disagree on markup: ``<pre><code class="language-x">``, highlight.js ``hljs x``,
Pygments ``div.highlight-x`` and ``table.highlighttable``, Hexo/Rouge ``figure.highlight x`` with a
gutter cell of line numbers beside the code cell, Prism's ``span.line-numbers-rows``.
"""

from __future__ import annotations

import re

from lxml import etree

#: Class tokens of line-number gutters inside highlighted code.
GUTTER = re.compile(r"\b(gutter|line-?numbers?(-rows)?|linenos?|lineno|linenodiv|rouge-gutter|gl)\b")
#: Class prefixes that carry a code block's language.
LANG_CLASS = re.compile(r"^(?:language|lang|highlight|brush|hljs)[-:]([\w+#.-]{1,20})$")
#: Class tokens of code containers that say nothing about the language.
GENERIC_CODE_CLASS = frozenset({
    "highlight", "hljs", "code", "sourcecode", "notranslate", "prettyprint", "codehilite", "chroma",
    "syntax", "source", "linenums", "line-numbers", "wp-block-code", "figure", "plain", "text",
    "nohighlight", "no-highlight", "block", "snippet", "shiki", "astro-code", "default",
    "highlighter-rouge", "rouge-code", "js-file-line", "brush", "gutter", "highlighttable",
})
#: Wrapper classes whose other class tokens name the language ("highlight python").
LANGUAGE_CARRIERS = frozenset({"highlight", "hljs", "sourcecode", "codehilite"})
LANGUAGE_NAME = re.compile(r"[a-z][\w+#-]{0,19}")
LANGUAGE_ATTRS = ("data-lang", "data-language", "lang")
SKIPPED_IN_CODE = frozenset({"script", "style", "button", "svg", "template"})
LINE_ELEMENTS = frozenset({"div", "p", "li", "tr"})
MAX_WRAPPERS = 4  # ancestors of a <pre> searched for a language


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def code_language(pre: etree._Element) -> str:
    """The language of a code block from its own, its ``<code>`` child's or its wrappers' classes."""
    chain = [pre]
    code = pre.find("code")
    if code is not None:
        chain.insert(0, code)
    parent = pre.getparent()
    for _ in range(MAX_WRAPPERS):
        if parent is None:
            break
        chain.append(parent)
        parent = parent.getparent()
    for el in chain:
        for attr in LANGUAGE_ATTRS:
            value = (el.get(attr) or "").strip().lower()
            if re.fullmatch(r"[\w+#.-]{1,20}", value) and el.tag in ("pre", "code", "div", "figure"):
                return value
        tokens = (el.get("class") or "").lower().split()
        for tok in tokens:
            m = LANG_CLASS.match(tok)
            if m and m.group(1) not in GENERIC_CODE_CLASS:
                return m.group(1)
        if LANGUAGE_CARRIERS & set(tokens):
            rest = [t for t in tokens if t not in GENERIC_CODE_CLASS and LANGUAGE_NAME.fullmatch(t)]
            if rest:
                return rest[0]
    return ""


def code_text(el: etree._Element) -> str:
    """The text of a code block: ``<br>`` and per-line block elements become newlines and
    line-number gutters are left out."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            tag = _tag(child)
            if tag == "br":
                out.append("\n")
            elif tag and tag not in SKIPPED_IN_CODE and not GUTTER.search(child.get("class") or ""):
                walk(child)
                if tag in LINE_ELEMENTS and out and not out[-1].endswith("\n"):
                    out.append("\n")
            if child.tail:
                out.append(child.tail)

    walk(el)
    text = "".join(out).replace("\r\n", "\n").replace("\u00a0", " ")
    text = re.sub(r"^\s*\n", "", text)
    return text.rstrip()


def fence(code: str, lang: str) -> str:
    """A fenced code block, with a fence longer than any backtick run inside the code."""
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return f"{ticks}{lang}\n{code}\n{ticks}"


def code_table(grid: list[list[etree._Element]]) -> str | None:
    """Highlighters (Hexo, Pygments, Rouge) lay code out as a one-row table: a gutter cell of
    line numbers beside the code cell. Returns the fenced code ("" when empty), or None when the
    table is not such a layout."""
    if len(grid) != 1 or len(grid[0]) != 2:
        return None
    gutter, cell = grid[0]
    pre = cell.find(".//pre")
    if pre is None:
        return None
    if not (GUTTER.search(gutter.get("class") or "") or re.fullmatch(r"[\d\s]*", gutter.text_content())):
        return None
    code = code_text(pre)
    return fence(code, code_language(pre)) if code.strip() else ""
