"""The named checks of the catalogue that are not plain identities. Each takes its Rule (for
severity, messages and parameters) and a Report, and yields Findings; none raises for bad data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ogi.document.model import Origin
from ogi.model.report import Report, Value
from ogi.model.schema import (
    ACTIVE_KEYS_2019,
    ACTIVE_KEYS_2021,
    APPEAL_GROUPS,
    APPEAL_OUTCOMES,
    REQUEST_COLUMNS,
    SECTION_KEYS,
    SECTION_TITLES,
    cell_label,
)
from ogi.rules.catalogue import Rule
from ogi.rules.finding import Finding
from ogi.rules.identity import request_rows, run_identity
from ogi.rules.narrative import breakdowns, narrative_paragraphs, quotes

Check = Callable[[Rule, Report], Iterator[Finding]]

_PROBLEMS = {
    "blank": ("为空白", "is blank"),
    "not-a-number": ("不是数字", "is not a number"),
    "not-an-integer": ("不是整数", "is not a whole number"),
    "negative": ("为负数", "is negative"),
    "conflict": ("在两个物理行中印了不同的数字", "was printed twice with different numbers"),
}


_EXPECTED: dict[tuple[str | None, tuple[str, ...]], tuple[str, ...]] = {}


def expected_cells(report: Report) -> tuple[str, ...]:
    """Every cell the report's layout has, as paths."""
    rows = request_rows(report)
    key = (report.layout, rows)
    paths = _EXPECTED.get(key)
    if paths is None:
        active = ACTIVE_KEYS_2019 if report.layout == "2019" else ACTIVE_KEYS_2021
        paths = _EXPECTED[key] = (
            *(f"active.{k}" for k in active),
            *(f"requests.{r}.{c}" for r in rows for c in REQUEST_COLUMNS),
            *(f"appeals.{g}.{o}" for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES),
        )
    return paths


def cell_values(rule: Rule, report: Report) -> Iterator[Finding]:
    index = report.freeze_index()
    for path in expected_cells(report):
        v = index.get(path)
        if v is None:
            continue  # missing cells are M15's
        problem = v.problem
        if problem is None:
            # 2019 本年增/减 is a signed count; every other number is non-negative.
            if v.value is None or v.value >= 0 or path.endswith(".delta"):
                continue
            problem = "negative"
        zh, en = _PROBLEMS.get(problem, (problem, problem))
        printed = (v.raw or "").strip()
        yield rule.finding(report, {"cell": cell_label(path), "cell_en": path, "problem": zh,
                                    "problem_en": en,
                                    "printed_zh": f"（印为“{printed}”）" if printed else "",
                                    "printed_en": f" (printed \"{printed}\")" if printed else ""},
                           [(path, v)],
                           expected="非负整数" if "amount" not in path and path != "active.fees" else "非负金额",
                           actual=printed or "（空白）")


def _sum(report: Report, paths: tuple[str, ...]) -> int | None:
    total = 0
    for p in paths:
        v = report.get(p).value
        if v is None:
            return None
        total += int(v)
    return total


_ZERO_RULE_PATHS = ("requests.new.total", "appeals.review.total", "appeals.litigation_direct.total")


def narrative_quantities(rule: Rule, report: Report) -> Iterator[Finding]:
    seen: set[tuple[tuple[str, ...], int]] = set()
    for quote, origin in quotes(report):
        key = (quote.paths, quote.number)
        if key in seen:
            continue
        seen.add(key)
        table = _sum(report, quote.paths)
        if table is None:
            continue  # a blank cell is reported by M5; the number cannot be compared
        if table == quote.number or any(_sum(report, alt) == quote.number for alt in quote.alternatives):
            continue
        if table == 0 and quote.paths[0] in _ZERO_RULE_PATHS:
            continue  # a table of zeros against a number in the text is M27's
        names = " + ".join(cell_label(p) for p in quote.paths)
        cells = [(p, report.get(p)) for p in quote.paths]
        yield rule.finding(report, {"quote": quote.text, "number": quote.number, "cell": names,
                                    "cell_en": " + ".join(quote.paths), "table": table},
                           cells, expected=table, actual=quote.number, origin=origin)


