"""The metadata rules a page never sees spelled out: precedence between sources, Dublin Core,
nested JSON-LD graphs, bylines, site-name suffixes, and where an excerpt comes from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article

URL = "https://news.example.org/2024/05/a-story/"
PARAGRAPH = "<p>" + "The council met on Tuesday and agreed the plan, after a long debate. " * 6 + "</p>"


def parse(head: str = "", body: str = "", url: str = URL) -> Article:
    return parse_article(url, f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head>"
                              f"<body>{body}</body></html>")


def test_dublin_core_alone_gives_title_authors_date_summary_and_language() -> None:
    m = parse(head="<title>Catalogue</title><meta name='DC.title' content='Water Rights in the Delta'>"
                   "<meta name='DC.creator' content='Doe, Jane'><meta name='DC.creator' content='Roe, John'>"
                   "<meta name='DC.date' content='2021-05-06'><meta name='DC.language' content='fr'>"
                   "<meta name='DC.description' content='How the delta shares its water.'>",
              body=f"<article>{PARAGRAPH}</article>").metadata
    assert m.title == "Water Rights in the Delta"
    assert [a.name for a in m.authors] == ["Jane Doe", "John Roe"]
    assert m.date == datetime(2021, 5, 6)
    assert m.description == m.excerpt == "How the delta shares its water."
    assert m.language == "fr"


NESTED_GRAPH = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "@id": "https://news.example.org/#site", "name": "Example News"},
 {"@graph": [{"@type": "NewsArticle", "@id": "https://news.example.org/2024/05/a-story/#article",
   "headline": "Nested headline", "datePublished": "2024-05-02T03:04:05+01:00",
   "dateModified": "2024-05-01T00:00:00Z",
   "author": [{"@id": "https://news.example.org/#jane"}, {"@id": "https://news.example.org/#john"}]}]},
 {"@type": "Person", "@id": "https://news.example.org/#jane", "name": "Jane Doe"},
 {"@type": "Person", "@id": "https://news.example.org/#john", "name": "By John Roe"}]}</script>"""


