"""Shared pieces of the command line: consoles, language, atomic output files."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ogi.files import atomic_path

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


LangOption = Annotated[Lang, typer.Option("--lang", help="输出语言 / language: zh | en")]


def write_bytes(data: bytes, out: Path) -> None:
    """Write `out` atomically: a failure never leaves a half-written file."""
    with atomic_path(out) as tmp:
        tmp.write_bytes(data)


def write_output(text: str, out: Path | None) -> None:
    """Print to stdout, or write `out` atomically (UTF-8)."""
    if out is None:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return
    write_bytes(text.encode("utf-8"), out)


def error(message: str) -> None:
    stderr.print(f"[bold red]错误[/] {message}", markup=True)
