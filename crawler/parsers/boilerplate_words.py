"""The words and patterns of :mod:`.boilerplate`: what credit, date, byline, tag and prompt lines
say, in many languages (promos, consent and legal notices are in :mod:`.promo_words`). Written in
lower case, matched against lower-cased text."""

from __future__ import annotations

import re

from .cleanup_hints import MORE_AD_LABELS
from .patterns import compile_words
from .related_words import LABEL_SEPARATORS, READ_ALSO_LABELS
from .term_kinds import CATEGORY_LABEL_WORDS, TAG_LABEL_WORDS

#: A page tool's label, as an item of a tool bar's list.
PAGE_TOOL = re.compile(
    r"^(?:print|drucken|imprimer|imprimir|stampa|e-?mail|mail|send|share|teilen|partager|compartir|tweet|"
    r"rss|save|bookmark|copy link|link kopieren|download(?: as)? pdf|pdf|text size|schriftgröße|a\+|a-|"
    r"printer[- ]friendly(?: version| page| format)?|print(?:able|er) version|druckversion|"
    r"version imprimable)"
    r"(?: (?:this|it)| (?:this|the|on|via|to) [\w ]{1,20})?$")
LIST_ITEM = re.compile(r"(?:^|\n)\s*(?:[-*+]|\d+[.)])\s")  # where the items of a rendered list start
STRUCTURED = re.compile(r"^\s*(?:[-*+] |\d+[.)] |>|\||```|    )")  # lists, quotes, tables, code

#: Words that introduce a photo credit, in several languages.
_CREDIT_WORDS = (
    r"fotos?|photos?|photograph|photo credit|bild(?:er)?|bildquelle|bildnachweis|fotonachweis|beitragsbild|"
    r"titelbild|titelfoto|headerbild|image(?: credit| source)?|images|imagen|immagine|crédito|credito|"
    r"créditos|credit|credits|crédits?(?: photos?)?|quelle|source|fuente|fonte|illustration|grafik|"
    r"foto(?:grafie|grafia)|image illustrative|video|kuvat?|fot\.|zdjęcie|фото|снимк[аи]|zdroj|beeld|billede|"
    r"bilde|fotó|"
    r"fotoğraf|ảnh|צילום|تصوير|फोटो|फ़ोटो|写真|撮影|摄影|攝影|사진")
#: Picture agencies and stock libraries.
_AGENCIES = (
    r"getty ?images|istock(?:photo)?(?:\.com)?|shutterstock(?:\.com)?|adobe ?stock|stock\.adobe\.com|"
    r"\bafp\b|\breuters\b|\bdpa\b|\bap photo\b|\bimago(?: images)?\b|unsplash(?:\.com)?|pexels(?:\.com)?|"
    r"pixabay(?:\.com)?|clipdealer|wenn\.com|picture[- ]alliance|keystone|\bepa\b|\bpa\b wire")
#: Photo credit lines: "Foto: X", "Bild: X", "(Photo: X)", "© X", "Credit: X", "AFP / X".
CREDIT_START = re.compile(
    rf"^[\[(（]?\s*(?:(?:©|\(c\)|copyright\b|{_CREDIT_WORDS})\s*[:：=＝©|/]|(?:{_AGENCIES})\s*[©|/]|"
    # "Photo by X", "Illustration by X. Source: Getty", "Photographs by X, food styling by Y"
    # a publication's or a desk's photo ("Sentinel photo by X", "Staff photo by X")
    r"(?:[^\W\d_]+ ){0,2}(?:photo(?:graph)?s?|illustrations?|images?|artwork|graphics?) by\b"
    r"(?! (?:the|a|an|his|her|their|our|my|its)\b)|"
    # "picture from / by X" in Thai, "picture source" in Chinese, "photo courtesy" in Korean
    r"ภาพ(?:จาก|โดย|ประกอบ)\s*[:：]|ภาพ(?:จาก|โดย) +\S|图片来源|圖片來源|사진\s?제공)")
#: Picture agencies and stock libraries a caption ends with.
CREDIT_END = compile_words(rf"(?:{_AGENCIES})[^\w]*(?:/[^\s/]+)?[)\].]?\s*$")
CREDIT_INSIDE = re.compile(r"[(\[]\s*(?:©|foto|photo|bild|crédito|credito|quelle|source)\b[^)\]]*[)\]]\s*$")
_MONTHS = (
    r"jan(?:uary|uar|vier|eiro)?|feb(?:ruary|ruar)?|févr(?:ier)?|fevereiro|mar(?:ch|s|zo)?|märz|maerz|"
    r"apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maggio|maio|jun(?:e|i|io|ho)?|juin|giugno|"
    r"jul(?:y|i|io|ho)?|juil(?:let)?|luglio|aug(?:ust)?|août|agosto|sep(?:t(?:ember)?)?|sept(?:iembre)?|"
    r"settembre|setembro|oct(?:ober|obre|ubre)?|okt(?:ober)?|ottobre|outubro|nov(?:ember|embre|iembre)?|"
    r"novembro|dec(?:ember)?|dez(?:ember)?|déc(?:embre)?|dic(?:iembre|embre)?|dezembro|enero|gennaio|"
    r"febrero|febbraio|marzo|abril|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"januari|februari|maart|mei|juni|juli|augustus|oktober|"  # Dutch
    r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|"
    r"ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince|"  # Polish, Czech
    r"januar|februar|mars|maj|augusti|desember|"  # Scandinavian
    r"ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık|"  # Turkish
    r"január|február|március|április|május|június|július|augusztus|szeptember|október|"  # Hungarian
    r"ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie")  # Romanian
