"""Personal names in bylines and author fields: cleaning, validation and splitting.

``split_byline("By Jane Doe and John Roe, Staff | July 30, 2023")`` -> ["Jane Doe", "John Roe"]:
"By"-style prefixes, dates, roles and credentials are dropped, and a candidate must look like a
name (at most six words, no URL/handle/digits, not a date, not "admin", capitalised when the
script has case).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..kernel.dates import date_span

MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60
MAX_BYLINE_CHARS = 160
MAX_RAW_BYLINE_CHARS = 4 * MAX_BYLINE_CHARS  # before links and whitespace are taken out

#: Words that label a byline when a colon (or a dash) follows them: "Autor: X", "Автор: X", "Հեղինակ՝
#: X", lower-case (matched ignoring case). Author, writer, reporter, report and text, by language.
BYLINE_LABELS = (
    # European languages written in Latin script
    "autor", "autorka", "autorin", "autorė", "autorius", "autoriai", "autori", "autors", "autore", "autores",
    "avtor", "avtorica", "yazar", "teksti", "kirjoittaja", "forfatter", "författare", "skribent", "höfundur",
    "penulis", "szerző", "tác giả", "müəllif", "muxbir", "muallif", "mualliflar", "waxaa qoray", "awdur",
    "údar", "awtur", "egilea", "idazlea", "mwandishi", "piše", "pišu", "tekstur", "skrivað", "mpanoratra",
    # Cyrillic and Greek
    "автор", "автори", "авторы", "аутор", "аутори", "аутарка", "авторлор", "автордор", "συντάκτης",
    "сурвалжлагч", "зохиогч", "бичсэн", "муаллиф", "муаллифон", "пише", "хәбәрче",
    # Georgian, Armenian, Hebrew, Arabic script
    "ავტორი", "հեղինակ", "թղթակից", "נכתב על ידי", "כתב", "نویسنده", "کاتب", "الكاتب", "لیکوال", "لیکوالان",
    "مصنف", "رپورٹر", "رپورٹ", "نوسەر", "بقلم", "كتب", "كتبت", "γράφει", "γράφουν",
    # Indic scripts: Bengali, Devanagari, Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada, Malayalam, Sinhala
    "প্রতিবেদক", "লেখক", "लेखक", "प्रतिनिधी", "संवाददाता", "रिपोर्टर", "वार्ताहर", "ਲੇਖਕ", "ਰਿਪੋਰਟਰ",
    "ਰਿਪੋਰਟ", "લેખક", "અહેવાલ", "રિપોર્ટર", "ରିପୋର୍ଟ", "ଲେଖକ", "எழுதியவர்", "செய்தியாளர்", "రిపోర్టర్",
    "రచయిత", "ವರದಿಗಾರ", "ವರದಿ", "ಲೇಖಕ", "ലേഖകൻ", "എഴുതിയത്", "වාර්තාකරු", "ලේඛක",
    # South-East Asian and Ethiopic scripts: Thai, Burmese, Khmer, Lao, Amharic
    "ผู้เขียน", "ရေးသားသူ", "သတင်းထောက်", "អ្នកយកព័ត៌មាន", "អ្នកនិពន្ធ", "ដោយ", "ໂດຍ", "ዘጋቢ", "ጸሐፊ", "ጸሓፊ",
    "ኣዳላዊ", "مۇخبىر", "ئاپتور", "يازغۇچى",
)
BY_PREFIX = re.compile(
    r"^\s*(?:(?i:(?:(?:written|posted|published|reported|words|text|story|photos?|compiled|edited"
    r"|reviewed|interview(?:ed)?|(?:text|words|story) (?:and|&) (?:photos?|photographs|pictures|images)"
    r"|hosted)\s+by|by|author|authors|autor|autore|auteur|autores"
    r"|byline)\s*[:\-–—]?)"
    r"|(?i:text|texto|texte|testo|tekst)\s*:"
    r"|(?:von|par|Par|por|Por|door|Door|di))\s+"  # foreign "by", case-sensitive: "Von Miller" stays
    # "Von Max Mustermann", "Di Mario Rossi": a capitalised "by" before a first and a last name
    r"|^\s*(?:Von|Di|Vun|Gan|Nosoratan['’]i)\s+(?=[A-ZÀ-Ý][\w'’.-]+\s+[A-ZÀ-Ý])"
    # "(this article's / the original's) author", "reporter", "written by", "text"
    r"|^\s*(?:(?:(?:本文|原文|文章)?作者|记者|記者|撰文)\s*[:：]?|文\s*[:：/])\s*"
    # Japanese "poster", "writer", "author" before a colon
    r"|^\s*(?:投稿者|執筆者|筆者|著者|ライター|文責)\s*[:：]\s*"
    # Turkish "Muhabir:" (reporter) and "Haber:" (story) before the reporter's name
    r"|^\s*(?:Muhabir|MUHABİR|Haber|HABER)\s*:\s*"
    # Scandinavian "av"/"af" before a capitalised name; "Autor:", "Автор:", "Yazar:", "Teksti:"
    r"|^\s*(?:[Aa]v|[Aa]f|[Pp]rzez)\s+(?=[A-ZÀ-ÝĀ-ſА-Я])"
    # Swahili "Na" before a first and a last name (a Korean family name "Na" is followed by one)
    r"|^\s*Na\s+(?=[A-Z][\w'’.-]+\s+[A-Z])"
    # Romanian "de" before a capitalised name; Hebrew "מאת" and Thai "โดย" ("by")
    r"|^\s*de\s+(?=[A-ZÀ-ÝĀ-ſ])|^\s*(?:מאת|โดย)\s*[:：]?\s*"
    # a label word before a colon (or set off by a dash): "Autor:", "Автор:", "Yazar:", "Teksti:"
    r"|^\s*(?i:" + "|".join(map(re.escape, sorted(BYLINE_LABELS, key=len, reverse=True))) + ")"
    r"\s*(?:[:：՝፡፦៖]|\s[-–—])\s*"
    # the Mongolian word for "reporter" before the name, without a colon; Zulu "Ngu-", Hausa "Daga",
    # Yoruba "Láti ọwọ́" ("by the hand of")
    r"|^\s*[Ll]áti ọwọ\u0301?\s+"
    r"|^\s*(?i:сурвалжлагч)\s+(?=[А-ЯЁӨҮ])|^\s*[Nn]gu-\s*(?=[A-Z])|^\s*Daga\s+(?=[A-Z][\w'’.-]+\s+[A-Z])",
)
SEGMENT_BREAK = re.compile(
    r"\s*(?:\||•|·|—|–|\s-\s|\n|\b(?:last\s+)?updated\b|\bpublished\b|\bposted\s+on\b"
    r"|\blast\s+modified\b|\bfollow\b|\bfor\s+(?=[A-Z])"
    r"|\b(?:edited|reviewed|fact[- ]checked|illustrated|illustrations?|photos?|photography|video|graphics)"
    r"\s+by\b)\s*",
    re.I,
)
#: "And" in bylines of English, German, French, Spanish, Dutch, Italian and Portuguese, Polish,
#: Scandinavian, Finnish, Turkish, Russian, Greek, Romanian, Ukrainian, Hungarian, Indonesian,
#: Vietnamese, Uzbek, Azerbaijani, Albanian, Lithuanian, Latvian, Czech and Slovak, Irish, Armenian,
#: Georgian and of Indic scripts, as whole words (Thai's "และ" stands between spaces instead, Hebrew's
#: is a prefix).
AND_WORDS = ("and", "und", "et", "y", "en", "e", "i", "og", "och", "ja", "ve", "и", "και", "și", "şi", "та",
             "і", "és", "dan", "và", "va", "və", "dhe", "ir", "un", "او", "àti", "eta", "жана", "a", "oraz",
             "agus", "և", "եւ", "და", "और", "आणि", "ਅਤੇ", "અને", "এবং", "ও", "மற்றும்", "మరియు", "ಮತ್ತು")


def _whole_word(word: str) -> str:
    """``word`` as a whole word: between word boundaries, or between white space where the word
    ends in a vowel sign (which no word boundary follows: "ਅਤੇ") or is one letter."""
    if len(word) > 1 and re.fullmatch(r"\w(?:.*\w)?", word):
        return rf"\b{word}\b"  # one letter only between spaces: "Frankfurt a. M." is one place
    return rf"(?<!\S){re.escape(word)}(?!\S)"


NAME_JOINERS = re.compile(
    r"\s*(?:,|;|،|؛|/|&|\+|、|，|\bwith\b|\bmit\b|" + "|".join(map(_whole_word, AND_WORDS)) + r"|\sและ\s"
    # Hebrew "and" is a prefix of the next name: "יוסי כהן ודנה לוי" (a last name of two words
    # after another name; a name that starts with the letter is never second without a comma)
    r"|(?<=[\u05d0-\u05ea])\s+ו(?=[\u05d0-\u05ea]{2,}\s+[\u05d0-\u05ea]{2,}\s*$))\s*")
#: A line of its own that only says "and" joins the names on the lines around it ("<a>Jane
#: Roe</a><div>and</div><a>John Poe</a>").
JOINER_LINE = re.compile(r"\s*\n\s*(&|" + "|".join(AND_WORDS) + r"|และ)\s*\n\s*")
#: A reporter's title written after the name in Japanese, Chinese and Korean ("山田太郎記者",
#: "김민준 기자"), and the bureau or desk written before it ("長野総局 ", "社会部 ").
CJK_TITLE_AFTER = re.compile(r"\s*(?:記者|记者|기자|特派員|特派员|特派記者|編集委員|論説委員|通信員|"
                             r"编辑|編輯|실장|논설위원|선임기자|객원기자)$")
CJK_BUREAU = re.compile(r"^\S{1,12}(?:総局|支局|本社|編集部|報道部|社会部|政治部|経済部|分社|站|支社)\s+")
#: Chinese names (two to four characters) side by side, set apart by spaces ("陈晓明 林佳"); on a
#: Japanese page one name, a family name and a given name ("佐藤 健太": see :func:`japanese_page`).
HAN_NAME_ROW = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})+$")
_JAPANESE: ContextVar[bool] = ContextVar("japanese", default=False)


@contextmanager
def japanese_page(on: bool) -> Iterator[None]:
    """Read names as a Japanese page writes them while the block runs: "佐藤 健太" is one person."""
    token = _JAPANESE.set(on)
    try:
        yield
    finally:
        _JAPANESE.reset(token)


#: A line that ends in a comma or an ampersand: the names go on on the next line.
CONTINUED_LINE = re.compile(r"\s*([,&])\s*\n\s*")
URLISH_PAREN = re.compile(r"\s*[(\[][^()\[\]]*(?:https?:|www\.|\.\w{2,4}/|@|\d)[^()\[\]]*[)\]]")
TRAILING_HANDLE = re.compile(r"\s*\([^()\s]+\)$")  # "Jane Doe (jdoe)"
HANDLE_OR_URL = re.compile(r"https?:|www\.|://|\.(?:com|org|net|io)\b|@|\d")
ROLE_WORDS = frozenset("""
writer writers editor editors reporter reporters correspondent correspondents contributor
contributors columnist photographer photographers producer analyst critic intern freelancer
meteorologist astrologer presenter reviewer
""".split())
#: A role written after a Korean reporter's name, and whatever follows it ("김민준 기자",
#: "이서연 특파원 seoyeon@…", "박지훈 선임기자"): the name is what comes before.
ROLE_AFTER_NAME = re.compile(r"\s+(?:선임|수석|객원|전문)?(?:기자|특파원|논설위원|편집위원).*$", re.S)
ROLE_QUALIFIERS = frozenset("""
staff editorial contributing senior chief associate managing deputy assistant executive political
news sports business science health technology tech culture opinion guest special freelance desk team
""".split())
#: The last word of a job title written after a name and a comma ("Dana Roe, Events
#: Coordinator", "Sam Poe, Senior Research Scientist"): that part of a byline is a role, not a
#: second author.
JOB_TITLE_WORDS = ROLE_WORDS | frozenset("""
coordinator manager director officer specialist strategist consultant researcher scientist professor
lecturer designer developer engineer founder co-founder cofounder ceo cto cfo president spokesperson
librarian curator historian advisor adviser instructor administrator economist
communications office bureau department
""".split())
MAX_TITLE_WORDS = 4
#: A part of a byline segment of this many words that is no name is a phrase.
MIN_SENTENCE_WORDS = 4
CREDENTIALS = frozenset({"ma", "md", "phd", "ms", "msc", "bsc", "rn", "do", "mph", "jd", "jr", "sr",
                         "ii", "iii", "iv", "mba", "cpa", "esq"})
_ROLE_ANY = ROLE_WORDS | ROLE_QUALIFIERS | CREDENTIALS
GENERIC_NAMES = frozenset("""
admin administrator author authors by staff editor editors anonymous unknown guest user root
webmaster published updated posted share follow more profile home about contact posts view all
read the this team news last pressemitteilung pressemeldung
von par por door di vun gan av af na
""".split())  # the last line: "by" of other languages, left alone by a bilingual byline ("Gan / By X")
NAME_PARTICLES = frozenset("de da del della der den di du la le van von bin ibn al el y e st".split())
#: Scripts whose letters Unicode gives a case that names are not written in: Georgian
#: Mkhedruli has capitals (Mtavruli), but "ნინო ბერიძე" is how a name is written.
CASELESS_NAMES = re.compile(r"[\u10d0-\u10ff]")
NAME_STOPWORDS = frozenset("by of the for from in on at to is was are this that".split())
SITE_LIKE_WORDS = re.compile(
    r"\b(?:editorial|editors?|staff|admin(?:istrator)?|team|desk|newsroom|webmaster|redaktion"
    r"|online report|staff reporter|special correspondent|our correspondent|news service"
    r"|redacci[oó]n|r[ée]daction|haber merkezi|redaksi|biên tập|редакция|редакція|redakcja)\b"
    # "own correspondent", "staff reporter" of Indic scripts (a vowel sign may end them: no boundary)
    r"|സ്വന്തം ലേഖക|हमारे संवाददाता|विशेष संवाददाता|स्टाफ रिपोर्टर|নিজস্ব প্রতিবেদক|স্টাফ রিপোর্টার"
    r"|நமது நிருபர்|சிறப்பு நிருபர்|మా ప్రతినిధి|ಸ್ವಂತ ವರದಿಗಾರ|ਸਟਾਫ਼ ਰਿਪੋਰਟਰ|સ્ટાફ રિપોર્ટર", re.I)
#: The legal form that ends a company's name.
COMPANY_FORM = re.compile(r"\b(?:GmbH|AG|KG|Inc|Ltd|LLC|LLP|PLC|S\.?A|S\.?L|S\.?p\.?A|S\.?r\.?l|B\.?V|N\.?V"
                          r"|SAS|SARL|Oy|AB|ASA|A/S|Pty|Co|Corp|Verlag)\b\.?(?:\s*&\s*Co\.?(?:\s*KG)?)?$")
#: News and picture agencies credited in place of a person (alone or several together).
_AGENCY = (r"(?:afp|ap|dpa|reuters|apa|ansa|efe|sda|kna|epd|aap|pa|upi|xinhua|kyodo|tass|anp|belga|ctk|pap|"
           r"pti|ians|tnn|bernama|antara|yonhap|"
           r"europa press|agencia efe|associated press|agence france[- ]presse|thomson reuters|"
           r"getty images|imago|keystone|picture alliance)")
NEWS_AGENCY = re.compile(rf"(?:the\s+)?{_AGENCY}(?:\s*[/,&+]\s*{_AGENCY})*", re.I)
#: A name's last word that is an abbreviated suffix, written with its period ("Jr.", "Sr.").
ABBREVIATED_SUFFIX = re.compile(r"\s(?:Jr|Sr|Snr|Jnr)$")
NAME_EDGE_CHARS = " \t,;:.-–—|•·\"'“”‘’()[]：，"
_NON_ALNUM = re.compile(r"[\W_]+")


def norm_key(text: str) -> str:
    """Case- and punctuation-insensitive comparison key."""
    return _NON_ALNUM.sub("", text.casefold())


def clean_name(text: str | None) -> str | None:
    """A plausible personal (or desk) name from ``text``, or None."""
    if not text or len(text) > MAX_RAW_BYLINE_CHARS:
        return None
    name = TRAILING_HANDLE.sub("", " ".join(URLISH_PAREN.sub("", text).split())).strip(NAME_EDGE_CHARS)
    if ABBREVIATED_SUFFIX.search(name) and text.rstrip(NAME_EDGE_CHARS.replace(".", "")).endswith("."):
        name += "."  # "Ricky Villanueva Jr.": the period is the suffix's, not the line's end
    name = BY_PREFIX.sub("", name).strip(" ,;:-")
    if not name.isascii():  # "長野総局 山田太郎記者": the bureau before, the reporter's title after
        name = CJK_BUREAU.sub("", CJK_TITLE_AFTER.sub("", name)).strip()
    if " " in name:
        name = ROLE_AFTER_NAME.sub("", name)
    if not name or len(name) > MAX_NAME_CHARS or HANDLE_OR_URL.search(name):
        return None
    words = name.split()
    if (len(words) > 2 and words[-1][:1].islower() and words[-1].lower() not in NAME_PARTICLES
            and all(w[:1].isupper() for w in words[:-1])):
        words.pop()  # "Sipho Dlamini ngoLwesithathu": a word of the date line after the name
    if len(words) > 2 and words[-1] in NAME_PARTICLES:
        words.pop()  # "Colette Marchand le (19 octobre)": a particle stands before a name, never last
    if len(words) > 1 and words[-1].lower().strip(".,") in ROLE_WORDS:
        words.pop()
        while len(words) > 1 and words[-1].lower().strip(".,") in ROLE_QUALIFIERS:
            words.pop()
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    name = " ".join(words)
    low = name.lower()
    if low in GENERIC_NAMES or all(w.lower().strip(".") in _ROLE_ANY for w in words):
        return None
    if any(ch in name for ch in "!?:|{}<>=*#"):
        return None
    if date_span(name):
        return None
    cased = [w for w in words if w[:1].isalpha() and (w[:1].isupper() or w[:1].islower())
             and not CASELESS_NAMES.match(w)]
    if cased and not any(w[:1].isupper() for w in cased):
        return None
    if any(w in NAME_STOPWORDS for w in words) or words[0] in ("The", "THE"):
        return None  # "The Prairie Ledger": a publication
    if sum(w.lower() in NAME_STOPWORDS for w in words) > 1:
        return None  # "Letters To The (Editor)": a heading in title case ("Andrea To" is a name)
    lower_words = [w for w in cased if w[:1].islower() and w.lower() not in NAME_PARTICLES]
    if len(lower_words) > 1 or (len(words) == 1 and words[0].lower() in NAME_PARTICLES):
        return None
    return name


def split_byline(text: str | None) -> list[str]:
    """Names in a byline: "By Jane Doe and John Roe | July 30, 2023" -> ["Jane Doe", "John Roe"].

    Line breaks in ``text`` separate segments; the first segment that holds a name wins.
    """
    if not text or len(text) > MAX_RAW_BYLINE_CHARS:
        return []
    text = "\n".join(" ".join(line.split()) for line in URLISH_PAREN.sub(" ", text).splitlines())
    text = JOINER_LINE.sub(r" \1 ", text)
    text = CONTINUED_LINE.sub(r"\1 ", text)  # "Jana Nováková,\nMartin Kováč": the list goes on
    # a label set off by a dash ("ရေးသားသူ - Name", "Autor – Name"): gone before the dash splits the line
    text = BY_PREFIX.sub("", text, count=1)
    if len(text) > MAX_BYLINE_CHARS:
        return []
    span = date_span(text)
    while span:
        text = f"{text[:span[0]]}\n{text[span[1]:]}"
        span = date_span(text)
    for segment in SEGMENT_BREAK.split(text):
        segment = BY_PREFIX.sub("", segment.strip(" ,;:"))
        if not segment:
            continue
        names: list[str] = []
        sentence = False  # a part of the segment is a phrase of several words, not a name
        parts = (segment.split() if HAN_NAME_ROW.match(segment) and not _JAPANESE.get()
                 else NAME_JOINERS.split(segment))
        for part in parts:
            if part.strip(" .").lower() in CREDENTIALS or (names and _job_title(part)):
                continue
            name = clean_name(part)
            if name and norm_key(name) not in {norm_key(n) for n in names}:
                names.append(name)
            elif not name and len(part.split()) >= MIN_SENTENCE_WORDS:
                sentence = True
        if sentence:  # "… w Nowej Zelandii i Polsce": one word cut off a phrase is no name
            names = [n for n in names if " " in n]
        if len(names) > 1 and " " in names[0] and " " not in names[-1]:
            names.pop()  # "Jane Roe, Berlin": a place after the names, where the story was written
        if names:
            return names
    return []


def _job_title(part: str) -> bool:
    """Whether a part of a byline after a name is a job title (a few words, the last a title word)."""
    words = part.strip(NAME_EDGE_CHARS).split()
    return 0 < len(words) <= MAX_TITLE_WORDS and words[-1].lower() in JOB_TITLE_WORDS


def is_site_like(name: str, site_names: list[str]) -> bool:
    """True when ``name`` is the site, its desk or a generic account rather than a person."""
    if SITE_LIKE_WORDS.search(name) or NEWS_AGENCY.fullmatch(name.strip(NAME_EDGE_CHARS)):
        return True
    key = norm_key(name)
    return any(sk and (sk == key or (len(sk) >= 4 and sk in key)) for sk in map(norm_key, site_names))


def meta_names(value: str, one_person: bool) -> list[str]:
    """Names in one meta value. "Kooman, F." is one name (family name, initials), and so is
    "Jong, Michiel de" when the tag is repeated once per author (``one_person``); a company and
    its seat ("Example GmbH, Munich, Germany") is the company alone."""
    parts = [p.strip() for p in value.split(",")]
    if COMPANY_FORM.search(parts[0]):
        return [parts[0]]
    if len(parts) == 2 and parts[0] and parts[1]:
        initials = re.fullmatch(r"(?:[A-Z]\.\s*)+|[A-Z]", parts[1])
        if initials or (one_person and len(parts[0].split()) == 1):
            name = clean_name(f"{parts[1]} {parts[0]}")
            return [name] if name else []
    return split_byline(value)
