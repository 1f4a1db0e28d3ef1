"""Text-evident boilerplate lines and related labels (:mod:`crawler.parsers.boilerplate`)."""

from __future__ import annotations

import pytest

from crawler.parsers.boilerplate import is_line_boilerplate, is_related_label, prune_blocks
from crawler.parsers.markdown import Heading


@pytest.mark.parametrize("text", [
    "Foto: Anna Muster/dpa", "(Photo: Jane Roe)", "Bild: Hersteller", "(crédito: Agencia Ejemplo)",
    "A harbour at dawn. Getty Images", "Street scene (© Ejemplo / Shutterstock.com)",
    "14.03.2024, 09:15 Uhr", "Updated: March 3, 2024 10:02 am", "Pubblicato il 3 marzo 2024",
    "Tags: economy, trade", "Schlagwörter: Verkehr", "Wie bewerten Sie diesen Artikel?",
    "Was this article helpful?", "Was this tutorial helpful?", "Did you find this guide useful?",
    "214 out of 251 found this helpful", "3 of 4 people found this useful.",
    "Frissítve: 2024. augusztus 7. 10:45", "Actualizat: 12 septembrie 2024, 11:02",
    "This guide contains affiliate links. If you book through them, we may earn a small commission at no "
    "extra cost to you.",
    "18+ only. Please gamble responsibly. For free, confidential advice visit BeGambleAware.org.",
    "- Գովազդ -", "Reklam", "Auglýsing", "Like this:",
    "Yenilənib: 12.07.2024 | 15:05", "Ažurirano: 17.06.2024. 12:47",
    "Have more questions? Submit a request",
    "Keine Kommentare", "© 2024 Example Media. All rights reserved.",
    "zurück zur Übersicht", "Crédits photos : Agence Exemple", "(Noch keine Bewertungen)",
    "*Werbung. Dieser Beitrag enthält Werbung für eine Marke, die hier genannt wird.",
    "Dieser Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.",
    "Sie sind aktuell nicht eingeloggt.", "AFP / Jane Roe", "Kuva: Matti Meikäläinen",
    "Фото: Иван Петров", "(Reuters / Jane Roe)",
    "Kommentarfeed | Kommentare geschlossen | Trackback-URL", "No Response so far »",
    "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)", "Comments (5 posted)",
    "%d Bloggern gefällt das:", "Like Loading…", "Gefällt mir Wird geladen …",
    "« Zurück zu den Veranstaltungen", "asked Feb 6, 2014 at 20:37", "edited 3 days ago", "Permalink",
    "Permalien https://p.example.test/RPYx", "Name (required)", "E-Mail (wird nicht veröffentlicht)",
    "Mail the editor", "Der Artikel wurde erfolgreich hinzugefügt.", "Successfully added to your cart",
    "Auskunft über vergangenes Wetter… mehr •••", "The bridge reopens in June... Read more »",
    "Bitte geben Sie die Zahlenfolge in das nachfolgende Textfeld ein.", "Video verfügbar bis 28.02.2021",
    "Informationsschreiben vom 14. Oktober 2021 PDF 38 KB Datei ist nicht barrierefrei",
    "Was deze informatie nuttig?", "Cet article vous a-t-il été utile ?", "Questo articolo è stato utile?",
    "Esta página foi útil?", "Deze pagina delen", "Xayaysiis", "- Talla -", "Isikhangiso", "ໂຄສະນາ",
    "ବିଜ୍ଞାପନ", "Advertensie", "જાહેરાત", "ਇਸ਼ਤਿਹਾਰ", "Reklāma", "Nos siga no", "Follow us on:",
    "Siga-nos no Google Notícias",
    "When you purchase through links on our site, we may earn an affiliate commission.",
    "The views expressed in this column are the author's own.", "Your browser doesn't support HTML5 video.",
    "Cite this post", "Download BibTeX", "责任编辑：王小红", "下載華南新聞網APP，即時掌握最新消息",
    "<저작권자 ⓒ 한빛일보, 무단 전재 및 재배포 금지>", "انتهای پیام", "(rna/fjp)", "Haberin Devamı",
    "SCROLL TO CONTINUE WITH CONTENT", "Dalsza część artykułu pod materiałem wideo",
    "立即下載", "この記事は有料記事です。残り0文字",
    "Méindeg, 23. November 2026 um 06:45 Auer",  # a weekday before the date, in whatever language
    "Alarobia, 25 Novambra 2026",
    # an audio player's label, a subscriber flag, a desk's photo credit, a live badge, US zone letters
    "Listen to this article 6 min", "Listen to this story (4:12)", "Artikel anhören", "Écouter cet article",
    "Subscriber content", "Members only article", "Nur für Abonnenten", "Réservé aux abonnés",
    "Harbour Gazette photo by Tomas Lind", "Staff photo by Ines Araújo",
    "LIVE Updated 5:04 p.m. ET Jan. 22, 2025", "Posted 9:30 a.m. PT March 3, 2025",
    # a date line going on with its category, date labels of Turkish and French, "about the author"
    "Giriş Tarihi: 24.10.2024 - 10:23", "Publié le 11/03/2025 à 07h15, modifié le 11/03/2025 à 09h02",
    "Giriş Tarihi: 24.10.2024 - 10:23 Son Güncelleme: 24.10.2024 - 11:05",
    "Posted on Sat 04 November 2023 in sysadmin", "Published 3 March 2024 in Science · 6 min read",
    "この記事を書いた人", "À propos de l'auteur", "Gift this article",
    # a page counter, a gallery's control, a reporter's role alone under the byline
    "Page 2 of 3", "Seite 2 von 5", "View full screen gallery", "See all 12 photos", "Courier Staff Writer",
])
def test_lines_that_are_boilerplate(text: str) -> None:
    assert is_line_boilerplate(text)


