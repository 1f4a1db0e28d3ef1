"""What component-built pages and sites in more languages do: a FAQ whose answers an accordion
hides, a list of related guides, a paywall box in Czech, Polish or Finnish, a kicker in capitals
before a social title cut short, a plea for readers' support in other languages, and writers
named only by links to their own pages."""

from __future__ import annotations

import re

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.access import RESTRICTED
from crawler.parsers.author_pages import is_author_page

URL = "https://valley-courier.example.test/news/2025/06/river-bridge-reopens/"
SENTENCE = "The bridge over the river reopened on Monday after eleven months of repairs to its piers. "
PARAGRAPH = f"<p>{SENTENCE * 4}</p>"


def parse(body: str, head: str = "", url: str = URL) -> Article:
    return parse_article(url, "<!DOCTYPE html><html><head><meta charset='utf-8'>"
                              f"<title>River bridge reopens</title>{head}</head><body>{body}</body></html>")


def story(inner: str = "", after: str = "", head: str = "", before: str = "") -> Article:
    return parse(f"<article>{before}<h1>River bridge reopens</h1>{inner}{PARAGRAPH * 3}{after}</article>",
                 head)


# --- a FAQ's answers -------------------------------------------------------------------------------
ANSWER = "Yes, the footpath on the east side is open again, and the cycle lane opens in July."


def test_an_accordion_headers_panel_is_shown() -> None:
    art = story(after='<h3><button aria-expanded="false" aria-controls="a1">Can I walk across?</button></h3>'
                      f'<div id="a1" class="faq__panel is-hidden" hidden><p>{ANSWER}</p></div>')
    assert ANSWER in art.body_text
    assert "Can I walk across?" in art.body_text


def test_a_button_outside_a_heading_keeps_its_panel_hidden() -> None:
    art = story(after='<button aria-expanded="false" aria-controls="m1">Open</button>'
                      f'<div id="m1" hidden><p>{ANSWER}</p></div>')
    assert ANSWER not in art.body_text


# --- related lists ---------------------------------------------------------------------------------
@pytest.mark.parametrize("label", ["Related guides", "Related recipes", "Similar reviews",
                                   "More camping tutorials", "More cozy fall desserts you'll love"])
def test_a_label_naming_a_kind_of_content_heads_a_related_list(label: str) -> None:
    links = "".join(f'<li><a href="/news/2025/0{i}/story-{i}/">Story number {i} of the valley</a></li>'
                    for i in range(1, 4))
    art = story(after=f"<section><h2>{label}</h2><ul>{links}</ul></section>")
    assert [r.url for r in art.related] == [f"https://valley-courier.example.test/news/2025/0{i}/story-{i}/"
                                            for i in range(1, 4)]
    assert "Story number 1" not in art.body_text


# --- paywalls in more languages --------------------------------------------------------------------
@pytest.mark.parametrize("box", [
    "<h3>Tento článek je dostupný pouze pro předplatitele</h3><p>Už máte předplatné? Přihlaste se</p>",
    "<p>Ten artykuł jest dostępny tylko dla prenumeratorów.</p><p>Masz już prenumeratę? Zaloguj się</p>",
    "<p>Tämä artikkeli on vain tilaajille.</p><p>Oletko jo tilaaja? Kirjaudu sisään</p>",
    "<p>Denne artikkelen er kun for abonnenter.</p>",
    "<p>Этот материал доступен только для подписчиков.</p>",
])
def test_a_paywall_box_in_another_language_leaves_the_body(box: str) -> None:
    art = story(after=f'<div class="paywall-box">{box}</div>')
    assert art.metadata.access == RESTRICTED
    lines = re.findall(r">([^<>]{8,})<", box)  # each line the box shows
    assert lines and not [line for line in lines if line[:20] in art.body_text]
    assert SENTENCE.strip() in art.body_text


def test_a_subscription_word_in_a_boxes_class_is_enough() -> None:
    art = story(after='<div class="paywall"><p>Előfizetés havi 1990 forintért.</p>'
                      '<a href="/elofizetes">Tovább</a></div>')
    assert art.metadata.access == RESTRICTED
    assert "Előfizetés" not in art.body_text


# --- titles ----------------------------------------------------------------------------------------
def test_a_kicker_in_capitals_before_a_social_title_cut_short_gives_way_to_the_headline() -> None:
    head = '<meta property="og:title" content="HEROJ S PRUGE Vozač tramvaja zakočio metar od dječaka">'
    art = parse("<article><div class='kicker'>HEROJ S PRUGE</div>"
                "<h1>Vozač tramvaja zakočio metar od dječaka: 'Samo sam reagirao'</h1>"
                f"{PARAGRAPH * 3}</article>", head)
    assert art.metadata.title == "Vozač tramvaja zakočio metar od dječaka: 'Samo sam reagirao'"


def test_a_kicker_in_lower_case_without_a_separator_stays_part_of_the_title() -> None:
    head = '<meta property="og:title" content="Local news Bridge reopens after repairs to its piers">'
    art = parse("<article><div class='kicker'>Local news</div><h1>Bridge reopens after repairs to its piers "
                f"and a new deck</h1>{PARAGRAPH * 3}</article>", head)
    assert art.metadata.title == "Local news Bridge reopens after repairs to its piers"


# --- pleas for support -----------------------------------------------------------------------------
@pytest.mark.parametrize("plea", [
    "A Völgyi Hírlap olvasói támogatásból működik. Támogasson minket havi 1500 forinttól.",
    "Niezależne dziennikarstwo kosztuje. Wesprzyj nas już dziś.",
    "Líbí se vám náš obsah? Podpořte nás drobnou částkou.",
    "Likte du saken? Støtt oss med et bidrag.",
])
def test_a_plea_for_readers_support_leaves_the_body(plea: str) -> None:
    art = story(after=f'<div class="box"><p>{plea}</p><a href="/support">→</a></div>')
    assert plea[:20] not in art.body_text


