"""Which links of the related lists found (:func:`.related.related_blocks`) are this article's
related articles: not a list the site shows under its own name ("More From KVRN 8 News": its
latest stories, on every page, as a most-read list is) or its author's ("More from Priya
Natarajan": whatever else she wrote), and not the pages of the article's own topics ("More news
releases in similar topics: Utilities, Contracts"). Both lists still leave the body."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..kernel.model import Metadata, RelatedLink
from ..kernel.slugs import slugify
from .cleanup import HEADINGS
from .names import norm_key
from .related import RelatedBlock, related_links
from .related_labels import short_text
from .titles import host_keys

#: "More from <name>" in English, Spanish, Portuguese, German, French, Italian and Dutch; group 1
#: is the name.
MORE_FROM = re.compile(r"^(?:more (?:from|at)|m[aá]s de|mais de|mehr von|plus de|altro da|meer van) "
                       r"(.{2,60})$")
#: Words after a site's name in such a label: "More from KVRN 8 News".
_SITE_TAIL = re.compile(r"(?:\s+(?:news|nachrichten|noticias|notícias|actualités|notizie|nieuws))+$")
MAX_LABEL_CHARS = 80
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_ARTICLE_NUMBER = re.compile(r"\d{5,}")


def own_related(blocks: list[RelatedBlock], metadata: Metadata, url: str) -> list[RelatedLink]:
    """The links of ``blocks`` that are the article's related articles (see the module)."""
    given = [n for n in (metadata.site_name, *(a.name for a in metadata.authors)) if n]
    # "More From Meridian Press" under a site named "Meridian Press News": the same words before "News"
    names = {norm_key(n) for n in given} | {norm_key(_SITE_TAIL.sub("", n.lower())) for n in given}
    names |= host_keys(url)
    kept = [b for b in blocks if not _site_list(b, names)]
    return _not_terms(related_links(kept), metadata)


def _site_list(block: RelatedBlock, names: set[str]) -> bool:
    """Whether the list's label (or its container's first heading) says it is the site's or the
    author's: "More from <the site's name, its host or the author's name>"."""
    label = block.label
    if label is None:
        label = next((el for el in block.element.iter(*HEADINGS)), None)
    text = short_text(label, MAX_LABEL_CHARS) if label is not None else None
    found = MORE_FROM.match(text.lower().rstrip(" :›»")) if text else None
    if found is None:
        return False
    name = found.group(1)
    return bool({norm_key(name), norm_key(_SITE_TAIL.sub("", name))} & (names - {""}))


def _not_terms(links: list[RelatedLink], metadata: Metadata) -> list[RelatedLink]:
    """``links`` without those to the pages of the page's tags or categories: named like one, at
    an address that spells the name ("Ingrid Betancourt" at "/noticias/ingrid-betancourt"), a list
    of "more in these topics" links. A card titled by its section's name links an article."""
    terms = {norm_key(t) for t in (*metadata.tags, *metadata.categories)}
    if not terms:
        return links
    return [lk for lk in links
            if norm_key(lk.title or "") not in terms or not _spelled_in(lk.title or "", lk.url)]


def _spelled_in(name: str, url: str) -> bool:
    """Whether one folder of ``url``'s path holds every word of ``name`` (accents folded, German
    umlauts either way), and no article's number ("~155919791")."""
    path = urlsplit(url).path.lower()
    if _ARTICLE_NUMBER.search(path):
        return False
    low = name.lower()
    names = [set(slugify(v).split("-")) - {""} for v in {low, low.translate(_UMLAUTS)}]
    for folder in path.split("/"):
        words = set(slugify(folder).split("-")) - {""}
        if words and any(n and n <= words for n in names):
            return True
    return False
