"""Whether a page shows its article: ``free``, ``restricted`` (a teaser of a paywalled article) or
``wall`` (a consent, login or pay wall instead of the article), with a short reason.

Detection is by method, never by site:

* **structured data**: schema.org ``isAccessibleForFree: false`` in JSON-LD (on the article node
  or a page node), the ``hasPart`` ``cssSelector`` naming the paywalled part, the declared
  ``wordCount``;
* **blocks**: elements that are consent dialogs, login prompts or subscription promos, found by
  class/id hints (consent managers, paywall boxes), overlays (``<dialog>``, ``role=dialog``,
  ``aria-modal``, modal/overlay classes) and by phrase families in seven languages
  (:mod:`.access_words`) in *short* blocks, so that an article that merely talks about
  subscriptions or cookies is not taken for a wall;
* **the body that is left**: a consent or login block with (almost) no body is a wall; a
  subscription or login prompt after the body (little text follows it), or a JSON-LD paywall
  declaration whose body is well short of the declared word count, is a teaser.

:mod:`.access_ld` reads the declarations; :mod:`.access_find` finds the elements with hints and
the text nodes with trigger stems without a walk in Python (most pages have few or none: the
phrase analysis runs on those only). :func:`scan_access` runs on the page before the body is
extracted; :func:`remove_blocks` takes the blocks it found out of the page (a promo or consent
text is never the body, nor appended to it);
:func:`.access_verdict.decide` gives the verdict from the scan and the words of the extracted body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from ..kernel.fields import ACCESS_RANK
from .access_find import CONSENT_BIT as _CONSENT_BIT
from .access_find import OVERLAY_BIT as _OVERLAY_BIT
from .access_find import WALL_BIT as _WALL_BIT
from .access_find import access_bits as _hints
from .access_find import hinted_elements, trigger_texts
from .access_ld import read_declarations
from .access_words import (
    ACCESS,
    CONSENT,
    LOGIN,
    NEWSLETTER,
    PAYWALL,
    SUBSCRIBE,
)
from .cleanup import behind_modal, drop
from .document import hiding_style

FREE, RESTRICTED, WALL = "free", "restricted", "wall"
#: How complete each verdict is (a crawl never replaces a stored revision with a lower one).
RANK = ACCESS_RANK
CONSENT_KIND, LOGIN_KIND, PAYWALL_KIND = "consent", "login", "paywall"

#: Largest consent block (words) taken out of the page, and largest promo / login block.
MAX_CONSENT_WORDS = 400
MAX_PROMO_WORDS = 120
#: A phrase without class hints counts in a sentence of at most this many more words (a
#: subscription verb with a reading phrase: in a sentence of at most COMBO_SENTENCE_WORDS).
SENTENCE_SLACK = 8
COMBO_SENTENCE_WORDS = 16
QUOTES = frozenset("\"'“”„«»‘’‹›(")  # a quoted or parenthesised phrase is cited, not shown
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: A text-only consent block (no class hint, no overlay) is at most this long.
MAX_TEXT_CONSENT_WORDS = 150
#: Texts whose phrases are remembered: a block's text is read again as the scan climbs from it and
#: as the text of the elements around it (the phrase families, matched ignoring case, try every
#: place of a text).
PHRASE_MEMO = 256
#: A paragraph of this many words without any prompt phrase is prose: blocks never swallow it.
PROSE_WORDS = 20
#: A prompt followed by at most this many words of the page's content closes the body: a teaser.
TRAILING_WORDS = 60

BLOCK_TAGS = frozenset({"p", "div", "section", "aside", "li", "h1", "h2", "h3", "h4", "h5", "h6", "form",
                        "dialog", "td", "blockquote", "header", "footer", "figure", "ul", "ol", "dl", "nav",
                        "table", "center"})
CHROME_TAGS = ("header", "footer", "nav", "aside", "form")
MENU_TAGS = frozenset({"a", "button", "li", "label", "option", "select"})
ROOT_TAGS = frozenset({"html", "body", "article", "main"})
OUTSIDE_TAGS = frozenset({"nav", "footer", "aside"})  # not the article's text
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})


@dataclass
class Block:
    """A consent dialog, login prompt or subscription promo found on the page."""

    kind: str
    phrase: str
    words: int
    element: etree._Element
    hinted: bool = False
    overlay: bool = False  # a dialog, modal or overlay (over the whole page, not in the text)
    trailing: int = 0  # words of the page's content after it (promos and prompts)


@dataclass
class AccessScan:
    """What the page says about its access, found before the body is extracted."""

    blocks: list[Block] = field(default_factory=list)
    free_declared: bool | None = None  # JSON-LD isAccessibleForFree
    declared_words: int | None = None  # JSON-LD wordCount
    part_selector: str | None = None  # JSON-LD hasPart cssSelector of the paywalled part
    part_words: int | None = None  # words of the page's elements that selector finds
    page_words: int = 0  # words of the page's text outside the blocks and the site's chrome

    def of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]


def _words(text: str) -> int:
    return len(text.split())


def _norm(el: etree._Element) -> str:
    """The element's text, its parts kept apart (buttons side by side are separate words)."""
    return " ".join(" ".join(el.itertext()).split())


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return not behind_modal(el)
    return hiding_style(el.get("style"))


