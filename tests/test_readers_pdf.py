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
from tests.fixtures_readers.pdfs import convert_with_soffice, image_only_pdf, soffice, weasy_pdf

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
