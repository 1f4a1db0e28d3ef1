"""What two copies of one story have in common: normalised titles and word shingles of the body.

Networks republish an article under a prefixed or reworded title ("[Updated] …", "[New] …",
"In 2024, …", "2024 Approved: …", "[Updated] In 2024, …"): :func:`title_key` strips such prefixes
and every year, folds case, accents and punctuation. The body is compared as a set of word
shingles (:func:`shingles`): every run of :data:`SHINGLE_WORDS` consecutive words of its
normalised text, hashed to 32 bits, so an edited sentence changes only the shingles that cross it.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np

#: Words per shingle: long enough that template phrases shared by different stories rarely make a
#: whole shingle, short enough that an edited sentence spoils few of them.
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)
#: Prefixes content networks put before a republished title (repeated: "[Updated] In 2024, …").
_PREFIXES = re.compile(
    r"""^\s*(?:
        [\[\(](?:updated|new|update|revised|approved|hot|latest|free|\d{4})[^\]\)]{0,20}[\]\)]
        \s*[:\-–—]?                                                                # [Updated] (New)
      | (?:in|for|by)\s+(?:19|20)\d\d\s*[,:\-–—]                                 # In 2024,
      | (?:19|20)\d\d\s+(?:approved|updated|new|edition|guide|version)\s*[:\-–—]?   # 2024 Approved:
      | (?:updated|new|approved|revised)\s*[:\-–—]                               # Updated:
    )\s*""", re.I | re.X)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Combining marks left by NFKD decomposition (accents), removed when folding.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_MASK = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def fold(text: str) -> str:
    """Lower case, accents removed (NFKD without combining marks)."""
    text = text or ""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def strip_prefixes(title: str) -> str:
    """The title without the network's republishing prefixes, however many are stacked."""
    text = (title or "").strip()
    while True:
        stripped = _PREFIXES.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def title_key(title: str | None) -> str:
    """A title as every republished copy of it reads: prefixes and years stripped, case, accents
    and punctuation folded (``"[Updated] In 2024, 9 Drill Ideas"`` -> ``"9 drill ideas"``)."""
    text = _YEAR.sub(" ", strip_prefixes(title or ""))
    return " ".join(_WORD.findall(fold(text)))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1 << 17)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def word_hashes(text: str) -> np.ndarray:
    """Each word of the text as a 32-bit hash (CRC-32), in order."""
    found = words(text)
    return np.fromiter(map(_word_hash, found), dtype=np.uint64, count=len(found))


def shingles(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct shingles of the text (sorted 32-bit hashes of every ``size`` consecutive words;
    a text shorter than ``size`` words is one shingle, an empty one none)."""
    hashes = word_hashes(text)
    if hashes.size == 0:
        return np.zeros(0, dtype=np.uint64)
    if hashes.size < size:
        size = int(hashes.size)
    n = hashes.size - size + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(size):  # a polynomial over the words, then a final mix to 32 bits
            acc = acc * _MIX + hashes[i:i + n]
        acc ^= acc >> np.uint64(29)
        acc *= _MIX
        acc ^= acc >> np.uint64(32)
    acc &= _MASK
    acc.sort()  # distinct values: np.unique's own steps, fewer of them for a few hundred values
    return acc[np.concatenate(([True], acc[1:] != acc[:-1]))]


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment) of two shingle sets: shared / union, and shared / the smaller set."""
    if a.size == 0 or b.size == 0:
        return 0.0, 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared), shared / min(a.size, b.size)
