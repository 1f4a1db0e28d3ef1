"""Exports re-rendered from the index: the crawl's Markdown byte for byte, JSONL, CSV, bundles,
filters, manifests and determinism."""

from __future__ import annotations

import csv
import io
import json
import tarfile
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from crawler.cli import cli
from crawler.kernel.errors import UsageError
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from crawler.kernel.slugs import host_dir, slug_for_url
from exporters.export import export_archive
from exporters.filters import Filters
from exporters.markdown import MarkdownWriter
from exporters.store.index import Index

IMAGE = "https://img.news.test/robot.png"
T0 = datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
PLUS2 = timezone(timedelta(hours=2))
URLS = {
    "a": "https://alpha.news.test/2024/05/garden-robots/",
    "b": "https://alpha.news.test/2024/06/robot-kitchens/",
    "c": "http://beta.news.test:8080/stories/cafe-creme.html",
    "d": "https://beta.news.test/notes/undated/",
}


def make(key: str, **meta: object) -> Article:
    base: dict[str, object] = {
        "title": f"Story {key.upper()}: robots & gardens",
        "date": datetime(2024, 5, 1 + ord(key) - ord("a"), 9, 15, tzinfo=PLUS2),
        "tags": ["Robots", "garden tools"], "categories": ["Tech", "Home"],
        "description": "What robots do in gardens", "excerpt": "Robots, gardens.",
        "keywords": ["robots", "Garden"], "thumbnail": f"https://img.news.test/{key}.jpg",
        "authors": [Author("Liza Brown", "https://alpha.news.test/liza/"), Author("Émile Roux")],
    }
    base.update(meta)
    others = [u for k, u in URLS.items() if k != key][:2]
    return Article(
        url=URLS[key],
        metadata=Metadata(**base),  # type: ignore[arg-type]
        sections=[Section(None, 0, f"Lead of {key}: robots weed the garden.\n\nSecond paragraph."),
                  Section("Details", 2, f"![A robot]({IMAGE})\n\nMore: *crème* brûlée.")],
        related=[RelatedLink(u, f"See {u.rsplit('/', 2)[-2]}") for u in others],
    )


def crawl_like(data: Path, index: Index, articles: list[Article], at: datetime) -> None:
    """What the crawl pipeline does: write each file (kept when only archived_at would change),
    then store the batch with the same archived_at."""
    writer = MarkdownWriter(data)
    batch = []
    for article in articles:
        path, _changed = writer.write(article, at)
        batch.append((article, str(path), at))
    index.upsert_articles(batch)


def build_archive(data: Path) -> Index:
    index = Index(f"sqlite:///{data / 'archive.db'}")
    run = index.start_run([URLS["a"]], {})
    crawl_like(data, index, [make("a"), make("b", updated=datetime(2024, 9, 1, 12, 0, tzinfo=UTC)),
                             make("c", date=datetime(2023, 1, 5, 7, 0), tags=["Café"], authors=[]),
                             make("d", date=None, keywords=[], thumbnail=None, categories=[])], T0)
    index.finish_run(run, "finished", {})
    with index.engine.begin() as conn:  # the run started just before its articles were archived
        started = (T0 - timedelta(minutes=1)).replace(tzinfo=None)
        conn.execute(text("UPDATE runs SET started_at = :t"), {"t": started})
    return index


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Index]:
    data = tmp_path / "data"
    data.mkdir()
    index = build_archive(data)
    yield data, index
    index.close()


def rel(key: str) -> str:
    """The archive-relative file of URLS[key]."""
    return f"{host_dir(URLS[key])}/{slug_for_url(URLS[key])}.md"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_markdown_export_reproduces_the_crawl_files_byte_for_byte(archive, tmp_path: Path) -> None:
    data, index = archive
    result = export_archive(index, "markdown", tmp_path / "out")
    crawled = tree(data / "articles")
    assert len(crawled) == 4 and result.count == 4 and result.files == 4
    assert tree(tmp_path / "out" / "articles") == crawled
    text = crawled[rel("c")].decode()
    assert "date: 2023-01-05T07:00:00\n" in text  # a naive date stays naive, not turned into UTC


def test_round_trip_survives_recrawls(archive, tmp_path: Path) -> None:
    data, index = archive
    later = T0 + timedelta(days=3)
    # unchanged articles: files untouched, archived_at kept; one article really changed; one changed
    # only in what the file does not show (an author's avatar)
    changed = make("b", updated=datetime(2024, 9, 1, 12, 0, tzinfo=UTC), title="Robot kitchens, revised")
    avatar_only = make("a", authors=[Author("Liza Brown", "https://alpha.news.test/liza/", "https://i.test/l.png"),
                                     Author("Émile Roux")])
    crawl_like(data, index, [avatar_only, changed], later)
    export_archive(index, "markdown", tmp_path / "out")
    assert tree(tmp_path / "out" / "articles") == tree(data / "articles")
    files = tree(data / "articles")
    assert b"Robot kitchens, revised" in files[rel("b")]
    assert b"archived_at: 2025-03-04T08:30:15.123456Z" in files[rel("b")]
    assert b"archived_at: 2025-03-01T08:30:15.123456Z" in files[rel("a")]


