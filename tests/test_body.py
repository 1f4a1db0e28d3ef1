"""Body extraction: loading and decoding, HTML to Markdown, main-content choice, cleanup of
widgets/ads/bio boxes, section splitting, and parse_article on bad input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.kernel.model import Author, Metadata
from crawler.parsers import (
    extract_body,
    load_document,
    load_html,
    loads_profiles,
    parse_article,
    to_markdown,
)
from crawler.parsers.document import MAX_HTML_BYTES, absolutize

BASE = "https://blog.example.test/notes/entry.html"
PARA = ("The committee met on Tuesday and, after a long debate about the budget, agreed to repair "
        "the old bridge before winter, which pleased the ferry operators. ")


def md(fragment: str, base: str = BASE) -> str:
    doc = load_html(f"<html><body><div id='x'>{fragment}</div></body></html>", base)
    return to_markdown(doc.get_element_by_id("x"), base)


def body(html: str, meta: Metadata | None = None, url: str = BASE) -> str:
    doc = load_html(html, url)
    result = extract_body(doc, url, meta)
    return "\n\n".join(("#" * s.level + " " + s.heading + "\n" if s.heading else "") + s.markdown
                       for s in result.sections)


# --- loading -------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [b"", b"   ", None, b"\x00\x01\x02", "<<<>>>", b"\xff\xfe\xfd<html",
                                 "<?xml version='1.0' encoding='utf-8'?><p>x</p>", "</div></body>"])
def test_loading_never_raises_and_always_has_a_body(raw: bytes | str | None) -> None:
    doc = load_html(raw, BASE)
    assert doc.tag == "html" and doc.find("body") is not None


def test_utf8_bytes_win_over_a_wrong_declaration() -> None:
    raw = '<meta charset="iso-8859-1"><p>café “quoted”</p>'.encode()
    assert "café “quoted”" in load_html(raw, BASE).text_content()


def test_windows_1252_bytes_declared_as_utf8_are_decoded() -> None:
    raw = '<meta charset="utf-8"><p>naïve “quotes” — dash</p>'.encode("windows-1252")
    assert "naïve “quotes” — dash" in load_html(raw, BASE).text_content()


def test_unknown_charset_and_bom() -> None:
    assert "é" in load_html(b'<meta charset="x-no-such"><p>\xe9t\xe9</p>', BASE).text_content()
    assert "Grüße" in load_html("\ufeff<p>Grüße</p>".encode(), BASE).text_content()


def test_huge_pages_are_truncated_with_a_warning() -> None:
    raw = b"<html><body>" + b"<p>filler text</p>" * (MAX_HTML_BYTES // 18 + 10)
    doc, warnings = load_document(raw, BASE)
    assert warnings and "truncated" in warnings[0]
    assert doc.find("body") is not None


@pytest.mark.parametrize("href,expected", [
    ("../img/a.png", "https://blog.example.test/img/a.png"),
    ("//cdn.example.test/x", "https://cdn.example.test/x"),
    ("other.html#part", "https://blog.example.test/notes/other.html"),
    ("#top", None), ("javascript:void(0)", None), ("mailto:a@b.test", None), ("", None), (None, None),
    (" https://x.example.test/a b ", "https://x.example.test/a b"),
])
def test_absolutize(href: str | None, expected: str | None) -> None:
    assert absolutize(href, BASE) == expected


# --- markdown ------------------------------------------------------------------------------------
def test_inline_markup_links_and_images() -> None:
    out = md('<p>A <b>bold</b> and <em>soft</em> word, <code>x = 1</code>, <a href="../a">link</a>, '
             '<img src="p.png" alt="pic">, <a href="#frag">in-page</a>.</p>')
    assert out == ("A **bold** and *soft* word, `x = 1`, [link](https://blog.example.test/a), "
                   "![pic](https://blog.example.test/notes/p.png), in-page.")


def test_whitespace_is_collapsed_and_br_is_a_hard_break() -> None:
    assert md("<p>  one\n\n   two\t three<br>four  </p>") == "one two three  \nfour"


def test_lazy_images_use_data_src_or_widest_srcset() -> None:
    out = md('<img src="data:image/gif;base64,AAAA" data-src="/real.jpg" alt="a">'
             '<img srcset="s.jpg 300w, l.jpg 1200w, m.jpg 600w" alt="b"><img alt="no source">')
    assert out == "![a](https://blog.example.test/real.jpg)![b](https://blog.example.test/notes/l.jpg)"


def test_nested_and_ordered_lists() -> None:
    out = md('<ol start="4"><li>four<ul><li>inner <i>a</i></li></ul></li><li><p>p1</p><p>p2</p></li></ol>')
    assert out == "4. four\n   - inner *a*\n5. p1\n\n   p2"


def test_gfm_table_with_escaped_pipes_and_colspan() -> None:
    out = md("<table><tr><th>A</th><th>B</th><th>C</th></tr>"
             "<tr><td>x|y</td><td colspan='2'>z</td></tr></table>")
    assert out == "| A | B | C |\n| --- | --- | --- |\n| x\\|y | z | |"


def test_layout_tables_are_flattened() -> None:
    out = md("<table><tr><td><p>" + PARA * 4 + "</p></td><td><p>Side</p></td></tr></table>")
    assert "|" not in out and out.endswith("Side")


@pytest.mark.parametrize("html,fence", [
    ('<pre><code class="language-rust">fn main() {}</code></pre>', "```rust\nfn main() {}\n```"),
    ('<pre class="hljs javascript">let a = 1;</pre>', "```javascript\nlet a = 1;\n```"),
    ('<div class="highlight-python"><pre>x = 1</pre></div>', "```python\nx = 1\n```"),
    ('<pre>a<br>b</pre>', "```\na\nb\n```"),
    ('<pre><code>use ``` here</code></pre>', "````\nuse ``` here\n````"),
    ('<figure class="highlight go"><table><tr><td class="gutter"><pre><span class="line">1</span><br>'
     '<span class="line">2</span></pre></td><td class="code"><pre><span class="line">a := 1</span><br>'
     '<span class="line">b := 2</span></pre></td></tr></table></figure>', "```go\na := 1\nb := 2\n```"),
    ('<table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>1\n2</pre></div>'
     '</td><td class="code"><div class="highlight"><pre>one\ntwo</pre></div></td></tr></table>',
     "```\none\ntwo\n```"),
])
def test_code_blocks(html: str, fence: str) -> None:
    assert md(html) == fence


def test_blank_lines_inside_code_are_kept() -> None:
    assert md("<pre>def a():\n    pass\n\n\ndef b():\n    pass</pre>") == (
        "```\ndef a():\n    pass\n\n\ndef b():\n    pass\n```")


def test_inserted_text_is_kept_but_ad_slots_go() -> None:
    html = f"""<html><body><article><p>{PARA * 3}</p><p>The rule was <ins>amended in 2020</ins> by vote.</p>
      <p><ins data-ad-slot="9" data-ad-client="ca-pub-1">Ad fallback text</ins></p></article></body></html>"""
    out = body(html)
    assert "The rule was amended in 2020 by vote." in out and "Ad fallback" not in out


def test_blockquote_hr_and_headings() -> None:
    out = md('<h2 id="s">Part <a class="headerlink" href="#s">¶</a></h2><blockquote><p>q1</p><p>q2</p>'
             '</blockquote><hr><h3>Next</h3>')
    assert out == "## Part\n\n> q1\n>\n> q2\n\n---\n\n### Next"


def test_markdown_specials_are_escaped_minimally() -> None:
    out = md("<p>1. not a list<br># not a heading<br>snake_case *star* _under_ [x](y)</p>")
    assert out == "1\\. not a list  \n\\# not a heading  \nsnake_case \\*star\\* \\_under\\_ [x\\](y)"


def test_empty_and_script_only_elements_render_nothing() -> None:
    assert md("") == ""
    assert md("<script>var a = '<p>x</p>';</script><style>p{}</style>") == ""


# --- main content and cleanup --------------------------------------------------------------------
PAGE = """<html><body>
<header><nav><a href="/">Home</a> <a href="/about/">About us</a></nav></header>
<div class="layout">
  <div class="sidebar"><h3>Popular</h3><ul>{links}</ul></div>
  <div class="post-body">
    <p>{para}</p><p>{para}</p>
    <div class="share-buttons"><a href="https://social.example.test/s">Share on Social</a></div>
    <div class="ad-container"><span>Advertisement</span></div>
    <p style="display:none">Hidden teaser text</p>
    <h2>Second part</h2><p>{para}</p>
    <div id="comments"><p>Great post, thanks for writing it up!</p></div>
  </div>
