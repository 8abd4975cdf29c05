"""`ogi extract` and `ogi check` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ogi.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "text"
GOOD = FIX / "lanxi-market-2024.txt"
BAD = FIX / "beishan-town-2024-errors.txt"
runner = CliRunner()


def test_extract_one_file_is_one_object() -> None:
    result = runner.invoke(app, ["extract", str(GOOD)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "ogi.annual-report/1" and data["requests"]["new"]["total"] == 54


def test_extract_several_files_is_a_list_and_jsonl_a_line_each() -> None:
    result = runner.invoke(app, ["extract", str(GOOD), str(BAD)])
    assert [d["meta"]["agency"] for d in json.loads(result.stdout)] == ["兰溪湾县市场监督管理局", "北山镇"]
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(GOOD), str(BAD)])
    assert [json.loads(line)["meta"]["year"] for line in result.stdout.splitlines()] == [2024, 2024]


def test_extract_csv_one_row_per_cell(tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    result = runner.invoke(app, ["extract", "-f", "csv", "-o", str(out), str(GOOD)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["file", "table", "row", "column", "value"]
    assert len(rows) == 10 + 25 * 7 + 15
    [granted] = [r for r in rows if (r["table"], r["row"], r["column"]) == ("requests", "granted", "total")]
    assert granted == {"file": "lanxi-market-2024.txt", "table": "requests", "row": "granted",
                       "column": "total", "value": "16"}


def test_extract_csv_with_provenance() -> None:
    result = runner.invoke(app, ["extract", "-f", "csv", "--provenance", str(GOOD)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    [licensing] = [r for r in rows if r["row"] == "licensing"]
    assert licensing["printed"] == "1,234" and licensing["value"] == "1234" and licensing["line"]


def test_check_exit_codes_and_summary() -> None:
    ok = runner.invoke(app, ["check", str(GOOD)])
    assert ok.exit_code == 0 and "共1份" in ok.stdout
    bad = runner.invoke(app, ["check", str(BAD)])
    assert bad.exit_code == 1
    assert "M1 错误" in bad.stdout and "「自然人」列" in bad.stdout and "第三部分" not in bad.stdout.split("\n")[0]
    en = runner.invoke(app, ["check", "--lang", "en", str(BAD)])
    assert "column 'natural_person'" in en.stdout


def test_check_json_and_unreadable_file_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive")
    result = runner.invoke(app, ["check", "--format", "json", str(broken), str(GOOD)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["stats"]["files"] == 2 and data["stats"]["unreadable"] == 1
    first, second = data["results"]
    assert first["path"] == str(broken) and "error" in first
    assert second["valid"] is True and second["agency"] == "兰溪湾县市场监督管理局"


def test_check_a_folder() -> None:
    result = runner.invoke(app, ["check", str(FIX)])
    assert result.exit_code == 1
    assert "lanxi-market-2024.txt" in result.stdout and "beishan-town-2024-errors.txt" in result.stdout


def test_bad_input_never_shows_a_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "report.pdf"
    garbage.write_bytes(b"\x00\xff" * 100)
    proc = subprocess.run([sys.executable, "-m", "ogi", "extract", str(garbage), str(tmp_path / "none.txt")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and str(garbage) in proc.stderr and "文件不存在" in proc.stderr
    assert proc.stdout == ""  # nothing readable: no partial output


def test_extract_output_file_is_not_written_when_nothing_is_readable(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", "-o", str(out), str(tmp_path / "none.txt")])
    assert result.exit_code == 2 and not out.exists()
