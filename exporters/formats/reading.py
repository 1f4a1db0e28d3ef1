"""What a static site shows of an archived article, beyond the archive's own file.

A theme prints the title and the author from the front matter, so the body drops what would show
twice: a first heading repeating the title, and the byline lines the archived body starts with
(the author's avatar, the author's name, a short dateline). Only the lead blocks are looked at,
and only in exports: the archive keeps the body as extracted. The related list, which the archive
keeps apart from the body, is appended as links, to the exported posts where they are exported.

Every exported post gets a clean permalink, ``<host>/<slug>/``: the site's host without its port
and the readable part of the archive's file slug (``/2024/05/garden-robots/`` gives
``garden-robots``). Where two exported posts would share one, each keeps its whole file slug (with
its URL hash) and, when their hosts differ by port only, its host with the port.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import urlsplit, urlunsplit

from crawler.kernel.dates import find_date
from crawler.kernel.model import Article, escape_inline
from crawler.kernel.slugs import EMPTY_STEM, HASH_LEN, file_key, host_dir, slug_for_url, url_hash

#: Blocks at the start of a body that may be byline (avatar, name, dateline) or the title again.
LEAD_BLOCKS = 8
#: A dateline or name line has at most this many words.
BYLINE_MAX_WORDS = 12
#: A first heading repeats the title when it is a run of at least this share of the title's words.
TITLE_SHARE = 0.6
#: Alt texts and image URLs of author pictures.
AVATAR_WORDS = re.compile(
    r"\b(avatar|author|gravatar|profile (?:photo|picture|image)|headshot|portrait of)\b", re.I)
AVATAR_URL = re.compile(r"avatar|gravatar|/authors?/|/profile", re.I)
#: An alt text saying "author" names an avatar only when it is this short ("author avatar").
AVATAR_ALT_WORDS = 5
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
#: An image alone on its line, possibly linked: ``![alt](src)`` or ``[![alt](src)](href)``.
IMAGE_LINE = re.compile(r"^\[?!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)(?:\]\([^)]*\))?$")
BY_PREFIX = re.compile(r"^(by|von|par|por|di|door|de)\s+", re.I)
MARKUP = re.compile(r"[*_`>#\[\]()!|~]|\(\S+\)|https?://\S+")
NON_WORD = re.compile(r"[^\w]+")
RELATED_HEADING = "Related articles"
#: The URL hash a file slug may end with (see :mod:`crawler.kernel.slugs`).
HASH_TAIL = re.compile(rf"-[0-9a-f]{{{HASH_LEN}}}$")


def words(text: str) -> list[str]:
    """Lower-case, accent-free words of ``text`` (punctuation and Markdown dropped)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii") or text
    return [w for w in NON_WORD.split(folded.casefold()) if w]


def _plain(block: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)
    return " ".join(MARKUP.sub(" ", text).split())


