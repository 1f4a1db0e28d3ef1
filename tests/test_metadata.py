"""Metadata extraction: titles, dates, authors, taxonomy, summaries, images, site and language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from crawler.kernel.model import Metadata
from crawler.parsers import parse_article
from crawler.parsers.metadata import extract_metadata, normalize_language
from crawler.parsers.names import clean_name, split_byline
from crawler.parsers.structured import parse_jsonld

URL = "http://beta.news.test:18080/inside-year-particular/"


def extract(html: str, url: str = URL) -> Metadata:
    return extract_metadata(lxml.html.document_fromstring(html), url)


def page(head: str = "", body: str = "", html_attrs: str = "") -> str:
    return (f"<!DOCTYPE html><html {html_attrs}><head><meta charset='utf-8'>{head}</head>"
            f"<body>{body}</body></html>")


# A Hexo (landscape theme) post: the site owner in article:author, the author avatar first among the
# og:images, the real author in a heading after an avatar image, tags in meta and in the footer.
HEXO_POST = page(
    head="""
<title>[Updated] Inside “Year Particular”: Incubate Proactive Relationships | Beta News</title>
<meta name="description" content="Office career hair since rock care new event find behind.">
<meta property="og:type" content="article">
<meta property="og:title" content="[Updated] Inside “Year Particular”: Incubate Proactive Relationships">
<meta property="og:url" content="http://beta.news.test:18080/inside-year-particular/index.html">
<meta property="og:site_name" content="Beta News">
<meta property="og:description" content="Office career hair since rock care new event find behind.">
<meta property="og:locale" content="en_US">
<meta property="og:image" content="https://avatars.news-cdn.example/melissa-taylor/s250-c-k/photo.jpg">
<meta property="og:image" content="https://img.news-cdn.example/article-images/profit-focused.jpg">
<meta property="article:published_time" content="2024-08-26T14:50:33.898Z">
<meta property="article:modified_time" content="2024-09-08T17:31:35.898Z">
<meta property="article:author" content="Beta News Editorial">
<meta property="article:tag" content="card-well">
<meta property="article:tag" content="improve">
<meta name="twitter:image" content="https://avatars.news-cdn.example/melissa-taylor/s250-c-k/photo.jpg">
""",
    body="""
<header id="header"><h1 id="logo-wrap"><a href="/" id="logo">Beta News</a></h1></header>
<section id="main"><article id="post-inside-year-particular" class="h-entry article article-type-post"
  itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
 <div class="article-meta">
  <a href="/inside-year-particular/" class="article-date">
   <time class="dt-published" datetime="2024-08-26T14:50:33.898Z"
    itemprop="datePublished">2024-08-26</time></a>
  <div class="article-category">
   <a class="article-category-link" href="/categories/garden/">garden</a>
   <a class="article-category-link" href="/categories/garden/cost/">cost</a>
  </div>
 </div>
 <div class="article-inner">
  <header class="article-header">
   <h1 class="p-name article-title" itemprop="headline name">
     [Updated] Inside “Year Particular”: Incubate Proactive Relationships</h1>
  </header>
  <div class="e-content article-entry" itemprop="articleBody">
   <h2 id="Agreement-writer">Agreement writer</h2>
   <p><img src="https://avatars.news-cdn.example/melissa-taylor/s250-c-k/photo.jpg" alt="author avatar"></p>
   <h5 id="Melissa-Taylor">Melissa Taylor</h5><p> Aug 26, 2024• Step-by-step guide</p>
   <p>Environmental medical could chair friend.</p>
   <p><img src="https://img.news-cdn.example/article-images/profit-focused.jpg" alt="profit-focused"></p>
   <p><span>Also read:</span></p>
   <ul><li><a href="http://alpha.news.test:18080/other/">Other post</a></li></ul>
  </div>
  <footer class="article-footer">
   <ul class="article-tag-list" itemprop="keywords">
    <li><a class="article-tag-list-link" href="/tags/card-well/" rel="tag">card-well</a></li>
    <li><a class="article-tag-list-link" href="/tags/improve/" rel="tag">improve</a></li>
   </ul>
  </footer>
 </div>
 <nav id="article-nav"><a href="/newer/" class="article-nav-link-wrap">Newer post</a></nav>
</article></section>
<aside id="sidebar"><div class="widget-wrap"><h3 class="widget-title">Tags</h3>
 <ul class="tag-list"><li><a class="tag-list-link" href="/tags/zzz/">zzz</a></li></ul>
 <ul class="category-list"><li><a class="category-list-link" href="/categories/fish/">fish</a></li></ul>
