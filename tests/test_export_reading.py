"""What a site export shows of a body (pure functions): the title and byline lines a theme shows
already are left out of the lead, nothing else is touched; permalinks and related lists."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from exporters.formats.generators import hexo_categories
from exporters.formats.reading import Permalinks, clean_permalink, reader_body, related_section, repeats_title

AVATAR = "https://cdn.example/people/jane.jpg"
CONTENT = "The harbour committee met on Tuesday and voted to keep the old lighthouse lit through winter."


def article(body: str, title: str = "Keeping the Lighthouse Lit", **meta: object) -> Article:
    fields: dict[str, object] = {"title": title, "date": datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
                                 "authors": [Author("Jane Doe", avatar=AVATAR)]}
    fields.update(meta)
    return Article(url="https://news.example/2024/03/lighthouse/", metadata=Metadata(**fields),  # type: ignore[arg-type]
                   sections=[Section(None, 0, body)])


@pytest.mark.parametrize(("heading", "title", "same"), [
    ("Keeping the Lighthouse Lit", "Keeping the Lighthouse Lit", True),
    ("KEEPING THE LIGHTHOUSE LIT!", "Keeping the Lighthouse Lit", True),
    ("Between National: Static Emulation", "2024 Approved: Between National: Static Emulation", True),
    ("Keeping the Lighthouse Lit | Harbour News", "Keeping the Lighthouse Lit", True),
    ("Café society", "Cafe Society", True),
    ("Why it matters", "Keeping the Lighthouse Lit", False),
    ("The Lighthouse", "Keeping the Lighthouse Lit in a Winter of Storms", False),  # too small a part
    ("Lighthouse", "Lighthouse keepers", False),
])
def test_a_heading_repeats_the_title(heading: str, title: str, same: bool) -> None:
    assert repeats_title(heading, title) is same


def test_title_avatar_name_and_dateline_leave_the_lead_and_the_rest_stays() -> None:
    rest = f"{CONTENT}\n\n## Why it matters\n\n![The lighthouse at dusk](https://cdn.example/l.jpg)\n\nMore."
    body = (f"## Keeping the Lighthouse Lit\n\n# A subtitle that stays\n\n![author avatar]({AVATAR})\n\n"
            f"##### Jane Doe\n\nMar 5, 2024 • Harbour\n\n{rest}")
    assert reader_body(article(body), body) == f"# A subtitle that stays\n\n{rest}"


@pytest.mark.parametrize("lead", [
    "By Jane Doe", "*By [Jane Doe](https://news.example/jane/)*", "Jane Doe",
    "Published 5 March 2024 · 4 min read",
    f"[![Jane Doe]({AVATAR})](https://news.example/jane/)", "![](https://cdn.example/avatars/jane-128.png)",
    "Updated 2024-03-05",
])
def test_byline_forms(lead: str) -> None:
    body = f"{lead}\n\n{CONTENT}"
    assert reader_body(article(body), body) == CONTENT


@pytest.mark.parametrize("body", [
    f"{CONTENT}\n\nBy Jane Doe",                                     # past the lead: the text itself
    f"![The harbour at noon](https://cdn.example/harbour.jpg)\n\n{CONTENT}",  # a lead picture stays
    f"Short intro.\n\n## Keeping the Lighthouse Lit\n\n{CONTENT}",  # content first: nothing after it goes
    f"## Tuesday's vote\n\n{CONTENT}",                              # another heading
    "```\nBy Jane Doe\n```\n\nCode first.",                           # code is never looked into
    f"March 2023 was stormy\n\n{CONTENT}",                          # a date, but not the article's
    f"![The author's boat, moored for the winter in the old harbour](https://cdn.example/b.jpg)\n\n{CONTENT}",
])
def test_what_is_not_title_or_byline_stays(body: str) -> None:
    assert reader_body(article(body), body) == body


def test_a_body_that_would_be_left_empty_is_kept_whole() -> None:
    body = "## Keeping the Lighthouse Lit\n\nBy Jane Doe"
    assert reader_body(article(body), body) == body


def test_an_undated_article_keeps_a_dateline_and_a_date_only_article_loses_it() -> None:
    body = f"5 March 2024\n\n{CONTENT}"
    assert reader_body(article(body, date=None), body) == body
    assert reader_body(article(body, date=date(2024, 3, 5)), body) == CONTENT


def test_permalinks_are_clean_and_unique() -> None:
    urls = ["https://alpha.test/2024/05/garden-robots/", "http://beta.test:8080/stories/cafe.html",
            "https://gamma.test/a/notes/", "https://gamma.test/b/notes/",
            "http://delta.test:8080/x/", "http://delta.test:9090/x/"]
    links = Permalinks(urls)
    assert links.get("https://alpha.test/2024/05/garden-robots") == "alpha.test/garden-robots/"
    assert links.get("HTTP://ALPHA.TEST/2024/05/garden-robots/") == "alpha.test/garden-robots/"
    assert links.get("http://beta.test:8080/stories/cafe.html") == "beta.test/cafe/"
    gamma = {links.get(u) for u in urls[2:4]}
    assert len(gamma) == 2 and all(g.startswith("gamma.test/notes-") for g in gamma)  # a clash: hashed
    delta = [links.get(u) for u in urls[4:]]
    assert delta[0] != delta[1] and delta[0].startswith("delta.test_8080/")  # hosts apart by port only
    assert len({links.get(u) for u in urls}) == len(urls)
    assert links.get("https://elsewhere.test/") is None
    assert clean_permalink("https://alpha.test/") == "alpha.test/index/"


def test_related_section_links_exported_posts_and_keeps_other_urls() -> None:
    exported = "https://news.example/2024/02/tide-tables/"
    item = article(CONTENT)
    item.related = [RelatedLink(exported, "Tide [tables]"), RelatedLink("https://other.example/p (1)", "")]
    section = related_section(item, Permalinks([exported, item.url]))
    assert section == ("## Related articles\n\n- [Tide \\[tables\\]](/news.example/tide-tables/)\n"
                       "- [https://other.example/p (1)](https://other.example/p%20%281%29)\n")
    item.related = []
    assert related_section(item, Permalinks()) == ""


def test_related_titles_and_headings_with_markup_stay_text_in_the_markdown() -> None:
    item = article(CONTENT)
    item.related = [RelatedLink("https://news.example/r1/", "Rel <script>alert(1)</script> *now*")]
    section = related_section(item, Permalinks())
    assert "- [Rel \\<script>alert(1)\\</script> \\*now\\*](https://news.example/r1/)" in section
    item.sections = [Section(None, 0, "Lead text."), Section("<img src=x onerror=alert(5)>", 2, "Text."),
                     Section("Click [me](javascript:alert(1)) now", 2, "More.")]
    lines = item.body_markdown.splitlines()
    assert "## \\<img src=x onerror=alert(5)>" in lines
    assert "## Click [me\\](javascript:alert(1)) now" in lines  # no closing bracket: no link
    assert "<img src=x onerror=alert(5)>" in item.body_text  # the text keeps what the heading said


def test_hexo_categories_are_siblings() -> None:
    assert hexo_categories([]) == []
    assert hexo_categories(["Travel"]) == ["Travel"]
    assert hexo_categories(["Wellbeing", "Travel"]) == [["Wellbeing"], ["Travel"]]
