"""Republished copies: the same article published again under a new title, grouped in clusters.

Content networks republish their articles on another subdomain or URL, with a prefixed or reworded
title ("[Updated] …", "In 2024, …", "2024 Approved: …"), lightly edited sentences and a new date.
Exact hashes miss them; this package finds them by body similarity and keeps them as clusters:

* :mod:`.text`: normalised titles and word shingles of the body;
* :mod:`.minhash`: MinHash signatures (numpy) and their LSH bands;
* :mod:`.place`: placing articles against the index (one indexed query for candidates, then an
  exact check of each), the clusters and their canonical members, the copies' ``duplicate_of``
  (rows and Markdown files), ``regroup``;
* :mod:`.queries`: clusters, an article's copies, counts.

Two articles are the same story when the Jaccard similarity of their 5-word shingle sets reaches
:attr:`DupesConfig.threshold` (``ARCHIVE_DUPES_THRESHOLD``, default 0.4), or half of it when the
shorter body's shingles are nearly all in the other's (a share of at least
:attr:`DupesConfig.containment` and the threshold: a copy with a section cut). Articles are
never deleted or merged.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Default Jaccard threshold of two bodies' 5-word shingle sets (see the README: a lightly edited
#: copy stays above 0.7, different stories sharing a template's boilerplate below 0.2).
DEFAULT_THRESHOLD = 0.4


@dataclass(frozen=True)
class DupesConfig:
    """How copies are recognised. ``threshold``: Jaccard of the shingle sets; ``containment``: share
    of the smaller body's shingles found in the other (a shortened copy); ``min_shingles``: bodies
    with fewer distinct shingles (about as many words) are never grouped (too little to tell)."""

    threshold: float = DEFAULT_THRESHOLD
    containment: float = 0.9
    min_shingles: int = 30

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError(f"the duplicate threshold must be within (0, 1], got {self.threshold!r}")


__all__ = ["DEFAULT_THRESHOLD", "DupesConfig"]
