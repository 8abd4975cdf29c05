"""Text normalisation shared by readers and extraction: folding for label comparison, cleaning for display."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE_RE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Quote and separator characters that vary between reports but never change a label's meaning.
_FOLD_DROP = str.maketrans("", "", "\"'“”‘’「」『』、，,。.．:：;；·•*＊")


def is_digits(text: str) -> bool:
    """ASCII digits only, like most table cells. The text-keyed caches below are asked only about
    other texts: with every number of a corpus in them they grow large, and a look-up then costs a
    memory miss where this test costs almost nothing."""
    return text.isdigit() and text.isascii()


def fold(text: str) -> str:
    """Canonical form for comparing labels: NFKC (full-width digits and brackets to ASCII),
    no white space of any kind, no quotes or list punctuation."""
    return text if is_digits(text) else _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD_DROP)


def clean(text: str) -> str:
    """Display form: runs of white space (NBSP, U+3000, line breaks) become one space, ends trimmed."""
    return _SPACE_RE.sub(" ", text).strip()


def squash(text: str) -> str:
    """Remove every white space character (for text split one character per line)."""
    return _SPACE_RE.sub("", text)
