"""Authoring forms: YAML and XLSX forms, derived cells, carry-over from last year, malformed input."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

import ogi
from ogi.authoring import FormInvalid, complete
from ogi.authoring.fields import DERIVED_CELLS, INPUT_CELLS
from ogi.authoring.pipeline import load_input, new_form, prepare
from ogi.authoring.xlsxform import read_xlsx_form, sheet_layout, write_xlsx_form
from ogi.authoring.yamlform import read_yaml_form, write_yaml_form
from ogi.cli import app
from tests.support.factory import consistent_data

SEED_004 = "004_963677cf7fabcad5"
TABLES = ("active", "requests", "appeals")
runner = CliRunner()


def _data(seed: int, **kw: Any) -> dict[str, Any]:
    return consistent_data(random.Random(seed), publish_date="2025-01-20",
                           sections={"overview": "本机关认真贯彻落实条例。\n全年主动公开信息。",
                                     "other": "本机关未收取信息处理费。"}, **kw)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_blank_yaml_form_names_every_row_and_leaves_inputs_blank() -> None:
    text = write_yaml_form(agency="青禾县人民政府办公室", year=2024)
    assert "# （三）不予公开 · 3.危及“三安全一稳定”" in text
    assert "# 第二十条第（八）项 · 行政事业性收费 · 本年收费金额（单位：万元）" in text
    assert "total_processed" not in text.split("requests:")[1].split("appeals:")[0].replace("（七）总计", "")
    form = read_yaml_form(text, "blank.yaml")
    assert form.meta.agency == "青禾县人民政府办公室" and form.meta.year == 2024
    assert sorted(form.cells) == sorted(INPUT_CELLS)
    assert all(v.value is None and v.problem == "blank" for v in form.cells.values())
    report, _ = complete(form)
    blank = [f for f in ogi.check(report) if f.rule == "M5"]
    assert len(blank) == len(INPUT_CELLS)  # the derived cells are not reported, only what must be typed
    line = _line_of(text, "  new: ")
    assert any(f.cells[0].path == "requests.new.natural_person" and f.cells[0].origin is not None
               and f.cells[0].origin.line == line for f in blank)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.sampled_from([3, 60, 5000]))
def test_yaml_form_round_trip_derives_every_total(seed: int, high: int) -> None:
    data = consistent_data(random.Random(seed), high=high)
    form = read_yaml_form(write_yaml_form(data), "f.yaml")
    assert not [p for p in DERIVED_CELLS if p in form.cells]  # derived cells are never typed
    report, findings = complete(form)
    got = report.to_dict()
    for key in TABLES:
        assert got[key] == data[key], key
    assert findings == [] and not [f for f in ogi.check(report) if f.severity == "error"]


def test_typed_derived_value_that_disagrees_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    text = write_yaml_form(_data(3))
    row = next(line for line in text.splitlines() if line.startswith("  granted: "))
    text = text.replace(row, row[:-1] + ", total: 99999}")
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    _, findings = prepare(path)
    [m3] = [f for f in findings if f.rule == "M3"]
    assert m3.cells[0].path == "requests.granted.total" and m3.cells[0].value == 99999
    assert m3.cells[0].origin is not None and m3.cells[0].origin.line == _line_of(text, "  granted: ")
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "M3" in result.stderr and "（一）予以公开" in result.stderr
    forced = runner.invoke(app, ["render", str(path), "-o", str(out), "--force"])
    assert forced.exit_code == 0 and out.exists() and "--force" in forced.stderr


def test_malformed_yaml_lists_each_problem_with_its_line(tmp_path: Path) -> None:
    text = write_yaml_form(_data(4))
    lines = text.splitlines()
    n_pen = _line_of(text, "  penalty: ")
    n_new = _line_of(text, "  new: ")
    n_rev = _line_of(text, "  review: ")
    n_fees = _line_of(text, "  fees: ")
    lines[n_pen - 1] = "  penalty: 十二"
    lines[n_new - 1] = lines[n_new - 1].replace("natural_person: ", "natural_persn: ")
    lines[n_rev - 1] = "  review: {upheld: -1, corrected: 2.5, other: 0, pending: 0}"
    lines[n_fees - 1] = "  fees: 12.75"  # an amount may have decimals
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormInvalid) as info:
        load_input(path)
    got = sorted((p.where, p.message_en.split(":")[0].split(" ")[0]) for p in info.value.problems)
    assert [w for w, _ in got] == sorted([f"第{n_pen}行", f"第{n_new}行", f"第{n_new}行", f"第{n_rev}行",
                                          f"第{n_rev}行"])
    messages = " | ".join(p.message_zh for p in info.value.problems)
    assert "不是数字" in messages and "natural_persn" in messages and "缺少“requests.new.natural_person”" in messages
    assert "不能为负数" in messages and "应为整数" in messages
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr.count("bad.yaml: 第") == 5


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("form: ogi-form/1\nmeta:\n  agency: x\n  year: 2024\nrequests: {new: [\n", encoding="utf-8")
    with pytest.raises(FormInvalid) as info:
        load_input(path)
    [problem] = info.value.problems
    assert problem.where == "第6行" and "YAML" in problem.message_zh


def test_xlsx_form_is_laid_out_like_the_tables_with_formulas_and_locks() -> None:
    data = _data(5)
    raw = write_xlsx_form(data)
    wb = load_workbook(io.BytesIO(raw))
    ws = wb["年度报告"]
    layout = sheet_layout()
    assert ws.protection.sheet is True
    r, c = layout.cells["requests.granted.total"]
    assert ws.cell(r, c).value == f"=SUM(D{r}:I{r})"
    r, c = layout.cells["requests.total_processed.natural_person"]
    first, _ = layout.cells["requests.granted.natural_person"]
    last, _ = layout.cells["requests.other_other.natural_person"]
    assert ws.cell(r, c).value == f"=SUM(D{first}:D{last})" and ws.cell(r, c).protection.locked
    r, c = layout.cells["appeals.review.total"]
    assert ws.cell(r, c).value == f"=SUM(A{r}:D{r})"
    r, c = layout.cells["requests.new.natural_person"]
    assert ws.cell(r, c).protection.locked is False
    assert ws.cell(r, 1).value == "一、本年新收政府信息公开申请数量" and ws.cell(r, 1).protection.locked
    merged = {str(m) for m in ws.merged_cells.ranges}
    g, _ = layout.cells["requests.granted.natural_person"]
    t, _ = layout.cells["requests.total_processed.natural_person"]
    d, _ = layout.cells["requests.denied_state_secret.natural_person"]
    assert f"A{g}:A{t}" in merged and f"B{d}:B{d + 7}" in merged
    report, _ = complete(read_xlsx_form(raw, "f.xlsx"))
    got = report.to_dict()
    for key in (*TABLES, "sections"):
        assert got[key] == {**data[key], **({} if key != "sections" else
                                            {k: v or "" for k, v in data["sections"].items()})}, key


def test_xlsx_bad_cells_are_named(tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(write_xlsx_form(_data(6))))
    ws = wb["年度报告"]
    layout = sheet_layout()
    r1, c1 = layout.cells["requests.new.commercial"]
    r2, c2 = layout.cells["active.licensing"]
    ws.cell(r1, c1).value = "五"
    ws.cell(r2, c2).value = 3.5
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(FormInvalid) as info:
        load_input(path)
    assert sorted(p.where for p in info.value.problems) == sorted([f"E{r1}", f"B{r2}"])
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists() and f"E{r1}" in result.stderr


def test_xlsx_typed_total_is_checked_and_blank_inputs_name_their_cell(tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(write_xlsx_form(_data(7))))
    ws = wb["年度报告"]
    layout = sheet_layout()
    r, c = layout.cells["appeals.review.total"]
    ws.cell(r, c).value = 1000
    rb, cb = layout.cells["requests.denied_query.research"]
    ws.cell(rb, cb).value = None
    path = tmp_path / "f.xlsx"
    wb.save(path)
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 1
    assert "M4 错误" in result.stderr and f"@ E{r}" in result.stderr
    assert "M5 错误" in result.stderr and f"@ F{rb}" in result.stderr


def test_previous_year_fills_carried_over(shared_dir: Path, tmp_path: Path) -> None:
    previous = shared_dir / "seeds" / f"{SEED_004}.txt"
    text = new_form("yaml", previous=previous).decode("utf-8")
    form = read_yaml_form(text, "n.yaml")
    assert form.meta.agency == "巴州区" and form.meta.year == 2024
    assert form.cells["requests.carried_over.natural_person"].value == 5
    assert form.cells["requests.carried_over.commercial"].value == 0
    assert form.cells["requests.new.natural_person"].problem == "blank"
    # A form that types a different carry-over is refused, naming the cell and its line.
    data = _data(8)
    data["meta"]["year"] = 2024
    path = tmp_path / "f.yaml"
    path.write_text(write_yaml_form(data), encoding="utf-8")
    report, findings = prepare(path, previous)
    m6 = [f for f in findings if f.rule == "M6"]
    assert {f.cells[0].path for f in m6} == {f"requests.carried_over.{c}" for c, v in
                                             data["requests"]["carried_over"].items()
                                             if c != "total" and v != (5 if c == "natural_person" else 0)}
    # Left out of the form, it is taken from last year: M6 holds by construction.
    for row in ("carried_over",):
        del data["requests"][row]
    text = write_yaml_form(data).replace("  carried_over: {", "  carried_over: {").split("\n")
    text = [line for line in text if not line.startswith("  carried_over: ")]
    text.insert(next(i for i, line in enumerate(text) if line.startswith("  granted: ")),
                "  carried_over: {natural_person: , commercial: , research: , social_welfare: , legal_services: ,"
                " other_org: }")
    path.write_text("\n".join(text), encoding="utf-8")
    report, findings = prepare(path, previous)
    assert report.to_dict()["requests"]["carried_over"] == {"natural_person": 5, "commercial": 0, "research": 0,
                                                            "social_welfare": 0, "legal_services": 0,
                                                            "other_org": 0, "total": 5}
    assert not [f for f in findings if f.rule == "M6"]


def test_cli_new_writes_forms_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    result = runner.invoke(app, ["new", "--agency", "青禾县交通运输局", "--year", "2024", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    form = load_input(out)
    assert form.meta.agency == "青禾县交通运输局" and form.meta.year == 2024
    again = runner.invoke(app, ["new", "-o", str(out)])
    assert again.exit_code == 2
    result = runner.invoke(app, ["new", "--year", "2024", "--format", "yaml"])
    assert result.exit_code == 0 and "form: ogi-form/1" in result.stdout


def test_render_from_canonical_json(tmp_path: Path) -> None:
    data = _data(9)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "## 三、收到和处理政府信息公开申请情况" in out.read_text(encoding="utf-8")
