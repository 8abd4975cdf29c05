"""`ogi extract FILE...` — the canonical data of each report (report-schema.md)."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ogi.cli.output import Lang, LangOption, error, write_output
from ogi.errors import UnreadableInput
from ogi.model.report import Report
from ogi.results import expand_paths


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


CSV_COLUMNS = ["file", "table", "row", "column", "value"]
PROVENANCE_COLUMNS = ["printed", "problem", "page", "line", "table_index", "grid_row", "grid_col"]


def report_rows(report: Report, provenance: bool = False) -> list[dict[str, Any]]:
    """One row per cell: file, table, row, column, value (and where it was printed)."""
    rows: list[dict[str, Any]] = []
    for path, value in report.cells():
        table, _, rest = path.partition(".")
        row, _, column = rest.partition(".")
        out: dict[str, Any] = {"file": report.meta.source or report.source, "table": table, "row": row,
                               "column": column, "value": value.to_json()}
        if provenance:
            o = value.origin
            out.update(printed=value.raw, problem=value.problem, page=o.page if o else None,
                       line=o.line if o else None, table_index=o.table if o else None,
                       grid_row=o.row if o else None, grid_col=o.col if o else None)
        rows.append(out)
    return rows


def render(reports: list[Report], fmt: ExtractFormat, provenance: bool) -> str:
    if fmt is ExtractFormat.json:
        data: Any = reports[0].to_dict() if len(reports) == 1 else [r.to_dict() for r in reports]
        return json.dumps(data, ensure_ascii=False, indent=1)
    if fmt is ExtractFormat.jsonl:
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in reports)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS + (PROVENANCE_COLUMNS if provenance else []))
    writer.writeheader()
    for r in reports:
        writer.writerows(report_rows(r, provenance))
    return buf.getvalue()


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        files: Annotated[list[Path], typer.Argument(help="报告文件或文件夹 / report files or folders")],
        fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="json | jsonl | csv")] = ExtractFormat.json,
        out: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（默认标准输出）")] = None,
        provenance: Annotated[bool, typer.Option("--provenance", help="CSV 附加出处列（页、行、单元格）")] = False,
        lang: LangOption = Lang.zh,
    ) -> None:
        """提取年度报告数据（ogi.annual-report/1）。Extract the canonical data of each report."""
        from ogi import read

        reports: list[Report] = []
        failed = 0
        for path in expand_paths(files):
            try:
                reports.append(read(path))
            except UnreadableInput as exc:
                failed += 1
                error(exc.message(lang.value))
        if reports:
            write_output(render(reports, fmt, provenance), out)
        if failed:
            raise typer.Exit(2)
