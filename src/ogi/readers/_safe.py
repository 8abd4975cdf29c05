"""Bounded access to untrusted containers: ZIP archives (OOXML) and XML parts.

Every limit is checked before anything is inflated or parsed, so a zip bomb, an entity bomb or a
truncated archive ends in a clear `UnreadableInput` within bounded time and memory.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ogi.errors import UnreadableInput

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024

_DTD_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def xml_parser() -> etree.XMLParser:
    """No DTDs, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


class SafeZip:
    """A ZIP archive whose directory has been checked against size, count and ratio limits."""

    def __init__(self, data: bytes, source: str, kind: str) -> None:
        self.source = source
        self.kind = kind
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableInput(source, f"{kind}文件已损坏或不完整（{exc}）",
                                  f"the {kind} file is corrupt or truncated ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise UnreadableInput(source, f"{kind}文件包含过多部件（{len(infos)}个），疑为恶意压缩包",
                                  f"the {kind} file has too many parts ({len(infos)}): likely a zip bomb")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnreadableInput(source, f"{kind}文件已加密（需要密码）",
                                      f"the {kind} file is encrypted (password)")
            total += info.file_size
            ratio_bad = info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or ratio_bad:
                raise UnreadableInput(
                    source,
                    f"{kind}文件解压后过大（{info.filename}），疑为压缩炸弹",
                    f"the {kind} file inflates to an excessive size ({info.filename}): likely a zip bomb",
                )
        self.names = {i.filename for i in infos}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        try:
            with self.zf.open(name) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError) as exc:
            raise UnreadableInput(self.source, f"{self.kind}文件已损坏或不完整（{name}：{exc}）",
                                  f"the {self.kind} file is corrupt or truncated ({name}: {exc})") from None
        if len(data) > MAX_MEMBER_BYTES:  # the directory lied about the size
            raise UnreadableInput(self.source, f"{self.kind}文件解压后过大，疑为压缩炸弹",
                                  f"the {self.kind} file inflates to an excessive size: likely a zip bomb")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), self.source, f"{self.kind}（{name}）")


def parse_xml(data: bytes, source: str, what: str) -> etree._Element:
    """Parse an XML part that must not declare a DTD (OOXML never does; an entity bomb does)."""
    if _DTD_RE.search(data[:65536]):
        raise UnreadableInput(source, f"{what}含有DTD/实体声明，疑为XML实体炸弹，已拒绝",
                              f"{what} declares a DTD or entities (possible XML entity bomb): refused")
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableInput(source, f"{what}的XML已损坏（{exc}）", f"{what} has broken XML ({exc})") from None
    if root is None:
        raise UnreadableInput(source, f"{what}为空", f"{what} is empty")
    return root
