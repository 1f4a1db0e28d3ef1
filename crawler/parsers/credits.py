"""Photo credits: the elements that say they are one, and the credit a caption ends with.

A picture's credit is not the article's text. It comes in two forms:

- an element of its own whose class or id says so (``<span class="photo-credit">``,
  ``class="content-media__credit"``, ``"photographer"``, ``"copyright"``, ``"credito"``,
  ``"fotograf"``, ``"bildnachweis"``): dropped when it is short, holds no picture and is not a
  table's cell (a "credit" column of figures) or a wrapper of other blocks;
- the end of a caption's text: "… byggdes 1987. Foto: Lars Pehrson", "… Desenzano (foto
  Fotolive/Marco Zanetti)", "… Grota-Roweckiego. Fot. Andrzej Banaś / Polska Press",
  "… الجديدة - تصوير: محمود حسن", "…（写真：みなと新聞）": cut, and the description stays.

Captions are ``<figcaption>`` elements and the short blocks right beside a picture (the element
after an ``<img>``, or after the block that holds it, a few levels up). Only the end of a caption
is ever cut, and only a credit that says it is one: a credit word of its own ("Foto", "Photo by",
"Fot.", "©", "写真", "撮影", "사진", "摄影", "फोटो", "تصوير") followed by a short name, either in
brackets closing the caption or after the end of the description (a full stop, a comma, a dash,
a bar); after a mere space only when the credit is an element of its own ("… im Bild: Sanierung
beginnt" stays). A credit line that makes up a whole block goes with the other boilerplate lines
(:mod:`.boilerplate`). Credits go once the content is chosen and cleaned: the extraction
attempts compare it, and the conditional cleaning judges its blocks, as they were written. The
caption patterns are matched ignoring case: they only ever see the end of a caption's text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from lxml import etree

from .cleanup import ROLE_ATTRS, drop, widget_attrs
from .cleanup_hints import CREDIT_HINT
from .document import all_text, hint, text_shorter
from .patterns import compile_words
from .related_labels import short_text

MAX_CREDIT_ELEMENT_CHARS = 150  # an element with a credit class holding more text is more than that
MAX_CAPTION_CHARS = 500  # a longer "caption" is article text
MAX_CREDIT_NAME_CHARS = 80  # the name(s) after a credit word
#: Credits naming the article's own author, in lower case ("Image by the author").
SELF_CREDITS = frozenset({"the author", "author", "the writer", "me", "myself"})
MAX_CREDIT_WORDS = 8
MAX_CREDIT_CHARS = MAX_CREDIT_NAME_CHARS + 60  # a whole credit: its name, its word, brackets and spaces
MAX_CAPTION_LEVELS = 4  # how far up from a picture its caption is looked for
MAX_PICTURES = 60  # pictures of one body whose captions are looked at
MAX_CREDIT_ELEMENTS = 100  # credit elements of one body dropped (a page with more is no article's)
SEPARATOR_WINDOW = 40  # the end of a text a separator before a credit is looked for in

#: Words that label a photo credit, in Latin and other scripts; followed by a colon (or "=", "©").
_LABELS = (
    r"photos?|photographs?|photography|photographer|photo credits?|image credits?|images?|pictures?|"
    r"charts?|graphics?|infographic|screenshots?|maps?|"
    r"fotos?|fotografie|fotografia|fotografía|fotoğraf|fotograf|foto credits?|fotó|bild(?:er)?|"
    r"bildnachweis|bildquelle|fotonachweis|imagen(?:es)?|immagin[ei]|beeld|billede|bilde|kuvat?|zdjęcie|"
    r"ảnh|credits?|crédits?(?: photos?)?|créditos?|credito|illustration|"
    r"фото(?:графия)?|снимок|снимк[аи]|φωτογραφία|"
    # "source" of a picture in Czech and Slovak, Croatian and Serbian, Polish, Hungarian, Romanian, Finnish
    r"zdroj|izvor|извор|źródło|forrás|surs[aă]|lähde|צילום|تصوير|صورة|الصورة|फोटो|फ़ोटो|तस्वीर|"
    r"写真|撮影|사진|图片?(?:来源)?|圖片?(?:來源)?|摄影|攝影|照片|圖|图|ภาพ|ছবি|عکس|"
    # Mongolian, Kazakh, Belarusian, Uzbek, Welsh, Tagalog, Malay, Swahili, Hausa, Armenian, Georgian,
    # Amharic, Sinhala, Burmese, Khmer, Lao, Telugu, Kannada, Malayalam, Gujarati, Punjabi, Marathi,
    # Nepali, Urdu
    r"гэрэл зур(?:аг|гийг)|сурет|фота|surat|rasm|llun(?:iau)?|larawan|gambar|picha|hoto|լուսանկար(?:ը)?|"
    r"ფოტო|ፎቶ|ඡායාරූප(?:ය)?|ဓာတ်ပုံ|រូបថត|ຮູບ(?:ພາບ)?|ఫోటో|చిత్రం|ಚಿತ್ರ|ಫೋಟೋ|ഫോട്ടോ|ചിത്രം|તસવીર|ફોટો|"
    r"ਤਸਵੀਰ|ਫੋਟੋ|छायाचित्र|तस्बिर|تصویر|فوٹو|"
    # Sorani Kurdish, Pashto, Odia, Yoruba, Zulu, Somali, Kyrgyz, Tajik, Basque
    r"وێنە|انځور|ଫଟୋ|àwòrán|isithombe|sawir(?:ka)?|сүрөт|акс|argazkia|"
    # Irish, Maltese, Faroese and Icelandic, Tigrinya, Uyghur, Tatar, Luxembourgish, Malagasy
    r"grianghraf(?:anna)?|ritratt(?:i)?|myndir?|ስእሊ|سۈرەت|рәсем|biller|sary")
#: Credit words followed by the name itself ("Photo by X", "foto di X"): the name is capitalised.
_BY_WORDS = (
    r"(?:photos?|photographs?|images?|pictures?|charts?|graphics?|illustrations?|screenshots?|maps?|fotos?|"
    r"fotografías?|fotografie)\s+(?:by|courtesy(?:\s+of)?|de|di|del|della|von|van|av|af)\b|"
    r"(?:kuha|larawan) ni\b")  # Tagalog: "taken by", "picture by"
#: Marks of a credit followed by any name ("Fot. X", "© X", "Copyright X", "Credit... X").
_MARKS = r"fot\.|©|copyright\b|credits?\s*(?:\.{2,3}|…)"
#: Picture agencies credited alone or with a photographer behind a slash ("(AP Photo/X)", "(Reuters)").
_AGENCIES = (
    r"ap photo|afp|reuters|dpa|epa|getty images|imago|keystone|picture[- ]alliance|shutterstock|"
    r"istock(?:photo)?|ansa|efe|anp|xinhua")
#: A caption's note that its picture is from the archive: "(File photo)", "(Archivbild)", Hindi's,
#: Bengali's, Tamil's, Telugu's and Malayalam's "file picture".
_FILE_PICTURE = (
    r"file (?:photo|picture|image)|archive (?:photo|picture)|archivbild|archivfoto|foto de archivo|"
    r"photo d['’]archives|फ़ाइल फ़ोटो|फाइल फोटो|ফাইল ছবি|ফাইল ফটো|கோப்புப் படம்|கோப்பு படம்|ఫైల్ ఫోటో|"
    r"ഫയൽ ചിത്രം|ഫയൽ ഫോട്ടോ")
#: The name part of a credit: no brackets, colons or sentence ends.
_NAME = rf"[^()\[\]（）【】:：፡!?;！？。]{{1,{MAX_CREDIT_NAME_CHARS}}}"
#: A credit in brackets closing the caption: "(Foto: X)", "(foto X)", "（写真：X）", "(AP Photo/X)",
#: "(Reuters)", "（新华社记者 王强 摄）".
BRACKETED_CREDIT = re.compile(
    rf"\s*[(\[（【]\s*(?:(?P<by>{_BY_WORDS})\s*|(?P<label>{_LABELS})(?P<sep>\s*[:：=＝©/–—-]|\s+)|"
    rf"(?P<mark>{_MARKS})\s*|(?P<agency>{_AGENCIES})(?:\s*/\s*|(?=\s*[)\]]))|(?P<file>{_FILE_PICTURE})(?=\s*[)\]）】])|"
    rf"(?P<suffix>(?=[^()（）]{{1,30}}(?:摄|攝|撮影)\s*[)）])))"
    rf"(?P<name>{_NAME})?\s*[)\]）】]$", re.I)
#: A credit after the description: "… 1987. Foto: X", "… Taquaral — Foto: X", "… Press. Fot. X",
#: "… omhoog. © ANP / X", "… Freund.» Bild: X", "… الجديدة - تصوير: X", "… 모습 /사진=X" (not after an
#: opening quote: 'said: "Photo: that is …"' is a quotation); with nothing before it, only at the
#: start of an element of its own ("<span>… కాయలు</span><span>ఫోటో: X</span>").
LABELLED_CREDIT = re.compile(
    rf"(?P<lead>[.,!?/|)。．！？।።»”’」』]|\s[-–—|/·•]|\s|)\s*"
    rf"(?:(?P<by>{_BY_WORDS})\s*|(?P<label>{_LABELS})(?P<sep>\s*[:：=＝©፡／])|(?P<mark>{_MARKS})\s*)"
    rf"(?P<name>{_NAME})(?:\s*[(（][^()（）]{{1,20}}[)）])?$", re.I)  # "… (फाइल)", "(Archiv)": a file picture
#: The words :data:`LABELLED_CREDIT` turns on, alone. That pattern tries every word after every
#: lead at each position of a caption's end, ignoring case, which no fast scan can skip; searched
#: from just before the first of its words (:func:`_labelled_credit`), it finds the same match.
_LABELLED_WORD = compile_words(rf"{_BY_WORDS}|{_LABELS}|{_MARKS}", re.I)
MAX_LEAD_CHARS = 2  # of LABELLED_CREDIT's lead (" -"), before the white space ahead of its word
#: What ends a credit after slashes: an agency, or "File Photo".
_AGENCY_END = rf"{_AGENCIES}|ap|pa(?: media)?|getty|file photo|pool|handout"
#: A credit without a label after the description: a photographer and an agency behind slashes
#: ("… 2024. Charlie Neibergall/AP", "… 2023. REUTERS/Ivan Alvarado/File Photo"), or a name with
#: its credit word after it ("… per Nerį. Tomo Raginio nuotr.").
SLASHED_CREDIT = re.compile(
    rf"(?P<lead>[.!?)»”’]|\s[-–—|·•])\s*(?P<name>(?:[^()\[\]:;!?.,/]{{1,40}}/){{1,2}}\s*(?:{_AGENCY_END})"
    rf"|(?:{_AGENCIES})\s*/[^()\[\]:;!?.,]{{1,60}}|[^()\[\]:;!?.,/]{{1,40}}\s(?P<suffix>nuotr\.?))$", re.I)
#: A photographer and a publication in brackets closing the caption, as news pictures credit their
#: own staff ("… waiting list. (Ayesha Karim/Cascadia Chronicle)"): a name of two to four words.
PERSON_CREDIT = re.compile(
    r"\s*[(\[]\s*(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+\s*/\s*[A-Z][^()\[\]/]{1,40})[)\]]$")
#: A credit that is an element of its own closing a caption: two names set apart by a slash, each of
#: one to four capitalised words, a photographer and a publication or an agency in either order
#: ("<span>Mónica Torres / EL MIRADOR</span>", "ANP / Sander Koning", "Jamie Roe/Lakeshore Ledger").
_CAPITALISED_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
ELEMENT_SLASHED_CREDIT = re.compile(
    rf"(?P<lead>\s*)(?P<name>(?:{_CAPITALISED_WORD}\s+){{0,3}}{_CAPITALISED_WORD}\s*/\s*"
    rf"(?:{_CAPITALISED_WORD}\s+){{0,3}}{_CAPITALISED_WORD})\s*$")
#: A credit after an equals sign that ends with the word for "photographed" (Japanese and Chinese
#: papers: "… 観光列車＝長野県内で2024年5月11日、佐藤美咲撮影").
EQUALS_CREDIT = re.compile(r"(?P<lead>)[＝=](?P<name>[^＝=()（）]{1,60}?)(?P<suffix>撮影|摄|攝)\s*$")
#: The same after the caption's last sentence, without the equals sign ("… 已投入使用。京华晨报记者 李响 摄").
SENTENCE_CREDIT = re.compile(r"(?P<lead>[。．！？])\s*(?P<name>[^。．！？()（）]{1,40}?)\s*"
                             r"(?P<suffix>撮影|摄|攝)\s*$")
#: A wire picture's link to buy the right to print it, after its credit.
LICENSING_LINK = re.compile(r"\s*purchase licensing rights\s*$", re.I)
#: Any word or mark a credit starts with: a caption's end without one is not searched further.
_ANY_CREDIT_WORD = compile_words(rf"{_LABELS}|{_MARKS}|{_AGENCIES}|{_FILE_PICTURE}|kuha ni|摄|攝|撮影")
#: What goes with the credit from the end of the kept description (a separating dash, spaces).
_SEPARATOR_CHARS = " \t\n\r\u00a0-–—|/·•,;"
#: A separator before a credit element, at the end of the text before it.
_SEPARATOR_BEFORE = re.compile(r"\s+[|/·•–—-]+\s*$")
_WORD = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")


#: Tags a credit hint never drops: a table's grid, and what is a picture or holds one.
_NOT_CREDITS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "img", "picture", "figure",
                          "body", "html", "article", "main"})
#: The descendants of an element that have a class or an id, and those classes and ids.
_HINT_ATTRS = ("class", "id", *ROLE_ATTRS)
_WITH_CLASS_OR_ID = etree.XPath(f".//*[{' or '.join(f'@{name}' for name in _HINT_ATTRS)}]")
_CLASSES_AND_IDS = etree.XPath("|".join(f".//@{name}" for name in _HINT_ATTRS), smart_strings=False)
#: What a credit element does not hold: a picture, or blocks of its own (then it wraps a caption
#: or a summary together with the credit, as ``class="summary-credit"``).
_NOT_IN_CREDITS = ("img", "picture", "figure", "video", "p", "div", "ul", "ol", "li", "table", "blockquote",
                   "section", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6")


def remove_credits(content: etree._Element) -> None:
    """Drop the credit elements of ``content`` and cut the credits its captions end with (in
    place; see the module docstring)."""
    drop_credit_elements(content)
    cut_caption_credits(content)


def drop_credit_elements(content: etree._Element) -> None:
    """Drop the short elements of ``content`` whose class or id says they are a photo credit."""
    if not CREDIT_HINT.search("\n".join(_CLASSES_AND_IDS(content)).lower()):
        return  # most bodies have none: one search tells
    found = [el for el in _WITH_CLASS_OR_ID(content)
             if el.tag not in _NOT_CREDITS and _credit_hint(el) and is_credit_element(el)]
    found = found[:MAX_CREDIT_ELEMENTS]
    dropped = set(found)
    for el in found:
        if not any(anc in dropped for anc in el.iterancestors()):
            _drop_credit(el)


def _drop_credit(el: etree._Element) -> None:
    """Drop a credit element, and the separator that set it off from the caption before it
    ("Symbolbild Rettungsdienst | <span class="credit">…</span>")."""
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None and prev.tail:
        prev.tail = _without_separator(prev.tail)
    elif prev is None and parent is not None and parent.text:
        parent.text = _without_separator(parent.text)
    drop(el)


def _without_separator(text: str) -> str:
    """``text`` without the separator it ends with; only its end is searched (a long text is
    not searched again for each credit after it)."""
    cut = max(0, len(text) - SEPARATOR_WINDOW)
    return text[:cut] + _SEPARATOR_BEFORE.sub(" ", text[cut:])


def _credit_hint(el: etree._Element) -> bool:
    attrs = widget_attrs(el)
    return bool(attrs) and hint(CREDIT_HINT, attrs)


def is_credit_element(el: etree._Element) -> bool:
    """Whether an element whose class/id says it is a credit is one: short, and holding neither
    a picture nor blocks of its own."""
    return (text_shorter(el, MAX_CREDIT_ELEMENT_CHARS)
            and next(el.iterdescendants(*_NOT_IN_CREDITS), None) is None)


def credit_start(caption: str, starts: Collection[int] = ()) -> int | None:
    """Where the photo credit that ends ``caption`` starts (see the module docstring), None when
    it ends with none; what comes before it is a description with at least one word. ``starts``:
    where elements start in the caption's text; a credit with nothing but a space before it is
    one only when it starts an element of its own ("… de Orihuela <span>Foto: X</span>", not
    "… im Bild: Sanierung beginnt")."""
    caption = caption.rstrip()
    first = max(0, len(caption) - MAX_CREDIT_CHARS)  # a credit starts no earlier than this
    end = caption[first:]
    slashed = "/" in end or "nuotr" in end
    if not slashed and not _ANY_CREDIT_WORD.search(end.lower()):
        return None
    for pattern in (BRACKETED_CREDIT, LABELLED_CREDIT, EQUALS_CREDIT, SENTENCE_CREDIT, SLASHED_CREDIT,
                    PERSON_CREDIT, ELEMENT_SLASHED_CREDIT):
        if pattern is SLASHED_CREDIT and not slashed:
            break
        search = _labelled_credit if pattern is LABELLED_CREDIT else pattern.search
        if pattern is ELEMENT_SLASHED_CREDIT:  # without a label or an agency: an element of its own
            found = next((m for at in starts if at >= first and (m := pattern.match(caption, at))), None)
        else:
            found = search(caption, first)
        while found is not None and not _is_credit(found, starts):
            found = search(caption, found.start() + 1)  # a shorter credit at the end
        if found is not None:
            start = found.start() if pattern in (BRACKETED_CREDIT, PERSON_CREDIT) else found.end("lead")
            kept = caption[:start].rstrip(_SEPARATOR_CHARS)
            return len(kept) if _WORD.search(kept) else None
    return None


def _labelled_credit(caption: str, at: int) -> re.Match[str] | None:
    """``LABELLED_CREDIT.search(caption, at)``, begun where a match can first start: a credit word
    starts none of its lead's characters (punctuation, dashes, white space), so a match starts at
    the first credit word from ``at`` on, or after it, or before it by its lead and the white
    space between them."""
    word = _LABELLED_WORD.search(caption, at)
    if word is None:
        return None
    start = len(caption[:word.start()].rstrip()) - MAX_LEAD_CHARS
    return LABELLED_CREDIT.search(caption, max(at, start))


def _is_credit(found: re.Match[str], starts: Collection[int]) -> bool:
    """Whether a match of the credit patterns reads as a credit: a short name after the credit
    word, a capitalised one when the word has no colon after it ("(foto Fotolive/X)", not
    "(photo above)"), not a clause; and after a mere space or nothing, an element of its own."""
    groups = found.groupdict()
    name = (groups["name"] or "").strip()
    if (groups.get("agency") is None and groups.get("suffix") is None and groups.get("file") is None
            and not _LETTER.search(name)):
        return False
    if len(name.split()) > MAX_CREDIT_WORDS or (name.endswith(".") and name[:1].islower()
                                                 and name.lower().rstrip(".") not in SELF_CREDITS):
        return False  # a clause ("Credit: the city paid half."), not a name
    sep = groups.get("sep")
    if ((groups.get("by") or (sep is not None and sep.isspace())) and not _capitalised(name)
            and name.lower().rstrip(".") not in SELF_CREDITS):
        return False
    lead = groups.get("lead")
    if lead is None or (lead and not lead.isspace()):
        return True
    word = next((found.start(g) for g in ("by", "label", "mark") if groups.get(g) is not None), None)
    if word is None:
        return True  # a credit known by its end ("…、佐藤美咲撮影"), not by a word before it
    return any(found.start("lead") <= at <= word for at in starts)


def _capitalised(text: str) -> bool:
    """Whether ``text`` starts with a capital letter (or a letter of a script without case)."""
    return text[:1].isalpha() and not text[:1].islower()


def cut_caption_credits(content: etree._Element) -> None:
    """Cut the photo credit from the end of every caption in ``content`` (in place), and a wire
    picture's licensing link after it ("… REUTERS/X/File Photo Purchase Licensing Rights")."""
    for caption in _captions(content):
        for a in [a for a in caption.iter("a") if LICENSING_LINK.match(all_text(a))]:
            a.tail = None  # ", opens new tab"
            drop(a)
        text = all_text(caption)
        start = credit_start(text, _element_starts(caption))
        if start is not None:
            _keep_text(caption, start)
        elif caption.tag == "figcaption" and _whole_credit(text):
            _keep_text(caption, 0)  # "Cucina Quotidiana / Davide Lombardi": a credit and no caption
    for n, img in enumerate(content.iter("img")):
        if n >= MAX_PICTURES:
            break
        alt = img.get("alt")
        if alt:
            kept = _without_credit(alt)
            if kept != alt:
                img.set("alt", kept)


