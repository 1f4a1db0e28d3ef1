"""Pages of other scripts and of heavy ad-tech: Chinese portals (a title's underscores, a dateline
naming the reporters, a caption's "… 摄" credit, app promos, a trail among a header's children),
Japanese bylines, Thai and Vietnamese lines, Russian related labels and a site that calls its
article a "topic"; a Polish consent dialog; credits in pictures' alternative texts; a logo's name as
the site in a byline; recommendation networks on any domain; live-blog and newsletter chrome."""

from __future__ import annotations

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.article_links import SPONSORED_LINK
from crawler.parsers.boilerplate import is_date_line, is_line_boilerplate, prune_blocks
from crawler.parsers.credits import credit_start

ZH = "北京今年计划为老楼加装电梯600部"
ZH_TEXT = "<p>记者从北京市住房和城乡建设委员会获悉，今年全市计划新开工老楼加装电梯600部，完成400部。</p>" * 4
SENTENCE = "The county reopened the bridge on Monday after three months of repairs and tests. "
ARTICLE_TEXT = SENTENCE * 3


def page(url: str, body: str, head: str = "", lang: str = "en") -> Article:
    return parse_article(url, f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}"
                              f"</head><body>{body}</body></html>")


def test_a_chinese_portal_page_gives_site_section_reporter_and_no_caption_credit() -> None:
    art = page("https://news.xinlan.test/china/2025-03-14/doc-1.shtml",
               '<div class="header"><div class="logo"><a href="https://news.xinlan.test/"><img src="l.png" '
               'alt="新澜新闻中心"></a></div><div class="channel-path"><a href="https://news.xinlan.test/">新闻中心'
               '</a><span>&gt;</span><a href="https://news.xinlan.test/china/">国内新闻</a><span>&gt;</span>'
               f'<span>正文</span></div></div><div class="main"><h1>{ZH}</h1><div class="article">'
               "<p>京华晨报讯（记者 王晓宁）3月13日，记者从北京市住房和城乡建设委员会获悉。</p>"
               '<div class="img_wrapper"><img src="a.jpg" alt="新加装的电梯已投入使用。京华晨报记者 李响 摄">'
               '<span class="img_descr">新加装的电梯已投入使用。京华晨报记者 李响 摄</span></div>'
               f"{ZH_TEXT}<div>海量资讯、精准解读，尽在新澜新闻APP</div>{ZH_TEXT}</div></div>",
               head=f"<title>{ZH}|加装电梯|老旧小区_新澜新闻</title>"
                    '<meta property="og:site_name" content="新澜新闻">', lang="zh-CN")
    m = art.metadata
    assert m.title == ZH and m.site_name == "新澜新闻"
    assert [a.name for a in m.authors] == ["王晓宁"]
    assert m.categories == ["国内新闻"]
    assert "李响" not in art.body_markdown and "新加装的电梯已投入使用。" in art.body_markdown
    assert "APP" not in art.body_markdown


@pytest.mark.parametrize(("lead", "names"), [
    ("新华社北京3月13日电（记者 张三 李四）近日，", ["张三", "李四"]),
    ("本报讯（记者　王强）近日，", ["王强"]),
    ("他说（记者 问）近日，", []),  # no dateline
])
def test_a_chinese_datelines_reporters(lead: str, names: list[str]) -> None:
    art = page("https://news.example.cn/a/1.html",
               f"<article><h1>{ZH}</h1><p>{lead}记者从北京市住房和城乡建设委员会获悉。</p>{ZH_TEXT}"
               "</article>", head=f"<title>{ZH}</title>", lang="zh-CN")
    assert [a.name for a in art.metadata.authors] == names


@pytest.mark.parametrize(("lang", "names"), [("ja", ["佐藤 健太"]), ("zh-CN", ["佐藤", "健太"])])
def test_a_japanese_byline_label_goes_and_a_japanese_name_stays_whole(lang: str, names: list[str]) -> None:
    art = page("https://blog.example.jp/2024/05/post/",
               "<article><h1>静的サイトの移行記録</h1><div class='post-meta'><span class='post-author'>"
               "<strong>投稿者： </strong>佐藤 健太</span></div>"
               + "<p>静的サイトジェネレーターを乗り換えた記録です。移行に二週間かかりました。</p>" * 6
               + "</article>", head="<title>静的サイトの移行記録</title>", lang=lang)
    assert [a.name for a in art.metadata.authors] == names


