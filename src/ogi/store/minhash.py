"""MinHash signatures of a report's narrative (rules M21, M22): character 5-gram shingles, digits and
spaces removed, as a one-permutation MinHash (Li, Owen & Zhang 2012): each shingle is hashed once with
numpy, the top 6 bits pick one of 64 bins, and a bin keeps its smallest hash; empty bins borrow from
the next filled bin (rotation densification, Shrivastava & Li 2014). Like 64 separate permutations,
the share of equal bins estimates the Jaccard similarity, at a 64th of the work (about 30 µs a report).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

NUM_PERM = 64  # bins
SHINGLE = 5
MIN_SHINGLES = 50  # shorter texts are not compared: boilerplate alone would look copied
BANDS, ROWS = 16, 4  # LSH: pairs with similarity above ~0.5 become candidates

_NOISE = re.compile(r"[\s\d０-９.,，。、；;：:（）()“”\"'《》\-—%％]+")
_BIN_SHIFT = np.uint64(64 - 6)
_EMPTY = np.uint32(0xFFFFFFFF)
_ROTATE = np.uint32(0x9E3779B1)  # added once per bin of distance when an empty bin borrows


def normalise(text: str) -> str:
    return _NOISE.sub("", text)


_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_PRIME = np.uint64(1_000_003)


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The splitmix64 finaliser (in place): every output bit depends on every input bit."""
    h ^= h >> _S30
    h *= _M1
    h ^= h >> _S27
    h *= _M2
    h ^= h >> _S31
    return h


def signature(text: str) -> bytes | None:
    """The signature as bytes (uint32 × NUM_PERM), or None when the text is too short to compare."""
    norm = normalise(text)
    if len(norm) < MIN_SHINGLES + SHINGLE - 1:
        return None
    cp = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cp) - SHINGLE + 1
    with np.errstate(over="ignore"):
        h = cp[:n].copy()
        for j in range(1, SHINGLE):  # polynomial hash of each 5-gram, wrapping at 2**64
            h *= _PRIME
            h += cp[j: j + n]
        h = _mix(h)
    sig = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    np.minimum.at(sig, (h >> _BIN_SHIFT).astype(np.intp), h.astype(np.uint32))  # low 32 bits
    empty = sig == _EMPTY
    if empty.any():
        filled = np.flatnonzero(~empty)
        bins = np.flatnonzero(empty)
        nxt = np.searchsorted(filled, bins) % len(filled)
        distance = (filled[nxt] - bins) % NUM_PERM
        with np.errstate(over="ignore"):
            sig[bins] = sig[filled[nxt]] + distance.astype(np.uint32) * _ROTATE
    return bytes(sig.tobytes())


def as_array(sig: bytes) -> npt.NDArray[np.uint32]:
    return np.frombuffer(sig, dtype=np.uint32)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(as_array(a) == as_array(b)))


def candidate_pairs(items: Iterable[tuple[int, bytes]]) -> set[tuple[int, int]]:
    """Pairs of ids (smaller first) whose signatures agree on a whole band (locality-sensitive hashing)."""
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    width = ROWS * 4
    for ident, sig in items:
        for band in range(BANDS):
            buckets[(band, sig[band * width: (band + 1) * width])].append(ident)
    pairs: set[tuple[int, int]] = set()
    for ids in buckets.values():
        if len(ids) > 1:
            for i, x in enumerate(ids):
                for y in ids[i + 1:]:
                    pairs.add((x, y) if x < y else (y, x))
    return pairs
