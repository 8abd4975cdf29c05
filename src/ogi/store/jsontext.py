"""Compact JSON (UTF-8, no spaces) for the store's JSON text columns, as bytes: the writer binds them
as they are and the database takes them as text (`writer._Bulk`), so a narrative of 10,000 characters
is never decoded into a Python str only to be encoded again by the driver. orjson writes them; what it
refuses (a lone surrogate, an integer beyond 64 bits) goes through `json.dumps` with every non-ASCII
character escaped, which is still UTF-8 and decodes to the same values. A value JSON has no type for
(Decimal) is written as its text."""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(obj: Any) -> bytes:
    try:
        return orjson.dumps(obj, default=str)
    except orjson.JSONEncodeError:
        return json.dumps(obj, separators=(",", ":"), default=str).encode()
