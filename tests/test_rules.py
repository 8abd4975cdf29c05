"""Single rules on small edits of the hand-made report, one deliberate problem each."""

from __future__ import annotations

from pathlib import Path

import ogi
from ogi.rules import Finding

LANXI = (Path(__file__).parent / "fixtures" / "text" / "lanxi-market-2024.txt").read_text(encoding="utf-8")


def _findings(text: str) -> list[Finding]:
    return ogi.check(ogi.read_bytes_report(text.encode("utf-8"), "edited.txt"))


def _replace_value_after(text: str, label: str, index: int, new: str) -> str:
    """Replace the index-th value cell after the row label `label`."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == label)
    lines[at + 1 + index] = "\t" + new
    return "\n".join(lines)


def test_negative_count_is_an_error() -> None:
    text = _replace_value_after(LANXI, "4.保护第三方合法权益", 1, "-1")
    [m5] = [f for f in _findings(text) if f.rule == "M5"]
    assert m5.cells[0].path == "requests.denied_third_party.commercial" and "负数" in m5.message_zh


def test_row_split_with_different_numbers_is_a_conflict_not_a_sum() -> None:
    lines = LANXI.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == "政府信息")  # second physical row
    lines[at + 1] = "\t9"
    report = ogi.read_bytes_report("\n".join(lines).encode("utf-8"), "edited.txt")
    value = report.get("requests.unable_not_held.natural_person")
    assert value.value is None and value.problem == "conflict" and value.raw == "4 / 9"
    assert any(f.rule == "M5" and f.cells[0].path == "requests.unable_not_held.natural_person"
               for f in ogi.check(report))


def test_missing_part_heading_is_reported() -> None:
    text = LANXI.replace("六、其他需要报告的事项\n", "")
    details = [f.message_zh for f in _findings(text) if f.rule == "M14"]
    assert details == ["缺少第六部分“六、其他需要报告的事项”"]


def test_text_denying_appeals_while_the_table_counts_them() -> None:
    text = LANXI.replace("全年发生政府信息公开行政复议5件，行政诉讼6件。",
                         "全年未发生政府信息公开行政复议、行政诉讼案件。")
    [m27] = [f for f in _findings(text) if f.rule == "M27"]
    assert m27.severity == "error" and m27.expected == "0" and m27.actual == "11"


def test_every_finding_names_its_place() -> None:
    text = _replace_value_after(LANXI, "(七)总计", 0, "40")
    for f in _findings(text):
        if f.rule in ("M1", "M2", "M3"):
            assert f.cells and all(c.origin is not None and c.origin.line for c in f.cells)
            assert f.location().startswith("第")
