"""What a page says about itself and is no article's: a list the site shows under its own name
("More From KVRN 8 News") or its author's, links to the pages of the article's topics, a sponsor's
unit, a newsletter's footer and poll, an opinion column's disclaimer in other languages, a page's
own update line, a picture credited to the author; a pull quote set as an aside is the article's
unless its text holds the quote. And what it says about the article in ways met on fewer sites: a
site name that is an address, a reporter's name in brackets closing a Japanese story, a byline
opening the text beside a headline's own box, a headline without ``<h1>`` in a script written
without spaces."""

from __future__ import annotations

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.boilerplate import is_line_boilerplate, prune_blocks

URL = "https://www.kvrn8.test/news/local-news/bridge-reopens/"
SENTENCE = "The county reopened the bridge on Monday after three months of repairs and tests. "
PARAGRAPH = f"<p>{SENTENCE * 5}</p>"
ARTICLE_TEXT = SENTENCE * 3


def parse(body: str, head: str = "", url: str = URL) -> Article:
    return parse_article(url, "<!DOCTYPE html><html><head><meta charset='utf-8'>"
                              f"<title>Bridge reopens</title>{head}</head><body>{body}</body></html>")


def cards(folder: str, n: int = 3) -> str:
    return "".join(f'<a class="story-card" href="/{folder}/story-number-{i}-of-the-day/">'
                   f"<span>Story number {i} of the day in the county</span></a>" for i in range(n))


# --- lists of the site, not of the article -----------------------------------------------------
@pytest.mark.parametrize("label", ["More From KVRN 8 News", "More from kvrn8", "Mehr von KVRN 8"])
def test_a_list_under_the_sites_own_name_is_no_related_list_and_leaves_the_body(label: str) -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>"
                f'<section class="more-stories"><h2>{label}</h2><div>{cards("news")}</div></section>',
                head='<meta property="og:site_name" content="KVRN 8">')
    assert art.related == []
    assert "Story number" not in art.body_markdown


def test_a_list_under_the_authors_name_is_no_related_list() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>"
                f'<section class="more-stories"><h2>More from Priya Natarajan</h2><div>{cards("news")}</div>'
                "</section>", head='<meta name="author" content="Priya Natarajan">')
    assert art.related == []


def test_a_list_under_a_sections_or_another_name_stays_related() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>"
                f'<section class="more-stories"><h2>More from Local News</h2><div>{cards("news")}</div>'
                "</section>", head='<meta property="og:site_name" content="KVRN 8">')
    assert len(art.related) == 3


TOPICS = ('<section class="explore"><h3>More news releases in similar topics</h3><dl>'
          '<dd><a href="/news-releases/energy/utilities-list/">Utilities</a></dd>'
          '<dd><a href="/news-releases/energy/alternative-energies-list/">Alternative Energies</a></dd>'
          '<dd><a href="/news/2024/05/solar-farm-opens-1234567">Solar farm opens</a></dd></dl></section>')


def test_links_to_the_pages_of_the_articles_topics_are_no_related_articles() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>{TOPICS}",
                head='<meta property="article:tag" content="Utilities">'
                     '<meta property="article:tag" content="Alternative Energies">')
    assert [r.url for r in art.related] == ["https://www.kvrn8.test/news/2024/05/solar-farm-opens-1234567"]


def test_a_card_titled_by_its_topic_links_an_article_whose_address_does_not_spell_the_topic() -> None:
    html = TOPICS.replace("/news-releases/energy/utilities-list/", "/magazin/how-grids-stay-up-1234567")
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>{html}",
                head='<meta property="article:tag" content="Utilities">')
    assert "https://www.kvrn8.test/magazin/how-grids-stay-up-1234567" in [r.url for r in art.related]


def test_a_persons_handle_page_is_no_related_article() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>"
                '<div class="related-posts"><a href="/engineering/how-we-tested-the-bridge-1a2b3c">'
                'How we tested the bridge</a><a href="/engineering/the-cables-5d6e7f">The cables</a>'
                '<a href="/@jane.roe">Jane Roe</a></div>')
    assert [r.url.rsplit("/", 1)[-1] for r in art.related] == ["how-we-tested-the-bridge-1a2b3c",
                                                               "the-cables-5d6e7f"]


