"""article-archiver: crawl article networks into Markdown files and a SQLite index."""

__version__ = "0.1.0"
