"""DOCX reader: documents built with python-docx and by hand (raw WordprocessingML)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import ogi
from ogi.document.model import Table
from ogi.readers import read_bytes
from tests.fixtures_readers.build import (
    HEADINGS,
    active_grid,
    appeals_grid,
    expected_sections,
    got_of,
    raw_docx,
    raw_p,
    raw_table,
    report_data,
    requests_grid,
    textbox,
    to_docx,
    to_expected,
)


def _read(tmp_path: Path, name: str, data: bytes) -> dict[str, object]:
    path = tmp_path / name
    path.write_bytes(data)
    return ogi.read(path).to_dict()


@pytest.mark.parametrize(("seed", "agency"), [(11, "青石县人民政府办公室"), (12, "白沙市生态环境局")])
def test_python_docx_report_extracts_exactly(tmp_path: Path, seed: int, agency: str) -> None:
    data = report_data(seed, agency=agency)
    got = _read(tmp_path, "r.docx", to_docx(data))
    assert got_of(got) == to_expected(data)
    assert got["sections"] == expected_sections(data)


def test_merged_cells_appear_once_with_spans() -> None:
    data = report_data(3)
    doc = read_bytes(to_docx(data), "r.docx")
    assert doc.format == "docx"
    requests = doc.tables[1]
    note = requests.rows[0][0]
    assert (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert note.text.startswith("（本列数据的勾稽关系为")
    positions = [(c.row, c.col) for c in requests.cells()]
    assert len(positions) == len(set(positions))
    assert (1, 0) not in positions and (0, 1) not in positions  # covered by the 3x3 note
    result = next(c for c in requests.cells() if c.text == "三、本年度办理结果")
    assert (result.col, result.rowspan, result.colspan) == (0, 22, 1)
    assert all(c.origin.table == 1 and c.origin.row == c.row and c.origin.col == c.col for c in requests.cells())


def _hand_made(data: dict[str, object]) -> bytes:
    """Headings and sub-headings numbered by Word, leaf labels numbered by Word, a text box, tracked
    changes, and the part-三 table inside a one-cell layout table."""
    d = data
    meta = d["meta"]
    assert isinstance(meta, dict)
    sections = d["sections"]
    assert isinstance(sections, dict)
    body = [raw_p(f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告")]
    # The preamble sits in a text box (DrawingML with a VML fallback holding the same text).
    body.append(raw_p(runs=textbox(raw_p(
        f"本报告所列数据统计期限为{meta['year']}年1月1日至12月31日。"))))
    titles = [h.split("、", 1)[1] for h in HEADINGS]
    overview = sections["overview"].split("\n")
    body.append(raw_p(titles[0], num=(1, 0)))
    for line in overview:  # "（一）主动公开。…" with the "（一）" from numbering
        body.append(raw_p(line.split("）", 1)[1], num=(1, 1)))
    body.append(raw_p(titles[1], num=(1, 0)))
    body.append(raw_table(active_grid(d)))
    body.append(raw_p(titles[2], num=(1, 0)))
    inner = raw_table(requests_grid(d), leaf_numbering=True)
    body.append(f"<w:tbl><w:tblGrid><w:gridCol w:w=\"9000\"/></w:tblGrid><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr>"
                "</w:tbl>")
    body.append(raw_p(titles[3], num=(1, 0)))
    grid = appeals_grid(d)
    first_value = next(c for c in grid.cells if c.r == 3 and c.c == 0)
    # Tracked changes in the first appeal value: "9" deleted, the real value inserted.
    runs = {(3, 0): "<w:p><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>9</w:delText></w:r></w:del>"
                    f"<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>{first_value.text}</w:t></w:r></w:ins></w:p>"}
    body.append(raw_table(grid, cell_runs=runs))
    body.append(raw_p(titles[4], num=(1, 0)))
    problems = sections["problems"]
    body.append("<w:p><w:r><w:t>" + problems + "</w:t></w:r>"
                "<w:del w:id=\"3\" w:author=\"a\"><w:r><w:delText>（已删除的句子）</w:delText></w:r></w:del></w:p>")
    body.append(raw_p(titles[5], num=(1, 0)))
    body.append(raw_p(sections["other"]))
    y, m, day = (int(x) for x in str(meta["publish_date"]).split("-"))
    body.append(raw_p(str(meta["agency"])))
    body.append(raw_p(f"{y}年{m}月{day}日"))
    return raw_docx("".join(body))


def test_hand_made_docx_numbering_textbox_tracked_changes_layout_table(tmp_path: Path) -> None:
    data = report_data(21)
    got = _read(tmp_path, "hand.docx", _hand_made(data))
    assert got_of(got) == to_expected(data)
    assert got["sections"] == expected_sections(data)
    report = ogi.read(tmp_path / "hand.docx")
    assert [h.text for h in report.headings] == list(HEADINGS)
    doc = read_bytes(_hand_made(data), "hand.docx")
    texts = [b.text for b in doc.paragraphs]
    assert sum("统计期限为" in t for t in texts) == 1  # the text box once, not twice
    assert not any("已删除" in t for t in texts)
    leaf = next(c for t in doc.tables for c in t.cells() if "国家秘密" in c.text)
    assert leaf.text == "1.属于国家秘密"
    leaf = next(c for t in doc.tables for c in t.cells() if "禁止公开" in c.text)
    assert leaf.text == "2.其他法律行政法规禁止公开"
    leaf = next(c for t in doc.tables for c in t.cells() if "不掌握" in c.text)
    assert leaf.text == "1.本机关不掌握相关政府信息"  # numbering restarts with the next list


def test_grid_before_and_vmerge_without_restart_value() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tbl = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>2</w:t><w:br/><w:t>3</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>"
        "</w:tbl>"
    )
    doc = read_bytes(raw_docx(tbl, numbering=None, extra_ns=""), "t.docx")
    assert w  # namespace used by raw_docx
    [table] = doc.tables
    assert isinstance(table, Table)
    cells = [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in table.cells()]
    assert cells == [(0, 0, "甲", 2, 1), (0, 1, "乙", 1, 2), (1, 1, "1", 1, 1), (1, 2, "2\n3", 1, 1),
                     (2, 1, "4", 1, 1), (2, 2, "5", 1, 1)]


def _with_styles(docx: bytes, styles: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr("word/styles.xml", styles)
    return buf.getvalue()


@pytest.mark.parametrize("comment", ["", "<!-- a comment: the part is read whole -->"])
def test_numbering_through_paragraph_styles(comment: str) -> None:
    """Numbering set on a style (and inherited through w:basedOn) among many unrelated styles."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    filler = "".join(f'<w:style w:type="table" w:styleId="T{i}"><w:name w:val="Table {i}"/><w:basedOn w:val="Normal"/>'
                     f'<w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr></w:style>'
                     for i in range(50))
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {w}>{comment}'
              '<w:latentStyles><w:lsdException w:name="heading 1"/></w:latentStyles>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
              f'{filler}<w:style w:type="paragraph" w:styleId="Part"><w:basedOn w:val="Normal"/><w:pPr><w:numPr>'
              '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Sub"><w:basedOn w:val="Part"/><w:pPr><w:numPr><w:ilvl w:val="1"/>'
              '<w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="PartCopy">'
              '<w:basedOn w:val="Part"/></w:style><w:style w:type="paragraph" w:styleId="Plain"/></w:styles>')
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
                   for sid, text in (("Part", "总体情况"), ("Sub", "主动公开"), ("Sub", "依申请公开"),
                                     ("PartCopy", "主动公开政府信息情况"), ("Plain", "正文")))
    doc = read_bytes(_with_styles(raw_docx(body), styles), "styled.docx")
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "（一）主动公开", "（二）依申请公开",
                                                 "二、主动公开政府信息情况", "正文"]
