"""The page's JSON-LD access declarations (see :mod:`.access`): schema.org ``isAccessibleForFree``
on the article node or a page node, the ``hasPart`` ``cssSelector`` naming the paywalled part and
the words the page serves of it, the declared ``wordCount``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .structured import parse_jsonld

_FALSE = frozenset({"false", "no", "0"})


@dataclass
class Declarations:
    """What the page's JSON-LD says about its access."""

    free_declared: bool | None = None  # isAccessibleForFree
    declared_words: int | None = None  # wordCount
    part_selector: str | None = None  # hasPart cssSelector of the paywalled part
    part_words: int | None = None  # words of the page's elements that selector finds


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str | int) and str(value).strip().lower() in _FALSE)


def _declared(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    return not _is_false(value)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return None


_WORD_COUNT = re.compile(r'"wordCount"\s*:\s*"?(\d+)')


def read_declarations(doc: etree._Element, url: str) -> Declarations:
    """The page's JSON-LD isAccessibleForFree, wordCount and paywalled part."""
    out = Declarations()
    texts = [s.text or "" for s in doc.iter("script")
             if (s.get("type") or "").strip().lower() == "application/ld+json"]
    if not any("isAccessibleForFree" in t for t in texts):  # the common case: a look-up, no parse
        counts = [_WORD_COUNT.search(t) for t in texts]
        out.declared_words = next((int(m.group(1)) for m in counts if m), None)
        return out
    ld = parse_jsonld(texts, url)
    nodes = [ld.article] if ld.article else []
    nodes += [n for n in ld.nodes if n is not ld.article]
    for node in nodes:
        free = _declared(node.get("isAccessibleForFree"))
        parts = node.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and _is_false(part.get("isAccessibleForFree")):
                free = False
                selector = part.get("cssSelector")
                if isinstance(selector, str) and selector.strip() and out.part_selector is None:
                    out.part_selector = selector.strip()
        if free is not None and out.free_declared is None:
            out.free_declared = free
        if out.declared_words is None and node is ld.article:
            out.declared_words = _int(node.get("wordCount"))
    if out.part_selector:
        try:
            from lxml.cssselect import CSSSelector

            found = CSSSelector(out.part_selector, translator="html")(doc)
        except Exception:  # a selector cssselect cannot read: the part is unknown
            found = []
        out.part_words = sum(len(el.text_content().split()) for el in found
                              if not any(a in found for a in el.iterancestors()))
    return out
