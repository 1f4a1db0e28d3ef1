"""Options of ``archiver crawl`` for re-crawls and discovery (crawler/recrawl.py, crawler/discovery.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..options import REFRESH_POLICIES

F = Callable[..., Any]


def recrawl_options(f: F) -> F:
    """``--refresh``, ``--recheck-after``, ``--sitemap``, ``--feed``, ``--discover``."""
    for decorator in reversed([
        click.option("--refresh", type=click.Choice(REFRESH_POLICIES), default=None,
                     help="Known articles: 'changed' asks the server whether they changed (default), "
                          "'all' fetches and re-processes everything, 'never' fetches only new ones."),
        click.option("--recheck-after", metavar="DURATION", default=None,
                     help="Do not re-check known pages checked less than DURATION ago "
                          "(e.g. 30m, 6h, 2d; default 0: every run)."),
        click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
                     help="Also crawl the in-scope URLs of this sitemap, sitemap index or robots.txt; "
                          "repeatable."),
        click.option("--feed", "feeds", multiple=True, metavar="URL",
                     help="Also crawl the entries of this RSS or Atom feed; repeatable."),
        click.option("--discover", is_flag=True,
                     help="Find sitemaps (robots.txt, /sitemap.xml) and feeds of every host reached."),
    ]):
        f = decorator(f)
    return f
