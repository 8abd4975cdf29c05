"""Rules across reports (M6, M7, M8, M21, M22, roll-up): same catalogue, same Finding as the
single-report rules. They read a `CorpusData` (the current version of every stored report, its
agency and numbers) and yield (document id, finding, other document id or None)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from ogi.agencies import RULE_MAKING_LEVELS
from ogi.model.report import Report, Value
from ogi.model.schema import REQUEST_COLUMN_LABELS, REQUEST_COLUMNS, cell_label
from ogi.rules.catalogue import Rule, load_catalogue
from ogi.rules.finding import Finding
from ogi.store import minhash
from ogi.store.cellkeys import CELL_PATHS

CorpusFinding = tuple[int, Finding, int | None]


@dataclass(slots=True)
class Doc:
    """One stored report as the corpus rules see it."""

    id: int
    agency_id: int | None
    agency: str
    year: int | None
    level: str | None
    source: str
    layout: str  # cell layout, see ogi.store.cellkeys
    numbers: npt.NDArray[np.float64]
    signature: bytes | None = None
    parent_id: int | None = None

    def number(self, path: str) -> float | None:
        try:
            v = self.numbers[CELL_PATHS[self.layout].index(path)]
        except ValueError:
            return None
        return None if np.isnan(v) else float(v)


@dataclass(slots=True)
class CorpusData:
    docs: list[Doc]
    agencies: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> name, level, parent_id, rollup, expected
    cell: Callable[[Doc, str], Value] | None = None  # the stored value with its provenance

    def value(self, doc: Doc, path: str) -> Value:
        if self.cell is not None:
            return self.cell(doc, path)
        n = doc.number(path)
        return Value(None if n is None else _count(n))

    def by_agency_year(self) -> dict[tuple[int, int], Doc]:
        return {(d.agency_id, d.year): d for d in self.docs if d.agency_id is not None and d.year is not None}


def _count(v: float) -> int | Decimal:
    return int(v) if v == int(v) else Decimal(str(v))


def _int(v: float) -> int | float:
    return int(v) if v == int(v) else v


def _fmt(v: float | None) -> str:
    return "空白" if v is None else str(_int(v))


def _stub(doc: Doc) -> Report:
    report = Report(source=doc.source)
    report.meta.source = doc.source
    return report


def _pairs_with_previous(data: CorpusData) -> Iterator[tuple[Doc, Doc]]:
    index = data.by_agency_year()
    for doc in data.docs:
        if doc.agency_id is not None and doc.year is not None:
            prev = index.get((doc.agency_id, doc.year - 1))
            if prev is not None:
                yield doc, prev


# --- M6 ---------------------------------------------------------------------------------------------
def carry_over(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    """This year's 上年结转 equals last year's 结转下年度继续办理, column by column."""
    for doc, prev in _pairs_with_previous(data):
        for col in REQUEST_COLUMNS:
            here, there = f"requests.carried_over.{col}", f"requests.carried_forward.{col}"
            a, b = doc.number(here), prev.number(there)
            if a is not None and b is not None and a == b:
                continue
            cells = [(here, data.value(doc, here)), (there, data.value(prev, there))]
            ctx = {"column": REQUEST_COLUMN_LABELS[col], "column_en": col, "this": _fmt(a), "prev": _fmt(b),
                   "prev_year": prev.year, "prev_source": prev.source}
            checked = a is not None and b is not None
            f = rule.finding(_stub(doc), ctx, cells, expected=None if b is None else _int(b),
                             actual=None if a is None else _int(a), checked=checked)
            yield doc.id, f, prev.id


# --- M7 ---------------------------------------------------------------------------------------------
def in_force_follows(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    """现行有效件数(y) = 现行有效件数(y−1) + 本年制发件数(y) − 本年废止件数(y), for 规章 and 规范性文件."""
    for doc, prev in _pairs_with_previous(data):
        if doc.layout == "2019" or prev.layout == "2019":
            continue
        for row in rule.params.get("rows", ["normative_documents", "rules"]):
            paths = [f"active.{row}.in_force", f"active.{row}.issued", f"active.{row}.repealed"]
            now, issued, repealed = (doc.number(p) for p in paths)
            before = prev.number(f"active.{row}.in_force")
            if None not in (now, issued, repealed, before):
                assert now is not None and issued is not None and repealed is not None and before is not None
                expected = before + issued - repealed
                if abs(now - expected) <= float(rule.params.get("tolerance", 0)):
                    continue
            else:
                expected = None
            cells = [(p, data.value(doc, p)) for p in paths]
            cells.append((f"active.{row}.in_force", data.value(prev, f"active.{row}.in_force")))
            ctx = {"row": cell_label(f"active.{row}"), "row_en": row, "now": _fmt(now), "before": _fmt(before),
                   "issued": _fmt(issued), "repealed": _fmt(repealed), "expected": _fmt(expected),
                   "prev_year": prev.year}
            yield doc.id, rule.finding(_stub(doc), ctx, cells, expected=None if expected is None else _int(expected),
                                       actual=None if now is None else _int(now),
                                       checked=expected is not None), prev.id


# --- M8 ---------------------------------------------------------------------------------------------
def rules_power(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    """Only 国务院部门 and provincial / 设区的市 / 自治州 governments make 规章: others report none."""
    for doc in data.docs:
        paths = [p for p in CELL_PATHS[doc.layout] if p.startswith("active.rules.")]
        nonzero = [p for p in paths if (doc.number(p) or 0) > 0]
        if not nonzero or doc.level in RULE_MAKING_LEVELS:
            continue
        cells = [(p, data.value(doc, p)) for p in nonzero]
        printed = "、".join(f"{cell_label(p)} {_fmt(doc.number(p))}" for p in nonzero)
        if doc.level is None:
            ctx = {"agency": doc.agency, "printed": printed, "level": "未知", "level_en": "unknown"}
            yield doc.id, rule.finding(_stub(doc), ctx, cells, checked=False,
                                       message_zh=f"「{doc.agency}」的级别未知，无法核对规章数：{printed}",
                                       message_en=f"the level of '{doc.agency}' is unknown: cannot check 规章"), None
            continue
        from ogi.agencies import LEVEL_ZH

        ctx = {"agency": doc.agency, "printed": printed, "level": LEVEL_ZH.get(doc.level, doc.level),
               "level_en": doc.level}
        yield doc.id, rule.finding(_stub(doc), ctx, cells, expected=0, actual=printed), None


# --- M21 --------------------------------------------------------------------------------------------
def similar_previous_year(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    threshold = float(rule.params.get("threshold", 0.9))
    for doc, prev in _pairs_with_previous(data):
        if doc.signature is None or prev.signature is None:
            continue
        sim = minhash.similarity(doc.signature, prev.signature)
        if sim >= threshold:
            ctx = {"similarity": f"{sim:.0%}", "prev_year": prev.year, "prev_source": prev.source}
            yield doc.id, rule.finding(_stub(doc), ctx, expected=f"< {threshold:.0%}", actual=f"{sim:.0%}"), prev.id


def tables_repeat(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    for doc, prev in _pairs_with_previous(data):
        if doc.layout != prev.layout or not np.nansum(np.abs(doc.numbers)) > 0:
            continue
        if np.array_equal(doc.numbers, prev.numbers, equal_nan=True):
            ctx = {"prev_year": prev.year, "prev_source": prev.source}
            yield doc.id, rule.finding(_stub(doc), ctx), prev.id


# --- M22 --------------------------------------------------------------------------------------------
def similar_same_year(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    threshold = float(rule.params.get("threshold", 0.9))
    by_year: dict[int, list[Doc]] = defaultdict(list)
    for d in data.docs:
        if d.year is not None and d.signature is not None:
            by_year[d.year].append(d)
    for docs in by_year.values():
        by_id = {d.id: d for d in docs}
        pairs = minhash.candidate_pairs((d.id, d.signature) for d in docs if d.signature is not None)
        for x, y in sorted(pairs):
            a, b = by_id[x], by_id[y]
            if a.agency_id is not None and a.agency_id == b.agency_id:
                continue
            assert a.signature is not None and b.signature is not None
            sim = minhash.similarity(a.signature, b.signature)
            if sim < threshold:
                continue
            for this, other in ((a, b), (b, a)):
                ctx = {"similarity": f"{sim:.0%}", "other": other.agency, "other_source": other.source}
                yield this.id, rule.finding(_stub(this), ctx, expected=f"< {threshold:.0%}",
                                            actual=f"{sim:.0%}"), other.id


# --- roll-up ----------------------------------------------------------------------------------------
def _rollup_paths(layout: str) -> list[str]:
    out = [p for p in CELL_PATHS[layout] if p.startswith("requests.") and p.endswith(".total")]
    out += [p for p in CELL_PATHS[layout] if p.startswith("appeals.")]
    if layout != "2019":
        out += [p for p in CELL_PATHS[layout] if p.startswith("active.") and not p.endswith(".in_force")]
    return out


def parent_rollup(rule: Rule, data: CorpusData) -> Iterator[CorpusFinding]:
    """A body marked as summing its units (`rollup`) reports the sum of its units' reports."""
    index = data.by_agency_year()
    children: dict[int, list[int]] = defaultdict(list)
    for agency_id, info in data.agencies.items():
        if info.get("parent_id") is not None:
            children[int(info["parent_id"])].append(agency_id)
    for doc in data.docs:
        if doc.agency_id is None or doc.year is None or not data.agencies.get(doc.agency_id, {}).get("rollup"):
            continue
        units = children.get(doc.agency_id, [])
        unit_docs = [index[(u, doc.year)] for u in units if (u, doc.year) in index]
        missing = [data.agencies[u]["name"] for u in units if (u, doc.year) not in index]
        if not units:
            continue
        if missing:
            ctx = {"missing": "、".join(missing), "count": len(missing)}
            yield doc.id, rule.finding(
                _stub(doc), ctx, checked=False,
                message_zh=f"下属单位缺少{doc.year}年报告，无法核对汇总：{ctx['missing']}",
                message_en=f"{len(missing)} units have no report for {doc.year}: cannot check the roll-up"), None
            continue
        for path in _rollup_paths(doc.layout):
            mine = doc.number(path)
            parts = [u.number(path) for u in unit_docs]
            if mine is None or any(p is None for p in parts):
                continue
            total = sum(p for p in parts if p is not None)
            if abs(mine - total) > 1e-6:
                ctx = {"cell": cell_label(path), "cell_en": cell_label(path, "en"), "printed": _fmt(mine),
                       "sum": _fmt(total), "units": len(unit_docs)}
                yield doc.id, rule.finding(_stub(doc), ctx, [(path, data.value(doc, path))],
                                           expected=_int(total), actual=_int(mine)), None


CORPUS_CHECKS: dict[str, Callable[[Rule, CorpusData], Iterator[CorpusFinding]]] = {
    "cross_year_carry": carry_over,
    "cross_year_in_force": in_force_follows,
    "rules_power": rules_power,
    "similar_previous_year": similar_previous_year,
    "tables_repeat_previous_year": tables_repeat,
    "similar_same_year": similar_same_year,
    "parent_rollup": parent_rollup,
}


def corpus_rules(rules: Iterable[Rule] | None = None) -> list[Rule]:
    return [r for r in (rules if rules is not None else load_catalogue()) if r.check in CORPUS_CHECKS]


def check_corpus(data: CorpusData, rules: Iterable[Rule] | None = None) -> list[CorpusFinding]:
    """Every finding of the rules across reports, in catalogue order."""
    out: list[CorpusFinding] = []
    for rule in corpus_rules(rules):
        out.extend(CORPUS_CHECKS[rule.check](rule, data))
    return out


