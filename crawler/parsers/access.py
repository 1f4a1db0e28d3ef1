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

:func:`scan_access` runs on the page before the body is extracted; :func:`remove_blocks` takes the
blocks it found out of the page (a promo or consent text is never the body, nor appended to it);
:func:`decide` gives the verdict from the scan and the words of the extracted body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .access_words import (
    ACCESS,
    CONSENT,
    CONSENT_HINT,
    LOGIN,
    NEWSLETTER,
    OVERLAY_HINT,
    PAYWALL,
    SUBSCRIBE,
    WALL_HINT,
)
from .cleanup import drop
from .structured import parse_jsonld

FREE, RESTRICTED, WALL = "free", "restricted", "wall"
#: How complete each verdict is (a crawl never replaces a stored revision with a lower one).
RANK = {WALL: 0, RESTRICTED: 1, FREE: 2}
CONSENT_KIND, LOGIN_KIND, PAYWALL_KIND = "consent", "login", "paywall"

#: Largest consent block (words) taken out of the page, and largest promo / login block.
MAX_CONSENT_WORDS = 400
MAX_PROMO_WORDS = 120
#: A phrase without class hints counts in a sentence of at most this many more words (a
#: subscription verb with a reading phrase: in a sentence of at most COMBO_SENTENCE_WORDS).
SENTENCE_SLACK = 8
COMBO_SENTENCE_WORDS = 16
QUOTES = frozenset("\"'“”„«»‘’‹›")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: A text-only consent block (no class hint, no overlay) is at most this long.
MAX_TEXT_CONSENT_WORDS = 150
#: A paragraph of this many words without any prompt phrase is prose: blocks never swallow it.
PROSE_WORDS = 20
#: A phrase in a block without hints counts only when the block is about that much more than it.
PHRASE_SLACK_WORDS = 25
#: Below this many body words a consent or login block is a wall; below WALL_PROMO_WORDS, a promo.
WALL_WORDS = 80
WALL_PROMO_WORDS = 25
#: A prompt followed by at most this many words of the page's content closes the body: a teaser.
TRAILING_WORDS = 60
#: JSON-LD paywall pages with this share of the declared word count (or a served paywalled part of
#: PART_WORDS words) carry the full text.
FULL_SHARE = 0.8
PART_WORDS = 100
#: Without any JSON-LD declaration, a body under this share of the declared word count, with a
#: prompt on the page, is a teaser.
TRUNCATED_SHARE = 0.3
MIN_DECLARED_WORDS = 300

BLOCK_TAGS = frozenset({"p", "div", "section", "aside", "li", "h1", "h2", "h3", "h4", "h5", "h6", "form",
                        "dialog", "td", "blockquote", "header", "footer", "figure", "ul", "ol", "dl", "nav",
                        "table", "center"})
ROOT_TAGS = frozenset({"html", "body", "article", "main"})
OUTSIDE_TAGS = frozenset({"nav", "footer", "aside"})  # not the article's text
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
_FALSE = frozenset({"false", "no", "0"})
_SPACE = re.compile(r"\s+")
_hint_cache: dict[str, int] = {}
_CONSENT_BIT, _WALL_BIT, _OVERLAY_BIT = 1, 2, 4


@dataclass
class Block:
    """A consent dialog, login prompt or subscription promo found on the page."""

    kind: str
    phrase: str
    words: int
    element: etree._Element
    hinted: bool = False
    trailing: int = 0  # words of the page's content after it (promos and prompts)


@dataclass
class AccessScan:
    """What the page says about its access, found before the body is extracted."""

    blocks: list[Block] = field(default_factory=list)
    free_declared: bool | None = None  # JSON-LD isAccessibleForFree
    declared_words: int | None = None  # JSON-LD wordCount
    part_selector: str | None = None  # JSON-LD hasPart cssSelector of the paywalled part
    part_words: int | None = None  # words of the page's elements that selector finds

    def of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]


def _words(text: str) -> int:
    return len(text.split())


def _norm(el: etree._Element) -> str:
    """The element's text, its parts kept apart (buttons side by side are separate words)."""
    return _SPACE.sub(" ", " ".join(el.itertext())).strip()


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _hints(el: etree._Element) -> int:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}".strip().lower()
    bits = 0
    if attrs:
        cached = _hint_cache.get(attrs)
        if cached is None:
            cached = ((_CONSENT_BIT if CONSENT_HINT.search(attrs) else 0)
                      | (_WALL_BIT if WALL_HINT.search(attrs) else 0)
                      | (_OVERLAY_BIT if OVERLAY_HINT.search(attrs) else 0))
            if len(_hint_cache) > 20000:
                _hint_cache.clear()
            _hint_cache[attrs] = cached
        bits = cached
    if el.tag == "dialog" or (el.get("role") or "").lower() in ("dialog", "alertdialog") \
            or el.get("aria-modal") == "true":
        bits |= _OVERLAY_BIT
    return bits


