"""Boilerplate told by its text, block by block, after the body is rendered.

The structural cleanup (:mod:`.cleanup`) removes what class/id hints and shapes give away. What
is left are short blocks that say what they are in so many words, in many languages:

- photo credits and captions carrying them ("Foto: …", "(crédito: …)", "… / Getty Images", "写真：…",
  "تصوير: …"), a credit's label left without its credit ("Image copyright") and a gallery's
  counter ("3/28 photos"); the credit a caption ends with is cut before (:mod:`.credits`);
- date, "updated" and byline lines that are nothing but a date and its label;
- byline lines (the authors' names, "By", "Von", a date), subscription and newsletter promos,
  cookie and consent notices and the placeholders of embeds waiting for consent;
- "Tags:" / "Kategorie:" lines, comment, rating and sharing prompts, copyright lines,
  "back to …" links and affiliate notices;
- a related or "read next" label with the teasers after it at the end of the body (cut from the
  label on), or a "Read also: <headline>" paragraph anywhere.

Only short blocks are ever tested (a paragraph of the article is never dropped for a word it
contains), and none of the rules names a site. The patterns (:mod:`.boilerplate_words`) are written
in lower case and matched against lower-cased text (sre's case-insensitive matching costs two to
three times as much).
"""

from __future__ import annotations

import re

from ..kernel.dates import in_english
from ..kernel.model import markdown_to_text
from .boilerplate_words import (
    BYLINE_ROLE,
    BYLINE_WORDS,
    CREDIT_END,
    CREDIT_INSIDE,
    CREDIT_START,
    DATE_CORE,
    DATE_PART,
    EMAIL,
    FOLLOW_LINE,
    INLINE_RELATED,
    ITEM_SEPARATOR,
    LINE_ENDS,
    LIST_ITEM,
    MAX_BYLINE_CHARS,
    MAX_BYLINE_ROLE_WORDS,
    MAX_NOTICE_LINE_CHARS,
    MAX_SIGN_OFF_CHARS,
    MAX_SIGN_OFF_WORDS,
    NOTICE_LINE,
    PAGE_TOOL,
    PROMPT,
    READING_TIME,
    RELATED_TAIL,
    STRUCTURED,
    TAXONOMY_HEADING,
    TAXONOMY_LINE,
    TRAILING_ASIDE,
)
from .markdown import Heading
from .names import BYLINE_LABELS, NEWS_AGENCY
from .promo_words import CONSENT, MAX_CONSENT_CHARS, MAX_NOTICE_CHARS, MAX_PROMO_CHARS, NOTICE, PROMO
from .related_words import MOST_READ_LABEL

MAX_LINE_CHARS = 160  # a block longer than this is never a credit, date, tag or prompt line
MAX_CAPTION_CHARS = 120  # a caption ending with an agency or a bracketed credit
MAX_LABEL_CHARS = 70
MAX_LABEL_WORDS = 8  # a label ending in a colon; with more words it is a sentence
MAX_TESTED_MARKUP = 700  # a rendered block longer than this is article text, whatever it says
MAX_TEASER_CHARS = 300  # a block after a trailing related label that is still a teaser
TAIL_SHARE = 0.35  # a related label is cut with what follows in the last part of the body,
MIN_TEASERS = 3  # or anywhere after some article text when several teasers follow it
MIN_TEXT_BEFORE_TEASERS = 500
HARD_BREAK = "  \n"  # a line break inside a rendered paragraph
_DIGIT = re.compile(r"\d")
_WORD_LEFT = re.compile(r"[^\W\d_]{2,}")
#: Longest text any test of a block looks at (see the limits above); longer blocks are article text.
MAX_TESTED_CHARS = max(MAX_LINE_CHARS, MAX_PROMO_CHARS, MAX_CONSENT_CHARS, MAX_NOTICE_CHARS, MAX_BYLINE_CHARS,
                       MAX_LABEL_CHARS)


def _text(block: str) -> str:
    """The block's text for the tests; a bar between items of a line ("[Feed](…) | Comments closed")
    stays a separator (the plain text turns every bar into a space, as a table's cell borders)."""
    if " | " in block and not block.lstrip().startswith("|"):
        block = block.replace(" | ", " · ")
    return " ".join(markdown_to_text(block).split())


def is_line_boilerplate(text: str) -> bool:
    """Whether a short block's whole text is a credit, date, taxonomy, prompt or notice line."""
    return _line_boilerplate(text.lower())


