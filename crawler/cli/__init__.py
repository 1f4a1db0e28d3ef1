"""The ``archiver`` command line: crawl, extract, query, export, operate.

The group lives in :mod:`.app`; each ``*_cmds`` module adds its commands to it and calls the
Python API (:mod:`exporters.api`, :mod:`crawler.operations`) for the work.
"""

from . import (  # noqa: F401
    crawl_cmds,
    dupes_cmds,
    export_cmds,
    extract_cmds,
    history_cmds,
    ops_cmds,
    query_cmds,
    warc_cmds,
    worker_cmds,
)
from .app import cli, main

__all__ = ["cli", "main"]
