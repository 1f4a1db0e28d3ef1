"""MinHash signatures of shingle sets and their locality-sensitive hashing bands (numpy).

A signature is :data:`PERMUTATIONS` minima of as many hash functions over an article's shingles;
the share of equal positions between two signatures estimates the Jaccard similarity of the two
sets. For the index, the first ``BANDS * ROWS`` positions are cut into :data:`BANDS` bands of
:data:`ROWS`; two articles sharing one band's values are candidates. The probability that two sets
of Jaccard ``s`` become candidates is ``1 - (1 - s**ROWS)**BANDS``: 0.94 at s = 0.4, 0.996 at
0.5, 0.29 at 0.2, 0.04 at 0.1; every candidate is then confirmed on its exact shingle overlap.
"""

from __future__ import annotations

import numpy as np

PERMUTATIONS = 128
BANDS = 42
ROWS = 3
SEED = 20240611
_rng = np.random.default_rng(SEED)
# multiply-shift hashing: h(x) = ((a * x + b) mod 2**64) >> 32, a odd
_A = (_rng.integers(1, 2**63 - 1, PERMUTATIONS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, PERMUTATIONS, dtype=np.uint64)
_EMPTY = np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
_SHIFT = np.uint64(32)
_KEY_MIX = np.uint64(0x9E3779B97F4A7C15)
#: A distinct start per band, so equal values in two bands make two keys.
_BAND_SALT = (np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xBF58476D1CE4E5B9)) ^ np.uint64(SEED)
#: Shingles hashed at once (bounds the temporary matrix for very long bodies).
CHUNK = 4096


def signature(shingles: np.ndarray) -> np.ndarray:
    """The MinHash signature (``PERMUTATIONS`` uint32) of a set of 32-bit shingle hashes."""
    if shingles.size == 0:
        return _EMPTY.copy()
    out = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, shingles.size, CHUNK):  # one matrix, operated on in place
            hashed = np.multiply.outer(shingles[start:start + CHUNK].astype(np.uint64), _A)
            hashed += _B
            hashed >>= _SHIFT
            np.minimum(out, hashed.min(axis=0), out=out)
    return out.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def band_matrix(sigs: np.ndarray) -> np.ndarray:
    """The band keys of many signatures at once (rows of ``PERMUTATIONS`` uint32): one signed
    64-bit key per band, its number and values mixed (multiply and xor-shift steps, each one-to-one
    on 64 bits), as the index stores them; shape (signatures, ``BANDS``)."""
    values = sigs[:, :BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    keys = np.repeat(_BAND_SALT[None, :], len(sigs), axis=0)
    with np.errstate(over="ignore"):
        for row in range(ROWS):
            keys ^= values[:, :, row]
            keys *= _KEY_MIX
            keys ^= keys >> _SHIFT
    return keys.view(np.int64)


def band_keys(sig: np.ndarray) -> list[int]:
    """The band keys of one signature (see :func:`band_matrix`)."""
    return [int(k) for k in band_matrix(sig[None, :])[0]]


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
