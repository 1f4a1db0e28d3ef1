"""A press release's closing boilerplate: its last section titled "About <the company>" ("Sobre
Verdalia", "Über Acme", "À propos de …"), the company being the site itself, describes the
publisher, not the news."""

from __future__ import annotations

import re

from ..kernel.model import Section
from .names import norm_key
from .titles import host_keys

#: "About X" in English, German, Spanish, Portuguese, French, Italian, Dutch, Scandinavian
#: languages, Polish and Czech.
ABOUT_HEADING = re.compile(
    r"^(?:about|über|ueber|sobre|acerca de|à propos de|a propos de|informazioni su|over|om|o firmie|"
    r"o společnosti|o spoločnosti)\s+(?P<name>.{2,60}?)\s*:?$", re.I)
MAX_TRAILING = 2  # the last sections looked at


def without_about_site(sections: list[Section], site_name: str | None, url: str) -> list[Section]:
    """``sections`` without the last ones titled "About <the site>" (by its name or its host);
    the lead section always stays."""
    keys = {k for k in host_keys(url) | {norm_key(site_name or "")} if k}
    out = list(sections)
    for i in range(len(out) - 1, max(0, len(out) - MAX_TRAILING) - 1, -1):
        if i == 0:
            break
        found = ABOUT_HEADING.match(out[i].heading or "")
        if found is not None and norm_key(found["name"]) in keys:
            del out[i]
    return out
