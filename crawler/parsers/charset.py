"""A page's bytes to text: the one decoding function of the crawl and of ``archiver extract``.

The order is the HTML standard's encoding sniffing: a byte-order mark; the charset of the HTTP
``Content-Type`` header; a ``<meta charset>`` (or ``<meta http-equiv="Content-Type">``) in the
first 1024 bytes; then detection. Labels mean what they mean to browsers (``iso-8859-1`` and
``ascii`` are Windows-1252, ``gb2312`` is GBK, ``shift_jis`` is Windows-31J...).

A declaration is only used when it fits the bytes: when its decoder fails on them, the next
source is tried, and detection comes last, so a Windows-1252 page that claims UTF-8 is read as
Windows-1252 instead of coming out full of U+FFFD. Bytes that are valid UTF-8 and hold multi-byte
sequences are read as UTF-8 even under a legacy declaration: text in a legacy charset practically
never forms valid UTF-8, while UTF-8 pages behind a server's ``ISO-8859-1`` default are common.

Detection: valid UTF-8 (or UTF-8 with a few damaged bytes) is UTF-8; anything else is guessed by
Firefox's detector, chardetng, among the legacy encodings, given the page's top-level domain as
browsers give it. An undeclared Western page comes out as Windows-1252 (``à`` stays ``à``,
never ``ą``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

#: Byte-order marks, longest first (the UTF-32 LE mark starts like the UTF-16 LE one).
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
#: How far into the page ``<meta charset>`` is looked for (the standard's prescan).
PRESCAN_BYTES = 1024
#: Share of non-ASCII bytes that may be broken in a page still read as UTF-8.
MAX_BROKEN_UTF8_SHARE = 0.05
#: The encoding of pages nothing else decides (the standard's fallback for Western locales).
FALLBACK = "cp1252"

#: Labels whose meaning for browsers differs from Python's codec of the same name, or that
#: Python does not know: label -> Python codec. Other labels are looked up in Python's codecs.
_LABEL_GROUPS: dict[str, tuple[str, ...]] = {
    "cp1252": ("ascii", "us-ascii", "ansi_x3.4-1968", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
               "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
               "latin-1", "windows-1252", "x-cp1252", "cp1252", "us", "x-user-defined"),
    "cp1254": ("iso-8859-9", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5",
               "iso-ir-148", "csisolatin5", "windows-1254", "x-cp1254", "cp1254"),
    "cp874": ("tis-620", "iso-8859-11", "iso8859-11", "iso885911", "dos-874", "windows-874"),
    "gb18030": ("gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "csiso58gb231280", "gb_2312", "gb_2312-80",
                "iso-ir-58", "cp936", "ms936", "windows-936", "gb18030"),
    "big5hkscs": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "cp949": ("euc-kr", "cseuckr", "csksc56011987", "iso-ir-149", "korean", "ks_c_5601-1987",
              "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"),
    "cp932": ("shift_jis", "csshiftjis", "ms932", "ms_kanji", "shift-jis", "sjis", "windows-31j", "x-sjis"),
    "euc_jp": ("euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"),
    "iso2022_jp": ("iso-2022-jp", "csiso2022jp"),
    "utf-16-le": ("utf-16", "utf-16le", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff"),
    "utf-16-be": ("utf-16be", "unicodefffe"),
    "koi8_u": ("koi8-u", "koi8-ru"),
    "mac_roman": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "mac_cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "iso8859_8": ("iso-8859-8-i", "csiso88598i", "logical", "iso-8859-8-e", "csiso88598e"),
    "iso8859_6": ("iso-8859-6-e", "iso-8859-6-i", "csiso88596e", "csiso88596i"),
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
}
LABELS = {label: codecs.lookup(codec).name for codec, labels in _LABEL_GROUPS.items() for label in labels}
#: Python codecs that browsers read as a superset (another spelling of a label above).
_BROWSER_READING = {"ascii": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "iso8859-9": "cp1254",
                    "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
                    "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs", "utf-16": "utf-16-le"}
#: Labels browsers refuse to decode with (they protect against script injection), never used.
REFUSED = frozenset({"utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7", "hz-gb-2312", "iso-2022-kr",
                     "csiso2022kr", "iso-2022-cn", "iso-2022-cn-ext", "replacement"})
#: Windows code pages whose unassigned bytes browsers map to the C1 controls (so they never fail).
C1_CODECS = frozenset({"cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
                       "cp1258", "cp874"})
_UTF16 = frozenset({"utf-16-le", "utf-16-be"})
_ASCII_BYTES = bytes(range(0x80))
_META = re.compile(rb"<meta(?=[\s/])((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>", re.I)
_ATTR = re.compile(rb"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)
_TLD = re.compile(r"[a-z0-9-]{1,63}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Below this many non-ASCII bytes the detector's statistics are thin: a tie in plausibility
#: goes to the top-level domain's default encoding.
THIN_EVIDENCE = 16
#: Longest word looked at by :func:`implausible`.
MAX_WORD = 40
#: Single-byte encodings (as Python names them): a default that is one of them may be compared
#: with the detector's guess by plausibility.
SINGLE_BYTE = frozenset({"cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
                         "cp1258", "cp874", "cp866", "koi8-r", "koi8-u", "iso8859-2", "iso8859-3",
                         "iso8859-4",
                         "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13",
                         "iso8859-14", "iso8859-15", "iso8859-16", "mac-roman", "mac-cyrillic"})
#: Non-letters that do stand between two letters of a word (apostrophes, the Catalan middle dot).
WORD_JOINERS = frozenset("\u2019\u2018\u00b7\u2010\u2011\u00ad")


def _c1(error: UnicodeError) -> tuple[str | bytes, int]:
    """Decode an unassigned byte of a Windows code page as the C1 control of the same number."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("archiver-c1", _c1)