</div></aside>
""")


def test_hexo_post_all_fields() -> None:
    m = extract(HEXO_POST)
    assert m.title == "[Updated] Inside “Year Particular”: Incubate Proactive Relationships"
    assert m.date == datetime(2024, 8, 26, 14, 50, 33, 898000, tzinfo=UTC)
    assert m.updated == datetime(2024, 9, 8, 17, 31, 35, 898000, tzinfo=UTC)
    assert [a.name for a in m.authors] == ["Melissa Taylor"]
    assert m.authors[0].avatar == "https://avatars.news-cdn.example/melissa-taylor/s250-c-k/photo.jpg"
    assert m.tags == ["card-well", "improve"]
    assert m.categories == ["garden", "cost"]
    assert m.description == "Office career hair since rock care new event find behind."
    assert m.excerpt == m.description
    assert m.thumbnail == "https://img.news-cdn.example/article-images/profit-focused.jpg"
    assert m.canonical_url == "http://beta.news.test:18080/inside-year-particular/index.html"
    assert m.site_name == "Beta News"
    assert m.language == "en-US"
    assert m.page_type == "article"


def test_extraction_leaves_the_tree_untouched() -> None:
    doc = lxml.html.document_fromstring(HEXO_POST)
    before = lxml.html.tostring(doc)
    extract_metadata(doc, URL)
    assert lxml.html.tostring(doc) == before


def test_tags_come_from_the_article_footer_when_meta_has_none() -> None:
    html = HEXO_POST.replace('<meta property="article:tag" content="card-well">', "").replace(
        '<meta property="article:tag" content="improve">', "")
    assert extract(html).tags == ["card-well", "improve"]  # sidebar tag cloud ignored


def test_a_byline_in_other_words_and_not_a_teaser_cards() -> None:
    byline = ('<div class="szerzo"><span class="szerzo-cimke">Szerző:</span> <a href="/szerzo/kp">Kovács '
              'Péter</a> és <a href="/szerzo/ne">Nagy Eszter</a></div>')
    card = ('<aside><a href="/2024/05/another-story-of-the-day"><h3>Another story of the day</h3>'
            '<span class="author">von Anna Dunst</span></a></aside>')
    body = "<article><h1>Headline</h1>{}<p>Text of the article, long enough to be one.</p></article>"
    assert [a.name for a in extract(page(body=body.format(byline) + card)).authors] == [
        "Kovács Péter", "Nagy Eszter"]
    assert extract(page(body=body.format("") + card)).authors == []
    # a byline in its author's own link is no teaser
    own = '<a href="/autor/anna-dunst"><span class="author">von Anna Dunst</span></a>'
    assert [a.name for a in extract(page(body=body.format(own))).authors] == ["Anna Dunst"]


def test_microdata_naming_two_authors_in_one_name_gives_both() -> None:
    byline = ('<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">'
              '<a href="/author/sofia/">Sofia Navarro</a> and <a href="/author/ben/">Ben Hartley</a>'
              "</span></div>")
    m = extract(page(body=f"<article><h1>Farmland goes solar</h1>{byline}<p>Text.</p></article>"))
    site = URL.split("/inside")[0]
    assert [(a.name, a.url) for a in m.authors] == [("Sofia Navarro", f"{site}/author/sofia/"),
                                                    ("Ben Hartley", f"{site}/author/ben/")]


def test_a_company_and_its_seat_in_the_author_meta_is_the_company() -> None:
    head = '<meta name="author" content="Example Zeitung GmbH, Munich, Germany">'
    assert [a.name for a in extract(page(head=head, body="<p>Text.</p>")).authors] == ["Example Zeitung GmbH"]


def test_a_numeric_date_reads_in_the_order_of_the_page_language() -> None:
    head = '<meta property="article:published_time" content="08/10/2024 07:45">'
    body = "<article><h1>Headline</h1><p>Text.</p></article>"
    assert extract(page(head=head, body=body, html_attrs='lang="pt-PT"')).date == datetime(2024, 10, 8, 7, 45)
    assert extract(page(head=head, body=body, html_attrs='lang="en-US"')).date == datetime(2024, 8, 10, 7, 45)
    # a CMS that writes its meta month first on a German page that shows the day: the page decides
    head = '<meta name="date" content="11/01/2023 12:43:42">'
    shown = body.replace("</article>", "</article><p>Erstellt am: 01.11.2023</p>")
    german = 'lang="de"'
    assert extract(page(head=head, body=shown, html_attrs=german)).date == datetime(2023, 11, 1, 12, 43, 42)
    assert extract(page(head=head, body=body, html_attrs=german)).date == datetime(2023, 1, 11, 12, 43, 42)


def test_a_hebrew_byline_with_dates_of_two_digit_years() -> None:
    meta = ('<div class="meta"><span class="byline">מאת יוסי כהן ודנה לוי</span>'
            '<span class="d">30.05.24 | 07:12</span><span class="x">עודכן: 30.05.24 | 09:45</span></div>')
    m = extract(page(body=f"<article><h1>כותרת הכתבה</h1>{meta}<p>טקסט הכתבה.</p></article>",
                     html_attrs='lang="he" dir="rtl"'))
    assert (m.date, m.updated) == (datetime(2024, 5, 30, 7, 12), datetime(2024, 5, 30, 9, 45))
    assert [a.name for a in m.authors] == ["יוסי כהן", "דנה לוי"]


def test_an_update_shown_without_a_zone_is_in_the_zone_of_the_published_time() -> None:
    meta = ('<div class="meta"><time datetime="2024-06-02T07:45:00+07:00">2 June 2024, 07:45</time>'
            '<span class="modified">Updated 2 June 2024, 11:20</span></div>')
    m = extract(page(body=f"<article><h1>Monsoon arrives early</h1>{meta}<p>Text.</p></article>"))
    tz = timezone(timedelta(hours=7))
    assert m.date == datetime(2024, 6, 2, 7, 45, tzinfo=tz)
    assert m.updated == datetime(2024, 6, 2, 11, 20, tzinfo=tz)


def test_a_date_line_in_other_words_and_not_a_comment_s() -> None:
    body = ('<article><h1>Novos autocarros</h1><span class="data">Publicado a 8 de outubro de 2024 às 07:45'
            '</span><p>Text of the article.</p></article><div id="comentarios"><div class="comentario">José '
            '<span class="comentario-data">07/10/2024 09:21</span> Bom.</div></div>')
    assert extract(page(body=body, html_attrs='lang="pt-PT"')).date == datetime(2024, 10, 8, 7, 45)
    line = '<span class="data">Publicado a 8 de outubro de 2024 às 07:45</span>'
    assert extract(page(body=body.replace(line, ""), html_attrs='lang="pt-PT"')).date is None


POST = ("<article><h1>Council weighs a congestion charge</h1><p>Drivers entering downtown could pay "
        "$8 a day under a proposal the council took up on Tuesday.</p></article>")


def test_a_site_that_files_its_authors_as_tags_keeps_them_out_of_the_tags() -> None:
    byline = ('<div class="author">Penulis: <a href="/tag/andi-pratama">Andi Pratama</a> dan '
              '<a href="/tag/siti-rahmawati">Siti Rahmawati</a></div>')
    tags = ('<div class="tag-list"><a href="/tag/harga-cabai">harga cabai</a> '
            '<a href="/tag/inflasi">inflasi</a></div>')
    m = extract(page(body=f"<article><h1>Harga cabai naik</h1>{byline}<p>Text.</p>{tags}</article>"))
    assert [a.name for a in m.authors] == ["Andi Pratama", "Siti Rahmawati"]
    assert m.tags == ["harga cabai", "inflasi"]


def test_a_row_that_begins_with_the_declared_tags_gives_them_all() -> None:
    head = '<meta property="article:tag" content="Heritage"><meta property="article:tag" content="Craft">'
    row = ('<div class="tag-links"><a rel="tag" href="/tag/heritage/">Heritage</a><a rel="tag" href="/tag/'
           'craft/">Craft</a><a rel="tag" href="/tag/volunteering/">Volunteering</a></div>')
    trending = ('<div class="trending"><a href="/tag/air-fryer/">Air Fryer</a><a href="/tag/microsoft/">'
                'Microsoft</a><a href="/tag/heritage/">Heritage</a></div>')
    body = "<article><h1>The keepers of the tower clocks</h1><p>Text.</p>{}</article>"
    assert extract(page(head=head, body=body.format(row))).tags == ["Heritage", "Craft", "Volunteering"]
    # the declared tags inside a longer list of other topics: the declaration stands
    assert extract(page(head=head, body=body.format(trending))).tags == ["Heritage", "Craft"]


def test_a_section_list_written_with_commas_beside_a_meta_naming_the_first() -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting", '
          '"headline": "Blight", "articleSection": "Vegetables, Plant Problems &amp; Pests"}</script>')
    head = '<meta property="article:section" content="Vegetables">' + ld
    sections = extract(page(head=head, body="<p>Text.</p>")).categories
    assert sections == ["Vegetables", "Plant Problems & Pests"]
    # without a meta that names a part, a comma may belong to the section's own name
    assert extract(page(head=ld, body="<p>Text.</p>")).categories == ["Vegetables, Plant Problems & Pests"]


def test_tags_of_a_row_right_after_the_article() -> None:
    topics = ('<div class="pl-topics"><span>Topics:</span> <a href="/topic/congestion-pricing/">Congestion '
              'pricing</a> <a href="/topic/city-council/">City Council</a></div>')
    assert extract(page(body=POST + "<script>var x;</script>" + topics)).tags == [
        "Congestion pricing", "City Council"]
    # a list of teasers after the article, each with its topic, is no row of the post's terms
    cards = "".join(f'<div class="card"><a href="/topic/t{n}/">Topic {n}</a><a href="/2024/story-{n}/">'
                    f"Story number {n} of the day, with a headline long enough</a></div>" for n in range(12))
    assert extract(page(body=POST + f'<div class="more">{cards}</div>')).tags == []


@pytest.mark.parametrize("html", [
    page(),
    "<html></html>",
    "<p>just a fragment</p>",
    page(head="<script type='application/ld+json'>{ not json at all</script><meta name='author' content=''>"),
])
def test_missing_everything_gives_empty_metadata(html: str) -> None:
    m = extract(html)
    assert m.title is None and m.date is None and m.updated is None
    assert m.authors == [] and m.tags == [] and m.categories == [] and m.keywords == []
    assert m.description is None and m.excerpt is None and m.thumbnail is None
    assert m.canonical_url is None and m.site_name is None


# ---- titles -------------------------------------------------------------------------------------

@pytest.mark.parametrize("title_tag,site,expected", [
    ("Vision Pro hands-on | The Verge", "The Verge", "Vision Pro hands-on"),
    ("The Verge — Vision Pro hands-on", "The Verge", "Vision Pro hands-on"),
    ("Vision Pro hands-on - World news | The Verge", "The Verge", "Vision Pro hands-on - World news"),
    ("Batman - The Dark Knight", "Movie Reviews", "Batman - The Dark Knight"),
    ("Q&A: Why #hashtags matter - “quotes” & ünïcödé | Movie Reviews", "Movie Reviews",
     "Q&A: Why #hashtags matter - “quotes” & ünïcödé"),
])
def test_site_name_is_stripped_only_when_it_is_the_site(title_tag: str, site: str, expected: str) -> None:
    m = extract(page(head=f"<title>{title_tag}</title><meta property='og:site_name' content='{site}'>"),
                url="https://reviews.example.org/post/")
    assert m.title == expected
    assert m.site_name == site


def test_host_name_segment_is_a_site_name() -> None:
    m = extract(page(head="<title>United States to Lift Sudan Sanctions - NYTimes.com</title>"),
                url="https://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html")
    assert m.title == "United States to Lift Sudan Sanctions"
    assert m.site_name == "NYTimes.com"


def test_what_title_tag_adds_to_og_title_is_the_site_name() -> None:
    m = extract(page(head="<title>Colons: a history | Punctuation Weekly</title>"
                          "<meta property='og:title' content='Colons: a history'>"))
    assert m.title == "Colons: a history"
    assert m.site_name == "Punctuation Weekly"


def test_what_every_title_adds_to_the_headline_is_the_site_name() -> None:
    title = "Quiver 3.0: Incremental Builds and Faster Cold Starts | Quiver"
    head = f"<title>{title}</title><meta property='og:title' content='{title}'>"
    body = "<article><h1>Quiver 3.0: Incremental Builds and Faster Cold Starts</h1><p>Text.</p></article>"
    m = extract(page(head=head, body=body))
    assert (m.title, m.site_name) == ("Quiver 3.0: Incremental Builds and Faster Cold Starts", "Quiver")
    # a blog's name as the headline leaves the post's title in <title>: that is no site name
    head = "<title>Quiet Kilowatts | Why our heat pump hums at night</title>"
    m = extract(page(head=head, body="<h1>Quiet Kilowatts</h1><div><p>Text.</p></div>"))
    assert m.site_name is None  # the tail rule names no site here (the post's title is longer)


def test_title_entities_are_unescaped_and_whitespace_normalised() -> None:
    m = extract(page(head="<meta property='og:title' content='Tom &amp;amp; Jerry:\n  &quot;Round&quot; 2'>"))
    assert m.title == 'Tom & Jerry: "Round" 2'


def test_on_page_headline_decides_between_disagreeing_structured_titles() -> None:
    ld = '{"@context": "https://schema.org", "@type": "Article", "headline": "constitutional monarchy",' \
         ' "name": "New Zealand"}'
    html = page(head=f"<title>New Zealand - Wikipedia</title>"
                     f"<script type='application/ld+json'>{ld}</script>",
                body="<h1 id='firstHeading'>New Zealand</h1><p>Text</p>")
    assert extract(html).title == "New Zealand"


def test_headline_used_when_there_is_no_structured_title() -> None:
    html = page(head="<title>My Blog</title><meta name='application-name' content='My Blog'>",
                body="<article><h1>The real post title</h1><p>Body</p></article>")
    assert extract(html).title == "The real post title"


def test_site_logo_h1_never_becomes_the_title() -> None:
    html = page(head="<title>Post about things | My Blog</title>"
                     "<meta property='og:site_name' content='My Blog'>",
                body="<h1>My Blog</h1><div><p>Body</p></div>")
    assert extract(html).title == "Post about things"


# ---- JSON-LD ------------------------------------------------------------------------------------

GRAPH = """{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://ex.example/#site", "name": "Example Times"},
  {"@type": "Organization", "@id": "https://ex.example/#org", "name": "Example Times"},
  {"@type": "Person", "@id": "https://ex.example/#jane", "name": "Jane Doe",
   "url": "https://ex.example/authors/jane", "image": {"@type": "ImageObject", "url": "/a/jane.jpg"}},
  {"@type": ["NewsArticle"], "headline": "Graph headline", "datePublished": "2023-07-30T09:15:00+02:00",
   "dateModified": "2023-07-31T10:00:00+02:00", "author": [{"@id": "https://ex.example/#jane"},
   {"@type": "Organization", "name": "Example Times"}], "publisher": {"@id": "https://ex.example/#org"},
   "keywords": ["alpha", "beta"], "articleSection": "Science", "image": ["/img/lead.jpg"],
   "abstract": "A short abstract.", "inLanguage": "de-DE"},
]}"""


def test_jsonld_graph_with_references_and_a_trailing_comma() -> None:
    m = extract(page(head=f"<script type='application/ld+json'>{GRAPH}</script>"),
                url="https://ex.example/news/graph.html")
    assert m.title == "Graph headline"
    assert m.date == datetime(2023, 7, 30, 9, 15, tzinfo=timezone(timedelta(hours=2)))
    assert m.updated == datetime(2023, 7, 31, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert [(a.name, a.url, a.avatar) for a in m.authors] == [
        ("Jane Doe", "https://ex.example/authors/jane", "https://ex.example/a/jane.jpg")]
    assert m.site_name == "Example Times"
    assert m.tags == ["alpha", "beta"]
    assert m.categories == ["Science"]
    assert m.excerpt == "A short abstract."
    assert m.thumbnail == "https://ex.example/img/lead.jpg"
    assert m.language == "de-DE"
    assert m.page_type == "newsarticle"


def test_jsonld_parser_tolerates_arrays_comments_and_concatenated_objects() -> None:
    texts = ['<!-- [{"@type": "WebSite", "name": "S"}, {"@type": "BlogPosting", "headline": "H"}] -->',
             '{"@type": "Person", "name": "P"}{"@type": "Thing"}', "{broken", ""]
    ld = parse_jsonld(texts, "http://x.example/")
    assert ld.article is not None and ld.article["headline"] == "H"
    assert ld.website is not None and ld.website["name"] == "S"
    assert len(ld.nodes) == 4


def test_a_podcast_episode_is_the_pages_own_work() -> None:
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "Episodes"}, '
          '{"@type": "PodcastEpisode", "name": "Ep. 4: Tides", "datePublished": "2024-06-04", '
          '"author": {"@type": "Person", "name": "Ruth Adeyemi"}, "partOfSeries": {"@type": "PodcastSeries", '
          '"name": "The Long Game"}}]}')
    m = extract(page(head=f"<script type='application/ld+json'>{ld}</script>"))
    assert [a.name for a in m.authors] == ["Ruth Adeyemi"]
    assert m.date is not None and m.date.isoformat().startswith("2024-06-04")


def test_broken_jsonld_falls_back_to_meta_tags() -> None:
    html = page(head="<script type='application/ld+json'>{\"@type\": \"Article\", \"headline\": </script>"
                     "<meta property='og:title' content='From meta'>"
                     "<meta property='article:published_time' content='2022-01-02T03:04:05Z'>")
    m = extract(html)
    assert m.title == "From meta"
    assert m.date == datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)


# ---- authors ------------------------------------------------------------------------------------

def test_byline_with_two_authors_role_and_date() -> None:
    html = page(body="<article><h1>T</h1><p class='byline'>By <a href='/u/jane'>Jane Doe</a> and "
                     "John Roe, Staff Writers | July 30, 2023</p><p>Body</p></article>")
    m = extract(html)
    assert [a.name for a in m.authors] == ["Jane Doe", "John Roe"]
    assert m.authors[0].url == "http://beta.news.test:18080/u/jane"
    assert m.date == datetime(2023, 7, 30)  # last resort: the date written in the byline


def test_site_like_meta_author_loses_to_visible_byline() -> None:
    html = page(head="<meta property='og:site_name' content='Daily Planet'>"
                     "<meta name='author' content='Daily Planet Staff'>",
                body="<article><h1>T</h1><span class='author-name'>Lois Lane</span></article>")
    assert [a.name for a in extract(html).authors] == ["Lois Lane"]


def test_structured_person_beats_visible_byline_and_publisher_org_is_skipped() -> None:
    ld = '{"@type": "Article", "author": [{"@type": "Organization", "name": "Daily Planet"},' \
         ' {"@type": "Person", "name": "Clark Kent"}],' \
         ' "publisher": {"@type": "Organization", "name": "Daily Planet"}}'
    html = page(head=f"<script type='application/ld+json'>{ld}</script>",
                body="<article><span class='byline'>By Someone Else</span></article>")
    assert [a.name for a in extract(html).authors] == ["Clark Kent"]


def test_co_authors_the_structured_data_leaves_out_come_from_the_byline() -> None:
    ld = '{"@type": "BlogPosting", "author": {"@type": "Person", "name": "Ines Okafor"}}'
    byline = ("<div class='article-byline'><a href='/author/ines/'>Ines Okafor</a>, "
              "<a href='/author/walt/'>Walt Brennan</a></div>")
    html = page(head=f"<script type='application/ld+json'>{ld}</script>",
                body=f"<article><h1>T</h1>{byline}<p>Body</p></article>")
    assert [a.name for a in extract(html).authors] == ["Ines Okafor", "Walt Brennan"]
    # a byline naming someone else besides (a photographer, a desk) does not replace the person
    photo = "<div class='byline'>Ines Okafor, Photo Desk</div>"
    html = page(head=f"<script type='application/ld+json'>{ld}</script>",
                body=f"<article><h1>T</h1>{photo}<p>Body</p></article>")
    assert [a.name for a in extract(html).authors] == ["Ines Okafor"]


@pytest.mark.parametrize("line, names", [
    ("<p class='tracked'>\n By <strong>Dana Whitcombe</strong>\n</p>", ["Dana Whitcombe"]),
    ("<span>By <span><a href='/user/7' class='username'>Maja Lindqvist</a></span>, "
     "<time datetime='2024-04-09'>9 April, 2024</time></span>", ["Maja Lindqvist"]),
    ("<p>Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz</p>",
     ["Volkmar Kabisch", "Jan Lukas Strozyk", "Benedikt Strunz"]),
    ("<p>By Nada Tawfik, BBC News, New York</p>", ["Nada Tawfik"]),
    # not bylines: a headline, a sentence, a shouted label
    ("<p>Von der Wärmemessung zur Echtzeit-Energiedienstleistung</p>", []),
    ("<p>By 2030 the city wants twice as many trams.</p>", []),
    ("<p>By the way, the ferry is late.</p>", []),
    ("<p>By PUBLIC VOICE</p>", []),
    # the byline opening a longer sentence: a starter blog's bio; "Written by:" on a line of its own
    ("<p>Written by <strong>Tobias Lindqvist</strong> who lives and gardens just outside Uppsala and "
     "writes software when it rains, far from any office. <a href='https://x.test/t'>Follow him</a></p>",
     ["Tobias Lindqvist"]),
    ("<p><em>Written by: <a href='https://other.test/63537/x'>Julie Mollins</a></em></p>", ["Julie Mollins"]),
    # not one: "by" inside a sentence, before a linked name
    ("<p>It began as a branch of the <a href='/wiki/Mozilla'>Mozilla codebase</a> by "
     "<a href='/wiki/Dave_Hyatt'>Dave Hyatt</a>, Joe Hewitt and Blake Ross, who wanted a leaner browser "
     "than the suite it came from, and who kept it small for years.</p>", []),
])
def test_a_byline_written_out_in_words_names_the_authors(line: str, names: list[str]) -> None:
    html = page(head="<meta property='og:site_name' content='BBC News'>",
                body=f"<article><h1>A headline</h1>{line}<p>Body text of the article.</p></article>")
    assert [a.name for a in extract(html).authors] == names


def test_comment_authors_and_sidebar_bylines_are_ignored() -> None:
    html = page(head="<meta name='author' content='Ada Lovelace'>",
                body="<article><h1>T</h1><p>Body</p></article>"
                     "<section id='comments'><div class='comment'><span class='comment-author'>Troll Person"
                     "</span></div></section>"
                     "<aside class='sidebar'><span class='author'>Other Writer</span></aside>")
    assert [a.name for a in extract(html).authors] == ["Ada Lovelace"]


def test_headings_whose_id_comes_from_their_text_are_not_bylines() -> None:
    html = page(head="<meta name='author' content='Grace Hopper'>",
                body="<article><h1>T</h1><h2 id='Authority-writer'>Authority writer</h2></article>")
    assert [a.name for a in extract(html).authors] == ["Grace Hopper"]


def test_editorial_account_is_kept_only_when_nothing_better_exists() -> None:
    html = page(head="<meta property='article:author' content='Beta News Editorial'>")
    assert [a.name for a in extract(html).authors] == ["Beta News Editorial"]


def test_article_author_url_is_not_a_name() -> None:
    html = page(head="<meta property='article:author' content='https://www.facebook.com/someone'>")
    assert extract(html).authors == []


@pytest.mark.parametrize("text,names", [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Written by Rob Ewaschuk\n Edited by Betsy Beyer", ["Rob Ewaschuk"]),
    ("By Brenda Goodman, MA\n WebMD Health News", ["Brenda Goodman"]),
    ("July 30, 2023 by Jane Doe", ["Jane Doe"]),
    ("Par Sébastien Farcis", ["Sébastien Farcis"]),
    ("Jane Doe for The Guardian", ["Jane Doe"]),
    ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
    ("作者：肖春芳", ["肖春芳"]),
    ("本文作者： 许木", ["许木"]),
    ("Words and photographs by Isla Drummond", ["Isla Drummond"]),
    ("By Ricky Villanueva Jr.", ["Ricky Villanueva Jr."]),  # the suffix keeps its period
    ("Kimberly Hall MD", ["Kimberly Hall MD"]),
    ("Last Updated: January 7, 2025", []),
    ("admin", []),
    ("Portrait by George Del Barrio", []),
    ("the quick brown fox jumps", []),
    ("https://example.com/jane", []),
    ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
    ("Von Miller", ["Von Miller"]),  # one name: a surname, not "by"
    ("di Mario Rossi", ["Mario Rossi"]),
    ("Di Maio", ["Di Maio"]),
    ("door Jan de Vries en Piet Jansen", ["Jan de Vries", "Piet Jansen"]),
    ("Texto: Ana López", ["Ana López"]),
    ("Texte : Marie Curie", ["Marie Curie"]),
    ("Interview by Tom Reyes", ["Tom Reyes"]),
    ("نویسنده: سارا رضایی", ["سارا رضایی"]),
    ("ผู้เขียน: ณัฐพล ศรีสุข", ["ณัฐพล ศรีสุข"]),
    ("Penulis: Rizky Pratama", ["Rizky Pratama"]),
    ("Szerző: Kovács Bence", ["Kovács Bence"]),
    ("김민준 기자", ["김민준"]), ("이서연 특파원 seoyeon@news.example", ["이서연"]),
    ("Haber: Elif Demir", ["Elif Demir"]), ("Muhabir: Ali Yıldız", ["Ali Yıldız"]),
    # a job title after a name and a comma is no second author; a second name is
    ("Posted by Dana Whitcombe, Events Coordinator -", ["Dana Whitcombe"]),
    ("By Ana Lee, Senior Research Scientist, and Bo Kim", ["Ana Lee", "Bo Kim"]),
    ("Jane Doe, Mark Lead", ["Jane Doe", "Mark Lead"]),
    ("Jenna Ruiz Chief Meteorologist", ["Jenna Ruiz"]),
    ("Celeste Marlowe, Resident Astrologer", ["Celeste Marlowe"]),
    ("Rachel Kim, University Communications", ["Rachel Kim"]),
    # "author" in Azerbaijani, Georgian (a script whose names have no capitals), Armenian (its colon
    # "՝"), Bengali and Serbian; a place after the names is where the story was written
    ("Müəllif: Leyla Hüseynova", ["Leyla Hüseynova"]), ("ავტორი: ნინო ბერიძე", ["ნინო ბერიძე"]),
    ("Հեղինակ՝ Անի Մարտիրոսյան", ["Անի Մարտիրոսյան"]), ("প্রতিবেদক: আব্দুল মালেক, রাজশাহী", ["আব্দুল মালেক"]),
    ("Autori: Marko Petrović i Jelena Stanković", ["Marko Petrović", "Jelena Stanković"]),
    ("Von Markus Balser, Berlin", ["Markus Balser"]), ("김민준, 이서연", ["김민준", "이서연"]),
    # "and" of Romanian, Ukrainian, Hungarian, Indonesian, Vietnamese, Thai and Hebrew bylines
    ("de Andreea Pop și Mihai Crișan", ["Andreea Pop", "Mihai Crișan"]),
    ("Олена Коваль та Ірина Бойко", ["Олена Коваль", "Ірина Бойко"]),
    ("Kovács Péter és Nagy Eszter", ["Kovács Péter", "Nagy Eszter"]),
    ("Andi Pratama dan Siti Rahmawati", ["Andi Pratama", "Siti Rahmawati"]),
    ("Nguyễn Văn An và Trần Thị Bình", ["Nguyễn Văn An", "Trần Thị Bình"]),
    ("โดย ณัฐวุฒิ ศรีสุข และ พิมพ์ชนก แก้วมณี", ["ณัฐวุฒิ ศรีสุข", "พิมพ์ชนก แก้วมณี"]),
    ("מאת יוסי כהן ודנה לוי", ["יוסי כהן", "דנה לוי"]), ("ורד כהן", ["ורד כהן"]),
    ("de la Cruz", ["de la Cruz"]),
    # a line that only says "and" between two names joins them
    ("By Jane Roe\nand\nJohn Poe", ["Jane Roe", "John Poe"]),
    # a phrase in a byline's place: a word split off it is no name
    ("#Krótko o przepisach prawa w Nowej Zelandii i Polsce", []),
])
def test_split_byline(text: str, names: list[str]) -> None:
    assert split_byline(text) == names


@pytest.mark.parametrize("text", ["admin", "Staff Writer", "@jane", "jane@example.com", "July 30, 2023",
                                  "One Two Three Four Five Six Seven", "Share", "",
                                  "Letters To The Editor", "Notes From The Field"])
def test_clean_name_rejects_non_names(text: str) -> None:
    assert clean_name(text) is None


@pytest.mark.parametrize("text", ["Andrea To", "Min-jun In", "Jane Roe"])
def test_clean_name_keeps_names_with_a_word_that_is_also_a_small_word(text: str) -> None:
    assert clean_name(text) == text


# ---- dates --------------------------------------------------------------------------------------

def test_updated_earlier_than_published_is_dropped() -> None:
    html = page(head="<meta property='article:published_time' content='2023-07-30T10:00:00Z'>"
                     "<meta property='article:modified_time' content='2023-07-29T10:00:00Z'>")
    m = extract(html)
    assert m.date == datetime(2023, 7, 30, 10, tzinfo=UTC)
    assert m.updated is None


def test_time_elements_inside_the_article_by_class() -> None:
    html = page(body="<aside class='sidebar'><time datetime='2001-01-01'>old</time></aside>"
                     "<article><h1>T</h1><time class='updated' datetime='2023-08-01T08:00'>Aug 1</time>"
                     "<time class='entry-date published' datetime='2023-07-30T08:00'>Jul 30</time></article>")
    m = extract(html)
    assert m.date == datetime(2023, 7, 30, 8, 0)
    assert m.updated == datetime(2023, 8, 1, 8, 0)


def test_dublin_core_and_parsely_dates() -> None:
    dc = extract(page(head="<meta name='DC.date.issued' content='2020-02-03'>"))
    assert dc.date == datetime(2020, 2, 3)
    parsely = '{"title": "T", "pub_date": "2024-04-20T04:20:00Z", "author": "Jane Doe"}'
    m = extract(page(head=f"<meta name='parsely-page' content='{parsely}'>"))
    assert m.date == datetime(2024, 4, 20, 4, 20, tzinfo=UTC)
    assert [a.name for a in m.authors] == ["Jane Doe"]


# ---- taxonomy, summaries, images ---------------------------------------------------------------

def test_wordpress_category_and_tag_links() -> None:
    html = page(body="""<article class="post category-news tag-jobs"><h1>T</h1>
      <div class="entry-content"><p>See <a href="https://other.example/report">the report</a>.</p></div>
      <footer><span class="cat-links"><a href="/category/news/" rel="category tag">News</a></span>
      <span class="tags-links"><a href="/tag/jobs/" rel="tag">jobs</a>,
      <a href="/tag/jobs/" rel="tag">Jobs</a> <a href="/tag/php/" rel="tag">#php</a></span>
      </footer></article>""")
    m = extract(html)
    assert m.categories == ["News"]
    assert m.tags == ["jobs", "php"]


def post_with_footer(footer: str) -> str:
    """A page whose article ends with ``footer``."""
    return page(body=f"<article><h1>T</h1><p>Body text.</p><footer>{footer}</footer></article>")


def test_microformats_term_links_are_told_apart_by_their_archive_hrefs() -> None:
    """Minimal Mistakes marks tag and category links alike with ``p-category`` and ``rel=tag``."""
    html = page(body="""<article class="h-entry"><h1>T</h1><p>Body text.</p><footer>
      <p class="page__taxonomy"><strong>Tags: </strong><span itemprop="keywords">
       <a href="/tags/#pytest" class="page__taxonomy-item p-category" rel="tag">pytest</a>,
       <a href="/tags/#python" class="page__taxonomy-item p-category" rel="tag">python</a></span></p>
      <p class="page__taxonomy"><strong>Categories: </strong><span itemprop="keywords">
       <a href="/categories/#python" class="page__taxonomy-item p-category" rel="tag">Python</a></span></p>
      </footer></article>""")
    m = extract(html)
    assert m.tags == ["pytest", "python"]
    assert m.categories == ["Python"]


@pytest.mark.parametrize(("href", "kind"), [
    ("/tag/gardening/", "tags"), ("/tags/gardening", "tags"), ("/tags/#gardening", "tags"),
    ("/tags#gardening", "tags"), ("/tags.html#gardening", "tags"),
    ("https://www.news.test/blog/tag/gardening/", "tags"),  # absolute, on the page's own site
    ("/category/gardening/", "categories"), ("/categories/garden/tools/", "categories"),
    ("/categories/#gardening", "categories"), ("/categories.html#gardening", "categories"),
])
def test_an_archive_href_names_the_kind_of_its_link(href: str, kind: str) -> None:
    m = extract(post_with_footer(f"<a href='{href}'>Gardening</a>"))
    assert getattr(m, kind) == ["Gardening"]
    assert getattr(m, "categories" if kind == "tags" else "tags") == []


@pytest.mark.parametrize("href", ["https://www.instagram.com/explore/tags/gardening/",
                                  "//ex.example/category/gardening/"])
def test_a_term_link_to_another_site_is_no_term(href: str) -> None:
    m = extract(post_with_footer(f"<a href='{href}'>Gardening</a>"))
    assert m.tags == [] and m.categories == []


@pytest.mark.parametrize("href", ["/tags/", "/categories/", "/tags/#", "/tagsoup/gardening/",
                                  "/categorical/gardening/", "/gardening/#tags"])
def test_hrefs_that_name_no_archive_term_are_no_taxonomy_links(href: str) -> None:
    m = extract(post_with_footer(f"<a href='{href}'>Gardening</a>"))
    assert m.tags == [] and m.categories == []


def test_an_archive_href_beats_the_classes_around_its_link() -> None:
    html = page(body="""<article><h1>T</h1><p>Body text.</p>
      <div class="tags"><a class="tag" href="/category/jobs/">Jobs</a>
       <a class="tag" href="/tag/php/">php</a></div>
      <ul class="post-categories"><li><a href="/tag/remote/">remote</a></li></ul></article>""")
    m = extract(html)
    assert m.categories == ["Jobs"]
    assert m.tags == ["php", "remote"]


def test_a_tag_link_inside_a_block_with_category_classes_stays_a_tag() -> None:
    """WordPress writes a post's categories into the classes of its block (``category-news``)."""
    m = extract(post_with_footer("""<div class="post hentry category-news tag-jobs">
      <div class="meta"><a href="/tag/jobs/" rel="tag">jobs</a></div></div>"""))
    assert m.tags == ["jobs"] and m.categories == []


