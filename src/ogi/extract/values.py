"""Cell text -> number. A blank cell stays None; text in a number cell is None with the text kept."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ogi.document.model import Cell, Origin
from ogi.document.text import is_digits, squash
from ogi.model.report import Value

_INT_RE = re.compile(r"^[+\-]?\d+$")
_DEC_RE = re.compile(r"^[+\-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_RE = re.compile(r"^[+\-]?\d{1,3}(,\d{3})+(\.\d+)?$")
# Units sometimes typed into the cell itself; the value is still clear.
_UNIT_RE = re.compile(r"(件|条|个|项|次|万元)$")


def cell_value(cell: Cell, decimal: bool = False) -> Value:
    """The value of a table cell (the cell is the value's origin)."""
    return parse_number(cell.text, cell, decimal=decimal)


def parse_number(text: str, origin: Origin | None, *, decimal: bool = False) -> Value:
    """Parse a count (or, with `decimal`, an amount of 万元). Signed numbers parse; rules judge them."""
    if is_digits(text):  # most cells
        return Value(int(text), text, origin)
    raw = text
    s = text.strip()  # also strips NBSP and U+3000
    if s.isdecimal():  # the common case, full-width digits included, without normalisation
        return Value(int(s), raw, origin)
    t = squash(unicodedata.normalize("NFKC", text))
    if not t:
        return Value(None, raw, origin, "blank")
    t = _UNIT_RE.sub("", t)
    if _GROUPED_RE.match(t):
        t = t.replace(",", "")
    if _INT_RE.match(t):
        return Value(int(t), raw, origin)
    if _DEC_RE.match(t):
        try:
            d = Decimal(t)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return Value(None, raw, origin, "not-a-number")
        if decimal:
            return Value(d, raw, origin)
        if d == d.to_integral_value():
            return Value(int(d), raw, origin)
        return Value(None, raw, origin, "not-an-integer")
    return Value(None, raw, origin, "not-a-number")


def looks_numeric(text: str) -> bool:
    """True for cells that hold a number (what separates a row's values from its labels)."""
    return is_digits(text) or _looks_numeric(text)


@lru_cache(maxsize=1 << 14)
def _looks_numeric(text: str) -> bool:
    t = squash(unicodedata.normalize("NFKC", text))
    return bool(t) and (bool(_DEC_RE.match(t)) or bool(_GROUPED_RE.match(t)))
