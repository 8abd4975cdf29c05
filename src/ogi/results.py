"""Checking many files: one result per source (a report with its findings, or why it could not be read)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogi.errors import UnreadableInput
from ogi.model.report import Report
from ogi.rules import Finding, check

# File endings a folder walk picks up; content decides the reader, this only decides what to try.
REPORT_SUFFIXES = (".txt", ".text", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".shtml", ".xhtml",
                   ".xlsx", ".xls", ".et", ".odt", ".rtf")


@dataclass(slots=True)
class DocumentResult:
    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: UnreadableInput | None = None

    @property
    def counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings if f.checked) + Counter(
            "unchecked" for f in self.findings if not f.checked)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" and f.checked for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.error is not None:
            out["error"] = {"code": self.error.code,
                            "message": {"zh": self.error.reason_zh, "en": self.error.reason_en}}
            return out
        assert self.report is not None
        out["agency"] = self.report.meta.agency
        out["year"] = self.report.meta.year
        out["layout"] = self.report.layout
        out["valid"] = not self.has_errors
        out["stats"] = dict(self.counts)
        out["findings"] = [f.to_dict() for f in self.findings]
        return out


@dataclass(slots=True)
class CheckReport:
    results: list[DocumentResult]

    @property
    def unreadable(self) -> list[DocumentResult]:
        return [r for r in self.results if r.error is not None]

    @property
    def valid(self) -> bool:
        return not any(r.has_errors for r in self.results) and not self.unreadable

    @property
    def exit_code(self) -> int:
        """0: no errors; 1: a report has errors; 2: an input could not be read."""
        if self.unreadable:
            return 2
        return 1 if any(r.has_errors for r in self.results) else 0

    def stats(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for r in self.results:
            total += r.counts
        return {"files": len(self.results), "unreadable": len(self.unreadable),
                "with_errors": sum(1 for r in self.results if r.has_errors), **total}

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "stats": self.stats(), "results": [r.to_dict() for r in self.results]}


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files as given; folders walked (sorted) for report files."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in REPORT_SUFFIXES and not child.name.startswith("~$"):
                    yield str(child)
        else:
            yield str(path)


def check_file(path: str) -> DocumentResult:
    from ogi import read

    try:
        report = read(path)
    except UnreadableInput as exc:
        return DocumentResult(path, error=exc)
    return DocumentResult(path, report, check(report))


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> CheckReport:
    return CheckReport([check_file(p) for p in expand_paths(paths)])
