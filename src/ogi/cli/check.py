"""`ogi check FILE...` — which reports break which rule, in which cell, and why."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ogi.cli.output import Lang, LangOption, stdout, write_output
from ogi.model.schema import SECTION_KEYS, SECTION_TITLES
from ogi.results import CheckReport, DocumentResult, check_file, expand_paths
from ogi.rules.finding import SEVERITY_ZH, Finding

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "unchecked": "magenta"}
_SEVERITY_EN = {"error": "error", "warning": "warning", "info": "info"}
_PART_ORDER = ["一", "二", "三", "四", "五", "六", None]


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def _part_title(part: str | None, lang: str) -> str:
    if part is None:
        return "全文" if lang == "zh" else "Whole report"
    for key in SECTION_KEYS:
        number, title, title_en = SECTION_TITLES[key]
        if number == part:
            return f"{number}、{title}" if lang == "zh" else f"Part {SECTION_KEYS.index(key) + 1}: {title_en}"
    return part


def _finding_line(f: Finding, lang: str) -> str:
    if f.checked:
        sev = SEVERITY_ZH[f.severity] if lang == "zh" else _SEVERITY_EN[f.severity]
        style = _STYLE[f.severity]
    else:
        sev, style = ("无法核对" if lang == "zh" else "unchecked"), _STYLE["unchecked"]
    line = f"  [{style}]{f.rule} {sev}[/] {escape(f.message(lang))}"
    said = f.message(lang)
    if f.expected is not None and f.actual is not None and f.checked and not (
            f.expected in said and f.actual in said):
        line += (f"（应为 {escape(f.expected)}，印为 {escape(f.actual)}）" if lang == "zh"
                 else f" (expected {escape(f.expected)}, printed {escape(f.actual)})")
    where = f.location(lang)
    if where:
        line += f" [dim]@ {escape(where)}[/]"
    return line


def _print_result(result: DocumentResult, lang: str) -> None:
    if result.error is not None:
        stdout.print(f"[bold red]✗ {escape(result.error.message(lang))}[/]")
        return
    assert result.report is not None
    meta = result.report.meta
    c = result.counts
    mark = "[bold red]✗[/]" if result.has_errors else ("[yellow]![/]" if c.get("warning") else "[green]✓[/]")
    who = " ".join(str(x) for x in (meta.agency, meta.year) if x)
    if result.report.layout == "2019":
        who += " （2019年试行格式）" if lang == "zh" else " (2019 trial layout)"
    elif result.report.layout is None:
        who += " （格式未能识别）" if lang == "zh" else " (layout not recognised)"
    if lang == "zh":
        tally = (f"错误{c.get('error', 0)} 警告{c.get('warning', 0)} 提示{c.get('info', 0)} "
                 f"无法核对{c.get('unchecked', 0)}")
    else:
        tally = (f"{c.get('error', 0)} errors, {c.get('warning', 0)} warnings, {c.get('info', 0)} info, "
                 f"{c.get('unchecked', 0)} unchecked")
    stdout.print(f"{mark} [bold]{escape(result.path)}[/] {escape(who)} — {tally}")
    for part in _PART_ORDER:
        group = [f for f in result.findings if f.part == part]
        if not group:
            continue
        stdout.print(f" [bold]{escape(_part_title(part, lang))}[/]")
        for f in group:
            stdout.print(_finding_line(f, lang))


def _summary(report: CheckReport, lang: str) -> str:
    s = report.stats()
    if lang == "zh":
        return (f"共{s['files']}份：{s['with_errors']}份有错误，{s['unreadable']}份无法读取；"
                f"错误{s.get('error', 0)}条，警告{s.get('warning', 0)}条，提示{s.get('info', 0)}条，"
                f"无法核对{s.get('unchecked', 0)}条")
    return (f"{s['files']} file(s): {s['with_errors']} with errors, {s['unreadable']} unreadable; "
            f"{s.get('error', 0)} errors, {s.get('warning', 0)} warnings, {s.get('info', 0)} info, "
            f"{s.get('unchecked', 0)} unchecked")


def register(app: typer.Typer) -> None:
    register_rules(app)

    @app.command("check")
    def check_command(
        files: Annotated[list[Path], typer.Argument(help="报告文件或文件夹 / report files or folders")],
        fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text | json")] = CheckFormat.text,
        lang: LangOption = Lang.zh,
        out: Annotated[Path | None, typer.Option("--output", "-o", help="JSON 写入文件")] = None,
    ) -> None:
        """核对年度报告：勾稽关系、空白单元格、正文与表格一致性等。Check reports against the rule catalogue.

        退出码 exit code: 0 无错误 no errors; 1 有错误 errors found; 2 有文件无法读取 unreadable input.
        """
        results: list[DocumentResult] = []
        for path in expand_paths(files):
            result = check_file(path)
            results.append(result)
            if fmt is CheckFormat.text:
                _print_result(result, lang.value)
        report = CheckReport(results)
        if fmt is CheckFormat.json:
            write_output(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), out)
        else:
            stdout.print(_summary(report, lang.value))
        raise typer.Exit(report.exit_code)


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register_rules(app: typer.Typer) -> None:
    @app.command("rules")
    def rules_command(
        fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="text | json | markdown")] = RulesFormat.text,
        lang: LangOption = Lang.zh,
    ) -> None:
        """列出规则目录。List the rule catalogue."""
        from ogi.rules import catalogue
        from ogi.rules.docs import rules_markdown

        if fmt is RulesFormat.json:
            write_output(json.dumps([r.to_dict() for r in catalogue()], ensure_ascii=False, indent=1), None)
        elif fmt is RulesFormat.markdown:
            write_output(rules_markdown(), None)
        else:
            for r in catalogue():
                sev = SEVERITY_ZH[r.severity] if lang is Lang.zh else r.severity
                title = r.title_zh if lang is Lang.zh else r.title_en
                stdout.print(f"[{_STYLE[r.severity]}]{r.rule:<4} {sev}[/] {escape(r.code):<32} {escape(title)}")