@pytest.mark.parametrize("text", [
    "The bridge opened on 3 March after two years of work.", "1. Preheat the oven", "2019",
    "We gamble responsibly with our savings when markets fall, he said.",
    "Photosynthesis needs light.", "Share prices fell by a third in March 2024.",
    "Reuters: oil prices rose on Monday as supply fell.", "Kuvat ovat kauniita ja selkeitä.",
    "Berlin | Hamburg | München", "Mehr Geld | weniger Arbeit", "Die Kommentare (drei) waren klug.",
    "Teilen Sie die Arbeit (und die Freude) gerecht auf.", "She asked Feb 6 for a delay.",
    "The name (required by law) is on the label.", "The editor was asked to resign.",
    "Es gab … mehr Regen als im Vorjahr.", "The video was available until Monday.",
    "The report runs to 38 pages.", "Listen to this: the council voted against the plan.",
    "Family photo by the lake", "Subscribers content themselves with the digest.",
    "Members voted on the plan in March 2025.", "The report, at 5:04 p.m. ET, named three causes.",
    "Posted on Monday in the morning, the letter reached the council.", "Page 2 of the report covers costs",
])
def test_lines_that_are_article_text(text: str) -> None:
    assert not is_line_boilerplate(text)


HARBOUR = "The harbour reopened on Monday after a week of repairs to the outer wall and the crane."
ARTICLE = ("The council approved the repairs after a year of debate about their costs, and work on the "
           "bridge starts in June.")


@pytest.mark.parametrize(("block", "kept"), [
    ("[Kommentarfeed](http://x.test/feed/) | Kommentare geschlossen | [Trackback-URL](http://x.test/t/)",
     False),
    ("[Berlin](http://x.test/b/) | Hamburg | [München](http://x.test/m/)", True),
    ("| Kommentare geschlossen | Trackback-URL |", True)])  # a table's row: its bars are cell borders
def test_a_row_of_linked_prompts_goes_as_the_same_row_in_plain_text_would(block: str, kept: bool) -> None:
    assert (block in prune_blocks([ARTICLE, block, ARTICLE])) is kept


@pytest.mark.parametrize("block", [
    "VEA TAMBIÉN: [Estrella de la educación no brilla en Panamá Oeste](http://x.test/a/)",
    "Vedi anche: [Il ponte riapre a giugno](http://x.test/b/)",
    "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este enlace.",
    "¡Mira lo que tiene nuestro canal de YouTube!", "Folgen Sie unserem WhatsApp-Kanal.",
    "DHB jetzt auch digital! Einfach hier klicken und für das digitale DHB registrieren!",
    "Lesen Sie das Magazin digital in der App oder bestellen Sie es im Shop als Abo oder Einzelheft:",
    "2023 nichts mehr versäumen!", "Werden Sie Mitglied bei for me und erhalten Sie exklusive Angebote!",
    "Puede escribirnos o seguir a Materia en Facebook, Twitter o suscribirse aquí a nuestra newsletter.",
    "*The Harbour Gazette is a nonprofit newsroom. [Support local reporting with a tax-deductible gift.]"
    "(https://gazette.example.test/donate/)*",
    "Offre spéciale : 1 € le premier mois, puis 9,99 € par mois. Sans engagement.",
    "Special offer: 3 months for $1, then $12 a month.", "Sign up for our newsletter and never miss a story.",
    "Are you confident in the direction of the club? Take our weekly fan survey."])
def test_promos_and_inline_related_links_in_more_languages_go(block: str) -> None:
    assert prune_blocks([ARTICLE, block, ARTICLE]) == [ARTICLE, ARTICLE]


@pytest.mark.parametrize("block", [
    "© 2022, Example News. This article is the copyrighted property of Example News. Written permission must "
    "be obtained before reprint in online or print media. REPRINTING CONTENT WITHOUT PERMISSION AND/OR "
    "PAYMENT IS THEFT AND PUNISHABLE BY LAW.",
    "We recommend the best products through an independent review process, and advertisers do not influence "
    "our picks. We may receive compensation if you visit partners we recommend.",
    "Trotz sorgfältiger inhaltlicher Kontrolle übernehme ich keine Haftung für die Inhalte externer Links.",
    "Wenn Sie uns per Kontaktformular Anfragen zukommen lassen, werden Ihre Angaben bei uns gespeichert.",
    "Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY",
    "SUGGESTED CITATION Roe, Jane: Bridges in the Crisis, Example Blog, 2020/4/09.",
    "Help us continue to spread the magic of words to readers everywhere",
    "Jetzt neu! Besuchen Sie unseren Fan-Shop!",
    "Online-Pressemappe - alle Pressemitteilungen der Example AG   RSS-Feed abonnieren",
    "Dieser Beitrag stammt aus Ausgabe 7/2019 der Zeitschrift. Das Heft ist ab 20.06.2019 im Handel.",
    "Submit your letter to the editor via this form. Read more Letters to the Editor.",
    "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu "
    "Twitter her."])
def test_legal_and_editorial_notices_go(block: str) -> None:
    assert prune_blocks([ARTICLE, block, ARTICLE]) == [ARTICLE, ARTICLE]


@pytest.mark.parametrize("block", [
    "Der Kanal auf YouTube des Ministeriums zeigte am Montag die Pressekonferenz.",
    "Wer am Wochenende nichts verpassen will, sollte früh am Hafen sein.",
    "Vea el informe completo de la comisión: la obra se retrasó por la lluvia.",
    "The court ruled that the paper needed written permission from the family to print the letters.",
    "Die Stadt übernimmt keine Haftung für Schäden durch Glatteis, sagte der Sprecher.",
    "The streaming service raises its price to 15,99 € par mois from April.",
    "Notices will be placed on doors at least 48 hours before work begins. Residents can also sign up for "
    "text alerts on the city's website."])
