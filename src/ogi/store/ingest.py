"""Reading files for the store: walk folders and ZIP archives, hash, extract and check each report.

Everything here is pure (no database): `prepare` turns one input into plain, picklable rows, so that
worker processes can extract while one writer stores (`ogi.store.writer`).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from ogi.errors import UnreadableInput
from ogi.results import REPORT_SUFFIXES
from ogi.store.cellkeys import vectors
from ogi.store.jsontext import dumps

MAX_FILE_BYTES = 200 * 1024 * 1024
ZIP_SUFFIX = ".zip"


class Input(NamedTuple):
    """One report to read: a file, or a member of a ZIP archive. `source` names it as shown and stored
    (archive.zip!member; see `readable`), `path` is the file opened. A named tuple: it crosses to worker
    processes, and a compiled frozen dataclass does not unpickle."""

    source: str
    path: str
    member: str | None = None


@dataclass(slots=True)
class Prepared:
    """One input read and checked, as rows ready to store; or why it could not be read."""

    source: str
    sha256: str
    size: int
    document: dict[str, Any] | None = None
    agency: str | None = None
    text: str = ""  # the narrative: the writer matches the agency in it and computes its MinHash
    error: tuple[str, str, str] | None = None  # (code, reason zh, reason en)
    present: bool = False  # already stored: not extracted again


def readable(path: str) -> str:
    """A path as text a database keeps. A file name that is not UTF-8 (GBK, from an archive made on
    Chinese Windows and unpacked on Linux) reaches Python with lone surrogates, which no database
    accepts (it stopped a whole batch): it is decoded as GB18030, or kept with \\x escapes when even
    that fails. The file is still opened by its own name (`Input.path`)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # surrogates that are not undecodable bytes
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _member_name(info: zipfile.ZipInfo) -> str:
    """ZIP names without the UTF-8 flag are CP437 to Python but GBK when made on Chinese Windows."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _is_report_name(name: str) -> bool:
    base = PurePosixPath(name).name
    return PurePosixPath(name).suffix.lower() in REPORT_SUFFIXES and not base.startswith(("~$", "._"))


def _zip_inputs(path: Path) -> Iterator[Input]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:  # reported when read
        yield Input(readable(str(path)), str(path), member=f"\0{exc}")
        return
    for info in sorted(infos, key=lambda i: _member_name(i)):
        name = _member_name(info)
        if _is_report_name(name) and "__MACOSX/" not in name:
            yield Input(f"{readable(str(path))}!{name}", str(path), member=info.filename)


def _suffix(name: str) -> str:
    """`PurePosixPath(name).suffix.lower()`, without making a path."""
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""


def _walk(top: str, parts: tuple[str, ...], out: list[tuple[str, ...]]) -> None:
    """Files under a folder as their parts relative to it, like `Path.rglob('*')`: symlinked
    folders are not entered; a symlink to a file is a file."""
    try:
        entries = list(os.scandir(top))
    except OSError:
        return
    for entry in entries:
        rel = (*parts, entry.name)
        try:
            if entry.is_dir() and not entry.is_symlink():
                _walk(entry.path, rel, out)
            elif entry.is_file():
                out.append(rel)
        except OSError:
            continue


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Input]:
    """Files as given, folders walked (sorted as paths), ZIP archives opened; report files by their ending."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            base = str(path)
            found: list[tuple[str, ...]] = []
            _walk(base, (), found)
            found.sort()  # tuples of parts: the order of sorted(Path …) on POSIX
            for rel in found:
                child = os.path.join(base, *rel) if base != "." else os.path.join(*rel)
                ext = _suffix(rel[-1])
                if ext == ZIP_SUFFIX:
                    yield from _zip_inputs(Path(child))
                elif ext in REPORT_SUFFIXES and not rel[-1].startswith(("~$", "._")):
                    yield Input(readable(child), child)
        elif path.suffix.lower() == ZIP_SUFFIX and path.is_file():
            yield from _zip_inputs(path)
        else:
            yield Input(readable(str(path)), str(path))


