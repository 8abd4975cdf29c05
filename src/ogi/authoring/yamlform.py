"""The YAML input form: only the numbers a person must know, one table row per line, Chinese comments
naming every row and column; read back with a message per problem and its line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import yaml

from ogi.authoring.data import FormInput, FormInvalid, FormProblem
from ogi.authoring.fields import (
    APPEAL_INPUT_OUTCOMES,
    DECIMAL_CELLS,
    FORM_ID,
    REQUEST_INPUT_ROWS,
    is_derived,
    request_row_label,
)
from ogi.document.model import Origin
from ogi.extract.meta import parse_date
from ogi.extract.values import parse_number
from ogi.model.report import Meta, Report, Value
from ogi.model.schema import (
    ACTIVE_BLOCKS_2021,
    ACTIVE_COLUMN_LABELS,
    ACTIVE_ROW_LABELS,
    APPEAL_GROUP_LABELS,
    APPEAL_GROUPS,
    APPEAL_OUTCOME_LABELS,
    APPLICANT_COLUMNS,
    REQUEST_COLUMN_LABELS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    SCHEMA_ID,
    SECTION_KEYS,
    SECTION_TITLES,
)
from ogi.render.layout import format_number, paragraphs

SECTION_HINTS: dict[str, str] = {
    "overview": "主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等情况",
    "active_disclosure": "可写主动公开的总体数字；下表由程序按填报数字生成",
    "requests": "可写收到和办理申请的总体情况；下表由程序按填报数字生成",
    "appeals": "可写行政复议、行政诉讼的总体情况；下表由程序按填报数字生成",
    "problems": "本机关存在的主要问题和具体改进措施，上年问题的整改情况",
    "other": "信息处理费收取情况（未收取也应说明）；落实上级年度政务公开工作要点情况；"
             "人大代表建议和政协提案办理结果公开情况；年度政务公开工作创新情况",
}


# --- writing -----------------------------------------------------------------------------------------
def _flow(cols: tuple[str, ...], values: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{c}: {format_number(values.get(c))}" for c in cols) + "}"


def _block_text(text: str | None, indent: str) -> list[str]:
    lines = paragraphs(text)
    return [f"{indent}{line}" for line in lines]


def write_yaml_form(data: dict[str, Any] | None = None, *, agency: str | None = None, year: int | None = None,
                    publish_date: str | None = None) -> str:
    """A form (blank, or prefilled from `data` in the canonical shape) as YAML text."""
    data = data or {}
    meta = data.get("meta") or {}
    agency = agency if agency is not None else meta.get("agency")
    year = year if year is not None else meta.get("year")
    publish_date = publish_date if publish_date is not None else meta.get("publish_date")
    sections = data.get("sections") or {}
    active = data.get("active") or {}
    requests = data.get("requests") or {}
    appeals = data.get("appeals") or {}
    out: list[str] = [
        "# 政府信息公开工作年度报告 填报表（国办公开办函〔2021〕30号格式）",
        "# 填写说明：",
        "#   · 只填需要填写的数字。各行“总计”列、（七）总计、复议诉讼的“总计”由程序计算，不必填写；",
        "#     若填写了，须与计算结果一致，否则生成报告时报错并指出该单元格。",
        "#   · 没有发生的填 0；留空表示未填，生成报告时会逐项报错。数字单位：件；收费金额单位：万元。",
        "#   · 正文每段一行，写在对应部分“|”下方、缩进四个空格。",
        "#   · 生成报告：ogi render 本文件 -o 报告.docx（或 .pdf / .html / .md）",
        f"form: {FORM_ID}",
        "",
        "meta:",
        f"  agency: {_scalar(agency)}".rstrip() + "    # 机关名称（标题中印出的名称）",
        f"  year: {'' if year is None else year}".rstrip() + "    # 报告年度",
        f"  publish_date: {publish_date or ''}".rstrip() + "    # 成文日期，如 2025-01-20（可不填）",
        "",
        "sections:",
    ]
    for key in SECTION_KEYS:
        number, title, _ = SECTION_TITLES[key]
        out.append(f"  # {number}、{title}：{SECTION_HINTS[key]}")
        out.append(f"  {key}: |")
        out.extend(_block_text(sections.get(key), "    "))
    out += ["", "active:  # 二、主动公开政府信息情况"]
    for heading, rows, cols in ACTIVE_BLOCKS_2021:
        for row in rows:
            if len(cols) == 1:
                unit = "（单位：万元）" if cols[0] == "amount" else "（件）"
                label = ACTIVE_COLUMN_LABELS[cols[0]].replace("（单位：万元）", "")
                out.append(f"  # {heading} · {ACTIVE_ROW_LABELS[row]} · {label}{unit}")
                out.append(f"  {row}: {format_number(active.get(row))}".rstrip())
            else:
                names = "、".join(f"{ACTIVE_COLUMN_LABELS[c]} {c}" for c in cols)
                out.append(f"  # {heading} · {ACTIVE_ROW_LABELS[row]}：{names}")
                out.append(f"  {row}: {_flow(cols, active.get(row) or {})}")
    columns = "、".join(f"{REQUEST_COLUMN_LABELS[c]} {c}" for c in APPLICANT_COLUMNS[1:])
    out += [
        "",
        "requests:  # 三、收到和处理政府信息公开申请情况（件）",
        f"  # 列：自然人 natural_person；法人或其他组织：{columns}",
        "  # “总计”列与（七）总计由程序计算。",
    ]
    for row in REQUEST_INPUT_ROWS:
        if row == "carried_forward":
            out.append("  # （七）总计：由程序计算")
        out.append(f"  # {request_row_label(row)}")
        out.append(f"  {row}: {_flow(APPLICANT_COLUMNS, requests.get(row) or {})}")
    outcomes = "、".join(f"{APPEAL_OUTCOME_LABELS[o]} {o}" for o in APPEAL_INPUT_OUTCOMES)
    out += ["", "appeals:  # 四、政府信息公开行政复议、行政诉讼情况（件）", f"  # 列：{outcomes}；“总计”由程序计算。"]
    for g in APPEAL_GROUPS:
        out.append(f"  # {APPEAL_GROUP_LABELS[g]}")
        out.append(f"  {g}: {_flow(APPEAL_INPUT_OUTCOMES, appeals.get(g) or {})}")
    return "\n".join(out) + "\n"


def _scalar(text: str | None) -> str:
    if not text:
        return ""
    return yaml.safe_dump(text, allow_unicode=True, default_style=None).strip().removesuffix("\n...").strip()


# --- reading -----------------------------------------------------------------------------------------
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TOP_KEYS = frozenset({"form", "schema", "layout", "meta", "sections", "active", "requests", "appeals"})


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[FormProblem] = []

    def where(self, node: yaml.Node) -> str:
        return f"第{node.start_mark.line + 1}行"

    def origin(self, node: yaml.Node) -> Origin:
        return Origin(self.source, line=node.start_mark.line + 1)

    def problem(self, node: yaml.Node | None, zh: str, en: str) -> None:
        self.problems.append(FormProblem(self.where(node) if node is not None else "", zh, en))

    def mapping(self, node: yaml.Node, name: str, allowed: frozenset[str] | tuple[str, ...]) -> dict[str, yaml.Node]:
        """A mapping's items by key; unknown and duplicate keys reported."""
        if not isinstance(node, yaml.MappingNode):
            if isinstance(node, yaml.ScalarNode) and node.value in _NULLS:
                return {}
            self.problem(node, f"“{name}”应为一组“键: 值”", f"'{name}' must be a mapping")
            return {}
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in allowed:
                near = "、".join(sorted(allowed)[:8])
                self.problem(key_node, f"“{name}”下没有“{key}”这一项（可用：{near}）",
                             f"unknown key '{key}' under '{name}'")
                continue
            if key in out:
                self.problem(key_node, f"“{name}.{key}”重复出现", f"duplicate key '{name}.{key}'")
                continue
            out[key] = value_node
        return out

    def number(self, node: yaml.Node, path: str) -> Value:
        origin = self.origin(node)
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"「{path}」应为一个数字", f"'{path}' must be a number")
            return Value(None, None, origin, "not-a-number")
        raw = str(node.value)
        if node.style is None and raw in _NULLS:
            return Value(None, "", origin, "blank")
        value = parse_number(raw, origin, decimal=path in DECIMAL_CELLS)  # the same parser as reports
        if value.problem == "blank":
            value.raw = ""
        elif value.value is not None and value.value < 0:
            self.problem(node, f"「{path}」不能为负数：{raw}", f"'{path}' cannot be negative: {raw}")
            return Value(None, raw, origin, "negative")
        elif value.problem == "not-an-integer":
            self.problem(node, f"「{path}」应为整数（件数），填的是 {raw}", f"'{path}' must be a whole number: {raw}")
        elif value.problem is not None:
            self.problem(node, f"「{path}」不是数字：“{raw}”", f"'{path}' is not a number: '{raw}'")
        return value

    def cells(self, parent: yaml.Node, table: dict[str, yaml.Node], name: str, rows: tuple[str, ...],
              cols: tuple[str, ...] | None, optional_rows: tuple[str, ...] = (),
              optional_cols: tuple[str, ...] = ()) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for row in rows + optional_rows:
            node = table.get(row)
            if node is None:
                if row not in optional_rows:
                    self.problem(parent, f"缺少“{name}.{row}”", f"'{name}.{row}' is missing")
                continue
            if cols is None:
                out[f"{name}.{row}"] = self.number(node, f"{name}.{row}")
                continue
            values = self.mapping(node, f"{name}.{row}", cols + optional_cols)
            for col in cols + optional_cols:
                path = f"{name}.{row}.{col}"
                if col in values:
                    out[path] = self.number(values[col], path)
                elif col not in optional_cols and not is_derived(path):
                    self.problem(node, f"缺少“{path}”", f"'{path}' is missing")
        return out