def test_nested_graph_references_resolve_and_an_earlier_modified_date_is_dropped() -> None:
    m = parse(head=NESTED_GRAPH, body=f"<article>{PARAGRAPH}</article>").metadata
    assert m.title == "Nested headline"
    assert [a.name for a in m.authors] == ["Jane Doe", "John Roe"]
    assert m.date == datetime(2024, 5, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert m.updated is None  # 2024-05-01 is before the publication: never kept


@pytest.mark.parametrize(("published", "modified", "kept"), [
    ("2024-05-02T10:00:00+02:00", "2024-05-02T08:30:00Z", True),   # later once both are in UTC
    ("2024-05-02T10:00:00+02:00", "2024-05-02T07:30:00Z", False),  # earlier once both are in UTC
    ("2024-05-02T10:00:00Z", "2024-05-02T10:00:00Z", True),        # the same instant
    ("2024-05-02", "2024-05-01T23:00:00Z", False),                 # naive against aware
])
def test_updated_is_never_earlier_than_published(published: str, modified: str, kept: bool) -> None:
    m = parse(head=f"<meta property='article:published_time' content='{published}'>"
                   f"<meta property='article:modified_time' content='{modified}'>").metadata
    assert m.date is not None
    assert (m.updated is not None) is kept


def test_visible_byline_loses_its_by_and_keeps_three_authors_apart() -> None:
    m = parse(body=f"<article><h1>Plan agreed</h1><p class='byline'>By JANE DOE, John Roe and Max "
                   f"Mustermann</p>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["JANE DOE", "John Roe", "Max Mustermann"]


@pytest.mark.parametrize(("title_tag", "head", "url", "expected"), [
    ("Plan agreed | Example News", "<meta property='og:site_name' content='Example News'>", URL,
     "Plan agreed"),
    ("Batman - The Dark Knight", "<meta property='og:site_name' content='Movie Reviews'>", URL,
     "Batman - The Dark Knight"),
    ("Batman - The Dark Knight - Moviereviews.com", "", "https://moviereviews.com/batman/",
     "Batman - The Dark Knight"),
    ("Batman - The Dark Knight - Moviereviews.com", "", URL,
     "Batman - The Dark Knight - Moviereviews.com"),
])
def test_site_suffix_is_stripped_only_when_it_names_the_site(title_tag: str, head: str, url: str,
                                                             expected: str) -> None:
    m = parse(head=f"<title>{title_tag}</title>{head}", body=f"<article>{PARAGRAPH}</article>",
              url=url).metadata
    assert m.title == expected


def test_opengraph_property_wins_over_the_same_key_given_as_name() -> None:
    m = parse(head="<meta name='og:title' content='Name form'>"
                   "<meta property='og:title' content='Property form'>"
                   "<meta name='og:description' content='Name summary'>"
                   "<meta property='og:description' content='Property summary'>").metadata
    assert m.title == "Property form"
    assert m.excerpt == "Property summary"


def test_excerpt_prefers_the_sharing_summary_while_description_stays_the_page_description() -> None:
    m = parse(head="<meta name='description' content='Plan agreed. The council met on Tuesday and...'>"
                   "<meta property='og:description' content='The council agreed the plan after a long "
                   "debate.'>",
              body=f"<article><h1>Plan agreed</h1>{PARAGRAPH}</article>").metadata
    assert m.description == "Plan agreed. The council met on Tuesday and..."
    assert m.excerpt == "The council agreed the plan after a long debate."


def test_microdata_description_counts_only_inside_an_article_item() -> None:
    article_item = ("<article itemscope itemtype='https://schema.org/NewsArticle'><h1>Plan agreed</h1>"
                    "<h2 itemprop='description'>The council agreed the plan after a long debate.</h2>"
                    f"{PARAGRAPH}</article>")
    assert parse(body=article_item).metadata.excerpt == "The council agreed the plan after a long debate."
    person_item = ("<article><h1>Plan agreed</h1>"
                   f"{PARAGRAPH}<div itemscope itemtype='https://schema.org/Person'>"
                   "<p itemprop='description'>Jane writes about local politics for us.</p></div></article>")
    assert parse(body=person_item).metadata.excerpt != "Jane writes about local politics for us."


def test_without_any_summary_the_excerpt_is_the_lead_paragraph_cut_at_a_word() -> None:
    article = parse(body="<article><h1>Plan agreed</h1><ul><li>First point of the list</li></ul>"
                         f"<p><img src='/lead.jpg' alt='The hall'></p>{PARAGRAPH}</article>")
    excerpt = article.metadata.excerpt
    assert excerpt is not None and excerpt.startswith("The council met on Tuesday")
    assert excerpt.endswith(" …") and len(excerpt) <= 402
    assert article.metadata.description is None


def test_a_page_without_text_gets_no_invented_excerpt() -> None:
    assert parse(body="<nav><a href='/'>Home</a></nav>").metadata.excerpt is None


def test_published_date_keeps_its_zone_and_updated_its_own() -> None:
    m = parse(head="<meta property='article:published_time' content='2024-05-02T10:00:00+02:00'>"
                   "<meta property='article:modified_time' content='2024-05-03T09:00:00Z'>").metadata
    assert m.date == datetime(2024, 5, 2, 10, tzinfo=timezone(timedelta(hours=2)))
    assert m.updated == datetime(2024, 5, 3, 9, tzinfo=UTC)


@pytest.mark.parametrize("line,updated", [
    ("Published 14 May 2024, 08:30 · Updated 15 May 2024, 10:05", datetime(2024, 5, 15, 10, 5)),
    ("Posted May 14, 2024. Last updated May 16, 2024", datetime(2024, 5, 16)),
    ("14 May 2024", None),
])
def test_a_visible_update_date_in_the_byline(line: str, updated: datetime | None) -> None:
    m = parse(body=f"<div class='story'><h1>A story</h1><div class='byline'>By Jane Doe<br>{line}</div>"
                   f"{PARAGRAPH}</div>").metadata
    assert m.date is not None and (m.date.month, m.date.day) == (5, 14)  # the published date stays
    assert (m.updated.replace(tzinfo=None) if m.updated else None) == updated


def test_without_a_declared_image_the_lead_picture_is_the_thumbnail() -> None:
    body = ("<div class='story'><h1>A story</h1><img src='/static/site-logo.png' alt='Example News'>"
            "<img src='/icons/share.png' alt=''><img src='/img/tiny.jpg' width='40' height='40'>"
            f"<figure><img src='/img/lead.jpg' alt='The harbour at dawn'></figure>{PARAGRAPH}"
            "<img src='/img/second.jpg' alt='Another picture'></div>")
    assert parse(body=body).metadata.thumbnail == "https://news.example.org/img/lead.jpg"
    declared = parse(head="<meta property='og:image' content='/img/declared.jpg'>", body=body)
    assert declared.metadata.thumbnail == "https://news.example.org/img/declared.jpg"
    assert parse(body=f"<article><h1>A story</h1>{PARAGRAPH}</article>").metadata.thumbnail is None


def test_a_french_byline_gives_both_dates() -> None:
    m = parse(body="<div class='story'><h1>Un article</h1><p class='byline'>Par Marie Curie — publié le "
                   f"14 mars 2024, mis à jour le 15 mars 2024</p>{PARAGRAPH}</div>").metadata
    assert (m.date, m.updated) == (datetime(2024, 3, 14), datetime(2024, 3, 15))


@pytest.mark.parametrize(("byline", "names"), [
    ("ရေးသားသူ - ဇော်မင်းထွန်း", ["ဇော်မင်းထွန်း"]),  # Burmese "writer", set off by a dash
    ("రిపోర్టర్: కె. శ్రీనివాస రావు, విజయవాడ", ["కె. శ్రీనివాస రావు"]),  # Telugu "reporter", then the city
    ("Сурвалжлагч Б.Энхжаргал", ["Б.Энхжаргал"]),  # Mongolian "reporter", without a colon
    ("Mualliflar: Dilnoza Karimova va Bekzod Rahimov", ["Dilnoza Karimova", "Bekzod Rahimov"]),
    ("Autor – Jan Novák | 3. 5. 2024", ["Jan Novák"]),
    ("Ngu- Sipho Dlamini ngoLwesithathu, 5 Juni 2024", ["Sipho Dlamini"]),  # Zulu "by", a weekday after
    ("ໂດຍ: ສຸລິຍາ ພົມມະວົງ • ວັນພຸດ ທີ 3", ["ສຸລິຍາ ພົມມະວົງ"]),  # Lao "by:"
    ("لیکوالان: احمدشاه ځدراڼ او زرمینه صافي", ["احمدشاه ځدراڼ", "زرمینه صافي"]),  # Pashto "authors", "and"
    ("Waxaa qoray: Maxamed Cabdi Faarax", ["Maxamed Cabdi Faarax"]),  # Somali "written by"
    ("Láti ọwọ́ Adébáyọ̀ Ògúnlànà àti Fúnmi Àlàó", ["Adébáyọ̀ Ògúnlànà", "Fúnmi Àlàó"]),  # Yoruba "and"
    ("Dublin Core name author", []),  # two lower-case words: no name
    ("ਲੇਖਕ: ਹਰਪ੍ਰੀਤ ਕੌਰ ਅਤੇ ਜਸਵਿੰਦਰ ਸਿੰਘ", ["ਹਰਪ੍ਰੀਤ ਕੌਰ", "ਜਸਵਿੰਦਰ ਸਿੰਘ"]),  # Punjabi "and": a vowel sign ends it
    ("લેખક: ભાવિન શાહ અને નેહા પટેલ", ["ભાવિન શાહ", "નેહા પટેલ"]),  # Gujarati
    ("Autori:\n Jana Nováková,\n Martin Kováč", ["Jana Nováková", "Martin Kováč"]),  # a list over lines
    ("Autors: Mārtiņš Liepiņš", ["Mārtiņš Liepiņš"]),  # Latvian
    ("Jana Nováková a Martin Kováč", ["Jana Nováková", "Martin Kováč"]),  # Slovak "and"
    ("Pressestelle Frankfurt a. M.", ["Pressestelle Frankfurt a. M"]),  # "a" joins only between spaces
    ("Piše: Amra Hodžić", ["Amra Hodžić"]),  # Bosnian "writes"
    ("ጸሓፊ፡ ዳዊት መሓሪ", ["ዳዊት መሓሪ"]),  # Tigrinya, its own colon
    ("Nosoratan'i Hery Rakotondrabe", ["Hery Rakotondrabe"]),  # Malagasy "written by"
    ("Gan Siân Prydderch", ["Siân Prydderch"]),  # Welsh "by"
    ("Gan / By Elin Pritchard", ["Elin Pritchard"]),  # a bilingual byline: "by" twice
    ("長野総局 山田太郎記者、佐藤花子記者", ["山田太郎", "佐藤花子"]),  # the bureau, the title, the comma
    ("记者 陈晓明 林佳", ["陈晓明", "林佳"]),  # Chinese names set apart by a space
    ("김민준 기자", ["김민준"]),
    ("بقلم: سامر الحسيني", ["سامر الحسيني"]),  # Arabic "by the pen of"
    ("Γράφει: Ελένη Παππά", ["Ελένη Παππά"]),  # Greek "writes"
])
def test_reporter_and_writer_words_of_more_scripts_are_no_names(byline: str, names: list[str]) -> None:
    from crawler.parsers.names import split_byline

    assert split_byline(byline) == names


def test_a_byline_in_a_script_without_capitals_under_a_headline_outside_the_teaser_articles() -> None:
    # the story is in no <article>; the teaser cards after it are: they are not the article's scope
    cards = "".join(f'<article class="card"><a href="/news/{n}.html"><h3>Teaser {n}</h3></a></article>'
                    for n in (1, 2, 3))
    m = parse(body="<main><h1>మామిడి రైతుల ఆందోళన</h1><div><span>రిపోర్టర్:</span> "
                   "<a href='/author/k-rao'>కె. శ్రీనివాస రావు</a>, <span>విజయవాడ</span></div>"
                   f"<div>{PARAGRAPH}</div><section><h2>ఇవి కూడా చదవండి</h2>{cards}</section></main>").metadata
    assert [a.name for a in m.authors] == ["కె. శ్రీనివాస రావు"]


@pytest.mark.parametrize(("label", "name"), [
    ("Հեղինակ՝", "Անի Մկրտչյան"),  # Armenian, its own colon
    ("Autors:", "Mārtiņš Liepiņš"),  # Latvian
    ("ਲੇਖਕ:", "ਹਰਪ੍ਰੀਤ ਕੌਰ"),  # Punjabi, right after the headline's last word in the page's text
    ("Höfundur:", "Jón Sigurðsson"),  # Icelandic
])
def test_a_byline_label_of_another_language_names_the_author(label: str, name: str) -> None:
    m = parse(body=f"<main><h1>ਖ਼ਬਰ</h1><div class='meta'><span>{label}</span> <a href='/p/1'>{name}</a></div>"
                   f"<div>{PARAGRAPH}</div></main>").metadata
    assert [a.name for a in m.authors] == [name]


def test_a_date_line_of_its_own_after_a_byline_row_in_another_script_dates_the_page() -> None:
    row = ("<div class='row'><div><img src='/a.jpg' alt=''><a href='/author/pd'>प्रशांत देशमुख</a><span>|</span>"
           "<span>वार्ता</span></div><span>•</span><div>प्रकाशित: २७ नोव्हेंबर २०२६, ०८:३० AM</div></div>")
    m = parse(body=f"<main><h1>कांद्याचे दर कोसळले</h1><div>परतीच्या पावसानंतर दबाव</div>{row}"
                   f"<div>{PARAGRAPH}</div></main>").metadata
    assert m.date == datetime(2026, 11, 27, 8, 30)


def test_a_date_line_under_a_headline_that_stands_above_the_article_element_dates_the_page() -> None:
    head = ("<div class='head'><div class='title'><h1>추석 연휴 고속도로 통행료 면제</h1></div>"
            "<div class='info'><div class='journalist'><a href='/j/1' class='journalist_box'>김민준 기자</a>"
            "</div><div class='stamp'><span class='term'>입력</span><span>2024.09.13. 오전 10:30</span></div>"
            "</div></div>")
    m = parse(body=f"{head}<article id='dic_area'>{PARAGRAPH * 3}</article>").metadata
    assert m.date == datetime(2024, 9, 13, 10, 30)
    assert [a.name for a in m.authors] == ["김민준"]


def test_meta_co_authors_complete_a_byline_that_names_the_first_only() -> None:
    head = ("<meta name='citation_author' content='Whitcombe, Eleanor'>"
            "<meta name='citation_author' content='Pugh, Rhys'>")
    byline = "<span class='byline'>By <a rel='author' href='/author/ew/'>Eleanor Whitcombe</a></span>"
    m = parse(head=head, body=f"<article><h1>Tithe maps</h1>{byline}{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["Eleanor Whitcombe", "Rhys Pugh"]
    assert m.authors[0].url == "https://news.example.org/author/ew/"  # the byline's link stays with its name


def test_one_citation_author_tag_is_one_person_family_name_first() -> None:
    head = "<meta name='citation_author' content='Adeyemi, Tolu'>"
    m = parse(head=head, body=f"<article><h1>Burial registers</h1>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["Tolu Adeyemi"]
    # an author tag of another kind with two names in it names two people
    head = "<meta name='author' content='Tolu Adeyemi, Rhys Pugh'>"
    m = parse(head=head, body=f"<article><h1>Burial registers</h1>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["Tolu Adeyemi", "Rhys Pugh"]


def test_an_author_line_of_a_book_s_data_card_is_not_the_posts_byline() -> None:
    card = "".join(f"<div><u>{k}:</u> {v}</div>" for k, v in (
        ("Titel", "The Quiet Girls"), ("Seiten", "400 Seiten"), ("Autorin", "Alys Arden"),
        ("Verlag", "Nordwind")))
    m = parse(body=f"<article><h1>Mein Lesemonat</h1><p>{PARAGRAPH}</p>{card}<p>{PARAGRAPH}</p>"
                   "</article>").metadata
    assert m.authors == []
    byline = parse(body="<article><h1>Mein Lesemonat</h1><div><u>Autorin:</u> Alys Arden</div>"
                        f"<div>Datum: 3. Juni 2015</div><p>{PARAGRAPH}</p></article>").metadata
    assert [a.name for a in byline.authors] == ["Alys Arden"]  # a date beside it makes no card


def test_the_site_named_as_author_is_not_split_into_two_people() -> None:
    m = parse(head="<meta property='og:site_name' content='Hearth &amp; Crumb'>",
              body="<article itemscope itemtype='https://schema.org/BlogPosting'>"
                   "<meta itemprop='author' content='Hearth &amp; Crumb'><h1>Heritage grains</h1>"
                   f"{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["Hearth & Crumb"]  # the publisher, when no person is named
    named = parse(head="<meta property='og:site_name' content='Hearth &amp; Crumb'>",
                  body="<article itemscope itemtype='https://schema.org/BlogPosting'>"
                       "<meta itemprop='author' content='Hearth &amp; Crumb'><h1>Heritage grains</h1>"
                       "<p>Written By <a href='/journal?author=5'>Rosa Delgado-Finch</a></p>"
                       f"{PARAGRAPH}</article>").metadata
    assert [a.name for a in named.authors] == ["Rosa Delgado-Finch"]


def test_a_published_date_written_under_the_post_dates_a_page_that_says_nothing_else() -> None:
    # Tumblr: the post's title in an <h2>, its date in the footer under a long text
    m = parse(body=f"<article><h2>Contando estrellas de mar</h2>{PARAGRAPH * 10}"
                   "<footer><div class='post-meta'>"
                   "<a class='meta-item post-date' href='/post/1/contando'>14 de abril de 2024</a>"
                   "<a href='/post/1/contando#notes'>38 notas</a></div></footer></article>").metadata
    assert m.date == datetime(2024, 4, 14)


def test_a_menu_of_every_category_around_the_article_names_none_of_its_categories() -> None:
    menu = "".join(f"<a href='/news/categories/{n}'>Section {n}</a>" for n in range(1, 16))
    m = parse(body=f"<main><div class='dropdown'>{menu}</div><h1>New robot samples blood</h1>"
                   f"{PARAGRAPH}</main>").metadata
    assert m.categories == []
    two = parse(body="<main><h1>New robot samples blood</h1><p>Filed in "
                     "<a href='/category/research/'>Research</a> <a href='/category/health/'>Health</a></p>"
                     f"{PARAGRAPH}</main>").metadata
    assert two.categories == ["Research", "Health"]


@pytest.mark.parametrize("label", ["Temas:", "Birkas:", "Märksõnad:", "Պիտակներ՝", "ਟੈਗ", "Tagovi:",
                                   "Clibeanna:", "Ključne besede:", "Тэглар:"])
def test_terms_labelled_in_other_languages_are_tags(label: str) -> None:
    m = parse(body=f"<article><h1>Entrevista</h1>{PARAGRAPH}<div class='terms'><span>{label}</span> "
                   "<a href='/tema/ceramica/'>cerámica</a> <a href='/tema/navarra/'>Navarra</a></div>"
                   "</article>").metadata
    assert m.tags == ["cerámica", "Navarra"]


@pytest.mark.parametrize("terms", [
    "<span>Clibeanna:</span><ul><li><a href='/clib/conamara/'>Conamara</a></li>"
    "<li><a href='/clib/gaeltacht/'>Gaeltacht</a></li></ul>",
    "<div class='field__label'>Ključne besede</div><div class='field__items'><div class='field__item'>"
    "<a href='/kb/conamara'>Conamara</a></div><div class='field__item'><a href='/kb/gaeltacht'>Gaeltacht</a>"
    "</div></div>",
])
def test_a_tag_label_before_the_list_its_links_are_in_names_them_tags(terms: str) -> None:
    m = parse(body=f"<article><h1>Bus nua</h1>{PARAGRAPH}<div>{terms}</div></article>").metadata
    assert m.tags == ["Conamara", "Gaeltacht"]
    unlabelled = parse(body=f"<article><h1>Bus nua</h1>{PARAGRAPH}<div><span>Seo:</span><ul><li>"
                            "<a href='/x/conamara/'>Conamara</a></li></ul></div></article>").metadata
    assert unlabelled.tags == []


def test_a_staff_byline_of_an_indic_script_gives_way_to_a_named_person() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "വാർത്ത", '
          '"author": {"@type": "Person", "name": "സ്വന്തം ലേഖകൻ"}}</script>')
    m = parse(head=ld, body="<article><h1>വാർത്ത</h1><p class='byline'><a rel='author' href='/a/anu'>അനു മാത്യു</a>"
                            f"</p>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["അനു മാത്യു"]


def test_a_page_without_h1_takes_the_longest_part_of_its_title_shown_in_bold_as_the_headline() -> None:
    m = parse(head="<title>HGV Obertal - Aktuelles - Die Kleinmühle am Erlenbach dreht sich wieder</title>",
              body="<table><tr><td><font size='2'><b>Navigation</b></font></td><td><font size='5'><b>Die "
                   f"Kleinmühle am Erlenbach dreht sich wieder</b></font><br>{PARAGRAPH}</td></tr></table>"
              ).metadata
    assert m.title == "Die Kleinmühle am Erlenbach dreht sich wieder"
    # a shorter part in bold (a column's name) is no headline
    column = parse(head="<title>Kolumne: Queer Royal – Über Dragqueens und Dragkings auf der Bühne</title>",
                   body=f"<div><b>Kolumne: Queer Royal</b>{PARAGRAPH}</div>").metadata
    assert column.title == "Kolumne: Queer Royal – Über Dragqueens und Dragkings auf der Bühne"


def test_the_tag_row_after_the_wrappers_the_article_ends_is_the_articles() -> None:
    # Medium: the <article> is the last child of two wrappers; the tag chips follow the outer one
    chips = "".join(f"<a href='/tag/{t.lower()}?source=post_page'><div>{t}</div></a>"
                    for t in ("Agile", "Scrum"))
    m = parse(body=f"<main><div class='a'><div class='b'><article><h1>Story points</h1>{PARAGRAPH}</article>"
                   f"</div></div><div class='chips'>{chips}</div></main>").metadata
    assert m.tags == ["Agile", "Scrum"]


@pytest.mark.parametrize(("body", "authors"), [
    # a podcast's host
    ("<article><h1>The quiet economics of seed libraries</h1><div class='episode-meta'><span>Hosted by "
     f"<a href='/people/dana-okafor/'>Dana Okafor</a></span> · 42 min</div>{PARAGRAPH}</article>",
     ["Dana Okafor"]),
    # co-authors linked beside the first author's link
    ("<article><h1>Storm closes the bridge</h1><p class='story__byline'>By <a href='/profile/fiona' "
     "rel='author'>Fiona MacRae</a> and <a href='/profile/callum' rel='author'>Callum Dunne</a></p>"
     f"{PARAGRAPH}</article>", ["Fiona MacRae", "Callum Dunne"]),
    # a publication after the byline is no second author
    ("<article><h1>A grocery of its own</h1><span class='byline'>by <span class='author vcard'><a class='url "
     "fn n' href='/author/joanna-pfeiffer/'>Joanna Pfeiffer</a></span>, <span class='partner'>The Prairie "
     f"Ledger</span></span>{PARAGRAPH}</article>", ["Joanna Pfeiffer"]),
    # the row under an old layout's headline cell, which was taken for the article
    ("<table><tr><td class='naslov'><h1>Besplatan prevoz za penzionere</h1></td></tr><tr><td class='info'>"
     "Piše: <b>Amra Hodžić</b> | Objavljeno: 26.11.2026. u 10:15</td></tr>"
     f"<tr><td class='tekst'>{PARAGRAPH * 3}</td></tr></table>", ["Amra Hodžić"]),
    # a one-word name in a script without capitals, after a writer label set off by a dash
    ("<main><h1>ငွေကြေးဈေးကွက် အခြေအနေ</h1><div>ရေးသားသူ - <a href='/author/zmh'>ဇော်မင်းထွန်း</a></div>"
     f"<div>{PARAGRAPH}</div></main>", ["ဇော်မင်းထွန်း"]),
])
def test_the_authors_a_page_s_byline_names(body: str, authors: list[str]) -> None:
    assert [a.name for a in parse(body=body).metadata.authors] == authors


def test_a_written_posted_by_line_names_the_author_but_not_inside_an_embedded_post() -> None:
    m = parse(body="<article><h1>Spring fair recap</h1><p>Posted by "
                   "<a href='/blog/author/ravi/'>Ravi Chandran</a> on "
                   f"<time datetime='2024-05-06'>May 6, 2024</time></p>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["Ravi Chandran"]
    embedded = parse(body=f"<article><h1>Rents must stay affordable</h1>{PARAGRAPH}"
                          "<blockquote class='fb-post'><p>Families cannot pay more.</p><p>Posted by "
                          "<a href='https://facebook.example/pr'>Pamela Roe</a> on Sunday, February 6, 2022"
                          "</p>"
                          "</blockquote></article>").metadata
    assert embedded.authors == []


def test_the_author_of_the_book_a_review_is_of_is_not_the_reviews() -> None:
    person = "itemscope itemtype='https://schema.org/Person'"
    m = parse(body="<article itemscope itemtype='https://schema.org/Review'><h1>A quiet novel</h1>"
                   f"<p>Recenzja: <span itemprop='author' {person}><span itemprop='name'>Agnieszka Wróbel"
                   "</span></span></p><div itemprop='itemReviewed' itemscope itemtype='https://schema.org/Book'>"
                   f"<span itemprop='name'>Cisza</span> — <span itemprop='author' {person}>"
                   f"<span itemprop='name'>Marek Zawadzki</span></span></div>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["Agnieszka Wróbel"]


def test_a_row_of_hashtag_links_is_tags_and_one_hashtag_in_a_menu_is_not() -> None:
    row = ("<ul class='kw'>" + "".join(f"<li><a href='/topics/word/{t}.html'>#{t}</a></li>"
                                      for t in ("harbour", "ferries")) + "</ul>")
    m = parse(body=f"<article><h1>Ferries</h1>{PARAGRAPH}{row}</article>").metadata
    assert m.tags == ["harbour", "ferries"]
    menu = ("<ul class='menu'><li><a href='/campaign/'>#radonfree</a></li>"
            "<li><a href='/news/'>News</a></li></ul>")
    m = parse(body=f"{menu}<article><h1>Ferries</h1>{PARAGRAPH}</article>").metadata
    assert m.tags == []


def test_french_and_german_keyword_rows_are_tags() -> None:
    fr = ("<div class='article__mots-cles'><p>Sujets</p><ul><li><a href='/thematiques/littoral/'>Littoral</a>"
          "</li><li><a href='/thematiques/erosion/'>Érosion</a></li></ul></div>")
    m = parse(body=f"<article><h1>La falaise</h1>{PARAGRAPH}{fr}</article>").metadata
    assert m.tags == ["Littoral", "Érosion"]
    de = ("<div class='schlagworte'><a href='/s/hafen'>Hafen</a> <a href='/s/faehre'>Fähre</a></div>")
    m = parse(body=f"<article><h1>Der Hafen</h1>{PARAGRAPH}{de}</article>").metadata
    assert m.tags == ["Hafen", "Fähre"]


def test_the_bylines_link_to_an_authors_page_filed_under_topics_is_no_tag() -> None:
    byline = "<span><a class='authorName' href='/topics/dana_levi'>Dana Levi</a></span>"
    m = parse(body=f"<article><h1>Avocados</h1>{byline}{PARAGRAPH}</article>").metadata
    assert m.tags == []
    assert [a.name for a in m.authors] == ["Dana Levi"]


def test_an_authors_name_only_in_the_items_data_is_the_author() -> None:
    item = ("<article itemscope itemtype='https://schema.org/NewsArticle'><span itemprop='author' itemscope "
            "itemtype='https://schema.org/Person'><meta itemprop='name' content='Narges Ahmadi'></span>"
            f"<h1 itemprop='headline'>Bike lanes</h1>{PARAGRAPH}</article>")
    assert [a.name for a in parse(body=item).metadata.authors] == ["Narges Ahmadi"]


def test_the_headline_keeps_the_pages_quotes_and_dashes_when_the_structured_title_straightens_them() -> None:
    head = "<meta property='og:title' content=\"Mesh at Home: What Changes (and What Doesn't)\">"
    m = parse(head=head, body=f"<article><h1>Mesh at Home: What Changes (and What Doesn’t)</h1>{PARAGRAPH}"
                               "</article>").metadata
    assert m.title == "Mesh at Home: What Changes (and What Doesn’t)"
    head = "<meta property='og:title' content='Mesh at Home: What Changes'>"
    m = parse(head=head, body=f"<article><h1>MESH AT HOME: WHAT CHANGES</h1>{PARAGRAPH}</article>").metadata
    assert m.title == "Mesh at Home: What Changes"  # a headline set in capitals is no better


def test_a_drupal_reporter_field_shown_with_its_label_is_the_byline() -> None:
    field = ("<span class='field field--name-field-reporter field--type-string field--label-inline'>"
             "<span class='field__label'>ዘጋቢ፦</span> <span class='field__item'>ብርሃኑ ተስፋዬ</span></span>")
    m = parse(body=f"<article><h1>Coffee</h1><footer>{field}</footer>{PARAGRAPH}</article>").metadata
    assert [a.name for a in m.authors] == ["ብርሃኑ ተስፋዬ"]


def test_a_row_of_tags_classed_as_navigation_is_the_articles_tags() -> None:
    row = ("<div class='detail__body-tag nav'><span class='nav__label'>Tag</span>"
           "<a class='nav__item' href='/tag/literasi'>literasi</a>"
           "<a class='nav__item' href='/tag/sintang'>sintang</a></div>")
    m = parse(body=f"<article><h1>Perahu</h1>{PARAGRAPH}{row}</article>").metadata
    assert m.tags == ["literasi", "sintang"]


def test_terms_under_a_related_topics_heading_are_tags_and_headlines_under_it_are_not() -> None:
    terms = "".join(f"<li><a href='/tudo-sobre/{t}/'>{t}</a></li>" for t in ("pequi", "cooperativas"))
    m = parse(body=f"<article><h1>Pequi</h1>{PARAGRAPH}</article><div><h3>Assuntos relacionados</h3>"
                   f"<ul>{terms}</ul></div>").metadata
    assert m.tags == ["pequi", "cooperativas"]
    heads = "".join(f"<li><a href='/handel/{n}.html'>Galeria z nowymi najemcami numer {n}</a></li>"
                    for n in (1, 2))
    m = parse(body=f"<article><h1>Handel</h1>{PARAGRAPH}</article><section><h3>Powiązane tematy:</h3>"
                   f"<ul>{heads}</ul></section>").metadata
    assert m.tags == []


def test_a_section_declared_as_one_joined_string_is_the_linked_categories() -> None:
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting", '
            '"headline": "Azores", "articleSection": "Europe, Islands"}</script>')
    cats = ("<span class='cat-links'><a href='/category/europe/' rel='category tag'>Europe</a> | "
            "<a href='/category/islands/' rel='category tag'>Islands</a></span>")
    m = parse(head=head, body=f"<article><h1>Azores</h1>{cats}{PARAGRAPH}</article>").metadata
    assert m.categories == ["Europe", "Islands"]
    head = head.replace("Europe, Islands", "Arts, Culture & Entertainment")
    m = parse(head=head, body=f"<article><h1>Azores</h1>{PARAGRAPH}</article>").metadata
    assert m.categories == ["Arts, Culture & Entertainment"]


def test_the_one_time_of_an_undated_page_dates_it_when_its_box_holds_the_posts_metadata() -> None:
    nav = ("<nav class='md-sidebar'><ul class='md-post__meta'><li><time datetime='2024-05-28 00:00:00'>"
           "May 28, 2024</time></li></ul></nav>")
    m = parse(body=f"{nav}<article><h1>Incremental builds</h1>{PARAGRAPH}</article>").metadata
    assert m.date == datetime(2024, 5, 28)
    comment = ("<ol class='comment-list'><li class='comment'><footer class='comment-meta'><time "
               "datetime='2019-10-19T14:37:24+02:00'>19. Oktober 2019</time></footer><p>Danke!</p></li></ol>")
    m = parse(body=f"<article><h1>Feuerholz</h1>{PARAGRAPH}</article>{comment}").metadata
    assert m.date is None


def test_a_drupal_node_promoted_to_the_front_page_is_the_article_not_a_promo() -> None:
    node = ("<div class='node node-article node-promoted clearfix'><h1>Tafarn</h1><div class='submitted'>"
            "<span class='byline'>Gan <a href='/awdur/osian-wyn-evans'>Osian Wyn Evans</a></span></div>"
            f"{PARAGRAPH}</div>")
    article = parse(body=node)
    assert [a.name for a in article.metadata.authors] == ["Osian Wyn Evans"]
    assert "agreed the plan" in article.body_text
