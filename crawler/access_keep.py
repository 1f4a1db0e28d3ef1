"""A re-crawl never replaces a full archived body with a wall or a teaser.

When a page that is already archived answers with an article whose access
(:mod:`crawler.parsers.access`) is lower than the stored revision's (``wall`` < ``restricted`` <
``free``), or whose body is a small part of a stored ``free`` body, the archive pipeline keeps the
stored revision: its file and rows stay as they are, the fetch is recorded in the fetch history
(its content hash is the wall's) and the run report counts and lists it. A first crawl of a walled
page archives it (``access: wall``), so the user sees it; a later crawl that finds the article
replaces it as usual.

``ARCHIVE_KEEP_SHRINK`` (default 0.3): a new body with fewer words than this share of a stored
``free`` body of at least :data:`MIN_STORED_WORDS` words keeps the stored one; ``0`` turns that test
off (the access test always applies).
"""

from __future__ import annotations

from typing import Any

from .kernel.fields import ACCESS_RANK as RANK
from .kernel.fields import FREE_ACCESS as FREE
from .kernel.model import Article

DEFAULT_SHRINK = 0.3
MIN_STORED_WORDS = 100
#: Run stats: how many stored revisions were kept, and ``[url, reason]`` of each (reports list them).
KEPT_STAT = "archive/kept"
KEPT_URLS_STAT = "archive/kept_urls"
#: How many kept URLs a report lists.
MAX_LISTED = 50


def keep_reason(stored: tuple[str | None, int] | None, article: Article, shrink: float = DEFAULT_SHRINK
                ) -> str | None:
    """Why the stored revision (``(access, word count)``; access None: archived before access was
    checked, taken as free) is kept instead of ``article``, or None to store ``article``."""
    if stored is None:
        return None
    stored_access, stored_words = stored[0] or FREE, stored[1]
    new_access = article.metadata.access or FREE
    words = len(article.body_text.split())
    if RANK.get(new_access, RANK[FREE]) < RANK.get(stored_access, RANK[FREE]):
        why = article.metadata.access_reason
        return f"body behind a {new_access}" + (f" ({why})" if why else "") + f", stored: {stored_access}"
    shrank = shrink > 0 and stored_words >= MIN_STORED_WORDS and words < shrink * stored_words
    if stored_access == FREE and shrank:
        return f"body shrank to {words} words from the stored {stored_words}"
    return None


def note_kept(stats: Any, url: str, reason: str) -> None:
    """Count a kept revision in the crawl's stats (and list the first :data:`MAX_LISTED`)."""
    stats.inc_value(KEPT_STAT)
    listed = list(stats.get_value(KEPT_URLS_STAT) or [])
    if len(listed) < MAX_LISTED:
        listed.append([url, reason])
        stats.set_value(KEPT_URLS_STAT, listed)
