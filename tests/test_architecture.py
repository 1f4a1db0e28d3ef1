"""The project's layering, computed from the source: no import cycle (imports inside functions
included), the kernel imports nothing else of the project, the parsers only the kernel, and
``exporters`` nothing of ``crawler`` but the kernel. Plus the interfaces' own contracts."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from crawler.frontier import MemoryFrontier, frontier_for
from crawler.kernel import fields
from crawler.kernel.errors import ConfigError
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section, markdown_to_text
from exporters.markdown import FRONT_MATTER_KEYS
from exporters.store.schema import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "exporters")
#: Packages type-checked with mypy (configuration in pyproject.toml).
TYPED = ("crawler/kernel", "crawler/parsers", "exporters/store", "exporters/search", "exporters/dupes")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _resolve(mods: dict[str, Path], module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    is_package = mods[module].name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    targets = []
    if isinstance(node, ast.Import):
        targets = [a.name for a in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = package.split(".")
            parts = parts[:len(parts) - node.level + 1]
            base = ".".join(parts + ([base] if base else []))
        targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
    out = []
    for target in targets:
        while target and target not in mods:
            target = target.rpartition(".")[0]
        if target and target != module:
            out.append(target)
    return out


def import_graph() -> dict[str, set[str]]:
    """Module -> project modules it imports, at any depth of the module (functions included)."""
    mods = modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name].update(_resolve(mods, name, node))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(set(graph) | set(modules())):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    # crawler.cli.crawl_cmds imports the crawl machinery inside its commands only
    assert "crawler.operations" in graph["crawler.cli.ops_cmds"]
    assert "crawler.kernel.model" in graph["crawler.spiders.articles"]


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_kernel_imports_nothing_else_of_the_project() -> None:
    graph = import_graph()
    for name, deps in graph.items():
        if name.startswith("crawler.kernel"):
            assert all(d.startswith("crawler.kernel") for d in deps), (name, deps)


def test_parsers_depend_on_the_kernel_only() -> None:
    for name, deps in import_graph().items():
        if name.startswith("crawler.parsers"):
            assert all(d.startswith(("crawler.parsers", "crawler.kernel")) for d in deps), (name, deps)


def test_exporters_import_nothing_of_crawler_but_the_kernel() -> None:
    for name, deps in import_graph().items():
        if name.startswith("exporters"):
            outside = [d for d in deps if d.startswith("crawler") and not d.startswith("crawler.kernel")]
            assert outside == [], name


def test_only_the_command_line_imports_the_command_line() -> None:
    for name, deps in import_graph().items():
        if not name.startswith("crawler.cli") and name != "crawler.__main__":
            assert not any(d.startswith("crawler.cli") for d in deps), name


@pytest.mark.skipif(sys.version_info < (3, 11), reason="mypy config targets 3.11")
def test_kernel_store_and_search_type_check() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy", *TYPED], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


# -- the field table -------------------------------------------------------------------------------

def sample() -> Article:
    from datetime import UTC, datetime

    return Article(
        url="https://news.example/a", sections=[Section(None, 0, "One two three. " * 100)],
        related=[RelatedLink("https://news.example/b", "B")],
        metadata=Metadata(title="T", date=datetime(2024, 5, 1, tzinfo=UTC),
                          authors=[Author("Ann"), Author("Bo")], tags=["x"], keywords=["k1", "k2"],
                          language="en", site_name="News"))


def test_every_column_field_has_its_columns_and_nothing_else_is_hand_declared() -> None:
    row = fields.row_values(sample())
    for name in row:
        assert name in ARTICLES.c, name
    for f in fields.COLUMN_FIELDS:
        assert f.name in ARTICLES.c


def test_front_matter_keys_follow_the_table_with_the_seed_keys_first() -> None:
    keys = [k for k, _v, _q in fields.front_matter_values(sample())]
    assert keys[:9] == ["title", "date", "updated", "tags", "categories", "description", "excerpt",
                        "keywords", "thumbnail"]
    assert [k for k in keys if k != "authors"] + ["archived_at"] == list(FRONT_MATTER_KEYS)
    assert keys.index("authors") == keys.index("author") + 1  # several authors: the list follows


def test_word_count_and_reading_time_are_derived_from_the_body_everywhere() -> None:
    article = sample()
    assert fields.word_count(article) == 300 and fields.reading_time(article) == 2
    header = dict((k, v) for k, v, _q in fields.front_matter_values(article))
    assert header["word_count"] == 300 and header["reading_time"] == 2
    assert fields.record_values(article)["word_count"] == 300
    assert fields.csv_values(article)["reading_time"] == 2
    assert fields.row_values(article)["word_count"] == 300
    assert {"word_count", "reading_time"} <= set(fields.TOTALS)
    # derived from the body: not content of their own, so they never make a version "changed"
    assert "word_count" not in fields.TRACKED_FIELDS


def test_the_content_hash_covers_content_fields_only() -> None:
    article = sample()
    base = fields.content_hash(article)
    article.metadata.site_name = "Other"
    assert fields.content_hash(article) != base
    changed = fields.changed_fields(fields.field_hashes(sample()), fields.field_hashes(article))
    assert changed == ["site_name"]


def test_a_row_rebuilds_the_article_fields_it_holds() -> None:
    from types import SimpleNamespace

    article = sample()
    row = SimpleNamespace(**fields.row_values(article))
    rebuilt = fields.apply_row(Article(url=article.url), row)
    assert rebuilt.metadata.title == "T" and rebuilt.metadata.date == article.metadata.date
    assert rebuilt.body_markdown == article.body_markdown and rebuilt.metadata.language == "en"


# -- the frontier ----------------------------------------------------------------------------------

def test_memory_frontier_claims_once_within_the_budget() -> None:
    frontier = MemoryFrontier(budget=2)
    assert frontier.claim("a") and not frontier.claim("a")
    assert frontier.claim("b") and not frontier.claim("c")  # budget spent
    assert frontier.claimed == 2 and frontier.seen("a") and not frontier.seen("c")


def test_memory_frontier_articles_and_deferred_links() -> None:
    frontier = MemoryFrontier()
    assert frontier.claim_article("canonical", "variant")
    assert not frontier.claim_article("variant") and not frontier.claim_article("canonical")
    frontier.defer("tag/1")
    frontier.defer("tag/2")
    frontier.defer("tag/1")
    assert frontier.take_deferred() == ["tag/1", "tag/2"] and frontier.take_deferred() == []


def test_an_unknown_frontier_is_a_config_error() -> None:
    assert isinstance(frontier_for({"ARCHIVE_FRONTIER": "memory"}, None), MemoryFrontier)
    with pytest.raises(ConfigError, match="ARCHIVE_FRONTIER"):
        frontier_for({"ARCHIVE_FRONTIER": "carrier-pigeon"}, None)


def test_word_count_and_reading_time_end_to_end(crawled_archive: Path, tmp_path: Path) -> None:
    """The proving field: in the crawl's front matter, the index, JSONL and CSV exports and stats."""
    import csv
    import json

    import frontmatter

    from .conftest import run_cli

    post = frontmatter.load(next((crawled_archive / "articles").rglob("*.md")))
    assert post["word_count"] == len(markdown_to_text(post.content).split()) > 50
    assert post["reading_time"] == -(-post["word_count"] // fields.WORDS_PER_MINUTE)
    stats = run_cli("stats", "--json", "--data", str(crawled_archive))
    total = json.loads(stats.stdout)["word_count"]
    jsonl = run_cli("export", "--format", "jsonl", "--to", "-", "--data", str(crawled_archive))
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert total == sum(r["word_count"] for r in records) and all(r["reading_time"] >= 1 for r in records)
    out = tmp_path / "a.csv"
    done = run_cli("export", "--format", "csv", "--to", str(out), "--data", str(crawled_archive))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(int(r["word_count"]) for r in rows) == sorted(r["word_count"] for r in records)


def test_the_body_is_computed_once_and_again_after_new_sections() -> None:
    article = Article(url="u", sections=[Section(None, 0, "One **two**")])
    assert article.body_text == "One two" and article.body_text is article.body_text
    article.sections = [Section("Head", 2, "Three")]
    assert article.body_markdown == "## Head\n\nThree\n" and article.body_text == "Head\n\nThree"
