"""The section a kicker above the headline links to (``<a href="/interviews">Interviews</a>`` over
an interview at ``/interviews/…``): the page's category when nothing else names one. The link
must lead to a folder the page's own address lies in, so that a kicker that is a topic, a
series or a promotion names no category."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from .breadcrumbs import HOME_WORDS
from .document import all_text

MAX_KICKER_WORDS = 4
MAX_KICKER_CHARS = 40
MAX_KICKER_BLOCK_CHARS = 60  # the kicker's element: the section's link and a word or two more
KICKER_LEVELS = 2  # the headline's ancestors whose earlier siblings may hold the kicker
MAX_BEFORE = 3  # earlier siblings looked at on each level


def kicker_section(headline: lxml_html.HtmlElement, url: str) -> str | None:
    """The text of the one link of an element just before ``headline`` (or before one of its
    first ancestors) that leads to a folder of the page's own address on the page's host."""
    page = urlsplit(url)
    node: lxml_html.HtmlElement | None = headline
    for _ in range(KICKER_LEVELS + 1):
        if node is None or node.tag in ("body", "html"):
            return None
        for n, sibling in enumerate(node.itersiblings(preceding=True)):
            if n >= MAX_BEFORE:
                break
            if isinstance(sibling.tag, str):
                name = _section_link(sibling, page.hostname, page.path, url)
                if name is not None:
                    return name
        node = node.getparent()
    return None


def _section_link(block: lxml_html.HtmlElement, host: str | None, path: str, url: str) -> str | None:
    links = [block] if block.tag == "a" else block.findall(".//a")
    if len(links) != 1:
        return None
    text = " ".join(all_text(links[0]).split())
    if (not text or len(text) > MAX_KICKER_CHARS or len(text.split()) > MAX_KICKER_WORDS
            or text[0].isdigit() or text.casefold() in HOME_WORDS
            or len(" ".join(all_text(block).split())) > MAX_KICKER_BLOCK_CHARS):
        return None
    try:
        target = urlsplit(urljoin(url, (links[0].get("href") or "").strip()))
    except ValueError:
        return None
    folder = target.path.rstrip("/")
    if target.hostname != host or not folder or target.query or not path.startswith(folder + "/"):
        return None
    return text if path.rstrip("/") != folder else None