def _line_boilerplate(low: str, whole: bool = True) -> bool:
    """:func:`is_line_boilerplate` of a lower-cased text; ``whole``: also as a row of such items
    ("Kommentarfeed | Kommentare geschlossen | Trackback-URL")."""
    if not low or len(low) > MAX_LINE_CHARS:
        return False
    line, low = low, low.strip(LINE_ENDS)
    if CREDIT_START.match(low) or PROMPT.match(low) or TAXONOMY_LINE.match(low):
        return True
    if (("ctrl" in low or "google" in low) and len(low) <= MAX_NOTICE_LINE_CHARS
            and NOTICE_LINE.search(low)) or FOLLOW_LINE.match(low):
        return True
    if len(low) <= MAX_CAPTION_CHARS and (CREDIT_END.search(low) or CREDIT_INSIDE.search(low)):
        return True
    if _is_date_line(low):
        return True
    posted = POSTED_IN.match(low)
    if posted and _is_date_line(posted.group(1)):
        return True  # "Posted on Sat 04 November 2023 in sysadmin": the date and the category
    if "@" in low and len(low) <= MAX_SIGN_OFF_CHARS and EMAIL.search(low) and (
            0 < len(EMAIL.sub(" ", low).split()) <= MAX_SIGN_OFF_WORDS):
        return True  # a reporter's sign-off: "김민준 기자 mjkim@example.com" (an address alone may be news)
    if _DIGIT.search(low) and READING_TIME.search(low):  # "November 14, 2023 - 2 minutes read - 418 words"
        rest = READING_TIME.sub(" ", low).strip(LINE_ENDS + ".:")
        if not rest or _is_date_line(" ".join(rest.split(" -"))):
            return True
    aside = TRAILING_ASIDE.search(line.rstrip())
    if aside and PROMPT.match(line[:aside.start()].strip(LINE_ENDS)):
        return True  # "Keine Kommentare (Kommentare erscheinen erst nach Freigabe)"
    if whole:
        items = [item for item in ITEM_SEPARATOR.split(low) if item.strip(LINE_ENDS)]
        return len(items) > 1 and all(_line_boilerplate(item, whole=False) for item in items)
    return False


def is_date_line(text: str) -> bool:
    """Whether ``text`` is a date (and time) and nothing more: "June 08, 2023", "Published
    14.03.2024, 09:15 Uhr", "Publiziert: 09.02.2025, 17:48Aktualisiert: 09.02.2025, 19:05" (two
    lines glued by a template)."""
    return _is_date_line(" ".join(text.lower().split()))


#: A word of three letters or more right after a digit: the next line of a template that left no
#: space ("17:48aktualisiert"; "1st" and "10am" are one word).
_GLUED_WORD = re.compile(r"(?<=\d)(?=[a-zà-ÿā-ž]{3})")


def _is_date_line(low: str, words: int = 0) -> bool:
    """A date (and time) line, with at most ``words`` other words (a kicker: "Energie 12.12.2022")."""
    if len(low) > 90 or not _DIGIT.search(low):
        return False
    low = _GLUED_WORD.sub(" ", low)
    if not low.isascii() or not DATE_CORE.search(low):  # months and digits of other languages and
        low = in_english(low).lower()                    # scripts, as English writes them
        if not DATE_CORE.search(low):
            return False
    left = _WORD_LEFT.findall(DATE_PART.sub(" ", _WEEKDAY_FIRST.sub("", low, count=1)))
    return len(left) <= words


#: A date line that goes on with the post's category ("Posted on 4 November 2023 in sysadmin").
POSTED_IN = re.compile(r"^((?:posted|published|filed|publié|veröffentlicht)\b.{4,80}?)\s+"
                       r"(?:in|under|dans|unter)\s+[^\W\d][\w &'’-]{0,40}$")
#: A word and a comma before a date: its weekday, in whatever language ("Méindeg, 23. November").
_WEEKDAY_FIRST = re.compile(r"^[^\W\d_]{3,}[,،]\s+(?=\d)")


def is_promo(text: str) -> bool:
    return len(text) <= MAX_PROMO_CHARS and bool(PROMO.search(text.lower()))


def is_consent(text: str) -> bool:
    return len(text) <= MAX_CONSENT_CHARS and bool(CONSENT.search(text.lower()))


def is_byline(text: str, names: list[str]) -> bool:
    """A short block that is nothing but the authors' names, byline words and a date."""
    return _byline(text.lower(), [n.lower() for n in names if n])


#: The label words of bylines in many languages, before their colon (:data:`.names.BYLINE_LABELS`).
_BYLINE_LABEL_WORD = re.compile("|".join(map(re.escape, sorted(BYLINE_LABELS, key=len, reverse=True)))
                                + r"(?=\s*[:：՝፡፦៖])")
#: A news agency credited beside the names, as a word of its own.
_AGENCY_WORD = re.compile(rf"\b(?:{NEWS_AGENCY.pattern})\b", re.I)