def _without_credit(alt: str) -> str:
    """A picture's alt text without the credit it ends with or is ("Фото: X / Строка.ру")."""
    start = credit_start(alt)
    if start is not None:
        return alt[:start]
    return "" if _whole_credit(alt, slashed=False) else alt


def _whole_credit(text: str, slashed: bool = True) -> bool:
    """Whether ``text`` is a credit and nothing more: "Foto: X", and with ``slashed`` a caption's
    "Cucina Quotidiana / Davide Lombardi" (a picture's description may be written so)."""
    text = text.strip()
    whole = LABELLED_CREDIT.match(text)
    if whole is not None and not whole.group("lead") and _is_credit(whole, (0,)):
        return True
    return slashed and ELEMENT_SLASHED_CREDIT.fullmatch(text) is not None


def _captions(content: etree._Element) -> Iterator[etree._Element]:
    """The short ``<figcaption>`` elements of ``content`` and the short blocks beside its pictures."""
    seen: set[etree._Element] = set()
    for caption in content.iter("figcaption"):
        seen.add(caption)
        if _short(caption):
            yield caption
    for n, img in enumerate(content.iter("img")):
        if n >= MAX_PICTURES:
            return
        caption = _beside(img, content)
        if caption is not None and caption not in seen:
            seen.add(caption)
            yield caption


