"""The exceptions the archiver raises on purpose.

Every user-facing failure is an :class:`ArchiverError`; the CLI prints its message as one line and
exits with its ``exit_code``. Messages say what failed and what to do about it.
"""

from __future__ import annotations


class ArchiverError(Exception):
    """Base class: a failure the user can act on."""

    exit_code = 1


class UsageError(ArchiverError):
    """Bad command-line input (malformed URL, bad option value)."""

    exit_code = 2


class ConfigError(ArchiverError):
    """A bad configuration file, profile or setting."""

    exit_code = 2


class StorageError(ArchiverError):
    """The data directory or the database cannot be used."""

    exit_code = 3


class ArchiveLocked(StorageError):
    """Another process holds a write transaction on the archive's database (exit 3, at once)."""


class ExtractionError(ArchiverError):
    """A page could not be read or parsed at all."""

    exit_code = 4


class NotFound(ArchiverError):
    """A looked-up article or run does not exist in the archive."""

    exit_code = 1


class RunAlert(ArchiverError):
    """The crawl ran, but its report shows a problem: a field's fill rate fell sharply."""

    exit_code = 5


class LockedError(ArchiverError):
    """Another crawl holds the archive folder's lock (``EX_TEMPFAIL``: try again later)."""

    exit_code = 75


class Interrupted(ArchiverError):
    """The crawl was stopped by SIGINT or SIGTERM before its end (it can be resumed)."""

    exit_code = 130