def _run_in(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def repeats_title(heading: str, title: str | None) -> bool:
    """Whether a heading says the title again: the same words, or one is a run of the other's
    words covering most of it ("Between National: Static Emulation" under the title "2024
    Approved: Between National: Static Emulation")."""
    h, t = words(heading), words(title or "")
    if not h or not t:
        return False
    if h == t:
        return True
    short, long = (h, t) if len(h) < len(t) else (t, h)
    return len(short) >= min(3, len(long)) and len(short) >= TITLE_SHARE * len(long) and _run_in(short, long)


def _is_avatar(alt: str, src: str, article: Article) -> bool:
    authors = article.metadata.authors
    if any(a.avatar and a.avatar == src for a in authors):
        return True
    if any(a.name and words(a.name) == words(alt) for a in authors):
        return True
    if AVATAR_WORDS.search(alt) and len(words(alt)) <= AVATAR_ALT_WORDS:
        return True
    return not alt.strip() and bool(AVATAR_URL.search(src))


def _same_day(found: datetime | None, *known: datetime | date | None) -> bool:
    if found is None:
        return False
    day = found.date()
    return any(k is not None and (k.date() if isinstance(k, datetime) else k) == day for k in known)


def _is_byline(text: str, article: Article) -> bool:
    """A short line naming an author ("By Jane Doe", "Jane Doe") or giving the article's date
    ("Sep 13, 2023 · Expert tips", "Updated 3 May 2024")."""
    plain = _plain(text)
    said = words(plain)
    if not said or len(said) > BYLINE_MAX_WORDS:
        return False
    names = [words(a.name) for a in article.metadata.authors if a.name]
    bare = words(BY_PREFIX.sub("", plain))
    if any(n and (bare == n or (BY_PREFIX.match(plain) and _run_in(n, bare))) for n in names):
        return True
    m = article.metadata
    return _same_day(find_date(plain), m.date, m.updated)


def reader_body(article: Article, body: str) -> str:
    """``body`` (the article's Markdown) without a leading heading that repeats the title and
    without the byline lines among its first blocks; the rest unchanged, byte for byte."""
    blocks = body.split("\n\n")
    keep: list[str] = []
    title_seen = False
    for i, block in enumerate(blocks):
        line = block.strip()
        if i >= LEAD_BLOCKS or not line or "\n" in line or line.startswith(("```", "~~~", "    ", "|", ">")):
            keep.extend(blocks[i:])
            break
        heading, image = HEADING.match(line), IMAGE_LINE.match(line)
        if heading:
            text = heading.group(2)
            if not title_seen and repeats_title(text, article.metadata.title):
                title_seen = True
                continue
            if _is_byline(text, article):
                continue
            keep.append(block)
        elif image:
            if not _is_avatar(image["alt"], image["src"], article):
                keep.append(block)
        elif _is_byline(line, article):
            continue
        else:  # the first paragraph of the article itself
            keep.extend(blocks[i:])
            break
    text = "\n\n".join(keep).lstrip("\n")
    return text if text.strip() else body


class Permalinks:
    """The permalink of every exported post, by the file identity of its URL."""

    def __init__(self, urls: Iterable[str] = ()) -> None:
        wanted = {file_key(url): (url, clean_permalink(url)) for url in urls}
        taken: dict[str, int] = {}
        for _url, link in wanted.values():
            taken[link] = taken.get(link, 0) + 1
        self._by_key = {key: link if taken[link] == 1 else _unique_permalink(url)
                        for key, (url, link) in wanted.items()}

    def get(self, url: str) -> str | None:
        """``host/slug/`` of an exported URL (any variant of it), None when it is not exported."""
        return self._by_key.get(file_key(url))

    def of(self, url: str) -> str:
        return self.get(url) or clean_permalink(url)


def clean_permalink(url: str) -> str:
    """``<host without port>/<readable slug>/``."""
    return f"{site_dir(url)}/{HASH_TAIL.sub('', slug_for_url(url)) or EMPTY_STEM}/"


def _unique_permalink(url: str) -> str:
    """A permalink no other URL has: the host with its port, the slug with its hash."""
    slug = slug_for_url(url)
    return f"{host_dir(url)}/{slug if HASH_TAIL.search(slug) else f'{slug}-{url_hash(url)}'}/"


def site_dir(url: str) -> str:
    """The host part of a permalink: the URL's host as a folder name, without the port."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    return host_dir(urlunsplit((parts.scheme, host, parts.path, "", "")))


def related_section(article: Article, permalinks: Permalinks, root: str = "/") -> str:
    """A Markdown list of the related articles (titles as link texts), each linking to the
    exported post when there is one, else to its original URL; "" for none."""
    items = []
    for link in article.related:
        target = permalinks.get(link.url)
        href = root + target if target else link.url
        href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        label = escape_inline(" ".join((link.title or link.url).split()), link_text=True)
        items.append(f"- [{label}]({href})")
    return f"## {RELATED_HEADING}\n\n" + "\n".join(items) + "\n" if items else ""
