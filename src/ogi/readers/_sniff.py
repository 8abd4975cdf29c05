"""Content sniffing: which format a file is, from its bytes (magic numbers, ZIP part names, OLE streams)."""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
RTF_MAGIC = b"{\\rtf"

_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|table|div|p|title)[\s>/]", re.IGNORECASE)


@lru_cache(maxsize=8)
def _zip_names_cached(data: bytes) -> frozenset[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if len(names) > 100_000:
                return None
            mimetype = b""
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = zf.read("mimetype")
            return frozenset(names) | ({"mimetype:" + mimetype.decode("ascii", "replace")} if mimetype else set())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None


def zip_names(data: bytes) -> frozenset[str] | None:
    """Part names of a ZIP file (plus 'mimetype:…' for ODF), or None if it is no readable ZIP."""
    if not data.startswith(ZIP_MAGIC):
        return None
    return _zip_names_cached(data)


def is_pdf(data: bytes) -> bool:
    # Some generators put junk before the header; PDF readers accept it within the first KiB.
    return PDF_MAGIC in data[:1024]


def is_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = data[:8192].decode("utf-16").encode("utf-8", "replace").lstrip(b"\xef\xbb\xbf \t\r\n")
        except UnicodeDecodeError:
            return False
    if not head.startswith(b"<"):
        return False
    if head.startswith(b"<?xml") and b"<html" not in head.lower():
        return False
    return bool(_HTML_RE.search(head))


def ole_streams(data: bytes) -> str | None:
    """Which kind of OLE compound file this is: 'encrypted-ooxml', 'doc', 'xls', 'wps', 'et' or 'ole'."""
    if not data.startswith(OLE_MAGIC):
        return None
    window = data[: 512 * 1024]

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in window

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "encrypted-ooxml"
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("WpsCustomData") or has("WPS"):
        return "wps"
    if has("ETCustomData"):
        return "et"
    return "ole"
