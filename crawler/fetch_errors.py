"""What a failed fetch is recorded as: the kind at the head of its ``fetches.error``.

The kind is the exception's class name (``DownloadTimeoutError``, ``ResponseDataLossError``,
``RedirectOutOfScope``, ``RobotsDisallowed``…), made plainer where Scrapy's own name hides the
fault: a page or a decompressed body beyond ``DOWNLOAD_MAXSIZE`` is ``TooLarge``, and a failed
response names its first reason (``ConnectionLost`` for a reset connection).
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DownloadCancelledError, DownloadFailedError, IgnoreRequest

TOO_LARGE = "TooLarge"


def failure_kind(failure: Any) -> str:
    """The kind of a Twisted ``Failure`` (or of an exception)."""
    exc = getattr(failure, "value", failure)
    message = str(exc)
    if isinstance(exc, DownloadCancelledError) and (not message or "max size" in message):
        return TOO_LARGE  # Scrapy cancels a transfer beyond DOWNLOAD_MAXSIZE
    if type(exc) is IgnoreRequest and "DOWNLOAD_MAXSIZE" in message:
        return TOO_LARGE  # a compressed body that inflates beyond it (a gzip bomb)
    if isinstance(exc, DownloadFailedError):
        reasons = getattr(exc.__cause__, "reasons", None) or []
        inner = getattr(reasons[0], "type", None) if reasons else None
        if inner is not None:
            return inner.__name__.lstrip("_")
    return type(exc).__name__