def test_article_sentences_near_those_words_stay(block: str) -> None:
    assert prune_blocks([ARTICLE, block, ARTICLE]) == [ARTICLE, block, ARTICLE]


@pytest.mark.parametrize("text", [
    "Wir verwenden Cookies, um unser Angebot nutzerfreundlicher zu machen.",
    "Mit dem Laden des Beitrags akzeptieren Sie die Datenschutzerklärung von Instagram.",
    "By clicking Accept you agree to the storing of cookies on your device.",
    "Instagram-Beiträge immer entsperren", "X Beiträge immer entsperren",
])
def test_consent_notices(text: str) -> None:
    from crawler.parsers.boilerplate import is_consent

    assert is_consent(text)


@pytest.mark.parametrize("text", ["-Beiträge immer entsperren", "Beiträge immer entsperren"])
def test_unlock_placeholder_needs_the_embeds_name(text: str) -> None:
    """"<Service>-Beiträge immer entsperren" is a consent placeholder; the words without the
    service's name in front are not taken for one."""
    from crawler.parsers.boilerplate import is_consent

    assert not is_consent(text)


@pytest.mark.parametrize("text", [
    "Ähnliche Beiträge", "Schon gelesen?", "Lea también:", "Zobacz również", "Читайте также",
    "相关阅读", "関連記事", "Διαβάστε επίσης", "Läs också", "NOTAS RELACIONADAS",
])
def test_related_labels_in_many_languages(text: str) -> None:
    assert is_related_label(text)


@pytest.mark.parametrize("label", ["Weitere Informationen:", "Kontakt:", "Seguir leyendo:",
                                   "Lue seuraavaksi:"])
def test_a_label_left_last_goes_and_the_same_label_before_text_stays(label: str) -> None:
    assert prune_blocks([ARTICLE, ARTICLE, label]) == [ARTICLE, ARTICLE]
    assert prune_blocks([ARTICLE, label, ARTICLE]) == [ARTICLE, label, ARTICLE]


def test_a_sentence_ending_in_a_colon_stays_last() -> None:
    sentence = 'To see "Super Mario Run" in action, check out the footage below:'
    assert prune_blocks([ARTICLE, sentence]) == [ARTICLE, sentence]


def test_a_related_label_cuts_the_teasers_after_it_only_at_the_end() -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point. " * 3
    blocks = [para, para, para, Heading(3, "Related stories"), "Teaser one", "Teaser two"]
    assert prune_blocks(blocks) == [para, para, para]
    early = [Heading(3, "Related stories"), "Teaser one", para, para, para]
    assert prune_blocks(early) == early


@pytest.mark.parametrize("label", ["Trending now", "Meistgelesen", "ट्रेंडिंग न्यूज़"])
def test_a_most_read_or_trending_label_cuts_the_teasers_after_it_at_the_end(label: str) -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point. " * 3
    teasers = "1. [Teaser one](https://x.example/1)\n2. [Teaser two](https://x.example/2)"
    assert prune_blocks([para, para, para, Heading(3, label), teasers]) == [para, para, para]


def test_plain_text_keeps_escaped_marks_and_numbered_headings() -> None:
    from crawler.kernel.model import markdown_to_text
    from crawler.parsers import parse_article

    html = (b"<html><body><article><h1>Gear</h1><h2>#1 pick for C#</h2>"
            b"<p>For inter* people, 2 * 3 is 6 and a \\ stays; this sentence is long enough.</p>"
            b"<p>1. Not a list item, but a sentence that starts with a number and goes on.</p>"
            b"</article></body></html>")
    article = parse_article("https://gear.example.test/2024/picks/", html)
    assert article.sections[0].heading == "#1 pick for C#"
    text = article.body_text
    assert "For inter* people, 2 * 3 is 6 and a \\ stays" in text
    assert "1. Not a list item" in text
    assert markdown_to_text("**bold** [link](https://x.test/) and `code`") == "bold link and code"


@pytest.mark.parametrize("markdown, text", [
    ("Call `f(**kwargs)` or `__init__` here.", "Call f(**kwargs) or __init__ here."),
    ("Intro:\n\n```js\nreturn `rl:${tenant}`;\nconst x = a | b;\n```\n\n## Next\n\nMore.",
     "Intro:\n\nreturn `rl:${tenant}`;\nconst x = a | b;\n\nNext\n\nMore."),
    # a span of inline code between two blocks is looked for between them, not across them
    ("```\npip install x\n```\n\nWith [`poetry`](https://p.test/):\n\n```\npoetry add x\n```",
     "pip install x\n\nWith poetry:\n\npoetry add x"),
    ("````\nuse ``` fences\n````\nafter", "use ``` fences\n\nafter"),
    # fences never closed are text; the block after them is still code
    ("```x\n```y\ntext\n````\n**kw**\n````", "x\ny\ntext\n**kw**"),
    # escaped backticks of the text open no code
    ("It\\`s **bold** and \\`this\\` stays", "It`s bold and `this` stays"),
])
def test_plain_text_keeps_code_as_written(markdown: str, text: str) -> None:
    from crawler.kernel.model import markdown_to_text

    assert markdown_to_text(markdown) == text


@pytest.mark.parametrize("line", [
    "Published: Aug. 7, 2024 at 9:42 PM CDT",
    "Published: Aug. 7, 2024 at 9:42 PM CDT |Updated: 8 hours ago",
    "Updated 3 days ago | June 2, 2024 10:15 AEST",
    "प्रकाशित: २७ नोव्हेंबर २०२६",  # Marathi, the month and digits of its script
    "2 դեկտեմբերի 2026, 11:05",  # Armenian
    "Jänner 2014",
])
def test_date_lines_with_zones_and_relative_times_are_boilerplate(line: str) -> None:
    assert is_line_boilerplate(line)


