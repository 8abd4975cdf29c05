"""The rule catalogue as a Markdown page (docs/rules.md is this output; a test keeps them equal)."""

from __future__ import annotations

from ogi.rules.catalogue import load_catalogue
from ogi.rules.finding import SEVERITY_ZH


def rules_markdown() -> str:
    lines = [
        "# 规则目录 / Rule catalogue",
        "",
        "由 `src/ogi/rules/catalogue.yaml` 生成（`ogi rules --format markdown`）。"
        " Generated from the catalogue; `ogi check`, the database and the web app share it.",
        "",
        "| 规则 rule | 代码 code | 级别 severity | 部分 part | 检查 check | 说明 | description |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in load_catalogue():
        part = r.part or "全文"
        lines.append(f"| {r.rule} | `{r.code}` | {SEVERITY_ZH[r.severity]} {r.severity} | {part} | {r.check} "
                     f"| {r.title_zh} | {r.title_en} |")
    lines += [
        "",
        "规则所需单元格为空白或缺失时，该规则报告“无法核对”（checked: false）并指明单元格，从不静默通过。",
        "A rule that needs a blank or missing cell reports 'cannot be checked' (checked: false) naming the cell;",
        "it never passes silently.",
        "",
    ]
    return "\n".join(lines)
