"""PDF reader: the three real reports, LibreOffice-made and WeasyPrint-made PDFs, scanned pages and
tables printed as images."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

import pytest

import ogi
from ogi.errors import UnreadableInput
from ogi.readers import read_bytes
from ogi.readers.pdf import Line, _drop_running_lines
from tests.fixtures_readers.build import (
    Grid,
    expected_sections,
    got_of,
    html_table,
    national_grids,
    outline,
    report_data,
    to_docx,
    to_expected,
)
from tests.fixtures_readers.pdfs import convert_with_soffice, image_only_pdf, raw_pdf, soffice, weasy_pdf

CORPUS = ["huaian-city-2024", "hongze-district-2023", "hongze-district-2024"]
SCORED = ("layout", "meta", "active", "requests", "appeals")


def _scored(data: dict[str, Any], unscored: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in SCORED:
        value = data[key]
        if isinstance(value, dict):
            flat: dict[str, Any] = {}
            for k, v in value.items():
                if isinstance(v, dict):
                    flat.update({f"{key}.{k}.{kk}": vv for kk, vv in v.items()})
                else:
                    flat[f"{key}.{k}"] = v
            out.update({k: v for k, v in flat.items() if k not in unscored})
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("name", CORPUS)
def test_real_pdfs_extract_exactly(shared_dir: Path, name: str) -> None:
    expected = json.loads((shared_dir / "corpus" / f"{name}.expected.json").read_text(encoding="utf-8"))
    unscored = set(expected.get("unscored", []))
    got = ogi.read(shared_dir / "corpus" / f"{name}.pdf").to_dict()
    assert _scored(got, unscored) == _scored(expected, unscored)


def _layout(doc: Any) -> list[Any]:
    """Blocks with texts, grid positions and boxes to 0.1 pt (pdfium's single-precision coordinates can
    round the other way in the second decimal)."""
    def box(origin: Any) -> Any:
        return origin.page, tuple(round(v, 1) for v in origin.bbox) if origin.bbox else None

    return [(b.text, box(b.origin)) if not hasattr(b, "rows") else
            [[(c.text, c.row, c.col, c.rowspan, c.colspan, box(c.origin)) for c in row] for row in b.rows]
            for b in doc.blocks]


@pytest.mark.parametrize("name", CORPUS)
def test_pdfium_geometry_reads_like_pdfplumber(shared_dir: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast reading (pdfium, converted to pdfminer's geometry) and pdfplumber's own give one document."""
    from ogi.readers import pdf as reader

    data = (shared_dir / "corpus" / f"{name}.pdf").read_bytes()
    fast = read_bytes(data, f"{name}.pdf")
    seen: list[int] = []

    def pdfplumber_pages(*args: Any) -> Any:
        seen.append(1)
        raise reader._NotLikePdfminer

    monkeypatch.setattr(reader, "_pdfium_page", pdfplumber_pages)
    slow = read_bytes(data, f"{name}.pdf")
    assert seen and _layout(fast) == _layout(slow) and fast.notes == slow.notes


def test_real_pdf_cells_carry_page_and_box(shared_dir: Path) -> None:
    report = ogi.read(shared_dir / "corpus" / "huaian-city-2024.pdf")
    value = report.get("requests.granted.total")
    assert value.value == 1362
    assert value.origin is not None and value.origin.page == 4 and value.origin.bbox is not None
    x0, top, x1, bottom = value.origin.bbox
    assert x0 < x1 and top < bottom
    doc = ogi.read_document_for_ogi(shared_dir / "corpus" / "huaian-city-2024.pdf")
    assert not any(p.text.strip("-— ").isdigit() for p in doc.paragraphs)  # page numbers removed
    # The part-三 table runs over pages 4 and 5 and is one grid.
    table = next(t for t in doc.tables if any("结转下年度" in c.text for c in t.cells()))
    assert {c.origin.page for c in table.cells()} == {4, 5}