def test_lines_of_a_paragraph_go_one_by_one_and_a_paragraph_of_only_such_lines_goes_whole() -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    meta_only = "24.01.2022 11:38  \nKategorie: [News](https://news.example.test/news)"
    mixed = "14.03.2024, 09:15 Uhr  \nThe harbour reopened on Monday after a week of repairs."
    assert prune_blocks([para, meta_only, para]) == [para, para]
    assert prune_blocks([para, mixed]) == [para, "The harbour reopened on Monday after a week of repairs."]


def test_a_header_line_of_a_kicker_and_a_date_goes_only_at_the_start() -> None:
    para = HARBOUR
    assert prune_blocks(["Energie 12.12.2022, 08:30 Uhr", para]) == [para]
    assert prune_blocks(["Berlin, 28.10.2021", para]) == [para]
    # further down the same shape is the article's own (a programme, a list of dates)
    programme = [para, "Premiere 12.12.2022, 20:00 Uhr", para]
    assert prune_blocks(programme) == programme
    assert prune_blocks(["Energie und Klima 12.12.2022", para]) == ["Energie und Klima 12.12.2022", para]


def test_an_author_heading_goes_at_the_start_of_the_body_only() -> None:
    para = "I had the opportunity to give a webcast about testing client-side applications last week."
    assert prune_blocks([Heading(5, "Mark Lavin"), para], ["Mark Lavin"]) == [para]
    later = [para, Heading(2, "Mark Lavin"), para]
    assert prune_blocks(later, ["Mark Lavin"]) == later


@pytest.mark.parametrize("text", [
    "摄影：王强", "写真：共同", "사진=연합뉴스", "تصوير: محمود حسن", "फोटो: पीटीआई", "（写真：みなと新聞）",
    "Fotoğraf: AA", "צילום: דנה לוי", "Image copyright", "Photo credit", "3/28 photos", "Bild 1 von 4",
    "Photo 3 of 10",
])
def test_credit_lines_labels_and_gallery_counters_in_more_scripts(text: str) -> None:
    assert is_line_boilerplate(text)


@pytest.mark.parametrize("text", [
    "3 of the 28 photos were blurry.", "Image sources are listed below the article.",
    "摄影师王强说，这是他拍过最难的一张照片。", "Der Fotograf zeigte 3 von 4 Bildern.",
])
def test_lines_near_credit_words_that_are_article_text(text: str) -> None:
    assert not is_line_boilerplate(text)


def _body(html: str) -> str:
    from lxml import etree

    from crawler.parsers.credits import remove_credits
    from crawler.parsers.document import text_of

    content = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser()).find(".//div")
    remove_credits(content)
    return text_of(content)


@pytest.mark.parametrize(("html", "left"), [
    ('<figure><img src="a.jpg"><figcaption>Una acequia sin agua. <span class="credito">Foto: Tony Sevilla'
     '</span></figcaption></figure>', "Una acequia sin agua."),
    ('<figure><img src="a.jpg"><figcaption>Enfermeira aplica a dose <span class="content-media__credit">'
     '— Foto: Carlos Bassan</span></figcaption></figure>', "Enfermeira aplica a dose"),
    ('<figure><img src="a.jpg"><figcaption>Färjan byggdes 1987. <span class="photographer">Foto: Lars '
     'Pehrson</span></figcaption></figure>', "Färjan byggdes 1987."),
    ('<figure><img src="a.jpg"><figcaption>Symbolbild | <span class="credit">Foto: Max Muster</span>'
     '</figcaption></figure>', "Symbolbild"),
    ('<p>Text of the article.</p><p class="bildnachweis">Bildnachweis: Stadtarchiv</p>',
     "Text of the article."),
])
def test_credit_elements_go(html: str, left: str) -> None:
    assert _body(html) == left


@pytest.mark.parametrize("html", [
    '<p class="credit-card">Pay with a credit card and get two per cent back on every purchase.</p>',
    '<table><tr><th>Item</th><th class="credit">Credit</th></tr><tr><td>Rent</td><td class="credit">900</td>'
    '</tr></table>',
    '<div class="summary-credit"><p class="summary">Officers found the boat on Sunday.</p></div>',
    '<div class="has-photo-credit"><img src="a.jpg"></div>',
])
def test_article_text_in_elements_with_credit_classes_stays(html: str) -> None:
    from lxml import etree

    from crawler.parsers.document import text_of

    whole = text_of(etree.fromstring(f"<div>{html}</div>", etree.HTMLParser()).find(".//div"))
    assert _body(html) == whole


def _cut(caption: str, starts: tuple[int, ...] = ()) -> str:
    from crawler.parsers.credits import credit_start

    start = credit_start(caption, starts)
    return caption if start is None else caption[:start]


