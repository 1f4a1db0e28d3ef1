"""Paid units inside an article. A shop's unit: two or more paid links (``rel="sponsored"``, as
affiliate links are to be marked) set as buttons, with little text around them (a price widget's
merchants, prices and "View Deal" buttons); an advertorial's paid links in its sentences and
lists are its text. A sponsor's unit: a box that opens with its sponsor's label ("Together with
X")."""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from .cleanup import drop
from .document import all_text, is_inside, text_of
from .patterns import compile_words
from .related_labels import short_text

#: Links marked as paid for (``rel="sponsored"``, as affiliate links are to be marked).
_SPONSORED_LINKS = etree.XPath(".//a[contains(concat(' ', normalize-space(@rel), ' '), ' sponsored ')]")
SHOP_UNIT_TAGS = frozenset({"div", "ul", "ol", "section", "aside", "table", "figure"})
MAX_SHOP_UNIT_TEXT = 250  # text outside its links a shop's unit holds at most ("Today's best deals", prices)
MAX_SHOP_UNIT_LEVELS = 6
MAX_BUTTON_WORDS = 5
#: The words of a shop's button: English, German, French, Spanish, Italian, Dutch.
SHOP_BUTTON = re.compile(r"\b(?:view|see|check|get|buy|shop|compare|deals?|price|prices|offer|kaufen|angebot|"
                         r"bestellen|acheter|voir l'offre|comprar|ver oferta|acquista|bekijk|koop)\b")


def drop_shop_units(content: etree._Element) -> None:
    """A unit of two or more paid links and little else (a price widget's "View Deal" buttons
    beside its merchants and prices) is no text of the article; one paid link in a sentence is."""
    links = _SPONSORED_LINKS(content)
    if len(links) < 2:
        return
    paid = set(links)
    for a in links:
        if not is_inside(a, content):
            continue  # in a unit dropped already
        unit = None
        for anc in islice(a.iterancestors(), MAX_SHOP_UNIT_LEVELS):
            if anc is content:
                break
            unit_links = [x for x in anc.iter("a") if x in paid]
            if anc.tag in SHOP_UNIT_TAGS and len(unit_links) >= 2:
                if _text_outside_links(anc) > MAX_SHOP_UNIT_TEXT or not _buttons(unit_links):
                    break
                unit = anc
        if unit is not None:
            drop(unit)


def _buttons(links: list[etree._Element]) -> bool:
    """Whether paid links are a shop's buttons: one label on all ("View Deal"), or each a few
    words of buying ("Check price", "Buy at Amazon"), not the names an advertorial links."""
    texts = [text_of(a).lower() for a in links]
    return len(set(texts)) == 1 or all(len(t.split()) <= MAX_BUTTON_WORDS and SHOP_BUTTON.search(t)
                                       for t in texts)


def _text_outside_links(el: etree._Element) -> int:
    return len(text_of(el)) - sum(len(text_of(a)) for a in el.iter("a"))


#: The label of a sponsor's unit, a line of its own: "Together with Voltline", "Sponsored by X",
#: "Presented by X", and the same in German, French, Spanish and Italian.
_SPONSOR_WORDS = (
    r"(?:together with|sponsored by|presented by|brought to you by|in partnership with|a message from|"
    r"in association with|gesponsert von|präsentiert von|en partenariat avec|sponsorisé par|"
    r"patrocinado por|presentado por|sponsorizzato da|in collaborazione con)")
SPONSOR_LABEL = re.compile(_SPONSOR_WORDS + r"\s+\S.{0,40}")
#: Any of the words, anywhere in a text (one search before the walk over the content's blocks).
_ANY_SPONSOR = compile_words(_SPONSOR_WORDS)
SPONSOR_LABEL_TAGS = ("p", "span", "div", "h2", "h3", "h4", "h5", "h6", "strong", "b", "small", "em")
SPONSOR_UNIT_TAGS = frozenset({"div", "section", "aside", "table", "td"})
MAX_SPONSOR_LABEL_CHARS = 60
MAX_SPONSOR_UNIT_TEXT = 800  # a sponsor's unit: its label, a headline, a pitch, a button
MAX_SPONSOR_LEVELS = 4


def drop_sponsor_units(content: etree._Element) -> None:
    """A unit that opens with a sponsor's label ("TOGETHER WITH VOLTLINE", then a headline, a pitch
    and a button linking the sponsor) is an advertisement, not the article's text: the largest
    short box around the label that starts with it and links somewhere."""
    if not _ANY_SPONSOR.search(all_text(content).lower()):
        return
    for el in list(content.iter(*SPONSOR_LABEL_TAGS)):
        if not is_inside(el, content):
            continue  # in a unit dropped already
        label = short_text(el, MAX_SPONSOR_LABEL_CHARS)
        if not label or not SPONSOR_LABEL.fullmatch(label.lower()):
            continue
        unit = None
        for anc in islice(el.iterancestors(), MAX_SPONSOR_LEVELS):
            if anc is content:
                break
            text = short_text(anc, MAX_SPONSOR_UNIT_TEXT)
            if text is None or not text.startswith(label):
                break
            if anc.tag in SPONSOR_UNIT_TAGS and anc.find(".//a[@href]") is not None and text != label:
                unit = anc
        if unit is not None:
            drop(unit)
