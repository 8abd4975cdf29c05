"""The corpus commands end to end: ingest, agencies import, status, export, stats."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app
from tests.store_fixtures import report_data, write_report


def test_ingest_status_export_stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.chdir(tmp_path)
    rng = random.Random(41)
    write_report(tmp_path / "in", "a.txt", report_data(rng, "青禾县交通局", 2023))
    (tmp_path / "in" / "bad.txt").write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "in"])
    assert result.exit_code == 2
    assert "读取 2 份：新增 1，新版本 0，已存在 0，失败 1" in result.output
    assert "bad.txt: 文件为空" in result.output
    assert (tmp_path / "ogi.db").exists()  # the default database

    (tmp_path / "units.csv").write_text("name,level,expected\n青禾县交通局,department,1\n青禾县农业局,department,1\n",
                                        encoding="utf-8")
    assert runner.invoke(app, ["agencies", "import", "units.csv"]).exit_code == 0
    result = runner.invoke(app, ["status", "--year", "2023"])
    assert result.exit_code == 0
    assert "2023年：未报送 1，有错误 0，有警告 1，无问题 0" in result.output

    result = runner.invoke(app, ["export", "--format", "csv", "-o", "out.csv", "--year", "2023"])
    assert result.exit_code == 0 and "已导出 200 个单元格" in result.output
    assert len((tmp_path / "out.csv").read_text("utf-8").splitlines()) == 201

    result = runner.invoke(app, ["stats", "--plot", "charts"])
    assert result.exit_code == 0 and "各年度汇总" in result.output
    assert len(list((tmp_path / "charts").glob("*.png"))) == 4

    bad = tmp_path / "bad.csv"
    bad.write_text("name,level\n某单位,galaxy\n", encoding="utf-8")
    result = runner.invoke(app, ["agencies", "import", "bad.csv"])
    assert result.exit_code == 2 and "级别“galaxy”无法识别" in result.output