@pytest.mark.parametrize(("caption", "description"), [
    ("Una acequia sin agua a las afueras de Orihuela. Foto: Tony Sevilla / EFE",
     "Una acequia sin agua a las afueras de Orihuela."),
    ("Enfermeira aplica a primeira dose no centro de saúde — Foto: Carlos Bassan/Prefeitura",
     "Enfermeira aplica a primeira dose no centro de saúde"),
    ("Il traghetto in partenza dal porto di Desenzano (foto Fotolive/Marco Zanetti)",
     "Il traghetto in partenza dal porto di Desenzano"),
    ("Budowa torowiska przy ul. Grota-Roweckiego. Fot. Andrzej Banaś / Polska Press",
     "Budowa torowiska przy ul. Grota-Roweckiego."),
    ("De dijk bij Tiel moet omhoog. © ANP / Rob Engelaar", "De dijk bij Tiel moet omhoog."),
    ("Den nuvarande färjan byggdes 1987. Foto: Lars Pehrson", "Den nuvarande färjan byggdes 1987."),
    ("Yolcular ilk seferi bekliyor. (Fotoğraf: AA)", "Yolcular ilk seferi bekliyor."),
    ("Windkraftanlage im Steinheimer Becken, Foto: EnBW", "Windkraftanlage im Steinheimer Becken"),
    ("The old bridge at dusk. Photo by Jane Roe", "The old bridge at dusk."),
    ("President speaks in Washington (AP Photo/Evan Vucci)", "President speaks in Washington"),
    ("Rally in Paris (Reuters)", "Rally in Paris"),
    ("Вид на новый мост. Фото: Иван Петров", "Вид на новый мост."),
    ("جانب من محطة تحلية المياه الجديدة - تصوير: محمود حسن", "جانب من محطة تحلية المياه الجديدة"),
    ("पंजाब में बुवाई की तैयारी करते किसान (फोटो: पीटीआई)", "पंजाब में बुवाई की तैयारी करते किसान"),
    ("রাজশাহীতে আমের বাগান। ছবি: শহীদুল ইসলাম", "রাজশাহীতে আমের বাগান।"),
    ("نمایشگاه کتاب تهران (عکس: سارا رضایی)", "نمایشگاه کتاب تهران"),
    ("開花した標本木＝本社ヘリから撮影（写真：みなと新聞）", "開花した標本木＝本社ヘリから撮影"),
    ("图为隧道贯通现场。（摄影：王强）", "图为隧道贯通现场。"),
    ("新线路首趟列车驶出车站（新华社记者 王强 摄）", "新线路首趟列车驶出车站"),
    ("서울 송파구의 한 아파트 단지 모습 /사진=연합뉴스", "서울 송파구의 한 아파트 단지 모습"),
    ("新緑の渓谷を走る観光列車＝長野県内で2024年5月11日、佐藤美咲撮影", "新緑の渓谷を走る観光列車"),
    ("Завхан аймгийн нутагт цасанд дарагдсан бэлчээр. Гэрэл зургийг: Т.Бат-Эрдэнэ",
     "Завхан аймгийн нутагт цасанд дарагдсан бэлчээр."),
    ("Siyob bozori yonidagi novvoyxona. Surat: Bekzod Rahimov", "Siyob bozori yonidagi novvoyxona."),
    ("Y bont newydd dros yr afon. Llun: Siân Davies", "Y bont newydd dros yr afon."),
    ("పొలంలో మామిడి కాయలు. ఫోటో: ఎం. రాజేష్", "పొలంలో మామిడి కాయలు."),
    ("පොළේ පොල් වෙළෙන්දෙක්. ඡායාරූපය: චමින්ද සිල්වා", "පොළේ පොල් වෙළෙන්දෙක්."),
    ("کتێبخانەی هەولێر. وێنە: ئاراس کەریم", "کتێبخانەی هەولێر."),
    ("କଟକର ତାରକସି କାରିଗର। ଫଟୋ: ବିଶ୍ୱଜିତ ନାୟକ", "କଟକର ତାରକସି କାରିଗର।"),
    ("Ọjà Ògùn ní òwúrọ̀. Àwòrán: Kúnlé Ọláyínká", "Ọjà Ògùn ní òwúrọ̀."),
    ("Abafundi esikoleni. Isithombe: Themba Nkosi", "Abafundi esikoleni."),
    ("Dekedda Berbera. Sawirka: Cabdi Xasan", "Dekedda Berbera."),
    ("Queue lengths by region. Chart: Grid Notes analysis of operator data.", "Queue lengths by region."),
    ("Queue lengths by region. Chart by Ben Castellanos", "Queue lengths by region."),
    ("The new dashboard. Screenshot: Fieldnote design team", "The new dashboard."),
    ("Our throughput after dropping points. Image by the author", "Our throughput after dropping points."),
    ("An bus nua i gConamara. Grianghraf: Seán Ó Mainnín", "An bus nua i gConamara."),  # Irish
    ("Il-mira tal-Belt. Ritratt: Mark Zammit Cordina", "Il-mira tal-Belt."),  # Maltese
    ("ሓድሽ ቤት ንባብ ኣስመራ። ስእሊ፡ ዳዊት መሓሪ", "ሓድሽ ቤት ንባብ ኣስመራ።"),  # Tigrinya: its full stop and colon
    ("Jorge Medina installs a pump. (Ayesha Karim/Cascadia Chronicle)", "Jorge Medina installs a pump."),
    ("The ratio of input to output (Figure 3/Table 2)", "The ratio of input to output (Figure 3/Table 2)"),
    ("高鐵台北站湧現返鄉人潮。圖／本報資料照片", "高鐵台北站湧現返鄉人潮。"),
    ("Алеите ще получат нова настилка. Снимка: Георги Иванов", "Алеите ще получат нова настилка."),
    ("Kupola vyrástla nad školou. (Zdroj: VÝCHODNIAR – Lukáš Fedor)", "Kupola vyrástla nad školou."),
])
def test_the_credit_a_caption_ends_with_is_cut_and_its_description_stays(caption: str,
                                                                        description: str) -> None:
    assert _cut(caption) == description


