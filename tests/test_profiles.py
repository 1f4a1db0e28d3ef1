"""Site profiles: TOML selectors per host pattern that override the heuristics field by field."""

from __future__ import annotations

import pickle
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.kernel.errors import ConfigError
from crawler.parsers import load_profiles, loads_profiles, parse_article

HERE = Path(__file__).parent / "fixtures" / "profiles"
PAGE = (HERE / "magazine.html").read_bytes()
PROFILE = HERE / "sites.toml"
URL = "https://www.magazine.test/travel/boats/"


def test_without_a_profile_the_heuristics_miss_what_the_template_hides() -> None:
    article = parse_article(URL, PAGE)
    assert article.metadata.title == "Home"  # the page's <title> says nothing better
    assert article.metadata.authors == [] and article.related == []
    assert "spring issue" in article.body_markdown


def test_profile_overrides_body_related_and_fields() -> None:
    article = parse_article(URL, PAGE, profile=load_profiles(PROFILE))
    m = article.metadata
    assert m.title == "Boats of the Northern Lakes"
    assert [(a.name, a.url) for a in m.authors] == [
        ("Ann Lee", "https://www.magazine.test/people/ann-lee/"),
        ("Bo Chen", "https://www.magazine.test/people/bo-chen/")]
    assert m.date == datetime(2024, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=1)))
    assert m.updated is None  # the profile's modified date is earlier than the publication
    assert m.tags == ["boats", "lakes"]  # from the second selector: the first matches nothing
    assert m.thumbnail == "https://www.magazine.test/media/boats.jpg"
    assert [(r.url, r.title) for r in article.related] == [
        ("https://www.magazine.test/travel/island-ferries/", "Island ferries at dusk"),
        ("https://www.magazine.test/food/smoked-fish/", "The last smokehouse")]
    assert "first boats came" in article.body_markdown and "three hulls" in article.body_markdown
    assert "spring issue" not in article.body_markdown  # removed by the profile
    assert "track(" not in article.body_markdown and "Subscribe" not in article.body_markdown
    assert "Island ferries" not in article.body_markdown
    assert m.description == "Stories from the lake district, every week."  # not in the profile
    assert article.is_article and article.warnings == []


def test_first_matching_table_applies_and_other_hosts_are_untouched() -> None:
    profiles = load_profiles(PROFILE)
    apex = parse_article("https://magazine.test/x/", PAGE, profile=profiles)
    assert apex.metadata.title == "Weekly stories"
    assert parse_article("https://news.magazine.test/x/", PAGE,
                         profile=profiles).metadata.title == "Boats of the Northern Lakes"
    assert parse_article("https://notmagazine.test/x/", PAGE, profile=profiles).metadata.title == "Home"
    assert profiles.for_url("https://WWW.Magazine.Test:8080/x") is profiles.sites[1]


def test_selectors_that_match_nothing_leave_the_heuristics_and_say_so() -> None:
    profiles = loads_profiles('[sites."*.magazine.test"]\nbody = "div.gone"\ntitle = "h3.gone"\n')
    article = parse_article(URL, PAGE, profile=profiles)
    assert article.metadata.title == "Home"
    assert "first boats came" in article.body_markdown
    assert len(article.warnings) == 2
    assert all("matched nothing" in w for w in article.warnings)


@pytest.mark.parametrize(("selector", "expected"), [
    ("string(//h2)", "Boats of the Northern Lakes"),
    ("xpath:(//div[@class='credit']/a)[2]", "Bo Chen"),
    ("css:div.credit > a:first-child", "Ann Lee"),
    ("//figure/img/@alt", "Boats at dawn"),
    ("figure img @alt", "Boats at dawn"),
])
def test_css_xpath_attributes_and_string_results(selector: str, expected: str) -> None:
    profiles = loads_profiles(f'[sites."www.magazine.test"]\ntitle = "{selector}"\n')
    assert parse_article(URL, PAGE, profile=profiles).metadata.title == expected


