"""Categories from a page's breadcrumb trail, when nothing else names one."""

from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.parsers.metadata import extract_metadata

URL = "https://news.example.hu/belfold/2024/01/30/havazas-a-matraban"


def categories(body: str, head: str = "") -> list[str]:
    html = (f"<!DOCTYPE html><html><head><title>Havazás a Mátrában</title>{head}</head>"
            f"<body>{body}</body></html>")
    return extract_metadata(lxml.html.document_fromstring(html), URL).categories


ARTICLE = "<article><h1>Havazás a Mátrában</h1><p>Body text of the article.</p></article>"


@pytest.mark.parametrize("trail, expected", [
    # home by its link to the root, the page itself at the end without a link
    ('<nav aria-label="Breadcrumb"><a href="/">Főoldal</a> › <a href="/belfold">Belföld</a> › '
     "<span>Havazás a Mátrában</span></nav>", ["Belföld"]),
    # a class in another language, a home word, two levels, the page itself linked
    ('<div class="morzsamenu"><a href="https://news.example.hu/start">Home</a> / '
     '<a href="/belfold">Belföld</a> / <a href="/belfold/idojaras">Időjárás</a> / '
     f'<a href="{URL}">Havazás a Mátrában</a></div>', ["Belföld", "Időjárás"]),
    # "back", a host name and a date are no sections
    ('<ol class="breadcrumbs"><li><a href="/zurueck">‹ Zurück</a></li><li><a href="/x">news.example.hu</a>'
     '</li><li><a href="/2024">2024</a></li><li><a href="/kultur">Kultur</a></li></ol>', ["Kultur"]),
    # a section named with "home", and a site's home named after it
    ('<nav class="breadcrumb"><a href="/start">WebMD Home</a> › <a href="/home-improvement">Home Improvement'
     '</a> › <a href="/home-improvement/bathroom">Bathroom</a></nav>', ["Home Improvement", "Bathroom"]),
    # Kazakh and Persian home pages that are not links to the root
    ('<nav class="bx-breadcrumb"><a href="/kz">Басты бет</a> › <a href="/kz/news">Жаңалықтар</a></nav>',
     ["Жаңалықтар"]),
    ('<nav aria-label="breadcrumb"><a href="/fa">صفحه نخست</a> › <a href="/fa/society">جامعه</a></nav>',
     ["جامعه"]),
    # more links than a trail has: a menu
    ('<ul class="breadcrumb-menu">' + "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(12))
     + "</ul>", []),
])
def test_the_sections_of_a_breadcrumb_trail_are_categories(trail: str, expected: list[str]) -> None:
    assert categories(trail + ARTICLE) == expected


def test_a_trail_that_opens_with_the_sites_name_leaves_it_out() -> None:
    trail = ('<div class="breadcrumb"><a href="https://news.example.hu/news/index">Példa Hírek</a> › '
             '<a href="/belfold">Belföld</a> › <a href="/belfold/idojaras">Időjárás</a></div>')
    head = '<meta property="og:site_name" content="Példa Hírek">'
    assert categories(trail + ARTICLE, head) == ["Belföld", "Időjárás"]
    assert categories(trail + ARTICLE) == ["Példa Hírek", "Belföld", "Időjárás"]  # no name to tell it by


def test_a_declared_breadcrumb_list_comes_first_in_its_positions_order() -> None:
    ld = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 3, "name": "Havazás a Mátrában", "item": URL},
        {"@type": "ListItem", "position": 1, "name": "Kezdőlap", "item": "https://news.example.hu/"},
        {"@type": "ListItem", "position": 2, "name": "Belföld &amp; Világ", "item": "https://news.example.hu/belfold"},
    ]}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    trail = '<div class="breadcrumb"><a href="/">Home</a> <a href="/other">Other</a></div>'
    assert categories(trail + ARTICLE, head) == ["Belföld & Világ"]  # its HTML escapes read


def test_a_declared_section_wins_over_the_trail() -> None:
    head = '<meta property="article:section" content="Időjárás">'
    trail = '<div class="breadcrumb"><a href="/">Home</a> <a href="/belfold">Belföld</a></div>'
    assert categories(trail + ARTICLE, head) == ["Időjárás"]


@pytest.mark.parametrize("head, trail, expected", [
    # the declared section heads the trail: the trail says where below it the page is
    ('<meta property="article:section" content="Belföld">',
     '<nav class="breadcrumb"><a href="/">Főoldal</a> › <a href="/belfold">Belföld</a> › '
     '<a href="/belfold/idojaras">Időjárás</a></nav>', ["Belföld", "Időjárás"]),
    # ... or ends it (a theme's category link under the headline is the deepest section)
    ("", '<div class="entry-crumbs"><a href="/">Home</a> <a href="/esemenyek">Események</a> '
         '<a href="/esemenyek/kultura">Kultúra</a></div><article><ul class="td-category"><li>'
         '<a rel="category tag" href="/esemenyek/kultura">Kultúra</a></li></ul>', ["Események", "Kultúra"]),
    # a trail that does not hold the declared section leaves it alone
    ('<meta property="article:section" content="Sport">',
     '<nav class="breadcrumb"><a href="/">Főoldal</a> › <a href="/belfold">Belföld</a> › '
     '<a href="/belfold/idojaras">Időjárás</a></nav>', ["Sport"]),
])
def test_a_trail_that_holds_the_declared_sections_gives_their_path(head: str, trail: str,
                                                                     expected: list[str]) -> None:
    article = ARTICLE.removeprefix("<article>") if trail.endswith("</ul>") else ARTICLE
    assert categories(trail + article, head) == expected


@pytest.mark.parametrize("before, expected", [
    # a trail written out without a class, an ARIA label or microdata, before the headline
    ('<nav class="text-xs flex gap-1"><a href="/">Ana Sayfa</a><span>›</span><a href="/ekonomi">Ekonomi</a>'
     '<span>›</span><a href="/ekonomi/emlak">Emlak</a></nav>', ["Ekonomi", "Emlak"]),
    ('<p><a href="https://news.example.hu/">Accueil</a> &gt; <a href="/rubrique4">Actualités</a> &gt; '
     "<strong>Havazás a Mátrában</strong></p>", ["Actualités"]),
    # a menu set apart by bars, a byline set apart by slashes (a logo, a name, a time), a list of
    # links not from the root: no trail
    ('<div><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></div>', []),
    ('<div><a href="/"><img src="/logo.png"></a> / <a href="/author/jane">Jane Roe</a> / '
     "<span>10:08 am Fri Jul 19, 2013</span></div>", []),
    ('<div><a href="/belfold">Belföld</a> › <a href="/sport">Sport</a></div>', []),
])
def test_a_trail_written_out_before_the_headline(before: str, expected: list[str]) -> None:
    page = f'<main><div class="head">{before}<h1>Havazás a Mátrában</h1></div><p>Body text.</p></main>'
    assert categories(page) == expected


@pytest.mark.parametrize("trail, expected", [
    # a news site's root level is the top of the path the categories are, as a generator's are
    ('<nav aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/news">News</a> › '
     '<a href="/news/local">Local News</a></nav>', ["News", "Local News"]),
    # Swedish "start page" that links no root
    ('<nav class="breadcrumbs" aria-label="Brödsmulor"><a href="/adalen.html">Startsida</a> › '
     '<a href="/adalen/om-oss.html">Om oss</a></nav>', ["Om oss"]),
])
def test_the_way_home_is_no_section_and_the_rest_is_the_path(trail: str, expected: list[str]) -> None:
    assert categories(trail + ARTICLE) == expected