def _beside(img: etree._Element, content: etree._Element) -> etree._Element | None:
    """The caption of a picture: the block holding it when text follows the picture inside it,
    else the element after it or after one of its first few ancestors; None when that is no
    short text (a paragraph of the article, or nothing)."""
    node = img
    for _ in range(MAX_CAPTION_LEVELS):
        parent = node.getparent()
        if node.tail and node.tail.strip():
            return parent if parent is not None and parent is not content and _short(parent) else None
        after = node.getnext()
        while after is not None and not isinstance(after.tag, str):
            after = after.getnext()  # comments between the picture and its caption
        if after is not None:
            return after if _short(after) else None
        if parent is None or parent is content:
            return None
        node = parent
    return None


def _short(el: etree._Element) -> bool:
    """Whether ``el`` holds some text and no more than a caption's (reading stops past that)."""
    return bool(short_text(el, MAX_CAPTION_CHARS))


def _element_starts(el: etree._Element) -> list[int]:
    """Where the elements inside ``el`` start in its text (as :func:`.document.all_text` gives it)."""
    starts: list[int] = []

    def walk(node: etree._Element, at: int) -> int:
        for child in node:
            if isinstance(child.tag, str):
                starts.append(at)
                at = walk(child, at + len(child.text or ""))
            at += len(child.tail or "")
        return at

    walk(el, len(el.text or ""))
    return starts


def _keep_text(el: etree._Element, keep: int) -> int:
    """Keep the first ``keep`` characters of the text of ``el`` (as :func:`.document.all_text`
    gives it) and remove everything after them; returns how many characters are left to keep."""
    text = el.text or ""
    if len(text) >= keep:
        el.text = text[:keep]
        for child in list(el):
            el.remove(child)
        return 0
    keep -= len(text)
    for child in list(el):
        if keep <= 0:
            el.remove(child)
            continue
        if isinstance(child.tag, str):
            keep = _keep_text(child, keep)
        tail = child.tail or ""
        if keep <= len(tail):
            child.tail = tail[:keep] or None
            keep = 0
        else:
            keep -= len(tail)
    return keep