# -- blocks --------------------------------------------------------------------------------------

@lru_cache(maxsize=PHRASE_MEMO)
def _consent_phrases(text: str) -> list[str]:
    """The consent phrases of ``text``, in order (memoised; the caller never changes the list)."""
    return CONSENT.findall(text)


@lru_cache(maxsize=PHRASE_MEMO)
def _kind_of(text: str, bits: int) -> tuple[str, str] | None:
    """The kind of block ``text`` (with class/overlay ``bits``) is, and the phrase that says so.
    A login or subscription phrase counts only where it stands alone: not quoted, in a short
    sentence of its own (an article about paywalls cites them in long sentences; a box whose
    class says paywall or overlay may have a longer one). Memoised."""
    consent = _consent_phrases(text)
    if consent and (len(set(m.lower() for m in consent)) >= 2 or bits & (_CONSENT_BIT | _OVERLAY_BIT)):
        return CONSENT_KIND, consent[0]
    for kind, family, slack in ((LOGIN_KIND, LOGIN, SENTENCE_SLACK), (PAYWALL_KIND, PAYWALL, SENTENCE_SLACK)):
        for match in family.finditer(text):
            if _stands_alone(text, match, COMBO_SENTENCE_WORDS if bits else slack):
                return kind, match.group(0)
    if (bits & _WALL_BIT or ACCESS.search(text)) and not NEWSLETTER.search(text):
        for match in SUBSCRIBE.finditer(text):
            if bits & _WALL_BIT or _stands_alone(text, match, COMBO_SENTENCE_WORDS - 1):
                return PAYWALL_KIND, match.group(0)
    return None


def _stands_alone(text: str, match: re.Match[str], slack: int) -> bool:
    """Whether the phrase ``match`` is not quoted and its sentence has at most ``slack`` more words."""
    before = text[:match.start()].rstrip()
    if before[-1:] in QUOTES:
        return False
    start = max(before.rfind(c) for c in ".!?:") + 1
    after = SENTENCE_END.search(text, match.end())
    sentence = text[start:after.end() if after else len(text)]
    return _words(sentence) <= _words(match.group(0)) + slack


def _any_phrase(text: str) -> bool:
    return bool(_consent_phrases(text) or LOGIN.search(text) or PAYWALL.search(text)
                or SUBSCRIBE.search(text))


def _has_prose(el: etree._Element) -> bool:
    """Whether ``el`` holds a paragraph of ordinary text (article prose, not a prompt)."""
    for p in el.iter("p"):
        text = _norm(p)
        if _words(text) >= PROSE_WORDS and not _any_phrase(text):
            return True
    return False