</div>
<footer><p>Copyright notice and contact details</p></footer>
<script>document.write("tracking")</script>
</body></html>"""


def test_scoring_finds_the_prose_and_drops_widgets() -> None:
    links = "".join(f'<li><a href="/p{i}/">Popular story number {i}</a></li>' for i in range(12))
    out = body(PAGE.format(links=links, para=PARA))
    assert out.count("The committee met on Tuesday") == 3
    assert "## Second part" in out
    for junk in ("Popular story", "Share on Social", "Advertisement", "Hidden teaser", "Great post",
                 "Copyright", "tracking", "About us"):
        assert junk not in out


@pytest.mark.parametrize("attrs", ['class="post-meta"', 'class="entry-meta"', 'class="article-info"',
                                   'class="meta-data small"', 'id="reading-time"', 'class="p-article__info"',
                                   'class="story__date"'])
def test_the_metadata_line_is_not_body_text(attrs: str) -> None:
    html = f"""<html><body><article><h1>Bridge repairs approved</h1>
      <div {attrs}><time datetime="2024-03-01">March 1, 2024</time> · 3 min · Jane Roe</div>
      <p>{PARA}</p><p>{PARA}</p></article></body></html>"""
    out = body(html)
    assert "March 1, 2024" not in out and "3 min" not in out
    assert out.count("The committee met") == 2


@pytest.mark.parametrize("attrs", ['class="links-nextprev"', 'class="post-prevnext"', 'id="prev-next"',
                                   'class="previous-next-links"'])
def test_links_to_the_previous_and_next_post_are_not_body_text(attrs: str) -> None:
    html = f"""<html><body><article><h1>Bridge repairs approved</h1><p>{PARA}</p><p>{PARA}</p>
      <ul {attrs}><li>← Previous<br><a href="/older/">Council meets on budget</a></li>
      <li>Next →<br><a href="/newer/">Ferry timetable changes</a></li></ul></article></body></html>"""
    out = body(html)
    assert "Council meets" not in out and "Previous" not in out and "Ferry timetable" not in out
    assert out.count("The committee met") == 2


@pytest.mark.parametrize("attrs", ['class="antetitulo"', 'class="article__kicker"', 'class="eyebrow"',
                                   'class="dachzeile"', 'class="surtitre"'])
def test_the_kicker_over_the_headline_is_not_body_text(attrs: str) -> None:
    html = f"""<html><body><article><p {attrs}>Agricultura</p><h1>Bridge repairs approved</h1>
      <p>{PARA}</p><p>{PARA}</p></article></body></html>"""
    out = body(html)
    assert "Agricultura" not in out and out.count("The committee met") == 2


def test_a_picture_named_after_the_author_is_the_bylines_avatar_not_the_article() -> None:
    html = f"""<html><body><article><h1>Bridge repairs approved</h1>
      <div><a href="/@jroe"><img alt="Jane Roe" src="/avatar/jroe-88.jpg"></a> Jane Roe · 5 min read</div>
      <p>{PARA}</p><figure><img alt="The old bridge" src="/bridge.jpg"><figcaption>The old bridge</figcaption>
      </figure><p>{PARA}</p></article></body></html>"""
    meta = Metadata(title="Bridge repairs approved", authors=[Author("Jane Roe")])
    out = body(html, meta)
    assert "jroe-88.jpg" not in out and "bridge.jpg" in out and out.count("The committee met") == 2


def test_a_table_of_contents_goes_but_the_headings_stay() -> None:
    toc = ('<details class="toc"><summary>Table of Contents</summary><ul><li><a href="#costs">Costs</a>'
           '</li><li><a href="#timing">Timing</a></li></ul></details>')
    html = f"""<html><body><article><h1>Bridge repairs approved</h1>{toc}<p>{PARA}</p>
      <h2 id="costs">Costs</h2><p>{PARA}</p><h2 id="timing">Timing</h2><p>{PARA}</p>
      </article></body></html>"""
    doc = load_html(html, BASE)
    sections = extract_body(doc, BASE, Metadata(title="Bridge repairs approved")).sections
    assert [s.heading for s in sections if s.heading] == ["Costs", "Timing"]
    assert "Table of Contents" not in "".join(s.markdown for s in sections)


@pytest.mark.parametrize("attrs", ['class="standfirst"', 'class="article-subtitle"', 'class="dek"',
                                   'class="entry-summary"'])
def test_a_subtitle_set_as_a_heading_is_lead_text_not_a_section(attrs: str) -> None:
    html = f"""<html><body><article><h1>Bridge repairs approved</h1>
      <h2 {attrs}>Work starts in June and ends before winter.</h2><p>{PARA}</p>
      <h2>Costs</h2><p>{PARA}</p></article></body></html>"""
    doc = load_html(html, BASE)
    sections = extract_body(doc, BASE, Metadata(title="Bridge repairs approved")).sections
    assert [s.heading for s in sections if s.heading] == ["Costs"]
    assert "Work starts in June" in sections[0].markdown and sections[0].heading is None


@pytest.mark.parametrize(("stray", "kept"), [
    ("<h1>This widget should not be here</h1>", True),  # not the headline: the lead is still found
    ("<h1>Bridge repairs approved</h1>", False)])  # the headline again: what is before it is not a lead
def test_the_lead_is_looked_for_up_to_the_headline_not_any_h1(stray: str, kept: bool) -> None:
    html = f"""<html><body><div class="intro-block"><h1>Bridge repairs approved</h1>
      <div class="page-intro__copy">The council approved the repairs after a year of debate about the
      costs and the closures they bring.</div></div>
      <div class="layout"><div class="portlet">{stray}</div>
      <div class="main"><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div></div></body></html>"""
    text = body(html, Metadata(title="Bridge repairs approved"))
    assert ("The council approved the repairs" in text) is kept


DESCRIPTION = "The council approved the repairs of the old bridge after a year of debate."


@pytest.mark.parametrize(("more", "kept"), [
    ("Work on the east side starts first.", True),  # the description is the lead's first sentence
    ("More stories from the city desk. " * 12, False),  # far longer than it: not the lead it describes
])
def test_a_lead_that_begins_with_the_description_is_the_lead(more: str, kept: bool) -> None:
    from crawler.parsers.lead import find_lead

    html = f"""<html><body><h1>Bridge repairs approved</h1>
      <div class="teaser"><p>{DESCRIPTION} {more}</p></div><div class="media"><img src="/a.jpg" alt=""></div>
      <div class="main"><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div></body></html>"""
    doc = load_html(html, BASE)
    lead = find_lead(doc, doc.find(".//div[@class='main']"), DESCRIPTION, PARA * 3, "Bridge repairs approved")
    assert (lead is not None) is kept
    if kept:
        assert more in body(html, Metadata(title="Bridge repairs approved", description=DESCRIPTION))


def test_a_heading_whose_id_is_a_subtitle_word_stays_a_heading() -> None:
    html = f"""<html><body><article><h1>Bridge repairs approved</h1><p>{PARA}</p>
      <h2 id="summary">Summary</h2><p>{PARA}</p><h2 class="intro">Intro</h2><p>{PARA}</p>
      </article></body></html>"""
    sections = extract_body(load_html(html, BASE), BASE, Metadata(title="Bridge repairs approved")).sections
    assert [s.heading for s in sections if s.heading] == ["Summary"]  # the class, not the id, decides


def test_a_toc_classed_block_of_ordinary_links_is_kept() -> None:
    html = f"""<html><body><article><h1>Reading list</h1><p>{PARA}</p>
      <div class="toc"><a href="/books/one/">The first book we recommend</a> and
      <a href="/books/two/">the second one</a> are both worth the time.</div><p>{PARA}</p>
      </article></body></html>"""
    assert "The first book we recommend" in body(html)


def test_article_body_itemprop_is_preferred() -> None:
    html = f"""<html><body><div class="main"><p>{PARA * 3}</p></div>
      <div itemprop="articleBody"><p>The marked body. {PARA}</p><p>{PARA}</p></div></body></html>"""
    result = extract_body(load_html(html, BASE), BASE)
    assert result.method == "articleBody"
    assert "The marked body." in result.sections[0].markdown
    assert result.sections[0].markdown.count("The committee met") == 2  # not the unmarked div


def test_title_heading_of_the_article_header_is_dropped_but_body_headings_stay() -> None:
    html = f"""<html><body><article><header><h1>Bridge repairs approved</h1></header>
      <p>{PARA}</p><h2>Bridge repairs approved</h2><p>{PARA}</p><h2>Costs</h2><p>{PARA}</p>
      </article></body></html>"""
    doc = load_html(html, BASE)
    sections = extract_body(doc, BASE, Metadata(title="Bridge repairs approved")).sections
    assert [(s.heading, s.level) for s in sections] == [
        (None, 0), ("Bridge repairs approved", 2), ("Costs", 2)]


def test_flat_author_bio_after_the_text_is_removed_but_the_byline_avatar_stays() -> None:
    avatar = "https://img.example.test/avatars/lena.jpg"
    html = f"""<html><body><div itemprop="articleBody">
      <p><img src="{avatar}" alt="author avatar"></p><h5>Lena Ortiz</h5><p>{PARA}</p><p>{PARA}</p>
      <p><img src="{avatar}" alt="author avatar"></p><p>Lena Ortiz</p>
      <p>Lena Ortiz is a writer and a lover of all things gardening.</p><p>Follow @Lena Ortiz</p>
      </div></body></html>"""
    out = body(html, Metadata(authors=[Author("Lena Ortiz", avatar=avatar)]))
    assert out.count(avatar) == 1 and out.count("The committee met") == 2
    assert "Lena Ortiz" not in out  # the byline's name heading: the author is the article's metadata
    assert "lover of all things" not in out and "Follow @" not in out


def test_nested_bio_box_without_hints_is_removed_when_it_names_the_author() -> None:
    html = f"""<html><body><article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>
      <div class="box"><img src="/people/kim.png" alt="Kim Park"><div><b>Kim Park</b>
      <p>Kim Park covers transport and city budgets for the paper.</p></div></div></article></body></html>"""
    out = body(html, Metadata(authors=[Author("Kim Park")]))
    assert "covers transport" not in out and out.count("The committee met") == 3


def test_a_picture_named_after_the_author_marks_a_bio_box() -> None:
    """No alt text, no avatar class: the file is named after the author (Tailwind UI's author
    box); a picture named after someone else is the article's."""
    html = f"""<html><body><article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>
      <div class="mt-10 flex gap-x-6"><img src="/team/priyanka-deshmukh.jpg" alt="" class="h-16 w-16">
      <div><p>Priyanka Deshmukh</p><p>Priyanka leads product at Ledgerleaf and builds payroll software.</p>
      </div></div></article></body></html>"""
    out = body(html, Metadata(authors=[Author("Priyanka Deshmukh")]))
    assert "leads product" not in out and out.count("The committee met") == 3
    assert "leads product" in body(html, Metadata(authors=[Author("Jonas Berg")]))


