"""The crawl's side of grouping republished copies (:mod:`exporters.dupes`).

Settings: ``ARCHIVE_DUPES`` (default True; False switches grouping off) and
``ARCHIVE_DUPES_THRESHOLD`` (default 0.4: the Jaccard similarity of two bodies' 5-word shingle sets
from which they are one story). Each batch of articles is placed where it is stored (in the index
writer's process when there is one, :func:`exporters.store.batch.store_flush`), so an article is
matched against every article stored before it, this crawl's earlier batches included. At the end
of a crawl, articles still without a signature of their content (an archive made before grouping
existed, a re-crawl that fetched nothing) are placed too.
"""

from __future__ import annotations

from typing import Any

from exporters.dupes import DEFAULT_THRESHOLD, DupesConfig

from .kernel.errors import UsageError


def _on(value: Any) -> bool:
    return str(value).strip().lower() not in ("false", "0", "no", "off", "")


def config_from(get: Any) -> DupesConfig | None:
    """The grouping's configuration from settings (``get(name, default)``): None when
    ``ARCHIVE_DUPES`` is off (Scrapy is not needed here: the re-validation pass reads it too);
    raises :class:`UsageError` for a bad threshold."""
    if not _on(get("ARCHIVE_DUPES", True)):
        return None
    raw = get("ARCHIVE_DUPES_THRESHOLD", DEFAULT_THRESHOLD)
    try:
        threshold = float(raw if raw not in (None, "") else DEFAULT_THRESHOLD)
        return DupesConfig(threshold=threshold)
    except (TypeError, ValueError):
        raise UsageError(f"ARCHIVE_DUPES_THRESHOLD: expected a number within (0, 1], got {raw!r}") from None


def grouping_of(settings: Any) -> DupesConfig | None:
    """The configuration for a crawl's settings, or None when grouping is switched off."""
    return config_from(settings.get)


def place_unplaced(index: Any, data_dir: Any, config: DupesConfig | None) -> int:
    """Place the articles without a signature of their content; returns how many were placed."""
    if config is None:
        return 0
    from exporters.dupes.unplaced import any_unplaced
    from exporters.store.records import reading

    with reading(index) as s:  # most crawls placed everything as they stored it: nothing to import
        if not any_unplaced(s):
            return 0
    from exporters.dupes.place import place_in_archive  # numpy: only when there is work

    return place_in_archive(index, data_dir, config=config, unplaced=True).placed
