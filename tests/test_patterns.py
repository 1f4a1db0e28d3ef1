"""crawler.parsers.patterns: word lists grouped by first letter match exactly as written."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.parsers import (
    access_find,
    access_words,
    boilerplate_words,
    byline,
    cleanup,
    cleanup_hints,
    content_scores,
    domindex,
    promo_words,
)
from crawler.parsers.patterns import compile_words, factor, without_assertions, written


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("cookie|consent|cmp", "c(?:o(?:okie|nsent)|mp)"),
    ("modal|overlay|popup|pop-up", "modal|overlay|pop(?:up|-up)"),
    ("subscriber-?only|subscribers-?only", "subscriber(?:-?only|s-?only)"),
    (r"x(?:ab|ac|b)y", r"x(?:a(?:b|c)|b)y"),
    (r"(?<![a-z])(?:tag|tags|topic)(?![a-z])", r"(?<![a-z])(?:t(?:ag(?:|s)|opic))(?![a-z])"),
    (r"ab|(?:ac|b)|ad", r"a(?:b|c|d)|b"),  # an alternative that is one group is opened
    (r"(?:this|the) story|these", r"th(?:is story|e(?: story|se))"),  # a leading group too
    # a word boundary in front of a word character is tested behind it, so that words start with it
    (r"\bsee\b|\bsay|\bread", r"s(?<!\w.)(?:ee\b|ay)|r(?<!\w.)ead"),
    (r"\bab|ac|\bad|\bb", r"a(?<!\w.)b|ac|a(?<!\w.)d|b(?<!\w.)"),  # only neighbours: "ac" stays between
    # (not in front of a non-word character)
    (r"\b(?:we|wir) use|\b-x|\bno", r"w(?<!\w.)(?:e|ir) use|\b-x|n(?<!\w.)o"),
])
def test_alternatives_are_grouped_by_first_letter(pattern: str, expected: str) -> None:
    assert factor(pattern) == expected


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"ab|[a]c|ad", r"ab|[a]c|ad"),  # a class between words sharing a letter: the order around it is kept
    (r"ab|^ac|ad", r"ab|^ac|ad"),  # an anchor
    (r"ab|\bac|ad", r"ab|a(?<!\w.)c|ad"),  # a boundary, tested behind the letter
    (r"ab|a?c|ad", r"ab|a?c|ad"),  # a letter with a quantifier is not a literal start
    (r"ab|(?:ac)?|ad", r"ab|(?:ac)?|ad"),  # a group with a quantifier
    (r"ab|(?=ac)|ad", r"ab|(?=ac)|ad"),  # a lookahead
    (r"(a|b)c|ad|ae", r"(a|b)c|a(?:d|e)"),  # a capturing group is never opened
    (r"a\|b|a\|c", r"a(?:\|b|\|c)"),  # escaped bars are not alternatives (but letters are grouped)
    (r"[|(]x|[|)]y", r"[|(]x|[|)]y"),  # nor bars and parentheses in classes
    (r"b(c|cc)|a(c|cc)|bd", r"b(c(?:|c))|a(c(?:|c))|bd"),  # capturing groups are never moved
])
def test_alternatives_after_a_non_literal_keep_their_order(pattern: str, expected: str) -> None:
    assert factor(pattern) == expected
    for text in ("ab", "ac", "ad", "a|b", "a|c", "(x", ")y", "xx ab ac ad", "acc bc bd"):
        assert matches(re.compile(expected), text) == matches(re.compile(pattern), text)


def test_verbose_patterns_and_inline_flags_are_compiled_as_written() -> None:
    assert compile_words("(?i)cookie|consent").pattern == "(?i)cookie|consent"
    assert compile_words("cookie | consent", re.X).pattern == "cookie | consent"


@pytest.mark.parametrize(("pattern", "expected"), [
    ("Cookie|consent|CMP", "C(?:o(?:okie|nsent)|MP)"),  # grouped by the lower-case letter
    ("ab|\u212ab|kc|Kd", "ab|\u212ab|k(?:c|d)"),  # the Kelvin sign (a "k" ignoring case) stays in place
    ("éa|éb|ea", "éa|éb|ea"),  # only ASCII first letters move
    (r"\bsee\b|\bsay|\bread", r"\b(?:s(?:ee\b|ay)|read)"),  # the boundary stays in front
])
def test_case_insensitive_patterns_are_grouped_by_lower_case_letter(pattern: str, expected: str) -> None:
    assert factor(pattern, ignore_case=True) == expected
    for text in ("cookie", "COOKIE", "Consent cmp", "\u212ab kb Kc kd", "éa ÉB ea EA"):
        assert matches(compile_words(pattern, re.I), text) == matches(re.compile(pattern, re.I), text)


def test_groups_keep_their_numbers_and_names() -> None:
    pattern = r"(?P<kind>cookie|consent)-(banner|box|bar)|(c)mp"
    factored = compile_words(pattern)
    assert factored.groupindex == {"kind": 1} and factored.groups == 3
    for text in ("cookie-banner", "consent-box", "consent-bar cmp", "cmp"):
        assert matches(factored, text) == matches(re.compile(pattern), text)


def test_back_references_comments_and_flag_groups_pass_through() -> None:
    pattern = r"(a|b)(?#note)\1|ab(?P<x>c)(?P=x)|(?s:a.b)"
    assert compile_words(pattern).pattern.count("(?#note)") == 1
    for text in ("aa", "bb", "abcc", "a\nb"):
        assert matches(compile_words(pattern), text) == matches(re.compile(pattern), text)


_WORDS = st.lists(st.text(alphabet="abc-", min_size=1, max_size=4), min_size=1, max_size=8)
_PIECES = st.sampled_from(["", "?", "*", "+", "{1,2}", "(?:x|xy)", "[ab]", r"\b", "^", "$", "(?<!a)", "(?=b)",
                          "(c|cc)", r"\("])


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, pieces=st.lists(_PIECES, min_size=1, max_size=8),
       texts=st.lists(st.text(alphabet="abcxy- ", max_size=12), min_size=1, max_size=5))
def test_grouped_patterns_find_the_same_matches(words: list[str], pieces: list[str],
                                                texts: list[str]) -> None:
    """Any word list, with classes, groups, anchors and quantifiers mixed in, finds the same
    matches (spans and groups) grouped as written."""
    alternatives = [w + p for w, p in zip(words, pieces * len(words), strict=False)]
    alternatives += [p + w for w, p in zip(words[::-1], pieces, strict=False) if p not in ("?", "+")]
    pattern = "|".join(alternatives)
    try:
        original = re.compile(pattern)
    except re.error:
        return
    grouped = compile_words(pattern)
    for text in texts:
        assert matches(grouped, text) == matches(original, text)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="aAbBkKs\u017f\u212a\u0131iI -", min_size=1, max_size=4), min_size=1,
                      max_size=8),
       pieces=st.lists(st.sampled_from(["", r"\b", "(?:a|ab)", "?", "[ab]"]), min_size=1, max_size=8),
       texts=st.lists(st.text(alphabet="aAbBkKs\u017f\u212a\u0131iI\u0130 -", max_size=12), min_size=1,
                      max_size=5))
def test_grouped_patterns_ignoring_case_find_the_same_matches(words: list[str], pieces: list[str],
                                                             texts: list[str]) -> None:
    """Mixed-case words, letters that match other letters ignoring case (long s, Kelvin sign,
    dotless i), boundaries and groups in front: the same matches as written."""
    alternatives = [p + w for w, p in zip(words, pieces * len(words), strict=False) if p != "?"]
    pattern = "|".join(alternatives)
    try:
        original = re.compile(pattern, re.I)
    except re.error:
        return
    grouped = compile_words(pattern, re.I)
    for text in texts:
        assert matches(grouped, text) == matches(original, text)


@pytest.mark.parametrize("pattern", [
    access_find.ANY_HINT, access_words.CONSENT, access_words.LOGIN, access_words.PAYWALL,
    access_words.SUBSCRIBE, access_words.ACCESS, access_words.NEWSLETTER,
    promo_words.PROMO, promo_words.NOTICE, boilerplate_words.PROMPT, boilerplate_words.CREDIT_END,
    promo_words.CONSENT, content_scores.UNLIKELY,
    byline.AUTHOR_CLASS,
    cleanup_hints.NEGATIVE, cleanup_hints.POSITIVE, domindex.EXCLUDED_AREA, cleanup._ANY_WIDGET_HINT,
], ids=lambda p: written(p)[:30])
def test_parser_patterns_match_as_written(pattern: re.Pattern[str]) -> None:
    """The parser's grouped patterns against their source compiled as written, on texts made of
    their own words."""
    original = re.compile(written(pattern), pattern.flags)
    assert original.pattern != pattern.pattern  # grouped: else this compares a pattern with itself
    words = re.findall(r"[a-z][a-z-]{2,}", written(pattern))
    texts = [" ".join(words[i:i + 3]) for i in range(0, len(words), 2)]
    texts += [f"x{w}" for w in words] + [f"{w}_y 12.03.2024 3 mai 2021 10:30" for w in words[:20]]
    texts += [f"{w[:-1]} {w}s" for w in words]
    texts += [t.upper() for t in texts[:40]] + [t.title() for t in texts[:40]]
    for text in texts:
        assert matches(pattern, text) == matches(original, text), text


@pytest.mark.parametrize(("written_as", "was"), [
    (r"c(?<![^\s_-]c)mp(?![^\s_-])", r"(?:^|[\s_-])cmp(?:$|[\s_-])"),
    (r"c(?<!\Sc)c-(?:window|banner)", r"(?:^|\s)cc-(?:window|banner)"),
    (r"p(?<![^\s_-]p)iano(?![^\s_-])", r"(?:^|[\s_-])piano(?:$|[\s_-])"),
])
def test_hint_words_with_boundaries_behind_their_first_letter(written_as: str, was: str) -> None:
    """A hint word's boundary tested behind its first letter (so that the word starts with a
    letter) finds it where the boundary in front did."""
    assert written_as in access_words.CONSENT_HINT.pattern + access_words.WALL_HINT.pattern
    word = re.sub(r"\(.*?\)|\W", "", was.split(")", 1)[1])
    for text in (word, f"x {word}", f"x-{word}", f"x_{word}-y", f"x{word}", f"{word}x", f"a\t{word} b",
                 f"{word}_", f"x{word}y {word}", ""):
        assert bool(re.search(written_as, text)) == bool(re.search(was, text)), text


def test_hint_mask_prefilter_never_hides_a_hint() -> None:
    """The page index's one search for any hint word lets through every class string that one
    of its six hint patterns matches: the mask with the prefilter is the mask without it."""
    words = [w for _, p in domindex.HINT_PATTERNS for w in re.findall(r"[a-z][a-z-]{2,}", p.pattern)]
    texts = [f"{sep}{w}{end}" for w in words for sep in ("", "x", "-", " ", "post-")
             for end in ("", "s", "-x", " y")]
    texts += ["wp-block-group alignwide", "entry-meta", "", "x"]
    for text in texts:
        expected = 0
        for bit, pattern in domindex.HINT_PATTERNS:
            if pattern.search(text):
                expected |= bit
        domindex._hint_cache.clear()
        assert domindex.hint_mask(text) == expected, text
    assert any(domindex.hint_mask(t) for t in texts) and not domindex.hint_mask("wp-block-group alignwide")


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?<![a-z])data(?![a-z])", "data"),
    (r"related(?![-_]?(?:t(?:opics?|ags?))(?![a-z0-9]))|autor(?![a-z])|by(?=line)", "related|autor|by"),
    (r"[(?!]x\(?=y(?<=z)", r"[(?!]x\(?=y"),
])
def test_without_assertions_leaves_out_lookarounds_only(pattern: str, expected: str) -> None:
    """A prefilter's words lose their lookahead and lookbehind groups, nested ones with them, and
    keep what only looks like one (in a class, after a backslash): a looser pattern."""
    assert without_assertions(pattern) == expected
    for text in ("data", "metadata", "related-topics", "autore", "byline", "(?!x(=y"):
        assert not re.search(pattern, text) or re.search(expected, text), text


def test_widget_prefilter_never_hides_a_hint() -> None:
    """The content cleanup's one search for any widget hint lets through every class/id string
    that one of its hint patterns matches: the same limit with the prefilter as without it."""
    words = [w for p, _ in cleanup._WIDGET_LIMITS for w in re.findall(r"[a-z][a-z-]{1,}", p.pattern)]
    texts = [f"{sep}{w}{end}" for w in words for sep in ("", "x", "-", " ", "post-", "entry_")
             for end in ("", "s", "-x", " y", "box")]
    texts += ["wp-block-group alignwide", "", "x", "Share-Buttons", "AUTHOR-BIO"]
    for text in texts:
        expected = next((cap for p, cap in cleanup._WIDGET_LIMITS if p.search(text.lower())), 0)
        cleanup._widget_memo.clear()
        assert cleanup._widget_limit(text) == expected, text
    assert sum(1 for t in texts if cleanup._widget_limit(t)) > len(texts) // 4
    assert not cleanup._widget_limit("wp-block-group alignwide")


@pytest.mark.parametrize(("pattern", "alternatives", "capturing"), [
    (r"a|[]|(]x|b", ["a", "[]|(]x", "b"], False),  # "]" first in a class is a literal
    (r"[^]|(]|\(|\|", ["[^]|(]", r"\(", r"\|"], False),
    (r"(?:a|b)|(?P=n)|(?#c|d)", ["(?:a|b)", "(?P=n)", "(?#c|d)"], False),
    (r"x(?P<n>a|b)|y", ["x(?P<n>a|b)", "y"], True),
    (r"[(](a)|\\(b)", ["[(](a)", r"\\(b)"], True),
])
def test_syntax_skips_escapes_and_classes(pattern: str, alternatives: list[str], capturing: bool) -> None:
    from crawler.parsers.patterns import _capturing, _split_top

    assert _split_top(pattern) == alternatives
    assert _capturing(pattern) is capturing
