"""What blogs and journals on many platforms write, and the notes commercial sites add: a user name
as the only byline, a date written in pieces of markup or with a Korean "year. month. day.", a tag
link that a script follows, a particle of the date line after a name, a fact box's date; affiliate
and advertiser disclosures, a company's jobs box, readers' reactions, a tip box, a Pinterest
prompt, a wiki's "From X, the free encyclopedia"; related labels and dates of more languages."""

from __future__ import annotations

import pytest

from crawler.kernel.dates import find_date
from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.names import split_byline

URL = "https://quietjournal.test/2024/05/garden-notes.html"
SENTENCE = "The tomatoes on the balcony needed new stakes after the storm on Tuesday night. "
PARAGRAPH = f"<p>{SENTENCE * 5}</p>"


def parse(body: str, head: str = "", url: str = URL) -> Article:
    return parse_article(url, "<!DOCTYPE html><html><head><meta charset='utf-8'>"
                              f"<title>Garden notes</title>{head}</head><body>{body}</body></html>")


def post(inner: str = "", after: str = "", head: str = "", url: str = URL) -> Article:
    return parse(f"<article><h1>Garden notes</h1>{inner}{PARAGRAPH}{PARAGRAPH}</article>{after}", head, url)


# --- who wrote it: a user name --------------------------------------------------------------------
def test_a_user_name_linked_in_a_byline_is_the_author() -> None:
    art = post(after='<footer class="post-meta"><span class="byline">posted by <a href="/">rosfern</a></span>'
                     "</footer>")
    assert [a.name for a in art.metadata.authors] == ["rosfern"]


def test_a_user_name_as_a_cards_name_is_the_author() -> None:
    art = post('<span class="author vcard"><span class="fn">yukemuri_tetsu</span></span>',
               url="https://yukemuri-tetsu.hatenablog.example/entry/2024/05/01/garden")
    assert [a.name for a in art.metadata.authors] == ["yukemuri_tetsu"]


@pytest.mark.parametrize("byline", [
    '<span class="byline">posted by <a href="https://elsewhere.example/">rosfern</a></span>',  # a link away
    '<span class="byline">posted by <a href="/">siteadmin</a></span>',  # an administrator's account
    '<span class="byline">posted by <a href="/">quietjournal</a></span>',  # the site's own account
    '<span class="byline">posted by rosfern</span>',  # no link, no card: any word after "by"
    '<span class="comment-author">by <a href="/">rosfern</a></span>',  # a commenter
])
def test_a_user_name_only_counts_where_it_names_the_writer(byline: str) -> None:
    assert post(after=f"<footer>{byline}</footer>").metadata.authors == []


def test_a_particle_of_the_date_line_after_a_name_is_no_part_of_it() -> None:
    art = post('<div class="asset-meta"><span class="byline">Par <span class="vcard author"><span class="fn">'
               'Colette Marchand</span></span> le <abbr class="published" title="2008-10-19T21:14:32+01:00">'
               "19 octobre 2008 21h14</abbr></span></div>")
    assert [a.name for a in art.metadata.authors] == ["Colette Marchand"]
    assert split_byline("Par Colette Marchand le") == ["Colette Marchand"]
    assert split_byline("Por Ana de la Vega") == ["Ana de la Vega"]


def test_a_khmer_by_label_with_its_own_colon_goes() -> None:
    assert split_byline("ដោយ៖ សុខ ចាន់ធី") == ["សុខ ចាន់ធី"]


