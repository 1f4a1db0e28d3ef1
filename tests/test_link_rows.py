"""Share bars and rows of tag links leave the content by where their links go, whatever their
labels and classes say; a sentence that links a name to its topic page stays."""

from __future__ import annotations

import pytest
from lxml import etree

from crawler.parsers.document import load_html, text_of
from crawler.parsers.link_rows import drop_link_rows, is_share_link

PROSE = "<p>The ferry runs again after four months, and cyclists queued before seven in the morning.</p>"


def _cleaned(html: str) -> str:
    content = load_html(f"<html><body><div id='c'>{PROSE}{html}{PROSE}</div></body></html>", "https://x.test/")
    root = content.find(".//div[@id='c']")
    drop_link_rows(root)
    return text_of(root)


@pytest.mark.parametrize("href", [
    "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.test%2Fa", "https://twitter.com/intent/tweet?url=x",
    "https://x.com/intent/post?text=a", "https://www.linkedin.com/sharing/share-offsite/?url=x",
    "https://pinterest.com/pin/create/button/?url=x", "https://api.whatsapp.com/send?text=x",
    "https://wa.me/?text=x", "mailto:?subject=Story", "https://www.reddit.com/submit?url=x",
    "https://t.me/share/url?url=x",
])
def test_share_endpoints(href: str) -> None:
    assert is_share_link(etree.fromstring(f'<a href="{href}">x</a>'))


@pytest.mark.parametrize("href", [
    "https://www.facebook.com/ourpage", "https://twitter.com/reporter", "mailto:desk@x.test",
    "https://x.test/share-your-story/", "https://x.test/2024/05/sharing-economy/",
])
def test_other_links_are_not_share_links(href: str) -> None:
    assert not is_share_link(etree.fromstring(f'<a href="{href}">x</a>'))


def test_a_share_bar_named_in_another_language_goes() -> None:
    bar = ('<ul class="compartir">'
           '<li><a href="https://www.facebook.com/sharer.php?u=x">Compartir en Facebook</a></li>'
           '<li><a href="https://twitter.com/intent/tweet?url=x">Compartir en X</a></li>'
           '<li><a href="mailto:?subject=x">Enviar por correo</a></li></ul>')
    text = _cleaned(bar)
    assert "Compartir" not in text and "correo" not in text and text.count("ferry") == 2


def test_a_row_of_tag_links_with_its_label_goes() -> None:
    row = ('<p class="etiquetas">タグ： <a href="/tags/sakura/">桜</a> <a href="/tags/weather/">気象</a>'
           ' <a href="/topics/spring/" rel="tag">春</a></p>')
    text = _cleaned(row)
    assert "タグ" not in text and "桜" not in text


@pytest.mark.parametrize("html", [
    # news sites link names in their sentences to topic pages
    '<p>Transport Secretary <a href="/topic/grant-shapps">Grant Shapps</a> said the list will change on'
    ' <a href="/topic/travel">Thursday</a>, after cases rose in several countries.</p>',
    '<p><strong><a href="/etiqueta/lazo/">Esteban Lazo</a>, resaltó la importancia del código</strong>'
    ' en la sesión.</p>',
    '<p>Read the <a href="https://twitter.com/intent/tweet?text=hi">tweet button</a> story in our'
    ' archive, which explains how sharing buttons began and why newspapers adopted them so quickly.</p>',
])
def test_links_in_sentences_stay(html: str) -> None:
    before = text_of(load_html(f"<html><body>{html}</body></html>", "https://x.test/").find("body"))
    assert before in _cleaned(html)


def test_a_category_kicker_above_the_headline_goes_but_not_a_link_in_a_line() -> None:
    content = load_html('<html><body><header id="c"><a class="kicker" href="/tag/queens/">Queens</a>'
                        '<h1>Finding the queen</h1>\n<p>Our <a href="/tag/guides/">guides</a> explain'
                        ' each step of finding her in a busy colony.</p></header>'
                        f'{PROSE}</body></html>', "https://x.test/")
    root = content.find(".//header")
    drop_link_rows(root)
    assert text_of(root) == "Finding the queen Our guides explain each step of finding her in a busy colony."


def test_a_topic_link_wrapped_in_a_span_inside_a_sentence_stays() -> None:
    html = ('<p>Wer in <span class="entity"><a href="/tag/europa">Europa</a></span> so lange Distanzen mit'
            ' der Bahn zurücklegen will, findet oft keine Verbindung.</p>')
    assert "Europa so lange" in _cleaned(html)


def test_a_row_of_category_links_set_apart_by_commas_goes() -> None:
    row = ('<div class="cats"><a href="/category/corona/">Corona</a>, '
           '<a href="/category/debatte/">Debatte</a>, <a href="/category/politik/">Politik</a></div>')
    text = _cleaned(row)
    assert "Debatte" not in text and "Corona" not in text


def test_buy_buttons_of_a_product_box_go_in_any_language() -> None:
    box = ("<div class='product'><h3>Flare 2</h3><ul><li>Weight: 3.1 ounces</li></ul>"
           "<a class='product__btn' rel='sponsored nofollow' href='https://go.x.test/aff/1'>"
           "Preis prüfen bei Bergshop</a>"
           "<a class='product__btn' rel='sponsored' href='https://go.x.test/aff/2'>Ver oferta</a></div>"
           "<p><a role='button' rel='sponsored' href='https://go.x.test/aff/3'>"
           "Check price at TrailMart</a></p>")
    text = _cleaned(box)
    assert "Weight: 3.1 ounces" in text and "Flare 2" in text
    for gone in ("Bergshop", "Ver oferta", "TrailMart"):
        assert gone not in text


def test_a_sponsored_link_in_a_sentence_or_as_a_listed_product_stays() -> None:
    html = ("<p>We liked the <a rel='sponsored' class='btn-link' href='https://go.x.test/aff/5'>Flare 2</a> "
            "best of all.</p><ul><li><a rel='sponsored' href='https://go.x.test/aff/6'>Ridgeback Titan</a>"
            "</li>"
            "<li>Kettle Pro, our budget pick</li></ul>")
    text = _cleaned(html)
    assert "We liked the Flare 2 best of all." in text and "Ridgeback Titan" in text
