"""2021 layout (国办公开办函〔2021〕30号) or the 2019 trial layout (〔2019〕60号), from what is printed."""

from __future__ import annotations

from ogi.extract.labels import ACTIVE_2019_COLUMNS, ACTIVE_2021_COLUMNS


def detect_layout(
    active_columns: set[str],
    active_rows: set[str],
    has_other_sub_rows: bool,
    has_single_other_row: bool,
    text: str,
    year: int | None,
) -> tuple[str | None, list[str]]:
    """The layout and the evidence for it, strongest cue first: part 二's column headers, then the
    （六）其他处理 sub-rows, then the cited notice, then the year."""
    evidence: list[str] = []
    if active_columns & ACTIVE_2019_COLUMNS or "procurement" in active_rows:
        evidence.append("第二部分表头为试行格式（本年新制作数量/上一年项目数量）")
        return "2019", evidence
    if active_columns & ACTIVE_2021_COLUMNS or "amount" in active_columns:
        evidence.append("第二部分表头为2021年格式（本年制发件数/本年收费金额）")
        return "2021", evidence
    if has_other_sub_rows:
        evidence.append("第三部分（六）其他处理分三项")
        return "2021", evidence
    if "〔2021〕30号" in text or "[2021]30号" in text:
        evidence.append("引用国办公开办函〔2021〕30号")
        return "2021", evidence
    if "〔2019〕60号" in text or "[2019]60号" in text:
        evidence.append("引用国办公开办函〔2019〕60号")
        return "2019", evidence
    if has_single_other_row:
        evidence.append("第三部分（六）其他处理为一行")
        return "2019", evidence
    if year is not None:
        evidence.append(f"报告年度{year}")
        return ("2021" if year >= 2021 else "2019"), evidence
    return None, evidence
