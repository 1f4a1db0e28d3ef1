"""Golden pages: each ``tests/fixtures/<case>.html`` is parsed and checked against
``<case>.expected.json`` (metadata we are sure of, section headings, related links in order,
snippets the body must and must not contain, and whether the page is an article)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*.html") if p.with_suffix(".expected.json").exists())
LIST_FIELDS = ("tags", "categories", "keywords")
TEXT_FIELDS = ("title", "description", "excerpt", "site_name", "language", "canonical_url", "thumbnail")


def _load(case: Path) -> tuple[Article, dict[str, Any]]:
    expected = json.loads(case.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return parse_article(expected["url"], case.read_bytes()), expected


@pytest.fixture(scope="module", params=CASES, ids=[c.stem for c in CASES])
def golden(request: pytest.FixtureRequest) -> tuple[Article, dict[str, Any]]:
    return _load(request.param)


def test_there_are_enough_golden_pages() -> None:
    assert len(CASES) >= 5
    assert any(not json.loads(c.with_suffix(".expected.json").read_text())["is_article"] for c in CASES)


def test_article_or_not(golden: tuple[Article, dict[str, Any]]) -> None:
    article, expected = golden
    assert article.is_article is expected["is_article"], article.reason
    if expected["is_article"]:
        assert article.reason is None
    else:
        assert article.reason and expected.get("reason_contains", "") in article.reason


def test_metadata(golden: tuple[Article, dict[str, Any]]) -> None:
    article, expected = golden
    meta = article.metadata
    for name, value in expected.get("metadata", {}).items():
        got = getattr(meta, name) if name != "authors" else [a.name for a in meta.authors]
        if name in ("date", "updated"):
            assert got == datetime.fromisoformat(value), name
        elif name in LIST_FIELDS:
            assert sorted(got) == sorted(value), name
        elif name == "authors" or name in TEXT_FIELDS:
            assert got == value, name
        else:
            raise AssertionError(f"unknown metadata field in golden file: {name}")


def test_section_headings(golden: tuple[Article, dict[str, Any]]) -> None:
    article, expected = golden
    if not expected["is_article"]:  # a listing page comes back without a body
        assert article.sections == [] and article.body_markdown == ""
        return
    assert [s.heading for s in article.sections if s.heading is not None] == expected["sections"]
    assert all(s.level == 0 for s in article.sections if s.heading is None)
    assert all(1 <= s.level <= 6 for s in article.sections if s.heading is not None)


def test_related_links_in_order(golden: tuple[Article, dict[str, Any]]) -> None:
    article, expected = golden
    urls = [r.url for r in article.related]
    assert urls == expected["related"]
    assert all(r.title for r in article.related)
    assert all("#" not in u for u in urls)


def test_body_snippets(golden: tuple[Article, dict[str, Any]]) -> None:
    article, expected = golden
    body = article.body_markdown
    for snippet in expected.get("must_contain", []):
        assert snippet in body, f"missing from the body: {snippet!r}"
    for snippet in expected.get("must_not_contain", []):
        assert snippet not in body, f"boilerplate left in the body: {snippet!r}"


def test_links(golden: tuple[Article, dict[str, Any]]) -> None:
    article, expected = golden
    assert len(article.links) == len(set(article.links))
    assert all(u.startswith(("http://", "https://")) and "#" not in u for u in article.links)
    for url in expected.get("links_contain", []) + expected["related"]:
        assert url in article.links


def test_parsing_is_deterministic() -> None:
    case = CASES[0]
    first, _ = _load(case)
    second, _ = _load(case)
    assert first.to_dict() == second.to_dict()
