"""The canonical data as Tika-style text (one cell per line after a tab, rows separated by blank
lines, empty placeholder cells for vertical merges) — the form Apache Tika gives of a DOCX report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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

RESULTS_LABEL = "三、本年度办理结果"


@dataclass(slots=True)
class TextRow:
    """One printed row: label cells ("" = placeholder of a merged cell above), then value cells.
    `groups` names, for each placeholder label, the label of the merged cell it stands for."""

    labels: list[str]
    values: list[str]
    groups: list[str | None]


def _fmt(value: Any) -> str:
    return "" if value is None else str(value)


def _header(*cells: str) -> TextRow:
    return TextRow(list(cells), [], [None] * len(cells))


def active_rows(active: dict[str, Any]) -> Iterator[TextRow]:
    for heading, rows, cols in ACTIVE_BLOCKS_2021:
        yield _header(heading)
        yield _header("信息内容", *(ACTIVE_COLUMN_LABELS[c] for c in cols))
        for row in rows:
            values = [active.get(row)] if len(cols) == 1 else [active.get(row, {}).get(c) for c in cols]
            yield TextRow([ACTIVE_ROW_LABELS[row]], [_fmt(v) for v in values], [None])


def requests_rows(requests: dict[str, Any]) -> Iterator[TextRow]:
    yield _header("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况")
    yield _header("", "自然人", "法人或其他组织", "总计")
    yield _header("", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "")
    group = ""
    for key, group_label, leaf in REQUEST_ROW_LABELS:
        values = [_fmt(requests.get(key, {}).get(c)) for c in REQUEST_COLUMNS]
        if key in ("new", "carried_over", "carried_forward"):
            yield TextRow([leaf], values, [None])
            continue
        if key in ("granted", "partly_granted", "total_processed"):
            first = key == "granted"
            yield TextRow([RESULTS_LABEL if first else "", leaf], values, [None if first else RESULTS_LABEL, None])
            continue
        starts_group = bool(group_label)
        group = group_label or group
        yield TextRow(["", group_label if starts_group else "", leaf], values,
                      [RESULTS_LABEL, None if starts_group else group, None])


def appeals_rows(appeals: dict[str, Any]) -> Iterator[TextRow]:
    outcomes = [APPEAL_OUTCOME_LABELS[o] for o in APPEAL_OUTCOMES]
    yield _header("行政复议", "行政诉讼")
    yield _header(*outcomes, "未经复议直接起诉", "复议后起诉")
    yield _header("", "", "", "", "", *outcomes, *outcomes)
    yield TextRow([], [_fmt(appeals.get(g, {}).get(o)) for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES], [])


def rows_to_lines(rows: Iterator[TextRow]) -> Iterator[str]:
    for row in rows:
        for cell in (*row.labels, *row.values):
            yield "\t" + cell
        yield ""


TABLE_ROWS = {"active_disclosure": ("active", active_rows), "requests": ("requests", requests_rows),
              "appeals": ("appeals", appeals_rows)}


def to_tika_text(data: dict[str, Any]) -> str:
    """Render `ogi.annual-report/1` data (2021 layout) as Tika-style text."""
    meta = data.get("meta", {})
    sections = data.get("sections") or {}
    lines: list[str] = []
    agency, year = meta.get("agency") or "", meta.get("year") or ""
    lines.append(f"{agency}{year}年政府信息公开工作年度报告")
    lines.append(f"本报告中所列数据统计期限为{year}年1月1日至12月31日。")
    for key in SECTION_KEYS:
        number, title, _ = SECTION_TITLES[key]
        lines.append(f"{number}、{title}")
        text = sections.get(key)
        if text:
            lines.extend(text.split("\n"))
        if key in TABLE_ROWS:
            table, make_rows = TABLE_ROWS[key]
            lines.extend(rows_to_lines(make_rows(data.get(table, {}))))
    if meta.get("publish_date"):
        y, m, d = (int(x) for x in meta["publish_date"].split("-"))
        lines.append(agency)
        lines.append(f"{y}年{m}月{d}日")
    return "\n".join(lines) + "\n"
