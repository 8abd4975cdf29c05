"""A finding: what is wrong (or could not be checked) in one report, which rule says so, and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ogi.document.model import Origin
from ogi.model.schema import cell_label

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _num(v: int | Decimal | None) -> int | float | None:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


@dataclass(slots=True)
class CellRef:
    """A cell a finding reads: its path in the report model, what was printed there, and where."""

    path: str
    value: int | Decimal | None
    raw: str | None
    origin: Origin | None

    def label(self, lang: str = "zh") -> str:
        return cell_label(self.path, lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "label": self.label("zh"),
            "value": _num(self.value),
            "printed": self.raw,
            "origin": self.origin.to_dict() if self.origin else None,
        }


@dataclass(slots=True)
class Finding:
    """`checked` is False when the rule could not be evaluated (a cell it needs is blank or missing);
    such a finding names the cells and never counts as a pass."""

    rule: str
    code: str
    severity: str
    part: str | None
    message_zh: str
    message_en: str
    cells: list[CellRef] = field(default_factory=list)
    expected: str | None = None
    actual: str | None = None
    checked: bool = True
    source: str | None = None
    origin: Origin | None = None

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def location(self, lang: str = "zh") -> str:
        origins = [c.origin for c in self.cells if c.origin] or ([self.origin] if self.origin else [])
        places = list(dict.fromkeys(o.describe(lang) for o in origins if o.describe(lang)))
        more = len(places) - 2
        shown = "; ".join(places[:2])
        if more > 0:
            shown += f" 等{len(places)}处" if lang == "zh" else f" and {more} more"
        return shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
            "checked": self.checked,
            "part": self.part,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "expected": self.expected,
            "actual": self.actual,
            "cells": [c.to_dict() for c in self.cells],
            "origin": self.origin.to_dict() if self.origin else None,
            "source": self.source,
        }
