"""Decoding bytes whose encoding is declared by a byte-order mark, or by nothing at all."""

from __future__ import annotations


def decode_bom(data: bytes) -> str | None:
    """Text after a UTF-8 or UTF-16 byte-order mark; None when there is none."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return None


def guess_decode(data: bytes) -> str | None:
    """Undeclared text: strict UTF-8, then GB18030 (a superset of GBK and GB2312, what Chinese files
    without a declaration mostly are), then statistical detection; None when nothing fits."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or not best.encoding:
        return None
    return data.decode(best.encoding, errors="replace")