def load(item: Input) -> bytes:
    """The bytes of an input, or UnreadableInput naming it and the problem."""
    if item.member is not None:
        if item.member.startswith("\0"):
            raise UnreadableInput(item.source, f"ZIP 压缩包无法打开：{item.member[1:]}",
                                  f"the ZIP archive cannot be opened: {item.member[1:]}")
        try:
            with zipfile.ZipFile(item.path) as zf:
                info = zf.getinfo(item.member)
                if info.file_size > MAX_FILE_BYTES:
                    raise UnreadableInput(item.source, "文件过大", "file too large")
                return zf.read(info)
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError) as exc:
            raise UnreadableInput(item.source, f"无法从压缩包读取：{exc}",
                                  f"cannot read from the archive: {exc}") from None
    try:
        with open(item.path, "rb") as f:  # one open and fstat: cheaper than Path.is_dir/stat/read_bytes
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise UnreadableInput(item.source, f"文件过大（{size // 1048576} MB）",
                                      f"file too large ({size // 1048576} MB)")
            return f.read()
    except IsADirectoryError:
        raise UnreadableInput(item.source, "这是一个文件夹，不是报告文件",
                              "this is a folder, not a report file") from None
    except FileNotFoundError:
        raise UnreadableInput(item.source, "文件不存在", "file not found") from None
    except OSError as exc:
        raise UnreadableInput(item.source, f"无法读取文件：{exc.strerror}",
                              f"cannot read file: {exc.strerror}") from None


def prepare(item: Input, known: frozenset[str] | set[str] = frozenset()) -> Prepared:
    """Read, extract and check one input. Never raises for a bad file: the error is in the result."""
    import ogi

    try:
        data = load(item)
    except UnreadableInput as exc:
        digest = hashlib.sha256(("\0missing\0" + item.source).encode()).hexdigest()
        return Prepared(item.source, digest, 0, error=(exc.code, exc.reason_zh, exc.reason_en))
    sha = hashlib.sha256(data).hexdigest()
    if sha in known:
        return Prepared(item.source, sha, len(data), present=True)
    name = PurePosixPath(item.member).name if item.member else os.path.basename(item.source)
    try:
        if not data:
            raise UnreadableInput(item.source, "文件为空", "the file is empty")
        report = ogi.read_bytes_report(data, name)
        report.meta.source = name
        found = ogi.check(report)
        try:
            layout, values, prov = vectors(report)
        except OverflowError:
            raise UnreadableInput(item.source, "表格中有数字超出可存储的范围（大于 10^308）",
                                  "a number in the tables is beyond the range the store keeps (over 10^308)") from None
    except UnreadableInput as exc:
        return Prepared(item.source, sha, len(data), error=(exc.code, exc.reason_zh, exc.reason_en))
    except Exception as exc:  # a bug in a reader must not stop a batch of thousands: record it
        kind = type(exc).__name__
        reason = ("internal-error", f"读取时出错（{kind}：{exc}）", f"failed while reading ({kind}: {exc})")
        return Prepared(item.source, sha, len(data), error=reason)
    sections = {k: v for k, v in report.sections.items() if v}
    text = "\n".join(sections.values())
    counts = dict.fromkeys(COUNT_COLUMNS, 0)
    for f in found:
        counts[count_column(f.severity, f.checked)] += 1
    document = {  # "minhash" is computed by the writer, for a batch of documents at once
        "sha256": sha,
        "source": item.source,
        "size": len(data),
        "agency_printed": report.meta.agency,
        "year": report.meta.year,
        "layout": report.layout,
        "cell_layout": layout,
        "publish_date": report.meta.publish_date,
        **counts,
        "numbers": values,
        "provenance": prov,
        "sections": dumps(sections),
        "findings": dumps([f.to_dict() for f in found]),
        "minhash": None,
    }
    return Prepared(item.source, sha, len(data), document, report.meta.agency, text)


COUNT_COLUMNS = ("errors", "warnings", "infos", "unchecked")  # a document's counts of its findings


def count_column(severity: str, checked: bool) -> str:
    """Which count a finding adds to: an unchecked one (the rule could not be evaluated) by itself."""
    if not checked:
        return "unchecked"
    return "errors" if severity == "error" else "warnings" if severity == "warning" else "infos"