def _byline(low: str, names: list[str]) -> bool:
    """:func:`is_byline` of a lower-cased text and lower-cased names."""
    if not names or len(low) > MAX_BYLINE_CHARS:
        return False
    found = False
    for name in names:
        if name in low:
            low, found = low.replace(name, " "), True
    if not found:
        return False
    low = READING_TIME.sub(" ", low) if _DIGIT.search(low) else low  # "… 9 april 2025 Leestijd 4 minuten"
    if not low.isascii():
        low = in_english(low).lower()  # months of other languages: "Четвер, 5 грудня 2024"
    low = _BYLINE_LABEL_WORD.sub(" ", low)  # "Бичсэн: Б.Энхжаргал Нийтэлсэн: 2024-02-27"
    low = _AGENCY_WORD.sub(" ", low)  # "Sophie Lambert avec Belga"
    left = _WORD_LEFT.findall(BYLINE_WORDS.sub(" ", DATE_PART.sub(" ", low)))
    return not left or (len(left) <= MAX_BYLINE_ROLE_WORDS and BYLINE_ROLE.search(low) is not None)


def is_related_label(text: str) -> bool:
    return len(text) <= MAX_LABEL_CHARS and bool(RELATED_TAIL.match(text.lower()))


def prune_blocks(blocks: list, authors: list[str] | None = None) -> list:
    """The rendered blocks without text-evident boilerplate (see the module docstring);
    ``authors``: the names of the page's byline, whose own line is not body text."""
    names = [n.lower() for n in authors or [] if len(n) >= 4]
    texts = [block.text if isinstance(block, Heading) else _text(block) if len(block) <= MAX_TESTED_MARKUP
             else block for block in blocks]  # a long block is only measured, never tested
    total = sum(len(t) for t in texts) or 1
    keep = [True] * len(blocks)
    seen = 0
    for i, text in enumerate(texts):
        n = len(text)
        # longer, or code: none of the tests applies ("npm install tessera@4.2.0" is no sign-off)
        low = text.lower() if n <= MAX_TESTED_CHARS and not _code(blocks[i]) else ""
        if n <= MAX_LABEL_CHARS and _tail_label(low) and _teasers_after(blocks, texts, i) and (
                seen >= (1 - TAIL_SHARE) * total or (seen >= MIN_TEXT_BEFORE_TEASERS
                                                     and len(texts) - i > MIN_TEASERS)):
            for j in range(i, len(blocks)):
                keep[j] = False
            break
        first = seen == 0  # nothing but empty blocks before: the article's header line
        seen += n
        if low and ((_line_boilerplate(low) and not _list_of_items(blocks[i])) or _tool_line(low)
                    or (n <= MAX_PROMO_CHARS and PROMO.search(low))
                    or (n <= MAX_CONSENT_CHARS and CONSENT.search(low))
                    or (n <= MAX_NOTICE_CHARS and NOTICE.search(low))
                    or ((first or not isinstance(blocks[i], Heading)) and _byline(low, names))
                    or (n <= MAX_BIO_LINE_CHARS and _bio_line(low, names))
                    or (first and _is_date_line(low, words=1))
                    or (isinstance(blocks[i], Heading) and TAXONOMY_HEADING.match(low))
                    or (n <= MAX_LINE_CHARS and INLINE_RELATED.match(low))):
            keep[i] = False
        elif isinstance(blocks[i], str) and n <= MAX_LINE_CHARS and (_tool_list(blocks[i])
                                                                     or _tool_table(blocks[i])):
            keep[i] = False
        elif isinstance(blocks[i], str) and HARD_BREAK in blocks[i] and not STRUCTURED.match(blocks[i]):
            blocks[i] = _prune_lines(blocks[i], names)
            keep[i] = bool(blocks[i])
    _drop_last_label(texts, keep)
    return [b for b, k in zip(blocks, keep, strict=True) if k]


#: A file's type and size ("PDF, 212 KB"): a list of such files is the article's attachments.
FILE_SIZE = re.compile(r"\b(?:pdf|docx?|xlsx?|zip)\s*[,|(]?\s*\d+(?:[.,]\d+)?\s*(?:kb|mb|kib|mib)\b")
_PART_SEPARATOR = re.compile(r"\s+[·|•]\s+")
_PART_ENDS = " «»‹›<>"


#: What follows an author's name in a one-line description of them: "Hana Whitcombe is a senior
#: reporter covering energy", "… ist Redakteurin im Ressort Wirtschaft".
BIO_AFTER_NAME = re.compile(
    r" (?:is|was|has been|ist|war|est|es|è) (?:a|an|the|our|eine?|une?|la|el|il|die|der) (?:[\w-]+ ){0,4}"
    r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|author|producer|critic|"
    r"redakteurin?|reporterin|autorin|korrespondentin|journaliste|rédact(?:eur|rice)|periodista|"
    r"redactora?|giornalista)\b")