def test_a_logos_name_in_another_script_is_no_author() -> None:
    art = page("https://www.amarprabhat.test/up/lucknow/metro-2025",
               '<div class="logo"><a href="https://www.amarprabhat.test/">'
               '<img src="l.svg" alt="अमर प्रभात"></a></div>'
               "<article><h1>पुराने लखनऊ तक दौड़ेगी मेट्रो</h1>"
               "<div class='author-sec'><div class='auther-name'>"
               "<p><a href='/author/rahul-mishra'>राहुल मिश्रा</a>, अमर प्रभात, लखनऊ</p></div></div>"
               + "<p>केंद्रीय मंत्रिमंडल ने चारबाग से वसंतकुंज तक मेट्रो कॉरिडोर को मंजूरी दे दी है और काम जल्द शुरू होगा।</p>"
               * 5 + "</article>",
               head='<meta property="og:site_name" content="Amar Prabhat"><title>मेट्रो</title>', lang="hi")
    assert [a.name for a in art.metadata.authors] == ["राहुल मिश्रा"]


# --- credits --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("caption", "kept"), [
    ("丰台区某小区新加装的电梯已投入使用。京华晨报记者 李响 摄", "丰台区某小区新加装的电梯已投入使用。"),
    ("लखनऊ मेट्रो - फोटो : अमर प्रभात (फाइल)", "लखनऊ मेट्रो"),
    ("Der Hafen am Morgen. Foto: Max Muster (Archiv)", "Der Hafen am Morgen."),
])
def test_caption_credits_after_a_sentence_and_with_a_file_mark(caption: str, kept: str) -> None:
    start = credit_start(caption)
    assert start is not None and caption[:start] == kept


def test_a_sentence_ending_in_the_word_for_shooting_keeps_it() -> None:
    assert credit_start("他说：我们一起去拍摄。") is None


@pytest.mark.parametrize(("alt", "left"), [
    ("Фото: Дмитрий Голубев / Строка.ру", ""),
    ("Koreanerinnen am Flughafen in Seoul / Foto: Geyres Christophe/picture-alliance",
     "Koreanerinnen am Flughafen in Seoul"),
    ("A river at dusk", "A river at dusk"),
])
def test_a_pictures_alternative_text_loses_its_credit(alt: str, left: str) -> None:
    art = page("https://news.example.org/2024/05/a-story/",
               f"<article><h1>Bridge reopens</h1><p>{ARTICLE_TEXT}</p><img src='a.jpg' alt='{alt}'>"
               f"<p>{ARTICLE_TEXT}</p></article>", head="<title>Bridge reopens</title>")
    assert f"![{left}](https://news.example.org/2024/05/a-story/a.jpg)" in art.body_markdown


@pytest.mark.parametrize("line", [
    "ภาพจาก สำนักบริหารพื้นที่อนุรักษ์ที่ 16", "ภาพประกอบ: ผู้จัดการ", "图片来源：新华社",
    "Thứ sáu, 14/3/2025, 10:21 (GMT+7)", "Chủ nhật, 16/3/2025",
    "Article continues below", "Story continues below advertisement",
    "Show key events onlyPlease turn on JavaScript to use this feature",
    "Por favor, cite este trabalho como:", "For attribution, please cite this work as:", "Zitiervorschlag:",
])
def test_credit_date_and_chrome_lines_of_more_sites(line: str) -> None:
    assert is_line_boilerplate(line)


@pytest.mark.parametrize("line", [
    "ภาพจากหน้าต่างบ้านเราเห็นภูเขา", "Show all", "The story continues below the dam."])
def test_lines_near_those_words_that_are_text(line: str) -> None:
    assert not is_line_boilerplate(line)


def test_a_vietnamese_weekday_opens_a_date_line() -> None:
    assert is_date_line("Thứ sáu, 14/3/2025") and not is_date_line("Thứ sáu là ngày cuối tuần làm việc")


