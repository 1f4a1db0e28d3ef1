"""Declarative shadow DOM: a custom element's ``<template shadowrootmode="open">`` is what a browser
shows in the element's place, its ``<slot>``s filled with the element's own children (a headline
given to ``<slot name="headline">`` by ``<span slot="headline">``). A parser that runs no script
sees a ``<template>``, whose content is never shown, and the children in an order the page never
shows them in: the page is rewritten as a browser composes it, before anything reads it (the page
index, :class:`.domindex.DomIndex`, tells whether the page holds one at all, in the walk it makes
anyway)."""

from __future__ import annotations

from lxml import etree

#: The attribute that makes a ``<template>`` a shadow root (and its older name).
SHADOW_ROOT_ATTRS = ("shadowrootmode", "shadowroot")


def compose_shadow_roots(root: etree._Element) -> None:
    """Put the content of each declarative shadow root in its host's place, the host's children
    in the slots they name (those without a name in the slot without one); children that no slot
    takes are not shown, and go. In place; inner shadow roots first (a slotted child may be a
    host itself)."""
    templates = [t for t in root.iter("template") if any(t.get(a) is not None for a in SHADOW_ROOT_ATTRS)]
    for template in reversed(templates):
        host = template.getparent()
        if host is None:
            continue
        _compose(host, template)


def _compose(host: etree._Element, template: etree._Element) -> None:
    light = [c for c in host if c is not template]
    loose_text = " ".join(t for t in (host.text, template.tail) if t and t.strip())
    for slot in list(template.iter("slot")):
        name = slot.get("name")
        assigned = [c for c in light if isinstance(c.tag, str) and (c.get("slot") or None) == name]
        if not assigned and not (name is None and loose_text):
            continue  # the slot's own content is shown
        for child in list(slot):
            slot.remove(child)
        slot.text = loose_text if name is None and loose_text else None
        for child in assigned:
            slot.append(child)  # moved out of the host
    host.text = None
    template.tail = None
    for child in list(host):
        if child is not template:
            host.remove(child)  # taken by no slot: a browser does not show it
    etree.strip_tags(template, "slot")
    template.tag = "div"
    for name in SHADOW_ROOT_ATTRS:
        template.attrib.pop(name, None)
