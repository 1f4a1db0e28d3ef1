"""Turn the many ways pages write a date into ``datetime`` objects.

``parse_date`` takes a string that is meant to be a date (a meta ``content``, a ``<time datetime>``,
a JSON-LD value) and returns an aware datetime when the text names a zone, a naive one otherwise.
``find_date`` looks for the first date inside free text such as a byline.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as _du_parser

MIN_YEAR = 1990
FUTURE_SLACK = timedelta(days=366)
MAX_DATE_TEXT = 120

_HOUR = 3600
# Zone abbreviations that dateutil does not resolve on its own (it warns and drops them otherwise).
TZ_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "AKST": -9 * _HOUR, "AKDT": -8 * _HOUR, "HST": -10 * _HOUR,
    "BST": 1 * _HOUR, "CET": 1 * _HOUR, "CEST": 2 * _HOUR, "MET": 1 * _HOUR, "MEST": 2 * _HOUR,
    "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "MSK": 3 * _HOUR, "IST": 5 * _HOUR + 1800,
    "SGT": 8 * _HOUR, "HKT": 8 * _HOUR, "JST": 9 * _HOUR, "KST": 9 * _HOUR,
    "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR, "NZST": 12 * _HOUR, "NZDT": 13 * _HOUR,
    # Africa, South and South-East Asia
    "WAT": 1 * _HOUR, "CAT": 2 * _HOUR, "SAST": 2 * _HOUR, "EAT": 3 * _HOUR, "PKT": 5 * _HOUR,
    "NPT": 5 * _HOUR + 2700, "WIB": 7 * _HOUR, "ICT": 7 * _HOUR, "PHT": 8 * _HOUR, "MYT": 8 * _HOUR,
}

_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:published|posted|updated|modified|created|written|date|dated|on|at)\b[\s:.-]*)+",
    re.I,
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
_DOTTED_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
#: "30.05.24": a day-first date with a two-digit year (Israeli and German sites), written out with
#: its century before it is read.
_DOTTED_SHORT_YEAR = re.compile(r"^(\d{2})\.(\d{2})\.(\d{2})(?![\d.])")
_SLASHED_NUMERIC = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")
#: Whether "08/10/2024" is read day first (set by :func:`day_first` for a page's language).
_DAY_FIRST: ContextVar[bool] = ContextVar("day_first", default=False)
#: Regions whose English writes the day first ("en-GB"); English without one, or of the US,
#: writes the month first, as every other language writes the day first.
DAY_FIRST_ENGLISH = frozenset({"GB", "UK", "IE", "AU", "NZ", "IN", "PK", "BD", "LK", "ZA", "NG", "KE", "GH",
                               "UG", "TZ", "ZW", "SG", "MY", "HK", "MT", "CY", "JM", "TT"})
_DOT_TIME = re.compile(r"(?<![\d.])(\d{1,2})(?:\.|h(?=\d{2}(?!\d)))(\d{2})(?![\d.])")  # "09.15", "07h30"
_BARE_YEAR = re.compile(r"^\d{4}$")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: What stands between a date and its time ("at", "|", "·", "kl.", "um", "à", "alle", "godz.").
_TIME_SEPARATOR = r"at|@|-|–|\||·|•|kl\.?|klo|um|à|às|alle|ore|a las|godz\.?|o godz\.?|u|в"
_TIME = (
    rf"(?:(?:\s*[,.]?\s*(?:{_TIME_SEPARATOR})?\s*)\d{{1,2}}(?:[:.]|h(?=\d\d))\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:uhr|hrs?|horas?|h)(?!\w))?"  # the hours word ("14:37 Uhr"), then a zone in capitals
    r"(?:\s*(?:(?-i:[A-Z]{2,4})\b|[+-]\d{2}:?\d{2}))?)?"  # ("Last update" follows no zone)
)
_HOURS_WORD = re.compile(r"\s*\b(?:uhr|h|hrs|horas?)\.?\s*$", re.I)
_UP_TO_YEAR = re.compile(r".*?(?<!\d)(?:19|20)\d{2}(?!\d)")
_BEFORE_TIME = re.compile(rf"\s*,?\s*(?:{_TIME_SEPARATOR})\s*(?=\d{{1,2}}(?:[:.]|h(?=\d\d))\d{{2}})", re.I)
DATE_IN_TEXT = re.compile(
    r"\b(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+)?(?:"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}{_TIME}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH},?\s+(?:19|20)\d{{2}}{_TIME}"
    rf"|(?:19|20)\d{{2}}[/.]\d{{1,2}}[/.]\d{{1,2}}{_TIME}"
    # a Korean date: the year, the month and the day each closed by a dot ("2023. 10. 8. 14:22")
    rf"|(?:19|20)\d{{2}}\.\s\d{{1,2}}\.\s\d{{1,2}}(?!\d){_TIME}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?:19|20)\d{{2}}{_TIME}"
    rf"|\d{{2}}\.\d{{2}}\.\d{{2}}(?![\d.]){_TIME}"
    r")",
    re.I,
)


def parse_date(text: str | None) -> datetime | None:
    """Parse one date string; None when it is not a plausible publication date.

    Handles ISO 8601 (fractions, ``Z``, offsets), RFC 2822, Unix timestamps and the usual English
    forms ("Jul 30, 2023", "30 July 2023", "2023/07/30", "July 30, 2023 at 9:15 am EST").
    Years before 1990 or more than a year ahead are rejected.
    """
    if not text or not isinstance(text, str):
        return None
    s = " ".join(text.split())
    if not s or len(s) > MAX_DATE_TEXT:
        return None
    return _parse_cached(s, _DAY_FIRST.get())


def writes_day_first(language: str | None) -> bool:
    """Whether a page in ``language`` (a BCP 47 tag such as "pt-PT" or "en-GB") writes a numeric
    date day first: every language but English, and English of the regions that do."""
    if not language:
        return False
    primary, _, rest = language.replace("_", "-").partition("-")
    if primary.lower() != "en":
        return True
    return any(part.upper() in DAY_FIRST_ENGLISH for part in rest.split("-") if len(part) == 2)


def other_reading(text: str) -> datetime | None:
    """``text`` read in the other order when it is a numeric date that reads both ways
    ("08/10/2024", not "13/10/2024" nor "10/10/2024"); else None."""
    slashed = _SLASHED_NUMERIC.match(" ".join(text.split()))
    if not slashed or slashed.group(1) == slashed.group(2) or max(map(int, slashed.group(1, 2))) > 12:
        return None
    with day_first(not _DAY_FIRST.get()):
        return parse_date(text)


@contextmanager
def day_first(on: bool) -> Iterator[None]:
    """Read numeric dates such as "08/10/2024" day first (8 October) while the block runs."""
    token = _DAY_FIRST.set(on)
    try:
        yield
    finally:
        _DAY_FIRST.reset(token)


@lru_cache(maxsize=4096)
def _parse_cached(s: str, dmy: bool = False) -> datetime | None:
    """:func:`parse_date` of a normalised string; ``dmy``: read "08/10/2024" day first."""
    if _ISO_START.match(s):
        try:
            return _validated(datetime.fromisoformat(s))
        except ValueError:
            pass
    if _EPOCH.match(s):
        value = int(s)
        if len(s) == 13:
            value //= 1000
        return _validated(datetime.fromtimestamp(value, tz=UTC))
    s = _LABEL.sub("", s).strip()
    short = _DOTTED_SHORT_YEAR.match(s)
    if short and 1 <= int(short.group(2)) <= 12:
        s = f"{int(short.group(1))}.{int(short.group(2))}.20{short.group(3)}{s[short.end():]}"
    if not _YEAR.search(s) or _BARE_YEAR.match(s):
        return None
    s = _ORDINAL.sub("", s)
    dotted = _DOTTED_NUMERIC.match(s)
    if dotted and 1 <= int(dotted.group(2)) <= 12:  # 30.07.2023 is day-first wherever it is written so
        month = _MONTH_ABBREVIATIONS[int(dotted.group(2)) - 1]
        s = f"{int(dotted.group(1))} {month} {dotted.group(3)}{s[dotted.end():]}"
    elif dmy:
        s = _slashed_day_first(s)
    s = _DOT_TIME.sub(r"\1:\2", s)
    if s[-1].isalpha():
        s = _HOURS_WORD.sub("", s)  # "09:15 Uhr": the hours word is no zone
    dt = _dateutil(s)
    if dt is None:
        # Surrounding words ("Posted by Jane on ..."): parse only the part that looks like a date.
        match = DATE_IN_TEXT.search(s)
        if match and match.group(0) != s:
            found = _ORDINAL.sub("", match.group(0))
            dt = _dateutil(_slashed_day_first(found) if dmy else found)
    return _validated(dt) if dt is not None else None


def _slashed_day_first(s: str) -> str:
    """``s`` with a leading "08/10/2024" written as "8 Oct 2024" (day first), when it can be."""
    slashed = _SLASHED_NUMERIC.match(s)
    if not slashed or not 1 <= int(slashed.group(2)) <= 12:
        return s
    month = _MONTH_ABBREVIATIONS[int(slashed.group(2)) - 1]
    return f"{int(slashed.group(1))} {month} {slashed.group(3)}{s[slashed.end():]}"


_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _dateutil(s: str) -> datetime | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _du_parser.parse(s, tzinfos=TZ_ABBREVIATIONS, default=_DEFAULT)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None


_DEFAULT = datetime(2000, 1, 1)


def _validated(dt: datetime) -> datetime | None:
    if dt.year < MIN_YEAR:
        return None
    if dt.tzinfo is not None:
        offset = dt.utcoffset()
        if offset is None:
            dt = dt.replace(tzinfo=None)
        else:
            dt = dt.replace(tzinfo=UTC if not offset else timezone(offset))
    now = datetime.now(UTC)
    probe = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    if probe > now + FUTURE_SLACK:
        return None
    return dt


#: Month names of French, German, Spanish, Italian, Portuguese, Dutch, Nordic, Polish, Czech,
#: Turkish, Finnish and Russian sites (the forms dates are written with), in English.
FOREIGN_MONTHS = {
    "January": "janvier janv januar jänner enero gennaio janeiro januari januar stycznia ledna ocak "
               "tammikuuta января",
    "February": "février fevrier févr fevr februar febrero febbraio fevereiro februari lutego února "
                "şubat subat helmikuuta февраля",
    "March": "mars märz maerz marzo março maart marca března mart maaliskuuta марта",
    "April": "avril avr abril aprile kwietnia dubna nisan huhtikuuta апреля",
    "May": "mai mayo maggio maio mei maj maja května mayıs mayis toukokuuta мая",
    "June": "juin juni junio giugno junho czerwca června haziran kesäkuuta июня",
    "July": "juillet juil juli julio luglio julho lipca července temmuz heinäkuuta июля",
    "August": "août aout agosto augustus augusti sierpnia srpna ağustos agustos elokuuta августа",
    "September": "septembre septiembre setiembre settembre setembro września září eylül eylul "
                 "syyskuuta сентября",
    "October": "octobre oktober octubre ottobre outubro października října ekim lokakuuta октября",
    "November": "novembre noviembre novembro listopada listopadu kasım kasim marraskuuta ноября",
    "December": "décembre decembre déc dezember diciembre dicembre dezembro desember grudnia prosince "
                "aralık aralik joulukuuta декабря",
}
#: Ukrainian, Hungarian, Greek, Romanian, Indonesian and Danish forms, added to the above.
MORE_MONTHS = {
    "January": "січня január ιανουαρίου ιανουάριος ianuarie",
    "February": "лютого február febr φεβρουαρίου φεβρουάριος februarie pebruari",
    "March": "березня március márc μαρτίου μάρτιος martie maret marts",
    "April": "квітня április ápr απριλίου απρίλιος aprilie",
    "May": "травня május máj μαΐου μαίου μάιος",
    "June": "червня június jún ιουνίου ιούνιος iunie",
    "July": "липня július júl ιουλίου ιούλιος iulie",
    "August": "серпня augusztus αυγούστου αύγουστος",
    "September": "вересня szeptember szept σεπτεμβρίου σεπτέμβριος septembrie",
    "October": "жовтня október okt οκτωβρίου οκτώβριος octombrie",
    "November": "листопада νοεμβρίου νοέμβριος noiembrie nopember",
    "December": "грудня δεκεμβρίου δεκέμβριος decembrie",
}
#: Bulgarian, Serbian (both scripts), Croatian, Slovak, Slovenian, Lithuanian, Latvian, Estonian and
#: Swahili forms. The Croatian October, "listopada", is left out: it is the Polish November.
BALKAN_BALTIC_MONTHS = {
    "January": "януари јануар јануара januara siječnja siječanj januára januarja sausio janvārī janvāris "
               "jaanuar januari",
    "February": "февруари фебруар фебруара februara veljače veljača februára februarja vasario februārī "
                "februāris veebruar",
    "March": "март марта marta ožujka ožujak marec kovo martā marts märts machi",
    "April": "април априла aprila travnja travanj apríla apríl balandžio aprīlī aprīlis aprill aprili",
    "May": "май мај маја svibnja svibanj mája gegužės maijā maijs",
    "June": "юни јун јуна juna lipnja lipanj júna junija birželio jūnijā jūnijs juuni",
    "July": "юли јул јула jula srpnja srpanj júla julija liepos jūlijā jūlijs juuli julai",
    "August": "август августа avgust avgusta kolovoza kolovoz augusta rugpjūčio augustā augusts agosti",
    "September": "септември септембар септембра septembar septembra rujna rujan rugsėjo septembrī "
                 "septembris septemba",
    "October": "октомври октобар октобра oktobar oktobra októbra spalio oktobrī oktobris oktoober oktoba",
    "November": "ноември новембар новембра novembar novembra studenoga studenog studeni novembra lapkričio "
                "novembrī novembris novemba",
    "December": "декември децембар децембра decembar decembra prosinca prosinac decembra gruodžio "
                "decembrī decembris detsember desemba",
}


def _add_months(table: dict[str, str], forms: tuple[str, ...] | list[str]) -> None:
    """Add the month names ``forms`` (January's first, each a space-separated group) to ``table``."""
    for english, words in zip(table, forms, strict=True):
        table[english] += " " + words


for _english, _words in BALKAN_BALTIC_MONTHS.items():
    MORE_MONTHS[_english] += " " + _words
#: Georgian, Azerbaijani, Icelandic, Armenian (the genitive a date writes), Kazakh, Albanian, Malay.
_add_months(MORE_MONTHS, (
        "იანვარი yanvar janúar հունվարի қаңтар janar", "თებერვალი fevral febrúar փետրվարի ақпан shkurt",
        "მარტი mart mars մարտի наурыз mars", "აპრილი aprel apríl ապրիլի сәуір prill",
        "მაისი may maí մայիսի мамыр maj", "ივნისი iyun júní հունիսի маусым qershor",
        "ივლისი iyul júlí հուլիսի шілде korrik julai", "აგვისტო avqust ágúst օգոստոսի тамыз gusht ogos",
        "სექტემბერი sentyabr september սեպտեմբերի қыркүйек shtator",
        "ოქტომბერი oktyabr október հոկտեմբերի қазан tetor",
        "ნოემბერი noyabr nóvember նոյեմբերի қараша nëntor",
        "დეკემბერი dekabr desember դեկտեմբերի желтоқсан dhjetor disember"))
#: Maltese, Malagasy, Luxembourgish and Welsh forms.
_add_months(MORE_MONTHS, (
        "jannar janoary ionawr", "frar febroary chwefror", "marzu martsa mäerz mawrth",
        "aprily abrëll ebrill", "mejju mey mee", "ġunju gunju jona mehefin", "lulju jolay gorffennaf",
        "awwissu aogositra awst",
        "settembru septambra medi", "ottubru oktobra hydref", "novembru novambra tachwedd",
        "diċembru dicembru desambra rhagfyr"))
#: Basque (the genitive a date writes: "2025eko apirilaren 2a", and the name alone).
_add_months(MORE_MONTHS, (
        "urtarrilaren urtarrila", "otsailaren otsaila", "martxoaren martxoa", "apirilaren apirila",
        "maiatzaren maiatza", "ekainaren ekaina", "uztailaren uztaila", "abuztuaren abuztua",
        "irailaren iraila", "urriaren urria", "azaroaren azaroa", "abenduaren abendua"))
#: Catalan and Galician forms the tables above do not hold ("2 d'abril de 2025", "3 de xuño de 2024").
_add_months(MORE_MONTHS, (
        "gener xaneiro", "febrer febreiro", "març", "", "maig", "juny xuño", "juliol xullo", "agost",
        "setembre", "", "", "desembre decembro"))
#: Arabic (the months as Egypt and the Gulf name them after the European ones).
_add_months(MORE_MONTHS, (
        "يناير", "فبراير", "مارس", "أبريل ابريل إبريل", "مايو", "يونيو", "يوليو", "أغسطس اغسطس",
        "سبتمبر", "أكتوبر اكتوبر", "نوفمبر", "ديسمبر"))
#: Uzbek (Latin) forms the Azerbaijani ones above do not cover.
MORE_MONTHS["September"] += " sentabr"
MORE_MONTHS["October"] += " oktabr"
#: Somali, Urdu and Pashto (the months as English names them, in Arabic script).
_add_months(MORE_MONTHS, (
        "janaayo جنوری جنوري", "febraayo فروری فبروري", "maarso مارچ", "abriil اپریل", "maajo مئی می",
        "juun جون", "luulyo جولائی جولای", "agoosto اگست اګست", "sebtembar ستمبر سپتمبر",
        "oktoobar اکتوبر", "nofeembar نومبر", "desembar دسمبر ډسمبر"))

for _english, _words in MORE_MONTHS.items():
    FOREIGN_MONTHS[_english] += " " + _words
#: Month names of scripts whose vowel signs are no letters to the word pattern (Thai, with its
#: abbreviations; Bengali; Hindi): found where they occur, not word by word.
SCRIPT_MONTHS = {
    "January": "มกราคม ม.ค. জানুয়ারি जनवरी",
    "February": "กุมภาพันธ์ ก.พ. ফেব্রুয়ারি फ़रवरी फरवरी",
    "March": "มีนาคม มี.ค. মার্চ मार्च",
    "April": "เมษายน เม.ย. এপ্রিল अप्रैल",
    "May": "พฤษภาคม พ.ค. মে मई",
    "June": "มิถุนายน มิ.ย. জুন जून",
    "July": "กรกฎาคม ก.ค. জুলাই जुलाई",
    "August": "สิงหาคม ส.ค. আগস্ট अगस्त",
    "September": "กันยายน ก.ย. সেপ্টেম্বর सितंबर सितम्बर",
    "October": "ตุลาคม ต.ค. অক্টোবর अक्टूबर",
    "November": "พฤศจิกายน พ.ย. নভেম্বর नवंबर नवम्बर",
    "December": "ธันวาคม ธ.ค. ডিসেম্বর दिसंबर दिसम्बर",
}
#: Khmer, added to the above.
_add_months(SCRIPT_MONTHS, "មករា កុម្ភៈ មីនា មេសា ឧសភា មិថុនា កក្កដា សីហា កញ្ញា តុលា វិច្ឆិកា ធ្នូ".split())
#: Tamil, added to the above.
_add_months(SCRIPT_MONTHS, "ஜனவரி பிப்ரவரி மார்ச் ஏப்ரல் மே ஜூன் ஜூலை ஆகஸ்ட் செப்டம்பர் அக்டோபர் நவம்பர் "
                           "டிசம்பர்".split())
#: Marathi, Nepali, Gujarati, Punjabi, Kannada, Malayalam, Telugu and Odia, added to the above.
_add_months(SCRIPT_MONTHS, (
        "जानेवारी ਜਨਵਰੀ જાન્યુઆરી ಜನವರಿ ജനുവരി జనవరి ଜାନୁଆରୀ",
        "फेब्रुवारी फेब्रुअरी ਫ਼ਰਵਰੀ ਫਰਵਰੀ ફેબ્રુઆરી ಫೆಬ್ರವರಿ ഫെബ്രുവരി ఫిబ్రవరి ଫେବୃଆରୀ",
        "ਮਾਰਚ માર્ચ ಮಾರ್ಚ್ മാർച്ച് మార్చి ମାର୍ଚ୍ଚ",
        "एप्रिल अप्रिल ਅਪ੍ਰੈਲ એપ્રિલ ಏಪ್ರಿಲ್ ഏപ്രിൽ ఏప్రిల్ ଅପ୍ରେଲ",
        "मे ਮਈ મે ಮೇ മേയ് మే ମଇ",
        "जुन ਜੂਨ જૂન ಜೂನ್ ജൂൺ జూన్ ଜୁନ",
        "जुलै ਜੁਲਾਈ જુલાઈ ಜುಲೈ ജൂലൈ జూలై ଜୁଲାଇ",
        "ऑगस्ट अगस्ट ਅਗਸਤ ઑગસ્ટ ઓગસ્ટ ಆಗಸ್ಟ್ ഓഗസ്റ്റ് ఆగస్టు ଅଗଷ୍ଟ",
        "सप्टेंबर सेप्टेम्बर ਸਤੰਬਰ સપ્ટેમ્બર ಸೆಪ್ಟೆಂಬರ್ സെപ്റ്റംബർ సెప్టెంబర్ ସେପ୍ଟେମ୍ବର",
        "ऑक्टोबर अक्टोबर ਅਕਤੂਬਰ ઑક્ટોબર ઓક્ટોબર ಅಕ್ಟೋಬರ್ ഒക്ടോബർ అక్టోబర్ ଅକ୍ଟୋବର",
        "नोव्हेंबर नोभेम्बर ਨਵੰਬਰ નવેમ્બર ನವೆಂಬರ್ നവംബർ నవంబర్ ନଭେମ୍ବର",
        "डिसेंबर डिसेम्बर ਦਸੰਬਰ ડિસેમ્બર ಡಿಸೆಂಬರ್ ഡിസംബർ డిసెంబర్ ଡିସେମ୍ବର"))
#: The Indic scripts, whose words stand between spaces: a month is a whole word there ("मे", May
#: in Marathi, is the start of Hindi "में"); Thai writes no spaces between words.
_INDIC = "\u0900-\u0dff"
_SCRIPT_MONTH = re.compile("|".join(
    (rf"(?<![{_INDIC}]){re.escape(w)}(?![{_INDIC}])" if re.match(rf"[{_INDIC}]", w) else re.escape(w))
    for w in sorted((w for words in SCRIPT_MONTHS.values() for w in words.split()), key=len, reverse=True)))
_SCRIPT_ENGLISH = {w: english for english, words in SCRIPT_MONTHS.items() for w in words.split()}
_SCRIPT_CHARS = re.compile(rf"[{_INDIC}\u0e00-\u0e7f\u1780-\u17ff]")
#: The Khmer words a date writes before its day, its month and its year ("ទី១៩ ខែវិច្ឆិកា ឆ្នាំ២០២៥"),
#: and the weekday's ("ថ្ងៃពុធ"), glued to what follows them.
_KHMER_DATE_WORDS = re.compile(r"ថ្ងៃ[\u1780-\u17ff]*\s|ទី|ខែ|ឆ្នាំ")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
#: A year of the Buddhist era, as Thai dates write it (2567 is 2024).
_BUDDHIST_YEAR = re.compile(r"(?<!\d)25\d{2}(?!\d)")
BUDDHIST_ERA_OFFSET = 543
#: Digits of other scripts (Arabic-Indic, Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Odia,
#: Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Burmese, Khmer) as ASCII digits.
_DIGIT_ZEROS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
                0x0E50, 0x0ED0, 0x1040, 0x17E0)
