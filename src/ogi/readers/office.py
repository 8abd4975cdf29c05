"""Legacy and other office formats (.doc, .wps, .et, .odt, .rtf, other OLE files) through LibreOffice.

LibreOffice (`soffice --headless --convert-to`) turns word-processing files into DOCX and spreadsheets
into XLSX; the normal DOCX/XLSX reader then reads the result. Each call gets its own profile folder
and HOME, runs with a time limit and is killed with its whole process group when it overruns.
Without LibreOffice the error says what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ogi.document.model import Document
from ogi.errors import UnreadableInput
from ogi.readers import _sniff
from ogi.readers.registry import ReadOptions

TIMEOUT_SECONDS = 120
_INSTALL_HINT_ZH = ("需要 LibreOffice 才能读取此格式：请安装（Debian/Ubuntu：apt-get install "
                    "libreoffice-writer-nogui libreoffice-calc-nogui），或先另存为 DOCX/XLSX")
_INSTALL_HINT_EN = ("LibreOffice is needed to read this format: install it (Debian/Ubuntu: apt-get install "
                    "libreoffice-writer-nogui libreoffice-calc-nogui) or save the file as DOCX/XLSX first")


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(candidate):
            return candidate
    return None


def _kind(data: bytes, source: str) -> tuple[str, str]:
    """(input extension for LibreOffice, target format)."""
    ole = _sniff.ole_streams(data)
    ext = os.path.splitext(source)[1].lower()
    if ole == "encrypted-ooxml":
        raise UnreadableInput(source, "文件已加密（受密码保护），请先去除密码",
                              "the file is password-protected (encrypted)")
    if ole in ("xls", "et"):
        return (".et" if ole == "et" or ext == ".et" else ".xls"), "xlsx"
    if ole in ("doc", "wps"):
        if _doc_encrypted(data):
            raise UnreadableInput(source, "Word 文件已加密（受密码保护），请先去除密码",
                                  "the Word file is password-protected (encrypted)")
        return (".wps" if ole == "wps" or ext == ".wps" else ".doc"), "docx"
    if data.startswith(_sniff.RTF_MAGIC):
        return ".rtf", "docx"
    names = _sniff.zip_names(data) or frozenset()
    if "mimetype:application/vnd.oasis.opendocument.spreadsheet" in names:
        return ".ods", "xlsx"
    if "mimetype:application/vnd.oasis.opendocument.text" in names:
        return ".odt", "docx"
    if ext in (".xls", ".et", ".ods"):
        return ext, "xlsx"
    return (ext or ".doc"), "docx"


def _doc_encrypted(data: bytes) -> bool:
    """The fEncrypted bit of a Word 97-2003 FIB (inside the WordDocument stream, found by its magic)."""
    for magic in (b"\xec\xa5", b"\xec\xa5\xc1\x00"):
        at = data.find(magic, 512)
        if at >= 0 and at % 512 == 0 and at + 12 <= len(data):
            flags = int.from_bytes(data[at + 10: at + 12], "little")
            return bool(flags & 0x0100)
    return False


def convert(data: bytes, source: str, in_ext: str, target: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Convert with LibreOffice headless; the converted file's bytes."""
    soffice = soffice_path()
    if soffice is None:
        raise UnreadableInput(source, _INSTALL_HINT_ZH, _INSTALL_HINT_EN)
    with tempfile.TemporaryDirectory(prefix="ogi-soffice-") as tmp:
        src = Path(tmp) / f"input{in_ext}"
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        env = dict(os.environ, HOME=tmp, TMPDIR=tmp)
        cmd = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nofirststartwizard",
               "--nolockcheck", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", target,
               "--outdir", str(out_dir), str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise UnreadableInput(source, f"LibreOffice 转换超时（{int(timeout)}秒），文件可能已损坏或受密码保护",
                                  f"LibreOffice conversion timed out ({int(timeout)} s): the file may be corrupt "
                                  "or password-protected") from None
        produced = list(out_dir.glob(f"*.{target}"))
        if not produced:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise UnreadableInput(
                source,
                "LibreOffice 无法转换此文件（已损坏、受密码保护或不是办公文档）" + (f"：{detail[0]}" if detail else ""),
                "LibreOffice could not convert the file (corrupt, password-protected or not an office document)"
                + (f": {detail[0]}" if detail else ""))
        return produced[0].read_bytes()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def read_via_office(data: bytes, source: str, options: ReadOptions) -> Document:
    in_ext, target = _kind(data, source)
    converted = convert(data, source, in_ext, target)
    if target == "xlsx":
        from ogi.readers.sheet import read_sheet

        doc = read_sheet(converted, source, options)
    else:
        from ogi.readers.docx import read_docx

        doc = read_docx(converted, source, options)
    doc.format = in_ext.lstrip(".")
    doc.notes.append(f"经 LibreOffice 由 {in_ext.lstrip('.').upper()} 转换为 {target.upper()} 后读取")
    return doc
