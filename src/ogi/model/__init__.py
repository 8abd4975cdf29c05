"""The report model: the keys of `ogi.annual-report/1`, the national labels, and the Report object."""

from ogi.model.report import Heading, Meta, Note, Report, Value
from ogi.model.schema import (
    APPEAL_GROUPS,
    APPEAL_OUTCOMES,
    OUTCOME_ROWS_2019,
    OUTCOME_ROWS_2021,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    SCHEMA_ID,
    SECTION_KEYS,
)

__all__ = [
    "APPEAL_GROUPS",
    "APPEAL_OUTCOMES",
    "OUTCOME_ROWS_2019",
    "OUTCOME_ROWS_2021",
    "REQUEST_COLUMNS",
    "REQUEST_ROWS",
    "SCHEMA_ID",
    "SECTION_KEYS",
    "Heading",
    "Meta",
    "Note",
    "Report",
    "Value",
]