@pytest.mark.parametrize(("link", "tags", "categories"), [
    ("<a class='p-category' href='/t/indieweb'>indieweb</a>", ["indieweb"], []),  # a term of no named kind
    ("<span class='post-categories'><a class='p-category' href='/t/indieweb'>indieweb</a></span>",
     [], ["indieweb"]),
    ("<a href='/topics/indieweb/'>indieweb</a>", ["indieweb"], []),
    ("<span class='article-categories'><a href='/topics/indieweb/'>indieweb</a></span>", [], ["indieweb"]),
    ("<a href='/tag/indieweb/' rel='category tag'>indieweb</a>", [], ["indieweb"]),  # rel=category first
])
def test_classes_name_the_kind_of_links_whose_href_does_not(link: str, tags: list[str],
                                                           categories: list[str]) -> None:
    m = extract(post_with_footer(link))
    assert m.tags == tags and m.categories == categories


def test_tag_list_classes_count_only_within_reach_of_each_link() -> None:
    """A list's class names the links at most three levels below it: a link nested deeper in
    the same list is no tag by that class, however many links before it were."""
    html = page(body="""<article><h1>T</h1><p>Body text.</p>
      <div class="tags"><ul><li><a href="/x/">Shallow</a></li><li><a href="/z/">Other</a></li>
      <li><span><a href="/y/">Deep</a></span></li></ul></div></article>""")
    assert extract(html).tags == ["Shallow", "Other"]


