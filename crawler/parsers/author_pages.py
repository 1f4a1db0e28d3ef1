"""Links to the writers' own pages ("/blog/author/jane-roe", "/autor/max-muster/"): a byline that
says so by nothing else (no class, no ``rel``, no "By": a template of utility classes)."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import html as lxml_html

#: The address of a writer's own page, in English, Spanish, Portuguese, German, Polish, Italian,
#: French and Turkish.
AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:es|en|i|zy)?|auteurs?|autori?|writers?|reporters?|contributors?|journalists?"
    r"|yazar(?:lar)?)"
    r"/[^/?#]+/?(?:[?#]|$)", re.I)


def is_author_page(href: str | None) -> bool:
    """Whether ``href`` is the address of a writer's own page."""
    return href is not None and "/" in href and AUTHOR_PAGE.search(href) is not None


def author_page_row(scope: lxml_html.HtmlElement,
                    skip: Callable[[lxml_html.HtmlElement], bool]) -> list[lxml_html.HtmlElement]:
    """The first link in ``scope`` to a writer's own page that ``skip`` lets through, with the
    links to writers' pages beside it in the same element (co-authors), in page order."""
    for a in scope.iter("a"):
        if not is_author_page(a.get("href")) or skip(a):
            continue
        parent = a.getparent()
        if parent is None:
            return [a]
        return [x for x in parent.iter("a") if is_author_page(x.get("href"))]
    return []