@pytest.mark.parametrize("caption", [
    "Visitors take a photo: the view from the tower is spectacular",  # a credit word of the description
    "The bridge (photo above) was built in 1920", "The bridge (photo above)", "Die Brücke (Foto 2)",
    "Vista del museo, fotos de la exposición", "She showed the photo by the window",
    "A photographer, Jane Roe, took this picture of the harbour.",
    "Photo: Jane Roe",  # nothing but a credit: the line rules' business, not a cut
    "Die alte Brücke im Bild: Sanierung beginnt",  # after a mere space: a credit only in its own element
    "写真家の森田さんは「写真で見るより、活気はずっとすごい」と話した。",
])
def test_a_caption_without_a_credit_at_its_end_stays_whole(caption: str) -> None:
    assert _cut(caption) == caption


def test_a_credit_after_a_mere_space_is_cut_when_it_is_an_element_of_its_own() -> None:
    caption = "Die alte Brücke im Bild: Sanierung beginnt"
    assert _cut(caption, (caption.index("Bild"),)) == "Die alte Brücke im"
    assert _cut(caption, (caption.index("alte"),)) == caption


def test_a_clause_after_a_credit_word_is_not_a_name() -> None:
    caption = "The project cost two million. Credit: the city paid half."
    assert _cut(caption) == caption
    assert _cut("IV Pleno del Comité Central. Foto: Estudios Revolución.") == "IV Pleno del Comité Central."


@pytest.mark.parametrize(("html", "left"), [
    ('<figure><img src="a.jpg"><figcaption>De dijk bij Tiel. <small>© ANP / Rob Engelaar</small>'
     '</figcaption></figure>', "De dijk bij Tiel."),
    ('<figure><img src="a.jpg"><figcaption>Una acequia sin agua <span>Foto: Tony Sevilla / EFE</span>'
     '</figcaption></figure>', "Una acequia sin agua"),
    ('<p><img src="a.jpg"></p><p class="pic-note">图为隧道贯通现场。（摄影：王强）</p>',
     "图为隧道贯通现场。"),
    ('<div><img src="a.jpg"><p>Il traghetto in partenza <em>(foto Fotolive/Marco Zanetti)</em></p></div>',
     "Il traghetto in partenza"),
    ('<div class="foto"><img src="a.jpg"></div><p>Budowa torowiska. Fot. Andrzej Banaś / Polska Press</p>',
     "Budowa torowiska."),
])
def test_captions_lose_the_credit_they_end_with(html: str, left: str) -> None:
    assert _body(html) == left


@pytest.mark.parametrize("html", [
    '<p><img src="a.jpg"></p><p>The photographer Jane Roe said: "Photo: that is what I do all day."</p>',
    '<p><img src="a.jpg"></p><p>Der Fotograf Max Muster hat die Brücke im Bild: Sanierung beginnt</p>',
    '<p><img src="a.jpg"></p><p>The bridge (photo above) was built in 1920.</p>',
    '<p>The bridge was built in 1920. Photo: the city archive has more of them.</p>',  # not beside a picture
])
def test_article_sentences_about_photos_and_photographers_stay(html: str) -> None:
    from lxml import etree

    from crawler.parsers.document import text_of

    whole = text_of(etree.fromstring(f"<div>{html}</div>", etree.HTMLParser()).find(".//div"))
    assert _body(html) == whole


@pytest.mark.parametrize("line, boilerplate", [
    ("November 14, 2023 - 2 minutes read - 418 words", True),
    ("5 min read", True),
    ("12 mars 2024 · 5 min de lecture", True),
    ("Lesezeit: 3 Min.", True),
    ("Reading time: 4 minutes", True),
    ("Add 2 minutes reading aloud to each chapter", False),
    ("The essay runs 418 words and took two minutes to read.", False),
    ("30 min", False),  # a recipe's time, not a reading time
])
def test_reading_time_and_word_count_lines(line: str, boilerplate: bool) -> None:
    assert is_line_boilerplate(line) is boilerplate


@pytest.mark.parametrize("line, boilerplate", [
    ("김민준 기자 mjkim@hanbit-ilbo.example", True),
    ("Jane Roe, jroe@news.example.com", True),
    ("suivi.reformes@example.org", False),  # an address alone may be what the article announces
    ("Write to the council at council@town.example before Friday to object to the plan.", False),
])
def test_a_reporters_sign_off_with_an_address(line: str, boilerplate: bool) -> None:
    assert is_line_boilerplate(line) is boilerplate


@pytest.mark.parametrize("block, dropped", [
    ("- [Print](javascript:window.print\\(\\))\n- [Email](https://n.example/email?i=2)\n"
     "- [Download PDF](https://n.example/r?asPDF=1)", True),
    ("- Share on Facebook\n- Tweet this\n- Email this article", True),
    ("- **Drucken**\n- **Teilen**", True),
    # the article's own lists
    ("- Print the form\n- Sign it\n- Email it to the office", False),
    ("1. Email your doctor\n2. Wait for the reply", False),
    ("- Apples\n- Pears", False),
])
def test_a_list_of_page_tools_goes(block: str, dropped: bool) -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    assert prune_blocks([para, block, para]) == ([para, para] if dropped else [para, block, para])


@pytest.mark.parametrize("line", [
    "Читайте також: Уряд продовжив програму пільгових кредитів", "Baca juga: Ini Syarat Usia Masuk SD",
    "Læs også: Her er årets vindere", "Διαβάστε επίσης: Η κυβέρνηση ανακοίνωσε", "קראו גם: הממשלה החליטה",
    "আরও পড়ুন: নতুন বাজেট", "Citește și: Guvernul a decis",
])
def test_inline_read_also_lines_in_more_languages_go(line: str) -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    assert prune_blocks([para, para, line, para]) == [para, para, para]


@pytest.mark.parametrize("line", [
    "Back to top ↑", "Back to news", "« Back to news | Print this page", "Printed from lakeshoredaily.com",
    "20 Responses to “Restoring a Lionel 2037”", "5 Antworten zu „Antipoden: Die Wahrheit“", "Close window",
])
def test_navigation_and_comment_count_lines_go(line: str) -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    assert prune_blocks([para, para, line, para]) == [para, para, para]


