"""Word-list regular expressions compiled so that ``re`` tries few alternatives at each position.

sre tries the alternatives of a group one after the other at every position of the text; it skips
an alternative cheaply only when the alternative starts with a literal character that is not the
one at hand. A list of 60 words is 60 tries at each character of a class string or a sentence.
:func:`compile_words` groups the alternatives of every group by their first character
(``cookie|consent|cmp`` becomes ``c(?:o(?:okie|nsent)|mp)``), again inside each new group, so that
at each position only the words starting with that character are tried. Neighbouring alternatives
that all start with a word boundary share it (``\\bsubscribe|\\bsign in`` becomes
``\\b(?:s(?:ubscribe|ign in))``), and an alternative that starts with a non-capturing group is
opened into one alternative per alternative of the group (``(?:a|b)c|d`` is ``ac|bc|d``).

The rewrite never changes what a pattern matches, nor which match it finds: at one position only
alternatives starting with the character there can match, and the order of those is kept; an
alternative that does not start with a plain literal (a class, a group, an anchor, an escape, a
character with a quantifier) or that holds a capturing group is left where it is, and
alternatives are never moved across it, so group numbers stay the same (only non-capturing
groups are added). Ignoring case, a letter matches its other case (and ``i``, ``k`` and ``s`` a few
letters outside ASCII), so alternatives are grouped by their lower-case first letter and only an
ASCII first character moves; verbose patterns and patterns with inline flags are compiled as they
are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Characters that are not a plain literal at the start of an alternative.
_SPECIAL = frozenset("\\[](){}.*+?^$|")
_QUANTIFIERS = frozenset("?*+{")
#: A character class, read as sre reads it (a "]" first in it is a literal).
_CLASS = r"\[\^?+\]?+(?:\\.|[^\]\\])*+\]"
#: An escape, a class (one left open runs to the end), or a parenthesis or bar.
_STRUCTURE = re.compile(rf"\\.|{_CLASS}|\[.*|[()|]", re.S)
#: Escapes, classes, groups that capture nothing and other characters, then a capturing group.
_CAPTURING = re.compile(rf"(?:\\.|{_CLASS}|\((?=\?)(?!\?P<)|[^\\\[(])*\((?:(?!\?)|(?=\?P<))", re.S)
_GROUP_HEAD = re.compile(r"\(\?(?:P<\w+>|<[=!]|[:=!>]|[a-zA-Z-]+:)")
_WHOLE_GROUP = re.compile(r"\(\?(?:P=\w+|#[^)]*|[a-zA-Z]+)\)")
_INLINE_FLAGS = re.compile(r"\(\?[a-zA-Z]*[ix][a-zA-Z]*[:)]")
_BOUNDARY = "\\b"
_NOT_AFTER_WORD = "(?<!\\w.)"  # behind a word character: the character before it is none
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: Most characters copied when a leading group is opened (its alternatives times what follows it).
MAX_COPIED = 2000
_written: dict[re.Pattern[str], str] = {}
#: How a lookahead or lookbehind group opens.
_ASSERTIONS = ("(?=", "(?!", "(?<=", "(?<!")


def compile_words(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` with the alternatives of every group (and of the whole
    pattern) grouped by their first character; the same matches, found faster."""
    if flags & re.VERBOSE or _INLINE_FLAGS.search(pattern):
        compiled = re.compile(pattern, flags)  # "x" changes what is literal; "i" what a letter matches
    else:
        compiled = re.compile(factor(pattern, ignore_case=bool(flags & re.IGNORECASE)), flags)
    _written[compiled] = pattern
    return compiled


def written(pattern: re.Pattern[str]) -> str:
    """The source a :func:`compile_words` pattern was written as (its ``pattern`` is the grouped
    one)."""
    return _written.get(pattern, pattern.pattern)


def without_assertions(pattern: str) -> str:
    """``pattern`` without its lookahead and lookbehind groups: a looser pattern that matches
    wherever ``pattern`` does, for a first test that rules most strings out. An alternative that
    opened with a lookbehind (``(?<![a-z])data``) then starts with a literal, which
    :func:`compile_words` groups and sre skips to."""
    parts: list[str] = []
    start = 0
    for i, c in _syntax(pattern):
        if c == "(" and i >= start and pattern.startswith(_ASSERTIONS, i):
            parts.append(pattern[start:i])
            start = _group_end(pattern, i)
    parts.append(pattern[start:])
    return "".join(parts)