def test_section_meta_and_keywords() -> None:
    html = page(head="<meta property='article:section' content='Science'>"
                     "<meta name='keywords' content='space, Mars,  rovers ,mars, null'>"
                     "<meta name='news_keywords' content='NASA'>")
    m = extract(html)
    assert m.categories == ["Science"]
    assert m.keywords == ["space", "Mars", "rovers", "NASA"]


HUGO_CATEGORY_LINKS = ("<article><h1>T</h1><div class='post__meta'><span class='meta__text'>"
                       "<a class='meta__link' href='/categories/potager/' rel='category'>Potager</a>"
                       "</span></div><p>Body text.</p></article>")
PLAIN_POST = "<article><h1>T</h1><p>Body text.</p></article>"


def test_a_section_naming_the_posts_folder_gives_way_to_the_category_links() -> None:
    """Hugo writes the content folder into article:section on every page: not a category."""
    html = page(head="<meta property='article:section' content='posts'>", body=HUGO_CATEGORY_LINKS)
    assert extract(html, url="https://potager.example.fr/posts/semer/").categories == ["Potager"]


@pytest.mark.parametrize(("head", "url"), [
    ("<meta property='article:section' content='post'>", "https://ex.example/post/a-post/"),
    ("<meta property='article:section' content='blog'>", "https://ex.example/fr/blog/2024/a-post/"),
    ("<meta name='parsely-section' content='Articles'>", "https://ex.example/articles/a-post.html"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting",'
     ' "headline": "T", "articleSection": "Posts"}</script>', "https://ex.example/posts/a-post/"),
    ("<link rel='canonical' href='https://ex.example/posts/a-post/'>"
     "<meta property='article:section' content='posts'>", "https://mirror.example/a-post/"),
    # "Post" never names a subject, in the URL's folders or not (Hugo's section beside "/p/<slug>/")
    ("<meta property='article:section' content='Post'>", "https://ex.example/p/a-post/"),
], ids=["og-section", "language-folder", "parsely-section", "jsonld-section", "canonical-url", "post-word"])
def test_a_folder_section_without_category_links_gives_no_category(head: str, url: str) -> None:
    assert extract(page(head=head, body=PLAIN_POST), url=url).categories == []