_NATIVE_DIGITS = {zero + n: str(n) for zero in _DIGIT_ZEROS for n in range(10)}
#: A Hungarian or Lithuanian date: the year first, then the month and the day ("2024. January 30.",
#: "2024 m. June 18 d.").
_YEAR_FIRST = re.compile(
    rf"\b((?:19|20)\d{{2}})\.?\s+(?:m\.\s+)?({_MONTH})\s+(\d{{1,2}})\.?(?:\s*d\.)?", re.I)
#: A Latvian date: the year, "gada" (of the year), the day and the month ("2024. gada 26. novembris").
_YEAR_DAY_MONTH = re.compile(rf"\b((?:19|20)\d{{2}})\.\s+gada\s+(\d{{1,2}})\.\s+({_MONTH})\b", re.I)
#: A Mongolian date: the year "оны" (of the year), the month's number "сарын" (of the month), the day
#: ("2024 оны 2-р сарын 27"); the comma before its time goes with it (an ISO date takes a time after a space).
_MONGOLIAN_DATE = re.compile(r"\b((?:19|20)\d{2})\s+оны\s+(\d{1,2})(?:-р|-н)?\s+сарын\s+(\d{1,2})\b,?")
_BASQUE_DATE = re.compile(rf"\b((?:19|20)\d{{2}})eko\s+({_MONTH})\s+(\d{{1,2}})(?:a|an|ean)?\b", re.I)
_MONTH_ENGLISH = {word: english for english, words in FOREIGN_MONTHS.items() for word in words.split()}
#: A foreign month name with the "de"/"del"/"di" around it ("14 de mayo de 2024", "1er mars 2024"), or
#: the hyphen that joins it to the day ("9-sentabr, 2024").
_FOREIGN_MONTH = re.compile(
    r"(?:\b(?:de|di)\s+|\bd['’]|\bta['’]\s+|(?<=\d)-)?\b("
    + "|".join(sorted(_MONTH_ENGLISH, key=len, reverse=True))
    + r")\b\.?"
    r"(?:\s+(?:de|del|di)\b)?",
    re.I,
)
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"[^\W\d_]+")
_FIRST_OF_MONTH = re.compile(r"\b1(?:er|º|°)(?=\s)", re.I)