def test_a_list_of_attachments_with_file_sizes_stays_and_a_lone_download_line_goes() -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    attachments = ("- [EPSRC award summary (PDF, 212 KB)](https://u.example/a.pdf)\n"
                   "- [Project outline for prospective PhD students (PDF, 480 KB)](https://u.example/b.pdf)")
    lone = "[Download the report (PDF, 2.1 MB)](https://u.example/r.pdf)"
    assert prune_blocks([para, attachments, lone, para]) == [para, attachments, para]


@pytest.mark.parametrize("line", [
    "Помітили помилку? Виділіть її та натисніть Ctrl+Enter",
    "Нашли опечатку? Выделите текст и нажмите Ctrl + Enter",
    "Urmărește Ziarul Cetății și pe Google News", "Recibe alertas desde Google News",
])
def test_typo_report_and_google_news_lines_go(line: str) -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    assert prune_blocks([para, para, line, para]) == [para, para, para]


@pytest.mark.parametrize(("caption", "description"), [
    # a photographer and an agency behind slashes, and a name with its credit word after it
    ("Senators confer on the floor during a filibuster of the bill. Charlie Neibergall/AP",
     "Senators confer on the floor during a filibuster of the bill."),
    ("Copper cathodes are stacked at a warehouse in Antofagasta, Chile, June 13, 2023. "
     "REUTERS/Ivan Alvarado/File Photo",
     "Copper cathodes are stacked at a warehouse in Antofagasta, Chile, June 13, 2023."),
    ("Vilijampolės tiltas per Nerį. Tomo Raginio nuotr.", "Vilijampolės tiltas per Nerį."),
    ("Ruth Kimball in her farmhouse, where two heat pumps replaced an oil furnace in 2022. Credit... "
     "Tessa Lindqvist for The Metropolitan Times",
     "Ruth Kimball in her farmhouse, where two heat pumps replaced an oil furnace in 2022."),
])
def test_credits_without_a_label_word_before_them(caption: str, description: str) -> None:
    assert _cut(caption) == description


@pytest.mark.parametrize("caption", [
    "The view from Tower Bridge/London.", "Sales rose 4% year on year/quarter on quarter.",
    "The band played AC/DC songs until midnight",
])
def test_slashes_in_a_description_are_no_credit(caption: str) -> None:
    assert _cut(caption) == caption


ARTICLE_LINE = "Text of the article, long enough to be the article itself."


@pytest.mark.parametrize("line", [
    # "read also" lines of more languages, set off by a bar, a colon or a dash, and in brackets
    "Lire aussi | Sécheresse : le gouvernement présente un plan", "Pročitajte još: Cijene karata rastu",
    "Prečítajte si tiež: Košičania si počkajú", "Soma zaidi: Serikali yatangaza mfumo mpya",
    "இதையும் படிக்க: கோவையில் கனமழை", "Also read — Ferry fares rise again",
    "(READ: EDSA Busway hits record ridership in December)",
    # appeals, republishing and copyright notices
    "The Northern Ledger has no owner. Our journalism is funded by readers like you.",
    "Please consider supporting us from just £2 a month.",
    "The Northern Wire is a nonprofit newsroom. Reader donations pay for stories like this one.",
    "This story was made possible by members like you.",
    "Will you support Plainspoken’s explanatory journalism?",
    "Note: This article gives the views of the authors, and not the position of the blog.",
    "Illustration by Marguerite Osei. Source: Getty.", "Photo by Wen Zhao, Food Styling by Bea Castellano",
    "フォローすると、ブログの更新情報を受け取ることができます",
    "会員登録・ログインすると、スキやコメントができます", "この記事が気に入ったらサポートをしてみませんか？",
    "로그인하고 공감을 남겨보세요",
    # a news desk asking for tips, a portal's stock line under each story
    "Har du tips til NRK Vestland? Send oss en e-post på tips.vestland@nrk.no",
    "Got a news tip? Email newsroom@example.test", "Tipsa oss på tips@aftonbladet.se",
    "Heb je een tip? Mail de redactie.",
    "Track Latest News Live on NDTV.com and get news updates from India and around the world",
    # a blog's tip jar; a Chinese "last updated on" line
    "Like this article? Support the author with", "Buy me a coffee", "本文最后更新于 2024年3月2日 上午",
    "Sigue toda la información de la Comunitat Valenciana en Facebook y X, o en nuestra newsletter semanal",
    "Recibe cada mañana las noticias más importantes de la Comunitat Valenciana.",
    "You may republish this article for free under a Creative Commons license.",
    "This post is licensed under CC BY 4.0 by the author.",
    "Aisha Karim, Tom Oduya and 3 others like this", "Be the first to like this", "Last updated",
    "Last updated 3 months ago",
    "If you buy something from a Verge link, Vox Media may earn a commission. See our ethics statement.",
    "Follow topics and authors from this story to see more like this in your personalized homepage feed.",
    "This material may not be reproduced, published, broadcast, rewritten or redistributed in full "
    "or in part without prior express written permission.",
    # term rows of the label words the taxonomy reads, hashtag rows, reply links
    "Témy: Košice, električky, DPMK", "Related topics: fog, cold wave", "#maps #walking #slow-tech",
    "#books, #notebooks, #reading", "Reply to this post by email", "Reply on Micro.blog",
])
def test_lines_that_are_no_article_text_go(line: str) -> None:
    assert prune_blocks([ARTICLE_LINE, line]) == [ARTICLE_LINE]


