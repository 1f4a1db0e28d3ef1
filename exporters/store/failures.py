"""Database failures as one-line errors naming the archive: a lock held by another writer is
:class:`~crawler.kernel.errors.ArchiveLocked`, anything else :class:`~crawler.kernel.errors.StorageError`."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.kernel.errors import ArchiveLocked, StorageError


def describe_url(url: str) -> str:
    """The database URL for messages (password hidden)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def error_reason(exc: BaseException) -> str:
    """The first line of the driver's message, without SQLAlchemy's decorations."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


#: How the message of :class:`ArchiveLocked` starts.
LOCKED_BY_WRITER = "the archive is locked by another writer"
#: What SQLite answers when another connection holds the write lock past the busy timeout.
LOCKED_REASONS = ("database is locked", "database table is locked")


def storage_error(what: str, url: str, exc: BaseException) -> StorageError:
    """The one-line error for a failed database operation: :class:`ArchiveLocked` when another
    process holds the write lock, else :class:`StorageError` with the driver's reason."""
    reason = error_reason(exc)
    where = describe_url(url)
    if reason.lower().startswith(LOCKED_REASONS):
        return ArchiveLocked(f"{LOCKED_BY_WRITER}: {where} has a write transaction "
                             "open in another process (an sqlite3 shell, a script, a second crawl with the "
                             f"same --db); cannot {what}. Close that program, or wait for it, and run again")
    return StorageError(f"cannot {what} in {where}: {reason}")