MAX_BIO_LINE_CHARS = 300


def _bio_line(low: str, names: list[str]) -> bool:
    """Whether a short block opens with an author's name and says what they do (lower-cased)."""
    return any(low.startswith(name) and BIO_AFTER_NAME.match(low, len(name)) for name in names)


def _code(block: object) -> bool:
    """Whether a rendered block is a fenced code block."""
    return isinstance(block, str) and block.lstrip().startswith("```")


def _tail_label(low: str) -> bool:
    """Whether a lower-cased short text labels a list of other pages that may close the body: a
    related list's label, or a most read or trending list's ("Trending now", "ट्रेंडिंग न्यूज़")."""
    return bool(RELATED_TAIL.match(low) or MOST_READ_LABEL.match(low.rstrip(": ")))


def _tool_line(low: str) -> bool:
    """A short line of parts between bars or dots, every one a page tool or a boilerplate line
    ("« Back to news | Print this page")."""
    if len(low) > MAX_LINE_CHARS or not _PART_SEPARATOR.search(low):
        return False
    parts = [part.strip(_PART_ENDS) for part in _PART_SEPARATOR.split(low)]
    return all(part and (PAGE_TOOL.match(part) or _line_boilerplate(part)) for part in parts)


def _list_of_items(block: object) -> bool:
    """A list of two or more items: its items are tested one by one (:func:`_tool_list`), never
    as one line (a list of attachments, "Report (PDF, 212 KB)", is the article's)."""
    return isinstance(block, str) and bool(LIST_ITEM.match(block)) and "\n" in block.strip("\n")


def _tool_list(block: str) -> bool:
    """A short list whose every item is a page tool or a boilerplate line ("Print", "Email",
    "Download PDF", "Share on Facebook"): the page's tool bar, not the article's list."""
    lines = block.strip("\n").split("\n")
    if not all(LIST_ITEM.match(line) for line in lines):
        return False
    items = [_text(LIST_ITEM.sub("", line, count=1)).lower() for line in lines]
    return all(item and (PAGE_TOOL.match(item) or (_line_boilerplate(item) and not FILE_SIZE.search(item)))
               for item in items)


def _tool_table(block: str) -> bool:
    """A short table whose every cell with text is a page tool ("E-mail this story to a friend",
    "Printer-friendly version" beside their icons: an old layout's tool bar)."""
    if not block.lstrip().startswith("|"):
        return False
    cells = [_text(cell).lower() for line in block.strip("\n").split("\n") if not TABLE_RULE.match(line)
             for cell in line.strip().strip("|").split(" | ")]
    tools = [cell for cell in cells if cell]
    return bool(tools) and all(PAGE_TOOL.match(cell) for cell in tools)


#: The line under a rendered table's header.
TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-+:?\s*\|)+\s*$")


def _drop_last_label(texts: list[str], keep: list[bool]) -> None:
    """The body's last block goes when it is a label ending in a colon ("Weitere Informationen:",
    "Kontakt:", "Seguir leyendo:"): what it introduced (links, a form, a map) is not in the body.
    A longer sentence before a colon ("check out the footage below:") is the article's own."""
    kept = [i for i, k in enumerate(keep) if k]
    if len(kept) > 1:
        text = texts[kept[-1]].rstrip()
        if (len(text) <= MAX_LABEL_CHARS and text.endswith(":") and not text.endswith("::")
                and len(text.split()) <= MAX_LABEL_WORDS):
            keep[kept[-1]] = False


def _prune_lines(block: str, names: list[str]) -> str:
    """A paragraph of lines (hard breaks) without its credit, date, taxonomy and byline lines
    (``names``: the authors', lower-cased); empty when every line is one of them."""
    lines = block.split(HARD_BREAK)
    kept = [line for line in lines
            if not _line_boilerplate(low := _text(line).lower()) and not _byline(low, names)]
    return HARD_BREAK.join(kept) if len(kept) < len(lines) else block


def _teasers_after(blocks: list, texts: list[str], i: int) -> bool:
    """Everything after the label at ``i`` is short: headlines and teasers (a list: each of its
    items), not more article."""
    for block, text in zip(blocks[i + 1:], texts[i + 1:], strict=True):
        if len(text) <= MAX_TEASER_CHARS:
            continue
        if not isinstance(block, str) or not LIST_ITEM.match(block):
            return False
        if any(len(_text(item)) > MAX_TEASER_CHARS for item in LIST_ITEM.split(block)):
            return False
    return True
