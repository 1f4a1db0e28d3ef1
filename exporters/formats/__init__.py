"""Export formats. Each turns :class:`~exporters.records.ArticleRecord` objects into files:

- tree formats write one file per article (:meth:`Format.path`, :meth:`Format.render`);
- one-file formats (``single_file`` set) write a header, then one row per article.

``media_root`` is where downloaded images are copied inside the export and ``media_prefix`` how an
article's file links to them (None: the format keeps the original image URLs).
"""

from __future__ import annotations

from crawler.kernel.slugs import host_dir, slug_for_url

from ..records import ArticleRecord


class Format:
    name = ""
    description = ""
    single_file: str | None = None
    media_root = "media"
    media_prefix: str | None = None

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


def get_format(name: str) -> Format:
    from .documents import CsvFormat, JsonlFormat, MarkdownFormat
    from .generators import HexoFormat, HugoFormat

    formats = {f.name: f for f in (MarkdownFormat, JsonlFormat, CsvFormat, HexoFormat, HugoFormat)}
    try:
        return formats[name]()
    except KeyError:
        raise ValueError(f"unknown export format {name!r}") from None


FORMAT_NAMES = ("markdown", "jsonl", "csv", "hexo", "hugo")
__all__ = ["FORMAT_NAMES", "Format", "article_stem", "get_format"]