# --- writers named by links to their pages ---------------------------------------------------------
def test_links_to_the_writers_pages_are_the_byline() -> None:
    art = story('<p><a href="/blog/author/devika-raman">Devika Raman</a> &amp; '
                '<a href="/blog/author/jonas-whitfield">Jonas Whitfield</a></p>')
    assert [a.name for a in art.metadata.authors] == ["Devika Raman", "Jonas Whitfield"]
    assert art.metadata.authors[0].url == "https://valley-courier.example.test/blog/author/devika-raman"


def test_a_declared_author_wins_over_a_link_to_a_writers_page() -> None:
    art = story('<p><a href="/author/martin">All posts by Martin Junker</a></p>',
                head='<meta name="author" content="Martin Junker">')
    assert [a.name for a in art.metadata.authors] == ["Martin Junker"]


def test_a_writers_page_link_in_a_teaser_names_no_author() -> None:
    art = story(after='<aside class="sidebar"><a href="/author/jane-roe">Jane Roe</a></aside>')
    assert art.metadata.authors == []


@pytest.mark.parametrize(("href", "expected"), [
    ("/author/jane-roe", True), ("https://x.test/autor/max-muster/", True), ("/authors/", False),
    ("/blog/authors/jane-roe?page=2", True), ("/authority/report", False), ("", False),
])
def test_which_addresses_are_a_writers_page(href: str, expected: bool) -> None:
    assert is_author_page(href) is expected


# --- a kicker linking to the page's section --------------------------------------------------------
def kicker_page(kicker: str, url: str = URL, head: str = "") -> Article:
    return parse(f'<article><div class="node__kicker"><div class="field">{kicker}</div></div>'
                 f"<h1>River bridge reopens</h1>{PARAGRAPH * 3}</article>", head, url)


def test_a_kicker_linking_to_the_pages_folder_is_its_category() -> None:
    art = kicker_page('<a href="/news">Local news</a>')
    assert art.metadata.categories == ["Local news"]


@pytest.mark.parametrize("kicker", [
    '<a href="/topics/bridges">Bridges</a>',  # a topic's page: no folder of the page's address
    '<a href="/">Home</a>', '<a href="/news/">Home</a>',  # the way home
    '<a href="/news?page=2">Local news</a>',  # a listing's page
    '<a href="https://other.example.test/news">Local news</a>',  # another site
    '<a href="/news">Local news</a> <a href="/news/2025">2025</a>',  # two links: a trail, read elsewhere
])
def test_a_kicker_that_names_no_section_of_the_page_is_no_category(kicker: str) -> None:
    assert kicker_page(kicker).metadata.categories == []


def test_a_declared_section_wins_over_a_kicker() -> None:
    art = kicker_page('<a href="/news">Local news</a>',
                      head='<meta property="article:section" content="Transport">')
    assert art.metadata.categories == ["Transport"]


def test_a_page_builders_widget_wrappers_are_no_excluded_area() -> None:
    art = story(after='<div class="elementor-element elementor-widget elementor-widget-post-info">'
                      '<div class="elementor-widget-container"><span>Tags: </span>'
                      '<a href="/tag/bridges/">bridges</a>, <a href="/tag/river/">river</a></div></div>')
    assert art.metadata.tags == ["bridges", "river"]
    art = story(after='<aside class="widget widget_tag_cloud"><a href="/tag/bridges/">bridges</a>'
                      '<a href="/tag/river/">river</a></aside>')
    assert art.metadata.tags == []


# --- the site's name from its logo ----------------------------------------------------------------
def logo_page(alt: str, footer: str) -> Article:
    return parse(f'<header><a href="/"><img src="/logo.png" alt="{alt}"></a></header>'
                 f"<article><h1>River bridge reopens</h1>{PARAGRAPH * 3}</article>"
                 f"<footer><p>{footer}</p></footer>")


def test_a_logos_name_that_the_copyright_line_repeats_is_the_site_name() -> None:
    assert logo_page("ໜັງສືພິມ ແສງຕາເວັນ", "© 2023 ໜັງສືພິມ ແສງຕາເວັນ. ສະຫງວນລິຂະສິດ.").metadata.site_name == (
        "ໜັງສືພິມ ແສງຕາເວັນ")


@pytest.mark.parametrize(("alt", "footer"), [
    ("Valley Courier", "All rights reserved."),  # named by nothing else on the page
    ("Zurück zur Startseite", "© 2024 Zurück zur Startseite"),  # the way home
    ("Logo", "© 2024 Logo"),
])
def test_a_logos_name_alone_is_no_site_name(alt: str, footer: str) -> None:
    assert logo_page(alt, footer).metadata.site_name is None


@pytest.mark.parametrize("kicker", ["Abstimmung in Rüeggenbach:", "ABSTIMMUNG IN RÜEGGENBACH"])
def test_a_kicker_with_its_colon_or_in_capitals_leaves_the_title(kicker: str) -> None:
    og = "Abstimmung in Rüeggenbach: Stimmvolk sagt deutlich Ja zum neuen Schulhaus"
    art = parse(f"<article><p class='kicker'>{kicker}</p>"
                f"<h1>Stimmvolk sagt deutlich Ja zum neuen Schulhaus</h1>{PARAGRAPH * 3}</article>",
                f'<meta property="og:title" content="{og}">')
    assert art.metadata.title == "Stimmvolk sagt deutlich Ja zum neuen Schulhaus"
