"""Readers' comment threads known by their title: a section whose first element says "Comments
(8)", "Kommentaarid (8)" or "12 комментариев" is the thread, whatever its classes are called
(:data:`.cleanup_hints.COMMENT_AREA` knows the usual class names)."""

from __future__ import annotations

import re

from lxml import etree

from .cleanup import drop
from .document import all_text, text_of
from .patterns import compile_words
from .related_labels import short_text

#: "Comments" in English, German, Estonian, French, Spanish, Portuguese, Italian, Polish, Czech,
#: Slovak, Latvian, Lithuanian, Finnish, Scandinavian, Dutch, Hungarian, Slavic Cyrillic, Greek,
#: Turkish, Arabic, Persian, Hebrew, Hindi, Bengali, Tamil, Punjabi, Kannada, Malayalam, Thai,
#: Vietnamese, Indonesian, Swahili, Basque and Welsh; the replies of other sites (IndieWeb's
#: "Webmentions"); a count before or after it.
COMMENT_WORDS = (
    r"comments?|kommentare?|kommentaarid|commentaires?|comentarios?|comentários?|commenti|komentarze?|"
    r"komentáře|komentáre|komentāri|komentarai|kommentit|kommentarer|reacties|hozzászólások|коментари|"
    r"коментарі|комментарии|комментариев|σχόλια|yorumlar|تعليقات|نظرات|תגובות|टिप्पणियाँ|टिप्पणियां|"
    r"মন্তব্য|கருத்துகள்|ਟਿੱਪਣੀਆਂ|ಪ್ರತಿಕ್ರಿಯೆಗಳು|അഭിപ്രായങ്ങൾ|ความคิดเห็น|bình luận|komentar|maoni|"
    r"iruzkinak|sylwadau|фикерләр|пікірлер|ئىنكاسلار|ئىنكاس|hevitra|kummenti|tráchtanna|viðmerkingar|"
    r"komentari|komentarji|webmentions?")
#: Readers' reviews of a recipe or a product: a thread only with their count ("Reviews (318)").
REVIEW_WORDS = r"reviews?"
COMMENTS_TITLE = re.compile(rf"^\s*(?:\d+\s+)?(?:{COMMENT_WORDS})\s*(?:[(\[]\s*\d+\s*[)\]]|\d+)?\s*:?\s*$"
                            rf"|^\s*(?:[\d,.]+\s+(?:{REVIEW_WORDS})|(?:{REVIEW_WORDS})\s*(?:[(\[]\s*[\d,.]+\s*[)\]]"
                            r"|[\d,.]+))\s*:?\s*$", re.I)
#: Any of the words, anywhere in a text (one search before the walk over the content's blocks).
_ANY_COMMENT_WORD = compile_words(f"{COMMENT_WORDS}|{REVIEW_WORDS}")
MAX_TITLE_CHARS = 40
THREAD_TAGS = frozenset({"section", "div", "aside", "footer"})
MAX_THREADS = 5  # threads of one page looked at


def drop_comment_threads(content: etree._Element) -> None:
    """Drop (in place) the sections of ``content`` titled as a comment thread (their first element,
    a heading or not, says so), unless one holds half of the content's text (a page that is a
    discussion)."""
    if not _ANY_COMMENT_WORD.search(all_text(content).lower()):
        return  # no title of a thread anywhere: no walk
    titled = []
    for thread in content.iter(*THREAD_TAGS):  # a thread's title is its first element, of any kind
        first = next((c for c in thread if isinstance(c.tag, str)), None)
        if first is None or thread is content:
            continue
        text = short_text(first, MAX_TITLE_CHARS)
        if text and COMMENTS_TITLE.match(text):
            titled.append(thread)
            if len(titled) >= MAX_THREADS:
                break
    if titled:
        half = len(text_of(content)) // 2
        for thread in titled:
            if thread.getparent() is not None and len(text_of(thread)) < half:
                drop(thread)
