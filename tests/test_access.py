"""Access detection (crawler/parsers/access.py) on small pages, in the seven languages, with the
false positives that matter (an article about subscriptions or cookies stays free); the golden
pages tests/fixtures/walls_*.html; the rule that keeps a stored revision; migration 8."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.access_keep import keep_reason
from crawler.kernel import fields
from crawler.kernel.model import Article, Metadata, Section
from crawler.parsers import parse_article
from crawler.parsers.access_words import CONSENT as CONSENT_PHRASES
from exporters.store.index import Index
from exporters.store.migrations import MIGRATIONS

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://news.example.test/2024/05/a-story/"
PROSE = ("The council met on Tuesday evening to discuss the harbour plan, and after a long debate about "
         "costs, traffic and the old warehouses it decided to ask the residents once more. ")


def page(body: str, head: str = "", lang: str = "en", paragraphs: int = 6) -> str:
    text = "".join(f"<p>{PROSE}Point {i} follows.</p>" for i in range(paragraphs))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>A Story</title>'
            f'<meta property="og:type" content="article">{head}</head><body>'
            f"<article><h1>A Story</h1>{text}{body}</article></body></html>")


def access(html: str) -> tuple[str | None, str | None, Article]:
    article = parse_article(URL, html)
    return article.metadata.access, article.metadata.access_reason, article


@pytest.mark.parametrize("case", sorted(p.stem for p in FIXTURES.glob("walls_*.html")))
def test_golden_access(case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
    article = parse_article(expected["url"], (FIXTURES / f"{case}.html").read_bytes())
    assert article.metadata.access == expected["access"], article.metadata.access_reason
    assert expected.get("access_reason_contains", "") in (article.metadata.access_reason or "")


PROMOS = {
    "en": "<div><h3>Subscribe to continue reading</h3><p>Already a subscriber? <a href='/l'>Log in</a>"
          "</p></div>",
    "de": "<div><p>Dieser Artikel ist nur für Abonnenten.</p><p><a href='/abo'>Jetzt abonnieren</a>"
          "</p></div>",
    "fr": "<div><p>Cet article est réservé aux abonnés.</p><p>Déjà abonné ? <a href='/c'>Se connecter</a>"
          "</p></div>",
    "es": "<div><p>Contenido exclusivo para suscriptores.</p><p>¿Ya eres suscriptor? Inicia sesión</p></div>",
    "it": "<div><p>Articolo riservato agli abbonati.</p><p>Sei già abbonato? Accedi</p></div>",
    "pt": "<div><p>Conteúdo exclusivo para assinantes.</p><p>Já é assinante? Entre</p></div>",
    "nl": "<div><p>Dit artikel is alleen voor abonnees.</p><p>Ben je al abonnee? Log in</p></div>",
}


@pytest.mark.parametrize("lang", sorted(PROMOS))
def test_a_promo_after_a_teaser_is_restricted_and_leaves_the_body(lang: str) -> None:
    got, reason, article = access(page(PROMOS[lang], lang=lang, paragraphs=2))
    assert got == "restricted", reason
    assert reason and reason.startswith("paywall promo:")
    assert "abonn" not in article.body_markdown.lower() and "subscri" not in article.body_markdown.lower()
    assert "Point 1 follows." in article.body_markdown


CONSENT = {
    "en": "<p>We use cookies to improve your experience.</p><button>Accept all</button>"
          "<button>Reject all</button>",
    "de": "<p>Wir verwenden Cookies, um Inhalte zu personalisieren.</p><button>Alle akzeptieren</button>"
          "<button>Alle ablehnen</button>",
    "fr": "<p>Nous utilisons des cookies pour mesurer l'audience.</p><button>Tout accepter</button>"
          "<button>Tout refuser</button>",
    "es": "<p>Utilizamos cookies propias y de terceros.</p><button>Aceptar todas</button>"
          "<button>Rechazar todas</button>",
    "it": "<p>Utilizziamo i cookie per migliorare il sito.</p><button>Accetta tutti</button>"
          "<button>Rifiuta tutti</button>",
    "pt": "<p>Utilizamos cookies para melhorar a sua experiência.</p><button>Aceitar todos</button>"
          "<button>Rejeitar todos</button>",
    "nl": "<p>Wij gebruiken cookies om de site te verbeteren.</p><button>Alles accepteren</button>"
          "<button>Alle weigeren</button>",
}


@pytest.mark.parametrize("lang", sorted(CONSENT))
def test_a_consent_dialog_without_a_body_is_a_wall(lang: str) -> None:
    html = (f'<!DOCTYPE html><html lang="{lang}"><head><title>A Story</title>'
            '<meta property="og:type" content="article"></head><body>'
            f'<div class="overlay" role="dialog">{CONSENT[lang]}</div></body></html>')
    got, reason, article = access(html)
    assert got == "wall" and reason and reason.startswith("consent wall:"), reason
    assert article.is_article and article.body_text == ""  # archived, so the user sees the wall


@pytest.mark.parametrize("lang", sorted(CONSENT))
def test_a_consent_banner_beside_a_full_article_is_removed_and_the_article_free(lang: str) -> None:
    got, reason, article = access(page(f"<div>{CONSENT[lang]}</div>", lang=lang))
    assert got == "free", reason
    assert "cookie" not in article.body_markdown.lower()
    assert article.body_markdown.count("Point ") == 6


#: Consent boxes that say so only in a long sentence ("by clicking Accept you consent ...") and on
#: their button: the sentence reads as prose unless its phrase is known.
CONSENT_SENTENCES = {
    "it": ("Cliccando su Accetta e continua acconsenti all'uso di tutti i cookie. Puoi rifiutare o "
           "personalizzare le tue scelte in qualsiasi momento dal link in fondo alla pagina.",
           "Accetta e continua"),
    "es": ("Al hacer clic en Aceptar y continuar aceptas el uso de todas las cookies. Puedes cambiar tus "
           "opciones en cualquier momento desde el enlace al pie de la página.", "Aceptar y continuar"),
    "pt": ("Ao clicar em Aceitar e continuar você concorda com o uso de todos os cookies. Pode alterar as "
           "suas escolhas a qualquer momento no link no fim da página.", "Aceitar e continuar"),
    "fr": ("En cliquant sur Continuer vous acceptez l'utilisation de tous les cookies. Vous pouvez changer "
           "vos choix à tout moment depuis le lien en bas de la page.", "Continuer"),
    "de": ("Durch Klicken auf Weiter stimmen Sie der Nutzung aller Cookies zu. Sie können Ihre Auswahl "
           "jederzeit über den Link am Ende der Seite ändern.", "Weiter"),
    "nl": ("Door op Accepteren en doorgaan te klikken ga je akkoord met het gebruik van alle cookies. Je "
           "kunt je keuze altijd wijzigen via de link onderaan de pagina.", "Accepteren en doorgaan"),
}


@pytest.mark.parametrize("lang", sorted(CONSENT_SENTENCES))
def test_a_consent_box_that_asks_in_a_long_sentence_is_removed(lang: str) -> None:
    sentence, button = CONSENT_SENTENCES[lang]
    assert CONSENT_PHRASES.search(sentence.lower()), "the sentence itself says consent"
    box = f"<div class='box' role='dialog'><p>{sentence}</p><button>{button}</button></div>"
    got, reason, article = access(page(box, lang=lang))
    assert got == "free", reason
    assert "cookie" not in article.body_markdown.lower()
    assert article.body_markdown.count("Point ") == 6


def test_the_page_behind_an_open_consent_dialog_is_still_the_article() -> None:
    """A consent dialog hides the page behind it from screen readers while it is open
    (``aria-hidden`` on the page's wrapper); the page is still on the screen, and is the article."""
    text = "".join(f"<p>{PROSE}Point {i} follows.</p>" for i in range(6))
    html = ('<!DOCTYPE html><html lang="it"><head><title>A Story</title>'
            '<meta property="og:type" content="article"></head><body>'
            f'<div class="cmpOverlay" role="dialog" aria-modal="true">{CONSENT["it"]}</div>'
            f'<div id="wrapper" aria-hidden="true"><div class="story"><h1>A Story</h1>{text}</div>'
            '<span aria-hidden="true">Icon label that stays hidden</span></div></body></html>')
    got, reason, article = access(html)
    assert got == "free", reason
    assert article.body_markdown.count("Point ") == 6
    assert "cookie" not in article.body_markdown.lower()
    assert "Icon label" not in article.body_markdown


def test_a_login_wall() -> None:
    html = page("<div class='gate'><p>Sign in to continue reading.</p><a href='/login'>Sign in</a></div>",
                paragraphs=0)
    got, reason, _ = access(html)
    assert got == "wall" and reason and reason.startswith("login wall:"), reason


def test_json_ld_paywall_declaration() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A Story", '
          '"wordCount": 2400, "isAccessibleForFree": "False"}</script>')
    got, reason, article = access(page("", head=ld, paragraphs=2))
    words = len(article.body_text.split())
    assert got == "restricted"
    assert reason == f"json-ld isAccessibleForFree=false, body {words} of 2400 declared words"


