"""Old table layouts (a label row over rows of links, a byline and its date set apart by ``<br>``,
a home page at ``/default.asp``), a kicker shown above the headline that the structured title
prepends, a date line glued to the next by a template, a caption that is only a credit, a
one-line description of the author, and disclaimers and promos of more sites."""

from __future__ import annotations

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.boilerplate import is_date_line, is_line_boilerplate, prune_blocks

SENTENCE = "Vessel waiting times at the port have fallen to their lowest level in more than two years. "
ARTICLE_TEXT = SENTENCE * 3
FONT = "<font face='Verdana, Arial' size='2'>"


def page(url: str, body: str, head: str = "") -> Article:
    return parse_article(url, f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>")


OLD_LAYOUT = (
    "<table width='760'><tr><td colspan='3'><a href='/default.asp'><img src='/images/masthead.gif' "
    "alt='Pacific Rim Shipping Gazette'></a></td></tr><tr><td>"
    f"{FONT}<b>Port congestion eases as new cranes come online</b></font><br>"
    "<font size='1'>By <b>Ronald J. Tamburlaine</b>, Asia-Pacific Correspondent<br>"
    "Posted: 17 Sep 2024 06:40 GMT</font><br>"
    + f"<div class='p'>{FONT}{SENTENCE * 2}</font></div>" * 5
    + "<table width='100%'><tr><td bgcolor='#0B2E59'><font size='1'><b>RELATED ARTICLES</b></font></td></tr>"
    + "".join(f"<tr><td>{FONT}&#187; <a href='/article.asp?id={n}'>Related story number {n} about the port"
              "</a> "
              f"<font size='1'>(14 Feb 2024)</font></font></td></tr>" for n in (47902, 48233, 48610))
    + "</table></td></tr></table>")


def test_an_old_table_layout_gives_site_date_and_every_related_row() -> None:
    art = page("https://www.prsgazette.test/article.asp?id=48811", OLD_LAYOUT,
               head="<title>Pacific Rim Shipping Gazette - Port congestion eases as new cranes come online"
                    "</title>")
    m = art.metadata
    assert m.site_name == "Pacific Rim Shipping Gazette"
    assert m.date is not None and m.date.date().isoformat() == "2024-09-17"
    assert [r.url.rsplit("=", 1)[-1] for r in art.related] == ["47902", "48233", "48610"]


KICKER_PAGE = ("<p class='ContentHead_overline'><a href='/region/toesstal'>Tösstal</a><span>·</span>"
               "<span class='ContentHead_overlineText'>Abstimmung in Rüeggenbach</span></p>"
               "<h1 class='ContentHead_title'><span>Stimmvolk sagt deutlich Ja zum neuen Schulhaus</span>"
               "</h1>"
               + f"<p>{ARTICLE_TEXT}</p>" * 5)


@pytest.mark.parametrize(("og_title", "title"), [
    # the kicker shown above the headline, prepended by the structured title
    ("Abstimmung in Rüeggenbach: Stimmvolk sagt deutlich Ja zum neuen Schulhaus",
     "Stimmvolk sagt deutlich Ja zum neuen Schulhaus"),
    # a prefix the page does not show stays
    ("Schulhaus Chlosterwis: Stimmvolk sagt deutlich Ja zum neuen Schulhaus",
     "Schulhaus Chlosterwis: Stimmvolk sagt deutlich Ja zum neuen Schulhaus"),
])
def test_a_kicker_shown_above_the_headline_leaves_the_title(og_title: str, title: str) -> None:
    art = page("https://www.toesstaler.test/region/toesstal/schulhaus-482915663401", KICKER_PAGE,
               head=f'<meta property="og:title" content="{og_title}"><title>{og_title} | Tössthaler</title>')
    assert art.metadata.title == title


@pytest.mark.parametrize("line", [
    "Publiziert: 09.02.2025, 17:48Aktualisiert: 09.02.2025, 19:05",
    "14.03.2025, 09:12 Aktualizacja: 14.03.2025, 11:30",
])
def test_date_lines_glued_by_a_template_or_in_polish(line: str) -> None:
    assert is_date_line(line) and is_line_boilerplate(line)


@pytest.mark.parametrize(("line", "boilerplate"), [
    ("Heute empfehlen wir", True), ("Unsere Empfehlungen", True),
    ("Wir empfehlen, früh zu buchen, weil die Hotels schnell voll sind.", False),
])
def test_a_recommendation_widgets_label_alone_is_boilerplate(line: str, boilerplate: bool) -> None:
    assert is_line_boilerplate(line) is boilerplate


def test_an_ordinal_day_is_no_glued_word() -> None:
    assert is_date_line("June 1st, 2024")


@pytest.mark.parametrize("block", [
    "Erhalten Sie ausgewählte Neuigkeiten aus Ihrer Region – jeden Werktag um 17 Uhr.",
    "Assine a Gazeta do Oeste em papel",
    "This article is for general information only and is not investment, tax or legal advice.",
    "This content is provided for informational purposes only.",
])
def test_promos_and_disclaimers_of_more_sites_go(block: str) -> None:
    assert prune_blocks([ARTICLE_TEXT, block, ARTICLE_TEXT]) == [ARTICLE_TEXT, ARTICLE_TEXT]


def test_an_article_sentence_about_advice_stays() -> None:
    block = "The regulator said the product is not investment advice, a claim the firm disputes in court."
    assert prune_blocks([ARTICLE_TEXT, block, ARTICLE_TEXT]) == [ARTICLE_TEXT, block, ARTICLE_TEXT]


@pytest.mark.parametrize(("block", "kept"), [
    ("Hana Whitcombe is a senior reporter covering energy and climate policy.", False),
    ("Hana Whitcombe is a regular at the market, the owner said, and buys apples there.", True),
    ("The mayor is a former reporter who covered the council for a decade.", True),
])
def test_a_one_line_description_of_the_author_goes(block: str, kept: bool) -> None:
    left = prune_blocks([ARTICLE_TEXT, block, ARTICLE_TEXT], ["Hana Whitcombe"])
    assert (block in left) is kept


def test_a_caption_that_is_only_a_credit_goes() -> None:
    art = page("https://www.cucina.test/ricetta/20455/torta-di-mele/",
               f"<article><h1>Torta di mele</h1><p>{ARTICLE_TEXT}</p><figure><img src='t.jpg' alt='Torta'>"
               "<figcaption><span class='figure-article-caption-owner'>Cucina Quotidiana / Davide Lombardi"
               f"</span></figcaption></figure><p>{ARTICLE_TEXT}</p></article>",
               head="<title>Torta di mele</title>")
    assert "Davide Lombardi" not in art.body_markdown and "![Torta]" in art.body_markdown


def test_the_authors_description_in_the_byline_box_leaves_the_body() -> None:
    art = page("https://www.vox.test/energy/123/grid",
               "<article><h1>Why the grid is stuck</h1><div class='_1x3'><span>by "
               "<a href='/authors/hana-whitcombe'>Hana Whitcombe</a></span>"
               "<span><time datetime='2025-04-02T11:00:00Z'>Apr 2, 2025</time></span>"
               "<p class='_1x7'>Hana Whitcombe is a senior reporter covering energy, climate policy, and the "
               f"economics of the transition.</p></div>{f'<p>{ARTICLE_TEXT}</p>' * 5}</article>",
               head="<title>Why the grid is stuck</title>")
    assert [a.name for a in art.metadata.authors] == ["Hana Whitcombe"]
    assert "senior reporter" not in art.body_markdown and "Vessel waiting times" in art.body_markdown


def test_a_short_heading_set_in_bold_between_paragraphs_stays() -> None:
    paragraph = f"<div class='p'>{FONT}{SENTENCE * 2}</font></div>"
    art = page("https://www.prsgazette.test/article.asp?id=48812",
               f"<table><tr><td>{FONT}<b>Port congestion eases</b></font>{paragraph * 3}"
               f"<div class='p'>{FONT}<b>NEW EQUIPMENT</b></font></div>{paragraph * 3}"
               f"<div class='p'>{FONT}<b><a href='/subscribe.asp'>Subscribe</a></b></font></div>"
               f"{paragraph}</td></tr></table>", head="<title>Port congestion eases</title>")
    assert "NEW EQUIPMENT" in art.body_markdown
    assert "Subscribe" not in art.body_markdown  # a linked line is no heading
