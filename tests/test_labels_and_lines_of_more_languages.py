"""Lines and labels that sites in French, Spanish and Portuguese write, and the meta lines of
news sites elsewhere: related lists whose adjective follows its noun, a voseo "read also", a time
counted back from now, a zone of South Asia, and an agency beside the byline's names."""

from __future__ import annotations

import pytest

from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.boilerplate import is_byline, is_date_line
from crawler.parsers.related_words import RELATED_LABEL

URL = "https://diario-sur.example.test/noticia/locales/camaras-centro-historico-92301.html"
SENTENCE = "La municipalidad instalará cuarenta cámaras en el centro histórico antes de fin de año. "
PARAGRAPH = f"<p>{SENTENCE * 4}</p>"


def parse(body: str, head: str = "", title: str = "Cámaras en el centro") -> Article:
    return parse_article(URL, "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                              f"{title}</title>{head}</head><body>{body}</body></html>")


def story(after: str = "", inner: str = "", head: str = "", title: str = "Cámaras en el centro") -> Article:
    return parse(f"<article><h1>Cámaras en el centro</h1>{inner}{PARAGRAPH * 3}{after}</article>", head,
                 title)


@pytest.mark.parametrize("label", ["notas relacionadas", "matérias relacionadas", "articoli correlati",
                                   "articles liés", "notícies relacionades", "vídeos relacionados"])
def test_a_label_whose_adjective_follows_its_noun(label: str) -> None:
    assert RELATED_LABEL.match(label)


@pytest.mark.parametrize("text", ["tres muertos relacionados", "notas sueltas", "relacionados"])
def test_other_phrases_are_no_label(text: str) -> None:
    assert not RELATED_LABEL.match(text)


def test_a_list_under_a_label_whose_adjective_follows_is_related() -> None:
    links = "".join(f'<li><a href="/noticia/locales/nota-{i}-9210{i}.html">Nota número {i} del distrito'
                    "</a></li>" for i in range(1, 4))
    art = story(after=f"<div><h4>Notas relacionadas</h4><ul>{links}</ul></div>")
    assert len(art.related) == 3
    assert "Nota número 1" not in art.body_text


def test_a_voseo_read_also_line_leaves_the_body() -> None:
    art = story(inner='<p><strong>Leé también:</strong> <a href="/noticia/locales/otra-nota-92288.html">'
                      "El carnaval movió un millón de turistas</a></p>")
    assert "carnaval" not in art.body_text


@pytest.mark.parametrize("line", ["3 hours ago", "Updated 3 hours ago", "il y a 3 heures",
                                  "Publié il y a 3 heures", "hace 2 horas", "Atualizado há 2 horas",
                                  "vor 2 Stunden", "5 minuti fa", "2 uur geleden",
                                  "Updated on: Feb 07, 2024 10:15 AM IST"])
def test_a_time_counted_back_from_now_is_a_date_line(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", ["Il y a 3 heures que la police attend",
                                  "Hace 2 horas se cortó la luz en el barrio", "West Bank 12 May 2024"])
def test_a_sentence_with_a_time_is_no_date_line(line: str) -> None:
    assert not is_date_line(line)


def test_a_byline_with_an_agency_and_a_time_counted_back_is_a_byline_line() -> None:
    assert is_byline("Sophie Lambert avec Belga • il y a 3 heures • 4 min de lecture", ["Sophie Lambert"])
    assert not is_byline("Sophie Lambert, papa de deux enfants", ["Sophie Lambert"])