def test_json_ld_paywall_with_the_full_text_served_is_free() -> None:
    """Sites declare the paywalled part and still serve it (to crawlers): the text is there."""
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A Story", '
          '"isAccessibleForFree": false, "hasPart": {"@type": "WebPageElement", '
          '"isAccessibleForFree": false, "cssSelector": ".paid"}}</script>')
    html = page("", head=ld).replace("<h1>A Story</h1>", "<h1>A Story</h1><div class='paid'>")
    html = html.replace("</article>", "</div></article>")
    got, reason, article = access(html)
    assert got == "free" and reason and "full text served" in reason
    assert article.body_markdown.count("Point ") == 6


FREE_PAGES = {
    "a sentence about paywalls": "<p>Many sites now say \"subscribe to continue reading\" after three "
                                 "paragraphs, and readers have learned to live with it, mostly.</p>",
    "a newsletter box": "<div class='newsletter'><h3>Subscribe to our newsletter</h3>"
                        "<p>One e-mail a week. Subscribe now.</p></div>",
    "a German newsletter box": "<div><p>Abonnieren Sie unseren Newsletter und lesen Sie jeden Freitag "
                               "das Wichtigste.</p></div>",
    "a mid-article upsell": "<div class='subscription-promo'><p>Subscribe to continue reading more stories "
                            "like this.</p></div>" + "".join(f"<p>{PROSE}</p>" for _ in range(3)),
    "an article on cookies": "<p>Most sites still show a banner that says we use cookies and offer to "
                             "accept all of them, although the law asks for a real choice, and regulators "
                             "in several countries have fined publishers for banners that hide the "
                             "reject button behind two more clicks.</p>",
    "a JSON-LD free declaration": '<script type="application/ld+json">{"@type": "Article", '
                                  '"isAccessibleForFree": true}</script>',
}


