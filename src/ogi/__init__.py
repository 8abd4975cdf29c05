"""ogi — offline extraction and checking of 政府信息公开工作年度报告 (annual OGI reports).

    >>> import ogi
    >>> report = ogi.read("report.docx")
    >>> report.to_dict()["requests"]["new"]["total"]
    >>> for finding in ogi.check(report): print(finding.message())
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ogi import _compiled  # noqa: F401  (first: decides whether the compiled modules may be used)
from ogi.document.model import Document
from ogi.errors import OgiError, UnreadableInput
from ogi.extract import extract, is_part_heading
from ogi.model.report import Report
from ogi.readers import ReadOptions, read_bytes, read_document
from ogi.rules import Finding, check

if TYPE_CHECKING:
    from ogi.store.api import Corpus

__version__ = "0.1.0"
__all__ = [
    "Document",
    "Finding",
    "OgiError",
    "Report",
    "UnreadableInput",
    "check",
    "extract",
    "open",
    "read",
    "read_bytes_report",
    "read_document_for_ogi",
]

OGI_READ_OPTIONS = ReadOptions(is_heading=is_part_heading)


def read_document_for_ogi(path: str | os.PathLike[str]) -> Document:
    """The neutral document of a report file, read with the hints OGI reports need."""
    return read_document(path, OGI_READ_OPTIONS)


def read(path: str | os.PathLike[str]) -> Report:
    """Read a report file of any supported format into the report model. Raises UnreadableInput."""
    report = _require_report(extract(read_document_for_ogi(path)), os.fspath(path))
    report.meta.source = os.path.basename(os.fspath(path))
    return report


def read_bytes_report(data: bytes, source: str) -> Report:
    """Like `read`, for content already in memory (uploads, archive members)."""
    return _require_report(extract(read_bytes(data, source, OGI_READ_OPTIONS)), source)


def _require_report(report: Report, path: str) -> Report:
    """A readable file with nothing of an annual report in it is an error, never an empty result."""
    if report.headings or any(report.tables_found.values()) or report.meta.year is not None:
        return report
    raise UnreadableInput(path, "未找到年度报告的内容（标题、六个部分或统计表格），不是政府信息公开工作年度报告？",
                          "no annual-report content found (title, the six parts or the tables)")


def open(db: str | os.PathLike[str] | None = None) -> Corpus:
    """The corpus store at `db` (an SQLite path, default ./ogi.db, or a postgresql:// URL), created or
    migrated on open: `ogi.open("ogi.db").requests(year=2023)` is a pandas DataFrame."""
    from ogi.store.api import open_corpus

    return open_corpus(db)