def test_profiles_pickle_as_their_text_and_compile_once_per_process() -> None:
    profiles = load_profiles(PROFILE)
    copy = pickle.loads(pickle.dumps(profiles))
    assert copy is profiles  # the compiled profiles are memoised by their text
    assert parse_article(URL, PAGE, profile=copy).metadata.title == "Boats of the Northern Lakes"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "line", "words"), [
    ('[sites."a.test"\ntitle = "h1"\n', 1, ["not valid TOML"]),
    ('[sites."a.test"]\ntitle = "h1"\nbdy = "div"\n', 3, ["unknown key 'bdy'", "known keys"]),
    ('[sites."a.test"]\n\nbody = "div.post["\n', 3, ["bad CSS selector", "body"]),
    ('[sites."a.test"]\nrelated = ["aside ul", "//ul[@class="]\n', 2, ["bad XPath", "related"]),
    ('[sites."a.test"]\ntitle = "//h1[bogus()]"\n', 2, ["unknown function bogus()"]),
    ('[sites."a.test"]\ntitle = "//x:h1"\n', 2, ["bad XPath", "title"]),
    ('[sites."a.test"]\ntags = 3\n', 2, ["must be a selector string"]),
    ('[sites."a.test"]\ntitle = "  "\n', 2, ["empty selector"]),
    ('[sites."a test/"]\ntitle = "h1"\n', 1, ["not a host pattern"]),
    ('title = "h1"\n', 1, ["unknown key 'title'", "[sites."]),
    ('# nothing here\n', None, ["no site profiles"]),
])
def test_bad_profiles_fail_with_one_message_naming_file_and_line(tmp_path: Path, text: str, line: int | None,
                                                                 words: list[str]) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_profiles(path)
    message = str(caught.value)
    assert message.startswith(f"profile {path}")
    assert f"line {line}" in message if line else "line" not in message.split(":")[0]
    assert all(w in message for w in words), message
    assert "\n" not in message


def test_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_profiles(tmp_path / "nope.toml")


# ---- the command line ---------------------------------------------------------------------------

def test_extract_applies_a_profile(tmp_path: Path) -> None:
    import json

    page = tmp_path / "boats.html"
    page.write_bytes(PAGE)
    result = CliRunner().invoke(cli, ["extract", str(page), "--url", URL, "--profile", str(PROFILE)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["metadata"]["title"] == "Boats of the Northern Lakes"
    assert [r["title"] for r in doc["related"]] == ["Island ferries at dusk", "The last smokehouse"]


@pytest.mark.parametrize("command", ["extract", "crawl"])
def test_bad_profile_is_one_line_and_exit_2_before_any_work(tmp_path: Path, command: str) -> None:
    bad = _write(tmp_path, '[sites."a.test"]\ntitle = "h1"\nauthor = "div.byline >"\n')
    page = tmp_path / "boats.html"
    page.write_bytes(PAGE)
    data = tmp_path / "data"
    args = ([command, str(page), "--url", URL] if command == "extract"
            else [command, "http://127.0.0.1:9/", "--data", str(data), "--no-progress"])
    result = CliRunner().invoke(cli, [*args, "--profile", str(bad)])
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "Traceback" not in result.output
    assert err.count("\n") == 0 and err.startswith("error: profile ")
    assert f"{bad}, line 3" in err and "bad CSS selector for author" in err
    assert result.stdout == ""
    assert not (data / "archive.db").exists() and not (data / "articles").exists()


def test_a_crawl_applies_the_profile_to_every_page(network_server, tmp_path: Path) -> None:  # noqa: ANN001
    import frontmatter

    from .conftest import crawl_args, run_cli

    profile = _write(tmp_path, '[sites."*.demo-news.test"]\ntitle = "string(//head/title)"\n')
    data = tmp_path / "data"
    result = run_cli(*crawl_args(network_server, data, "--max-pages", "25", "--profile", str(profile)))
    assert result.returncode == 0, result.stderr
    titles = [frontmatter.load(f)["title"] for f in (data / "articles").rglob("*.md")]
    # the <title>, site name and all, whatever separator the site's template uses
    assert titles and all(re.search(r" [|\u2013\u2014] Demo \w+$", t) for t in titles), titles
