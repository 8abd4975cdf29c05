"""Format detection and dispatch. Built-in formats register themselves exactly as an extension would."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ogi.document.model import Document
from ogi.errors import UnreadableInput

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Hints a caller may give a reader without the reader knowing why. `is_heading` marks lines that
    are headings (they end a table in plain text)."""

    is_heading: Callable[[str], bool] | None = None


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes, str], bool]
    read: Callable[[bytes, str, ReadOptions], Document]


FORMATS: list[Format] = []


def register(fmt: Format) -> None:
    FORMATS[:] = [f for f in FORMATS if f.name != fmt.name]
    FORMATS.append(fmt)


def detect_format(data: bytes, name: str) -> Format:
    """The first registered format whose sniffer accepts the content; text is the fallback."""
    _ensure_builtins()
    for fmt in FORMATS:
        if fmt.name != "text" and fmt.sniff(data, name):
            return fmt
    for fmt in FORMATS:
        if fmt.name == "text" and fmt.sniff(data, name):
            return fmt
    ext = os.path.splitext(name)[1].lower() or "（无扩展名）"
    raise UnreadableInput(name, f"无法识别的文件格式（{ext}）", f"unrecognised file format ({ext})")


def read_bytes(data: bytes, source: str, options: ReadOptions | None = None) -> Document:
    fmt = detect_format(data, source)
    return fmt.read(data, source, options or ReadOptions())


def read_document(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Document:
    """Read a file from disk into a Document, or raise UnreadableInput naming the file and the problem."""
    p = Path(path)
    source = p.name
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise UnreadableInput(str(path), "文件不存在", "file not found") from None
    except OSError as exc:
        raise UnreadableInput(str(path), f"无法访问文件：{exc.strerror}",
                              f"cannot access file: {exc.strerror}") from None
    if p.is_dir():
        raise UnreadableInput(str(path), "这是一个文件夹，不是报告文件", "this is a folder, not a report file")
    if size == 0:
        raise UnreadableInput(str(path), "文件为空", "the file is empty")
    if size > MAX_FILE_BYTES:
        raise UnreadableInput(str(path), f"文件过大（{size // 1048576} MB）", f"file too large ({size // 1048576} MB)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableInput(str(path), f"无法读取文件：{exc.strerror}", f"cannot read file: {exc.strerror}") from None
    try:
        return read_bytes(data, source, options)
    except UnreadableInput as exc:
        # Name the path the user gave, not only the bare file name.
        raise UnreadableInput(str(path), exc.reason_zh, exc.reason_en) from None


_loaded = False


def _ensure_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from ogi.readers import builtins  # noqa: F401  (registers the built-in formats)
