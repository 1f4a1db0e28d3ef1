"""Exporting into a folder that already has files: refused by default, written over with --force
(the manifest says what else is there), emptied first with --clean only when the folder holds a
previous export. Child processes on a real crawl."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .conftest import run_cli


def export(data: Path, target: Path, *extra: str):  # noqa: ANN201 - a CompletedProcess
    return run_cli("export", "--format", "hugo", "--to", str(target), "--data", str(data), *extra)


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def exported_files(root: Path) -> set[str]:
    return {k for k in snapshot(root) if k != "manifest.json"}


def test_a_non_empty_folder_is_refused_and_left_alone(crawled_archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = export(crawled_archive, site)
    assert first.returncode == 0, first.stderr
    before = snapshot(site)
    again = export(crawled_archive, site, "--site", "nothing.test")
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.startswith(f"error: --to '{site}' is not empty: --force")
    assert again.stderr.count("\n") == 1
    assert snapshot(site) == before
    both = export(crawled_archive, site, "--force", "--clean")
    assert both.returncode == 2 and "cannot be combined" in both.stderr and snapshot(site) == before
    (tmp_path / "empty").mkdir()
    assert export(crawled_archive, tmp_path / "empty").returncode == 0  # an empty folder is fine


def test_clean_empties_a_previous_export_and_the_manifest_agrees(crawled_archive: Path,
                                                                 tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert export(crawled_archive, site).returncode == 0
    stale = site / "content" / "posts" / "old-host" / "stale.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("a post of an earlier export\n")
    listed = run_cli("list", "--json", "--limit", "1", "--data", str(crawled_archive))
    host = json.loads(listed.stdout)[0]["site"]
    done = export(crawled_archive, site, "--clean", "--site", host)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((site / "manifest.json").read_text())
    files = exported_files(site)
    assert not stale.exists() and not (site / "content" / "posts" / "old-host").exists()
    assert manifest["files"] == len(files) == manifest["count"] > 0  # no image in this archive
    assert manifest["filters"] == {"site": host} and "merged" not in manifest


def test_clean_never_deletes_a_folder_that_is_not_an_export(crawled_archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "todo.txt").write_text("keep me\n")
    (folder / "manifest.json").write_text('{"name": "some other tool"}\n')  # not an export's manifest
    before = snapshot(folder)
    done = export(crawled_archive, folder, "--clean")
    assert done.returncode == 2 and "does not look like a previous export" in done.stderr
    assert "nothing was deleted" in done.stderr and done.stderr.count("\n") == 1
    assert snapshot(folder) == before


def test_force_merges_and_the_manifest_lists_the_other_files(crawled_archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "config").mkdir(parents=True)
    (site / "config" / "hugo.toml").write_text('title = "Mine"\n')
    done = export(crawled_archive, site, "--force")
    assert done.returncode == 0, done.stderr
    assert "1 files in" in done.stderr and "not part of this export" in done.stderr
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["merged"] is True and manifest["other_files"] == 1
    assert manifest["other_files_sample"] == ["config/hugo.toml"]
    assert manifest["files"] == len(exported_files(site)) - 1 == manifest["count"]
    assert (site / "config" / "hugo.toml").read_text() == 'title = "Mine"\n'
