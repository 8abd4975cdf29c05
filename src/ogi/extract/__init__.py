"""Document -> Report: meta, the six parts, the three tables, the layout, and notes for the rules."""

from __future__ import annotations

from ogi.document.model import Document, Paragraph
from ogi.extract.labels import same_label
from ogi.extract.layout import detect_layout
from ogi.extract.meta import extract_meta
from ogi.extract.sections import fill_sections, is_part_heading
from ogi.extract.tables import (
    PrintedLabel,
    active_to_keys,
    extract_active,
    extract_appeals,
    extract_requests,
    split_regions,
)
from ogi.model.report import Note, Report
from ogi.model.schema import ACTIVE_ROW_LABELS, OTHER_SUB_ROWS, REQUEST_LABELS

__all__ = ["extract", "is_part_heading"]


def extract(doc: Document) -> Report:
    report = Report(source=doc.source, document=doc)
    report.meta, trailer = extract_meta(doc, doc.source)
    fill_sections(doc, report, trailer)
    regions = split_regions(doc)
    labels: dict[str, PrintedLabel] = {}
    active_cells, active_columns = extract_active(regions.active, labels)
    extract_requests(regions.requests, report, labels)
    extract_appeals(regions.appeals, report)
    text = "\n".join(b.text for b in doc.blocks[:12] if isinstance(b, Paragraph))
    report.layout, report.layout_evidence = detect_layout(
        active_columns,
        {row for row, _ in active_cells},
        any(k in report.requests for k in OTHER_SUB_ROWS),
        "other" in report.requests,
        text,
        report.meta.year,
    )
    report.active = active_to_keys(active_cells, report.layout)
    report.tables_found["active"] = bool(active_cells)
    if report.layout == "2021":
        _note_label_variants(report, labels)
        if "other" in report.requests:
            report.notes.append(Note("single-other-row", "requests.other",
                                     "（六）其他处理印为一行，未分1–3项（试行格式写法）",
                                     next(iter(report.requests["other"].values())).origin))
    report.notes.extend(Note("reader", None, n) for n in doc.notes)
    return report


def _note_label_variants(report: Report, labels: dict[str, PrintedLabel]) -> None:
    for path, printed in labels.items():
        table, _, key = path.partition(".")
        national = ACTIVE_ROW_LABELS.get(key) if table == "active" else REQUEST_LABELS.get(key)
        if national and not same_label(printed.text, national):
            report.notes.append(Note("label-variant", path, "标签与国家格式不一致", printed.origin,
                                     printed=printed.text, expected=national))