def factor(pattern: str, ignore_case: bool = False) -> str:
    """The pattern with its alternatives grouped by first character (see the module docstring);
    ``ignore_case``: for a pattern matched ignoring case."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        elif c == "(" and (whole := _WHOLE_GROUP.match(pattern, i)):
            out.append(whole.group(0))  # a back reference or a comment
            i = whole.end()
        elif c == "(":
            head = _group_head(pattern, i)
            end = _group_end(pattern, i)
            out.append(head + factor(pattern[i + len(head):end - 1], ignore_case) + ")")
            i = end
        else:
            out.append(c)
            i += 1
    return _factor_alternatives("".join(out), ignore_case)


def _factor_alternatives(pattern: str, ignore_case: bool) -> str:
    return "|".join(_factor_list(_split_top(pattern), ignore_case))


def _factor_list(alternatives: list[str], ignore_case: bool) -> list[str]:
    """The alternatives of one group, grouped; none of those returned holds a bar at its level."""
    opened = _opened(alternatives)
    if len(opened) < 2:
        return alternatives
    out: list[str] = []
    run: list[str] = []
    run_kind = ""

    def flush() -> None:
        if run_kind == _BOUNDARY:
            out.extend(_boundary_run([a[len(_BOUNDARY):] for a in run], ignore_case))
        elif run_kind == _NOT_AFTER_WORD:
            rest = _factor_list([a[len(_NOT_AFTER_WORD):] for a in run], ignore_case)
            out.append(f"{_NOT_AFTER_WORD}(?:{'|'.join(rest)})" if len(run) > 1 else run[0])
        else:
            groups: dict[str, list[str]] = {}
            for alt in run:
                groups.setdefault(alt[0].lower() if ignore_case else alt[0], []).append(alt)
            for items in groups.values():
                if len(items) == 1:
                    out.extend(items)
                else:
                    rest = _factor_list([a[1:] for a in items], ignore_case)
                    joined = "|".join(rest)  # one word left: a shared prefix goes on
                    out.append(f"{items[0][0]}{joined}" if len(rest) == 1 else f"{items[0][0]}(?:{joined})")
        run.clear()

    for alt in opened:
        kind = _start_kind(alt, ignore_case)
        if kind != run_kind or not kind:
            flush()
            run_kind = kind
        if kind:
            run.append(alt)
        else:
            out.append(alt)
    flush()
    return out


def _boundary_run(words: list[str], ignore_case: bool) -> list[str]:
    """Alternatives for neighbours that each were a word boundary before ``words[i]``. A word
    starting with a word character is written with the boundary behind that character
    (``\\bcookie`` is ``c(?<!\\w.)ookie``: the same test) so that it starts with a literal: sre
    then skips the positions whose character starts no word, and the words are grouped. Ignoring
    case sre skips no position, and the test behind costs more than the boundary in front: there
    the boundary is shared in front (``\\b(?:cookie|consent)``)."""
    out: list[str] = []
    run: list[str] = []
    movable = False

    def flush() -> None:
        if not run:
            return
        if movable:
            out.extend(_factor_list([w[0] + _NOT_AFTER_WORD + w[1:] for w in run], False))
        else:
            rest = "|".join(_factor_list(run, ignore_case))
            out.append(f"{_BOUNDARY}(?:{rest})" if len(run) > 1 else _BOUNDARY + run[0])
        run.clear()

    for word in _opened(words):
        word_start = not ignore_case and _literal_start(word) and word[0] in _WORD_CHARS
        if word_start != movable:
            flush()
            movable = word_start
        run.append(word)
    flush()
    return out


def _start_kind(alt: str, ignore_case: bool) -> str:
    """How ``alt`` may be grouped with its neighbours: "c" (it starts with a plain literal),
    ``\\b`` (with a word boundary), or "" (it stays where it is)."""
    if _capturing(alt):
        return ""
    if alt.startswith(_BOUNDARY):
        return _BOUNDARY
    if alt.startswith(_NOT_AFTER_WORD):
        return _NOT_AFTER_WORD
    if not _literal_start(alt) or (ignore_case and not alt[0].isascii()):
        return ""
    return "c"


def _opened(alternatives: list[str]) -> list[str]:
    """The alternatives with each one that starts with a non-capturing group (no quantifier after
    it) replaced by one alternative per alternative of the group, each followed by the rest:
    ``(?:this|the) story`` is ``this story|the story``, the same tries in the same order."""
    out: list[str] = []
    for alt in alternatives:
        if alt.startswith("(?:") and not _capturing(alt):
            end = _group_end(alt, 0)
            rest = alt[end:]
            inner = _split_top(alt[3:end - 1])
            if rest[:1] not in _QUANTIFIERS and len(inner) * len(rest) <= MAX_COPIED:
                out.extend(_opened([a + rest for a in inner]))
                continue
        out.append(alt)
    return out


def _literal_start(alt: str) -> bool:
    return bool(alt) and alt[0] not in _SPECIAL and not (len(alt) > 1 and alt[1] in _QUANTIFIERS)


def _capturing(alt: str) -> bool:
    """Whether ``alt`` holds a capturing group (numbered by its place in the pattern)."""
    return _CAPTURING.match(alt) is not None


def _split_top(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its own level (not inside groups or classes)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, c in _syntax(pattern):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _syntax(pattern: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of every parenthesis and bar of ``pattern`` from ``i`` on that is not
    escaped or inside a character class (one search in C skips everything else)."""
    for m in _STRUCTURE.finditer(pattern, i):
        c = pattern[m.start()]
        if c in "()|":
            yield m.start(), c


def _class_end(pattern: str, i: int) -> int:
    """Index after the character class that starts at ``i`` (read as :data:`_STRUCTURE` reads it:
    one left open runs to the end)."""
    m = _STRUCTURE.match(pattern, i)
    return m.end() if m else len(pattern)


def _group_head(pattern: str, i: int) -> str:
    """The opening of the group at ``i``: "(", "(?:", "(?P<name>", "(?<!", "(?=" ..."""
    if not pattern.startswith("(?", i):
        return "("
    m = _GROUP_HEAD.match(pattern, i)
    if m is None:
        raise ValueError(f"unsupported group at {i} in {pattern!r}")
    return m.group(0)


def _group_end(pattern: str, i: int) -> int:
    """Index after the ``)`` closing the group that opens at ``i``."""
    depth = 0
    for j, c in _syntax(pattern, i):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError(f"unbalanced group at {i} in {pattern!r}")
