"""Corpus commands: `ogi ingest`, `ogi agencies import|list|set`, `ogi status`, `ogi export`, `ogi stats`."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ogi.agencies import LEVELS
from ogi.cli.output import Lang, LangOption, error, stdout

if TYPE_CHECKING:
    from ogi.store.api import Corpus

_DB_HELP = "数据库：SQLite 文件路径（默认 ./ogi.db 或 $OGI_DB）或 postgresql://… Database: SQLite path or URL"
DbOption = Annotated[str | None, typer.Option("--db", help=_DB_HELP)]


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    json = "json"


def _open(db: str | None) -> Corpus:
    from ogi.errors import OgiError
    from ogi.store.api import Corpus

    try:
        return Corpus(db)
    except OgiError as exc:
        error(escape(str(exc)))
        raise typer.Exit(2) from None


_PATHS_HELP = "报告文件、文件夹或 ZIP 压缩包 Files, folders, ZIP archives"


def ingest(paths: Annotated[list[Path], typer.Argument(help=_PATHS_HELP)],
           db: DbOption = None,
           jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行提取的进程数 Extraction processes")] = 1,
           lang: LangOption = Lang.zh) -> None:
    """入库：读取、核对并存储报告（按内容去重，可中断续传）。Ingest reports into the store."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from ogi.store.ingest import Prepared

    corpus = _open(db)
    zh = lang == Lang.zh
    columns = [TextColumn("入库" if zh else "ingest"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn()]
    with Progress(*columns, console=stdout, transient=False) as bar:
        task = bar.add_task("ingest", total=None, rate="")

        def progress(done: int, total: int, outcome: str, item: Prepared) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = done / elapsed if elapsed > 0 else 0.0
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} 份/秒" if zh else f"{rate:.1f} files/s")

        try:
            summary = corpus.ingest([str(p) for p in paths], jobs=max(1, jobs), progress=progress)
        except KeyboardInterrupt:
            error("已中断：已入库的报告均已保存，重新运行同一命令即可继续。" if zh else
                  "interrupted: every stored report is kept; run the same command again to resume.")
            raise typer.Exit(130) from None
    if zh:
        stdout.print(f"读取 {summary.read} 份：新增 {summary.new}，新版本 {summary.versions}，"
                     f"已存在 {summary.present}，失败 {len(summary.failed)}")
    else:
        stdout.print(f"read {summary.read}: new {summary.new}, new versions {summary.versions}, "
                     f"already present {summary.present}, failed {len(summary.failed)}")
    for source, reason_zh, reason_en in summary.failed:
        stdout.print(f"  [bold red]✗[/] {escape(source)}: {escape(reason_zh if zh else reason_en)}")
    corpus.close()
    if summary.failed:
        raise typer.Exit(2)


agencies_app = typer.Typer(help="单位：导入层级、查看、修改级别。Agencies: import hierarchy, list, edit.",
                           no_args_is_help=True)


_CSV_HELP = "CSV: name,level,parent,region,code,aliases,expected,rollup"


@agencies_app.command("import")
def agencies_import(file: Annotated[Path, typer.Argument(help=_CSV_HELP)],
                    db: DbOption = None) -> None:
    """导入单位名录与上下级关系（CSV）。Import agencies and their hierarchy from a CSV."""
    from ogi.errors import OgiError

    corpus = _open(db)
    try:
        summary = corpus.import_agencies(file)
    except (OgiError, OSError, UnicodeDecodeError) as exc:
        error(escape(f"{file}: {exc}"))
        raise typer.Exit(2) from None
    stdout.print(f"导入 {summary.rows} 行：新建 {summary.created}，更新 {summary.updated}")


@agencies_app.command("list")
def agencies_list(db: DbOption = None) -> None:
    """列出单位、级别、上级与名称变体。List agencies."""
    frame = _open(db).agencies()
    table = Table("名称", "级别", "上级", "地区", "应报送", "名称变体")
    for _, r in frame.iterrows():
        table.add_row(escape(r["name"]), r["level"] or "", escape(r["parent"] or ""), r["region"] or "",
                      "是" if r["expected"] else "", escape(" / ".join(r["names"])))
    stdout.print(table)


@agencies_app.command("set")
def agencies_set(name: str,
                 level: Annotated[str | None, typer.Option(help="|".join(LEVELS))] = None,
                 parent: Annotated[str | None, typer.Option(help="上级单位名称")] = None,
                 expected: Annotated[bool | None, typer.Option("--expected/--not-expected")] = None,
                 db: DbOption = None) -> None:
    """修改单位的级别、上级或是否应报送。Edit an agency."""
    from ogi.errors import OgiError

    corpus = _open(db)
    try:
        corpus.set_agency(name, level=level, parent=parent, expected=expected)
    except OgiError as exc:
        error(escape(str(exc)))
        raise typer.Exit(2) from None
    stdout.print(f"已更新「{escape(name)}」")


_STATUS = {"missing": ("未报送", "not submitted", "bold red"), "errors": ("有错误", "errors", "red"),
           "warnings": ("有警告", "warnings", "yellow"), "clean": ("无问题", "clean", "green")}


