"""Bad input gets a clear error in bounded time; format chosen by content; legacy formats via LibreOffice."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import ogi
from ogi.errors import UnreadableInput
from ogi.readers import office
from tests.fixtures_readers.build import got_of, raw_docx, raw_p, report_data, to_docx, to_expected, to_xlsx
from tests.fixtures_readers.pdfs import convert_with_soffice, encrypted_pdf, many_pages_pdf, soffice


def _error(tmp_path: Path, name: str, data: bytes) -> UnreadableInput:
    path = tmp_path / name
    path.write_bytes(data)
    started = time.monotonic()
    with pytest.raises(UnreadableInput) as info:
        ogi.read(path)
    assert time.monotonic() - started < 20
    assert str(path) in info.value.message()
    return info.value


def test_truncated_files(tmp_path: Path) -> None:
    docx = to_docx(report_data(1))
    assert "损坏" in _error(tmp_path, "a.docx", docx[: len(docx) // 2]).reason_zh
    xlsx = to_xlsx(report_data(1))
    assert "损坏" in _error(tmp_path, "a.xlsx", xlsx[: len(xlsx) // 2]).reason_zh
    pdf = (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "huaian-city-2024.pdf")
    if pdf.exists():
        data = pdf.read_bytes()
        err = _error(tmp_path, "a.pdf", data[:2000])
        assert "PDF" in err.reason_zh


def test_password_protected_files(tmp_path: Path) -> None:
    assert "密码" in _error(tmp_path, "locked.pdf", encrypted_pdf()).reason_zh
    # An encrypted Office file is an OLE container holding an EncryptedPackage stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500
    assert "密码" in _error(tmp_path, "locked.docx", ole).reason_zh


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<" + b"a" * (12 * 1024 * 1024))
    err = _error(tmp_path, "bomb.docx", buf.getvalue())
    assert "炸弹" in err.reason_zh


def test_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
            + "]>")
    data = raw_docx(raw_p("x"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = bomb.encode() + body.split(b"?>", 1)[1].replace(b"<w:body>", b"<w:body>&j;", 1)
            dst.writestr(item, body)
    assert "实体" in _error(tmp_path, "bomb.docx", buf.getvalue()).reason_zh
    page = (bomb.replace("w [", "html [") + "<html><body><p>&j;</p></body></html>").encode()
    assert "实体" in _error(tmp_path, "bomb.html", page).reason_zh


def test_500_page_pdf_is_refused_quickly(tmp_path: Path) -> None:
    err = _error(tmp_path, "big.pdf", many_pages_pdf(500))
    assert "500" in err.reason_zh


def test_empty_and_unknown_files(tmp_path: Path) -> None:
    assert "空" in _error(tmp_path, "e.docx", b"").reason_zh
    assert "无法识别" in _error(tmp_path, "x.bin", bytes(range(256)) * 20).reason_zh


def test_wrong_extension_is_read_by_content(tmp_path: Path) -> None:
    data = report_data(61, agency="红旗乡人民政府")
    path = tmp_path / "report.pdf"  # a DOCX under a PDF name
    path.write_bytes(to_docx(data))
    assert got_of(ogi.read(path).to_dict()) == to_expected(data)
    path = tmp_path / "report.txt"  # an XLSX under a text name
    path.write_bytes(to_xlsx(data))
    assert got_of(ogi.read(path).to_dict()) == to_expected(data)


def test_batch_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    data = report_data(62, agency="红旗乡人民政府")
    (tmp_path / "good.docx").write_bytes(to_docx(data))
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n garbage")
    result = subprocess.run([sys.executable, "-m", "ogi", "extract", str(tmp_path / "bad.pdf"),
                             str(tmp_path / "good.docx"), "--format", "jsonl"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "bad.pdf" in result.stderr
    assert '"红旗乡人民政府"' in result.stdout


def test_missing_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice_path", lambda: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "WordDocument".encode("utf-16-le") + b"\0" * 500
    err = _error(tmp_path, "old.doc", ole)
    assert "LibreOffice" in err.reason_zh and "apt-get install" in err.reason_en


def test_legacy_doc_and_xls_via_libreoffice(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    data = report_data(63, agency="青山区司法局")
    converted = convert_with_soffice({"r.docx": to_docx(data)}, "doc:MS Word 97", tmp_path / "doc")
    converted |= convert_with_soffice({"s.xlsx": to_xlsx(data)}, "xls", tmp_path / "xls")
    for name, blob in (("legacy.doc", converted["r.docx"]), ("legacy.wps", converted["r.docx"]),
                       ("sheet.xls", converted["s.xlsx"])):
        path = tmp_path / name
        path.write_bytes(blob)
        assert got_of(ogi.read(path).to_dict()) == to_expected(data), name