@pytest.mark.parametrize(("section", "url"), [
    ("Politics", "https://news.example.org/politics/2024/05/a-story/"),  # a subject, not a folder word
    ("News", "https://news.example.org/news/a-story/"),
    ("articles", "https://ex.example/2024/05/a-post/"),  # a folder word, but not the page's folder
    ("blog", "https://ex.example/2024/blog"),  # the page's own slug is no folder
])
def test_sections_that_are_not_the_pages_folder_stay_categories(section: str, url: str) -> None:
    html = page(head=f"<meta property='article:section' content='{section}'>", body=HUGO_CATEGORY_LINKS)
    assert extract(html, url=url).categories == [section]


def test_a_folder_section_the_category_links_repeat_stays() -> None:
    links = HUGO_CATEGORY_LINKS.replace("potager", "blog").replace("Potager", "Blog")
    html = page(head="<meta property='article:section' content='Blog'>", body=links)
    assert extract(html, url="https://ex.example/blog/a-post/").categories == ["Blog"]


def test_one_article_tag_holding_a_comma_list_is_split() -> None:
    m = extract(page(head="<meta property='article:tag' content='Oceans,New Zealand,Whales'>"))
    assert m.tags == ["Oceans", "New Zealand", "Whales"]


def test_excerpt_is_the_dek_after_the_headline_not_a_teaser() -> None:
    teaser = "<div class='teaser'><p class='summary'>Another story summary that is long enough.</p></div>"
    html = page(head="<meta name='description' content='Meta description of the story.'>",
                body=f"{teaser}{teaser.replace('Another', 'A third')}<article><header><h1>Headline</h1>"
                     "<p class='dek'>The standfirst that sums up this very article.</p></header>"
                     "<p>Body</p></article>")
    m = extract(html)
    assert m.description == "Meta description of the story."
    assert m.excerpt == "The standfirst that sums up this very article."


def test_thumbnail_skips_avatars_and_resolves_against_base() -> None:
    html = page(head="<base href='https://cdn.example/site/'>"
                     "<meta property='og:image' content='https://secure.gravatar.com/avatar/abc?s=96'>"
                     "<meta property='og:image' content='images/lead.jpg'>")
    assert extract(html).thumbnail == "https://cdn.example/site/images/lead.jpg"


def test_thumbnail_falls_back_to_first_content_image_when_all_declared_are_avatars() -> None:
    html = page(head="<meta property='og:image' content='/u/pic.jpg'>",
                body="<article><img class='avatar' src='/u/pic.jpg' alt='Jane'><p>x</p>"
                     "<img src='/media/photo.jpg' alt='a river'></article>")
    assert extract(html, url="https://ex.example/p/").thumbnail == "https://ex.example/media/photo.jpg"


def test_canonical_link_beats_og_url_and_is_absolute() -> None:
    html = page(head="<link rel='canonical' href='/p/canonical/'><meta property='og:url' content='https://x.example/og'>")
    assert extract(html, url="https://ex.example/p/?utm=1").canonical_url == "https://ex.example/p/canonical/"
    assert extract(page(head="<meta property='og:url' content='https://x.example/og'>")).canonical_url \
        == "https://x.example/og"


@pytest.mark.parametrize("value,expected", [
    ("en_US", "en-US"), ("EN", "en"), ("zh-hant-tw", "zh-Hant-TW"), ("pt-br", "pt-BR"), ("", None),
    ("12", None),
])
def test_normalize_language(value: str, expected: str | None) -> None:
    assert normalize_language(value) == expected


def test_language_prefers_html_lang_then_og_locale() -> None:
    both = page(html_attrs="lang='fr_FR'", head="<meta property='og:locale' content='de_DE'>")
    assert extract(both).language == "fr-FR"
    assert extract(page(head="<meta property='og:locale' content='de_DE'>")).language == "de-DE"


@pytest.mark.parametrize("header, title_tag, site", [
    ('<p class="wp-block-site-title"><a href="/" rel="home">Quiet Kilowatts</a></p>',
     "What We Learned &#8211; Quiet Kilowatts", "Quiet Kilowatts"),
    ('<a class="brand" href="http://beta.news.test:18080/">Ethify</a>', "Ethify | What We Learned", "Ethify"),
    # a menu's links home and titles that name no site say nothing
    ('<nav><ul><li><a href="/">Quiet Kilowatts</a></li></ul></nav>', "What We Learned | Quiet Kilowatts",
     None),
    ('<a href="/">Quiet Kilowatts</a>', "What We Learned", None),
    ('<a href="/">Somewhere Else</a>', "What We Learned &#8211; Quiet Kilowatts", None),
    # a logo: its picture's alternative text
    ('<a class="brand-logo" href="/"><img src="/logo.png" alt="Ruderclub Neckarau 1912 e.V."></a>',
     "What We Learned – Ruderclub Neckarau 1912 e.V.", "Ruderclub Neckarau 1912 e.V."),
    # an old site's home page is its index file
    ('<a href="/index.html"><img src="/images/masthead.gif" alt="The Valley Courier"></a>',
     "The Valley Courier - Local News - What We Learned", "The Valley Courier"),
])
def test_the_home_link_names_the_site_that_title_names(header: str, title_tag: str, site: str | None) -> None:
    html = page(head=f"<title>{title_tag}</title>", body=f"<header>{header}</header><article><h1>What We"
                                                         " Learned</h1><p>Body</p></article>")
    m = extract(html)
    assert m.site_name == site
    if site:
        assert m.title == "What We Learned"