def test_bio_without_a_picture_is_removed_only_with_the_author_name() -> None:
    html = f"""<html><body><div itemprop="articleBody"><p>{PARA}</p><p>{PARA}</p>
      <p>Lena Ortiz</p><p>Lena Ortiz is a reporter who follows city hall.</p><p>Follow @lena</p>
      </div></body></html>"""
    assert "is a reporter" not in body(html, Metadata(authors=[Author("Lena Ortiz")]))
    assert "is a reporter" in body(html, Metadata(authors=[Author("Someone Else")]))


def test_images_in_the_text_are_not_mistaken_for_a_bio() -> None:
    html = f"""<html><body><article><p>{PARA}</p><p><img src="/chart.png" alt="chart"></p>
      <p>The chart shows the repair costs per year.</p></article></body></html>"""
    out = body(html, Metadata(authors=[Author("Kim Park")]))
    assert "chart.png" in out and "repair costs per year" in out


def test_sections_split_at_headings_with_a_lead() -> None:
    html = f"""<html><body><article><p>Lead. {PARA}</p><h2>One</h2><p>{PARA}</p>
      <div><h3>One point one</h3><p>{PARA}</p></div><ul><li><h4>In a list</h4>item</li></ul>
      <h2>  </h2><h2>Two</h2><p>{PARA}</p></article></body></html>"""
    sections = extract_body(load_html(html, BASE), BASE).sections
    assert [(s.heading, s.level) for s in sections] == [
        (None, 0), ("One", 2), ("One point one", 3), ("Two", 2)]
    assert sections[0].markdown.startswith("Lead.")
    assert "**In a list**" in sections[2].markdown


# --- parse_article -------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [None, b"", "   ", b"\x89PNG\r\n\x1a\n\x00\x00", "<html><body></body></html>",
                                 "<p>" * 5000, "<html><body><p>short</p></body></html>"])
def test_parse_article_never_raises_and_explains(raw: bytes | str | None) -> None:
    article = parse_article(BASE, raw)
    assert article.is_article is False and article.reason
    assert article.url == BASE


def test_parse_article_accepts_a_profile_and_collects_links() -> None:
    html = f"""<html><head><title>Bridge repairs approved</title></head><body>
      <a href="/a/#x">A</a><a href="/a/">A again</a><a href="mailto:x@y.test">mail</a>
      <a href="https://other.example.test/b">B</a>
      <article><h1>Bridge repairs approved</h1><p>{PARA * 3}</p></article></body></html>"""
    profile = loads_profiles('[sites."*"]\nbody = "article"\n')
    article = parse_article(BASE, html.encode(), profile=profile)
    assert article.is_article, article.reason
    assert article.links == ["https://blog.example.test/a/", "https://other.example.test/b"]
    assert "The committee met" in article.body_markdown
    without = parse_article(BASE, html.encode(), profile=profile, links=False)
    assert without.links == []
    assert without.body_markdown == article.body_markdown and without.metadata == article.metadata


def _teaser(i: int) -> str:
    return (f'<div class="card"><h3><a href="/2024/story-{i}/">Story number {i} about the harbour</a></h3>'
            f"<p>A short summary of story {i}, with just enough words to look like a teaser.</p></div>")


def test_tag_page_with_teasers_is_not_an_article() -> None:
    html = ("<html><head><title>Posts tagged harbour</title></head><body><h1>harbour</h1>"
            + "".join(_teaser(i) for i in range(8)) + "</body></html>")
    article = parse_article("https://blog.example.test/tag/harbour/", html)
    assert article.is_article is False and article.reason.startswith("listing page")


@pytest.mark.parametrize("declared", [
    '<meta property="og:type" content="product">',
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", '
    '"name": "Trailhead 35L Daypack", "offers": {"@type": "Offer", "price": "129.95"}}</script>',
])
def test_a_shops_product_page_is_no_article_but_keeps_its_text(declared: str) -> None:
    """A product page (og:type or JSON-LD ``Product``) with a long description is no article; its
    text stays on the result for whoever asks."""
    html = f"""<html><head><title>Trailhead 35L Daypack</title>{declared}</head><body>
      <main><h1>Trailhead 35L Daypack</h1><p class="price">$129.95</p><button>Add to cart</button>
      <div class="description"><p>{PARA * 4}</p><p>{PARA * 4}</p></div></main></body></html>"""
    article = parse_article("https://shop.example.test/products/trailhead-35l-daypack", html)
    assert article.is_article is False and article.reason == "a product page (page type 'product')"
    assert PARA.strip() in article.body_text


def test_an_archive_declared_a_collection_beside_an_article_og_type_is_a_listing() -> None:
    graph = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
             '"CollectionPage", "@id": "https://blog.example.test/tag/harbour/", "name": "harbour Archives"}'
             "]}</script>")
    teasers = "".join(f'<article class="post"><h2><a href="/2024/0{i}/story-{i}/">Story number {i} about the '
                      f"harbour</a></h2><p>{PARA}</p></article>" for i in range(1, 6))
    html = (f'<html><head><title>harbour Archives</title><meta property="og:type" content="article">{graph}'
            f"</head><body><main><h1>harbour</h1>{teasers}</main></body></html>")
    article = parse_article("https://blog.example.test/tag/harbour/page/2/", html)
    assert article.metadata.page_type == "collectionpage"
    assert article.is_article is False and article.reason.startswith("listing page")


def test_an_index_of_cards_each_one_link_around_its_heading_is_a_listing() -> None:
    cards = "".join(f'<article class="col"><a class="card" href="/guides/part-{i}/"><h3>Guide part {i}</h3>'
                    f"<p>How to do step {i} from start to finish.</p></a></article>" for i in range(8))
    html = (f"<html><head><title>Guides</title></head><body><main><article><h1>Guides</h1><p>{PARA}</p>"
            f"{cards}</article></main></body></html>")
    article = parse_article("https://docs.example.test/guides/", html)
    assert article.is_article is False and article.reason.startswith("listing page")


