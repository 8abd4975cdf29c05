"""Registration of the built-in readers, in the order their sniffers are tried (content first)."""

from __future__ import annotations

import os

from ogi.document.model import Document
from ogi.errors import UnreadableInput
from ogi.readers import _sniff
from ogi.readers.registry import Format, ReadOptions, register
from ogi.readers.text import read_text

_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])


def _looks_like_text(data: bytes, name: str) -> bool:
    head = data[:4096]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.lstrip().startswith(b"<") or head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return False
    # Mostly printable: control bytes other than tab/CR/LF are rare in text.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    # UTF-16 without a BOM: the ASCII characters (tabs, newlines, digits) leave NUL bytes on one side.
    return controls <= len(head) // 100 or max(head[1::2].count(0), head[0::2].count(0)) > len(head) // 8


def _read_text(data: bytes, source: str, options: ReadOptions) -> Document:
    return read_text(data, source, options.is_heading)


# --- sniffers ----------------------------------------------------------------------------------------
def _is_docx(data: bytes, name: str) -> bool:
    names = _sniff.zip_names(data)
    return names is not None and ("word/document.xml" in names or any(n.endswith("/document.xml") and
                                                                      n.startswith("word") for n in names))


def _is_xlsx(data: bytes, name: str) -> bool:
    names = _sniff.zip_names(data)
    return names is not None and "xl/workbook.xml" in names


def _is_ods(data: bytes, name: str) -> bool:
    names = _sniff.zip_names(data)
    return names is not None and "mimetype:application/vnd.oasis.opendocument.spreadsheet" in names


def _is_odt(data: bytes, name: str) -> bool:
    names = _sniff.zip_names(data)
    return names is not None and "mimetype:application/vnd.oasis.opendocument.text" in names


def _is_legacy_sheet(data: bytes, name: str) -> bool:
    kind = _sniff.ole_streams(data)
    return kind == "xls" or (kind == "et" and not name.lower().endswith((".doc", ".wps")))


def _is_legacy_word(data: bytes, name: str) -> bool:
    kind = _sniff.ole_streams(data)
    return kind in ("doc", "wps") or data.startswith(_sniff.RTF_MAGIC)


def _is_other_ole(data: bytes, name: str) -> bool:
    return _sniff.ole_streams(data) is not None


def _is_other_zip(data: bytes, name: str) -> bool:
    return data.startswith(_sniff.ZIP_MAGIC)


def _is_pdf(data: bytes, name: str) -> bool:
    return _sniff.is_pdf(data)


def _is_html(data: bytes, name: str) -> bool:
    return _sniff.is_html(data)


# --- readers (imported lazily: each format pulls in its own libraries) ------------------------------
def _read_docx(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers.docx import read_docx

    return read_docx(data, source, options)


def _read_pdf(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers.pdf import read_pdf

    return read_pdf(data, source, options)


def _read_html(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers.html import read_html

    return read_html(data, source, options)


def _read_sheet(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers.sheet import read_sheet

    return read_sheet(data, source, options)


def _read_via_office(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers.office import read_via_office

    return read_via_office(data, source, options)


def _read_other_ole(data: bytes, source: str, options: ReadOptions) -> Document:
    if _sniff.ole_streams(data) == "encrypted-ooxml":
        raise UnreadableInput(source, "文件已加密（受密码保护），请先去除密码",
                              "the file is password-protected (encrypted)")
    from ogi.readers.office import read_via_office

    return read_via_office(data, source, options)


def _read_other_zip(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers._safe import SafeZip

    SafeZip(data, source, "ZIP")  # raises for corrupt, truncated, encrypted or bomb archives
    ext = os.path.splitext(source)[1].lower() or "（无扩展名）"
    raise UnreadableInput(source, f"ZIP压缩文件不是可识别的报告格式（{ext}），请解压后逐个读取",
                          f"a ZIP archive that is no known report format ({ext}); unpack it first")


def _read_markdown(data: bytes, source: str, options: ReadOptions) -> Document:
    from ogi.readers.markdown import read_markdown

    return read_markdown(data, source)


def _is_markdown(data: bytes, name: str) -> bool:
    from ogi.readers.markdown import looks_like_markdown

    return looks_like_markdown(data, name)


register(Format("pdf", "PDF（含文字层）/ PDF with a text layer", (".pdf",), _is_pdf, _read_pdf))
register(Format("docx", "Word 文档 / Word document (DOCX)", (".docx", ".docm", ".dotx"), _is_docx, _read_docx))
register(Format("xlsx", "Excel 工作簿 / spreadsheet (XLSX, XLS, ODS)", (".xlsx", ".xlsm", ".xls", ".ods"),
                lambda d, n: _is_xlsx(d, n) or _is_ods(d, n) or _is_legacy_sheet(d, n), _read_sheet))
register(Format("office", "经 LibreOffice 转换的旧格式 / legacy formats via LibreOffice (DOC, WPS, ET, ODT, RTF)",
                (".doc", ".wps", ".et", ".odt", ".rtf"),
                lambda d, n: _is_legacy_word(d, n) or _is_odt(d, n), _read_via_office))
register(Format("ole", "其他 OLE 复合文件 / other OLE compound files", (), _is_other_ole, _read_other_ole))
register(Format("zip", "其他 ZIP 文件 / other ZIP files", (), _is_other_zip, _read_other_zip))
register(Format("html", "网页 / HTML", (".html", ".htm", ".shtml", ".xhtml", ".mht"), _is_html, _read_html))
register(Format("markdown", "Markdown（含管道表格）/ Markdown with pipe tables", (".md", ".markdown"),
                _is_markdown, _read_markdown))
register(Format("text", "纯文本（Tika 格式）/ plain text (Tika style)", (".txt", ".text"), _looks_like_text,
                _read_text))