@pytest.mark.parametrize("feeds, header, site", [
    # the feed's title names the site: the header's link home says the same, maybe with a tagline
    ('<link rel="alternate" type="application/atom+xml" title="Theo\'s Workbench" href="/feed.xml">',
     '<a href="/" class="home-link">Theo\'s Workbench</a>', "Theo's Workbench"),
    ('<link rel="alternate" type="application/atom+xml" title="Fennwick Notes Atom Feed" href="/all.xml">',
     '<h1><a href="/">Fennwick Notes <strong>measuring small things at home</strong></a></h1>',
     "Fennwick Notes"),
    ('<link rel="alternate" type="application/rss+xml" title="Quiet Kilowatts &raquo; Feed" href="/feed/">'
     '<link rel="alternate" type="application/rss+xml" title="Quiet Kilowatts &raquo; Comments Feed" '
     'href="/comments/feed/">', '<p class="site-title"><a href="/">Quiet Kilowatts</a></p>',
     "Quiet Kilowatts"),
    ('<link rel="alternate" type="application/rss+xml" title="Food Feed" href="/feed/">',
     '<a href="/">Food Feed</a>', "Food Feed"),  # a name that ends in "Feed"
    # a feed and a link home that name different things, and a comment feed, name no site
    ('<link rel="alternate" type="application/rss+xml" title="City Desk" href="/feed/">',
     '<a href="/">Somewhere Else</a>', None),
    ('<link rel="alternate" type="application/rss+xml" title="Comments on: What We Learned" href="/c/">',
     '<a href="/">Comments on: What We Learned</a>', None),
])
def test_the_home_link_names_the_site_that_its_feed_names(feeds: str, header: str, site: str | None) -> None:
    html = page(head=f"<title>What We Learned</title>{feeds}",
                body=f"<header>{header}</header><article><h1>What We Learned</h1><p>Body</p></article>")
    assert extract(html).site_name == site


@pytest.mark.parametrize("metas, row, tags", [
    # Pelican: one "tags" meta per tag; its row of tag links leaves out "home" (a generic word)
    ('<meta name="tags" content="sensors"><meta name="tags" content="micropython">'
     '<meta name="tags" content="home">',
     '<p>tags: <a href="/tag/sensors.html">sensors</a> <a href="/tag/micropython.html">micropython</a> '
     '<a href="/tag/home.html">home</a></p>', ["sensors", "micropython", "home"]),
    ('<meta name="tags" content="Content Depth,Topical Authority">', "",
     ["Content Depth", "Topical Authority"]),
    # slugs in the meta, labels on the page: the page's
    ('<meta name="tags" content="napa-county,hotel">',
     '<p>Tags: <a href="/tag/napa-county/">Napa County</a> <a href="/tag/hotel/">Hotel</a></p>',
     ["Napa County", "Hotel"]),
])
def test_a_tags_meta_names_the_tags_when_it_holds_the_rows_and_more(metas: str, row: str,
                                                                     tags: list[str]) -> None:
    html = page(head=f"<title>What We Learned</title>{metas}",
                body=f"<article><h1>What We Learned</h1><p>Body</p>{row}</article>")
    assert extract(html).tags == tags


def test_a_posts_own_term_classes_make_no_category_of_its_teaser_link() -> None:
    card = ('<li class="wp-block-post post-301 type-post hentry category-heating tag-pumps">'
            '<h3 class="wp-block-post-title"><a href="/2024/01/radiators/">Radiators or Underfloor?</a>'
            '</h3></li>')
    term = "<a rel='category tag' href='/category/heating/'>Heating</a>"
    html = page(body=f"<article><h1>T</h1><p>Body</p>{term}</article>"
                     f"<ul class='wp-block-post-template'>{card}</ul>")
    assert extract(html).categories == ["Heating"]
    # a site's own "tag-…" containers are still lists of tags
    box = ("<div class='tag-container'><div class='tag-teaser'><a href='/clubs/rapid/'>SK Rapid Wien</a>"
           "</div></div>")
    assert extract(page(body=f"<article><h1>T</h1><p>Body</p>{box}</article>")).tags == ["SK Rapid Wien"]


@pytest.mark.parametrize("line, date", [
    ('<span class="datum">14. března 2024 10:15</span>', datetime(2024, 3, 14, 10, 15)),
    ('<span class="fecha">21 de abril de 2022 | 4:39 pm</span>', datetime(2022, 4, 21, 16, 39)),
    ('<p class="post-date">14 marca 2024, 10:15</p>', datetime(2024, 3, 14, 10, 15)),
])
def test_a_visible_date_in_other_languages_dates_the_page(line: str, date: datetime) -> None:
    html = page(body=f"<article><h1>Nádraží zůstane v centru</h1>{line}<p>Body text.</p></article>")
    assert extract(html).date == date


def test_an_ideographic_space_in_a_title_stays() -> None:
    title = "桜の開花、東京で平年より5日早く\u3000気象台が発表"
    html = page(head=f"<title>{title}：みなと新聞</title><meta property='og:title' content='{title}'>",
                body=f"<article><h1>{title}</h1><p>本文</p></article>")
    assert extract(html).title == title
    from crawler.parsers.document import collapse_space
    assert collapse_space(" a \u3000 b\u3000\u3000c\n") == "a b\u3000c"


def test_an_abbr_title_carries_the_date_of_a_blogger_post() -> None:
    stamp = ("<abbr class='published' itemprop='datePublished' title='2024-03-10T09:41:00-05:00'>"
             "9:41 AM</abbr>")
    html = page(body="<div class='post hentry' itemscope itemtype='http://schema.org/BlogPosting'>"
                     "<h3 class='post-title' itemprop='name'>Starter notes</h3>"
                     f"<div class='post-body'>Body</div>{stamp}</div>")
    assert extract(html).date == datetime(2024, 3, 10, 9, 41, tzinfo=timezone(timedelta(hours=-5)))


def test_term_links_in_a_nav_named_for_them_are_the_posts_terms() -> None:
    """A ``<nav>`` whose class names tags (MkDocs Material's ``md-tags``, a news site's
    ``article-tags``) holds the post's terms; a site menu of topic links does not, nor does a
    tag nav in a sidebar."""
    html = page(body="""
      <nav class="main-menu"><a href="/tag/politics/">Politics</a><a href="/tag/sport/">Sport</a></nav>
      <article><h1>T</h1><p>Body text.</p>
        <nav class="article-tags"><h3>Keywords</h3><ul>
          <li><a href="/thema/rail/" rel="tag">Rail</a></li>
          <li><a href="/thema/europe/" rel="tag">Europe</a></li>
        </ul></nav></article>
      <aside class="sidebar"><nav class="tag-cloud"><a href="/tag/weather/">Weather</a></nav></aside>""")
    assert extract(html).tags == ["Rail", "Europe"]
    labelled = page(body="""<article><h1>T</h1><p>Body text.</p><nav aria-label="Tags"><p>Tags:</p><ul>
        <li><a href="/blog/tags/recall" class="tag-link">recall</a></li>
        <li><a href="/blog/tags/off-lead" class="tag-link">off lead</a></li></ul></nav></article>
      <nav aria-label="Main"><a href="/tags/politics/">Politics</a><a href="/tags/sport/">Sport</a></nav>""")
    assert extract(labelled).tags == ["recall", "off lead"]


def test_a_date_of_its_own_right_under_the_headline_dates_the_page() -> None:
    """No meta, no <time>, no class: the starter blog's ``<p>June 08, 2023</p>`` under the
    headline is the date; a date-only text far from the headline (a teaser's) or in a sidebar
    is not."""
    html = page(body="""<article><header><h1>Trail notes</h1><p>June 08, 2023</p></header>
      <p>Body text of the post, long enough to be the article.</p></article>""")
    assert extract(html).date == datetime(2023, 6, 8)
    printed = page(body="""<h1>Lake levels rise</h1><p>Published: Friday, May 12, 2006 2:14 AM CDT</p>
      <p>Body text of the story, long enough to be the article.</p>""")
    assert extract(printed).date == datetime(2006, 5, 12, 2, 14, tzinfo=timezone(timedelta(hours=-5)))
    far = page(body="""<article><header><h1>Trail notes</h1></header><p>One.</p><p>Two.</p><p>Three.</p>
      <p>Four.</p><p>Five.</p><p>Six.</p><p>Seven.</p><p>Eight.</p><p>Nine.</p>
      <div class="teaser"><a href="/other/">Other post</a><p>May 2, 2023</p></div></article>""")
    assert extract(far).date is None
    aside = page(body="""<article><h1>Trail notes</h1><aside class="sidebar"><p>May 2, 2023</p></aside>
      <p>Body text of the post.</p></article><aside class="sidebar"><span>May 3, 2023</span></aside>""")
    assert extract(aside).date is None


def test_a_terms_own_numbers_stay_and_only_a_bracketed_count_goes() -> None:
    links = "".join(f"<a href='/tag/{n}/' rel='tag'>{text}</a>, " for n, text in enumerate(
        ["COVID-19", "PPDB 2024", "PM2.5", "Python (12)", "Windows 10 [3]"]))
    assert extract(post_with_footer(links)).tags == ["COVID-19", "PPDB 2024", "PM2.5", "Python", "Windows 10"]


def test_a_place_beside_the_name_in_a_contributor_box_is_no_part_of_it() -> None:
    """BEM names an element after its block: ``contributor__location`` is the place, whatever its
    block is called."""
    html = page(body="""<article><h1>T</h1><div class="contributor"><span class="contributor__name">
      Tanvir Ahmed</span> <span class="contributor__location">Rajshahi</span></div>
      <p>Body text.</p></article>""")
    assert [a.name for a in extract(html).authors] == ["Tanvir Ahmed"]


