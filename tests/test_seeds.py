"""The five real seed reports: exact data, and exactly the findings background.md §9.3 lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ogi

SEEDS = ["000_92ce2381d5189585", "001_89ed34bd233239fd", "002_d4524e0073e7a70b", "003_7a49fdbfa9f4603b",
         "004_963677cf7fabcad5"]

# (rule, checked, cell path or None) per seed — background.md §9.3.
EXPECTED_FINDINGS: dict[str, list[tuple[str, bool, str | None]]] = {
    "000_92ce2381d5189585": [("M12", True, None), ("M13", True, None)],
    "001_89ed34bd233239fd": [("M13", True, None), ("M14", True, None)],
    "002_d4524e0073e7a70b": [
        ("M2", False, "requests.granted.total"),
        ("M3", False, "requests.granted.total"),
        ("M5", True, "requests.granted.total"),
        ("M13", True, None),
        ("M23", True, "active.normative_documents"),
        ("M23", True, "requests.other_unpaid_fee"),
    ],
    "003_7a49fdbfa9f4603b": [("M11", True, None), ("M13", True, None), ("M14", True, None)],
    "004_963677cf7fabcad5": [("M12", True, "requests.other_unpaid_fee.total"), ("M13", True, None)],
}


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_extracts_exactly(shared_dir: Path, seed: str) -> None:
    expected = json.loads((shared_dir / "seeds" / f"{seed}.expected.json").read_text(encoding="utf-8"))
    got = ogi.read(shared_dir / "seeds" / f"{seed}.txt").to_dict()
    for key in expected:
        assert got[key] == expected[key], key


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_findings_are_exactly_the_known_ones(shared_dir: Path, seed: str) -> None:
    findings = ogi.check(ogi.read(shared_dir / "seeds" / f"{seed}.txt"))
    got = sorted((f.rule, f.checked, f.cells[0].path if f.cells else None) for f in findings)
    assert got == sorted(EXPECTED_FINDINGS[seed])


def test_seed_003_narrative_sum_names_the_numbers(shared_dir: Path) -> None:
    [finding] = [f for f in ogi.check(ogi.read(shared_dir / "seeds" / "003_7a49fdbfa9f4603b.txt")) if f.rule == "M11"]
    assert finding.expected == "153" and finding.actual == "156"
    assert finding.origin is not None and finding.origin.line == 7


def test_seed_002_blank_cell_points_at_its_line(shared_dir: Path) -> None:
    report = ogi.read(shared_dir / "seeds" / "002_d4524e0073e7a70b.txt")
    value = report.get("requests.granted.total")
    assert value.value is None and value.problem == "blank"
    assert value.origin is not None and value.origin.line == 118


def test_seed_002_split_row_is_merged_not_doubled(shared_dir: Path) -> None:
    report = ogi.read(shared_dir / "seeds" / "002_d4524e0073e7a70b.txt")
    assert [n.code for n in report.notes].count("row-split") == 1
    assert report.get("requests.unable_not_held.natural_person").value == 0
