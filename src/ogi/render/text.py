"""The canonical data as Tika-style text (one cell per line after a tab, rows separated by blank
lines, empty placeholder cells for vertical merges) — the form Apache Tika gives of a DOCX report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ogi.model.schema import (
    ACTIVE_BLOCKS_2021,
    ACTIVE_COLUMN_LABELS,
    ACTIVE_ROW_LABELS,
    APPEAL_GROUPS,
    APPEAL_OUTCOME_LABELS,
    APPEAL_OUTCOMES,
    REQUEST_COLUMNS,
    REQUEST_ROW_LABELS,
    SECTION_KEYS,
    SECTION_TITLES,
)


def _fmt(value: Any) -> str:
    return "" if value is None else str(value)


def _row(cells: list[str]) -> Iterator[str]:
    for c in cells:
        yield "\t" + c
    yield ""


def active_lines(active: dict[str, Any]) -> Iterator[str]:
    for heading, rows, cols in ACTIVE_BLOCKS_2021:
        yield from _row([heading])
        yield from _row(["信息内容", *(ACTIVE_COLUMN_LABELS[c] for c in cols)])
        for row in rows:
            values = [active.get(row)] if len(cols) == 1 else [active.get(row, {}).get(c) for c in cols]
            yield from _row([ACTIVE_ROW_LABELS[row], *(_fmt(v) for v in values)])


def requests_lines(requests: dict[str, Any]) -> Iterator[str]:
    yield from _row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"])
    yield from _row(["", "自然人", "法人或其他组织", "总计"])
    yield from _row(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    group = ""
    for key, group_label, leaf in REQUEST_ROW_LABELS:
        values = [_fmt(requests.get(key, {}).get(c)) for c in REQUEST_COLUMNS]
        if key in ("new", "carried_over", "carried_forward"):
            yield from _row([leaf, *values])
            continue
        first = key == "granted"
        if group_label:
            group = group_label
        labels = ["三、本年度办理结果" if first else ""]
        if key in ("granted", "partly_granted", "total_processed"):
            labels.append(leaf)
        else:
            labels += [group_label or "", leaf] if group_label or group else [leaf]
        yield from _row([*labels, *values])


def appeals_lines(appeals: dict[str, Any]) -> Iterator[str]:
    outcomes = [APPEAL_OUTCOME_LABELS[o] for o in APPEAL_OUTCOMES]
    yield from _row(["行政复议", "行政诉讼"])
    yield from _row([*outcomes, "未经复议直接起诉", "复议后起诉"])
    yield from _row(["", "", "", "", "", *outcomes, *outcomes])
    yield from _row([_fmt(appeals.get(g, {}).get(o)) for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES])


def to_tika_text(data: dict[str, Any]) -> str:
    """Render `ogi.annual-report/1` data (2021 layout) as Tika-style text."""
    meta = data.get("meta", {})
    sections = data.get("sections") or {}
    lines: list[str] = []
    agency, year = meta.get("agency") or "", meta.get("year") or ""
    lines.append(f"{agency}{year}年政府信息公开工作年度报告")
    lines.append(f"本报告中所列数据统计期限为{year}年1月1日至12月31日。")
    tables = {"active_disclosure": active_lines, "requests": requests_lines, "appeals": appeals_lines}
    table_data = {"active_disclosure": "active", "requests": "requests", "appeals": "appeals"}
    for key in SECTION_KEYS:
        number, title, _ = SECTION_TITLES[key]
        lines.append(f"{number}、{title}")
        text = sections.get(key)
        if text:
            lines.extend(text.split("\n"))
        if key in tables:
            lines.extend(tables[key](data.get(table_data[key], {})))
    if meta.get("publish_date"):
        y, m, d = (int(x) for x in meta["publish_date"].split("-"))
        lines.append(agency)
        lines.append(f"{y}年{m}月{d}日")
    return "\n".join(lines) + "\n"