def _event(description: str) -> str:
    return ('<html><head><title>The Lanterns at the Hall</title><meta property="og:type" content="website">'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MusicEvent", '
            '"name": "The Lanterns", "startDate": "2025-04-12T20:00"}</script></head><body><main>'
            f"<h1>The Lanterns</h1><p>Doors 7pm. Tickets $25.</p>{description}</main></body></html>")


def test_a_venues_page_of_one_event_is_no_article_and_a_long_report_declared_so_is() -> None:
    short = parse_article("https://hall.example.test/events/the-lanterns", _event(f"<p>{PARA * 3}</p>"))
    assert short.is_article is False and short.reason == "an event page (JSON-LD Event)"
    report = parse_article("https://hall.example.test/events/the-lanterns", _event(f"<p>{PARA * 8}</p>" * 3))
    assert report.is_article is True


def _teaser_article(i: int) -> str:
    return (f'<article class="teaser"><h3><a href="/news/2024/10/15/story-{i}/">Story number {i} about the '
            f'harbour</a></h3><p>After nearly two hours of public comment on story {i}, the council voted to '
            f'extend metered parking until eight on weekdays and to add loading spaces.</p></article>')


def test_a_short_brief_above_a_grid_of_teaser_articles_is_the_body() -> None:
    """A brief of two short paragraphs in its own ``<article>``, and a grid of teaser
    ``<article>``s below it in the same ``<main>``: the teasers' excerpts are no part of it."""
    brief = ("<p>Overnight lane closures on the Route 9 bridge will replace the daytime closures that "
             "snarled traffic last week, the state said Tuesday.</p><p>The work is expected to last three "
             "weeks, weather permitting, and drivers should expect delays of up to ten minutes.</p>")
    html = f"""<html><head><title>Overnight closures on the Route 9 bridge</title>
      <meta property="og:type" content="article"></head><body>
      <main><article class="post"><h1>Overnight closures on the Route 9 bridge</h1>{brief}</article>
      <section><h2>Latest Local News</h2><div class="grid">{"".join(_teaser_article(i) for i in range(6))}
      </div></section></main></body></html>"""
    article = parse_article("https://ledger.example.test/news/2024/10/16/route-9-bridge/", html)
    assert "three weeks, weather permitting" in article.body_text and "Overnight lane" in article.body_text
    assert "public comment" not in article.body_text


def test_boxes_of_one_page_each_an_article_element_are_all_its_text() -> None:
    """A recipe page whose parts are ``<article>`` boxes (header, ingredients, method): long
    boxes are no teasers, the body holds them all."""
    boxes = "".join(f'<article class="box"><h2>Part {n}</h2><p>{PARA * 3}</p><a href="/x{n}/">x</a></article>'
                    for n in ("Zutaten", "Zubereitung"))
    html = f"""<html><head><title>Mandarin cake</title></head><body><main>
      <article class="box recipe-header"><h1>Mandarin cake</h1><p>The creamiest cake I know.</p></article>
      {boxes}</main></body></html>"""
    article = parse_article("https://recipes.example.test/recipe/123/mandarin-cake.html", html)
    assert "Part Zutaten" in article.body_markdown and "Part Zubereitung" in article.body_markdown


def test_article_with_a_sidebar_full_of_teasers_is_still_an_article() -> None:
    html = f"""<html><head><title>Bridge repairs approved</title>
      <meta property="og:type" content="article"></head><body>
      <article><h1>Bridge repairs approved</h1><p>{PARA * 4}</p><p>{PARA * 4}</p><p>{PARA * 4}</p></article>
      <aside>{"".join(_teaser(i) for i in range(8))}</aside></body></html>"""
    article = parse_article("https://blog.example.test/2024/bridge-repairs/", html)
    assert article.is_article, article.reason
    assert "Story number" not in article.body_markdown


@pytest.mark.parametrize("cls, dropped", [
    ("sr-only", True), ("icon Screen-Reader-Text", True), ("visually-hidden label", True),
    ("VisuallyHidden", True), ("x\tsr-only", True),
    ("sr-only-focusable-x", False), ("not-sr-only", False), ("visually-hiddenish", False), ("lead", False),
])
def test_screen_reader_text_is_dropped_by_whole_class_token(cls: str, dropped: bool) -> None:
    from lxml import html as lxml_html

    from crawler.parsers.cleanup import prepare_page

    root = lxml_html.fragment_fromstring(
        f'<div><p>Kept text.<span class="{cls}">Opens in a new window</span></p>'
        '<ins class="adsbygoogle">Ad</ins></div>')
    prepare_page(root)
    text = root.text_content()
    assert ("Opens in a new window" not in text) is dropped
    assert "Kept text." in text and "Ad" not in text


def test_class_weights_and_unlikely_areas() -> None:
    from lxml import html as lxml_html

    from crawler.parsers import cleanup, content_scores

    root = lxml_html.fragment_fromstring(
        '<div><div class="post-content" id="sidebar"></div><div class="comment-list"></div>'
        '<h2 class="entry-title" id="related-stories"></h2><div class="post-content"></div>'
        '<div class="x" id="main"></div><div></div></div>')
    # a heading's id is a slug of its text: not weighed
    assert [cleanup.class_weight(el) for el in root] == [0, -25, 25, 25, 25, 0]
    root = lxml_html.fragment_fromstring(
        '<div><div class="sidebar"><p>a</p></div><div class="sidebar main-content"><p>b</p></div>'
        '<div id="comments"><p>c</p></div><div class="sidebar"><p>d</p></div><div role="menu">e</div></div>')
    areas = content_scores.unlikely_elements(root)
    assert {el.text_content() for el in areas if el.tag == "div"} == {"a", "c", "d", "e"}


LABEL_WORDS = st.sampled_from(["Advertisement", "ad", "AD", "Anzeige", "publicité", "sponsored", "content",
                               "Sponsored content", "adverts", "read"])
SPACE = st.sampled_from(["", " ", "\n\t", "\u00a0", "\x1c", "\u3000 "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SPACE, LABEL_WORDS), max_size=3), SPACE)
def test_ad_label_on_the_raw_text_as_on_the_collapsed(words: list[tuple[str, str]], end: str) -> None:
    from crawler.parsers.cleanup_hints import AD_LABEL

    # the label as it was matched on the collapsed text
    collapsed_label = re.compile(
        r"^(?:advertisement|advertising|sponsored(?: content)?|ad|anzeige|publicité)$", re.I)
    raw = "".join(space + word for space, word in words) + end
    assert bool(AD_LABEL.match(raw)) == bool(collapsed_label.match(" ".join(raw.split())))


def test_a_live_blog_entry_title_beside_its_timestamp_link_stays() -> None:
    """An entry's header holds its permalink (a timestamp, ``<a><time>``) and its title: link-heavy
    by the numbers, but its title is no link; a card of links with a heading goes, and so does a
    commenter's name beside a profile link."""
    from lxml import html

    from crawler.parsers.conditional import clean_blocks

    content = html.fromstring(
        '<div><div class="entry"><header class="block-header"><a href="?entry=2#entry-2">'
        '<time datetime="2025-01-14T10:05:00Z">10.05 GMT</time></a><h2>River peaks</h2></header>'
        "<p>The gauge at Aldford Bridge reached 4.1 metres just after nine, the highest reading"
        " since 2015.</p>"
        '</div><header class="card"><h3><a href="/news/mill-fire/">Mill fire brought under control</a></h3>'
        '<a href="/news/">News</a></header>'
        '<div class="user"><a href="/members/pepe/">Pepe</a><h4>Member</h4></div></div>')
    clean_blocks(content)
    text = content.text_content()
    assert "River peaks" in text and "10.05 GMT" in text
    assert "Mill fire" not in text and "Pepe" not in text


def test_zero_width_joiners_stay_and_invisible_breaks_go() -> None:
    """Persian and Indic words are spelt with the zero-width non-joiner, emoji sequences with the
    joiner; a zero-width space, a word joiner, a byte-order mark and a soft hyphen are no text."""
    persian = "نمایشگاه بین\u200cالمللی کتاب تهران می\u200cشود"
    html = f"""<html><body><article><p>{PARA}</p><p>{persian} و 👩\u200d🔬 Wis\u00adsen\u200bschaft\ufeff.</p>
      </article></body></html>"""
    out = body(html, Metadata())
    assert persian in out and "👩\u200d🔬" in out and "Wissenschaft." in out