_WEEKDAYS = (
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
    r"pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar|"  # Turkish
    # Russian, Ukrainian, Polish, Dutch, Hungarian, Greek, Indonesian, Swedish, Vietnamese
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|понеділок|вівторок|середа|четвер|"
    r"п['’ʼ]ятниця|субота|неділя|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|maandag|"
    r"dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|hétfő|kedd|szerda|csütörtök|péntek|szombat|"
    r"vasárnap|δευτέρα|τρίτη|τετάρτη|πέμπτη|παρασκευή|σάββατο|κυριακή|senin|selasa|rabu|kamis|jumat|"
    r"sabtu|minggu|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|"
    r"thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật")  # Vietnamese
#: The word before an update date ("Updated 15 May 2024", "Uppdaterad 14 maj 2024 kl. 09.14"), in
#: the languages the date lines are read in.
UPDATED_WORDS = (
    r"updated|modified|revised|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt|"
    r"uppdaterad|oppdatert|opdateret|päivitetty|zaktualizowano|aktualizacja|aktualizováno|aktualizované|frissítve|"
    r"güncelleme|güncellendi|обновлено|оновлено|ενημερώθηκε|actualitzat|actualizat|수정|"
    r"עודכן|آخر تحديث|تم التحديث|به‌روزرسانی|به روز شده|อัปเดตล่าสุด|อัปเดต|cập nhật|diperbarui|अपडेटेड|"
    r"अपडेट|yenilənib|ažurirano|ažurirana|uppfært|განახლდა|թարմացվել է|жаңартылды|përditësuar|"
    r"dikemas kini|আপডেট|अद्यतनित|шинэчилсэн|шинэчлэгдсэн")
#: The word before a publication date in those languages, beyond the Western European ones below.
PUBLISHED_WORDS = (
    r"publicerad|publisert|publiceret|julkaistu|opublikowano|publikacja|publikováno|publikované|megjelent|"
    r"yayınlanma|giriş|опубликовано|опубліковано|δημοσιεύθηκε|publicat|입력|등록|"
    # Latvian, Lithuanian, Estonian; Hindi, Marathi and Nepali, Gujarati, Bengali; Mongolian, Kazakh
    r"publicēts|paskelbta|avaldatud|प्रकाशित|પ્રકાશિત|প্রকাশিত|нийтэлсэн|жарияланды")
#: A time counted back from now ("3 hours ago"), in English, French, Spanish, Portuguese, German,
#: Italian and Dutch.
RELATIVE_TIME = (
    r"\b(?:\d+|an?|one) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago\b|"
    r"\bil y a \d+ (?:secondes?|minutes?|min|heures?|h|jours?|semaines?)\b|"
    r"\b(?:hace|há) \d+ (?:segundos?|minutos?|min|horas?|h|días?|dias?|semanas?)\b|"
    r"\bvor \d+ (?:sekunden|minuten|min|stunden|std|tagen|wochen)\b|"
    r"\b\d+ (?:secondi|minuti|ore|giorni|settimane) fa\b|"
    r"\b\d+ (?:seconden|minuten|uur|dagen|weken) geleden\b")