# --- when: dates of more forms ---------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("2023. 10. 8. 14:22", "2023-10-08T14:22:00"),
    ("게시 2023. 10. 08", "2023-10-08T00:00:00"),
    ("Asteazkena, 2025eko apirilaren 2a", "2025-04-02T00:00:00"),
    ("Eguneratua: 2025eko martxoaren 17a, 11:05", "2025-03-17T11:05:00"),
    ("ថ្ងៃពុធ ទី១៩ ខែវិច្ឆិកា ឆ្នាំ២០២៥", "2025-11-19T00:00:00"),
    ("2 d'abril de 2025", "2025-04-02T00:00:00"),
    ("dimarts, 15 d’octubre del 2024", "2024-10-15T00:00:00"),
    ("3 de xuño de 2024", "2024-06-03T00:00:00"),
    # a time written before its date is the date's, when it stands right before it
    ("Published 10:15 PM EDT, Mon July 21, 2025", "2025-07-21T22:15:00-04:00"),
    ("Updated 12:40 AM EDT, Tue July 22, 2025", "2025-07-22T00:40:00-04:00"),
    ("Score 2:1, July 21, 2025", "2025-07-21T00:00:00"),
    ("At 9:30 the council met. July 21, 2025", "2025-07-21T00:00:00"),
])
def test_dates_of_more_languages_and_forms(text: str, expected: str) -> None:
    found = find_date(text)
    assert found is not None and found.isoformat() == expected


def test_numbers_after_a_year_and_a_full_stop_are_no_korean_date() -> None:
    assert find_date("Sales rose in 2023. 10 people lost their jobs. 5 of them came back.") is None


def test_a_date_written_in_pieces_of_links_dates_the_page() -> None:
    art = parse('<div class="entry"><div class="header"><h2 class="entry-title">Garden notes</h2>'
                '<span class="datetime"><span class="date"><a href="/2010/">2010</a>-'
                '<a href="/2010/11/">11</a>-<a href="/2010/11/21/">21</a></span> '
                '<span class="time">22:14</span></span></div>'
                f'<div class="entry-content">{PARAGRAPH}{PARAGRAPH}</div></div>',
                head='<meta property="og:title" content="Garden notes">')
    assert art.metadata.date is not None and art.metadata.date.date().isoformat() == "2010-11-21"


def test_a_fact_boxs_date_is_not_the_pages() -> None:
    art = parse('<div id="content"><h1>Kettle (build system)</h1><div class="body-content">'
                '<table class="infobox"><tr><th>Developer</th>'
                '<td class="infobox-data">Kettle Collective</td></tr>'
                '<tr><th>Initial release</th><td class="infobox-data">14 March 2016</td></tr></table>'
                f"{PARAGRAPH}{PARAGRAPH}</div></div>",
                url="https://wiki.example.test/wiki/Kettle")
    assert art.metadata.date is None


def test_a_labelled_rows_date_still_dates_the_page() -> None:
    art = parse('<div id="content"><h1>Garden notes</h1><div class="body-content">'
                '<table class="meta"><tr><th>Published</th>'
                '<td class="post-data">14 March 2016</td></tr></table>'
                f"{PARAGRAPH}{PARAGRAPH}</div></div>")
    assert art.metadata.date is not None and art.metadata.date.date().isoformat() == "2016-03-14"


# --- tags ------------------------------------------------------------------------------------------
def test_a_tag_link_that_a_script_follows_is_a_tag() -> None:
    tags = "".join(f'<li><a href="javascript:void(0)" onclick="location.href=\'/search?tag={t}\'" '
                   f'rel="tag">{t}</a></li>' for t in ("automne", "coings"))
    art = post(after=f'<div class="entry-tags"><h4>Tags:</h4><ul>{tags}</ul></div>')
    assert art.metadata.tags == ["automne", "coings"]


def test_a_templates_quotes_around_a_section_go() -> None:
    art = post(head="<meta property=\"article:section\" content=\"'생활'\">")
    assert art.metadata.categories == ["생활"]


