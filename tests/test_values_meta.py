"""Cell values and report metadata: the small parsers, over varied input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.document.model import Document, Paragraph
from ogi.document.model import Origin as O
from ogi.extract.meta import extract_meta, parse_date
from ogi.extract.values import parse_number

FULL = str.maketrans("0123456789", "０１２３４５６７８９")
SPACE = st.sampled_from(["", " ", "  ", "\u00a0", "\u3000", "\n"])


@given(n=st.integers(0, 10**7), before=SPACE, after=SPACE, full=st.booleans(), grouped=st.booleans())
def test_counts_parse_however_printed(n: int, before: str, after: str, full: bool, grouped: bool) -> None:
    text = f"{n:,}" if grouped else str(n)
    if full:
        text = text.translate(FULL)
    v = parse_number(before + text + after, None)
    assert v.value == n and v.problem is None and v.raw == before + text + after


@pytest.mark.parametrize(("text", "value", "problem"), [
    ("", None, "blank"), ("  ", None, "blank"), ("\u00a0", None, "blank"),
    ("—", None, "not-a-number"), ("/", None, "not-a-number"), ("-", None, "not-a-number"),
    ("无", None, "not-a-number"), ("X", None, "not-a-number"), ("1.5", None, "not-an-integer"),
    ("12件", 12, None), ("-3", -3, None), ("+1036", 1036, None), ("３.0", 3, None),
])
def test_count_cells(text: str, value: int | None, problem: str | None) -> None:
    v = parse_number(text, None)
    assert (v.value, v.problem) == (value, problem)


def test_fees_keep_decimals() -> None:
    assert parse_number("7730.28", None, decimal=True).value == Decimal("7730.28")
    assert parse_number("1,234.5万元", None, decimal=True).value == Decimal("1234.5")


@pytest.mark.parametrize(("text", "iso"), [
    ("2024年1月23日", "2024-01-23"), ("2025 年 3 月 1 日", "2025-03-01"),
    ("二〇二四年一月二十三日", "2024-01-23"), ("二〇二五年十二月三十一日", "2025-12-31"),
    ("2024-01-23", "2024-01-23"), ("2024.1.5", "2024-01-05"), ("2024/12/31", "2024-12-31"),
    ("2024年13月1日", None), ("截至202512月31日", None), ("石门镇人民政府", None),
])
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def _doc(*lines: str) -> Document:
    return Document("t.txt", "text", [Paragraph(t, O("t.txt", i + 1)) for i, t in enumerate(lines)])


@pytest.mark.parametrize(("lines", "agency", "year"), [
    (["某某市人民政府办公室", "2023年度政府信息公开工作年度报告"], "某某市人民政府办公室", 2023),
    (["东湖街道2024年政府信息公开工作年度报告"], "东湖街道", 2024),
    (["2022年度临江市生态环境局政府信息公开工作年度报告"], "临江市生态环境局", 2022),
    (["关于《云岭县教育局2021年政府信息公开工作年度报告》"], "云岭县教育局", 2021),
    (["政府信息公开工作年度报告", "本报告统计期限为2024年1月1日至12月31日。"], None, 2024),
    (["青禾县水利局关于2023年政府信息公开工作年度报告"], "青禾县水利局", 2023),
    (["白沙镇人民政府政府信息公开工作2022年度报告"], "白沙镇人民政府", 2022),
    (["东湖街道办事处二〇二四年政府信息公开工作年度报告"], "东湖街道办事处", 2024),
])
def test_agency_and_year_from_title(lines: list[str], agency: str | None, year: int) -> None:
    meta, _ = extract_meta(_doc(*lines, "一、总体情况", "正文。"), "t.txt")
    assert (meta.agency, meta.year) == (agency, year)


def test_agency_from_signature_when_title_has_none() -> None:
    meta, trailer = extract_meta(_doc("2024年度政府信息公开工作年度报告", "一、总体情况", "正文。",
                                      "六、其他需要报告的事项", "无。", "白沙镇人民政府", "二〇二五年一月二十日",
                                      "— 4 —"), "t.txt")
    assert meta.agency == "白沙镇人民政府" and meta.publish_date == "2025-01-20"
    assert trailer == {5, 6}
