"""Related-article lists are found by structure (label + list, or a "related" container),
in page order, with absolute fragment-free URLs, and never from tag/category/menu lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from crawler.parsers import find_related, load_html, parse_article
from crawler.parsers.article_links import is_article_url
from crawler.parsers.document import load_document
from crawler.parsers.related import related_blocks
from crawler.parsers.related_labels import _first_text, is_related_label

BASE = "https://site.example.test/2024/05/a-post/"
PROSE = "<p>" + "Plain article text that is long enough to count as prose in the body. " * 4 + "</p>"


def _urls(html: str, base: str = BASE) -> list[str]:
    doc = load_html(f"<html><body>{html}</body></html>", base)
    return [link.url for _, links in find_related(doc, base) for link in links]


@pytest.mark.parametrize("label", [
    "Also read:", "ALSO READ", "Read also", "Related posts", "Related Articles", "Related stories",
    "You may also like", "You might also like", "Recommended", "Recommended for you", "Read more",
    "More from The Weekly Desk", "Further reading", "See also", "Related", "You May Also Enjoy",
    "Also from this source", "Also in Science", "More in this series: Edges of the Map",
    "More bathroom projects", "More camping guides", "More Great WIRED Stories", "More Conversations",
    "More storm coverage", "More election reporting", "More Harbourside Athletic news",
    "Recommended from Medium", "More photo galleries", "More episodes you might like",
    "More news releases in similar topics", "Go deeper:", "Others also viewed", "People also read",
    "Lire aussi le décryptage |", "Lire l'entretien",
    "相关推荐", "猜你喜欢", "関連ニュース", "관련 뉴스", "Más información",
])
def test_label_phrases_are_recognised(label: str) -> None:
    assert is_related_label(label)


@pytest.mark.parametrize("label", [
    "Verwandte Beiträge", "Czytaj także:", "Čtěte také", "Läs också", "Читайте также:", "Похожие статьи",
    "Διαβάστε επίσης", "Baca juga", "Bài viết liên quan", "اقرأ أيضاً", "קראו גם", "यह भी पढ़ें",
    "関連記事", "相關文章", "관련 기사", "Mehr zum Thema auf Beispiel.de",
    "Lesen Sie auch die folgenden Beiträge:", "Mehr aus der Sendung", "Más sobre economía",
    "Meer over klimaat", "Meer uit Binnenland", "Mer från Sverige", "Altro da Cronaca", "Más de Economía",
    "Mais de Política", "Więcej z kategorii Kraj", "Ещё из раздела Политика", "Dans la même rubrique",
    "İlgili Haberler", "İLGİLİ HABERLER", "Bunu da okuyun", "Llegiu també", "Przeczytaj również", "Läs mer",
    "Схожі новини", "Інші новини", "Другие новости", "Похожие новости", "ये भी पढ़ें:", "Ezt is ajánljuk:",
    "อ่านเพิ่มเติม :", "हे देखील वाचा:", "यो पनि पढ्नुहोस्:", "یہ بھی پڑھیں:", "Lexo edhe:", "Կարդացեք նաև՝",
    "Оқи отырыңыз:", "এ সম্পর্কিত আরও খবর", "Tengdar fréttir", "მსგავსი სტატიები",
    "ဆက်စပ်သတင်းများ", "ఇవి కూడా చదవండి", "ಇದನ್ನೂ ಓದಿ", "ഇതുകൂടി വായിക്കൂ", "આ પણ વાંચો", "ਇਹ ਵੀ ਪੜ੍ਹੋ",
    "මේවාත් කියවන්න", "អានបន្ថែម", "ተዛማጅ ዜናዎች", "Shuningdek o'qing", "Shuningdek oʻqing", "Холбоотой мэдээ",
    "Чытайце таксама", "Поврзани вести", "Darllenwch hefyd", "Léigh freisin", "Zie ook", "ອ່ານຕື່ມ",
    "ଆହୁରି ପଢ଼ନ୍ତୁ", "Funda futhi", "ئەمانەش بخوێنەوە", "Ẹ tún ka",
    # "related" before its noun, one or two words after it
    "संबंधित बातम्या", "ಸಂಬಂಧಿತ ಸುದ್ದಿಗಳು", "Ähnliche Neuigkeiten:", "Verwandte Themen", "Saistītie raksti",
    "ਸਬੰਧਿਤ ਖ਼ਬਰਾਂ", "Նույն թեմայով", "Liest och", "Les eisini", "Повезане вести", "Vakio koa",
    "Шулай ук укыгыз:", "مۇناسىۋەتلىك خەۋەرلەر", "Більше новин на тему", "עוד בנושא", "Ez is érdekelheti:",
    "推薦文章", "推荐文章",
])
def test_labels_in_other_languages_and_scripts_are_recognised(label: str) -> None:
    assert is_related_label(label)


@pytest.mark.parametrize("text", [
    "Recent Posts", "Tags", "Share this", "Comments", "Read more about how we tested the pumps today",
    "Related to the budget, the council voted twice", "",
    "Читайте также нашу колонку о пчёлах каждую неделю", "関連記事の一覧はこちらから",
    "Polecamy ten przepis wszystkim", "Mehr als 300 Tote nach dem Beben", "Mehr Geld für Schulen",
    "Más de 300 muertos en el terremoto", "Mais de 50 mil pessoas na praia", "Meer van 2000 mensen",
    "More than ten stories",
    "Ähnliche Fälle gab es schon im letzten Jahr", "संबंधित",  # a sentence; the word alone
])
def test_other_texts_are_not_labels(text: str) -> None:
    assert not is_related_label(text)


def test_label_wrapped_in_paragraph_then_list_in_div() -> None:
    html = PROSE + """<p><span class="x">Also read:</span></p>
    <div><ul><li><a href="/one/">One</a></li><li><a href="https://other.example.test/two/">Two</a></li></ul></div>"""
    assert _urls(html) == ["https://site.example.test/one/", "https://other.example.test/two/"]


def test_ads_between_label_and_list_are_skipped() -> None:
    html = PROSE + """<h3>Related posts</h3><p><ins class="adsbygoogle" data-ad-slot="1"></ins></p>
    <div class="ad-slot"><span>Advertisement</span></div>
    <ul><li><a href="/a/">A</a></li><li><a href="/b/">B</a></li></ul>"""
    assert _urls(html) == ["https://site.example.test/a/", "https://site.example.test/b/"]


def test_prose_between_label_and_list_breaks_the_link() -> None:
    html = """<h2>See also</h2><p>The committee published its findings in a long report last spring,
    which nobody in the town council has read in full.</p><ul><li><a href="/x/">X</a></li></ul>"""
    assert _urls(html) == []


def test_inline_label_in_a_paragraph() -> None:
    html = PROSE + '<p><strong>Read also:</strong> <a href="/inline-story/">The inline story</a></p>'
    assert _urls(html) == ["https://site.example.test/inline-story/"]


@pytest.mark.parametrize("label", ["BACA:", "Baca:", "BASAHIN:"])
def test_a_one_word_read_label_of_indonesian_malay_and_filipino_links_inline(label: str) -> None:
    html = PROSE + f'<p><strong>{label} <a href="/2024/05/inline-story/">The inline story</a></strong></p>'
    assert _urls(html) == ["https://site.example.test/2024/05/inline-story/"]


def test_heading_and_ordered_list_with_image_and_title_links() -> None:
    html = """<h2>You may also like</h2><ol>
      <li><a href="/p1/"><img src="/t1.jpg" alt="First pick"></a><a href="/p1/">First pick</a></li>
      <li><a href="/p2/"><img src="/t2.jpg" alt="Second pick"></a></li></ol>"""
    doc = load_html(f"<html><body>{html}</body></html>", BASE)
    (_, links), = find_related(doc, BASE)
    assert [(lk.url, lk.title) for lk in links] == [
        ("https://site.example.test/p1/", "First pick"), ("https://site.example.test/p2/", "Second pick")]


@pytest.mark.parametrize("attrs", [
    'class="yarpp-related"', 'id="jp-relatedposts" class="jp-relatedposts"', 'class="related-posts"',
    'class="post-related"', 'class="more-stories"', 'id="also-read"', 'class="crp_related"',
    'class="read-next"', 'class="similar-articles"', 'class="read-more-posts"',
])
def test_related_containers_by_class_or_id(attrs: str) -> None:
    html = PROSE + f"""<div {attrs}><h3>Elsewhere</h3>
      <div><a href="/c1/">Card one title</a></div><div><a href="/c2/">Card two title</a></div></div>"""
    assert _urls(html) == ["https://site.example.test/c1/", "https://site.example.test/c2/"]


def test_a_related_container_needs_several_links_and_mostly_links() -> None:
    one = '<div class="related"><a href="/only/">Only one</a></div>'
    texty = ('<div class="related-coverage"><p>' + "Background text about the story. " * 20
             + '<a href="/x/">x</a> <a href="/y/">y</a></p></div>')
    assert _urls(one) == []
    assert _urls(texty) == []


def test_fragments_dropped_duplicates_removed_order_kept() -> None:
    html = """<h3>Related stories</h3><ul>
      <li><a href="/z/#comments">Z</a></li><li><a href="/a/">A</a></li><li><a href="/z/">Z again</a></li></ul>
      <div class="related"><a href="/a/">A</a><a href="/m/">M</a></div>"""
    assert _urls(html) == ["https://site.example.test/z/", "https://site.example.test/a/",
                           "https://site.example.test/m/"]


def test_taxonomy_menu_and_more_links_are_not_articles() -> None:
    html = """<nav class="main-menu"><a href="/world/">World</a><a href="/science/">Science</a>
      <a href="/culture/">Culture</a></nav>
      <h3>Related</h3><ul>
      <li><a href="/tag/rivers/">rivers</a></li><li><a href="/category/maps/">maps</a></li>
      <li><a href="/author/jane/">Jane</a></li><li><a href="/page/2/">2</a></li>
      <li><a href="/science/">Science</a></li><li><a href="/more/">More from Science</a></li>
      <li><a href="/real-article/">A real article</a></li></ul>"""
    assert _urls(html) == ["https://site.example.test/real-article/"]


def test_sidebar_widgets_and_teaser_links_are_not_related() -> None:
    html = PROSE + """<aside><h3>Recent Posts</h3>
      <ul><li><a href="/r1/">R1</a></li><li><a href="/r2/">R2</a></li></ul>
      <h3>Tags</h3><ul><li><a href="/tags/x/">x</a></li></ul></aside>
      <article><h2><a href="/t/">Teaser</a></h2><a href="/t/">Read more</a></article>"""
    assert _urls(html) == []


def test_labels_inside_links_are_ignored() -> None:
    html = '<a href="/all/"><span>Read more</span></a><ul><li><a href="/q/">Q</a></li></ul>'
    assert _urls(html) == []


def test_a_heading_linking_to_the_folder_of_its_list_labels_it() -> None:
    cards = "".join(f"<li><a href='/climate/2024/02/{n}/story-{n}'><h3>Story {n}</h3></a></li>"
                    for n in (1, 2, 3))
    section = f"<aside><h2><a href='/climate'>More in Climate</a></h2><ol>{cards}</ol></aside>"
    assert len(_urls(PROSE + section)) == 3
    author = "".join(f"<a href='/jane/post-{n}-4f2a'><div>Post {n}</div></a>" for n in (1, 2, 3))
    by_author = f"<div><h3>More from <a href='/jane'>Jane Roe</a></h3><div>{author}</div></div>"
    assert len(_urls(PROSE + by_author)) == 3
    # a heading linking elsewhere (a teaser's headline) labels nothing
    assert _urls(f"{PROSE}<h2><a href='/other/story'>More in Climate</a></h2><ol>{cards}</ol>") == []


def test_blocks_carry_the_label_for_removal() -> None:
    doc = load_html("<html><body>" + PROSE + "<p><b>Also read:</b></p><ul><li><a href='/k/'>K</a></li></ul>"
                    "</body></html>", BASE)
    (block,) = related_blocks(doc, BASE)
    assert block.label is not None and block.label.tag == "p"
    assert [e.tag for e in block.elements()] == ["p", "ul"]


def test_links_resolve_against_base_element() -> None:
    html = ('<html><head><base href="https://cdn.example.test/blog/"></head><body>'
            '<h3>Further reading</h3><ul><li><a href="deep/dive/">Deep dive</a></li></ul></body></html>')
    doc = load_html(html, BASE)
    from crawler.parsers.document import base_url_of
    base = base_url_of(doc, BASE)
    assert [lk.url for _, links in find_related(doc, base) for lk in links] == [
        "https://cdn.example.test/blog/deep/dive/"]


@pytest.mark.parametrize("url,ok", [
    ("https://s.example.test/2024/05/story/", True),
    ("https://s.example.test/", False),
    ("https://s.example.test/tag/x/", False),
    ("https://s.example.test/categories/y/", False),
    ("https://s.example.test/page/3/", False),
    ("https://s.example.test/?cat=4", False),
    ("https://s.example.test/img/photo.jpg", False),
    ("https://s.example.test/thema/datenschutz", False),
    ("https://s.example.test/categoria/deportes/", False),
    ("https://s.example.test/autor/ana-lopez/", False),
    ("https://s.example.test/rubrique/monde/", False),
    ("https://s.example.test/2024/05/tema-del-dia/", True),
    # an archive, a year or page of it, its terms; a post below it (a newsletter's issues)
    ("https://s.example.test/archive/", False), ("https://s.example.test/archives/2024/05/", False),
    ("https://s.example.test/archive/page/2", False), ("https://s.example.test/archive/tag/books", False),
    ("https://s.example.test/archive/issue-31-how-to-read-a-long-novel/", True),
    (BASE, False),
])
def test_article_url_heuristic(url: str, ok: bool) -> None:
    assert is_article_url(url, BASE) is ok


def test_empty_and_garbage_pages_have_no_related_lists() -> None:
    assert _urls("") == []
    assert _urls("<<<>>> &&& <ul><li><a>no href</a></li></ul>") == []


def test_prose_with_a_few_links_after_a_label_is_not_a_list() -> None:
    links = '<a href="/one/">first</a> and <a href="/two/">second</a> and <a href="/three/">third</a>'
    prose = f"<p>Our {links} reports " + "explained the history of the bridge and its repairs. " * 4 + "</p>"
    assert _urls(PROSE + "<h3>Read more</h3>" + prose) == []


def test_rel_tag_and_sponsored_links_are_skipped() -> None:
    html = PROSE + """<h3>Related</h3><ul><li><a rel="tag" href="/rivers/">rivers</a></li>
      <li><a rel="sponsored nofollow" href="https://ads.example.test/x">Buy a boat</a></li>
      <li><a rel="noopener" href="/kept/">Kept story</a></li></ul>"""
    assert _urls(html) == ["https://site.example.test/kept/"]


@pytest.mark.parametrize("label", [
    "À lire aussi", "Sur le même sujet", "Lesen Sie auch", "Das könnte Sie auch interessieren",
    "Mehr zum Thema", "Te puede interesar", "Noticias relacionadas", "Leggi anche", "Articoli correlati",
    "Leia também", "Veja também", "Lees ook", "Gerelateerde artikelen", "Le puede interesar", "Lea también",
    "Mirá también",
])
def test_labels_of_other_languages(label: str) -> None:
    assert is_related_label(label) and is_related_label(label.upper() + ":")
    items = '<li><a href="/un/">Un</a></li><li><a href="/deux/">Deux</a></li>'
    html = PROSE + f"<h3>{label}</h3><ul>{items}</ul>"
    assert _urls(html) == ["https://site.example.test/un/", "https://site.example.test/deux/"]


@pytest.mark.parametrize("card", ["div", "article", "li"])
def test_a_run_of_sibling_cards_after_a_label(card: str) -> None:
    cards = "".join(f"""<{card}><a href="/p{i}/"><img src="/i{i}.jpg" alt=""></a>
        <h4><a href="/p{i}/">Card {i} headline</a></h4><span>Teaser of card {i}.</span></{card}>"""
                    for i in range(3))
    html = PROSE + f"<section><h3>Read next</h3>{cards}</section>" + PROSE
    assert _urls(html) == [f"https://site.example.test/p{i}/" for i in range(3)]
    doc = load_html(f"<html><body>{html}</body></html>", BASE)
    block = related_blocks(doc, BASE)[0]
    assert [e.tag for e in block.elements()].count(card) == 3  # every card is removed from the body


def test_paragraphs_of_prose_after_a_label_are_not_cards() -> None:
    html = PROSE + """<h2>Read more</h2>
      <p>The committee published <a href="/2024/report">its report</a> in May, and critics said the
      findings came late and said little about the budget.</p>
      <p>The minister answered in <a href="/2024/reply">a letter</a> that was shared widely among
      the members of parliament the same week.</p>""" + PROSE
    assert _urls(html) == []


@pytest.mark.parametrize("case", sorted(p.name for p in (Path(__file__).parent / "fixtures").glob("*.html")))
def test_first_text_is_itertexts_first_non_blank(case: str) -> None:
    """The lead of an element (what the label test reads: its own text, else the first text of
    its children) is the first text ``itertext`` gives that is not all white space: comments'
    content skipped, their tails kept."""
    markup = (Path(__file__).parent / "fixtures" / case).read_bytes()
    extra = b"<div> <!-- note --> <span> </span>\n<b><i> </i>x</b></div>"
    doc = load_document(markup + extra, "https://x.test/")[0]
    doc.find("body").insert(0, etree.Comment(" a comment "))
    leads: dict = {}  # shared over the walk, as the page index shares it
    for el in doc.iter(etree.Element):
        expected = next((t for t in el.itertext() if not t.isspace()), None)
        own = el.text if el.text and not el.text.isspace() else None
        assert (own or _first_text(el, leads)) == expected
        assert (own or _first_text(el, {})) == expected


def test_navigation_urls_read_menus_once_and_never_inside_articles() -> None:
    from crawler.parsers.article_links import navigation_urls

    page = """<html><body>
    <nav><ul class="menu"><li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
      <li><ul class="sub-menu"><li><a href="/sport/tennis/">Tennis</a></li><li><a href="/sport/golf/">Golf</a>
      </li><li><a href="/sport/f1/">F1</a></li></ul></li></ul></nav>
    <div class="Main-Menu"><a href="/a/">A</a><a href="/b/">B</a><a href="/c/">C</a></div>
    <div class="menu"><a href="/two/">2</a><a href="/links/">L</a></div>
    <article><nav><a href="/prev/">Previous</a><a href="/next/">Next</a><a href="/top/">Top</a></nav>
    </article>
    <div class="content"><a href="/x/">x</a><a href="/y/">y</a><a href="/z/">z</a></div>
    </body></html>"""
    urls = navigation_urls(load_html(page, "https://ex.test/"), "https://ex.test/")
    paths = ("news", "sport", "sport/tennis", "sport/golf", "sport/f1", "a", "b", "c")
    assert urls == {f"https://ex.test/{p}/" for p in paths}


@pytest.mark.parametrize("inner, title", [
    # a card: picture, headline, date, all in one link
    ('<img src="/a.jpg" alt=""><h3>Bevers knagen aan wilgen</h3>'
     '<time datetime="2024-04-29">29 april 2024</time>', "Bevers knagen aan wilgen"),
    ("First Swallows of the Spring <small>16 Apr 2023</small>", "First Swallows of the Spring"),
    ("Storing legt treinverkeer plat <span>14 maart 2024</span>", "Storing legt treinverkeer plat"),
    ("Top 10 tools <span>for 2024</span>", "Top 10 tools for 2024"),  # not a date: kept
    ("The <em>whole</em> headline", "The whole headline"),
])
def test_link_titles_are_the_headline_without_dates(inner: str, title: str) -> None:
    doc = load_html(f'<html><body>{PROSE}<h3>Related posts</h3><ul><li><a href="/x/">{inner}</a></li>'
                    f'<li><a href="/y/">Other post</a></li></ul></body></html>', BASE)
    links = [link for _, found in find_related(doc, BASE) for link in found]
    assert [link.title for link in links] == [title, "Other post"]


def test_a_headline_link_names_the_article_over_a_pictures_alt_text() -> None:
    cards = "".join(f'<div class="card"><a href="/{n}/"><img src="/{n}.jpg" alt="Short {n}"></a>'
                    f'<a href="/{n}/">The full headline of story {n}</a></div>' for n in ("a", "b"))
    doc = load_html(f'<html><body>{PROSE}<h3>Read also</h3><div>{cards}</div></body></html>', BASE)
    links = [link for _, found in find_related(doc, BASE) for link in found]
    assert [link.title for link in links] == ["The full headline of story a", "The full headline of story b"]


def test_tracking_parameters_leave_related_urls() -> None:
    query = "relatedposts_hit=1&amp;relatedposts_origin=7&amp;utm_source=x&amp;relatedposts_position="
    items = "".join(f'<li><a href="/{n}/?{query}{i}">Post {n}</a></li>' for i, n in enumerate(("a", "b")))
    urls = _urls(PROSE + f"<h3>Related</h3><ul>{items}</ul>")
    assert urls == ["https://site.example.test/a/", "https://site.example.test/b/"]


def test_a_layout_wrapper_named_like_a_menu_is_no_menu() -> None:
    """A wrapper whose class only happens to name a menu ("page-navbar") but that holds the page's
    <main> or headline: its links (the article's related posts among them) are no menu links; a
    real menu inside it still is one."""
    from crawler.parsers.article_links import navigation_urls

    page = """<html><body>
    <div id="site-content" class="page-columns page-navbar">
      <div class="top-menu"><a href="/blog/">Blog</a><a href="/talks/">Talks</a>
        <a href="/about/">About</a></div>
      <main><h1>Bootstrapping small samples</h1><p>Text of the post.</p>
        <section id="related-posts"><h2>Related posts</h2><a href="/posts/permutation-tests/">Permutation</a>
        <a href="/posts/simulate-first/">Simulate</a><a href="/posts/priors/">Priors</a></section>
      </main>
    </div></body></html>"""
    urls = navigation_urls(load_html(page, "https://ex.test/"), "https://ex.test/")
    assert urls == {"https://ex.test/blog/", "https://ex.test/talks/", "https://ex.test/about/"}


def test_related_pages_drawn_as_navigation_are_no_menu() -> None:
    """A ``<nav>`` named by a "Related content" heading (GOV.UK's related navigation) holds related
    pages; a ``<nav>`` beside it named "Explore the topic" is a menu, and so is a list whose class
    only says navigation."""
    items = "".join(f'<li class="related-navigation__link"><a href="/government/news/{n}">Story {n}</a></li>'
                    for n in ("peat-plan", "bog-burning", "river-recovery"))
    topics = "".join(f'<li><a href="/environment/{n}">{n}</a></li>'
                     for n in ("countryside", "climate", "farming"))
    html = PROSE + f"""<div class="related-navigation">
      <h2 id="rel-items">Related content</h2>
      <nav role="navigation" class="related-navigation__nav-section" aria-labelledby="rel-items">
        <ul class="related-navigation__link-list">{items}</ul></nav>
      <h3 id="rel-topics">Explore the topic</h3>
      <nav role="navigation" class="related-navigation__nav-section" aria-labelledby="rel-topics">
        <ul class="related-navigation__link-list">{topics}</ul></nav></div>"""
    assert _urls(html) == [f"https://site.example.test/government/news/{n}"
                           for n in ("peat-plan", "bog-burning", "river-recovery")]


def test_a_nav_of_cards_under_a_related_aside_is_the_related_list_but_a_footer_menu_stays_one() -> None:
    """Chirpy: ``<aside id="related-posts" aria-labelledby="related-label"><h3>Further
    Reading</h3><nav>`` of cards; a footer's ``<nav aria-label="More From WIRED">`` is a menu."""
    cards = "".join(f'<article class="col"><a href="/posts/{n}/" class="post-preview card"><h4>Post {n}</h4>'
                    f"<p>Teaser of {n}.</p></a></article>" for n in ("slots", "dataclasses", "metaclasses"))
    related = (f'<aside id="related-posts" aria-labelledby="related-label"><h3 id="related-label">Further '
               f'Reading</h3><nav class="row g-4">{cards}</nav></aside>')
    footer = ('<footer><nav aria-label="More From WIRED"><ul><li><a href="/subscribe/">Subscribe</a></li>'
              '<li><a href="/about/faq/">FAQ</a></li><li><a href="/about/press/">Press</a></li></ul></nav>'
              '</footer>')
    posts = [f"https://site.example.test/posts/{n}/" for n in ("slots", "dataclasses", "metaclasses")]
    assert _urls(PROSE + related + footer) == posts
    from crawler.parsers.article_links import navigation_urls

    doc = load_html(f"<html><body>{PROSE}{related}{footer}</body></html>", BASE)
    assert navigation_urls(doc, BASE) == {f"https://site.example.test/{p}/"
                                          for p in ("subscribe", "about/faq", "about/press")}


def test_a_wikis_see_also_heading_with_its_edit_link_labels_the_list_below() -> None:
    """MediaWiki: ``<div class="mw-heading"><h2>See also</h2><span class="mw-editsection">[<a>edit</a>]
    </span></div><ul>…``: the "[edit]" link beside the heading is no text between label and list."""
    bracket = '<span class="mw-editsection-bracket">{}</span>'
    edit = (f'<span class="mw-editsection">{bracket.format("[")}<a href="/w/index.php?title=X&amp;action=edit'
            f'&amp;section=7">edit</a>{bracket.format("]")}</span>')
    items = "".join(f'<li><a href="/wiki/{n}" title="{n}">{n}</a></li>' for n in ("Merrow_Flats", "Causeway"))
    html = PROSE + (f'<div class="mw-heading mw-heading2"><h2 id="See_also">See also</h2>{edit}</div>'
                    f"<ul>{items}</ul>")
    assert _urls(html) == [f"https://site.example.test/wiki/{n}" for n in ("Merrow_Flats", "Causeway")]


def test_read_alone_labels_an_inline_link_and_screen_reader_text_stands_between_no_label_and_list() -> None:
    """"READ: <a>…</a>" in a paragraph of its own; Al Jazeera's "Keep reading" heading, a span for
    screen readers ("list of 3 items"), then the list."""
    inline = ('<p><strong>READ: <a href="/2024/floods-iloilo/">Iloilo City floods: residents blame drains</a>'
              "</strong></p>")
    items = "".join(f'<li><a href="/news/2024/9/18/story-{n}"><span>Story {n} of the drought</span></a></li>'
                    for n in range(3))
    box = ('<div class="more-on"><h2>Keep reading</h2><span class="screen-reader-text">list of 3 items'
           f"</span><ul>{items}</ul></div>")
    assert _urls(PROSE + inline + PROSE + box + PROSE) == (
        ["https://site.example.test/2024/floods-iloilo/"]
        + [f"https://site.example.test/news/2024/9/18/story-{n}" for n in range(3)])


def test_a_see_all_link_below_a_list_is_no_article_but_a_read_more_link_is() -> None:
    """"More articles by Priya Raman", its cards and a "See all articles" link to her page; cards
    whose only link says "Mehr lesen" still link their articles."""
    cards = "".join(f'<li><a href="/pulse/story-{n}-priya-raman">Story {n} of the supply chain</a></li>'
                    for n in range(2))
    html = PROSE + (f'<section class="more-articles"><h2>More articles by Priya Raman</h2><ul>{cards}</ul>'
                    '<a class="see-all" href="/in/priyaraman/recent-activity/articles/">See all articles</a>'
                    "</section>")
    assert _urls(html) == [f"https://site.example.test/pulse/story-{n}-priya-raman" for n in range(2)]
    reads = "".join(f'<div><h3>Story {n}</h3><p>Teaser {n}.</p><a href="/news/story-{n}/">Mehr lesen...</a>'
                    "</div>" for n in range(2))
    assert _urls(PROSE + f"<section><h2>Weitere Artikel</h2>{reads}</section>") == [
        f"https://site.example.test/news/story-{n}/" for n in range(2)]


def test_a_cards_own_styles_are_no_headline() -> None:
    """An inline related-posts plugin's card: its label and its styles inside the link."""
    card = ('<div><a href="/banshee-se-perdio/1330952/" class="IRPP_kangoo"><style>.IRPP_kangoo { '
            'min-height: 100px; position: relative; display: block; transition: background-color 250ms; }'
            "</style><div>"
            '<span class="ctaText">Lea también</span><span class="postTitle">"Banshee" se perdió en el '
            "Tricentenario</span></div></a></div>")
    doc = load_html(f"<html><body>{PROSE}{card}{PROSE}</body></html>", BASE)
    links = [link for _, found in find_related(doc, BASE) for link in found]
    assert [link.title for link in links] == ['"Banshee" se perdió en el Tricentenario']


@pytest.mark.parametrize("wrapper", ['<section class="taboola-feed">', '<div id="outbrain_widget_1">',
                                     '<aside class="sponsored-content">'])
def test_a_recommendation_networks_related_markup_is_no_related_list(wrapper: str) -> None:
    """Paid links to other sites inside a recommendation network's unit ("trc_related_container")
    are no related articles, though its markup says related."""
    tag = wrapper[1:wrapper.index(" ")]
    ads = "".join(f'<a class="trc_item" href="https://promoted.example.test/c/{n}">Doctors reveal {n}</a>'
                  for n in range(3))
    html = PROSE + f'{wrapper}<h2>Around the web</h2><div class="trc_related_container">{ads}</div></{tag}>'
    assert _urls(html) == []
    assert _urls(PROSE + f'<div class="trc_related_container">{ads}</div>')  # without the unit: a list


@pytest.mark.parametrize("label", ["Most read", "Mais lidas", "Meistgelesen", "Les plus lus",
                                   "Lo más leído", "Mest lest", "Trending now", "人気記事"])
def test_a_sites_most_read_list_is_no_related_list(label: str) -> None:
    """The same list of the site's most read stories stands on every page: no related articles,
    though its container's class says "read more" or "related"."""
    items = "".join(f'<li><a href="/noticia/2024/08/2{n}/story-{n}.ghtml">Story {n}</a></li>'
                    for n in range(3))
    for cls in ("read-more-wrapper", "related-box"):
        assert _urls(PROSE + f'<section class="{cls}"><h3>{label}</h3><ul>{items}</ul></section>') == []
    assert _urls(PROSE + f'<section class="related-box"><h3>Related</h3><ul>{items}</ul></section>')


def test_a_cards_author_picture_links_no_article() -> None:
    """A "Read next" card links its author's avatar to the author's page and its headline to the
    article: only the article is related; a picture link of another kind still counts."""
    from crawler.parsers.article_links import article_links

    card = """<div>
      <a href="/lena_vogt" class="crayons-avatar"><img src="/uploads/user/55120/lena.jpg" alt="lena_vogt"></a>
      <a href="/lena_vogt/event-loop-in-one-diagram-1p2m"><h3>The Event Loop in One Diagram</h3></a>
      <a href="/kwame/tiny-queues-2b7c"><img src="/uploads/user/profile_image/61834/kwame.jpg" alt=""></a>
      <a href="/kwame/tiny-queues-2b7c">Tiny queues</a>
      <a href="/posts/harbour-at-dawn-9f1e"><img src="/img/harbour.jpg" alt="The harbour at dawn"></a>
    </div>"""
    links = article_links(load_html(card, "https://dev.example/"), "https://dev.example/")
    assert [(link.url, link.title) for link in links] == [
        ("https://dev.example/lena_vogt/event-loop-in-one-diagram-1p2m", "The Event Loop in One Diagram"),
        ("https://dev.example/kwame/tiny-queues-2b7c", "Tiny queues"),
        ("https://dev.example/posts/harbour-at-dawn-9f1e", "The harbour at dawn"),
    ]


def test_a_label_with_a_line_under_it_labels_the_list_after_their_group() -> None:
    """Tailwind UI's section: a heading and an introduction wrapped together, the cards after the
    wrapper; a heading over a paragraph of prose labels nothing."""
    from crawler.parsers.related import related_blocks

    cards = "".join(f'<article><a href="/blog/post-{n}">Post number {n} of the blog</a>'
                    f'<a href="/team/jane-roe">Jane Roe</a></article>' for n in (1, 2, 3))
    page = f"""<html><body><article><h1>T</h1><p>Body.</p></article>
      <div><div class="text-center"><h2>Keep reading</h2><p>More on how we build it.</p></div>
      <div class="grid">{cards}</div></div></body></html>"""
    blocks = related_blocks(load_html(page, "https://ex.test/blog/t"), "https://ex.test/blog/t")
    urls = [link.url for b in blocks for link in b.links]
    assert urls == [f"https://ex.test/blog/post-{n}" for n in (1, 2, 3)]
    prose = page.replace("More on how we build it.", "We rebuilt the importer twice this year, and each time "
                         "the bank feeds broke in a new way, which is the story of this whole post.")
    assert related_blocks(load_html(prose, "https://ex.test/blog/t"), "https://ex.test/blog/t") == []


@pytest.mark.parametrize("url, article", [
    ("https://ex.test/team/jane-roe", False), ("https://ex.test/staff/phil-corso/", False),
    ("https://ex.test/people/ana-lima", False),
    ("https://ex.test/team/2024/05/we-won-the-cup", True), ("https://ex.test/sports/team/rangers-win", True),
    # tag pages in Polish, Hungarian, Turkish, Romanian, Finnish
    ("https://ex.test/tagi/warszawa", False), ("https://ex.test/cimke/idojaras", False),
    ("https://ex.test/etiket/ekonomi", False), ("https://ex.test/eticheta/economie", False),
    ("https://ex.test/teemat/talous", False),
])
def test_a_persons_page_is_no_article(url: str, article: bool) -> None:
    assert is_article_url(url) is article


@pytest.mark.parametrize("label", [
    "Pročitajte još:", "Прочитајте још", "Prečítajte si aj", "Taip pat skaitykite", "Soma pia",
    "Soma zaidi:", "இதையும் படிக்க", "Loe ka", "Lasi arī",
])
def test_labels_of_balkan_baltic_swahili_and_tamil_sites(label: str) -> None:
    assert is_related_label(label)


@pytest.mark.parametrize("line", [
    "<p><strong>இதையும் படிக்க:</strong> <a href='/tamilnadu/rain-708190'>கோவையில் கனமழை</a></p>",
    "<p><strong>Pročitajte još:</strong> <a href='/vijesti/cijene-karata'>Cijene karata rastu</a></p>",
    # the label written as text before the link, set off by a bar
    "<p class='article__paragraph'> Lire aussi | <a href='/planete/article/2023/08/21/eau_6186004.html'>"
    "La bataille de l’eau</a></p>",
    # an Armenian label ends with its colon, "՝"
    "<p>Կարդացեք նաև՝ <a href='/society/175980'>Երևանում ջրի սակագինը կբարձրանա</a></p>",
])
def test_an_inline_read_also_line_gives_its_link(line: str) -> None:
    urls = _urls(PROSE + line + PROSE)
    assert len(urls) == 1 and urls[0].startswith("https://site.example.test/")


def test_a_page_builder_s_posts_widget_beside_its_heading_widget() -> None:
    """Elementor: the heading and the posts are widgets of their own, the cards three wrappers down."""
    cards = "".join(f'<article class="elementor-post"><div class="elementor-post__card">'
                    f'<a href="/blog/post-{n}/"><img src="/{n}.jpg" alt=""></a><h3>'
                    f'<a href="/blog/post-{n}/">Post number {n} of the blog</a></h3>'
                    f'<div class="elementor-post__excerpt"><p>{"An excerpt of the post. " * 6}</p></div>'
                    f"</div></article>" for n in range(3))
    html = (PROSE + '<div class="elementor-element elementor-widget-heading">'
            '<div class="elementor-widget-container"><h2 class="elementor-heading-title">Related Articles'
            '</h2></div></div><div class="elementor-element elementor-widget-posts">'
            f'<div class="elementor-widget-container"><div class="elementor-posts-container elementor-grid">'
            f'{cards}</div></div></div>')
    assert _urls(html) == [f"https://site.example.test/blog/post-{n}/" for n in range(3)]


def test_a_card_s_section_kicker_is_no_related_article() -> None:
    cards = "".join(f'<li><a href="/bier/personal/">Personal</a><a href="/bier/personal/story-{n}/">'
                    f"Brewer number {n} leaves the company</a></li>" for n in range(3))
    guide = ('<li><a href="/guide/">The complete guide to brewing at home</a></li>'
             '<li><a href="/guide/hops/">Choosing hops for your first pale ale</a></li>')
    assert _urls(PROSE + f"<h3>Related posts</h3><ul>{cards}</ul>") == [
        f"https://site.example.test/bier/personal/story-{n}/" for n in range(3)]
    # an article above another in the site's folders, named by its headline, stays
    assert _urls(PROSE + f"<h3>Related posts</h3><ul>{guide}</ul>") == [
        "https://site.example.test/guide/", "https://site.example.test/guide/hops/"]


def test_a_label_before_a_run_of_bare_card_links() -> None:
    html = PROSE + """<div class="gnt_m"><h2>Recommended for you</h2>
    <a href="/story/one/"><img src="/1.jpg" alt="">Child care centers' waitlists grow</a>
    <a href="/story/two/"><img src="/2.jpg" alt="">What bills are left</a>
    <a href="/story/three/"><img src="/3.jpg" alt="">Four-day school weeks</a></div>"""
    assert _urls(html) == [f"https://site.example.test/story/{n}/" for n in ("one", "two", "three")]


def test_paid_links_of_a_recommendation_network_are_not_related() -> None:
    html = PROSE + """<div class="trc_related_container"><div class="trc_rbox_header">You May Like
    <a href="https://popup.taboola.com/en/?template=colorbox">by Taboola</a></div>
    <a href="https://www.shoes.test/lp/walking?utm_source=taboola&amp;tblci=GiB3">Comfortable shoes</a>
    <a href="https://www.roofs.test/napa?tblci=GiC9">Roof quotes</a>
    <a href="https://paid.outbrain.com/network/redir?p=kQ9">A huge perk</a>
    <a href="/2023/07/chilled-red-wines/">The rise of chilled red wines</a>
    <a href="/2023/06/paso-robles/">Paso Robles beyond cabernet</a></div>"""
    assert _urls(html) == ["https://site.example.test/2023/07/chilled-red-wines/",
                           "https://site.example.test/2023/06/paso-robles/"]


def test_read_more_at_labels_a_related_story_embedded_in_the_text() -> None:
    html = PROSE + """<div class="embed-related-story"><span class="label">Read more at</span>
    <a href="/singapore/transport/tengah-new-bus-services">Tengah residents to get new bus services</a>
    </div>""" + PROSE
    assert _urls(html) == ["https://site.example.test/singapore/transport/tengah-new-bus-services"]


def test_a_box_of_a_label_and_its_one_link() -> None:
    box = ("<aside class='c-box'><p class='c-box__label'>あわせて読みたい</p><a class='c-box__link' "
           "href='/articles/20240420/k00/040/090000c'>ローカル線の存廃議論</a></aside>")
    assert _urls(f"<article>{PROSE}{box}{PROSE}</article>") == [
        "https://site.example.test/articles/20240420/k00/040/090000c"]
    # the same label over a paragraph of prose with a link labels nothing
    prose = f"<div><p>あわせて読みたい</p><p>{'長い本文の文章です。' * 20}<a href='/x/y'>リンク</a></p></div>"
    assert _urls(f"<article>{PROSE}{prose}</article>") == []


def test_a_turkish_label_with_a_dotted_capital_heads_its_list() -> None:
    cards = "".join(f"<a href='/ekonomi/haber-{n}' class='block'><span>Haber başlığı numara {n}</span></a>"
                    for n in range(3))
    html = (f"<article>{PROSE}</article><section><h2>İlgili Haberler</h2><div class='grid'>{cards}</div>"
            "</section>")
    assert _urls(html) == [f"https://site.example.test/ekonomi/haber-{n}" for n in range(3)]


def test_links_to_the_pages_own_path_with_another_query_are_other_articles() -> None:
    page = "https://news.example.kr/news/articleView.html?idxno=785412"
    assert is_article_url("https://news.example.kr/news/articleView.html?idxno=781090", page)
    assert not is_article_url(page, page)
    assert not is_article_url(page + "&utm_source=feed", page)
    assert not is_article_url("https://news.example.kr/news/articleView.html", page)


def test_a_view_all_link_beside_the_label_still_lets_it_head_the_list_of_a_custom_element() -> None:
    # Shopify's "featured blog" section: a heading and "View all" in one wrapper, the cards (an
    # image, a title link, an excerpt) in a list inside a <slider-component>
    cards = "".join(
        f'<li><div class="card"><img src="/{n}.jpg"><h3>'
        f'<a href="/blogs/journal/{n}">Story {n} of the tea journal</a></h3>'
        f"<p>An excerpt long enough to outweigh the title of this card by a good margin.</p></div></li>"
        for n in ("one", "two", "three"))
    html = (PROSE + '<div class="title-wrapper"><h2>More from the Journal</h2>'
            '<a href="/blogs/journal">View all</a></div>'
            f'<slider-component class="slider"><ul class="articles">{cards}</ul></slider-component>')
    assert _urls(html) == [f"https://site.example.test/blogs/journal/{n}" for n in ("one", "two", "three")]


def test_an_edit_link_beside_a_heading_is_no_view_all_link() -> None:
    # a wiki's "Further reading [edit]" heading over a bibliography: no related list
    items = "".join(f'<li>Roe, Jane ({year}). <a href="/wiki/Book_{year}">A History</a>. Wellington: Press. '
                    f'<a href="/wiki/ISBN">ISBN</a> 0-00-000-{year}.</li>' for year in (2001, 2002, 2003))
    html = (PROSE + '<h2><span class="mw-headline">Further reading</span><span class="mw-editsection">'
            '<a href="/w/index.php?title=X&amp;action=edit">edit</a></span></h2>'
            f'<div class="refbegin"><ul>{items}</ul></div>')
    assert _urls(html) == []


def test_a_read_more_wrap_of_post_cards_is_a_related_list() -> None:
    cards = "".join(f'<article class="post-card"><a href="/{n}-post/"><h2>The {n} post of the week</h2></a>'
                    "</article>" for n in ("first", "second", "third"))
    html = PROSE + f'<aside class="read-more-wrap outer"><div class="read-more inner">{cards}</div></aside>'
    assert _urls(html) == [f"https://site.example.test/{n}-post/" for n in ("first", "second", "third")]


def test_category_pages_of_a_collection_are_no_articles() -> None:
    assert not is_article_url("https://www.fieldnote.io/blog-categories/engineering")
    assert not is_article_url("https://www.example.test/post-tags/climate")
    assert is_article_url("https://www.example.test/nala/nalas-tag/nalas-tag-1/")


def test_a_card_labelled_inside_its_link_is_a_related_list_of_one() -> None:
    """A teaser card set in the article's text, its kicker inside its link ("<a><img><span>Read
    more</span><span>headline</span><span>section · 4 min read</span></a>"); a run of such cards
    under a title with a colon goes with its title; a "Read more" link without a headline is none."""
    card = ('<aside class="teaser-card"><a href="https://ex.test/business/2024/03/11/dockworkers-ratify">'
            '<img src="/c.jpg" alt=""><span class="kicker">Read more</span>'
            '<span class="headline">Dockworkers ratify a five-year contract after marathon talks</span>'
            '<span class="meta">Business · 4 min read</span></a></aside>')
    run = ("<div class='title'>Mehr Kolumnen auf unserer Seite:</div>" + "".join(
        f'<a class="box" href="https://ex.test/kolumnen/kolumne-{n}/"><div class="tag">Mehr zum Thema</div>'
        f'<div class="title">Die Kolumne Nummer {n} über das Spielen</div></a>' for n in (1, 2)))
    teaser = '<p>The ferry runs again. <a href="https://ex.test/news/2024/ferry/">Read more</a></p>'
    page = (f"<html><body><article><h1>T</h1><p>{'Body text. ' * 30}</p>{card}<p>{'More text. ' * 30}</p>"
            f"<div class='runs'>{run}</div>{teaser}</article></body></html>")
    doc = load_html(page, "https://ex.test/news/2024/t")
    blocks = related_blocks(doc, "https://ex.test/news/2024/t")
    assert [(link.url, link.title) for b in blocks for link in b.links] == [
        ("https://ex.test/business/2024/03/11/dockworkers-ratify",
         "Dockworkers ratify a five-year contract after marathon talks"),
        ("https://ex.test/kolumnen/kolumne-1/", "Die Kolumne Nummer 1 über das Spielen"),
        ("https://ex.test/kolumnen/kolumne-2/", "Die Kolumne Nummer 2 über das Spielen"),
    ]
    assert blocks[0].element.tag == "aside"  # the card goes whole from the body
    assert blocks[1].label is not None and "Mehr Kolumnen" in blocks[1].label.text


@pytest.mark.parametrize(("url", "article"), [
    ("https://mag.test/ideas/archive/2023/08/third-places/674988/", True),  # a post below its date
    ("https://mag.test/archive/issue-31-how-to-read", True),
    ("https://mag.test/archive/2023/", False), ("https://mag.test/archive/2023/08", False),
    ("https://mag.test/archives/2019/05/page/2", False), ("https://mag.test/archive/", False),
])
def test_an_archive_is_no_article_but_a_post_filed_below_its_date_is(url: str, article: bool) -> None:
    assert is_article_url(url) is article


def test_an_unclosed_wrapper_of_an_inline_list_keeps_the_article_that_fell_into_it() -> None:
    """The wrapper of an inline "Read also" box is never closed, so the rest of the article is
    inside it: the list is the box inside, and the article's paragraphs stay in the body."""
    box = ('<div class="inline-related-wrapper"><div class="inline-related"><h3>Read also</h3>'
           '<article><a href="/2024/05/first-pick/">First pick</a></article>'
           '<article><a href="/2024/05/second-pick/">Second pick</a></article></div>')
    rest = "".join(f"<p>Paragraph {n} of the article, long enough to read as its own text and not as a "
                   "card.</p>" for n in range(4))
    rest += '<div class="tags"><a href="/tag/harbour/">harbour</a> <a href="/tag/ferries/">ferries</a></div>'
    page = f"<html><head><title>A post</title></head><body><article><h1>A post</h1>{PROSE}{box}{rest}"
    article = parse_article(BASE, page + "</article></body></html>")
    assert [r.url for r in article.related] == ["https://site.example.test/2024/05/first-pick/",
                                               "https://site.example.test/2024/05/second-pick/"]
    assert "Paragraph 3 of the article" in article.body_text
    # cards, each a link and its excerpt, are a list whatever their excerpts
    cards = "".join(f'<article><h3><a href="/2024/05/pick-{n}/">Pick {n}</a></h3><p>An excerpt of pick {n} '
                    "that runs long enough to look like a paragraph of its own text.</p></article>"
                    for n in range(3))
    assert len(_urls(f'{PROSE}<div class="related-posts">{cards}</div>')) == 3