def _short_text(el: etree._Element, limit: int) -> str | None:
    """The element's text (see :func:`_norm`), or None once it has more than ``limit`` words (the
    rest is not read)."""
    parts: list[str] = []
    words = 0
    for piece in el.itertext():
        words += len(piece.split())
        if words > limit:
            return None
        parts.append(piece)
    return " ".join(" ".join(parts).split())


def _climb(el: etree._Element, limit: int, protected: set) -> etree._Element:
    """The largest ancestor of ``el`` (itself included) of at most ``limit`` words that is not the
    page's body, an article, the paywalled part, nor holds a paragraph of prose."""
    best = el
    node = el.getparent()
    while node is not None and node.tag not in ROOT_TAGS and node not in protected:
        if node.get("itemprop") == "articleBody" or _short_text(node, limit) is None or _has_prose(node):
            break
        best = node
        node = node.getparent()
    return best


def _block_of(node: etree._Element) -> etree._Element | None:
    while node is not None and isinstance(node.tag, str) and node.tag not in BLOCK_TAGS:
        if node.tag in SKIP_TAGS:
            return None
        node = node.getparent()
    return node if node is not None and node.tag not in ROOT_TAGS else None


def _trailing(el: etree._Element) -> int:
    """Words of the page's content after ``el`` (up to the enclosing article, main or body),
    counted up to :data:`TRAILING_WORDS` + 1."""
    words = _words(el.tail or "")
    node = el
    while node is not None and node.tag not in ROOT_TAGS and words <= TRAILING_WORDS:
        for sib in node.itersiblings():
            if isinstance(sib.tag, str) and sib.tag not in SKIP_TAGS and sib.tag not in OUTSIDE_TAGS \
                    and not _hidden(sib):
                text = _short_text(sib, TRAILING_WORDS - words)
                words += TRAILING_WORDS + 1 if text is None else _words(text)
            words += _words(sib.tail or "")
            if words > TRAILING_WORDS:
                break
        node = node.getparent()
    return words


def _hinted(el: etree._Element, bits: int, protected: set, found: dict[Any, Block]) -> None:
    """An element whose class, id or role says consent manager, paywall box or overlay, holding
    such a text."""
    if el in protected or _hidden(el):
        return
    limit = MAX_CONSENT_WORDS if bits & (_CONSENT_BIT | _OVERLAY_BIT) else MAX_PROMO_WORDS
    text = _short_text(el, limit)
    if not text:
        return
    kind = _kind_of(text, bits)
    if kind and (kind[0] == CONSENT_KIND or _words(text) <= MAX_PROMO_WORDS) and not _has_prose(el):
        if kind[0] != CONSENT_KIND and _in_chrome(el):  # "Subscribe" in the site's menu
            return
        found[el] = Block(kind[0], kind[1], _words(text), el, hinted=True, overlay=bool(bits & _OVERLAY_BIT))


def _walk(body: etree._Element, protected: set, found: dict[Any, Block],
          hinted: list[etree._Element] | None = None) -> None:
    """Elements with hints are read first (``hinted``, when the caller's walk over the page has
    collected them; else found by :mod:`.access_find`); then short blocks whose text is (mostly)
    a consent, login or subscription phrase, but only the blocks of text nodes that hold a
    trigger stem."""
    for el in hinted_elements(body) if hinted is None else hinted:
        if el.tag not in SKIP_TAGS and el.tag not in ROOT_TAGS:
            bits = _hints(el)
            if bits:
                _hinted(el, bits, protected, found)
    seen: set = set()
    for node in trigger_texts(body):
        owner = node.getparent()
        if owner is not None and node.is_tail:
            owner = owner.getparent()
        block = _block_of(owner) if owner is not None else None
        if block is None or block in seen or block in protected:
            continue
        seen.add(block)
        _text_block(block, protected, found)


