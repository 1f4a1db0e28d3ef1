"""The export format interface (see :mod:`exporters.formats` for the registry)."""

from __future__ import annotations

from crawler.kernel.slugs import host_dir, slug_for_url

from ..store.records import ArticleRecord


class Format:
    name = ""
    description = ""
    single_file: str | None = None
    media_root = "media"
    media_prefix: str | None = None
    #: Formats that copy stored records instead of rendering articles (``warc``, ``wacz``) write one
    #: file with this suffix through a ``write(session, layout, filters, out, name, when, progress)``
    #: method (see :mod:`.webarchive`).
    archive_suffix: str | None = None

    def prepare(self, urls: list[str]) -> None:
        """Told the URLs of every article of the export before the first is rendered (so that
        posts can link to each other)."""

    def path(self, record: ArticleRecord) -> str:
        """The article's file inside the export (tree formats)."""
        raise NotImplementedError

    def header(self) -> bytes:
        return b""

    def render(self, record: ArticleRecord) -> bytes:
        raise NotImplementedError


def article_stem(url: str) -> str:
    """``<host dir>/<slug>``: the archive's file naming, shared by the tree formats."""
    return f"{host_dir(url)}/{slug_for_url(url)}"