def read_yaml_form(text: str, source: str) -> FormInput:
    """The form's content; raises FormInvalid listing every problem with its line."""
    reader = _Reader(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise FormInvalid(source, [FormProblem(where, f"YAML 格式错误：{exc.problem or exc.context}",
                                               f"YAML syntax error: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:
        raise FormInvalid(source, [FormProblem("", f"YAML 格式错误：{exc}", f"YAML syntax error: {exc}")]) from None
    if root is None:
        raise FormInvalid(source, [FormProblem("", "文件为空", "the file is empty")])
    top = reader.mapping(root, "（顶层）", tuple(sorted(_TOP_KEYS)))
    form = FormInput(source=source)
    if "form" in top and str(top["form"].value) != FORM_ID:
        reader.problem(top["form"], f"不是本程序的填报表（form 应为 {FORM_ID}）", f"not an ogi form (form: {FORM_ID})")
    if "schema" in top and str(top["schema"].value) != SCHEMA_ID:
        reader.problem(top["schema"], f"schema 应为 {SCHEMA_ID}", f"schema must be {SCHEMA_ID}")
    if "layout" in top and str(top["layout"].value) != "2021":
        reader.problem(top["layout"], "只支持2021年格式（layout: \"2021\"）", "only the 2021 layout is supported")
    _read_meta(reader, top, form)
    if "sections" in top:
        sections = reader.mapping(top["sections"], "sections", SECTION_KEYS)
        for key, node in sections.items():
            if not isinstance(node, yaml.ScalarNode):
                reader.problem(node, f"“sections.{key}”应为一段文字", f"'sections.{key}' must be text")
                continue
            value = str(node.value)
            form.sections[key] = None if node.style is None and value in _NULLS else value
            form.section_origins[key] = reader.origin(node)
    for name in ("active", "requests", "appeals"):
        if name not in top:
            reader.problem(root, f"缺少“{name}”部分", f"the '{name}' part is missing")
    if "active" in top:
        blocks = {row: cols for _, rows, cols in ACTIVE_BLOCKS_2021 for row in rows}
        active = reader.mapping(top["active"], "active", tuple(blocks))
        form.cells.update(reader.cells(top["active"], active, "active",
                                       tuple(r for r in blocks if len(blocks[r]) == 1), None))
        form.cells.update(reader.cells(top["active"], active, "active",
                                       tuple(r for r in blocks if len(blocks[r]) > 1),
                                       ("issued", "repealed", "in_force")))
    if "requests" in top:
        requests = reader.mapping(top["requests"], "requests", REQUEST_ROWS)
        form.cells.update(reader.cells(top["requests"], requests, "requests", REQUEST_INPUT_ROWS, APPLICANT_COLUMNS,
                                       optional_rows=("total_processed",), optional_cols=("total",)))
    if "appeals" in top:
        appeals = reader.mapping(top["appeals"], "appeals", APPEAL_GROUPS)
        form.cells.update(reader.cells(top["appeals"], appeals, "appeals", APPEAL_GROUPS, APPEAL_INPUT_OUTCOMES,
                                       optional_cols=("total",)))
    if reader.problems:
        raise FormInvalid(source, reader.problems)
    return form


def _read_meta(reader: _Reader, top: dict[str, yaml.Node], form: FormInput) -> None:
    form.meta = Meta(source=reader.source)
    if "meta" not in top:
        reader.problem(None, "缺少“meta”部分（机关名称、报告年度）", "the 'meta' part is missing")
        return
    meta = reader.mapping(top["meta"], "meta", ("agency", "year", "publish_date", "source"))
    node = meta.get("agency")
    if node is not None and isinstance(node, yaml.ScalarNode) and str(node.value).strip() not in _NULLS:
        form.meta.agency = str(node.value).strip()
        form.meta.agency_origin = reader.origin(node)
    node = meta.get("year")
    if node is None or not isinstance(node, yaml.ScalarNode) or str(node.value).strip() in _NULLS:
        reader.problem(node if node is not None else top["meta"], "未填写报告年度（meta.year）",
                       "the report year (meta.year) is missing")
    else:
        text = unicodedata.normalize("NFKC", str(node.value)).strip().removesuffix("年")
        if re.fullmatch(r"(19|20)\d{2}", text):
            form.meta.year = int(text)
            form.meta.year_origin = reader.origin(node)
        else:
            reader.problem(node, f"报告年度应为四位数字，如 2024：“{node.value}”",
                           f"year must be like 2024: '{node.value}'")
    node = meta.get("publish_date")
    if node is not None and isinstance(node, yaml.ScalarNode) and str(node.value).strip() not in _NULLS:
        date = _date(str(node.value).strip())
        if date is None:
            reader.problem(node, f"成文日期应写成 2025-01-20 或 2025年1月20日：“{node.value}”",
                           f"publish_date must look like 2025-01-20: '{node.value}'")
        else:
            form.meta.publish_date = date
            form.meta.date_origin = reader.origin(node)


def _date(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return parse_date(text)


def form_data(report: Report) -> dict[str, Any]:
    """A report's data in the shape the form writer takes (for prefilled forms)."""
    data = report.to_dict()
    data["requests"] = {r: {c: v for c, v in cols.items() if c in REQUEST_COLUMNS} for r, cols in
                        data["requests"].items()}
    return data