def status(year: Annotated[int, typer.Option("--year", help="报告年度 Report year")],
           db: DbOption = None, lang: LangOption = Lang.zh) -> None:
    """报送情况：谁未报送、谁有错误、谁无问题。Who has not submitted, who has errors, who is clean."""
    frame = _open(db).status(year)
    zh = lang == Lang.zh
    table = Table(*(("单位", "级别", "状态", "错误", "警告", "文件") if zh else
                    ("agency", "level", "status", "errors", "warnings", "file")))
    order = {"missing": 0, "errors": 1, "warnings": 2, "clean": 3}
    frame = frame.assign(_o=frame["status"].map(order)).sort_values(["_o", "agency"])
    for _, r in frame.iterrows():
        zh_label, en_label, style = _STATUS[r["status"]]
        table.add_row(escape(str(r["agency"])), r["level"] or "", f"[{style}]{zh_label if zh else en_label}[/]",
                      str(r["errors"]), str(r["warnings"]), escape(r["source"] or ""))
    stdout.print(table)
    counts = frame["status"].value_counts()
    parts = [f"{(_STATUS[k][0] if zh else _STATUS[k][1])} {int(counts.get(k, 0))}" for k in _STATUS]
    stdout.print(f"{year}年：" + "，".join(parts) if zh else f"{year}: " + ", ".join(parts))


def export(fmt: Annotated[ExportFormat, typer.Option("--format", help="csv|xlsx|parquet|json")],
           out: Annotated[Path, typer.Option("--output", "-o", help="输出文件 Output file")],
           year: Annotated[list[int] | None, typer.Option("--year")] = None,
           agency: Annotated[str | None, typer.Option("--agency", help="单位名称（含名称变体，部分匹配）")] = None,
           level: Annotated[list[str] | None, typer.Option("--level")] = None,
           db: DbOption = None) -> None:
    """导出数据：长表（单位、年度、表、行、列、数值）；XLSX 另含按印制表格排列的宽表。Export the cells."""
    corpus = _open(db)
    n = corpus.export(out, fmt.value, year=year or None, agency=agency, level=level or None)
    stdout.print(f"已导出 {n} 个单元格到 {escape(str(out))}")


def _fmt(v: Any, pct: bool = False) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if pct:
        return f"{float(v):.1%}"
    return f"{int(v):,}" if float(v) == int(v) else f"{float(v):,.2f}"


def stats(year: Annotated[list[int] | None, typer.Option("--year")] = None,
          level: Annotated[list[str] | None, typer.Option("--level")] = None,
          plot: Annotated[Path | None, typer.Option("--plot", help="PNG 图表输出目录 Folder for PNG charts")] = None,
          as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 Print JSON")] = False,
          db: DbOption = None) -> None:
    """统计：各年申请量、办理结果构成、复议诉讼纠错率（按级别、地区）、单位排名。Corpus statistics."""
    from ogi.store.stats import plot as draw

    result = _open(db).stats(year=year or None, level=level or None)
    if as_json:
        stdout.print_json(json.dumps(result.to_dict(), ensure_ascii=False, default=str))
    else:
        t = Table("年度", "报告数", "收到申请", "办理", "予以公开", "部分公开", "不予公开", "复议", "复议纠错率",
                  "诉讼", "诉讼纠错率", title="各年度汇总")
        for _, r in result.by_year.iterrows():
            t.add_row(str(r["year"]), _fmt(r["reports"]), _fmt(r["received"]), _fmt(r["processed"]),
                      _fmt(r["granted_share"], True), _fmt(r["partly_granted_share"], True),
                      _fmt(r["denied_share"], True), _fmt(r["reviews"]), _fmt(r["review_correction_rate"], True),
                      _fmt(r["lawsuits"]), _fmt(r["litigation_correction_rate"], True))
        stdout.print(t)
        t = Table("年度", "级别", "报告数", "收到申请", "予以公开", "复议纠错率", "诉讼纠错率", title="按级别")
        for _, r in result.by_level.iterrows():
            t.add_row(str(r["year"]), r["level_zh"], _fmt(r["reports"]), _fmt(r["received"]),
                      _fmt(r["granted_share"], True), _fmt(r["review_correction_rate"], True),
                      _fmt(r["litigation_correction_rate"], True))
        stdout.print(t)
        t = Table("年度", "地区", "报告数", "收到申请", "予以公开", "复议纠错率", title="按地区")
        for _, r in result.by_region.iterrows():
            t.add_row(str(r["year"]), escape(str(r["region"])), _fmt(r["reports"]), _fmt(r["received"]),
                      _fmt(r["granted_share"], True), _fmt(r["review_correction_rate"], True))
        stdout.print(t)
        t = Table("年度", "名次", "单位", "收到申请", "予以公开比例", "复议", title="收到申请数量排名")
        for _, r in result.ranking.iterrows():
            t.add_row(str(r["year"]), str(r["rank"]), escape(str(r["agency"])), _fmt(r["received"]),
                      _fmt(r["granted_share"], True), _fmt(r["reviews"]))
        stdout.print(t)
    if plot is not None:
        for path in draw(result, plot):
            stdout.print(f"图表：{escape(str(path))}")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(agencies_app, name="agencies")
    app.command("status")(status)
    app.command("export")(export)
    app.command("stats")(stats)
