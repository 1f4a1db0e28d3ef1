"""Downloader middlewares of the archiver (each built ``from_crawler``, switched off by its setting)."""
