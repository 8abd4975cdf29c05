"""`ogi new` (a blank input form) and `ogi render` (the report in the national layout)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ogi.authoring.data import FormInvalid, describe_origin
from ogi.cli.output import Lang, LangOption, error, stderr, stdout, write_bytes
from ogi.errors import UnreadableInput
from ogi.rules.finding import SEVERITY_ZH, Finding


class FormFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


class RenderFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"


def finding_line(f: Finding, lang: str) -> str:
    """One finding: rule, severity, message and where (YAML line or XLSX cell)."""
    if f.checked:
        sev = SEVERITY_ZH[f.severity] if lang == "zh" else f.severity
    else:
        sev = "无法核对" if lang == "zh" else "unchecked"
    places = list(dict.fromkeys(p for c in f.cells if (p := describe_origin(c.origin, lang))))
    if not places and f.origin is not None:
        places = [describe_origin(f.origin, lang)]
    where = f" @ {', '.join(places[:4])}" if places and places[0] else ""
    return f"{f.rule} {sev} {f.message(lang)}{where}"


@contextmanager
def _bad_input_exits(lang: str) -> Iterator[None]:
    """An unreadable file or a malformed form: its messages, exit 2, nothing written."""
    try:
        yield
    except UnreadableInput as exc:
        error(escape(exc.message(lang)))
        raise typer.Exit(2) from None
    except FormInvalid as exc:
        for message in exc.messages(lang):
            error(escape(message))
        error("输入有误，未写出任何文件" if lang == "zh" else "invalid input; nothing was written")
        raise typer.Exit(2) from None


PreviousOption = Annotated[Path | None, typer.Option(
    "--previous", help="上年报告或数据：上年结转取自其“结转下年度” / last year's report or data")]


def register(app: typer.Typer) -> None:
    @app.command("new")
    def new_command(
        out: Annotated[Path | None, typer.Option(
            "--output", "-o", help="填报表文件（.yaml 或 .xlsx；YAML 可省略，输出到标准输出）")] = None,
        agency: Annotated[str | None, typer.Option("--agency", help="机关名称 / agency name")] = None,
        year: Annotated[int | None, typer.Option("--year", help="报告年度 / report year")] = None,
        fmt: Annotated[FormFormat | None, typer.Option(
            "--format", "-f", help="yaml | xlsx（默认按 -o 的扩展名）")] = None,
        previous: PreviousOption = None,
        force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")] = False,
        lang: LangOption = Lang.zh,
    ) -> None:
        """生成空白填报表（YAML 或 XLSX）。Write a blank input form."""
        from ogi.authoring.pipeline import new_form

        chosen = fmt.value if fmt is not None else ("xlsx" if out is not None and out.suffix.lower() == ".xlsx"
                                                     else "yaml")
        if out is None and chosen == "xlsx":
            error("XLSX 填报表需要用 -o 指定文件" if lang is Lang.zh else "an XLSX form needs -o FILE")
            raise typer.Exit(2)
        if out is not None and out.exists() and not force:
            error(f"{out} 已存在；如需覆盖请加 --force" if lang is Lang.zh
                  else f"{out} exists; use --force to overwrite")
            raise typer.Exit(2)
        with _bad_input_exits(lang.value):
            data = new_form(chosen, agency=agency, year=year, previous=previous)
        if out is None:
            sys.stdout.write(data.decode("utf-8"))
            return
        write_bytes(data, out)
        stderr.print(f"已写出填报表 {escape(str(out))}" if lang is Lang.zh else f"wrote the form {escape(str(out))}")

    @app.command("render")
    def render_command(
        file: Annotated[Path, typer.Argument(help="填报表（.yaml/.xlsx）、数据（.json）或任一可读取的报告")],
        out: Annotated[Path, typer.Option("--output", "-o", help="输出文件：.docx .pdf .html .md")],
        fmt: Annotated[RenderFormat | None, typer.Option(
            "--format", "-f", help="docx | pdf | html | md（默认按扩展名）")] = None,
        previous: PreviousOption = None,
        force: Annotated[bool, typer.Option("--force", help="有错误也生成 / write even with errors")] = False,
        lang: LangOption = Lang.zh,
    ) -> None:
        """按国家格式生成年度报告（先运行全部核对规则，有错误则不生成）。Render the report in the national layout.

        退出码 exit code: 0 已生成 written; 1 有错误未生成 errors, nothing written; 2 输入无法读取或有误 bad input.
        """
        from ogi.authoring.pipeline import SUFFIX_FORMATS, prepare, render_bytes

        chosen = fmt.value if fmt is not None else SUFFIX_FORMATS.get(out.suffix.lower())
        if chosen is None:
            error(f"无法从扩展名判断输出格式：{out.suffix or '（无）'}；请用 --format" if lang is Lang.zh
                  else f"cannot tell the output format from '{out.suffix}'; use --format")
            raise typer.Exit(2)
        with _bad_input_exits(lang.value):
            report, findings = prepare(file, previous)
        errors = [f for f in findings if f.checked and f.severity == "error"]
        others = [f for f in findings if f not in errors]
        for f in others:
            style = "yellow" if f.severity == "warning" or not f.checked else "cyan"
            stderr.print(f"[{style}]{escape(finding_line(f, lang.value))}[/]")
        for f in errors:
            stderr.print(f"[bold red]{escape(finding_line(f, lang.value))}[/]")
        if errors and not force:
            error(f"{len(errors)}处错误，未生成报告（加 --force 可强制生成）" if lang is Lang.zh
                  else f"{len(errors)} error(s); nothing written (use --force to write anyway)")
            raise typer.Exit(1)
        data = render_bytes(report.to_dict(), chosen)
        write_bytes(data, out)
        if errors:
            stderr.print(f"[bold red]已按 --force 生成 {escape(str(out))}，报告含{len(errors)}处错误[/]"
                         if lang is Lang.zh
                         else f"[bold red]wrote {escape(str(out))} with --force despite {len(errors)} error(s)[/]")
        else:
            stdout.print(f"已生成 {escape(str(out))}" if lang is Lang.zh else f"wrote {escape(str(out))}")