def narrative_sums(rule: Rule, report: Report) -> Iterator[Finding]:
    for total, unit, items, quote, origin in breakdowns(report):
        if sum(items) == total:
            continue
        terms = "+".join(str(i) for i in items)
        yield rule.finding(report, {"total": total, "unit": unit, "terms": terms, "sum": sum(items),
                                    "quote": quote}, expected=total, actual=sum(items), origin=origin)


def _section_origin(report: Report, key: str) -> Origin | None:
    return report.section_origins.get(key)


_FEE_WORDS = ("处理费", "信息处理费", "收费")


def fee_coherence(rule: Rule, report: Report) -> Iterator[Finding]:
    text = report.sections.get("other")
    if text is None:
        return  # no part 六: M14 reports it
    unpaid = report.get("requests.other_unpaid_fee.total")
    origin = _section_origin(report, "other")
    if unpaid.value and unpaid.value > 0 and "收费通知" not in text:
        detail = (f"第三部分有{unpaid.value}件申请因申请人逾期未按收费通知要求缴纳费用而不再处理，"
                  "但第六部分未说明发出收费通知的情况")
        detail_en = (f"part 3 has {unpaid.value} request(s) dropped for unpaid fees, "
                     "but part 6 does not report the fee notices issued")
        yield rule.finding(report, {"detail": detail, "detail_en": detail_en},
                           [("requests.other_unpaid_fee.total", unpaid)], origin=origin)
    if not any(w in text for w in _FEE_WORDS):
        yield rule.finding(report, {"detail": "第六部分未说明信息处理费的收取情况（无收费也应说明）",
                                    "detail_en": "part 6 does not state whether information-processing fees were "
                                                 "charged"}, origin=origin)


def part_six_topics(rule: Rule, report: Report) -> Iterator[Finding]:
    text = report.sections.get("other")
    if text is None:
        return
    missing = [t for t in rule.params["topics"] if not any(k in text for k in t["keywords"])]
    if missing:
        yield rule.finding(report, {"missing": "；".join(t["zh"] for t in missing),
                                    "missing_en": "; ".join(t["en"] for t in missing)},
                           origin=_section_origin(report, "other"))


def part_headings(rule: Rule, report: Report) -> Iterator[Finding]:
    found = {h.key: h for h in report.headings}
    for key in SECTION_KEYS:
        number, title, title_en = SECTION_TITLES[key]
        canonical = f"{number}、{title}"
        heading = found.get(key)
        if heading is None:
            yield rule.finding(report, {"detail": f"缺少第{number}部分“{canonical}”",
                                        "detail_en": f"part {SECTION_KEYS.index(key) + 1} ({title_en}) is missing"},
                               expected=canonical, actual="（缺失）")
        elif heading.number != f"{number}、":
            shown = heading.number or "（无编号）"
            detail = f"第{number}部分标题编号印为“{shown}”，应为“{number}、”：{heading.text}"
            yield rule.finding(report, {"detail": detail,
                                        "detail_en": f"part {SECTION_KEYS.index(key) + 1} heading is numbered "
                                                     f"'{heading.number or 'nothing'}' instead of '{number}、'"},
                               expected=canonical, actual=heading.text, origin=heading.origin)


_TABLE_NAMES = {"active": ("第二部分（主动公开）", "part 2 (proactive disclosure)"),
                "requests": ("第三部分（依申请公开）", "part 3 (requests)"),
                "appeals": ("第四部分（复议诉讼）", "part 4 (review and litigation)")}