def test_an_old_layouts_label_row_heads_the_links_of_the_next_row() -> None:
    art = parse(f"<table><tr><td><b>創業１０３年の和菓子店が閉店</b></td></tr><tr><td>{PARAGRAPH}</td></tr>"
                "<tr><td><table><tr><td><font><b>■関連記事</b></font></td></tr><tr><td><font>"
                '・<a href="/news/2024/06/02/20240602_05.html">本町商店街に若手３人が出店</a>（6/2）<br>'
                '・<a href="/news/2024/03/18/20240318_02.html">市の推奨土産品に５品目</a>（3/18）'
                "</font></td></tr></table></td></tr></table>")
    assert [r.url.rsplit("/", 1)[-1] for r in art.related] == ["20240602_05.html", "20240318_02.html"]


def test_siga_leyendo_labels_the_cards_after_it() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>"
                f'<section><h2>Siga leyendo</h2><div>{cards("bogota")}</div></section>')
    assert len(art.related) == 3


# --- paid units, footers, disclaimers ----------------------------------------------------------
def test_a_sponsors_unit_goes_and_the_text_around_it_stays() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}"
                '<div class="section"><div><p><span>TOGETHER WITH VOLTLINE</span></p></div>'
                "<div><h3>Panel upgrades, scheduled in days instead of months</h3></div>"
                "<div><p>Voltline connects building owners with pre-vetted electricians.</p></div>"
                '<div class="button"><a href="https://voltline.test/?utm_source=x">Book a survey</a></div>'
                "</div>"
                f"<p>The last paragraph of the issue says what comes next week, at length. {ARTICLE_TEXT}</p>"
                "</article>")
    assert "Panel upgrades" not in art.body_markdown and "VOLTLINE" not in art.body_markdown
    assert "The last paragraph of the issue" in art.body_markdown


def test_a_presenters_line_in_a_long_box_of_text_is_no_sponsor_unit() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}<div><p>Presented by Jane Roe</p>"
                f'<p>{ARTICLE_TEXT * 3}</p><a href="/more">More</a></div></article>')
    assert "three months of repairs" in art.body_markdown.split("Presented by")[-1]


@pytest.mark.parametrize("block", [
    "Click here to sign up for the KVRN 8 daily newsletter.",
    "Want to see more content from Mzansi Daily?", "Follow us on WhatsApp", "Add us on Google News",
    "Du erhältst diese E-Mail, weil du Kompilat abonniert hast.",
    "You are receiving this email because you subscribed to Tideline.",
    "What did you think of today's issue?",
    # an opinion column's disclaimer in Turkish, Spanish, French, Portuguese, Italian, Polish
    "Bu yazıda ifade edilen görüşler yazarın kendisine aittir ve yayın politikasını yansıtmayabilir.",
    "Las opiniones expresadas en este artículo son responsabilidad exclusiva del autor.",
    "Les opinions exprimées dans cette tribune n'engagent que leur auteur.",
    "As opiniões expressas neste artigo são de inteira responsabilidade do autor.",
    "Le opinioni espresse in questo articolo sono quelle dell'autore.",
    "Opinie wyrażone w tym felietonie są prywatnymi opiniami autora.",
])
def test_newsletter_footers_follow_boxes_and_disclaimers_go(block: str) -> None:
    assert prune_blocks([ARTICLE_TEXT, block, ARTICLE_TEXT]) == [ARTICLE_TEXT, ARTICLE_TEXT]


@pytest.mark.parametrize("block", [
    "Volunteers who sign up for the count will meet at the library on Saturday morning.",
    "Las opiniones expresadas en el foro vecinal fueron muy distintas, dijo el alcalde.",
    "What did you think of the plan, the mayor asked the hall, and nobody answered for a long minute.",
])
def test_article_sentences_near_those_words_stay(block: str) -> None:
    assert prune_blocks([ARTICLE_TEXT, block, ARTICLE_TEXT]) == [ARTICLE_TEXT, block, ARTICLE_TEXT]