#: Dates, times and the words around them in a date line.
DATE_PART = re.compile(
    rf"{RELATIVE_TIME}|"  # first: its number and words are read together
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\b\d{1,4}(?:st|nd|rd|th|"
    r"er|\.)?\b|"
    rf"\b(?:{_MONTHS}|{_WEEKDAYS})\b\.?|"
    r"\b(?:published|updated|posted|last (?:modified|updated)|modified|created|date|on|at|am|um|uhr|"
    r"veröffentlicht|veröffentlichung|aktualisiert|publiziert|erstellt|geändert|stand|zuletzt|datum|vom|"
    r"release date|publikation|modifié|mise à jour|"
    # a page's own update line: "Page last updated", "Sidan uppdaterades", "Siden er sidst opdateret"
    r"page|seite|sidan|siden|sivu|senast|sist|sidst|er|uppdaterades|reviewed|last reviewed|"
    r"tarihi|son güncelleme|"  # Turkish: "Giriş Tarihi" (date of entry), "Son Güncelleme" (last update)
    r"publié|mis à jour|le|à|publicado|actualizado|el|de|del|a las|pubblicato|aggiornato|ultima modifica|il|"
    r"alle|gepubliceerd|bijgewerkt|op|utc|gmt|cet|cest|mez|mesz|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|akdt|"
    r"et|ct|mt|pt|live|"  # "Updated 5:04 p.m. ET", a live blog's badge
    rf"hst|bst|aest|aedt|jst|kst|ist|pkt|wib|wita|sast|hkt|sgt|pht|nzst|nzdt|msk|eet|eest|awst|acst|acdt|"
    rf"h|kl|auer|{UPDATED_WORDS}|{PUBLISHED_WORDS})\b|"
    r"\d{1,2}/\d{1,2}|最終更新|更新日?|配信|公開日?|発行|投稿日?|发布(?:时间)?|发表|日期|时间|[年月日時分秒火水木金土]|"
    # "(this article was) last updated on", "published on", "a.m.", "p.m." in Chinese
    r"(?:本文)?最[后後](?:更新|修改)[于於]|(?:更新|发布|發佈|發布)[于於]|上午|下午")
#: What makes a line a date: a numeric date, a time, a month name beside a number, or a time
#: counted back from now.
DATE_CORE = re.compile(
    rf"\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\d{{1,2}}:\d{{2}}|\d{{1,4}}年\d{{1,2}}月|\d\.?\s*(?:de\s+)?(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s+\d"
    rf"|{RELATIVE_TIME}")
#: Taxonomy lines: "Tags: a, b", "Schlagwörter: …", "Filed under: …".
TAXONOMY_LINE = re.compile(
    rf"^(?:{TAG_LABEL_WORDS}|{CATEGORY_LABEL_WORDS})\s*:"
    r"|(?:#[^\W_][\w-]*[\s,·|]*){2,}$")  # a row of hashtags and nothing else
#: A heading that is a tag label alone ("Tags", "この記事に関するキーワード"): its list went with the terms.
TAXONOMY_HEADING = re.compile(rf"^(?:{TAG_LABEL_WORDS})\s*[:：]?$")
#: Whole-text prompts and notices: comments, ratings, sharing, copyright, "back to", affiliate.
PROMPT = compile_words(
    r"^(?:(?:keine|no|bisher keine|noch keine|\d+) (?:kommentare?|comments?|reaktionen|antworten|responses?)"
    r"(?: (?:yet|so far|vorhanden))?|(?:\d+|one|ein|eine) (?:responses?|comments?|repl(?:y|ies)|kommentare?|"
    r"antworten?) (?:to|on|zu|auf) .{1,120}|kommentare?(?: \(\d+\))?|comments?(?: \(\d+\))?|kommentieren|"
    r"(?:einen |schreibe(?:n sie)? einen |ihr )?kommentar (?:schreiben|verfassen|hinterlassen)|"
    r"schreibe(?:n sie)? einen kommentar|leave a (?:comment|reply)|post a comment|add a comment|"
    r"reply (?:to this post )?(?:by|via) e-?mail|reply on [\w.]+|"
    r"comments are closed|kommentare sind (?:geschlossen|deaktiviert)|deja (?:un|tu) comentario|"
    r"laisser un commentaire|lascia un commento|"
    r"(?:sie|du) (?:müssen|musst) (?:sich |dich )?(?:angemeldet|eingeloggt|einloggen|anmelden).*|"
    r"you must be logged in.*|(?:sie sind|du bist) (?:aktuell |derzeit )?nicht (?:eingeloggt|angemeldet).*|"
    r"verraten sie (?:uns )?(?:gerne )?in den kommentaren.*|loading\.*|bildnachweis(?:e)?|"
    r"this entry was posted.{0,200}|kommentare (?:geschlossen|schreiben)|kommentarfeed|"
    r"trackback(?:-url| uri)?|"
    r"über (?:den|die) (?:autor|autorin)|about the author|"
    # a wiki's line under the headline ("From Wikipedia, the free encyclopedia")
    r"from [\w .'’-]{1,40}, the free encyclopedia.{0,40}|"
    # a reporter's role on a line of its own under the byline ("Courier Staff Writer")
    r"(?:[\w.'’-]+ ){0,3}staff (?:writer|reporter|photographer|correspondent)|"
    # a recommendation widget's label left alone ("Heute empfehlen wir", "Unsere Empfehlungen")
    r"(?:heute |das )?empfehlen wir(?: ihnen| dir)?|unsere empfehlungen(?: für (?:sie|dich))?|"
    # a live blog's filter ("Show key events only", "Show all posts")
    r"(?:show|view) (?:key events|all (?:posts|updates|events))(?: only)?"
    r"(?:\s*please (?:turn on|enable) javascript.{0,60})?|"
    r"please (?:turn on|enable) javascript (?:to use this feature|in your browser).{0,60}|"
    # a subscriber's offer to give the article away ("Gift this article")
    r"gift (?:this|the) (?:article|story)|この記事を(?:無料で読めるように)?プレゼント.{0,40}|"
    # "about the author" of French, Spanish, Italian, Dutch, Japanese, Chinese and Korean pages
    r"à propos de l'auteur|sobre (?:el|la) autora?|sull'autore|over de auteur|この記事を書いた人|"
    r"(?:关于|關於)作者|作者(?:简介|簡介)|기자 소개|"
    r"(?:von|by|por|par) (?:der )?(?:redaktion|staff|newsroom|redacción|rédaction)\b.{0,40}|"
    r"(?:zum )?vergrößern(?: auf das bild klicken)?|(?:bild|bilder|foto) (?:anzeigen|schließen)|"
    r"(?:image|photo|picture|foto|bild) ?(?:copyright|credits?|source|quelle)|"  # a label without its credit
    r"(?:(?:bild|foto|photo|image|picture|page|seite|página|pagina|strona) )?"
    r"\d{1,3} ?(?:/|of|von|de|di|sur|z|av|af|van) ?\d{1,3}"
    r"(?: (?:photos?|fotos?|bilder|images?|pictures?|zdjęć))?|"  # a gallery's counter
    r"click to enlarge|enlarge (?:image|photo)|(?:view|open|see) (?:the )?(?:full[- ]?screen |full )?gallery|"
    r"(?:view|see) all (?:\d+ )?(?:photos|images|pictures)|.{0,40}als pdf herunterladen|download (?:as )?pdf|"
    r"pinnen|pin it|like this:?|like or reblog|"
    r"(?:%d|\d+) (?:bloggern gefällt das|bloggers? likes? this|blogueurs aiment cette page)|"
    # a wiki's likes ("Aisha Karim, Tom Oduya and 3 others like this"), a docs page's bare "Last updated"
    r"(?:[\w.'’-]+ ){1,4}likes this|[\w .,'’-]{1,80} and \d+ (?:others?|more) like this|"
    r"be the first to like this|"
    r"last (?:updated|modified|edited):?(?: (?:\d+|an?|one) (?:seconds?|minutes?|hours?|days?|weeks?|months?"
    r"|years?) ago)?|"
    r"(?:gefällt mir|like|j'aime|me gusta|mi piace) "
    r"(?:wird geladen|loading|chargement|cargando|caricamento)\s?…?|"
    r"(?:alle )?angaben ohne gewähr|"
    r"der beitrag wurde am .{0,120}(?:veröffentlicht|geschrieben|erstellt).{0,80}|"
    r"(?:aufrufe|views|visualizaciones|vues|visualizzazioni|zugriffe)\s*:?\s*[\d.,]*|"
    r"wie (?:bewerten|gefällt|hilfreich) .*|(?:war|ist) (?:der|dieser|dieses|die) (?:artikel|beitrag|text|"
    r"seite|information) (?:hilfreich|nützlich|interessant).*|(?:was|is|did you find) this(?: \w+){0,2} "
    r"(?:helpful|useful)\b.*|rate this (?:article|post|recipe).*|(?:artikel|beitrag) bewerten|"
    # "was this helpful?" of Dutch, French, Spanish, Italian, Portuguese and Polish help pages
    r"was (?:deze|dit) (?:informatie|pagina|artikel|antwoord) (?:nuttig|behulpzaam)\b.*|"
    r"(?:cet article|cette (?:page|réponse)|cette information) (?:vous )?a-t-(?:il|elle) été utile\b.*|"
    r"¿?(?:te|le) (?:ha )?(?:resultó|sido|fue) útil (?:este|esta) (?:artículo|página|información)\b.*|"
    r"¿?(?:fue|ha sido) útil (?:este|esta) (?:artículo|página|información)\b.*|"
    r"(?:questo articolo|questa pagina) (?:ti )?è stat[oa] utile\b.*|"
    r"(?:este|esta) (?:artigo|página|informação) foi útil\b.*|"
    r"czy (?:ten artykuł|ta strona) (?:był[ao]? )?pomocn.*|"
    # a help centre's vote count and request link under an article
    r"\d[\d,.]* (?:out )?of \d[\d,.]* (?:people |users |readers )?found this (?:helpful|useful)\.?|"
    r"(?:have|got) (?:more|other|any other|further) questions\??(?: .{0,40})?|"
    r"(?:hier )?(?:können sie )?(?:den|diesen) artikel bewerten|(?:noch )?keine bewertungen.*|"
    r"(?:diese[ns]? )?(?:seite|artikel|beitrag|rezept) (?:teilen|empfehlen|drucken)|"
    r"(?:möchten sie )?(?:den|diesen) (?:artikel|beitrag) teilen.*|"
    r"share this(?: article| post| page| story)?|(?:deze )?(?:pagina|artikel|bericht) delen|delen|"
    r"teilen|share|drucken|print|compartir|partager|condividi|"
    r"zurück(?: zu[rm]? .{0,40}| nach oben)?|back to (?:top|overview|the list|list|all .{0,30}|(?:the )?\w+)|"
    r"nach oben|printed from .{1,80}|close (?:this )?window|fenster schließen|"
    r"zur übersicht|zur startseite|volver|retour|torna su|"
    r"(?:©|ⓒ|\(c\)|copyright|저작권자|版权所有|版權所有|著作権).{0,120}|"
    r".{0,60}(?:무단 ?전재|禁止转载|禁止轉載|無断転載|未经授权).{0,80}|"
    # editors' initials closing an Indonesian story ("(rna/fjp)"), an ad's "scroll to continue", a
    # "continue reading" button (Turkish "Haberin Devamı")
    r"\(?\s*[a-z]{2,4}(?:\s*/\s*[a-z]{2,4})+\s*\)?|scroll to continue(?: with content)?|"
    r"(?:article|story|content) continues (?:below|after (?:the )?(?:advertisement|ad))(?: advertisement)?|"
    r"haberin devamı(?: için tıklayın(?:ız)?)?|انتهای پیام|"
    # a video teaser's line (Polish, Indonesian), a portal's section note (Korean), a paywall's count
    # of characters left (Japanese), "download now" (Chinese)
    r"dalsza część artykułu (?:pod|poniżej) .{0,40}|simak juga video\b.{0,120}|"
    r"이 기사는 언론사에서 .{1,20} 섹션으로 분류했습니다\.?|この記事は有料記事です.{0,40}|残り\d+文字|"
    r"立即下載|立即下载|"
    # an editor's line under a Chinese, Japanese or Korean story
    r"(?:责任编辑|責任編輯|编辑|編輯|审核|審核|校对|校對|编审|來源|来源)\s*[:：].{1,40}|"
    r"(?:下载|下載|ダウンロード|다운로드).{0,30}(?:app|アプリ|앱).{0,40}|"
    # a Chinese site's promos: "all in the X app", "read the news in the app", "subscribe to our
    # channel", "be friends with X, follow more news"
    r".{0,40}(?:(?:尽在|盡在).{1,20}(?:app|客户端|客戶端)|(?:用|下載|下载) ?app ?(?:看|讀|读)(?:新聞|新闻)|"
    r"點我訂閱|点我订阅|(?:和|與|与).{1,15}做朋友|(?:關注|关注)更多(?:新聞|新闻)).{0,40}|"
    r".{0,100}\b(?:all rights reserved|alle rechte vorbehalten|"
    r"todos los derechos reservados|tous droits réservés|tutti i diritti riservati)\b.{0,60}|"
    r"anzeige|werbung|advertisement|publicidad|pubblicità|publicité|reklama|publicidade|annonce|"
    rf"(?:[-–—]\s*)?(?:{MORE_AD_LABELS})(?:\s*[-–—])?|"
    r"advertentie|mainos|реклама|広告|广告|"
    r"(?:anzeige|werbung)\s*[.,:|-].{0,160}|dieser (?:beitrag|artikel) enthält (?:werbung|affiliate).{0,120}|"
    # an affiliate disclosure and a betting notice
    r"(?:this|our) (?:post|article|guide|page|review|story|site)s? (?:may )?(?:contains?|includes?|uses?) "
    r"affiliate links?\b.{0,160}|"
    r"(?:18\+(?: only)?\.? )?(?:please )?(?:gamble|bet|play) responsibly\b.{0,200}|"
    r"(?:dieser|der) (?:beitrag|artikel|text) (?:gibt (?:die|nur die) meinung|"
    r"wurde (?:zuerst )?veröffentlicht|"
    r"erschien (?:zuerst|erstmals)).{0,140}|bei diesem (?:beitrag|text) handelt es sich um.{0,140}|"
    r".{0,80}\baffiliate[- ]links?\b.{0,80}|"
    r".{0,100}\b(?:we|i|the site) (?:may )?(?:earn|receive|get) (?:an? )?(?:small )?(?:affiliate )?"
    r"(?:commission|fee|share of (?:the )?(?:sales?|revenue))\b.{0,120}|"
    r"as an amazon associate,? (?:i|we) earn.{0,80}|"
    # a citation box under a scholarly post
    r"(?:cite this (?:post|article|page|entry)(?: as)?|how to cite(?: this (?:post|article|page))?)\s*:?|"
    r"(?:for attribution, )?please cite this (?:work|post|article) as\s*:?|"
    # the same in Portuguese, Spanish, French, German
    r"(?:por favor, )?cite este (?:trabalho|artigo|texto) como\s*:?|"
    r"(?:cómo citar|cite este (?:trabajo|artículo) como)\s*:?|"
    r"(?:pour citer cet article|citer cet article)\s*:?|"
    r"(?:zitiervorschlag|bitte zitieren (?:sie )?(?:diesen|den) (?:beitrag|artikel|text) "
    r"(?:als|wie folgt))\s*:?|"
    r"download (?:the )?(?:bibtex|ris|endnote|citation)(?: (?:file|entry))?|"
    # an opinion column's disclaimer
    r"(?:the )?(?:views|opinions) expressed (?:in this (?:column|article|piece|post|op-ed) )?"
    r"are (?:those of the (?:author|writer)s?|the (?:author|writer)'?s'?(?: own)?)\b.{0,120}|"
    r"(?:note: )?this (?:article|post|piece|blog post) (?:gives|reflects|represents) the views of the "
    r"(?:author|writer)s?\b.{0,160}|"
    # the same in Turkish, Spanish, Portuguese, French, Italian, German, Dutch, Polish, Indonesian
    r"(?:bu )?(?:yazıda|makalede) (?:ifade edilen|yer alan) (?:görüşler|düşünceler) yazar(?:ın|ına|a) "
    r"(?:kendisine )?ait.{0,160}|"
    r"las opiniones (?:expresadas|vertidas) (?:en (?:este|esta) (?:artículo|columna|texto) )?son (?:de )?"
    r"(?:(?:exclusiva )?responsabilidad (?:exclusiva )?de(?:l| la| los)? autor(?:a|es)?|"
    r"(?:las )?de(?:l| la| los)? autor(?:a|es)?)\b.{0,160}|"
    r"as opiniões (?:expressas|emitidas) (?:neste (?:artigo|texto|espaço) )?são de (?:inteira |exclusiva )?"
    r"responsabilidade d[oa]s? autor(?:a|es)?\b.{0,160}|"
    r"les (?:opinions|propos) (?:exprimée?s|tenus) (?:dans (?:cet|cette) (?:article|tribune|chronique) )?"
    r"(?:n'engagent que (?:leurs?|son|ses) auteur|sont celles de (?:l'auteur|leurs? auteur)).{0,160}|"
    r"le opinioni espresse (?:in questo (?:articolo|intervento) )?sono (?:quelle )?(?:personali )?"
    r"(?:dell'autore|degli autori|dell'autrice)\b.{0,160}|"
    r"(?:der|dieser) (?:gastbeitrag|kommentar|meinungsbeitrag) gibt (?:die|ausschließlich die|nur die) "
    r"meinung.{0,160}|"
    r"(?:dit (?:artikel|opiniestuk|stuk) (?:geeft|vertolkt) (?:de|uitsluitend de) mening van de "
    r"(?:auteur|schrijver)|de (?:geuite|hier geuite) meningen zijn (?:die )?van de auteur).{0,160}|"
    r"(?:opinie|poglądy) (?:wyrażone|zawarte) w (?:tym )?(?:artykule|tekście|felietonie) (?:są|to) "
    r"(?:prywatnymi |osobistymi )?(?:opiniami|poglądami|opinie) (?:autora|autorki|autorów).{0,160}|"
    r"(?:isi )?tulisan (?:di atas |ini )?(?:sepenuhnya )?(?:menjadi )?tanggung ?jawab (?:pribadi )?penulis"
    r"\b.{0,160}|"
    # a media element's fallback, shown where a browser cannot play it
    r"your browser (?:does ?n[o']t|does not|cannot) (?:support|play) .{0,80}|"
    r"für links auf dieser seite .{0,160}|"
    r"(?:name|e-?mail|website|webseite)\s*\((?:required|erforderlich|pflichtfeld|optional|"
    r"wird (?:benötigt|nicht veröffentlicht)|will not be published)[^()]{0,60}\)?|"  # ")" is a line end
    r"(?:asked|answered|edited|modified) (?:[a-z]{3} \d{1,2}(?:, \d{4})?|\d+ \w+ ago)(?: at \d{1,2}:\d{2})?|"
    r"(?:permalink|permalien|enlace permanente)(?: https?://\S+)?|(?:e-?mail|mail|contact) the editor|"
    r"(?:der artikel |the item )?(?:wurde erfolgreich (?:hinzugefügt|in den warenkorb gelegt)|"
    r"(?:was )?successfully added(?: to (?:your|the) (?:cart|basket))?)|"
    r"bitte geben sie die (?:zahlenfolge|zeichenfolge|zeichen) .{0,80}ein|"
    r"please enter the (?:characters|code|numbers|letters) (?:shown|you see).{0,80}|"
    r"(?:video|audio|sendung) (?:verfügbar|abrufbar|online) bis .{0,40}|"
    # an audio player's label ("Listen to this article 6 min", "Artikel anhören", "Écouter cet article")
    r"(?:listen to (?:this|the) (?:article|story|post)|(?:diesen )?artikel (?:anhören|vorlesen(?: lassen)?)|"
    r"écouter (?:cet|l')\s?article|escuchar (?:este|el) (?:artículo|texto)|ascolta (?:questo |l')\s?articolo|"
    r"luister naar (?:dit|het) artikel|ouvir (?:este|o) (?:artigo|texto)|posłuchaj artykułu)"
    r"(?:\s*[(:-]?\s*\d{1,2}(?::\d{2})?\s*(?:min(?:ute)?s?\.?|minuten)?\)?)?|"
    # a flag over a story for subscribers ("Subscriber content", "Nur für Abonnenten")
    r"(?:subscribers?|members?|premium|exclusive)(?:[- ]only)? (?:content|article|story)|"
    r"(?:for|exclusive (?:to|for)) (?:subscribers|members)(?: only)?|nur für abonnenten|"
    r"réservé aux abonnés|exclusivo para (?:suscriptores|assinantes)|riservato agli abbonati|"
    r"alleen voor abonnees|"
    r".{0,100}\b(?:pdf|docx?|xlsx?|zip)\s*[,|(]?\s*\d+(?:[.,]\d+)?\s*(?:kb|mb|kib|mib)\b.{0,60}|"
    r".{1,120}(?:…|\.\.\.|\[…\])\s*(?:mehr|more|read more|weiterlesen|lire la suite|leer más|leggi tutto)"
    r"\s*[»›>•.]*)[.!:?]*\s*[↑⬆⇧^]?$")

#: A typo-report notice ("found a mistake? select it and press Ctrl+Enter") or a "follow us on Google
#: News" line, whatever its language: looked for only in short lines holding "ctrl" or "google" and
#: the service's name in English, Portuguese, Spanish, Italian, German or French.
NOTICE_LINE = re.compile(
    r"\bctrl\s*\+\s*enter\b|\bgoogle (?:news|notícias|noticias|notizie|nachrichten|actualités)")
MAX_NOTICE_LINE_CHARS = 120
#: "Follow us on" and nothing else (the service named by the picture of its logo that follows), in
#: English, Portuguese, Spanish, German, French, Italian and Dutch.
FOLLOW_LINE = re.compile(
    r"^(?:follow us|nos siga|siga-nos|síguenos|folgen sie uns|folge uns|suivez-nous|seguici|volg ons)"
    r"(?: (?:on|no|em|en|auf|sur|su|op))?\s*:?$")

#: Related / read-next labels (whole text), beyond those of related-list detection: the labels
#: left behind when their list was removed, and the ones whose list is a run of teasers.
RELATED_TAIL = re.compile(
    r"^(?:(?:see|read) also|also read|related(?: \w+){0,2}|you (?:may|might) also like.*|"
    r"more (?:from|on|in|about) .{1,40}|more (?:stories|articles|posts|news|reading)|"
    r"recommended.*|further reading|read more|"
    r"latest (?:news|stories|articles|posts)|most (?:read|popular|viewed).*|"
    r"popular (?:posts|articles|stories)|"
    r"(?:lesen sie|lies) (?:auch|mehr|weiter)(?: die folgenden (?:beiträge|artikel))?|auch lesen|"
    r"weitere beiträge (?:aus|zu|von) .{1,40}|vorschau auf den nächsten (?:artikel|beitrag)|"
    r"auch interessant|(?:das|diese) (?:könnte|könnten|dürfte) "
    r"(?:sie|dich|euch) (?:auch |ebenfalls )?interessieren|.{0,40}(?:könnte|könnten) (?:sie|dich|euch) "
    r"(?:auch |ebenfalls )?interessieren|(?:mehr|weitere|weiteres) (?:zum|zu diesem) thema|mehr (?:zum thema|"
    r"themen|lesen|artikel|beiträge|news|nachrichten|von .{1,30})|weitere (?:artikel|beiträge|informationen|"
    r"infos|nachrichten|news|themen|links|tipps|\w+tipps)|weiterführende (?:informationen|links|artikel)|"
    r"ähnliche (?:artikel|beiträge|themen|nachrichten)|weiterführende[rn]? links?|"
    r"(?:sie|du) (?:könnten|könntest) (?:auch )?an (?:folgenden|diesen|weiteren) (?:artikeln|beiträgen) "
    r"interessiert sein|verwandte (?:artikel|beiträge|themen)|empfohlene "
    r"(?:artikel|beiträge)|schon gelesen|siehe auch|neueste (?:artikel|beiträge|nachrichten)|"
    r"aktuelle (?:artikel|beiträge|nachrichten|news)|zu allen (?:artikeln|beiträgen)|weiterlesen|"
    r"das (?:thema|könnte) .{0,40}|passend zum thema|redaktionstipp|zum weiterlesen|"
    r"(?:à |a )?lire (?:aussi|également|la suite)|voir aussi|sur le même sujet|articles? (?:similaires|liés|"
    r"connexes)|vous aimerez (?:aussi|peut-être aussi)|dans la même rubrique|"
    r"(?:lea|lee|leer|lea usted) también|le puede interesar|te puede interesar|también te puede interesar|"
    r"(?:artículos|notas|noticias|temas|entradas) relacionad[oa]s(?: .{0,30})?|más noticias|"
    r"lo (?:último|más leído)|(?:mire|ver) también|video recomendado|te recomendamos|"
    r"leggi anche|articoli correlati|potrebbe interessarti|ti potrebbe interessare|"
    r"leia (?:também|mais)|veja também|(?:artigos|notícias) relacionad[oa]s|"
    r"lees ook|gerelateerde artikelen|meer nieuws|"
    r"zobacz (?:również|także|też)|czytaj (?:również|także|też|więcej)|przeczytaj (?:również|także)|"
    r"podobné články|čtěte také|související články|läs (?:också|mer)|relaterade artiklar|"
    r"læs (?:også|mere)|les (?:også|mer)|lue myös|aiheesta muualla|"
    r"ilgili haberler|bunlar da ilginizi çekebilir|"
    r"читайте также|читать также|похожие (?:статьи|новости|материалы)|по теме|"
    r"διαβάστε (?:επίσης|ακόμα)|σχετικά άρθρα|"
    r"相关(?:文章|阅读|新闻|推荐)|推荐(?:阅读|文章|新闻)|延伸阅读|相關(?:文章|閱讀|新聞)|推薦(?:閱讀|文章|新聞)|"
    r"延伸閱讀|関連記事|おすすめ記事|"
    r"관련 ?기사|함께 (?:읽으면|보면) 좋은 (?:글|기사)|اقرأ أيضا|مقالات ذات صلة|קרא עוד|כתבות נוספות)"
    r"[\s.:!?»>›…-]*$")
#: A label followed on the same line by the headline it points to ("Lea también: …").
INLINE_RELATED = re.compile(
    r"^(?:\((?:read|see|watch)(?= *:)|"  # "(READ: …)", a paragraph of its own in brackets
    r"(?:see|read) also|also read|read more|related|(?:lesen sie|lies) (?:auch|hier)|auch lesen|"
    r"mehr dazu|siehe auch|lea más|puedes ver|mehr (?:zum thema|lesen)|"
    r"weiterlesen|"
    r"(?:à |a )?lire aussi|voir aussi|(?:lea|lee|leé) también|le puede interesar|te puede interesar|mire|"
    r"(?:vea|véase|ve|mira) también|(?:lea|lee) además|vedi anche|(?:à )?lire également|voir également|"
    r"leggi anche|leia também|veja também|lees ook|zobacz (?:również|także|też)|czytaj (?:również|także|też)|"
    r"читайте также|相关阅读|関連記事|lea|mira|ver también|leia mais|dowiedz się więcej|czytaj więcej|"
    r"читайте (?:також|тоже)|дивіться також|смотрите также|baca juga|lihat juga|xem thêm|đọc thêm|"
    r"διαβάστε (?:επίσης|ακόμη)|קראו גם|קרא גם|بیشتر بخوانید|اقرأ أيضا|اقرأ أيضًا|আরও পড়ুন|"
    r"यह भी पढ़ें|और पढ़ें|citește și|citeşte şi|vezi și|olvassa el|læs også|les også|läs också|lue myös|"
    r"čtěte také|ayrıca (?:bakınız|okuyun)|อ่านเพิ่มเติม|อ่านข่าว|"
    r"pročitajte (?:još|i|također|takođe|više)|прочитајте (?:још|и|више)|прочетете (?:още|също)|"
    r"prečítajte si (?:aj|tiež)|čítajte aj|preberite (?:še|tudi)|taip pat skaitykite|"
    r"skaitykite (?:taip pat|daugiau)|lasi(?:et)? arī|loe (?:ka|lisaks)|soma (?:pia|zaidi|hapa)|"
    r"இதையும் படிக்க(?:வும்)?|மேலும் படிக்க|basahin(?: din| rin)?|baca|"
    + "|".join(map(re.escape, READ_ALSO_LABELS)) + ")"
    rf"\s*[{re.escape(LABEL_SEPARATORS)}]\s*\S")

#: Words of a byline around the names: "By", "Von", "Por", "and", "und", roles.
BYLINE_WORDS = re.compile(
    r"\b(?:by|von|vom|por|par|di|da|door|av|af|przez|and|und|et|y|e|en|og|och|i|with|mit|avec|con|com|met|"
    r"text|texte|autor(?:in)?|author|written|geschrieben|publié|escrito|redaktion|staff|reporter|"
    r"editor|correspondent|fotos?|photos?)\b")
MAX_BYLINE_CHARS = 100
#: A reporter's role after the names of a byline ("By X – Senior Reporter, Calloway Business Journal",
#: "Von X, Korrespondent in Wien"): English, German, French, Spanish, Italian, Portuguese, Dutch, Polish.
BYLINE_ROLE = re.compile(
    r"\b(?:(?:senior|chief|staff|contributing|political|business|science|health|sports?) )?"
    r"(?:reporter|correspondent|editor|writer|columnist|journalist|contributor|producer|analyst|photographer|"
    r"redakteur(?:in)?|korrespondent(?:in)?|journalistin|reporterin|journaliste|rédact(?:eur|rice)|"
    r"correspondant(?:e)?|periodista|redact(?:or|ora)|corresponsal|giornalista|redatt(?:ore|rice)|"
    r"corrispondente|jornalista|repórter|correspondente|verslaggever|redacteur|dziennikar(?:z|ka)|"
    r"redaktor(?:ka)?|korespondent(?:ka)?)s?\b")
#: Words a byline's role may have beside it: the rest of the title and the publication.
MAX_BYLINE_ROLE_WORDS = 6


#: Characters around a line's text that say nothing (dashes, bullets, separators, guillemets).
LINE_ENDS = " -–—|·•*()«»‹›"
#: An e-mail address; a short line of one and a name is a sign-off, not article text.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MAX_SIGN_OFF_CHARS = 100
MAX_SIGN_OFF_WORDS = 4
#: A reading time or a word count ("2 minutes read", "5 min de lecture", "Lesezeit: 3 Min.", "418 words").
READING_TIME = re.compile(
    r"\d+\s*(?:minutes?|mins?|min\.?)\s*(?:read|reading|de lecture|de lectura|de leitura|di lettura|"
    r"lesezeit|leestijd|lästid)\b|\d[\d,.]*\s+(?:words|wörter|mots|palabras|parole|palavras|woorden)\b|"
    r"(?:reading time|lesezeit|leestijd|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura)"
    r"\s*:?\s*\d+\s*(?:minutes?|mins?|min\.?|minuten|minutos|minuti)?")
#: Separators of a row of short items on one line.
ITEM_SEPARATOR = re.compile(r"\s+[|·•]\s+")
#: A parenthetical remark at the end of a line.
TRAILING_ASIDE = re.compile(r"\s\([^()]{1,120}\)$")
