"""``archiver dupes`` (the clusters of republished copies) and ``archiver regroup`` (build them
again for a whole archive)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..kernel.errors import UsageError
from ..kernel.layout import ArchiveLayout
from .app import cli
from .options import data_options, emit, limit_option, note_cut, output_options
from .query_cmds import open_index

CLUSTER_COLUMNS = ("cluster", "size", "similarity", "date", "site", "title")


@cli.command()
@data_options
@output_options
@limit_option(noun="clusters")
@click.option("--site", default=None, metavar="HOST",
              help="Only clusters with a member on this host (host, host:port or URL).")
def dupes(data_dir: Path, db_url: str | None, fmt: str, limit: int | None, site: str | None) -> None:
    """Stories published more than once: clusters of republished copies, largest first.

    Each row is one cluster: its canonical member (the earliest published; id, URL, title, date,
    site), how many copies it has, the lowest similarity of a member, and the copies' URLs. The
    copies carry duplicate_of (their canonical member's URL) in their front matter.

    \b
    Example:
        archiver dupes
        archiver dupes --site blog.example.com --json
        archiver dupes --all --csv > clusters.csv
    """
    from exporters.dupes.queries import CLUSTER_KEYS, count_clusters, list_clusters

    with open_index(data_dir, db_url) as index:
        rows = list_clusters(index, site=site, limit=None if limit is None else limit + 1)
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            note_cut(limit, count_clusters(index, site=site), "clusters")
    if fmt == "table":
        rows = [{**r, "size": f"{r['size']} ({copies_text(len(r['copies']))})"} for r in rows]
    emit(rows, fmt, columns=CLUSTER_COLUMNS, keys=CLUSTER_KEYS)


def copies_text(n: int) -> str:
    return f"{n} copy" if n == 1 else f"{n} copies"


@cli.command()
@data_options
@click.option("--threshold", type=float, default=None, metavar="J",
              help="Jaccard similarity of two bodies' 5-word shingles from which they are one story "
                   "(default: ARCHIVE_DUPES_THRESHOLD, 0.4).")
@click.option("--unplaced", is_flag=True,
              help="Only place the articles not compared yet (stored before grouping existed), "
                   "keeping the clusters there are.")
def regroup(data_dir: Path, db_url: str | None, threshold: float | None, unplaced: bool) -> None:
    """Build the clusters of republished copies again for the whole archive (after changing the
    threshold, or for an archive made before grouping existed). Copies' duplicate_of is set in
    their rows and front matter; no article is deleted or merged.

    \b
    Example:
        archiver regroup
        archiver regroup --threshold 0.5
        archiver regroup --unplaced
    """
    from exporters.dupes import DEFAULT_THRESHOLD, DupesConfig
    from exporters.dupes.place import place_in_archive
    from exporters.dupes.queries import cluster_counts

    from ..lock import RunLock

    value = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0 < value <= 1:
        raise UsageError(f"--threshold must be within (0, 1], got {value}")
    layout = ArchiveLayout(data_dir, db_url)
    layout.require_index()
    lock = RunLock(layout, "regroup")
    lock.acquire()
    try:
        started = time.monotonic()
        with open_index(data_dir, db_url) as index:
            result = place_in_archive(index, layout.root, config=DupesConfig(threshold=value),
                                      unplaced=unplaced, regroup=not unplaced)
            counts = cluster_counts(index)
    finally:
        lock.release()
    click.echo(f"Placed {result.placed} articles in {time.monotonic() - started:.1f} s: "
               f"{counts['clusters']} clusters, {counts['copies']} copies; "
               f"{len(result.changed)} duplicate_of changed")