def test_exports_are_deterministic_and_carry_a_manifest(archive, tmp_path: Path) -> None:
    _data, index = archive
    for name in ("one.zip", "two.zip", "one.tar.gz", "two.tar.gz"):
        export_archive(index, "markdown", tmp_path / name)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert (tmp_path / "one.tar.gz").read_bytes() == (tmp_path / "two.tar.gz").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        assert zf.read(f"articles/{rel('a')}") == (_data / "articles" / rel("a")).read_bytes()
    with tarfile.open(tmp_path / "one.tar.gz") as tf:
        assert sorted(tf.getnames()) == sorted(names)
        assert {m.uid for m in tf.getmembers()} == {0}
    assert manifest["count"] == 4 and manifest["format"] == "markdown" and manifest["filters"] == {}
    assert manifest["archive"]["articles"] == 4 and manifest["archive"]["schema_version"] >= 2
    assert len(manifest["sha256"]) == 64


def test_filters_select_what_is_exported(archive, tmp_path: Path) -> None:
    _data, index = archive

    def count(**kw: object) -> int:
        return export_archive(index, "jsonl", tmp_path / "x.jsonl", Filters(**kw)).count  # type: ignore[arg-type]

    assert count() == 4
    assert count(site="alpha.news.test") == 2
    assert count(tag="café") == 1
    assert count(author="émile roux") == 3  # article c has no authors
    assert count(query="brûlée") == 4 and count(query="weed NOT garden") == 0
    assert count(ids="1,3-4") == 3
    assert count(since="2024-08-01") == 1  # only b was updated after that; nothing published
    assert count(changed_since="last") == 4
    index.start_run([URLS["b"]], {})
    crawl_like(_data, index, [make("b", title="Changed in the second run")], datetime.now(UTC))
    assert count(changed_since="last") == 1 and count(changed_since=1) == 4
    manifest = json.loads((tmp_path / "x.jsonl.manifest.json").read_text())
    assert manifest["filters"] == {"changed_since": 1}