# --- notes that are no text of the article --------------------------------------------------------
@pytest.mark.parametrize("note", [
    "<p><em>Heads up: this post contains affiliate links. If you book through them, I may earn a small "
    "commission at no extra cost to you.</em></p>",
    "<p>Garden Weekly is an independent, advertising-supported comparison service. The offers that appear "
    "come from companies that pay us.</p>",
    "<p><strong>Editorial Note:</strong> Opinions expressed here are the author's alone, not those of any "
    "bank or card issuer.</p>",
    "<p>Maison &amp; Jardin peut percevoir une commission sur les achats réalisés via ces liens.</p>",
    "<p>Für Käufe über diese Links erhalten wir eventuell eine Provision vom Händler.</p>",
    "<p>Si compras a través de estos enlaces, podemos recibir una comisión.</p>",
    "<p><strong>Like this post? Pin it for later!</strong></p>",
])
def test_disclosures_and_prompts_leave_the_body(note: str) -> None:
    art = post(f"{PARAGRAPH}{note}")
    assert SENTENCE.strip() in art.body_markdown
    text = art.body_text.lower()
    assert not any(word in text for word in ("commission", "comisión", "provision", "advertising-supported",
                                            "alone", "pin it"))


@pytest.mark.parametrize("box", [
    '<aside class="HiringCallout_box__wQ1r7"><p><strong>We are hiring!</strong></p><p>We are looking for '
    "engineers who like gardens as much as code.</p></aside>",
    '<div class="sk-reactions"><h4>How did this story make you feel?</h4><ul>'
    "<li><button>Happy 12</button></li><li><button>Sad 4</button></li></ul></div>",
    '<div class="m-supportBox"><p>この記事が気に入ったらサポートをしてみませんか？</p><p>いただいたサポートは'
    "種代に使わせていただきます。</p></div>",
    '<section class="how-we-test"><h2>How we test</h2><p>Every product is bought and used for two weeks '
    "before we write about it.</p></section>",
])
def test_widgets_of_commercial_and_platform_pages_leave_the_body(box: str) -> None:
    art = post(f"{PARAGRAPH}<div>{box}</div>")
    assert not any(word in art.body_text for word in ("hiring", "feel", "サポート", "two weeks"))


def test_a_wikis_line_under_the_headline_leaves_the_body() -> None:
    art = parse('<div id="content"><h1>Garden notes</h1><div id="siteSub">From Quietpedia, the free '
                f'encyclopedia</div><div class="mw-parser-output">{PARAGRAPH}{PARAGRAPH}</div></div>')
    assert "free encyclopedia" not in art.body_markdown
    assert art.metadata.excerpt is not None and art.metadata.excerpt.startswith("The tomatoes")


# --- related lists under labels of more languages -------------------------------------------------
@pytest.mark.parametrize("label", ["Sur le même thème", "Sorodne novice", "Lotutako albisteak",
                                   "この記事を読んだ人におすすめ", "あなたにおすすめ"])
def test_related_labels_of_more_languages(label: str) -> None:
    cards = "".join(f'<li><a href="/2024/0{i}/other-garden-story-{i}.html">Other garden story number {i} '
                    "from the spring</a></li>" for i in range(1, 4))
    art = post(after=f'<section class="more"><h2>{label}</h2><ul>{cards}</ul></section>')
    assert len(art.related) == 3
    assert "Other garden story" not in art.body_markdown


# --- broadcasters and old layouts -----------------------------------------------------------------
def test_an_update_line_above_the_published_one_leaves_the_published_date() -> None:
    art = parse('<div class="headline"><h1>Garden notes</h1><div class="headline__footer">'
                '<div class="stamp">Updated 12:40 AM EDT, Tue July 22, 2025</div>'
                '<div class="stamp-published">Published 10:15 PM EDT, Mon July 21, 2025</div></div></div>'
                f'<div class="article__content">{PARAGRAPH}{PARAGRAPH}</div>',
                head='<meta property="article:published_time" content="2025-07-22T02:15:11Z">')
    assert art.metadata.date is not None and art.metadata.date.isoformat() == "2025-07-21T22:15:00-04:00"