@pytest.mark.parametrize("box", [
    # an appeal for money, a licence box, a player's controls, a sign-up box of hashed classes
    "<div class='contributions-epic'><h2>Before you move on…</h2><p>Our journalism is funded by readers. "
    "Please give what you can.</p><a class='button' href='/support/'>Support the Ledger</a></div>",
    "<div class='republish-box'><h4>Republish this story</h4><p>You may copy this story under a Creative "
    "Commons license.</p></div>",
    "<div class='player-controls-extra'><label><input type='checkbox' checked> Autoplay next video</label>"
    "<span class='duration'>11:42</span></div>",
    "<figure class='dcr-173mewl'><p class='dcr-1w6'>Free weekly newsletter</p><p class='dcr-x'>The planet’s "
    "most important stories, every week.</p><div><form><label for='e6'>Enter your email address</label>"
    "<input id='e6' type='email'><button type='submit'>Sign up</button></form></div><p class='dcr-n'>"
    "<strong>Privacy Notice:</strong> Newsletters may contain info about charities.</p></figure>",
    "<div class='formkit-form'><div><div><input name='email_address' type='email'></div><button>Send me the "
    "calendar</button></div><div><p>Want my free printable calendar? Join 14,000 gardeners who get my Sunday "
    "letter.</p></div></div>",
    "<div class='wp-block-rank-math-toc-block' id='rank-math-toc'><h2>Table of Contents</h2><nav><ul>"
    "<li><a href='#one'>One</a></li><li><a href='#two'>Two</a></li></ul></nav></div>",
    # a call to action: HubSpot's embed in a paragraph of its own, a box of a theme
    "<p><span class='hs-cta-wrapper' id='hs-cta-wrapper-8a7b'><span class='hs-cta-node hs-cta-8a7b'>"
    "<a href='https://cta-redirect.hubspot.com/cta/redirect/44/8a7b' class='cta_button'>See how Palletwise "
    "recommends slotting moves</a></span></span></p>",
    "<div class='cta-box'><h4>Ready for a free heat pump quote?</h4><p>Certified installers in your region, "
    "without obligation.</p><a href='/angebot/'>Get my quote</a></div>",
    # text shown as a tooltip (a byline's bio, a term's gloss)
    "<div class='x7'><p class='x8'>Reviewed in our lab over three weeks of daily use and travel.</p>"
    "<div class='x9' role='tooltip'>Elena Voss is a senior reviewer covering laptops and tablets, and "
    "spent five years testing PCs for a hardware lab before joining.</div></div>",
    # a machine summary's disclaimer, a reader's mood poll, a Trust Project badge
    "<div class='ai-summary'><p>Residents want the drains cleared.</p><div class='disclaimer'>This is AI "
    "generated summarization, which may have errors. For context, always refer to the full article.</div>"
    "</div>",
    "<div class='mood-meter'><h3>How does this make you feel?</h3><button>Happy</button><button>Sad</button>"
    "</div>",
    "<div class='c-trust-project'><span>Conforme a los criterios de</span><img alt='The Trust Project'>"
    "</div>",
    # an affiliate unit between two paragraphs
    "<div class='wp-block-group affiliate-box'><h4>Where we stayed</h4><p><strong>Casa Azul</strong> – rooms "
    "with a view. From €78 a night.</p><a class='btn' rel='sponsored' href='https://booking.example/h'>"
    "Check prices</a></div>",
    # readers' comments under a Portuguese or a German heading
    "<div id='comentarios'><h3>Comentários</h3><div class='comentario'><b>José</b> Autocarros novos são "
    "ótimos, mas de nada servem sem motoristas.</div></div>",
    "<section class='kommentare'><h3>Kommentare</h3><p>Leserin Anna: Der Umbau dauert viel zu lange.</p>"
    "</section>",
    "<div class='hozzaszolasok'><div class='hozzaszolas'><b>Szabó Judit</b> Remélem, nem lesz "
    "halpusztulás.</div></div>",
    # a sign-up plugin's box whose field is no e-mail input
    "<div class='av-mailchimp-section'><h3>Studio Notes</h3><p>A short email every season with new "
    "projects.</p><form><input type='text' class='is_email'><input type='submit' value='Go'></form></div>",
])
def test_boxes_inside_the_article_that_are_not_its_text_go(box: str) -> None:
    paras = "".join(f"<p>{PARA}{n}</p>" for n in range(4))
    got = body(f"<html><body><article><h1>Title</h1>{paras}{box}<p>{PARA}end</p></article></body></html>")
    assert got.count(PARA.strip()) == 5
    for words in ("Before you move on", "Republish", "Autoplay", "newsletter", "Privacy Notice",
                  "Table of Contents", "calendar", "Where we stayed", "Check prices", "Autocarros",
                  "Umbau", "halpusztulás", "Studio Notes", "Palletwise", "heat pump quote",
                  "senior reviewer", "AI generated", "make you feel", "Conforme a los criterios"):
        assert words not in got


def test_a_papers_section_classed_toc_section_that_cites_by_fragment_links_stays() -> None:
    """PLOS: every section is a ``<div class="section toc-section">``, its paragraphs citing the
    references by links into the page ("[1]"): no table of contents, whose links are its text."""
    cite = '[<a href="#ref001" class="ref-tip">1</a>,<a href="#ref002" class="ref-tip">2</a>]'
    section = (f'<div id="section1" class="section toc-section"><a id="sec001" class="link-target"></a>'
               f"<h2>Introduction</h2><p>Moths outnumber butterflies by far {cite}. {PARA}</p>"
               f"<p>Light at night disorients them {cite}. {PARA}</p></div>")
    toc = ('<div class="toc"><h2>Contents</h2><ul><li><a href="#sec001">Introduction</a></li>'
           '<li><a href="#sec002">Methods</a></li></ul></div>')
    got = body(f"<html><body><article><h1>Title</h1>{toc}<p>{PARA}</p>{section}</article></body></html>")
    assert "Moths outnumber butterflies by far" in got and "Light at night disorients them" in got
    assert "Contents" not in got


def test_hashed_classes_with_test_ids_name_their_widgets() -> None:
    """Classes of a design system's hashes say nothing; the test/QA ids say what a box is."""
    paras = "".join(f"<p>{PARA}{n}</p>" for n in range(4))
    boxes = ("<div class='wpds-c-jHMpwo' data-qa='article-body-ad'><div class='wpds-c-bx'>Story continues "
             "below advertisement</div></div>"
             "<div class='wpds-c-PJLV' data-qa='newsletter-inline-signup'><span>Newsletter</span>"
             "<p>Practical answers, every Tuesday.</p><button>Sign up</button></div>")
    figure = ("<figure><img src='/a.jpg' alt=''><figcaption class='wpds-c-iq'><span>Oyster boats at dawn. "
              "</span><span class='wpds-c-fH' data-testid='credits'>(Tom Kettering/The Standard)</span>"
              "</figcaption></figure>")
    got = body(f"<html><body><article><h1>Title</h1>{paras}{boxes}{figure}<p>{PARA}end</p></article>"
               "</body></html>")
    assert got.count(PARA.strip()) == 5 and "Oyster boats at dawn" in got
    for words in ("Story continues", "Practical answers", "Kettering"):
        assert words not in got


def test_an_affiliate_link_in_a_sentence_stays() -> None:
    got = body(f"<html><body><article><h1>Title</h1><p>{PARA}</p><p>After the long walk we slept at <a "
               f"class='affiliate-link' href='https://booking.example/h'>Casa Azul</a> for three nights, and "
               f"the owners cooked for us every evening.</p><p>{PARA}</p></article></body></html>")
    assert "slept at [Casa Azul](https://booking.example/h) for three nights" in got


def test_a_checklist_of_labels_with_checkboxes_is_article_text() -> None:
    items = "".join(f"<li><label class='label-checkbox'><input type='checkbox'><span>{n} g of flour, "
                    f"sifted twice</span></label></li>" for n in (100, 200, 300))
    got = body(f"<html><body><article><h1>Pierogi</h1><p>{PARA}</p><h2>Ingredients</h2><ul>{items}</ul>"
               f"<p>{PARA}</p></article></body></html>")
    assert "300 g of flour, sifted twice" in got