# -- structured data ---------------------------------------------------------------------------

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


def _structured(doc: etree._Element, url: str, scan: AccessScan) -> None:
    texts = [s.text or "" for s in doc.iter("script")
             if (s.get("type") or "").strip().lower() == "application/ld+json"]
    if not texts:
        return
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
                if isinstance(selector, str) and selector.strip() and scan.part_selector is None:
                    scan.part_selector = selector.strip()
        if free is not None and scan.free_declared is None:
            scan.free_declared = free
        if scan.declared_words is None and node is ld.article:
            scan.declared_words = _int(node.get("wordCount"))
    if scan.part_selector:
        try:
            from lxml.cssselect import CSSSelector

            found = CSSSelector(scan.part_selector, translator="html")(doc)
        except Exception:  # a selector cssselect cannot read: the part is unknown
            found = []
        scan.part_words = sum(_words(el.text_content()) for el in found
                              if not any(a in found for a in el.iterancestors()))


# -- blocks --------------------------------------------------------------------------------------

def _kind_of(text: str, bits: int) -> tuple[str, str] | None:
    """The kind of block ``text`` (with class/overlay ``bits``) is, and the phrase that says so.
    Without bits, a login or subscription phrase counts only where it stands alone: not quoted,
    in a short sentence of its own (an article about paywalls cites them in long sentences)."""
    consent = CONSENT.findall(text)
    if consent and (len(set(m.lower() for m in consent)) >= 2 or bits & (_CONSENT_BIT | _OVERLAY_BIT)):
        return CONSENT_KIND, consent[0]
    for kind, family, slack in ((LOGIN_KIND, LOGIN, SENTENCE_SLACK), (PAYWALL_KIND, PAYWALL, SENTENCE_SLACK)):
        for match in family.finditer(text):
            if bits or _stands_alone(text, match, slack):
                return kind, match.group(0)
    if (bits & _WALL_BIT or ACCESS.search(text)) and not NEWSLETTER.search(text):
        for match in SUBSCRIBE.finditer(text):
            if bits or _stands_alone(text, match, COMBO_SENTENCE_WORDS - 1):
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
    return bool(CONSENT.search(text) or LOGIN.search(text) or PAYWALL.search(text) or SUBSCRIBE.search(text))


def _has_prose(el: etree._Element) -> bool:
    """Whether ``el`` holds a paragraph of ordinary text (article prose, not a prompt)."""
    for p in el.iter("p"):
        text = _norm(p)
        if _words(text) >= PROSE_WORDS and not _any_phrase(text):
            return True
    return False


def _climb(el: etree._Element, limit: int, protected: set) -> etree._Element:
    """The largest ancestor of ``el`` (itself included) of at most ``limit`` words that is not the
    page's body, an article, the paywalled part, nor holds a paragraph of prose."""
    best = el
    node = el.getparent()
    while node is not None and node.tag not in ROOT_TAGS and node not in protected:
        if node.get("itemprop") == "articleBody" or _words(node.text_content()) > limit or _has_prose(node):
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
                words += _words(sib.text_content())
            words += _words(sib.tail or "")
            if words > TRAILING_WORDS:
                break
        node = node.getparent()
    return words