def test_more_from_the_site_without_its_last_word_is_no_related_list() -> None:
    cards = "".join(f'<h3><a href="/article/other-story-number-{i}-a1b2">Other story number {i} of the '
                    "week</a></h3>" for i in range(3))
    art = post(after=f'<section class="recirculation"><h2>More From Quiet Journal</h2>{cards}</section>',
               head='<meta property="og:site_name" content="Quiet Journal News">',
               url="https://www.qjn.test/2024/05/garden-notes.html")
    assert art.related == []


def test_a_row_of_a_trail_and_page_tools_gives_no_tools_as_categories() -> None:
    art = parse('<table><tr><td><a href="/">Home</a> &gt; <a href="/news/">Local News</a></td>'
                '<td><a href="/print/1">Printer-friendly version</a> | '
                '<a href="/email/1">Email this story</a>'
                f"</td></tr></table><h1>Garden notes</h1><div>{PARAGRAPH}{PARAGRAPH}</div>")
    assert not {"Printer-friendly version", "Email this story"} & set(art.metadata.categories)


@pytest.mark.parametrize("note", [
    "<p><em>Do you have a story for us? Email newsdesk@quietjournal.test or message us on Facebook.</em></p>",
    "<p>Transcripts are created on a rush deadline by a contractor. This text may not be in its final form "
    "and may be updated or revised in the future.</p>",
])
def test_a_newsrooms_notes_leave_the_body(note: str) -> None:
    art = post(f"{PARAGRAPH}{note}")
    assert "story for us" not in art.body_text and "rush deadline" not in art.body_text


def test_titles_declared_in_capitals_give_way_to_the_headlines_own_case() -> None:
    art = parse("<article><h1>Zeytinyağı fiyatları düştü, üretici zor durumda</h1>"
                f"{PARAGRAPH}{PARAGRAPH}</article>",
                head='<meta property="og:title" content="ZEYTİNYAĞI FİYATLARI DÜŞTÜ, ÜRETİCİ ZOR DURUMDA">')
    assert art.metadata.title == "Zeytinyağı fiyatları düştü, üretici zor durumda"


def test_a_title_in_capitals_on_the_page_too_stays() -> None:
    art = parse(f"<article><h1>NASA LAUNCHES NEW PROBE</h1>{PARAGRAPH}{PARAGRAPH}</article>",
                head='<meta property="og:title" content="NASA LAUNCHES NEW PROBE">')
    assert art.metadata.title == "NASA LAUNCHES NEW PROBE"


@pytest.mark.parametrize("box", [
    '<section id="talkbacks" class="talkbacks"><h3>תגובות לכתבה (2)</h3><ol><li>כל שנה אותו סיפור, '
    "אמר הקורא.</li><li>למה דווקא החוף שלנו נסגר השנה?</li></ol></section>",
    '<div class="whatsapp-channel"><b>Follow us on WhatsApp:</b> join our channel for the latest news on '
    'your phone. <a href="https://whatsapp.example/channel/1">Join</a></div>',
    '<div class="cta-callout cta-callout--appointment"><h3>Need care today?</h3><p>Our urgent care '
    'clinics are open seven days a week.</p><a href="/urgent-care">Find a location</a></div>',
])
def test_comments_and_calls_to_action_of_more_sites_leave_the_body(box: str) -> None:
    art = post(f"{PARAGRAPH}{box}")
    assert not any(word in art.body_text for word in ("תגובות", "אותו סיפור", "WhatsApp", "urgent care"))


def test_a_hausa_related_label() -> None:
    cards = "".join(f'<li><a href="/labarai/{i}/wani-labari-na-{i}">Wani labari na {i} daga Kano</a></li>'
                    for i in range(4401, 4404))
    art = post(after=f'<div class="masu-alaka"><h3>Labarai Masu Alaƙa</h3><ul>{cards}</ul></div>')
    assert len(art.related) == 3
