"""Exceptions for misuse and unreadable input. Wrong data in a readable report is a Finding, not an error."""

from __future__ import annotations


class OgiError(Exception):
    """Base of every error `ogi` raises on purpose. `code` is stable; the message is Chinese first."""

    code = "ogi-error"


class UnreadableInput(OgiError):
    """The file cannot be read at all: missing, unknown format, corrupt, encrypted, scanned, too large."""

    code = "source-unreadable"

    def __init__(self, path: str, reason_zh: str, reason_en: str | None = None) -> None:
        self.path = path
        self.reason_zh = reason_zh
        self.reason_en = reason_en or reason_zh
        super().__init__(f"{path}: {reason_zh}")

    def message(self, lang: str = "zh") -> str:
        return f"{self.path}: {self.reason_zh if lang == 'zh' else self.reason_en}"