#: Dates and times written with Chinese, Japanese and Korean unit signs ("2024年3月14日 10時30分",
#: "2024년 3월 14일 10시 30분").
_CJK_DATE = re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_HALF_DAY = re.compile(r"(오전|오후|上午|下午)\s*(\d{1,2}):(\d{2})")
_MORNING = ("오전", "上午")
_CJK_TIME = re.compile(r"(\d{1,2})\s*[時时시]\s*(\d{1,2})\s*[分분]")


def in_english(text: str) -> str:
    """``text`` with foreign month names written in English and dates written with CJK unit signs
    written as ISO dates, for :data:`DATE_IN_TEXT`."""
    if not text.isascii():
        text = text.translate(_NATIVE_DIGITS)
        if "오" in text or "午" in text:  # "오전 10:30", "下午3:05": the half of the day before the time
            text = _HALF_DAY.sub(lambda m: f"{m[2]}:{m[3]} {'AM' if m[1] in _MORNING else 'PM'}", text)
        if "сарын" in text:
            text = _MONGOLIAN_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
        if _CJK_DATE.search(text):
            text = _CJK_DATE.sub(lambda m: f" {m[1]}-{int(m[2]):02d}-{int(m[3]):02d} ", text)
            text = " ".join(_CJK_TIME.sub(lambda m: f"{int(m[1]):02d}:{int(m[2]):02d}", text).split())
        if _SCRIPT_CHARS.search(text):
            thai = _THAI.search(text) is not None
            text = _SCRIPT_MONTH.sub(lambda m: f" {_SCRIPT_ENGLISH[m.group()]} ", text)
            text = text.replace(" ,", ",")  # "18 નવેમ્બર, 2026": the comma stays after the month
            if thai:
                text = _BUDDHIST_YEAR.sub(lambda m: str(int(m.group()) - BUDDHIST_ERA_OFFSET), text)
            elif "ខែ" in text:
                text = " ".join(_KHMER_DATE_WORDS.sub(" ", text).split())
    if any(word.lower() in _MONTH_ENGLISH for word in _WORDS.findall(text)):
        # a dictionary lookup per word first: the pattern of 250 names is slow to search
        text = _FIRST_OF_MONTH.sub("1", text)
        text = _FOREIGN_MONTH.sub(lambda m: " " + _MONTH_ENGLISH[m.group(1).lower()], text)
    if "." in text and _YEAR_FIRST.search(text):
        text = _YEAR_FIRST.sub(lambda m: f"{m[2]} {m[3]}, {m[1]}", text)
    if "eko " in text:  # a Basque date: the year, the month, the day ("2025eko April 2a")
        text = _BASQUE_DATE.sub(lambda m: f"{m[2]} {m[3]}, {m[1]}", text)
    if "gada" in text:
        text = _YEAR_DAY_MONTH.sub(lambda m: f"{m[3]} {m[2]}, {m[1]}", text)
    return text