# --- the date the page shows, the bylines of templates and languages never tuned for --------------
@pytest.mark.parametrize("declared, shown, expected", [
    # a <time> in the page's zone, and a date line shown to the minute with a zone abbreviation
    ("2024-05-16T01:10:00+00:00", "<time class='entry-date published' datetime='2024-05-15T21:10:00-04:00'>"
     "May 15, 2024 at 9:10 pm</time>", "2024-05-15T21:10:00-04:00"),
    ("2024-01-05T08:14:27+00:00", "<div class='post-meta'><span class='byline'>By Ade Okon</span> "
     "<span class='post-date'>January 5, 2024 9:14 am WAT</span></div>", "2024-01-05T09:14:00+01:00"),
    # a local time without a zone, a whole zone offset from the declared instant: the <time>'s text
    # while its attribute says UTC, and a date line under the headline
    ("2024-05-14T10:30:00.000Z", "<p><time datetime='2024-05-14T10:30:00.000Z'>14/05/2024 07h30</time></p>",
     "2024-05-14T07:30:00-03:00"),
    ("2024-03-08T17:02:00Z", "<p class='when'>8 March 2024, 22:32</p>", "2024-03-08T22:32:00+05:30"),
])
def test_a_declared_utc_date_takes_the_zone_the_page_shows_for_the_same_instant(
        declared: str, shown: str, expected: str) -> None:
    html = page(head=f"<meta property='article:published_time' content='{declared}'>",
                body=f"<article><h1>T</h1>{shown}<p>Body.</p></article>")
    date = extract(html).date
    assert date is not None and date.isoformat() == expected


@pytest.mark.parametrize("shown", [
    "<p><time datetime='2024-05-14T10:30:00Z'>14/05/2024 10h12</time></p>",  # 18 minutes off: no zone
    "<p><time datetime='2024-05-14T10:30:00Z'>14/05/2024</time></p>",  # a day says nothing of the zone
])
def test_a_local_time_that_is_no_zone_away_leaves_the_declared_utc_date(shown: str) -> None:
    html = page(head="<meta property='article:published_time' content='2024-05-14T10:30:00Z'>",
                body=f"<article><h1>T</h1>{shown}<p>Body.</p></article>")
    date = extract(html).date
    assert date is not None and date.isoformat() == "2024-05-14T10:30:00+00:00"


def test_a_declared_utc_update_is_shown_in_the_zone_the_page_gives_the_publication() -> None:
    html = page(head="<meta property='article:published_time' content='2024-05-14T10:30:00Z'>"
                     "<meta property='article:modified_time' content='2024-05-14T13:12:00Z'>",
                body="<article><h1>T</h1><p><time datetime='2024-05-14T10:30:00Z'>14/05/2024 07h30</time></p>"
                     "<p>Body.</p></article>")
    m = extract(html)
    assert m.updated is not None and m.updated.isoformat() == "2024-05-14T10:12:00-03:00"


@pytest.mark.parametrize("lines, published, updated", [
    ("<div><span>Publicerad 14 maj 2024 kl. 06.00</span> <span>Uppdaterad 14 maj 2024 kl. 09.14</span></div>",
     datetime(2024, 5, 14, 6), datetime(2024, 5, 14, 9, 14)),
    ("<div><span>By Ana Roe</span></div><div><span>Giriş:</span> 14.05.2024 - 11:45</div><div>"
     "<span>Güncelleme:</span> 14.05.2024 - 13:20</div>", datetime(2024, 5, 14, 11, 45),
     datetime(2024, 5, 14, 13, 20)),
])
def test_published_and_updated_lines_under_the_headline(lines: str, published: datetime,
                                                         updated: datetime) -> None:
    m = extract(page(body=f"<main><div><h1>Rents rose again</h1><p>A standfirst.</p>{lines}</div>"
                          "<p>Body.</p></main>"))
    assert (m.date, m.updated) == (published, updated)


def test_a_shown_date_of_another_instant_does_not_replace_the_declared_one() -> None:
    html = page(head="<meta property='article:published_time' content='2024-05-16T01:10:00+00:00'>",
                body="<article><h1>T</h1><time datetime='2024-05-12T09:00:00-04:00'>May 12</time></article>")
    assert extract(html).date == datetime(2024, 5, 16, 1, 10, tzinfo=UTC)


def test_a_declared_day_takes_the_time_the_page_shows_on_that_day() -> None:
    body = ("<main><h1>Rents rose fastest in the smallest towns</h1><div class='credits'>"
            "<span>By <a href='/staff/a/'>Amara Quist</a></span><span class='when'>March 12, 2024 &middot; "
            "9:45 AM</span></div><p>Body.</p></main>")
    assert extract(page(head="<meta name='date' content='2024-03-12'>", body=body)).date == \
        datetime(2024, 3, 12, 9, 45)
    other_day = body.replace("March 12", "March 10")
    assert extract(page(head="<meta name='date' content='2024-03-12'>", body=other_day)).date == \
        datetime(2024, 3, 12)


def test_an_updated_day_is_no_earlier_than_a_published_time_on_the_same_day() -> None:
    html = page(head="<meta property='article:published_time' content='2021-11-11T18:00:00'>"
                     "<meta property='article:modified_time' content='2021-11-11'>",
                body="<article><h1>T</h1><p>Body.</p></article>")
    assert extract(html).updated == datetime(2021, 11, 11)


@pytest.mark.parametrize("line, names", [
    ("<p class='mq-credit'>Interview by <a href='/contributors/tomas-reyes'>Tomás Reyes</a></p>",
     ["Tomás Reyes"]),
    # the words in an element of their own, and co-authors joined by a Serbian "and"
    ("<div><span class='label'>Аутори:</span> <a href='/a/1'>Милош Јовановић</a> и "
     "<a href='/a/2'>Јелена Петровић</a></div>", ["Милош Јовановић", "Јелена Петровић"]),
    ("<div class='article__author'>Autorė: <a href='/autoriai/r'>Rūta Kazlauskienė</a></div>",
     ["Rūta Kazlauskienė"]),
    ("<div class='art-author'>எழுதியவர்: <a href='/author/s/'>ச. கார்த்திகேயன்</a></div>",
     ["ச. கார்த்திகேயன்"]),
    ("<span class='story-author'>Na Amina Hassan</span>", ["Amina Hassan"]),
    # a BEM block's prefix and role elements are parts of the byline, not names
    ("<div><span class='bp-byline__prefix'>Av</span> <a href='/forfatter/i' class='bp-byline__name'>"
     "Ingrid Solberg</a> <span class='bp-byline__role'>Journalist</span></div>", ["Ingrid Solberg"]),
])
def test_bylines_of_more_templates_and_languages(line: str, names: list[str]) -> None:
    html = page(head="<meta property='og:site_name' content='Daily Courier'>",
                body=f"<article><h1>A headline</h1>{line}<p>Body text of the article.</p></article>")
    assert [a.name for a in extract(html).authors] == names


def test_a_written_byline_under_the_headline_of_a_page_without_an_article_element() -> None:
    html = page(body="<div id='content'><div class='clanok'><h1>V Košiciach sa začína rekonštrukcia</h1>"
                     "<div class='clanok-info'><span class='autor'>Autor: <a href='/autor/p/'>Peter Hudák</a>"
                     "</span> | <span class='datum'>7. mája 2024</span></div><p>Text článku.</p></div></div>")
    assert [a.name for a in extract(html).authors] == ["Peter Hudák"]


def test_a_headline_opening_with_a_by_word_is_no_byline() -> None:
    html = page(body="<div class='content'><h1>Von Sprachregeln, Gender-Politik und Alltagsdeutsch</h1>"
                     "<p>Ein Gespräch über Sprache.</p></div>")
    assert extract(html).authors == []


def test_the_site_named_in_a_written_byline_gives_way_to_the_person_after_it() -> None:
    html = page(head="<meta property='og:site_name' content='The Planetary Press'>",
                body="<article><h1>Forests</h1><div class='meta'><span>By</span> <a href='/about/'>The "
                     "Planetary Press</a></div><p><em>Written by: <a href='https://other.test/x'>"
                     "Julie Mollins</a></em></p><p>Body text.</p></article>")
    assert [a.name for a in extract(html).authors] == ["Julie Mollins"]


def test_sections_a_theme_joined_with_bare_commas_are_split() -> None:
    ld = ('<script type="application/ld+json">{"@type": "Article", "headline": "T", '
          '"articleSection": "%s"}</script>')
    assert extract(page(head=ld % "Climate,Cities")).categories == ["Climate", "Cities"]
    assert extract(page(head=ld % "Arts, Culture & Entertainment")).categories == \
        ["Arts, Culture & Entertainment"]


def test_a_share_link_among_the_terms_is_no_term() -> None:
    html = page(body="<article><h1>T</h1><p>Body.</p><div class='post-tags-share'><div class='post-tags'>"
                     "<a href='/tag/vercors/'>Vercors</a><a href='/tag/bivouac/'>bivouac</a></div>"
                     "<a class='post-share-email' href='mailto:?subject=T'>Email</a></div></article>")
    assert extract(html).tags == ["Vercors", "bivouac"]


def test_a_timeago_title_dates_the_page() -> None:
    html = page(body="<div class='story'><h2 class='story__title'>Senate panel grills CDA</h2>"
                     "<div class='meta'><span class='timestamp'><span class='timeago' "
                     "title='2024-01-05T08:40:11+05:00'>about 2 hours ago</span></span></div><p>Body.</p>"
                     "</div>")
    date = extract(html).date
    assert date is not None and date.isoformat() == "2024-01-05T08:40:11+05:00"


