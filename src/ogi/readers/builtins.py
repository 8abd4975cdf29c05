"""Registration of the built-in readers, in the order their sniffers are tried."""

from __future__ import annotations

from ogi.document.model import Document
from ogi.readers.registry import Format, ReadOptions, register
from ogi.readers.text import read_text


def _looks_like_text(data: bytes, name: str) -> bool:
    head = data[:4096]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.lstrip().startswith(b"<") or head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return False
    # Mostly printable: control bytes other than tab/CR/LF are rare in text.
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 100 or head[1::2].count(0) > len(head) // 4


def _read_text(data: bytes, source: str, options: ReadOptions) -> Document:
    return read_text(data, source, options.is_heading)


register(Format("text", "纯文本（Tika 格式）/ plain text (Tika style)", (".txt", ".text"),
                _looks_like_text, _read_text))