def test_jsonl_and_csv(archive, tmp_path: Path) -> None:
    _data, index = archive
    export_archive(index, "jsonl", tmp_path / "a.jsonl")
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["url"] for r in records] == list(URLS.values())  # id order
    first = records[0]
    assert first["authors"][1] == {"name": "Émile Roux", "url": None, "avatar": None}
    assert first["date"] == "2024-05-01T09:15:00+02:00" and first["tags"] == ["Robots", "garden tools"]
    assert first["body_markdown"].startswith("Lead of a") and "robots weed" in first["body_text"]
    assert first["images"][0] == {"url": IMAGE, "local": None}
    export_archive(index, "csv", tmp_path / "csvdir")
    table = (tmp_path / "csvdir" / "articles.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 4 and rows[0]["tags"] == "Robots; garden tools"
    assert rows[0]["authors"] == "Liza Brown; Émile Roux" and int(rows[0]["word_count"]) > 5
    assert (tmp_path / "csvdir" / "manifest.json").exists()


def test_two_urls_sharing_a_file_export_the_one_archived_last(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    with Index(f"sqlite:///{data / 'archive.db'}") as index:
        old = make("a")
        new = make("a", title="The https one")
        new.url = URLS["a"].replace("https://", "http://")
        crawl_like(data, index, [old], T0)
        crawl_like(data, index, [new], T0 + timedelta(hours=1))
        result = export_archive(index, "markdown", tmp_path / "out")
    assert result.count == 1 and result.manifest["same_file_skipped"] == 1
    assert tree(tmp_path / "out" / "articles") == tree(data / "articles")


def test_progress_is_reported(archive, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_archive(archive[1], "hexo", tmp_path / "h", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


@pytest.mark.parametrize(("fmt", "target", "message"), [
    ("pdf", "x", "unknown export format"),
    ("markdown", "-", "only jsonl and csv"),
])
def test_bad_export_requests(archive, tmp_path: Path, fmt: str, target: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        export_archive(archive[1], fmt, target)


def test_cli_export(archive, tmp_path: Path) -> None:
    data, _index = archive
    runner = CliRunner()
    base = ["export", "--data", str(data)]
    out = runner.invoke(cli, [*base, "--format", "jsonl", "--to", "-", "--tag", "robots"])
    assert out.exit_code == 0, out.output
    assert [json.loads(x)["id"] for x in out.stdout.splitlines()] == [1, 2, 4]
    assert "Exported 3 articles" in out.stderr
    done = runner.invoke(cli, [*base, "--format", "markdown", "--to", str(tmp_path / "m")])
    assert done.exit_code == 0 and "Exported 4 articles as markdown" in done.output
    (tmp_path / "file").write_text("x")
    for args, code, message in [
        (["--format", "markdown", "--to", str(tmp_path / "file")], 2, "is a file"),
        (["--format", "hexo", "--to", "-"], 2, "standard output"),
        (["--format", "csv", "--to", "x.csv", "--query", '"open'], 2, "malformed search query"),
        (["--format", "csv", "--to", "x.csv", "--ids", "9-3"], 2, "ids"),
        (["--format", "csv", "--to", "x.csv", "--changed-since", "77"], 1, "no crawl run"),
    ]:
        bad = runner.invoke(cli, [*base, *args])
        assert bad.exit_code == code, bad.output
        assert bad.stderr.startswith("error:") and message in bad.stderr and len(bad.stderr.splitlines()) == 1


def test_cli_export_filters_shared_with_list(archive) -> None:
    data, _index = archive
    runner = CliRunner()

    def ids(*args: str) -> list[int]:
        out = runner.invoke(cli, ["export", "--data", str(data), "--format", "jsonl", "--to", "-", *args])
        assert out.exit_code == 0, out.output
        listed = runner.invoke(cli, ["list", "--data", str(data), "--json", "--limit", "100", *args])
        exported = [json.loads(x)["id"] for x in out.stdout.splitlines()]
        assert sorted(r["id"] for r in json.loads(listed.stdout)) == exported  # same selection as list
        return exported

    assert ids() == [1, 2, 3, 4]
    assert ids("--category", "TECH") == [1, 2, 3]  # d has no categories
    assert ids("--until", "2024-05-01") == [1, 3]
    assert ids("--since", "2024-05-02", "--until", "2024-05-31") == [2]
    assert ids("--author", "liza brown", "--site", "alpha.news.test") == [1, 2]
    assert ids("--query", "robots", "--ids", "2-4") == [2, 3, 4]
    assert ids("--tag", "café", "--query", "garden*") == [3]
    assert ids("--changed-since", "last", "--present") == [1, 2, 3, 4]
    assert ids("--gone") == []


def test_same_archive_same_bytes_and_times(archive, tmp_path: Path) -> None:
    _data, index = archive
    for n in (1, 2):
        export_archive(index, "hexo", tmp_path / f"h{n}")
        export_archive(index, "jsonl", tmp_path / f"j{n}.jsonl")
        export_archive(index, "csv", tmp_path / f"c{n}.csv")
    assert tree(tmp_path / "h1") == tree(tmp_path / "h2")
    times = [{p.relative_to(tmp_path / h).as_posix(): p.stat().st_mtime for p in (tmp_path / h).rglob("*.md")}
             for h in ("h1", "h2")]
    assert times[0] == times[1] and set(times[0].values()) == {T0.timestamp()}
    for kind in ("j{}.jsonl", "c{}.csv", "j{}.jsonl.manifest.json"):
        assert (tmp_path / kind.format(1)).read_bytes() == (tmp_path / kind.format(2)).read_bytes()


def test_progress_bar_on_a_terminal(archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, _index = archive
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws as on a terminal
    monkeypatch.setenv("TTY_INTERACTIVE", "1")
    base = ["export", "--data", str(data), "--format", "hexo"]
    shown = CliRunner().invoke(cli, [*base, "--to", str(tmp_path / "a"), "--progress"])
    assert shown.exit_code == 0 and "exporting hexo" in shown.stderr and "4/4" in shown.stderr
    hidden = CliRunner().invoke(cli, [*base, "--to", str(tmp_path / "b"), "--no-progress"])
    assert hidden.exit_code == 0 and "exporting hexo" not in hidden.stderr


def test_folder_writes_that_fail_are_reported(tmp_path: Path) -> None:
    from crawler.kernel.errors import StorageError
    from exporters.formats.sinks import FolderSink

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "taken").mkdir()  # a folder where a file should go
    (tmp_path / "out" / "plain").write_text("x")  # a file where a folder should go
    sink = FolderSink(tmp_path / "out")
    sink.add("fine/a.md", b"a", T0)
    with pytest.raises(StorageError, match="cannot create"):
        sink.add("plain/b.md", b"b", T0)
    sink.add("taken", b"c", T0)
    with pytest.raises(StorageError, match="cannot write"):
        sink.close(ok=True)
    assert (tmp_path / "out" / "fine" / "a.md").read_bytes() == b"a"
    assert (tmp_path / "out" / "fine" / "a.md").stat().st_mtime == T0.timestamp()
