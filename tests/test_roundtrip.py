"""Round trips on a real crawl: ``archiver export --format markdown`` gives back the crawl's files
byte for byte (folder and bundle), and ``--format hexo`` builds with Hexo (see test_export_sites)."""

from __future__ import annotations

import html
import re
import tarfile
from pathlib import Path

import yaml

from crawler.kernel.files import mtime_ns

from .conftest import run_cli
from .test_export_sites import hexo_generate

PAGE_TITLE = re.compile(r"<title>([^<]*)</title>")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_markdown_export_of_a_crawl_is_byte_identical(crawled_archive: Path, tmp_path: Path) -> None:
    crawled = tree(crawled_archive / "articles")
    assert len(crawled) == 40
    done = run_cli("export", "--data", str(crawled_archive), "--format", "markdown",
                   "--to", str(tmp_path / "md"))
    assert done.returncode == 0, done.stderr
    assert "Exported 40 articles as markdown" in done.stdout
    assert tree(tmp_path / "md" / "articles") == crawled
    for path, text in crawled.items():  # file times too: a file's time is its archived_at, exactly
        stamp = mtime_ns(yaml.safe_load(text.decode().split("---")[1])["archived_at"])
        assert (crawled_archive / "articles" / path).stat().st_mtime_ns == stamp
        assert (tmp_path / "md" / "articles" / path).stat().st_mtime_ns == stamp
    bundle = run_cli("export", "--data", str(crawled_archive), "--format", "markdown",
                     "--to", str(tmp_path / "md.tar.gz"))
    assert bundle.returncode == 0, bundle.stderr
    with tarfile.open(tmp_path / "md.tar.gz") as tar:
        packed = {m.name.removeprefix("articles/"): tar.extractfile(m).read() for m in tar.getmembers()
                  if m.name.startswith("articles/")}
    assert packed == crawled


def test_hexo_export_of_a_crawl_builds(crawled_archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run_cli("export", "--data", str(crawled_archive), "--format", "hexo", "--to", str(site))
    assert done.returncode == 0, done.stderr
    posts = sorted((site / "source" / "_posts").rglob("*.md"))
    assert len(posts) == 40
    pages = hexo_generate(site)  # no error, no warning
    # every post has its own page at its permalink, titled like the post
    fronts = [yaml.safe_load(p.read_text(encoding="utf-8").split("\n---\n", 1)[0][4:]) for p in posts]
    assert len({f["permalink"] for f in fronts}) == 40
    shown = {f["permalink"]: html.unescape(PAGE_TITLE.search(pages[f"{f['permalink']}index.html"]).group(1))
             for f in fronts}
    assert shown == {f["permalink"]: f"{f['title']} | Archive export" for f in fronts}