@pytest.mark.parametrize("line", [
    "Sidan uppdaterades 12 juni 2025", "Page last updated: 12 June 2025",
    "Siden er sidst opdateret 12. juni 2025", "Seite zuletzt aktualisiert am 12.06.2025",
])
def test_a_pages_own_update_line_is_boilerplate(line: str) -> None:
    assert is_line_boilerplate(line)


def test_an_image_by_the_author_credit_leaves_its_caption() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}<figure><img src='a.png'><figcaption>Row counts "
                "during the backfill. Image by author.</figcaption></figure>{PARAGRAPH}</article>")
    assert "Row counts during the backfill." in art.body_markdown
    assert "Image by author" not in art.body_markdown


@pytest.mark.parametrize(("quote", "kept"), [
    ("Every record that leaves this building has been touched by at least six people.", True),
    ("The county reopened the bridge on Monday after three months of repairs.", False),  # the text's own
])
def test_a_pull_quote_set_as_an_aside_stays_unless_the_text_holds_it(quote: str, kept: bool) -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}"
                f"<aside class='PullQuote__Wrapper-sc-5d21f0b-0'><blockquote><span>{quote}</span>"
                "</blockquote>"
                f"<div>Jane Roe</div></aside>{PARAGRAPH}</article>")
    assert (f"> {quote}" in art.body_markdown) is kept


# --- what the page says about the article ------------------------------------------------------
def test_a_site_name_that_is_an_address_names_nothing() -> None:
    art = parse(f"<article><h1>Bridge reopens</h1>{PARAGRAPH}</article>",
                head='<meta property="og:site_name" content="https://www.kvrn8.test">'
                     '<script type="application/ld+json">{"@type": "NewsArticle", '
                     '"headline": "Bridge reopens", "publisher": {"@type": "Organization", "name": "KVRN 8"}}'
                     "</script>")
    assert art.metadata.site_name == "KVRN 8"


def test_a_byline_opening_the_text_beside_the_headlines_own_box() -> None:
    art = parse('<div class="inner"><header><h1>Bridge reopens</h1>'
                '<p><span class="t">12 March 2025</span></p></header>'
                f'<div class="a-content"><p><strong>By Nadeesha Wijeratne</strong></p>{PARAGRAPH}'
                "</div></div>")
    assert [a.name for a in art.metadata.authors] == ["Nadeesha Wijeratne"]
    assert "Nadeesha" not in art.body_markdown


HEADLINE_JA = "創業１０３年の和菓子店「松風堂」、９月末で閉店　本町商店街に惜しむ声"
PARAGRAPH_JA = ("<p>港北市本町商店街で大正時代から続く和菓子店「松風堂」が、今月３０日で閉店する。"
                "３代目店主の松本茂さんが高齢に加え、材料費の高騰や後継者不在を理由に決めた。</p>")
JAPANESE = ("<table><tr><td><font size='2'><a href='/'>ホーム</a> &gt; "
            "<a href='/news/chiiki/'>地域</a> &gt; 記事</font></td></tr>"
            f"<tr><td><font size='4'><b>{HEADLINE_JA}</b></font></td></tr>"
            "<tr><td align='right'><font size='2'>2024年9月15日（日）</font></td></tr>"
            f"<tr><td>{PARAGRAPH_JA * 4}<div align='right'>（山本健一）</div></td></tr></table>")


def test_a_japanese_story_without_h1_gives_its_date_section_and_closing_reporter() -> None:
    art = parse_article("http://www.minato-nippo.test/news/2024/09/15/20240915_03.html",
                        f"<html><head><meta charset='utf-8'><title>{HEADLINE_JA} - みなと日報</title>"
                        f"</head><body>{JAPANESE}</body></html>")
    m = art.metadata
    assert m.date is not None and m.date.date().isoformat() == "2024-09-15"
    assert m.categories == ["地域"]
    assert [a.name for a in m.authors] == ["山本健一"]
    assert "山本健一" not in art.body_markdown and "松風堂" in art.body_markdown


def test_a_declared_author_wins_over_the_name_closing_the_story() -> None:
    art = parse(JAPANESE, head='<meta name="author" content="佐藤美咲">')
    assert [a.name for a in art.metadata.authors] == ["佐藤美咲"]
