"""HTML (several portal styles and charsets) and spreadsheet readers."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
from ogi.readers import read_bytes
from tests.fixtures_readers.build import expected_sections, got_of, report_data, to_expected, to_html, to_xlsx

PORTALS = [
    # (style, charset, declared in <meta>, one table for all parts)
    ("word", "gb2312", True, False),   # Word "save as web page": <p class=MsoNormal><span>, &nbsp; padding
    ("br", "utf-8", True, False),      # text and cells broken with <br/>
    ("th", "gb18030", False, False),   # <thead>/<th>, GB18030 without a declaration (detected)
    ("br", "gbk", True, True),         # the three tables stacked in one <table>
]


@pytest.mark.parametrize(("style", "charset", "meta", "one_table"), PORTALS)
def test_portal_pages_extract_exactly(tmp_path: Path, style: str, charset: str, meta: bool, one_table: bool) -> None:
    data = report_data(hash((style, charset)) % 1000, agency="东川市市场监督管理局")
    path = tmp_path / "report.html"
    path.write_bytes(to_html(data, style, charset, meta_charset=meta, one_table=one_table))
    got = ogi.read(path).to_dict()
    assert got_of(got) == to_expected(data)
    assert got["sections"] == expected_sections(data)


def test_html_grid_rowspan_colspan_and_nbsp() -> None:
    page = ("<html><body><div id='nav'><a href='/'>首页</a></div><div class='content'><p>正文第一段，足够长的文字。</p>"
            "<table><tr><td rowspan='2'>甲<br>乙</td><td colspan='2'><p><span>丙</span></p></td></tr>"
            "<tr><td>&nbsp;1&nbsp;</td><td>&nbsp;</td></tr></table></div></body></html>").encode()
    doc = read_bytes(page, "x.html")
    [table] = doc.tables
    assert [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in table.cells()] == [
        (0, 0, "甲\n乙", 2, 1), (0, 1, "丙", 1, 2), (1, 1, "1", 1, 1), (1, 2, "", 1, 1)]
    assert [p.text for p in doc.paragraphs] == ["正文第一段，足够长的文字。"]
    assert table.rows[0][0].origin.line == 1


def test_xlsx_with_merged_ranges_extracts_exactly(tmp_path: Path) -> None:
    data = report_data(31, agency="南岭镇人民政府")
    path = tmp_path / "report.xlsx"
    path.write_bytes(to_xlsx(data))
    assert got_of(ogi.read(path).to_dict()) == to_expected(data)
    doc = ogi.read_document_for_ogi(path)
    note = next(c for t in doc.tables for c in t.cells() if c.text.startswith("（本列数据"))
    assert (note.rowspan, note.colspan) == (3, 3)
    assert note.origin.line is not None  # the sheet row
