"""Numbers quoted in the narrative: what they say and which table cells they name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ogi.document.model import Origin, Paragraph
from ogi.model.report import Report

_SENTENCE_RE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE_RE = re.compile(r"[^。；;！!？?\n，,]+")
# Words that mark a clause as speaking of something other than OGI requests.
_NOT_REQUESTS = re.compile("建议|提案|信访|投诉|咨询|留言|来信|复议|诉讼|热线|12345")


@dataclass(frozen=True, slots=True)
class Quote:
    """A number in the text that names a table quantity."""

    paths: tuple[str, ...]  # the cells whose sum it states
    number: int
    text: str
    alternatives: tuple[tuple[str, ...], ...] = ()  # other readings that are also correct


def narrative_paragraphs(report: Report) -> list[Paragraph]:
    doc = report.document
    if doc is None:
        return [Paragraph(t, Origin(report.source)) for t in report.sections.values() if t]
    return doc.paragraphs


def _num(text: str) -> int:
    return int(text)


_RECEIVED = re.compile(r"(?:收到|新收|受理|接收|接到)[^，。；,\d]{0,14}?(\d+)\s*(?:件|份|个|条)")
_ANSWERED = re.compile(r"(?:答复|办结|办理完毕|予以回复)[^，。；,\d]{0,8}?(\d+)\s*件")
# A clause that counts one kind of outcome or channel is a part, not the total it may resemble.
_PARTIAL = re.compile(
    "其中|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|当面|网上|网络|信函|邮寄|传真|电子邮件"
)
_FORWARD = re.compile(r"结转(?:至?下一?年度?|至?\d{4}年)[^，。；,\d]{0,10}?(\d+)\s*(?:件|条)")
_OVER = re.compile(r"(?:上一?年度?|(?P<y>\d{4})年)结转[^，。；,\d]{0,14}?(\d+)\s*(?:件|条)")
# Only the plain "行政复议N件" forms: "行政复议纠正1件" counts one outcome, not the total.
_REVIEW = re.compile(r"行政复议(?:案件|申请)?(?:共|合计)?(\d+)\s*(?:件|起)")
_LITIGATION = re.compile(r"行政诉讼(?:案件)?(?:共|合计)?(\d+)\s*(?:件|起)")
_PART2 = (
    (re.compile(r"行政许可(?:决定|案件)?(?:共|合计)?(\d+)\s*件"), "active.licensing"),
    (re.compile(r"行政处罚(?:决定|案件)?(?:共|合计)?(\d+)\s*件"), "active.penalty"),
    (re.compile(r"行政强制(?:措施|决定|案件)?(?:共|合计)?(\d+)\s*件"), "active.coercion"),
)
_NORMATIVE_ISSUED = re.compile(r"(?:制发|印发|出台|公开|发布)(?:行政)?规范性文件(\d+)\s*件")
_NORMATIVE_REPEALED = re.compile(r"废止[^，。；,\d]{0,4}?(\d+)\s*件")
_NORMATIVE_IN_FORCE = re.compile(r"现行有效[^，。；,\d]{0,4}?(\d+)\s*件")


def quotes(report: Report) -> list[tuple[Quote, Origin]]:
    """Every number in the narrative that names a table quantity, conservatively: a clause that could
    mean something else (suggestions, petitions, hotline calls) is passed over."""
    cached: list[tuple[Quote, Origin]] | None = report.derived.get("quotes")
    if cached is None:
        year = report.meta.year
        cached = [(q, para.origin) for para in narrative_paragraphs(report)
                  for sentence in _SENTENCE_RE.findall(para.text) for q in _sentence_quotes(sentence, year)]
        report.derived["quotes"] = cached
    return cached


_COUNT_RE = re.compile(r"\d\s*[件条起项份个]")


def _sentence_quotes(sentence: str, year: int | None) -> Iterator[Quote]:
    if _COUNT_RE.search(sentence) is None:
        return  # every quote is a count: a number followed by its unit
    if "规范性文件" in sentence:
        for rx, col in ((_NORMATIVE_ISSUED, "issued"), (_NORMATIVE_REPEALED, "repealed"),
                        (_NORMATIVE_IN_FORCE, "in_force")):
            m = rx.search(sentence)
            if m:
                yield Quote((f"active.normative_documents.{col}",), _num(m.group(1)), m.group(0))
    sentence_about_requests = "申请" in sentence or "政府信息公开" in sentence
    for clause in _CLAUSE_RE.findall(sentence):
        if _COUNT_RE.search(clause) is None:
            continue
        excluded = _NOT_REQUESTS.search(clause) is not None
        about_requests = ("申请" in clause or "政府信息公开" in clause) and not excluded
        partial = _PARTIAL.search(clause) is not None
        if about_requests:
            m = _RECEIVED.search(clause)
            if m and "结转" not in clause and not partial:
                yield Quote(("requests.new.total",), _num(m.group(1)), m.group(0),
                            (("requests.new.total", "requests.carried_over.total"),))
            m = _OVER.search(clause)
            if m and (m.group("y") is None or year is None or int(m.group("y")) == year - 1):
                yield Quote(("requests.carried_over.total",), _num(m.group(2)), m.group(0))
        m = _ANSWERED.search(clause)
        if m and sentence_about_requests and not excluded and not partial:
            yield Quote(("requests.total_processed.total",), _num(m.group(1)), m.group(0))
        m = _FORWARD.search(clause)
        if m and not excluded:
            yield Quote(("requests.carried_forward.total",), _num(m.group(1)), m.group(0))
        m = _REVIEW.search(clause)
        if m:
            yield Quote(("appeals.review.total",), _num(m.group(1)), m.group(0))
        m = _LITIGATION.search(clause)
        if m:
            yield Quote(("appeals.litigation_direct.total", "appeals.litigation_after_review.total"),
                        _num(m.group(1)), m.group(0))
        for rx, path in _PART2:
            m = rx.search(clause)
            if m:
                yield Quote((path,), _num(m.group(1)), m.group(0))


_BREAKDOWN_RE = re.compile(
    r"(?P<lead>(?:共|累计|总计|合计|各类|总数|全年)[^，,。；\d]{0,12}?)(\d+)\s*(条|件|个|篇|项)[，,。：:；\s]*其中[：:，,\s]*(?P<rest>[^。]*)"
)


def breakdowns(report: Report) -> Iterator[tuple[int, str, list[int], str, Origin]]:
    """'共153条，其中工作信息55条，…' -> (153, '条', [55, …], quote, origin)."""
    for para in narrative_paragraphs(report):
        for m in _BREAKDOWN_RE.finditer(para.text):
            unit = m.group(3)
            items = [int(x) for x in re.findall(r"(\d+)\s*" + unit, m.group("rest"))]
            if len(items) >= 2:
                yield int(m.group(2)), unit, items, m.group(0), para.origin
