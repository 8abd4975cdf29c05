"""Authoring: a form with only the numbers a person must know, every derived cell computed, the rule
catalogue run, and the report written in the national layout (DOCX, PDF, HTML, Markdown)."""

from ogi.authoring.data import FormInput, FormInvalid, FormProblem
from ogi.authoring.derive import complete

__all__ = ["FormInput", "FormInvalid", "FormProblem", "complete"]