@dataclass(frozen=True)
class Decoded:
    """A decoded page: its text, the Python codec that read it, where that choice came from
    (``bom``, ``http``, ``meta``, ``detected``) and, when a declaration was set aside, why."""

    text: str
    encoding: str
    source: str
    note: str | None = None
    #: The bytes (after a BOM) are exactly the text in UTF-8: a parser may read them as they are.
    exact_utf8: bool = False


@lru_cache(maxsize=512)
def codec_for(label: str | None) -> str | None:
    """The Python codec a charset label stands for, as browsers read it; None for labels that are
    unknown or refused."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in LABELS:
        return LABELS[name]
    if name in REFUSED or name.startswith("utf-32") or name.startswith("utf32"):
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in ("utf-7", "utf-32"):
        return None
    return _BROWSER_READING.get(info.name, info.name)


def header_charset(content_type: str | None) -> str | None:
    """The charset label of a ``Content-Type`` value (``text/html; charset=utf-8``), or the value
    itself when it is a bare label (``windows-1251``)."""
    if not content_type:
        return None
    found = _CHARSET_PARAM.search(content_type)
    if found:
        return found.group(1)
    value = content_type.strip()
    return value if value and not any(c in value for c in "/;= ") else None


def meta_charset(data: bytes) -> str | None:
    """The charset label of the first ``<meta charset>`` or ``<meta http-equiv="Content-Type"
    content="…; charset=…">`` in the first :data:`PRESCAN_BYTES` bytes that names an encoding
    (comments skipped; a label no browser knows is passed over, as the standard's prescan does)."""
    head = _COMMENT.sub(b"", data[:PRESCAN_BYTES])
    for tag in _META.finditer(head):
        attrs: dict[bytes, bytes] = {}
        for name, value in _ATTR.findall(tag.group(1)):
            attrs.setdefault(name.lower(), value.strip(b"\"'"))
        label = None
        if attrs.get(b"charset"):
            label = attrs[b"charset"].decode("latin-1")
        elif attrs.get(b"http-equiv", b"").lower() == b"content-type":
            found = _CHARSET_PARAM.search(attrs.get(b"content", b"").decode("latin-1"))
            label = found.group(1) if found else None
        if label and codec_for(label) is not None:
            return label
    return None


def top_level_domain(url: str | None) -> str | None:
    """The last label of the URL's host, as the detector takes it (``fr``, ``xn--p1ai``), or None
    (no host, an IP address, a file)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    label = host.rstrip(".").rsplit(".", 1)[-1]
    try:
        label = label.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    if not label or label.isdigit() or "." not in host or not _TLD.fullmatch(label):
        return None
    return label


def _reads_as_utf8(data: bytes) -> str | None:
    """The text of ``data`` when it is UTF-8 holding non-ASCII characters, with at most a few
    damaged bytes (:data:`MAX_BROKEN_UTF8_SHARE` of the non-ASCII ones, each read as U+FFFD);
    else None. Text in a legacy charset almost never passes: nearly each of its non-ASCII bytes
    breaks UTF-8."""
    if data.isascii():
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    high = len(data.translate(None, _ASCII_BYTES))  # the non-ASCII bytes
    return lenient if lenient.count("\ufffd") <= MAX_BROKEN_UTF8_SHARE * high else None


def _strict(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec`` as browsers do, or None when the decoder fails on it."""
    try:
        return data.decode(codec, errors="archiver-c1" if codec in C1_CODECS else "strict")
    except (UnicodeDecodeError, LookupError):
        return None


def _fits(data: bytes, codec: str) -> str | None:
    """The text of ``data`` read with a declared ``codec``, or None when the declaration does not
    fit the bytes: its decoder fails, it names a legacy charset for bytes that are UTF-8 (see
    :func:`_reads_as_utf8`), or it names UTF-16 for bytes with no NUL among the first ones (ASCII
    markup)."""
    if codec in _UTF16:
        if b"\x00" not in data[:PRESCAN_BYTES]:
            return None
    elif codec != "utf-8" and _reads_as_utf8(data) is not None:
        return None
    return _strict(data, codec)


def detect(data: bytes, url: str | None = None) -> tuple[str, str, bool]:
    """(text, codec, whether the bytes are exactly that text in UTF-8) of bytes no declaration
    decides: UTF-8 when they are UTF-8 (with at most a few damaged bytes), else chardetng's guess
    among the legacy encodings for the URL's top-level domain (Windows-1252 when it has nothing
    better)."""
    try:
        return data.decode("utf-8"), "utf-8", True
    except UnicodeDecodeError:
        pass
    lenient = _reads_as_utf8(data)
    if lenient is not None:
        return lenient, "utf-8", False
    codec = codec_for(_guess(data, top_level_domain(url))) or FALLBACK
    if codec == "utf-8":
        codec = FALLBACK
    text = _strict(data, codec)
    if text is None:
        text = data.decode(codec, errors="replace")
    return text, codec, False


def _guess(data: bytes, tld: str | None) -> str:
    """chardetng's guess, unless the top-level domain's default encoding (Windows-1252 for
    generic and Western domains) reads the page more plausibly (see :func:`implausible`), or as
    plausibly when the page has too few non-ASCII bytes for the detector's statistics."""
    try:
        from chardetng_py import EncodingDetector
    except ImportError:  # the dependency is missing: the standard's fallback
        return FALLBACK
    detector = EncodingDetector()
    detector.feed(data, last=True)
    guess = str(detector.guess(tld=tld.encode("ascii") if tld else None, allow_utf8=False))
    default = _tld_default(tld)
    if guess == default:
        return guess
    ours, theirs = codec_for(default), codec_for(guess)
    if ours is None or theirs is None or ours not in SINGLE_BYTE:
        return guess
    mine, other = _strict(data, ours), _strict(data, theirs)
    if mine is None:
        return guess
    if other is None:
        return default
    thin = len(data.translate(None, _ASCII_BYTES)) < THIN_EVIDENCE
    score, rival = implausible(mine), implausible(other)
    return default if score < rival or (thin and score == rival) else guess


@lru_cache(maxsize=256)
def _tld_default(tld: str | None) -> str:
    """The encoding chardetng falls back to for pages of this top-level domain."""
    from chardetng_py import EncodingDetector

    detector = EncodingDetector()
    detector.feed(b"", last=True)
    return str(detector.guess(tld=tld.encode("ascii") if tld else None, allow_utf8=False))


def implausible(text: str, sample: int = 256) -> int:
    """How many of the first ``sample`` non-ASCII characters of ``text`` sit where no language
    puts them: a C1 control (an unassigned byte), a letter standing alone between non-letters
    (``Ł241m``), a symbol inside a word (``ksi¹¿ka``), or a word that mixes Latin letters with
    another script's or is mostly accented Latin letters (``Ìîñò``, Russian read as Windows-1252)."""
    count = 0
    last = len(text) - 1
    words_seen: set[int] = set()
    for n, found in enumerate(_NON_ASCII.finditer(text)):
        if n >= sample:
            break
        i = found.start()
        ch = text[i]
        if "\x80" <= ch <= "\x9f":
            count += 3
            continue
        left = i > 0 and text[i - 1].isalpha()
        right = i < last and text[i + 1].isalpha()
        if not ch.isalpha():
            count += ch not in WORD_JOINERS and _between_letters(text, i)
            continue
        if not (left or right):
            count += 1
            continue
        start = i
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        if start in words_seen:
            continue
        words_seen.add(start)
        end = i
        while end < last and text[end + 1].isalpha() and end - start < MAX_WORD:
            end += 1
        count += _odd_word(text[start:end + 1])
    return count


def _between_letters(text: str, i: int) -> bool:
    """Whether the symbol at ``i`` stands inside a word: letters on both sides, past any other
    non-ASCII symbols next to it (``ksi¹¿ka``)."""
    def letter_at(j: int, step: int) -> bool:
        for _ in range(MAX_WORD):
            if not 0 <= j < len(text):
                return False
            ch = text[j]
            if ch.isalpha():
                return True
            if ch.isascii():
                return False
            j += step
        return False

    return letter_at(i - 1, -1) and letter_at(i + 1, 1)


def _odd_word(word: str) -> bool:
    """A word that mixes Latin letters with letters of another script, or whose letters are
    mostly accented Latin ones (words of Western languages are mostly ASCII letters)."""
    latin = other = accented = 0
    for ch in word:
        if ch.isascii():
            latin += 1
        elif "LATIN" in unicodedata.name(ch, ""):
            latin += 1
            accented += 1
        else:
            other += 1
    return bool(latin and other) or (len(word) >= 3 and accented * 2 > len(word))


def decode_page(data: bytes, content_type: str | None = None, url: str | None = None) -> Decoded:
    """Decode an HTML page. ``content_type`` is the HTTP ``Content-Type`` header (or just its
    charset); ``url`` gives detection its top-level domain. Never fails."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            exact = codec == "utf-8" and "\ufffd" not in text
            return Decoded(text, codec, "bom", exact_utf8=exact)
    rejected: list[str] = []
    for source in ("http", "meta"):
        label = header_charset(content_type) if source == "http" else meta_charset(data)
        declared = codec_for(label)
        if source == "meta" and declared in _UTF16:
            declared = "utf-8"  # a page that can declare itself in ASCII is not UTF-16
        if declared is None:
            continue
        read = _fits(data, declared)
        if read is not None:
            return Decoded(read, declared, source, _note(rejected, declared, source),
                           exact_utf8=declared == "utf-8")
        rejected.append(f"{label} ({'HTTP header' if source == 'http' else '<meta>'})")
    text, codec, exact = detect(data, url)
    return Decoded(text, codec, "detected", _note(rejected, codec, "detected"), exact_utf8=exact)


def _note(rejected: list[str], codec: str, source: str) -> str | None:
    if not rejected:
        return None
    how = {"http": "as the HTTP header says", "meta": "as its <meta> says"}.get(source, "detected")
    return f"declared charset {', '.join(rejected)} does not fit the bytes; read as {codec} ({how})"


def decode_html(data: bytes, declared: str | None = None, url: str | None = None) -> str:
    """The text of an HTML page (see :func:`decode_page`)."""
    return decode_page(data, declared, url).text