def tables_complete(rule: Rule, report: Report) -> Iterator[Finding]:
    missing_by_table: dict[str, list[str]] = {}
    index = report.freeze_index()
    for p in expected_cells(report):
        if p not in index:
            missing_by_table.setdefault(p.partition(".")[0], []).append(p)
    for table, (zh, en) in _TABLE_NAMES.items():
        if not report.tables_found.get(table):
            yield rule.finding(report, {"detail": f"未找到{zh}的表格", "detail_en": f"the table of {en} is missing"},
                               origin=_section_origin(report, {"active": "active_disclosure"}.get(table, table)))
            continue
        missing = missing_by_table.get(table, [])
        if not missing:
            continue
        rows = list(dict.fromkeys(cell_label(p).split(" · ")[0] for p in missing))
        shown = "、".join(rows[:8]) + ("等" if len(rows) > 8 else "")
        yield rule.finding(report, {"detail": f"{zh}表格不完整，缺少：{shown}（共{len(missing)}个单元格）",
                                    "detail_en": f"the table of {en} lacks {len(missing)} cell(s): "
                                                 + ", ".join(missing[:8])},
                           [(p, report.get(p)) for p in missing])


def single_other_row(rule: Rule, report: Report) -> Iterator[Finding]:
    if report.layout == "2021" and "other" in report.requests:
        cells = list(report.requests["other"].items())
        yield rule.finding(report, {}, [(f"requests.other.{c}", v) for c, v in cells[:1]])


def layout_year(rule: Rule, report: Report) -> Iterator[Finding]:
    year = report.meta.year
    if report.layout == "2019" and year is not None and year >= 2021:
        yield rule.finding(report, {"year": year, "evidence": "；".join(report.layout_evidence)},
                           expected="2021", actual="2019")


def label_variants(rule: Rule, report: Report) -> Iterator[Finding]:
    for note in report.notes:
        if note.code == "label-variant" and note.path:
            yield rule.finding(report, {"printed": note.printed, "expected": note.expected},
                               [(note.path, Value(None, note.printed, note.origin))],
                               expected=note.expected, actual=note.printed, origin=note.origin)


_NO_REQUESTS = re.compile(r"未(?:收到|受理|接到|接收)[^。；，,]{0,24}?申请")
_NO_APPEALS = re.compile(r"未(?:发生|产生|收到|有|出现)[^。；]{0,12}?(?:行政复议|行政诉讼)")


def zero_vs_narrative(rule: Rule, report: Report) -> Iterator[Finding]:
    new = report.get("requests.new.total")
    appeals = _sum(report, tuple(f"appeals.{g}.total" for g in APPEAL_GROUPS))
    for para in narrative_paragraphs(report):
        if new.value and _NO_REQUESTS.search(para.text):
            m = _NO_REQUESTS.search(para.text)
            assert m is not None
            yield rule.finding(report, {"detail": f"正文称“{m.group(0)}”，但表格本年新收申请总计为{new.value}",
                                        "detail_en": f"the text says no requests were received, but the table "
                                                     f"counts {new.value}"},
                               [("requests.new.total", new)], expected=0, actual=new.value, origin=para.origin)
        m = _NO_APPEALS.search(para.text)
        if appeals and m:
            yield rule.finding(report, {"detail": f"正文称“{m.group(0)}”，但第四部分总计为{appeals}",
                                        "detail_en": f"the text says there were no reviews or suits, but part 4 "
                                                     f"counts {appeals}"},
                               expected=0, actual=appeals, origin=para.origin)
    for quote, origin in quotes(report):
        table = _sum(report, quote.paths)
        if quote.number > 0 and table == 0 and quote.paths[0] in _ZERO_RULE_PATHS:
            if quote.paths[0] == "requests.new.total" and _sum(report, ("requests.carried_over.total",)):
                continue
            yield rule.finding(report, {"detail": f"正文称“{quote.text}”，但表格中相应数字为0",
                                        "detail_en": f"the text says \"{quote.text}\", but the table shows 0"},
                               [(p, report.get(p)) for p in quote.paths], expected=quote.number, actual=0,
                               origin=origin)


CHECKS: dict[str, Check] = {
    "identity": run_identity,
    "cell_values": cell_values,
    "narrative_quantities": narrative_quantities,
    "narrative_sums": narrative_sums,
    "fee_coherence": fee_coherence,
    "part_six_topics": part_six_topics,
    "part_headings": part_headings,
    "tables_complete": tables_complete,
    "single_other_row": single_other_row,
    "layout_year": layout_year,
    "label_variants": label_variants,
    "zero_vs_narrative": zero_vs_narrative,
}