# --- date lines, sign-up boxes, guest books, jump links, article streams ----------------------------
def test_a_date_line_of_time_elements_goes_in_any_language_and_a_time_in_a_sentence_stays() -> None:
    out = body(f"<html><body><article><h1>Samarqand noni</h1><div class='meta'><div class='names'>Dilnoza "
               "Karimova</div><div class='flex'><time datetime='2024-09-09'>9-sentabr, 2024</time><span>"
               "Yangilangan: <time datetime='2024-09-12'>12-sentabr, 2024</time></span></div></div>"
               f"<p>{PARA * 3}</p><p>The market opened on <time datetime='2024-09-10'>10-sentabr</time> with "
               f"new stalls. {PARA}</p><p>Erschienen am <time datetime='2022-01-26'>26. Jan 2022</time> "
               "<span>im Format</span> <span>Aktuelles</span></p>"
               "<table><tr><td><time>10:00</time></td><td>Opening</td></tr></table></article></body></html>")
    assert "9-sentabr, 2024" not in out and "Yangilangan" not in out
    assert "The market opened on 10-sentabr with new stalls." in out
    assert "Erschienen am 26. Jan 2022" in out  # a <time> among words of one line stays with them
    assert "10:00" in out


def test_a_list_of_the_header_s_dates_and_reading_time_goes_and_a_timeline_stays() -> None:
    meta = ("<ul><li><time datetime='2024-02-27'><span>Published Feb. 27, 2024</span></time></li>"
            "<li><time datetime='2024-02-28'>Updated Feb. 28, 2024, 10:21 a.m. ET</time></li>"
            "<li><span>6 min read</span></li></ul>")
    timeline = ("<ul><li><time>2019</time> Founded</li><li><time>2021</time> First shop</li>"
                "<li><time>2023</time> Second shop</li></ul>")
    out = body(f"<html><body><article><header><h1>Heat pumps</h1><p>By Hannah Liu</p>{meta}</header>"
               f"<p>{PARA * 3}</p><p>{PARA * 2}</p>{timeline}<p>{PARA}</p></article></body></html>")
    assert "Published Feb. 27" not in out and "6 min read" not in out and "Updated Feb. 28" not in out
    assert "2021 First shop" in out


def test_a_pull_quote_repeating_the_text_goes_and_one_quoting_something_else_stays() -> None:
    said = ("<p>“We used to pay to get rid of this heat,” said Lars Holmgren, the facilities manager. "
            "“Now the town pays us a little for it, and everybody is happier.”</p>")
    pull = ("<blockquote class='td_pull_quote td_pull_center'><p>We used to pay to get rid of this heat. "
            "Now the town pays us for it.</p><p class='td_pull_quote_author'>Lars Holmgren, manager</p>"
            "</blockquote>")
    other = ("<figure class='wp-block-pullquote'><blockquote><p>All adventures are mysteries connecting the "
             "past to the threads of our lives.</p><cite>Video tablet</cite></blockquote></figure>")
    out = body(f"<html><body><article><h1>Leftover heat</h1><p>{PARA * 3}</p>{said}{pull}<p>{PARA}</p>"
               f"{other}</article></body></html>")
    assert "Now the town pays us for it." not in out and "Lars Holmgren, manager" not in out
    assert "everybody is happier" in out
    assert "All adventures are mysteries" in out  # styled as a pull quote, quoting what the text does not


def test_a_box_whose_form_asks_only_for_an_e_mail_address_is_a_sign_up_box_in_any_language() -> None:
    out = body(f"<html><body><article><h1>Trammiliin</h1><p>{PARA * 3}</p><section class='nl'>"
               "<h3>Telli uudiskiri</h3><p>Päeva olulisemad uudised igal hommikul sinu postkastis.</p>"
               "<form><input type='email' placeholder='Sinu e-posti aadress'><button>Telli</button></form>"
               "</section><p>Kirjuta meile, kui sul on küsimusi.</p><form><input type='email' name='mail'>"
               "<textarea name='message'></textarea><button>Saada</button></form></article></body></html>")
    assert "Telli uudiskiri" not in out and "Päeva olulisemad" not in out
    assert "Kirjuta meile" in out  # beside a form that asks for a message too


def test_a_section_titled_as_a_comment_thread_goes_whatever_its_classes() -> None:
    thread = ("<section class='cmts'><h3>Kommentaarid (8)</h3><div><b>Peeter</b><p>Huvitav, kui kaua uued "
              "rööpad seekord vastu peavad.</p></div></section><div class='fikerlar'><div class='bash'>"
              "Фикерләр (2)</div><div class='fiker'>Былтыр урын җитмәде</div></div>")
    kept = ("<section><h3>Comments on the draft budget</h3><p>The council asked residents for views.</p>"
            "</section>")
    out = body(f"<html><body><article><h1>Trammiliin</h1><p>{PARA * 3}</p>{kept}{thread}</article>"
               "</body></html>")
    assert "Huvitav" not in out and "Kommentaarid" not in out and "Былтыр" not in out
    assert "The council asked residents for views." in out  # a heading that says more than "comments"


@pytest.mark.parametrize("replies", [
    "<section id='replies'><h2>Webmentions</h2><p>14 likes · 3 reposts</p><div><p><span>Kasia</span></p>"
    "<p>I did the same migration last spring and hit the same port problem.</p></div></section>",
    "<div class='webmentions'><p><span>Kasia</span> replied:</p>"
    "<p>I did the same migration last spring and hit the same port problem.</p></div>",
    "<section class='reviews'><h2>Reviews (318)</h2><div><p>I did the same migration last spring and hit "
    "the same port problem.</p></div></section>",
])
def test_webmentions_are_a_comment_thread(replies: str) -> None:
    out = body(f"<html><body><article><h1>Moving to Podman</h1>{f'<p>{PARA}</p>' * 4}{replies}</article>"
               "</body></html>")
    assert "I did the same migration" not in out and PARA.strip() in out


def test_a_sign_up_box_in_any_language_goes_by_the_address_its_form_posts_to() -> None:
    out = body(f"<html><body><article><h1>Sayohat</h1><p>{PARA * 3}</p><section><h2>Yangi maqolalardan "
               "xabardor bo'ling</h2><p>Har hafta eng yaxshi yo'riqnomalarni yuboramiz.</p>"
               "<form action='/api/newsletter' method='post'>"
               "<input type='email' placeholder='Elektron pochta'>"
               "<button>Obuna bo'lish</button></form></section></article></body></html>")
    assert "Har hafta" not in out and "xabardor" not in out
    assert PARA.strip()[:40] in out


def test_a_guest_book_inside_the_content_goes() -> None:
    out = body(f"<html><body><article><h1>Eleanor Haskins</h1><p>{PARA * 3}</p><section class='guestbook'>"
               "<h2>Guest Book</h2><p>She taught my class in 1968. My deepest sympathy.</p></section>"
               "</article></body></html>")
    assert "deepest sympathy" not in out


def test_a_jump_to_recipe_link_goes() -> None:
    out = body("<html><body><article><h1>Pear galette</h1><div class='wprm-recipe-snippet'>"
               "<a href='#recipe' class='wprm-recipe-jump'>Jump to Recipe</a></div>"
               f"<p>{PARA * 3}</p></article></body></html>")
    assert "Jump to Recipe" not in out


def test_an_article_stream_keeps_the_article_the_page_is_about() -> None:
    def story(title: str, text: str) -> str:
        return f"<article><h1>{title}</h1><p>{text * 3}</p></article>"

    other = "The bakery will close for good in April, its owners announced on Tuesday, after sixty years. "
    page = (f"<html><body><main><div id='stream'>{story('Council approves ferry terminal', PARA)}"
            f"<div class='ad'>Advertisement</div>{story('Bakery to close after 61 years', other)}</div>"
            "</main>"
            "</body></html>")
    out = body(page, Metadata(title="Council approves ferry terminal"))
    assert "ferry operators" in out and "bakery" not in out.lower()
    # the same stream without a title to tell them apart: nothing is narrowed
    assert "bakery" in body(page, Metadata(title="Something else entirely")).lower()


def test_a_layout_table_of_an_old_site_gives_the_content_cell_not_the_menu_beside_it() -> None:
    # HTML 3.2: a menu cell beside a content cell, the text in <font> split by <br><br>, a picture
    # in a table of its own and a list inside the text
    menu = "".join(f'<A HREF="../{n}.htm">{n.title()}</A><BR>' for n in
                   ("startseite", "aktuelles", "verein", "museum", "chronik", "termine", "mitglied", "links"))
    text = "<BR><BR>".join(PARA for _ in range(4))
    page = (f'<HTML><BODY><TABLE WIDTH="760"><TR><TD WIDTH="160"><FONT SIZE="2"><B>Navigation</B><BR>{menu}'
            'Sie sind Besucher Nr. 4711</FONT></TD><TD WIDTH="600"><TABLE WIDTH="100%"><TR><TD>'
            f'<FONT SIZE="5"><B>Die Mühle dreht sich wieder</B></FONT><BR><FONT SIZE="3">{text}'
            '<CENTER><TABLE BORDER="1"><TR><TD><IMG SRC="rad.jpg"><BR>Das neue Rad.</TD></TR></TABLE>'
            "</CENTER>"
            f"<UL><LI>Zuschüsse des Landes<LI>Spenden von Mitgliedern</UL>{text}</FONT></TD></TR></TABLE>"
            "</TD></TR></TABLE></BODY></HTML>")
    out = body(page)
    assert "Spenden von Mitgliedern" in out and "ferry operators" in out
    assert "Chronik" not in out and "Besucher" not in out


