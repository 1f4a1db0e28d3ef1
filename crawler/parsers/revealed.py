"""Article text a page hides from a parser that runs no script: a ``<noscript>`` that holds the
page's paragraphs, and the rest of an article behind a "Continue reading" button. Shown before
:func:`.cleanup.prepare_page` drops hidden elements and controls."""

from __future__ import annotations

import re

from lxml import etree

from .document import all_text, hiding_style

MIN_NOSCRIPT_CHARS = 300  # paragraph text that makes a <noscript> the page's content
#: Controls that say what they show is collapsed: the elements below the root that name what they
#: control, reached from that rare attribute (the predicates of ``.//*[…]`` are evaluated on
#: every element of the page).
_COLLAPSING = etree.XPath("descendant::*/@aria-controls/parent::*[@aria-expanded='false']")
#: What a button that shows the rest of an article says: English, German, French, Spanish,
#: Portuguese, Italian, Dutch, Polish.
CONTINUE_READING = re.compile(
    r"(?:continue|keep) reading|read (?:the )?(?:full|whole|rest|more)|show (?:more|full|the rest)|"
    r"weiterlesen|(?:mehr|alles) (?:lesen|anzeigen)|lire la suite|(?:leer|ver) más|"
    r"continuar (?:leyendo|lendo)|ler mais|leggi (?:tutto|di più|altro)|verder lezen|lees (?:meer|verder)|"
    r"czytaj dalej")
_BY_ID = etree.XPath(".//*[@id=$ident]")
MIN_COLLAPSED_PARAGRAPHS = 2
#: Elements that hold an accordion's header button: a heading, as the accordion pattern of
#: WAI-ARIA has it (a question of a FAQ, a chapter of a guide).
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
MAX_HEADER_LEVELS = 2  # levels between a header button and its heading
#: A class naming the state of a collapsed element.
STATE_CLASS = re.compile(r"hidden|collapsed")


def open_noscript_content(root: etree._Element) -> None:
    """Keep the content of a ``<noscript>`` that holds most of the page's paragraphs (a page, or
    a post body, rendered by script with its text given again for readers without it): it is
    the article, not a notice to turn scripts on."""
    if root.find(".//noscript//p") is None:
        return
    total = sum(len(all_text(p)) for p in root.iter("p"))
    for ns in list(root.iter("noscript")):
        inside = sum(len(all_text(p)) for p in ns.iter("p"))
        if inside >= MIN_NOSCRIPT_CHARS and inside * 2 > total:
            ns.tag = "div"  # no longer dropped with the other noscripts


def reveal_collapsed(root: etree._Element) -> None:
    """Show what a "Continue reading" button hides: the element a control names (``aria-controls``)
    as collapsed (``aria-expanded="false"``), when it holds paragraphs of text (a menu or a dialog a
    button opens holds none): the rest of the article. So too the panel of an accordion's header
    (a button in a heading: a FAQ's answer), when it holds a paragraph."""
    for control in _COLLAPSING(root):
        if _accordion_header(control):
            least = 1
        elif CONTINUE_READING.search(" ".join(all_text(control).split()).lower()):
            least = MIN_COLLAPSED_PARAGRAPHS
        else:
            continue  # a search box's, a menu's or a dialog's button
        for ident in (control.get("aria-controls") or "").split():
            found = _BY_ID(root, ident=ident)
            el = found[0] if found else None
            if el is not None and _hidden(el) and len(el.findall(".//p")) >= least:
                for name in ("hidden", "aria-hidden", "style"):
                    el.attrib.pop(name, None)
                _drop_state_classes(el)
                if least == 1:
                    control.tag = "span"  # the question a header button asks stays, as a control would not


def _drop_state_classes(el: etree._Element) -> None:
    """Take the classes that say "hidden" or "collapsed" off a shown element (a panel's
    "accordion__panel--hidden"): they no longer hold, and cleaning reads them as junk."""
    classes = (el.get("class") or "").split()
    kept = [c for c in classes if not STATE_CLASS.search(c.lower())]
    if len(kept) < len(classes):
        el.set("class", " ".join(kept))


def _accordion_header(control: etree._Element) -> bool:
    """Whether ``control`` is a button in a heading (at most two levels below it)."""
    if control.tag != "button" and control.get("role") != "button":
        return False
    parent = control.getparent()
    for _ in range(MAX_HEADER_LEVELS):
        if parent is None:
            return False
        if parent.tag in HEADING_TAGS or parent.get("role") == "heading":
            return True
        parent = parent.getparent()
    return False


def _hidden(el: etree._Element) -> bool:
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or hiding_style(el.get("style")))
