"""E-mail sign-up boxes, whatever their classes are called: the largest short block around an
e-mail field, when its text or its form says sign-up. :func:`.cleanup.prepare_page` marks them
and :func:`.cleanup.cleanup_content` drops them from the chosen content (the content search weighs
the page as it was written)."""

from __future__ import annotations

from typing import Any

from lxml import etree

from .cleanup_hints import SIGNUP_ACTION, SIGNUP_WORDS
from .document import all_text, text_shorter

MAX_SIGNUP_CHARS = 600  # the text of an e-mail sign-up box: its pitch, its button, its privacy note
SIGNUP_STOP_TAGS = frozenset({"body", "html", "article", "main"})
MAX_SIGNUP_FIELDS = 20  # e-mail fields of one page looked at (a page has one or two)
#: What a sign-up box never holds: a comment or contact form's text field, a headline.
NOT_IN_SIGNUP = ("textarea", "h1")
#: The attribute that marks a sign-up box in a prepared page, and the boxes marked.
SIGNUP_BOX = "data-archiver-signup"
SIGNUP_BOXES = etree.XPath(f".//*[@{SIGNUP_BOX}]")


def mark_signup_boxes(root: etree._Element) -> None:
    """An e-mail sign-up box (its field, its pitch, its privacy note) is no article text: the
    largest short block around an e-mail field is marked, whatever its classes are called, and
    goes once the content is chosen (:func:`.cleanup.cleanup_content`; the content search weighs the page as
    it was written)."""
    fields = [control for control in root.iter("input") if _email_field(control.get)][:MAX_SIGNUP_FIELDS]
    too_large: set[etree._Element] = set()  # a page of many fields climbs each ancestor once
    for control in fields:
        box = None
        node = control.getparent()
        while node is not None and node not in too_large:
            if (node.tag in SIGNUP_STOP_TAGS or not text_shorter(node, MAX_SIGNUP_CHARS)
                    or next(node.iter(*NOT_IN_SIGNUP), None) is not None):
                too_large.add(node)
                break
            box, node = node, node.getparent()
        if box is not None and (SIGNUP_WORDS.search(all_text(box).lower()) or _signup_form(control)):
            box.set(SIGNUP_BOX, "")


def _signup_form(control: etree._Element) -> bool:
    """Whether the form around an e-mail field is a sign-up form in any language: it posts to a
    sign-up address ("/api/newsletter", "….list-manage.com/subscribe"), or the e-mail address is
    all it asks for (a contact or comment form has a text area, a log-in form a password, a
    search form no e-mail field)."""
    form = next((a for a in control.iterancestors("form")), None)
    if form is None:
        return False
    if SIGNUP_ACTION.search((form.get("action") or "").lower()) is not None:
        return True
    if next(form.iter("textarea", "select"), None) is not None:
        return False
    fields = [i for i in form.iter("input")
              if (i.get("type") or "text").lower() not in ("hidden", "submit", "button", "checkbox", "radio")]
    return fields == [control]


def _email_field(get: Any) -> bool:
    kind = (get("type") or "text").lower()
    if kind == "email":
        return True
    return kind == "text" and any("mail" in (get(key) or "").lower() for key in ("name", "id", "placeholder"))
