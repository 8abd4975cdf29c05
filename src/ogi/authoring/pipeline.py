"""From an input file to a checked report and its rendering: load (form, canonical JSON or any report
`ogi.read` reads), complete the derived cells, run the full rule catalogue, render."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ogi.authoring.data import FormInput, FormInvalid, FormProblem, form_from_data, form_from_report
from ogi.authoring.derive import complete
from ogi.authoring.xlsxform import is_xlsx_form, read_xlsx_form, write_xlsx_form
from ogi.authoring.yamlform import read_yaml_form, write_yaml_form
from ogi.errors import UnreadableInput
from ogi.model.report import Report
from ogi.model.schema import APPLICANT_COLUMNS
from ogi.rules import Finding, check

FORM_SUFFIXES = (".yaml", ".yml")


def load_input(path: str | os.PathLike[str]) -> FormInput:
    """Whatever was typed or printed: a YAML or XLSX form, canonical JSON, or a report file."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise UnreadableInput(name, "文件不存在", "file not found")
    suffix = p.suffix.lower()
    if suffix in FORM_SUFFIXES:
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise FormInvalid(name, [FormProblem("", "YAML 文件应为 UTF-8 编码",
                                                 "the YAML file must be UTF-8")]) from None
        return read_yaml_form(text, p.name)
    if suffix == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise FormInvalid(name, [FormProblem(f"第{exc.lineno}行", f"JSON 格式错误：{exc.msg}",
                                                 f"JSON syntax error: {exc.msg}")]) from None
        if not isinstance(data, dict):
            raise FormInvalid(name, [FormProblem("", "JSON 应为一份报告的数据（对象）",
                                                 "the JSON must be one report object")])
        if data.get("layout") not in (None, "2021"):
            raise FormInvalid(name, [FormProblem("layout", "只支持2021年格式", "only the 2021 layout is supported")])
        return form_from_data(data, p.name)
    data_bytes = p.read_bytes()
    if is_xlsx_form(data_bytes):
        return read_xlsx_form(data_bytes, p.name)
    from ogi import read

    return form_from_report(read(p))


def load_report(path: str | os.PathLike[str], previous: Report | None = None) -> tuple[Report, list[Finding]]:
    """The completed report of an input and the carry-over findings (no other rules run)."""
    return complete(load_input(path), previous)


def load_previous(path: str | os.PathLike[str]) -> Report:
    """Last year's report from any input `load_input` takes."""
    report, _ = load_report(path)
    return report


def prepare(path: str | os.PathLike[str],
            previous: str | os.PathLike[str] | None = None) -> tuple[Report, list[Finding]]:
    """The completed report and every finding: carry-over (M6) and the full rule catalogue."""
    before = load_previous(previous) if previous is not None else None
    report, findings = load_report(path, before)
    if before is not None and before.meta.year is not None and report.meta.year is not None \
            and before.meta.year != report.meta.year - 1:
        findings.append(Finding(
            rule="M6", code="previous-year", severity="warning", part="三",
            message_zh=f"上年报告为{before.meta.year}年度，不是{report.meta.year - 1}年度，上年结转可能取错",
            message_en=f"the previous report is for {before.meta.year}, not {report.meta.year - 1}",
            expected=str(report.meta.year - 1), actual=str(before.meta.year), source=report.source))
    return report, findings + check(report)


# --- rendering -----------------------------------------------------------------------------------------
def _docx(data: dict[str, Any]) -> bytes:
    from ogi.render.docx import render_docx

    return render_docx(data)


def _pdf(data: dict[str, Any]) -> bytes:
    from ogi.render.pdf import render_pdf

    return render_pdf(data)


def _html(data: dict[str, Any]) -> bytes:
    from ogi.render.html import render_html

    return render_html(data).encode("utf-8")


def _markdown(data: dict[str, Any]) -> bytes:
    from ogi.render.markdown import render_markdown

    return render_markdown(data).encode("utf-8")


RENDERERS: dict[str, Callable[[dict[str, Any]], bytes]] = {"docx": _docx, "pdf": _pdf, "html": _html, "md": _markdown}
SUFFIX_FORMATS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def render_bytes(data: dict[str, Any], fmt: str) -> bytes:
    return RENDERERS[fmt](data)


# --- new forms -----------------------------------------------------------------------------------------
def new_form(fmt: str, *, agency: str | None = None, year: int | None = None,
             previous: str | os.PathLike[str] | None = None) -> bytes:
    """A blank form (YAML or XLSX); with `previous`, 上年结转 is filled from last year's 结转下年度."""
    data: dict[str, Any] = {}
    if previous is not None:
        before = load_previous(previous)
        agency = agency if agency is not None else before.meta.agency
        if year is None and before.meta.year is not None:
            year = before.meta.year + 1
        data["requests"] = {"carried_over": {c: before.get(f"requests.carried_forward.{c}").to_json()
                                             for c in APPLICANT_COLUMNS}}
    if fmt == "xlsx":
        return write_xlsx_form(data, agency=agency, year=year)
    return write_yaml_form(data, agency=agency, year=year).encode("utf-8")
