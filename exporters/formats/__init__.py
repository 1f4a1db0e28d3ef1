"""Export formats. Each turns :class:`~exporters.store.records.ArticleRecord` objects into files:

- tree formats write one file per article (:meth:`Format.path`, :meth:`Format.render`);
- one-file formats (``single_file`` set) write a header, then one row per article;
- web-archive formats (``archive_suffix`` set) copy the articles' stored WARC records into one file.

``media_root`` is where downloaded images are copied inside the export and ``media_prefix`` how an
article's file links to them (None: the format keeps the original image URLs).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Format

#: Every export format: its name -> the class (``module:Class`` in this package, imported on first
#: use, so the command line lists the names without loading any format). A new format is a
#: :class:`~.base.Format` subclass in a module of this package, added here.
FORMATS: dict[str, str] = {
    "markdown": "documents:MarkdownFormat",
    "jsonl": "documents:JsonlFormat",
    "csv": "documents:CsvFormat",
    "hexo": "generators:HexoFormat",
    "hugo": "generators:HugoFormat",
    "warc": "webarchive:WarcFormat",
    "wacz": "webarchive:WaczFormat",
}
FORMAT_NAMES = tuple(FORMATS)


def get_format(name: str) -> Format:
    """A new instance of the format called ``name``; ValueError for an unknown name."""
    try:
        module, cls = FORMATS[name].split(":")
    except KeyError:
        raise ValueError(f"unknown export format {name!r}") from None
    return getattr(import_module(f"{__name__}.{module}"), cls)()


__all__ = ["FORMATS", "FORMAT_NAMES", "get_format"]