@pytest.mark.parametrize("name", sorted(FREE_PAGES))
def test_free_articles_stay_free(name: str) -> None:
    got, reason, article = access(page(FREE_PAGES[name]))
    assert got == "free", reason
    assert article.is_article


def test_a_page_without_body_and_without_wall_is_not_an_article() -> None:
    article = parse_article(URL, "<html><head><title>A Story</title></head><body><p>Hello.</p></body></html>")
    assert not article.is_article and article.metadata.access == "free"


def test_a_listing_behind_a_consent_dialog_stays_a_listing() -> None:
    html = ('<html><head><title>Home</title><meta property="og:type" content="website"></head><body>'
            f'<div role="dialog">{CONSENT["en"]}</div></body></html>')
    article = parse_article("https://news.example.test/", html)
    assert not article.is_article and article.metadata.access == "wall"


# -- the field table ------------------------------------------------------------------------------

def _article(access: str | None, words: int = 300, reason: str | None = None) -> Article:
    meta = Metadata(title="T", access=access, access_reason=reason)
    return Article(url=URL, metadata=meta, sections=[Section(None, 0, " ".join(["word"] * words))])


def test_free_articles_keep_their_hash_and_front_matter() -> None:
    """Archives made before access detection are not rewritten: a free article hashes and renders
    as it did (no access key), an unchecked one (None) too."""
    free, unchecked = _article("free"), _article(None)
    assert fields.content_hash(free) == fields.content_hash(unchecked)
    assert "access" not in fields.content_values(free)
    assert not any(k.startswith("access") for k, _, _ in fields.front_matter_values(free))
    walled = _article("wall", reason="consent wall: 'accept all' dialog, body 0 words")
    assert fields.content_hash(walled) != fields.content_hash(free)
    header = {k: (v, q) for k, v, q in fields.front_matter_values(walled)}
    assert header["access"] == ("wall", False) and header["access_reason"][1] is True
    assert fields.row_values(walled)["access"] == "wall"
    assert fields.record_values(free)["access"] == "free"


@pytest.mark.parametrize(("stored", "new", "kept"), [
    (("free", 300), _article("wall", 0), "body behind a wall"),
    (("free", 300), _article("restricted", 80), "body behind a restricted"),
    ((None, 300), _article("restricted", 80), "body behind a restricted"),  # unchecked: taken as free
    (("restricted", 80), _article("wall", 0), "body behind a wall"),
    (("free", 300), _article("free", 50), "body shrank to 50 words from the stored 300"),
    (("free", 300), _article("free", 200), None),  # an edit
    (("wall", 0), _article("restricted", 80), None),  # more than the wall: stored
    (("restricted", 80), _article("free", 900), None),  # the full article at last
    (("free", 60), _article("free", 5), None),  # too short to judge by length
    (None, _article("wall", 0), None),  # first crawl: archived as a wall
])
def test_keep_reason(stored: tuple[str | None, int] | None, new: Article, kept: str | None) -> None:
    reason = keep_reason(stored, new)
    assert (reason if kept is None else (reason or "")[:len(kept)]) == kept


def test_keep_shrink_off() -> None:
    assert keep_reason(("free", 300), _article("free", 10), shrink=0) is None


def test_migration_8_adds_the_access_columns(tmp_path: Path) -> None:
    assert [m.number for m in MIGRATIONS][-1] == 8
    db = tmp_path / "archive.db"
    Index(f"sqlite:///{db}").close()
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE articles DROP COLUMN access")
        conn.execute("ALTER TABLE articles DROP COLUMN access_reason")
        conn.execute("DELETE FROM schema_migrations WHERE version = 8")
    Index(f"sqlite:///{db}").close()
    with sqlite3.connect(db) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert {"access", "access_reason"} <= columns
    assert versions[-1] == 8


def test_a_page_declared_free_is_free_whatever_promo_follows_its_short_body() -> None:
    promo = ("<div class='subscribe-box'><h3>Subscribe to The Courier</h3><p>Get unlimited access to all "
             "our journalism for $1 a week. Subscribe now.</p></div>")
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "True"}</script>'
    got, reason, _article = access(page(promo, head=ld, paragraphs=3))
    assert got == "free", reason
    assert access(page(promo, paragraphs=3))[0] == "restricted"  # without the declaration: a teaser