# --- LibreOffice-made PDFs -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], bytes]]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    cases: dict[str, dict[str, Any]] = {"ruled": report_data(41, agency="西岗区教育局"),
                                        "split": report_data(42, agency="北湖街道办事处")}
    files = {"ruled.docx": to_docx(cases["ruled"]),
             "split.docx": to_docx(cases["split"], grids=national_grids(cases["split"], split_words=True))}
    # A running header and footer on every page.
    document = docx.Document(io.BytesIO(files["ruled.docx"]))
    document.sections[0].header.paragraphs[0].text = "西岗区教育局政务公开专栏"
    document.sections[0].footer.paragraphs[0].text = "内部资料"
    buf = io.BytesIO()
    document.save(buf)
    files["ruled.docx"] = buf.getvalue()
    pdfs = convert_with_soffice(files, "pdf", tmp_path_factory.mktemp("lo"))
    return {k: (cases[k], pdfs[f"{k}.docx"]) for k in cases}


@pytest.mark.parametrize("case", ["ruled", "split"])
def test_libreoffice_pdf_extracts_exactly(libreoffice_pdfs: dict[str, tuple[dict[str, Any], bytes]],
                                          tmp_path: Path, case: str) -> None:
    data, pdf = libreoffice_pdfs[case]
    path = tmp_path / f"{case}.pdf"
    path.write_bytes(pdf)
    got = ogi.read(path).to_dict()
    assert got_of(got) == to_expected(data)
    if case == "ruled":
        texts = [p.text for p in ogi.read_document_for_ogi(path).paragraphs]
        assert not any("政务公开专栏" in t or t == "内部资料" for t in texts)  # running header/footer gone
        assert got["sections"] == expected_sections(data)


# --- WeasyPrint-made PDFs ---------------------------------------------------------------------------------
def _article(data: dict[str, Any], *, image_for: str | None = None) -> str:
    grids = national_grids(data)
    parts: list[str] = []
    seen = 0
    for kind, value in outline(data):
        if kind == "table":
            key = ("active_disclosure", "requests", "appeals")[seen]
            seen += 1
            if key == image_for:
                parts.append(f"<p><img src='data:image/png;base64,{_png()}' style='width:15cm;height:10cm'></p>")
            else:
                assert isinstance(value, Grid)
                parts.append(html_table(grids[key], "th"))
        elif kind == "title":
            parts.append(f"<h1>{html.escape(value)}</h1>")
        else:
            parts.append(f"<p>{html.escape(value)}</p>")
    style = ("<style>@page { size: A4; margin: 2cm; @top-center { content: '政府信息公开专栏' } "
             "@bottom-center { content: '— ' counter(page) ' —' } } body { font-family: 'Noto Serif CJK SC', "
             "'Noto Sans CJK SC', serif; font-size: 11pt } table { border-collapse: collapse; width: 100% } "
             "td, th { border: 1px solid black; font-size: 9pt; font-weight: normal } h1 { font-size: 16pt } "
             "thead { display: table-header-group }</style>")
    return f"<html><head><meta charset='utf-8'>{style}</head><body>{''.join(parts)}</body></html>"


def _png() -> str:
    from PIL import Image

    image = Image.new("L", (300, 200), 255)
    for x in range(0, 300, 30):
        for y in range(200):
            image.putpixel((x, y), 0)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def test_weasyprint_pdf_with_repeated_headers_extracts_exactly(tmp_path: Path) -> None:
    data = report_data(51, agency="江口县卫生健康委员会")
    path = tmp_path / "w.pdf"
    path.write_bytes(weasy_pdf(_article(data)))
    got = ogi.read(path).to_dict()
    assert got_of(got) == to_expected(data)
    assert got["sections"] == expected_sections(data)


def test_table_printed_as_image_is_missing_not_zero(tmp_path: Path) -> None:
    data = report_data(52, agency="江口县卫生健康委员会")
    path = tmp_path / "img.pdf"
    path.write_bytes(weasy_pdf(_article(data, image_for="requests")))
    report = ogi.read(path)
    assert report.tables_found["requests"] is False
    assert all(v is None for row in report.to_dict()["requests"].values() for v in row.values())
    assert got_of(report.to_dict())["appeals"] == data["appeals"]  # the rest is still read
    assert any("图片" in n.detail for n in report.notes if n.code == "reader")


