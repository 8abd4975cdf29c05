"""Hand-made Tika-style reports of invented agencies: every irregularity of background.md §9.2 is in
lanxi-market-2024.txt (which is otherwise correct), and beishan-town-2024-errors.txt carries one
deliberate error per rule."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import ogi

FIXTURES = Path(__file__).parent / "fixtures" / "text"
COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
LANXI_REQUESTS = {
    "new": (40, 6, 2, 1, 3, 2, 54),
    "carried_over": (3, 1, 0, 1, 0, 1, 6),
    "granted": (12, 2, 1, 0, 1, 0, 16),
    "partly_granted": (5, 1, 0, 0, 0, 1, 7),
    "denied_state_secret": (1, 0, 0, 0, 0, 0, 1),
    "denied_law_prohibited": (1, 0, 0, 0, 0, 0, 1),
    "denied_security_stability": (0, 0, 0, 1, 0, 0, 1),
    "denied_third_party": (2, 1, 0, 0, 0, 0, 3),
    "denied_internal_affairs": (1, 0, 0, 0, 0, 0, 1),
    "denied_process_info": (2, 0, 0, 0, 1, 0, 3),
    "denied_enforcement_file": (1, 0, 0, 0, 0, 0, 1),
    "denied_query": (1, 0, 0, 0, 0, 0, 1),
    "unable_not_held": (4, 1, 0, 0, 0, 0, 5),
    "unable_needs_creation": (1, 0, 1, 0, 0, 0, 2),
    "unable_unclear": (1, 0, 0, 0, 0, 0, 1),
    "rejected_petition": (2, 0, 0, 0, 0, 0, 2),
    "rejected_duplicate": (1, 0, 0, 0, 0, 1, 2),
    "rejected_publication": (1, 0, 0, 0, 0, 0, 1),
    "rejected_excessive": (1, 0, 0, 0, 0, 0, 1),
    "rejected_confirmation": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (1, 0, 0, 0, 1, 0, 2),
    "other_unpaid_fee": (1, 0, 0, 0, 0, 0, 1),
    "other_other": (1, 1, 0, 0, 0, 0, 2),
    "total_processed": (41, 6, 2, 1, 3, 2, 55),
    "carried_forward": (2, 1, 0, 1, 0, 1, 5),
}


def test_irregular_report_extracts_exactly() -> None:
    data = ogi.read(FIXTURES / "lanxi-market-2024.txt").to_dict()
    assert data["layout"] == "2021"
    assert data["meta"] == {"agency": "兰溪湾县市场监督管理局", "year": 2024, "publish_date": "2025-01-21",
                            "source": "lanxi-market-2024.txt"}
    assert data["requests"] == {row: dict(zip(COLS, values, strict=True)) for row, values in LANXI_REQUESTS.items()}
    assert data["appeals"] == {
        "review": {"upheld": 3, "corrected": 1, "other": 1, "pending": 0, "total": 5},
        "litigation_direct": {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3},
        "litigation_after_review": {"upheld": 2, "corrected": 0, "other": 1, "pending": 0, "total": 3},
    }
    assert data["active"] == {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},  # "１２" full-width
        "licensing": 1234,  # "1,234"
        "penalty": 356,  # U+3000 before
        "coercion": 27,
        "fees": 12.5,
    }


def test_irregular_report_sections_and_provenance() -> None:
    report = ogi.read(FIXTURES / "lanxi-market-2024.txt")
    assert [h.key for h in report.headings] == ["overview", "active_disclosure", "requests", "appeals",
                                                "problems", "other"]
    assert report.sections["overview"] is not None and "依申请公开" in report.sections["overview"]
    assert "[bookmark" not in (report.sections["overview"] or "")
    other = report.sections["other"] or ""
    assert "2025年1月21日" not in other and "— 3 —" not in other and "兰溪湾县市场监督管理局" not in other
    fees = report.get("active.fees")
    assert fees.value == Decimal("12.50") and fees.raw == "12.50"
    # The total of （六）2 sits on an untabbed line after an empty cell.
    unpaid = report.get("requests.other_unpaid_fee.total")
    assert unpaid.value == 1 and unpaid.origin is not None and unpaid.origin.line_end == unpaid.origin.line + 1


def test_irregular_report_has_only_the_label_variant() -> None:
    findings = ogi.check(ogi.read(FIXTURES / "lanxi-market-2024.txt"))
    assert [(f.rule, f.cells[0].path) for f in findings] == [("M23", "active.normative_documents")]


def _summary(path: Path) -> set[tuple[str, bool, str | None]]:
    return {(f.rule, f.checked, f.cells[0].path if f.cells else None) for f in ogi.check(ogi.read(path))}


def test_every_rule_fires_on_its_deliberate_error() -> None:
    got = _summary(FIXTURES / "beishan-town-2024-errors.txt")
    expected_errors = {
        ("M1", True, "requests.new.natural_person"),  # carried_forward 3 instead of 2
        ("M1", True, "requests.new.commercial"),  # （七）总计 7 instead of 6
        ("M3", True, "requests.total_processed.total"),
        ("M3", True, "requests.carried_forward.total"),
        ("M4", True, "appeals.review.total"),  # 4 instead of 5
        ("M5", True, "requests.denied_query.commercial"),  # "—"
        ("M10", True, "requests.total_processed.total"),  # 办结58件
        ("M10", True, "appeals.review.total"),  # 行政复议5件 vs printed 4
        ("M11", True, None),  # 6+20+50 ≠ 86
        ("M12", True, "requests.other_unpaid_fee.total"),  # no 收费通知 in part 六
        ("M13", True, None),
        ("M14", True, None),  # "5、"
        ("M15", True, "requests.unable_unclear.natural_person"),  # row deleted
        ("M23", True, "active.normative_documents"),
        ("M23", True, "requests.other_unpaid_fee"),  # 按照收费通知
        ("M27", True, "requests.new.total"),  # 未收到…申请 but 54 in the table
    }
    assert expected_errors <= got
    unchecked = {g for g in got if not g[1]}
    # The dash and the missing row make some sums uncheckable; each names the cell it lacks.
    assert ("M2", False, "requests.denied_query.commercial") in unchecked
    assert ("M3", False, "requests.denied_query.commercial") in unchecked
    assert got - expected_errors - unchecked == set()


def test_exit_code_semantics(tmp_path: Path) -> None:
    from ogi.results import check_paths

    assert check_paths([FIXTURES / "lanxi-market-2024.txt"]).exit_code == 0
    assert check_paths([FIXTURES / "beishan-town-2024-errors.txt"]).exit_code == 1
    assert check_paths([FIXTURES / "lanxi-market-2024.txt", tmp_path / "absent.txt"]).exit_code == 2


APPEALS_AS_TWO_TABLES = """四、政府信息公开行政复议、行政诉讼情况
\t行政复议

\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计

\t3\n\t1\n\t1\n\t0\n\t5

\t行政诉讼

\t未经复议直接起诉\n\t复议后起诉

\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计

\t1\n\t1\n\t0\n\t1\n\t3\n\t2\n\t0\n\t1\n\t0\n\t3

"""


def test_appeals_printed_as_two_tables() -> None:
    text = (FIXTURES / "lanxi-market-2024.txt").read_text(encoding="utf-8")
    start, end = text.index("四、政府信息公开行政复议"), text.index(" 五、存在的主要问题")
    report = ogi.read_bytes_report((text[:start] + APPEALS_AS_TWO_TABLES + text[end:]).encode("utf-8"), "two.txt")
    assert report.to_dict()["appeals"] == ogi.read(FIXTURES / "lanxi-market-2024.txt").to_dict()["appeals"]
    assert "header-unrecognised" not in [n.code for n in report.notes]