#: A time of day in a text ("9:15", "09.15", "07h30").
CLOCK = re.compile(r"\d(?:[:.]|h(?=\d\d))\d\d")
#: A time of day written just before the date it belongs to, with its half of the day and zone
#: ("10:15 PM EDT, Mon July 21, 2025", as a news network writes it).
_TIME_BEFORE_DATE = re.compile(
    r"(?<![\d:.])(\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,4}))?)\s*,?\s*"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s*)?$", re.I)


def find_date(text: str | None) -> datetime | None:
    """The first plausible date written inside free text (a byline, a dateline), or None. Month
    names may be French, German, Spanish, Italian, Portuguese or Dutch as well as English."""
    if not text or not _DIGIT.search(text):  # every date written out has a day or a year
        return None
    text = in_english(text)
    for match in DATE_IN_TEXT.finditer(text):
        found = match.group(0)
        dt = parse_date(found)
        if dt is None:  # "14 March 2024 um 14:37 Uhr", "… kl. 10.15": the time without its words
            dt = parse_date(_BEFORE_TIME.sub(" ", _HOURS_WORD.sub("", found)))
        if dt is None:
            day = _UP_TO_YEAR.match(found)  # else the day alone
            dt = parse_date(day.group(0)) if day else None
        if dt is not None:
            if not (dt.hour or dt.minute) and not CLOCK.search(found):
                before = _TIME_BEFORE_DATE.search(text, 0, match.start())
                timed = parse_date(f"{found} {before[1]}") if before else None
                if timed is not None and timed.date() == dt.date():
                    return timed  # "10:15 PM EDT, Mon July 21, 2025": the time first
            return dt
    return None


def date_span(text: str) -> tuple[int, int] | None:
    """Start and end offsets of the first date-looking run in ``text`` (for cutting bylines)."""
    match = DATE_IN_TEXT.search(text)
    return (match.start(), match.end()) if match else None
