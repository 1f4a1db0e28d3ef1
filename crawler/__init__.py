"""article-archiver: crawl article networks into Markdown files and a SQLite index."""

from .kernel.version import __version__

__all__ = ["__version__"]