def _text_block(block: etree._Element, protected: set, found: dict[Any, Block]) -> None:
    text = _short_text(block, MAX_PROMO_WORDS)
    if not text:
        return
    kind = _kind_of(text, 0)
    top = None
    if kind is None and _consent_phrases(text):  # one consent phrase: the banner around it says more
        top = _climb(block, MAX_TEXT_CONSENT_WORDS, protected)
        kind = _kind_of(_norm(top), 0)
        if kind is None or kind[0] != CONSENT_KIND:
            return
    if kind is None:
        return
    name, phrase = kind
    if top is None:
        top = _climb(block, MAX_TEXT_CONSENT_WORDS if name == CONSENT_KIND else MAX_PROMO_WORDS, protected)
    if name != CONSENT_KIND and _in_chrome(top):
        return
    if top not in found:
        found[top] = Block(name, phrase, _words(_norm(top)), top)


def _candidates(body: etree._Element, protected: set, hinted: list[etree._Element] | None) -> list[Block]:
    found: dict[Any, Block] = {}
    _walk(body, protected, found, hinted)
    blocks = [b for el, b in found.items() if not any(a in found for a in el.iterancestors())]
    for b in blocks:
        if b.kind != CONSENT_KIND:
            b.trailing = _trailing(b.element)
        # inside a modal or an overlay (whose own text was too long to be taken whole)
        b.overlay = b.overlay or any(_hints(a) & _OVERLAY_BIT for a in (b.element, *b.element.iterancestors())
                                     if a.tag not in ROOT_TAGS)
    return [b for b in blocks if not _hidden_inside(b.element)]


def _hidden_inside(el: etree._Element) -> bool:
    return any(_hidden(a) for a in el.iterancestors() if a.tag not in ("html", "body"))


def scan_access(doc: etree._Element, url: str, hinted: list[etree._Element] | None = None) -> AccessScan:
    """Find the page's access signals (before anything is removed from it). ``hinted``: the
    elements of the page's body with consent, wall or overlay bits (:func:`.access_find.access_bits`),
    in page order, when the caller has them (:attr:`.domindex.DomIndex.access`)."""
    scan = AccessScan()
    ld = read_declarations(doc, url)
    scan.free_declared, scan.declared_words = ld.free_declared, ld.declared_words
    scan.part_selector, scan.part_words = ld.part_selector, ld.part_words
    body = doc.find("body")
    if body is None:
        return scan
    protected: set = set()
    if scan.part_selector:
        try:
            from lxml.cssselect import CSSSelector

            protected = set(CSSSelector(scan.part_selector, translator="html")(doc))
        except Exception:
            protected = set()
    scan.blocks = _candidates(body, protected, hinted)
    if scan.blocks:
        scan.page_words = _page_words(body, [b.element for b in scan.blocks])
    return scan


def _page_words(body: etree._Element, blocks: list[etree._Element]) -> int:
    """Words of the page's text outside ``blocks``, the site's chrome (header, footer, navigation,
    asides, forms) and links, buttons and list items (menus)."""
    outside: set = set()
    for el in blocks + [el for el in body.iter(*CHROME_TAGS)]:
        outside.update(el.iter())
    words = 0
    for el in body.iter(etree.Element):
        if el in outside or el.tag in SKIP_TAGS:
            continue
        if el.tag not in MENU_TAGS:
            words += len((el.text or "").split())
        parent = el.getparent()
        if parent is not None and parent.tag not in MENU_TAGS:
            words += len((el.tail or "").split())
    return words


def _in_chrome(el: etree._Element) -> bool:
    """Whether ``el`` is (in) the site's header, footer or navigation, outside any article."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("article", "main"):
            return False
        if node.tag in ("header", "footer", "nav"):
            return True
    return False


def remove_blocks(scan: AccessScan) -> None:
    """Take the blocks found out of the page (the text after each stays)."""
    for block in scan.blocks:
        drop(block.element)
