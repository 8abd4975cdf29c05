"""The rule catalogue and the checker. `check(report)` runs every single-report rule."""

from __future__ import annotations

from collections.abc import Iterable

from ogi.model.report import Report
from ogi.rules.catalogue import Rule, load_catalogue
from ogi.rules.checks import CHECKS
from ogi.rules.finding import SEVERITIES, CellRef, Finding

__all__ = ["CHECKS", "SEVERITIES", "CellRef", "Finding", "Rule", "catalogue", "check"]

def catalogue() -> tuple[Rule, ...]:
    return load_catalogue()


def check(report: Report, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every finding of the catalogue's rules on one report, in catalogue order."""
    out: list[Finding] = []
    report.thaw()  # cells may have changed since the last check
    report.freeze_index()
    try:
        for rule in rules if rules is not None else load_catalogue():
            impl = CHECKS.get(rule.check)
            if impl is not None:  # cross-report checks are run by the corpus store
                out.extend(impl(rule, report))
    finally:
        report.thaw()
    return out