def test_a_long_comment_thread_inside_the_content_goes_but_not_a_wrapper_of_most_of_it() -> None:
    entries = "".join(f"<div class='gb-entry'><p>Entry {n}: she taught my class and I remember her kindness "
                      f"every spring when the garden opens again.</p></div>" for n in range(6))
    out = body(f"<html><body><article><h1>Eleanor Haskins</h1><p>{PARA * 8}</p><section id='guestbook' "
               f"class='guestbook'><h2>Guest Book</h2>{entries}</section></article></body></html>")
    assert "taught my class" not in out and "ferry operators" in out
    wrapped = body(f"<html><body><article><h1>Notes</h1><div class='comments'><p>{PARA * 6}</p></div>"
                   "</article></body></html>")
    assert "ferry operators" in wrapped


def test_a_page_rendered_by_script_takes_its_body_from_the_json_ld_article_body() -> None:
    import json

    from crawler.parsers import parse_article

    text = "\n\n".join(f"Paragraph {n} of the fine story: {PARA}" for n in range(1, 4))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "App fined",
                     "articleBody": text})
    skeleton = "<div class='skeleton'><div class='line'></div><div class='line'></div></div><p>Loading…</p>"
    page = (f"<html><head><title>App fined</title><script type='application/ld+json'>{ld}</script></head>"
            f"<body><header>Circuit Daily</header><main>{skeleton}</main></body></html>")
    art = parse_article("https://news.example.test/2024/05/app-fined", page)
    assert art.is_article
    assert [p.split(":")[0] for p in art.sections[0].markdown.split("\n\n")] == [
        "Paragraph 1 of the fine story", "Paragraph 2 of the fine story", "Paragraph 3 of the fine story"]
    html_ld = json.dumps({"@type": "NewsArticle", "headline": "App fined",
                          "articleBody": f"<p>{PARA}</p><h2>Appeal</h2><p>{PARA}</p>"})
    art = parse_article("https://news.example.test/2024/05/app-fined",
                        page.replace(ld, html_ld))
    assert [s.heading for s in art.sections] == [None, "Appeal"]
    shown = parse_article("https://news.example.test/2024/05/app-fined",
                          page.replace(skeleton, f"<article><h1>App fined</h1><p>{PARA * 3}</p></article>"))
    assert "Paragraph 1" not in shown.body_text  # the page's own text comes first


def test_a_closing_line_that_opens_with_the_author_s_name_and_reads_as_a_bio_goes() -> None:
    meta = Metadata(title="A four-day week", authors=[Author("Renata Albuquerque")])
    bio = ("<p><em>Renata Albuquerque is a professor of education policy at Portland State University.</em>"
           "</p>")
    out = body(f"<html><body><article><h1>A four-day week</h1><div class='body'><p>{PARA * 3}</p>"
               f"<p>Renata Albuquerque asked the board twice. {PARA}</p>{bio}</div></article></body></html>",
               meta)
    assert "is a professor of education policy" not in out
    assert "Renata Albuquerque asked the board twice." in out  # her name in the text stays


def test_a_press_release_s_closing_about_the_company_section_goes() -> None:
    meta = Metadata(title="Verdalia opens a battery plant", site_name="Verdalia")
    page = (f"<html><body><article><h1>Verdalia opens a battery plant</h1><p>{PARA * 3}</p>"
            f"<h2>Next steps</h2><p>{PARA}</p><h3>Sobre Verdalia</h3>"
            "<p>Verdalia es una compañía energética española.</p></article></body></html>")
    out = body(page, meta, url="https://www.verdalia.com/es/sala-de-prensa/nota")
    assert "Sobre Verdalia" not in out and "compañía energética" not in out
    assert "Next steps" in out
    other = body(page.replace("Sobre Verdalia", "Sobre Iberdrola"), meta, url="https://www.verdalia.com/es/nota")
    assert "Sobre Iberdrola" in other  # about another company: part of the news


@pytest.mark.parametrize("wrapper", [
    '<div class="footnote"><hr><ol>{items}</ol></div>',  # Python-Markdown (MkDocs, Pelican)
    '<section class="footnotes" role="doc-endnotes"><hr><ol>{items}</ol></section>',  # Pandoc, Goldmark
    '<div class="footnotes"><ol>{items}</ol></div>',  # kramdown, MultiMarkdown
])
def test_the_articles_footnotes_stay(wrapper: str) -> None:
    items = "".join(f'<li id="fn:{n}"><p>Footnote {n} says where the figure of {n} comes from.&#160;'
                    f'<a class="footnote-backref" href="#fnref:{n}">&#8617;</a></p></li>' for n in (1, 2))
    html = (f'<html><body><article><h1>Bridge repairs approved</h1><p>{PARA}<sup id="fnref:1">'
            f'<a class="footnote-ref" href="#fn:1">1</a></sup></p>' + f"<p>{PARA}</p>" * 8 +
            f'{wrapper.format(items=items)}</article><footer class="site-footnote">© The Gazette</footer>'
            "</body></html>")
    text = body(html, Metadata(title="Bridge repairs approved"))
    assert "Footnote 1 says where the figure of 1 comes from." in text
    assert "Footnote 2 says where the figure of 2 comes from." in text
    assert "↩" not in text and "The Gazette" not in text


@pytest.mark.parametrize(("aside", "kept"), [
    ('<aside class="msg alert"><p>Never keep the database on a network file system.</p></aside>', True),
    ('<aside class="admonition warning"><p>Never keep the database on a network file system.</p></aside>',
     True),
    ('<aside class="callout"><p>Never keep the database on a network file system.</p></aside>', True),
    ('<aside class="tip-jar"><p>Never keep the database on a network file system.</p></aside>', False),
    ('<aside class="related"><p>Never keep the database on a network file system.</p></aside>', False),
])
def test_a_note_or_warning_box_in_an_aside_is_article_text(aside: str, kept: bool) -> None:
    html = (f"<html><body><article><h1>Bridge repairs approved</h1>{f'<p>{PARA}</p>' * 4}{aside}"
            f"{f'<p>{PARA}</p>' * 4}</article></body></html>")
    assert ("Never keep the database" in body(html, Metadata(title="Bridge repairs approved"))) is kept


def test_the_text_kept_for_subscribers_is_the_article() -> None:
    """A news CMS wraps its article's text in what it shows everyone and what it keeps for
    subscribers (TownNews BLOX: "subscriber-preview", "subscriber-only"): both are the article."""
    html = ('<html><body><h1>Rates rise</h1>'
            '<div itemprop="articleBody" class="asset-content subscriber-premium">'
            '<div class="subscriber-preview">'
            f'<p>Residents will pay more for water from January. {PARA}</p></div>'
            f'<div class="subscriber-only">{f"<p>{PARA}</p>" * 5}<p>The council meets again in September.</p>'
            '</div></div><div class="subscription-promo"><p>Subscribe today for unlimited access.</p></div>'
            "</body></html>")
    text = body(html, Metadata(title="Rates rise"))
    assert "Residents will pay more for water" in text and "The council meets again in September." in text


@pytest.mark.parametrize(("player", "kept"), [
    ('<bsp-jw-player class="VideoEnhancement"><div class="VideoEnhancement-placeholder">'
     '<img src="/p.jpg" alt=""><span class="VideoEnhancement-title">WATCH: Storm damage from the tower camera'
     '</span></div></bsp-jw-player>', False),
    ('<div data-testid="video-player"><div><img src="/p.jpg" alt=""><button>Afspelen</button></div>'
     '<p>Bekijk de beelden: drukte op het station na de storing</p></div>', False),
    ('<div class="c-video"><p class="c-video__title">【動画】町家再生の現場を歩く</p></div>', False),
    # a caption that says what happened is text of the article; so is a video post's own wrapper
    ('<div class="video-caption"><p>Gunmen stormed the national museum, killing at least 19 people.</p>'
     '</div>', True),
    ('<div class="post format-video"><p>Watch the whole ride from the top of the pass</p></div>', True),
])
def test_a_video_players_title_leaves_the_body(player: str, kept: bool) -> None:
    html = (f"<html><body><article><h1>Storm</h1>{f'<p>{PARA}</p>' * 3}{player}{f'<p>{PARA}</p>' * 3}"
            "</article></body></html>")
    text = body(html, Metadata(title="Storm"))
    for line in ("Storm damage", "Bekijk de beelden", "町家再生", "Gunmen stormed", "Watch the whole ride"):
        if line in player:
            assert (line in text) is kept