@pytest.mark.parametrize("block", [
    "Join the Manchester Evening Courier's WhatsApp Community",
    "Get involved with the news in your community",
    "不用抽 不用搶 現在用APP看新聞 保證天天中獎", "一手掌握經濟脈動　點我訂閱自在財經Youtube頻道",
    "和自在時報做朋友，關注更多新聞", "海量资讯、精准解读，尽在新澜新闻APP",
])
def test_community_and_app_promos_go(block: str) -> None:
    assert prune_blocks([ARTICLE_TEXT, block, ARTICLE_TEXT]) == [ARTICLE_TEXT, ARTICLE_TEXT]


# --- terms, related lists, recommendation networks ------------------------------------------------
RU_HEADER = ('<div class="topic-header">'
             '<a class="topic-header__item topic-header__rubric" href="/rubrics/economics/">Экономика</a>'
             '<a class="topic-header__item topic-header__time" href="/2025/03/14/">'
             "10:21, 14 марта 2025</a></div>")
RU_TEXT = ("<p class='topic-body__content-text'>"
           "Число самозанятых в России превысило 12 миллионов человек, сообщила ФНС.</p>")


def test_a_site_that_calls_its_article_a_topic_takes_no_tags_from_its_text_or_header() -> None:
    art = page("https://stroka.test/news/2025/03/14/samozanyatye/",
               f"<div class='topic-page'>{RU_HEADER}<div class='topic-body'>"
               f"<h1>Число самозанятых выросло</h1>{RU_TEXT * 3}"
               "<p class='topic-body__content-text'>Ранее в министерстве "
               "<a href='/news/2025/02/27/stavka/'>заявили</a>, что не планируют повышать ставку налога.</p>"
               f"{RU_TEXT * 3}"
               "<div class='box-inline-topic'><div class='box-inline-topic__title'>Материалы по теме:</div>"
               "<a class='box-inline-topic__link' href='/articles/2025/02/20/gig_economy/'>"
               "Как живут курьеры</a>"
               "<a class='box-inline-topic__link' href='/articles/2024/12/11/npd_reform/'>Налог для своих</a>"
               "</div></div></div>", head="<title>Число самозанятых выросло</title>", lang="ru")
    assert not {"Экономика", "10:21, 14 марта 2025", "заявили"} & set(art.metadata.tags)
    assert [r.url.rsplit("/", 2)[-2] for r in art.related] == ["gig_economy", "npd_reform"]


@pytest.mark.parametrize(("url", "paid"), [
    ("https://paid.outbrain.test/network/redir?p=nz01", True), ("https://popup.taboola.co.uk/en/", True),
    ("https://www.example.org/how-outbrain-works/", False),
])
def test_recommendation_networks_on_any_domain(url: str, paid: bool) -> None:
    assert (SPONSORED_LINK.search(url) is not None) is paid


POLISH_CONSENT = ('<div class="rodo-overlay" id="rodo"><div class="rodo-box">'
                  "<h2>Dbamy o Twoją prywatność</h2>"
                  "<p>Kurier i nasi partnerzy przetwarzamy dane osobowe zapisane w plikach cookies w celach "
                  "marketingowych oraz statystycznych. Możesz zmienić ustawienia w dowolnym momencie.</p>"
                  "<button>Przejdź do serwisu</button><a href='#'>Ustawienia zaawansowane</a></div></div>")


def test_a_polish_consent_dialog_is_never_the_body() -> None:
    art = page("https://www.kurier.test/wiadomosci/most-otwarty/",
               POLISH_CONSENT + "<article><h1>Most otwarty po remoncie</h1>"
               + "<p>Most na Wiśle został otwarty w poniedziałek po trzech miesiącach remontu.</p>" * 6
               + "</article>", head="<title>Most otwarty po remoncie</title>", lang="pl")
    assert "prywatność" not in art.body_markdown and "cookies" not in art.body_markdown
    assert "Most na Wiśle" in art.body_markdown
    assert art.metadata.access_reason == "removed: consent block"