def _candidates(body: etree._Element, protected: set) -> list[Block]:
    found: dict[Any, Block] = {}
    # 1. elements whose class, id or role says consent manager, paywall box or overlay
    for el in body.iter(etree.Element):
        if el.tag in SKIP_TAGS or el.tag in ROOT_TAGS or el in protected:
            continue
        bits = _hints(el) if (el.keys()) else 0
        if not bits or _hidden(el):
            continue
        text = _norm(el)
        words = _words(text)
        limit = MAX_CONSENT_WORDS if bits & (_CONSENT_BIT | _OVERLAY_BIT) else MAX_PROMO_WORDS
        if not words or words > limit:
            continue
        kind = _kind_of(text, bits)
        if kind and (kind[0] == CONSENT_KIND or words <= MAX_PROMO_WORDS) and not _has_prose(el):
            found[el] = Block(kind[0], kind[1], words, el, hinted=True)
    # 2. short blocks whose text is (mostly) such a phrase
    whole = _norm(body)
    if _any_phrase(whole):
        seen: set = set()
        for text_node in body.xpath(".//text()[normalize-space()]"):
            block = _block_of(text_node.getparent())
            if block is None or block in seen:
                continue
            seen.add(block)
            text = _norm(block)
            words = _words(text)
            if not words or words > MAX_PROMO_WORDS:
                continue
            kind = _kind_of(text, 0)
            if kind is None and CONSENT.search(text):  # one consent phrase: the banner around it says more
                top = _climb(block, MAX_TEXT_CONSENT_WORDS, protected)
                kind = _kind_of(_norm(top), 0)
                if kind is None or kind[0] != CONSENT_KIND:
                    continue
            elif kind is None:
                continue
            else:
                top = None
            name, phrase = kind
            if name != CONSENT_KIND and words > _words(phrase) * 3 + PHRASE_SLACK_WORDS:
                continue  # a sentence about subscriptions inside the article's text
            if top is None:
                limit = MAX_TEXT_CONSENT_WORDS if name == CONSENT_KIND else MAX_PROMO_WORDS
                top = _climb(block, limit, protected)
            if top not in found:
                found[top] = Block(name, phrase, _words(top.text_content()), top)
    blocks = [b for el, b in found.items() if not any(a in found for a in el.iterancestors())]
    for b in blocks:
        if b.kind != CONSENT_KIND:
            b.trailing = _trailing(b.element)
    return [b for b in blocks if not _hidden_inside(b.element)]


def _hidden_inside(el: etree._Element) -> bool:
    return any(_hidden(a) for a in el.iterancestors() if a.tag not in ("html", "body"))


def scan_access(doc: etree._Element, url: str) -> AccessScan:
    """Find the page's access signals (before anything is removed from it)."""
    scan = AccessScan()
    _structured(doc, url, scan)
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
    scan.blocks = _candidates(body, protected)
    return scan


def remove_blocks(scan: AccessScan) -> None:
    """Take the blocks found out of the page (the text after each stays)."""
    for block in scan.blocks:
        drop(block.element)


def _quote(phrase: str) -> str:
    phrase = _SPACE.sub(" ", phrase).strip()
    return "'" + (phrase[:60] + "…" if len(phrase) > 60 else phrase).lower() + "'"


def decide(scan: AccessScan, body_words: int) -> tuple[str, str | None]:
    """``(access, reason)`` of a page from its scan and the words of its extracted body."""
    consent, login, paywall = scan.of(CONSENT_KIND), scan.of(LOGIN_KIND), scan.of(PAYWALL_KIND)
    shown = "dialog" if consent and any(b.hinted for b in consent) else "text"
    if body_words < WALL_WORDS:
        if consent:
            return WALL, f"consent wall: {_quote(consent[0].phrase)} {shown}, body {body_words} words"
        if login:
            return WALL, f"login wall: {_quote(login[0].phrase)}, body {body_words} words"
    if body_words < WALL_PROMO_WORDS and paywall:
        return WALL, f"paywall: {_quote(paywall[0].phrase)}, body {body_words} words"
    gate = [b for b in login + paywall if b.trailing <= TRAILING_WORDS]
    declared = scan.declared_words
    of_declared = f" of {declared} declared" if declared else ""
    if gate:
        what = "login prompt" if gate[0].kind == LOGIN_KIND else "paywall promo"
        return RESTRICTED, (f"{what}: {_quote(gate[0].phrase)} after the body "
                            f"({body_words}{of_declared} words)")
    if scan.free_declared is False:
        full = (declared and body_words >= FULL_SHARE * declared) or (scan.part_words or 0) >= PART_WORDS
        if full:
            return FREE, f"json-ld isAccessibleForFree=false, full text served ({body_words} words)"
        if body_words < WALL_PROMO_WORDS:
            return WALL, f"json-ld isAccessibleForFree=false, body {body_words} words"
        return RESTRICTED, f"json-ld isAccessibleForFree=false, body {body_words}{of_declared} words"
    truncated = declared and declared >= MIN_DECLARED_WORDS and body_words < TRUNCATED_SHARE * declared
    if truncated and (login or paywall):
        prompt = (login or paywall)[0]
        return RESTRICTED, f"body {body_words} of {declared} declared words, prompt {_quote(prompt.phrase)}"
    removed = sorted({b.kind for b in scan.blocks})
    return FREE, (f"removed: {', '.join(removed)} block" if removed else None)