def test_a_short_block_of_a_dense_script_is_a_sentence_not_a_widget() -> None:
    """Eighteen Hangul characters are a whole sentence (a quotation set in a block of its own); the
    same length of a Latin script is a widget's label."""
    quote = ("<div class='quote'><p>묵은지는 오래 끓일수록 맛있어진다</p></div>"
             "<div class='x'><p>Like 37 times</p></div>")
    html = (f"<html><body><article><h1>김치찌개</h1>{'<p>' + '김치찌개를 끓였어요. ' * 60 + '</p>'}{quote}"
            f"{'<p>' + '두부는 마지막에 넣어 주세요. ' * 30 + '</p>'}</article></body></html>")
    text = body(html, Metadata(title="김치찌개"))
    assert "묵은지는 오래 끓일수록 맛있어진다" in text and "Like 37 times" not in text


def test_an_apps_pop_up_and_an_author_box_under_its_heading_go() -> None:
    page = (f"<html><body><article><h1>Bakery</h1><p>{PARA * 3}</p><p>{PARA * 2}</p>"
            "<div class='popup-app'><p>Read the news in our app and win a prize every day</p>"
            "<div class='daily-app-box'><strong>Get our app on your phone</strong></div>"
            "<a href='/app'>Download the app</a></div>"
            "<section class='Au3Pf'><h2>この記事を書いた人</h2><div class='card'>"
            "<img src='https://news.example.org/reporter/img/dana-levi.jpg' alt=''>"
            "<div><p><a href='/reporter/dana-levi/'>Dana Levi</a></p>"
            "<p>Takamatsu bureau, regional economy</p></div></div></section></article></body></html>")
    text = body(page, Metadata(authors=[Author("Dana Levi")]))
    assert "agreed to repair" in text
    for gone in ("win a prize", "Download the app", "この記事を書いた人", "Takamatsu bureau", "Get our app"):
        assert gone not in text


def test_a_price_widgets_paid_buttons_go_and_an_advertorials_paid_links_stay() -> None:
    widget = ("<div class='w'><p>Today's best Aura X5 deals</p><ul>"
              + "".join(f"<li><span>{shop}</span> <span>${price}</span> <a rel='sponsored nofollow' "
                        f"href='https://go.example.org/aff?m={shop}'>View Deal</a></li>"
                        for shop, price in (("Amazon", 249), ("Best Buy", 229), ("Walmart", 239)))
              + "</ul><p>We check millions of prices every day</p></div>")
    advertorial = ("<ul>" + "".join(f"<li>{label}: <a rel='sponsored' href='https://region.example.org/{n}'>"
                                    f"{name}</a> {rest}</li>" for n, (label, name, rest) in enumerate((
                                        ("Wellness", "Six spas", "with warm spring water"),
                                        ("Food", "Local dishes", "such as pumpkin, horseradish and wine"))))
                   + "</ul>")
    page = (f"<html><body><article><h1>Review</h1><p>{PARA * 3}</p>{widget}<p>{PARA * 2}</p>"
            "<div class='trust-box'><h3>Why you can trust us</h3><p>Our reviewers spend hours testing.</p>"
            f"</div>{advertorial}</article></body></html>")
    text = body(page)
    for gone in ("View Deal", "best Aura X5 deals", "millions of prices", "Why you can trust us"):
        assert gone not in text
    assert "Six spas" in text and "pumpkin, horseradish" in text


def test_the_rest_of_an_article_behind_a_continue_reading_button_is_its_text() -> None:
    rest = "".join(f"<p>Hidden paragraph {n} of the article, which a reader sees after one click.</p>"
                   for n in range(3))
    page = (f"<html><body><article><h1>Diaries</h1><p>{PARA * 3}</p>"
            f'<div class="story__rest is-collapsed" id="rest" aria-hidden="true">{rest}</div>'
            '<button aria-controls="rest" aria-expanded="false">Continue reading</button>'
            '<div id="search" hidden><p>Search all our stories by keyword and by author.</p>'
            "<p>Results open in a new page, sorted by date.</p></div>"
            '<button aria-controls="search" aria-expanded="false">Search</button></article></body></html>')
    text = body(page)
    assert "Hidden paragraph 2 of the article" in text
    assert "Search all our stories" not in text  # a search panel's button reveals no article


def test_a_list_between_the_chosen_blocks_of_the_text_stays_with_them() -> None:
    notes = "".join(f"<li><strong>[0{n}:15]</strong> Topic number {n} of the episode</li>" for n in range(5))
    transcript = "".join(f"<p><strong>HOST:</strong> {PARA}</p>" for _ in range(12))
    page = (f"<html><body><main><div class='block'><p>{PARA}</p><p>{PARA}</p><h2>Show notes</h2>"
            f"<ul>{notes}</ul><h2>Full transcript</h2><div class='transcript'>{transcript}</div></div>"
            "</main></body></html>")
    text = body(page)
    assert "Topic number 3 of the episode" in text and "## Show notes" in text


def test_code_is_never_taken_for_a_sign_off_or_another_boilerplate_line() -> None:
    page = (f"<html><body><article><h1>Release 4.2</h1><p>{PARA * 2}</p><p>To upgrade, run:</p>"
            "<pre><code>npm install tessera@4.2.0 @tessera/cli@4.2.0</code></pre>"
            f"<p>{PARA}</p></article></body></html>")
    assert "npm install tessera@4.2.0" in body(page)


@pytest.mark.parametrize(("kind", "reason"), [
    ("JobPosting", "a job posting (JSON-LD JobPosting)"),
    ("QAPage", "a question and its answers (JSON-LD QAPage)"),
])
def test_a_job_posting_and_a_question_page_are_no_articles(kind: str, reason: str) -> None:
    html = (f'<html><head><title>Senior Data Engineer</title><meta property="og:type" content="website">'
            f'<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "{kind}", '
            f'"name": "Senior Data Engineer"}}</script></head><body><main><h1>Senior Data Engineer</h1>'
            f"<p>{PARA * 4}</p><p>{PARA * 4}</p></main></body></html>")
    article = parse_article("https://jobs.example.test/acme/jobs/6021184003", html)
    assert article.is_article is False and article.reason == reason


def test_an_editors_fact_box_and_timeline_inside_the_article_stay() -> None:
    facts = ("<aside class='factbox factbox--key'><h3>Key facts</h3><ul><li>Opened to traffic in 1923</li>"
             "<li>Carries about 21,000 vehicles a day</li></ul></aside>")
    timeline = ("<aside class='timeline'><h3>Timeline</h3><ul><li>1923: Bridge opens to tram traffic</li>"
                "</ul></aside>")
    page = (f"<html><body><article><h1>Bridge</h1><p>{PARA * 2}</p>{facts}<p>{PARA * 2}</p>{timeline}"
            f"<p>{PARA}</p><aside class='sidebar'><p>Most read: other stories</p></aside></article>"
            "</body></html>")
    text = body(page)
    assert "Carries about 21,000 vehicles a day" in text and "1923: Bridge opens to tram traffic" in text
    assert "Most read" not in text


def test_a_wire_pictures_licensing_link_goes_with_its_credit() -> None:
    figure = ("<figure><img src='/p.jpg' alt=''><figcaption><span>Containers are loaded onto a vessel in "
              "Singapore, September 12, 2025. </span><span>BEACON/Aziz Rahman/File Photo</span> "
              "<a href='https://x.example/l'>Purchase Licensing Rights</a>, opens new tab</figcaption>"
              "</figure>")
    text = body(f"<html><body><article><h1>Ports</h1><p>{PARA * 2}</p>{figure}<p>{PARA * 2}</p></article>"
                "</body></html>")
    assert "Containers are loaded onto a vessel in Singapore" in text
    assert "Licensing" not in text and "Aziz Rahman" not in text and "opens new tab" not in text