@pytest.mark.parametrize("row, tags, categories", [
    ("<div class='x'>Témy: <a href='/tema/kosice/'>Košice</a>, <a href='/tema/dpmk/'>DPMK</a></div>",
     ["Košice", "DPMK"], []),
    ("<div class='x'><h3>Aiheet</h3><a href='/aihe/kuopio/'>Kuopio</a><a href='/aihe/liikenne/'>Liikenne</a>"
     "</div>", ["Kuopio", "Liikenne"], []),
    ("<span class='x'>Rubrika: <a href='/kosice/doprava/'>Doprava</a></span>", [], ["Doprava"]),
    ("<div class='x'><span>Etiketler:</span> <a href='/etiket/kira'>kira</a> "
     "<a href='/etiket/emlak'>emlak</a></div>", ["kira", "emlak"], []),
    # a category label over a row that ends with the permalink names no single category
    ("<p>Posted in <a href='/blog/a/'>Empfehlung</a>, <a href='/blog/b/'>Plattformen</a> | "
     "<a href='/2024/05/post/'>Permanentlink</a></p>", [], []),
])
def test_terms_named_by_the_label_before_their_links(row: str, tags: list[str],
                                                     categories: list[str]) -> None:
    meta = extract(page(body=f"<article><h1>T</h1><p>Body of the article.</p>{row}</article>"))
    assert (meta.tags, meta.categories) == (tags, categories)


@pytest.mark.parametrize("cls", ["related-topics", "related_tags", "story-related-topic"])
def test_a_related_topics_row_names_tags_not_related_articles(cls: str) -> None:
    """A "Related Topics" row of topic pages inside the article is its tags: no related list, and
    its class ("related-topics") marks no excluded area."""
    row = (f"<div class='{cls}'><h3>Related Topics</h3><ul><li><a href='/pharma-logistics'>"
           "Pharma Logistics</a>"
           "</li><li><a href='/sustainability'>Sustainability</a></li></ul></div>")
    html = page(body=f"<article><h1>T</h1><p>{'Body of the article. ' * 20}</p>{row}</article>")
    art = parse_article("https://news.example.test/packaging/article/123/cold-boxes", html)
    assert (art.metadata.tags, art.related) == (["Pharma Logistics", "Sustainability"], [])


def test_the_categories_of_a_post_header_above_its_article_element() -> None:
    """Hexo's Butterfly: the headline and its meta line (date, categories) in the page's header,
    the post's text and tags in an ``<article>`` below: the header's category links count, its
    other links do not."""
    header = ("<header id='page-header'><div id='post-info'><h1 class='post-title'>Kyoto in autumn</h1>"
              "<div id='post-meta'><span class='post-meta-categories'><a class='post-meta-categories' "
              "href='/categories/travel/'>Travel</a><i class='fas fa-angle-right'></i>"
              "<a class='post-meta-categories' "
              "href='/categories/travel/japan/'>Japan</a></span> <a href='/tags/'>All tags</a></div></div>"
              "</header>")
    article = (f"<article id='article-container' class='post-content'><p>{'Body of the post. ' * 80}</p>"
               "<div class='post-tags'><a href='/tags/kyoto/'>Kyoto</a><a href='/tags/maple/'>maple</a></div>"
               "</article>")
    meta = extract(page(body=header + article), "https://blog.example.test/2023/11/26/kyoto/")
    assert (meta.categories, meta.tags) == (["Travel", "Japan"], ["Kyoto", "maple"])


@pytest.mark.parametrize("h1, og_title, title", [
    # the page's headline, and a suffix naming no site the page names: the creator, a section, a date
    ("Firing log: the February anagama firing", "Firing log: the February anagama firing | Mara Lindqvist",
     "Firing log: the February anagama firing"),
    ("Berlin confronts its colonial past", "Berlin confronts its colonial past | DW | 19.01.2020",
     "Berlin confronts its colonial past"),
    # a headline of two words is no headline to trust over the structured title
    ("Kyiv strikes", "Kyiv strikes | Power plants hit overnight",
     "Kyiv strikes | Power plants hit overnight"),
])
def test_a_structured_title_that_is_the_headline_and_a_suffix_gives_the_headline(h1: str, og_title: str,
                                                                                  title: str) -> None:
    html = page(head=f"<title>{og_title}</title><meta property='og:title' content='{og_title}'>"
                     "<meta property='og:site_name' content='Patreon'>",
                body=f"<article><h1>{h1}</h1><p>{'Body of the post. ' * 20}</p></article>")
    assert extract(html).title == title


def test_a_headlines_permalink_mark_is_no_part_of_the_title() -> None:
    """Sphinx: ``<h1>Retry policies<a class="headerlink" href="#retry-policies">¶</a></h1>`` under a
    ``<title>`` of "Retry policies — tallow 2.4.1 documentation"."""
    html = page(head="<title>Retry policies — tallow 2.4.1 documentation</title>",
                body="<div role='main'><h1>Retry policies<a class='headerlink' href='#retry-policies'>¶</a>"
                     f"</h1><p>{'Body of the page. ' * 20}</p></div>")
    assert extract(html, "https://tallow.readthedocs.io/en/latest/retries.html").title == "Retry policies"


def test_the_name_a_blog_shows_beats_its_hosts_name_in_json_ld() -> None:
    """Blogger: JSON-LD names "Blogger" the publisher; the page's link home and its feed's title
    say "Valve & Dial"."""
    head = ("<title>Recapping a Philco Model 90</title><link rel='alternate' type='application/atom+xml' "
            "title='Valve &amp; Dial - Atom' href='/feeds/posts/default'>"
            '<script type="application/ld+json">{"@context": "http://schema.org", "@type": "BlogPosting", '
            '"headline": "Recapping a Philco Model 90", "publisher": {"@type": "Organization", '
            '"name": "Blogger"}}</script>')
    body = ("<header><h1><a href='https://valveanddial.blogspot.com/'>Valve &amp; Dial</a></h1></header>"
            f"<article><h3>Recapping a Philco Model 90</h3><p>{'Body of the post. ' * 20}</p></article>")
    url = "https://valveanddial.blogspot.com/2024/01/recapping-philco-model-90.html"
    assert extract(page(head=head, body=body), url).site_name == "Valve & Dial"


def test_a_card_with_a_postal_address_is_no_byline() -> None:
    """A newsletter's footer: the sender's microformats card with its address ("vcard" with an
    "adr") names no author; a card without an address still does."""
    address = ("<div class='vcard'><span class='org fn'>The Slow Commute</span><div class='adr'>"
               "<div class='street-address'>PO Box 2217</div><span class='locality'>Ferris Hollow</span>"
               "</div></div>")
    body = f"<article><h1>The bus stop library</h1><p>{'Body of the post. ' * 20}</p></article>"
    assert extract(page(body=body + f"<footer>{address}</footer>")).authors == []
    card = "<div class='vcard'><span class='fn'>Theo Brandt</span></div>"
    assert [a.name for a in extract(page(body=card + body)).authors] == ["Theo Brandt"]


def test_the_previous_and_next_post_cards_in_an_article_element_are_not_the_article() -> None:
    """Hexo's Matery theme: the post in plain <div>s, its previous and next posts as cards in the
    page's only ``<article>`` ("prev-next articles"), each card with a date, a category link
    classed an author and tags: the page's author, date and tags are the post's own."""
    card = ("<div class='card'><a href='/2023/04/02/other/'><span class='card-title'>Other post</span></a>"
            "<span class='publish-date'>2023-04-02</span><span class='publish-author'>"
            "<a href='/categories/notes/' class='post-category'>Notes</a></span>"
            "<div class='card-action article-tags'><a href='/tags/psychology/'>psychology</a></div></div>")
    html = page(body=f"""<main><div id="artDetail"><div class="card"><h1>On local government</h1>
      <div class="article-tag"><a href="/tags/books/">books</a><a href="/tags/economy/">economy</a></div>
      <div class="post-date">发布日期: 2023-03-12</div><p>{'Body of the post. ' * 30}</p></div>
      <article class="prev-next articles" id="prenext-posts">{card}</article></div></main>""")
    meta = extract(html, "https://blog.example.test/2023/03/12/on-local-government/")
    assert (meta.authors, meta.tags) == ([], ["books", "economy"])
    assert meta.date is not None and meta.date.date().isoformat() == "2023-03-12"


@pytest.mark.parametrize("headline, title", [
    # the kicker an element of its own in the headline, joined to it in the declared title
    ('<h2><span class="kicker">Wohnungsnot in Unistädten</span> <span>Wenn das WG-Zimmer mehr kostet</span>'
     "</h2>", "Wenn das WG-Zimmer mehr kostet"),
    ("<h1><span>Coronavirus und andere Zoonosen</span><span>Wie Umweltzerstörung Epidemien begünstigt</span>"
     "</h1>", "Wie Umweltzerstörung Epidemien begünstigt"),
    # a headline that writes the whole title in one run keeps it: a colon of the title is no kicker
    ("<h1>Wohnungsnot in Unistädten: Wenn das WG-Zimmer mehr kostet</h1>",
     "Wohnungsnot in Unistädten: Wenn das WG-Zimmer mehr kostet"),
])
def test_a_kicker_shown_apart_in_the_headline_leaves_the_title(headline: str, title: str) -> None:
    whole = "Wohnungsnot in Unistädten: Wenn das WG-Zimmer mehr kostet" if "Wohnung" in headline else \
        "Coronavirus und andere Zoonosen – Wie Umweltzerstörung Epidemien begünstigt"
    html = page(head=f'<title>{whole} - DIE LUPE</title><meta property="og:title" content="{whole}">',
                body=f"<article>{headline}<p>{'Text des Artikels. ' * 40}</p></article>")
    article = parse_article("https://www.lupe.test/panorama/a-1.html", html)
    assert article.metadata.title == title
    assert "Wohnungsnot" not in article.body_text and "Zoonosen" not in article.body_text
