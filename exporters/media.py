"""Downloaded images: which image URLs an article uses, where their local copies live, and Markdown
with its image links pointed at those copies.

Copies are stored once per content under ``DATA/media/<first two hex digits>/<sha256><ext>``; the
index keeps the original URL of each (table ``media``), and article bodies in the index keep the
original URLs. Only rendered files link to the copies.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.kernel.layout import MEDIA_DIR
from crawler.kernel.model import Article, Section

#: ``![alt](url)`` as the body writer emits it (the URL is percent-encoded: no spaces or parentheses).
IMAGE_LINK = re.compile(r"(!\[[^\]\n]*\]\()([^)\s]+)(\))")
#: From an archived file (DATA/articles/<host>/<slug>.md) to DATA/media/.
ARCHIVE_MEDIA_PREFIX = "../../"
#: Extensions kept for stored images, by content type (others are guessed by ``mimetypes``).
IMAGE_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
                    "image/svg+xml": ".svg", "image/avif": ".avif", "image/bmp": ".bmp",
                    "image/x-icon": ".ico", "image/vnd.microsoft.icon": ".ico", "image/tiff": ".tif"}
URL_EXTENSION = re.compile(r"\.(jpe?g|png|gif|webp|svg|avif|bmp|ico|tiff?)$", re.I)
LOOKUP_CHUNK = 500


def image_urls(body_markdown: str, thumbnail: str | None = None) -> list[str]:
    """The absolute http(s) image URLs of an article: body images in order, then the thumbnail."""
    urls = [m.group(2) for m in IMAGE_LINK.finditer(body_markdown or "")]
    if thumbnail:
        urls.append(thumbnail)
    return [u for u in dict.fromkeys(urls) if u.startswith(("http://", "https://"))]


def relink(body_markdown: str, local: dict[str, str], prefix: str) -> str:
    """``body_markdown`` with every image whose URL has a local copy pointed at ``prefix`` + the
    copy's archive-relative path (``media/ab/ab12….jpg``); other images are left alone."""
    if not local:
        return body_markdown

    def swap(m: re.Match[str]) -> str:
        path = local.get(m.group(2))
        return m.group(0) if path is None else f"{m.group(1)}{prefix}{path}{m.group(3)}"

    return IMAGE_LINK.sub(swap, body_markdown)


def media_path(digest: str, content_type: str | None, url: str) -> str:
    """Where a copy is stored, relative to the archive folder: ``media/ab/<sha256><ext>``."""
    return f"{MEDIA_DIR}/{digest[:2]}/{digest}{media_extension(content_type, url)}"


def media_extension(content_type: str | None, url: str) -> str:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in IMAGE_EXTENSIONS:
        return IMAGE_EXTENSIONS[kind]
    suffix = PurePosixPath(urlsplit(url).path).suffix
    if URL_EXTENSION.search(suffix):
        return suffix.lower().replace(".jpeg", ".jpg")
    guessed = mimetypes.guess_extension(kind) if kind.startswith("image/") else None
    return guessed or ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def local_copies(session: Session, urls: Iterable[str]) -> dict[str, str]:
    """url -> archive-relative path of the downloaded copy, for those of ``urls`` that have one."""
    from .store.schema import Media

    wanted = list(dict.fromkeys(urls))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start:start + LOOKUP_CHUNK]
        found.update((url, path) for url, path in session.execute(select(Media.url, Media.path)
                                                                 .where(Media.url.in_(chunk))))
    return found


def has_media(session: Session) -> bool:
    from .store.schema import Media

    return session.execute(select(Media.id).limit(1)).first() is not None


def with_local_images(article: Article, local: dict[str, str], prefix: str = ARCHIVE_MEDIA_PREFIX) -> Article:
    """A copy of ``article`` whose body links the local copies in ``local`` (url -> archive-relative
    path): what the archive's Markdown file shows. The article itself is left unchanged."""
    body = relink(article.body_markdown, local, prefix)
    if body == article.body_markdown:
        return article
    return replace(article, sections=[Section(None, 0, body)] if body else [])
