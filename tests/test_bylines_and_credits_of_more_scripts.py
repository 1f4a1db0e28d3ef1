"""Bylines, credits, dates and prompts of news sites in South, South-East and Central Asia: a
field's label beside its value, an initial glued to a name, a place after an Arabic comma, a
picture's credit in brackets after a dash, a file picture's note, a Mongolian date, "read also"
lines, a prompt to follow the paper on Google News, and a share bar's app link in a row of tags."""

from __future__ import annotations

import pytest

from crawler.kernel.dates import find_date
from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.boilerplate import is_byline, is_date_line, is_promo
from crawler.parsers.credits import LABELLED_CREDIT, _labelled_credit, credit_start
from crawler.parsers.names import split_byline

URL = "https://steppe-daily.example.test/news/2024/02/27/winter-on-the-pastures/"
SENTENCE = "Herders moved their animals to the sheltered valleys as the snow kept falling all week. "
PARAGRAPH = f"<p>{SENTENCE * 4}</p>"


def story(inner: str = "", after: str = "", head: str = "") -> Article:
    return parse_article(URL, "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Winter on the pastures"
                              f"</title>{head}</head><body><article><h1>Winter on the pastures</h1>{inner}"
                              f"{PARAGRAPH * 3}{after}</article></body></html>")


# --- bylines ---------------------------------------------------------------------------------------
def test_a_name_with_a_glued_initial_after_a_label_is_the_author() -> None:
    art = story('<div class="meta"><span>Бичсэн: <a href="/author/b-enkhjargal">Б.Энхжаргал</a></span></div>')
    assert [a.name for a in art.metadata.authors] == ["Б.Энхжаргал"]


def test_a_fields_label_in_an_element_of_its_own_is_no_name() -> None:
    art = story('<div class="field field--name-field-reporter"><div class="field__label">වාර්තාකරු</div>'
                '<div class="field__item">චමින්ද කුමාරසිංහ</div></div>')
    assert [a.name for a in art.metadata.authors] == ["චමින්ද කුමාරසිංහ"]


def test_a_name_in_an_element_classed_label_stays_the_name() -> None:
    art = story('<ul class="article-meta"><li class="article_author"><a href="/--523270">'
                '<span class="label">Claus Boelen-Theile</span></a></li></ul>')
    assert [a.name for a in art.metadata.authors] == ["Claus Boelen-Theile"]


def test_a_place_after_an_arabic_comma_is_no_part_of_the_name() -> None:
    assert split_byline("رپورٹ: فرحان صدیقی، کراچی") == ["فرحان صدیقی"]
    art = story('<div class="byline-author"><span class="lbl">رپورٹ:</span> '
                '<a href="/reporter/farhan-siddiqui">فرحان صدیقی</a>، کراچی</div>')
    assert [a.name for a in art.metadata.authors] == ["فرحان صدیقی"]


def test_a_byline_and_date_line_with_label_words_leaves_the_body() -> None:
    line = "Бичсэн: Б.Энхжаргал Нийтэлсэн: 2024 оны 2-р сарын 27, 10:35"
    assert is_byline(line, ["Б.Энхжаргал"])
    assert is_date_line("Нийтэлсэн: 2024 оны 2-р сарын 27, 10:35")


def test_a_mongolian_date() -> None:
    found = find_date("Нийтэлсэн: 2024 оны 2-р сарын 27, 10:35")
    assert found is not None and (found.year, found.month, found.day, found.hour) == (2024, 2, 27, 10)


# --- credits ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("caption", "kept"), [
    ("မြင်းခြံမြို့နယ်ရှိ သရက်ခြံ (ဓာတ်ပုံ - ရွှေဧရာ)", "မြင်းခြံမြို့နယ်ရှိ သရက်ခြံ"),
    ("மதுரை மலர் சந்தையில் தொழிலாளர்கள் (கோப்புப் படம்)", "மதுரை மலர் சந்தையில் தொழிலாளர்கள்"),
    ("Mga sako ng sibuyas sa bodega sa Bongabon. (Kuha ni Arnel T. Bautista)",
     "Mga sako ng sibuyas sa bodega sa Bongabon."),
    ("The harbour before the storm (File photo)", "The harbour before the storm"),
    ("Il porto prima della tempesta (Foto – Mario Rossi)", "Il porto prima della tempesta"),
])
def test_a_credit_or_a_file_pictures_note_closing_a_caption_is_cut(caption: str, kept: str) -> None:
    start = credit_start(caption)
    assert start is not None and caption[:start] == kept


@pytest.mark.parametrize("caption", [
    "The harbour before the storm (photo above)",  # no name after the word
    "Rangers at the ford - taken by the river in spring",  # no credit word in brackets
])
def test_a_caption_without_a_credit_is_left_whole(caption: str) -> None:
    assert credit_start(caption) is None


@pytest.mark.parametrize("caption", [
    "Die Halle wurde 1987 gebaut. Foto: Lars Pehrson",
    "Ponte sobre o Taquaral \u2014 Foto: Ana Lima",
    "Omhoog.  \t - \u00a9 ANP / Sander Koning",
    "The pier at dawn, photo by Jane Doe",
    "said: \"Photo: that is what we saw\" and left",
    "A caption without any credit in it at all",
])
def test_a_labelled_credit_is_searched_from_its_first_word_with_the_same_match(caption: str) -> None:
    for at in range(len(caption) + 1):
        expected, found = LABELLED_CREDIT.search(caption, at), _labelled_credit(caption, at)
        assert (found is None) == (expected is None)
        assert found is None or (found.span(), found.groupdict()) == (expected.span(), expected.groupdict())


# --- prompts and "read also" -----------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "ഇതും വായിക്കാം: പുന്നമടയിൽ ഹൗസ്ബോട്ടിന് തീപിടിച്ചു",
    "ဆက်စပ်ဖတ်ရှုရန် - မူဆယ်နယ်စပ်ဂိတ်တွင် ကုန်တင်ကားများ",
])
def test_a_read_also_line_in_another_script_leaves_the_body(line: str) -> None:
    label, rest = line.split(" ", 1) if line.startswith("ဆ") else line.split(": ", 1)
    art = story(f'<p><strong>{label}</strong> <a href="/news/2024/02/12/other-story/">{rest}</a></p>')
    assert rest not in art.body_text


def test_a_prompt_to_follow_the_paper_on_google_news_is_a_promo() -> None:
    assert is_promo("দৈনিক নবকণ্ঠের খবর পেতে গুগল নিউজ চ্যানেল ফলো করুন")
    assert is_promo("Follow us on Google News for the latest updates")
    assert not is_promo("Google News changed how it ranks local papers last year.")


# --- tags ------------------------------------------------------------------------------------------
def test_an_apps_share_link_in_a_tags_box_is_no_tag() -> None:
    art = story(after='<div class="tags-share-box"><a href="/tag/sibuyas/" rel="tag">sibuyas</a>'
                      '<a class="post-share-item" href="fb-messenger://share/?link=x">Messenger</a></div>')
    assert art.metadata.tags == ["sibuyas"]
