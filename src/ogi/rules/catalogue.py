"""Loading the rule catalogue (catalogue.yaml) into Rule records."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ogi.document.model import Origin
from ogi.model.report import Report, Value
from ogi.rules.finding import SEVERITIES, CellRef, Finding


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    rule: str
    severity: str
    part: str | None
    check: str
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    params: dict[str, Any] = field(default_factory=dict)

    def finding(
        self,
        report: Report,
        ctx: dict[str, Any],
        cells: list[tuple[str, Value]] | None = None,
        *,
        expected: object = None,
        actual: object = None,
        checked: bool = True,
        severity: str | None = None,
        origin: Origin | None = None,
        message_zh: str | None = None,
        message_en: str | None = None,
    ) -> Finding:
        values = _Default(ctx)
        part = self.part
        if part is None and cells:
            part = _TABLE_PARTS.get(cells[0][0].split(".")[0])
        return Finding(
            rule=self.rule,
            code=self.code,
            severity=severity or self.severity,
            part=part,
            message_zh=message_zh or self.message_zh.format_map(values),
            message_en=message_en or self.message_en.format_map(values),
            cells=[CellRef(p, v.value, v.raw, v.origin) for p, v in (cells or [])],
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            checked=checked,
            source=report.meta.source or report.source,
            origin=origin,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "rule": self.rule, "severity": self.severity, "part": self.part,
            "check": self.check, "title": {"zh": self.title_zh, "en": self.title_en},
            "message": {"zh": self.message_zh, "en": self.message_en},
            **({"params": self.params} if self.params else {}),
        }


_TABLE_PARTS = {"active": "二", "requests": "三", "appeals": "四"}
_KNOWN = {"code", "rule", "severity", "part", "check", "title", "message"}


@cache
def load_catalogue() -> tuple[Rule, ...]:
    text = resources.files("ogi.rules").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    rules: list[Rule] = []
    for entry in yaml.safe_load(text):
        if entry["severity"] not in SEVERITIES:
            raise ValueError(f"catalogue.yaml: {entry['code']}: unknown severity {entry['severity']}")
        rules.append(Rule(
            code=entry["code"], rule=entry["rule"], severity=entry["severity"], part=entry.get("part"),
            check=entry["check"], title_zh=entry["title"]["zh"], title_en=entry["title"]["en"],
            message_zh=entry["message"]["zh"], message_en=entry["message"]["en"],
            params={k: v for k, v in entry.items() if k not in _KNOWN},
        ))
    return tuple(rules)
