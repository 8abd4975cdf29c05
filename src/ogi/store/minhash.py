"""MinHash signatures of a report's narrative (rules M21, M22): character 5-gram shingles, digits and
spaces removed, as a one-permutation MinHash (Li, Owen & Zhang 2012): each shingle is hashed once with
numpy, the top 6 bits pick one of 64 bins, and a bin keeps its smallest hash; empty bins borrow from
the next filled bin (rotation densification, Shrivastava & Li 2014). Like 64 separate permutations,
the share of equal bins estimates the Jaccard similarity, at a 64th of the work (about 30 µs a report).
`signatures` gives the same bytes for many texts at once (the writer's batch), a quarter of the cost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

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


def _shingle_hashes(cp32: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each run of SHINGLE code points: polynomial (wrapping at 2**64), then mixed."""
    cp = cp32.astype(np.uint64)
    n = len(cp) - SHINGLE + 1
    with np.errstate(over="ignore"):
        h = cp[:n].copy()
        for j in range(1, SHINGLE):
            h *= _PRIME
            h += cp[j: j + n]
        return _mix(h)


def signature(text: str) -> bytes | None:
    """The signature as bytes (uint32 × NUM_PERM), or None when the text is too short to compare."""
    norm = normalise(text)
    if len(norm) < MIN_SHINGLES + SHINGLE - 1:
        return None
    h = _shingle_hashes(np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32))
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


@cache
def _noise_bmp() -> npt.NDArray[np.bool_]:
    """Which code points of the Basic Multilingual Plane `normalise` removes, found by the same regex."""
    table = np.zeros(0x10000, dtype=np.bool_)
    every = "".join(map(chr, range(0x10000)))
    for m in _NOISE.finditer(every):
        table[m.start(): m.end()] = True
    return table


def _noise(cp: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """`normalise` as a mask over code points: the table for the BMP, the regex for the rare others."""
    mask = _noise_bmp().take(cp, mode="clip")
    if len(cp) and cp.max() >= 0x10000:
        wide = np.flatnonzero(cp >= 0x10000)
        mask[wide] = [_NOISE.fullmatch(chr(c)) is not None for c in cp[wide].tolist()]
    return mask


GROUP_CHARS = 1 << 14  # texts hashed together: the arrays of a group stay in the CPU's cache


def signatures(texts: Sequence[str]) -> list[bytes | None]:
    """`signature` of each text (byte-identical), computed for groups of texts with one set of numpy
    calls per group instead of per text."""
    out: list[bytes | None] = []
    group: list[str] = []
    size = 0
    for text in texts:
        if size + len(text) > GROUP_CHARS and group:
            out += _group_signatures(group)
            group, size = [], 0
        group.append(text)
        size += len(text)
    return out + _group_signatures(group) if group else out


def _group_signatures(texts: list[str]) -> list[bytes | None]:
    """The texts' code points are concatenated, the bins of every text are one row of a
    (texts × NUM_PERM) matrix, and shingles that run from one text into the next go to a spare row."""
    count = len(texts)
    cp32 = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.intp, count=count))
    noise = _noise(cp32)
    if noise.any():
        kept = np.concatenate(([0], np.cumsum(~noise)))[ends]  # where each text ends once normalised
        cp32 = cp32[~noise]
        ends = kept
    lengths = np.diff(ends, prepend=0)
    long_enough = lengths >= MIN_SHINGLES + SHINGLE - 1
    out: list[bytes | None] = [None] * count
    n = len(cp32) - SHINGLE + 1
    if not long_enough.any():
        return out
    h = _shingle_hashes(cp32)
    slot = np.repeat(np.arange(0, count * NUM_PERM, NUM_PERM), lengths)[:n]
    slot += (h >> _BIN_SHIFT).astype(np.intp)
    crossing = (ends[:, None] - np.arange(1, SHINGLE)).ravel()  # the last SHINGLE - 1 starts of each text
    slot[crossing[(crossing >= 0) & (crossing < n)]] = count * NUM_PERM
    rows = np.full((count + 1) * NUM_PERM, _EMPTY, dtype=np.uint32)
    np.minimum.at(rows, slot, h.astype(np.uint32))
    sig = rows[:count * NUM_PERM].reshape(count, NUM_PERM)
    empty = (sig == _EMPTY) & long_enough[:, None]
    if empty.any():  # as in `signature`: an empty bin takes the next filled bin (cyclically), rotated
        fix = np.flatnonzero(empty.any(axis=1))
        part = sig[fix]
        col = np.arange(2 * NUM_PERM)
        ahead = np.where(np.tile(part != _EMPTY, 2), col, 2 * NUM_PERM)
        nxt = np.minimum.accumulate(ahead[:, ::-1], axis=1)[:, ::-1][:, :NUM_PERM]
        with np.errstate(over="ignore"):
            borrowed = (np.take_along_axis(part, nxt % NUM_PERM, axis=1)
                        + (nxt - col[:NUM_PERM]).astype(np.uint32) * _ROTATE)
        sig[fix] = np.where(empty[fix], borrowed, part)
    for i in np.flatnonzero(long_enough).tolist():
        out[i] = sig[i].tobytes()
    return out


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