@pytest.mark.parametrize("line", ["Your Dockerfile might then look like this:", "It would look like this",
                                  "Captions will look like this"])
def test_a_sentence_that_ends_like_this_stays(line: str) -> None:
    assert prune_blocks([ARTICLE_LINE, line, ARTICLE_LINE]) == [ARTICLE_LINE, line, ARTICLE_LINE]


def test_a_sentence_with_a_hashtag_stays() -> None:
    blocks = [ARTICLE_LINE, "We tagged it #maps on the day."]
    assert prune_blocks(blocks) == blocks


def test_a_credit_element_right_after_the_description_without_a_space_is_cut() -> None:
    # "<span>… కాయలు</span><span>ఫోటో: X</span>": no space between the two elements' texts
    caption = "నేలరాలిన మామిడి కాయలుఫోటో: ఎం. రాజేష్"
    assert _cut(caption, (caption.index("ఫోటో"),)) == "నేలరాలిన మామిడి కాయలు"
    assert _cut(caption) == caption  # inside a word of one text it is no credit
    assert _cut("Ein Autofoto: Peter Muster") == "Ein Autofoto: Peter Muster"


def test_the_caption_after_a_picture_four_levels_up_loses_its_credit() -> None:
    # Wix: the picture in a custom element, in a sizing box, in a button; the caption after the button
    html = ('<p>Text of the article, long enough to be a paragraph of its own here.</p><div><div><div>'
            '<span><img src="a.jpg"></span></div></div><div class="caption"><span>Club members on the '
            "ridge. Photo courtesy of Jenna Park.</span></div></div>")
    assert "Jenna Park" not in _body(html)
    assert "Club members on the ridge." in _body(html)


def test_a_byline_line_with_its_date_and_reading_time_is_a_byline() -> None:
    from crawler.parsers.boilerplate import is_byline

    names = ["Sanne de Vries", "Mehmet Yılmaz"]
    assert is_byline("Sanne de Vries en Mehmet Yılmaz 9 april 2025, 05:00 Leestijd 4 minuten", names)
    assert not is_byline("Sanne de Vries en Mehmet Yılmaz spraken 4 minuten met de minister", names)
    assert is_byline("Ірина Коваль — Четвер, 5 грудня 2024, 10:30", ["Ірина Коваль"])  # a weekday, a month


def test_a_heading_that_is_a_tag_label_alone_goes_and_a_heading_about_tags_stays() -> None:
    para = "A paragraph of the article that goes on for a while, with commas, clauses and a point."
    blocks = [para, Heading(2, "この記事に関するキーワード"), para, Heading(2, "Tags in HTML5"), para]
    kept = prune_blocks(blocks)
    assert [b.text for b in kept if isinstance(b, Heading)] == ["Tags in HTML5"]


@pytest.mark.parametrize("text", ["Iratkozzon fel hírlevelünkre!", "Zapisz się do naszego newslettera",
                                  "Підпишіться на нашу розсилку", "Meld je aan voor onze nieuwsbrief"])
def test_newsletter_promos_of_more_languages(text: str) -> None:
    from crawler.parsers.boilerplate import is_promo

    assert is_promo(text)


@pytest.mark.parametrize(("description", "credit", "element", "kept"), [
    ("Turistas en la plaza de la Virgen, en Valencia.", "Mónica Torres / EL MIRADOR", True, False),
    ("Reizigers wachten op Utrecht Centraal op informatie", "ANP / Sander Koning", True, False),
    ("Parents fill the auditorium during the board meeting.", "Jamie Roe/Lakeshore Ledger", True, False),
    # the same words inside the caption's own text: a description going on, not a credit
    ("The match between", "Ajax / Feyenoord", False, True),
    # a slash between words that are no names
    ("Prices rose again", "per litre / per gallon", True, True),
])
def test_a_credit_element_of_two_names_set_apart_by_a_slash(description: str, credit: str, element: bool,
                                                            kept: bool) -> None:
    caption = f"{description} {credit}"
    starts = (len(description) + 1,) if element else ()
    assert (_cut(caption, starts) == caption) is kept
    if not kept:
        assert _cut(caption, starts) == description


def test_a_byline_with_the_reporters_role_goes_and_a_sentence_naming_the_author_stays() -> None:
    byline = "By [Ana Ferreira](https://gazette.example.test/staff/ana/) – Senior Reporter, Harbour Gazette"
    dated = byline + "  \nFeb 3, 2025, 5:30am EST · Updated Feb 3, 2025, 11:02am EST"
    german = "Von Ana Ferreira, Korrespondentin in Lissabon"
    assert prune_blocks([byline, HARBOUR], ["Ana Ferreira"]) == [HARBOUR]
    assert prune_blocks([dated, HARBOUR], ["Ana Ferreira"]) == [HARBOUR]
    assert prune_blocks([german, HARBOUR], ["Ana Ferreira"]) == [HARBOUR]
    quoted = "Ana Ferreira, who was a reporter here for ten years before she left, wrote the first report."
    assert prune_blocks([HARBOUR, quoted], ["Ana Ferreira"]) == [HARBOUR, quoted]


def test_a_table_row_of_page_tools_goes_and_a_table_of_data_stays() -> None:
    tools = ("| ![](https://gazette.example.test/i/mail.gif) | [E-mail this story to a friend]"
             "(https://gazette.example.test/mail?s=1) | | ![](https://gazette.example.test/i/print.gif) | "
             "Printer-friendly version |\n| --- | --- | --- | --- | --- |")
    data = "| Berth | Length |\n| --- | --- |\n| North | 210 m |\n| South | 180 m |"
    assert prune_blocks([HARBOUR, tools]) == [HARBOUR]
    assert prune_blocks([HARBOUR, data]) == [HARBOUR, data]
