"""The plain-text reader: encodings, grids from Tika-style text, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
from ogi.errors import UnreadableInput
from ogi.readers.text import is_label_like, parse_text

LANXI = Path(__file__).parent / "fixtures" / "text" / "lanxi-market-2024.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_give_the_same_data(tmp_path: Path, encoding: str) -> None:
    text = LANXI.read_text(encoding="utf-8")
    # GBK has no U+3000-free NBSP: the fixture's NBSPs are not in GBK, so keep them only where encodable.
    if encoding == "gbk":
        text = text.replace("\u00a0", " ")
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert ogi.read(path).to_dict()["requests"] == ogi.read(LANXI).to_dict()["requests"]


def test_crlf_and_no_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(LANXI.read_text(encoding="utf-8").replace("\n", "\r\n").rstrip().encode("utf-8"))
    assert ogi.read(path).to_dict()["appeals"] == ogi.read(LANXI).to_dict()["appeals"]


def test_grid_rows_from_blank_lines_continuations_and_glued_rows() -> None:
    text = "\n".join([
        "标题",
        "\t甲", "\t1", "\t2", "",          # row 1
        "\t", "", "", "乙", "\t3", "\t4",   # row 2: label after a paragraph break and blank lines
        "\t丙丁", "\t5", "\t",              # row 3: glued to row 2 (label after a number), value on next line
        "6", "",
        "\t—", "\t7",                       # a dash is a value, not a new row's label
        "正文段落",
    ])
    doc = parse_text(text, "t.txt")
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [["甲", "1", "2"], ["乙", "3", "4"],
                                                             ["丙丁", "5", "6"], ["—", "7"]]
    assert table.rows[2][2].origin.line == 14 and table.rows[2][2].origin.line_end == 15
    assert [p.text for p in doc.paragraphs] == ["标题", "正文段落"]


def test_label_like() -> None:
    assert is_label_like("无法提供") and is_label_like("(四)") and is_label_like("（三）")
    assert not any(is_label_like(x) for x in ["—", "/", "无", "0", "１２", " 3 ", "X", ""])


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "文件为空"),
    (b"\x00\x01\x02\x03\x04\x05\x06\x07" * 600, "无法识别的文件格式"),
])
def test_unreadable_input_names_file_and_problem(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableInput) as info:
        ogi.read(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="文件不存在"):
        ogi.read(tmp_path / "absent.txt")
    with pytest.raises(UnreadableInput, match="文件夹"):
        ogi.read(tmp_path)


def test_text_without_any_table_is_read_and_reported_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text("某某局2024年政府信息公开工作年度报告\n一、总体情况\n全年工作平稳。\n", encoding="utf-8")
    report = ogi.read(path)
    assert report.tables_found == {"active": False, "requests": False, "appeals": False}
    findings = ogi.check(report)
    assert sum(1 for f in findings if f.rule == "M15") == 3
    assert {f.rule for f in findings if f.rule in ("M1", "M2", "M3", "M4")} == set()  # reported once, by M15


def test_one_row_per_line_with_tabs_between_cells() -> None:
    """Some converters print a whole row on one line, cells joined by tabs, and no blank lines."""
    import random

    from ogi.model.schema import SECTION_KEYS, SECTION_TITLES
    from ogi.render.text import TABLE_ROWS
    from tests.support.factory import consistent_data

    data = consistent_data(random.Random(5), agency="东湖街道办事处", year=2023, high=9)
    lines = ["东湖街道办事处2023年政府信息公开工作年度报告"]
    for key in SECTION_KEYS:
        number, title, _ = SECTION_TITLES[key]
        lines.append(f"{number}、{title}")
        if key in TABLE_ROWS:
            table, make_rows = TABLE_ROWS[key]
            lines += ["\t" + "\t".join([*row.labels, *row.values]) for row in make_rows(data[table])]
    got = ogi.read_bytes_report("\n".join(lines).encode("utf-8"), "one-row-per-line.txt").to_dict()
    assert (got["active"], got["requests"], got["appeals"]) == (data["active"], data["requests"], data["appeals"])