def test_scanned_pdf_is_reported_as_such() -> None:
    with pytest.raises(UnreadableInput) as info:
        read_bytes(image_only_pdf(), "scan.pdf")
    assert "扫描" in info.value.reason_zh and "OCR" in info.value.reason_en


# --- running headers and footers ---------------------------------------------------------------------------
def _line(text: str, page: int, top: float) -> Line:
    return Line(text=text, x0=90.0, x1=90.0 + 12 * len(text), top=top, bottom=top + 12, size=12.0, page=page)


def test_running_lines_need_most_pages_and_same_height() -> None:
    # Three pages: a header on every page (page numbers aside) goes; the agency's name printed at the
    # same height on the first page (over the title) and the last (the signature) stays.
    pages = [[_line("江口县政务公开专栏 第1页", 1, 40.0), _line("江口县卫生健康委员会", 1, 72.5),
              _line("正文", 1, 300.0)],
             [_line("江口县政务公开专栏 第2页", 2, 40.4), _line("正文", 2, 300.0)],
             [_line("江口县政务公开专栏 第3页", 3, 39.8), _line("江口县卫生健康委员会", 3, 72.5),
              _line("2025年1月12日", 3, 90.0)]]
    _drop_running_lines(pages, [842.0] * 3)
    assert [[ln.text for ln in lines] for lines in pages] == [
        ["江口县卫生健康委员会", "正文"], ["正文"], ["江口县卫生健康委员会", "2025年1月12日"]]
    # Two pages: a header on both goes; a line at another height on the second does not count.
    pages = [[_line("内部资料", 1, 30.0), _line("江口县卫生健康委员会", 1, 72.5)],
             [_line("内部资料", 2, 30.0), _line("江口县卫生健康委员会", 2, 400.0)]]
    _drop_running_lines(pages, [842.0] * 2)
    assert [[ln.text for ln in lines] for lines in pages] == [["江口县卫生健康委员会"], ["江口县卫生健康委员会"]]


def test_agency_over_title_and_signature_atop_last_page_both_kept(tmp_path: Path) -> None:
    """The agency's name above a title without it on page 1 and the signature starting page 3 print at the
    same height: neither is a running header, and the agency is found."""
    data = report_data(55, agency="江口县卫生健康委员会")
    meta = data["meta"]
    page = _article(data)
    title = f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"
    page = page.replace(f"<h1>{html.escape(title)}</h1>",
                        f"<p>{html.escape(meta['agency'])}</p><h1>{meta['year']}年政府信息公开工作年度报告</h1>", 1)
    y, m, d = (int(x) for x in meta["publish_date"].split("-"))
    signature = f"<p>{html.escape(meta['agency'])}</p><p>{y}年{m}月{d}日</p>"
    assert page.count(signature) == 1
    page = page.replace(signature, signature.replace("<p>", "<p style='page-break-before: always'>", 1))
    path = tmp_path / "signed.pdf"
    path.write_bytes(weasy_pdf(page))
    doc = ogi.read_document_for_ogi(path)
    tops = {p.origin.page: p.origin.bbox[1] for p in doc.paragraphs
            if p.text == meta["agency"] and p.origin.bbox is not None}
    assert 1 in tops and max(p.origin.page or 0 for p in doc.paragraphs) == 3
    got = ogi.read(path).to_dict()
    assert got["meta"]["agency"] == meta["agency"]
    assert got_of(got) == to_expected(data)


def test_fake_bold_text_is_read_once() -> None:
    """Text printed twice a fraction of a point apart (fake bold) is one text, not every letter twice."""
    line = b"(Annual report on open government information 2024) Tj"
    content = b"BT /F1 12 Tf 72 700 Td " + line + b" ET BT /F1 12 Tf 72.3 700 Td " + line + b" ET"
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    b"/Resources << /Font << /F1 5 0 R >> >> >>",
                    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    doc = read_bytes(data, "bold.pdf")
    assert [p.text for p in doc.paragraphs] == ["Annual report on open government information 2024"]
