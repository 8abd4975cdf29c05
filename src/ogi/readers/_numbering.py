"""Word's automatic numbering: counters per list and level, rendered as Word shows them
("五、", "（一）", "1.", "①" …). Used by the DOCX reader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_ATTRS = rb"""(?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""
_STYLES_TAG_RE = re.compile(rb"<w:styles" + _ATTRS + rb">")
_STYLE_TAG_RE = re.compile(rb"<w:style(?=[\s/>])" + _ATTRS + rb"(/?)>")
_BASED_ON_RE = re.compile(rb"<w:basedOn" + _ATTRS + rb"/>")
_W_URI = W[1:-1].encode()
_BASED_ON, _PPR, _NUMPR = f"{W}basedOn", f"{W}pPr", f"{W}numPr"


def styles_for_numbering(data: bytes) -> bytes | None:
    """The part of styles.xml that numbering needs (Word's default styles.xml runs to hundreds of KB of
    fonts, table styles and latent styles; parsing it whole cost more than the rest of the reader).

    None when no style carries numbering (`numPr` appears nowhere). Otherwise a smaller styles part
    holding, in their order, every style that mentions numbering whole and only the start tag and
    `w:basedOn` of the others, which `Numbering.parse` reads as it reads the full part. The cut is made
    only when it is safe: the root `w:styles` binds `w` to the WordprocessingML namespace, which appears
    nowhere else; no comments, CDATA, DTD or processing instructions; the part ends with `</w:styles>`.
    Otherwise the part is returned whole. A cut that does not parse is replaced by the whole part by
    the caller (`parse_styles`).
    """
    if b"numPr" not in data:
        return None
    root = _STYLES_TAG_RE.search(data)
    if root is None or (b"!" in data and b"<!" in data) or data.find(b"<?", root.start()) >= 0 \
            or data.count(_W_URI) != 1 or _W_URI not in root.group() or data.count(b"xmlns:w=") != 1 \
            or not data.rstrip().endswith(b"</w:styles>"):
        return data
    close = data.rindex(b"</w:styles>")
    out = [data[:root.end()]]
    tags = list(_STYLE_TAG_RE.finditer(data, root.end(), close))
    for i, tag in enumerate(tags):
        stop = tags[i + 1].start() if i + 1 < len(tags) else close
        if tag.group(1):  # <w:style .../>
            out.append(tag.group())
            continue
        inner = tag.end()
        based = data.find(b"<w:basedOn", inner, stop)
        based_tag = _BASED_ON_RE.match(data, based) if based >= 0 else None
        if data.find(b"numPr", inner, stop) >= 0 or (based >= 0 and (
                based_tag is None or data.find(b"<w:basedOn", based + 1, stop) >= 0)):
            out.append(data[tag.start():stop])  # the style whole (and what follows it up to the next)
        else:
            out.append(tag.group() + (based_tag.group() if based_tag else b"") + b"</w:style>")
    out.append(b"</w:styles>")
    return b"".join(out)


def parse_styles(data: bytes, source: str, what: str) -> etree._Element | None:
    """styles.xml as far as numbering needs it (see `styles_for_numbering`), None when it needs none."""
    from ogi.errors import UnreadableInput
    from ogi.readers._safe import parse_xml

    part = styles_for_numbering(data)
    if part is None:
        return None
    if part is not data:
        try:
            return parse_xml(part, source, what)
        except UnreadableInput:
            pass  # the cut met something unusual: read the part whole
    return parse_xml(data, source, what)


def chinese(n: int, digits: str = _CN, units: tuple[str, str, str] = ("十", "百", "千")) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0 or n >= 10_000:
        return str(n)
    out = ""
    thousands, hundreds, tens, ones = n // 1000, n // 100 % 10, n // 10 % 10, n % 10
    zero = False
    for value, unit in ((thousands, units[2]), (hundreds, units[1])):
        if value:
            out += digits[value] + unit
            zero = False
        elif out:
            zero = True
    if tens:
        if zero:
            out += digits[0]
        out += ("" if (tens == 1 and not out) else digits[tens]) + units[0]
        zero = False
    elif out and ones:
        zero = True
    if ones:
        if zero:
            out += digits[0]
        out += digits[ones]
    return out


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        return chinese(n)
    if fmt in ("chineseLegalSimplified", "koreanLegal", "japaneseLegal"):
        return chinese(n, _CN_LEGAL, ("拾", "佰", "仟"))
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False
    restart: int | None = None  # restart after this (0-based) level is used; None: after any higher level


@dataclass(slots=True)
class Numbering:
    """numbering.xml (and numbering set through paragraph styles), with running counters."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstractId, starts)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        out = cls()
        if numbering is not None:
            for an in numbering.iter(f"{W}abstractNum"):
                aid = an.get(f"{W}abstractNumId", "")
                levels: dict[int, Level] = {}
                for lvl in an.iter(f"{W}lvl"):
                    levels[_int(lvl.get(f"{W}ilvl"), 0)] = _level(lvl)
                out.abstract[aid] = levels
            for num in numbering.iter(f"{W}num"):
                nid = num.get(f"{W}numId", "")
                ref = num.find(f"{W}abstractNumId")
                starts: dict[int, int] = {}
                for ov in num.iter(f"{W}lvlOverride"):
                    ilvl = _int(ov.get(f"{W}ilvl"), 0)
                    so = ov.find(f"{W}startOverride")
                    if so is not None:
                        starts[ilvl] = _int(so.get(f"{W}val"), 1)
                    own = ov.find(f"{W}lvl")
                    if own is not None and ref is not None:
                        # An overriding level definition: give this num its own abstract copy.
                        aid = ref.get(f"{W}val", "")
                        private = f"{aid}#{nid}"
                        out.abstract.setdefault(private, dict(out.abstract.get(aid, {})))[ilvl] = _level(own)
                        ref.set(f"{W}val", private)
                if ref is not None:
                    out.nums[nid] = (ref.get(f"{W}val", ""), starts)
        if styles is not None:
            based: dict[str, str] = {}
            for st in styles.iter(f"{W}style"):
                sid = st.get(f"{W}styleId", "")
                based_on: etree._Element | None = None
                numpr: etree._Element | None = None
                for child in st:  # the first w:basedOn child, the first w:numPr of a w:pPr child
                    if child.tag == _BASED_ON and based_on is None:
                        based_on = child
                    elif child.tag == _PPR and numpr is None:
                        numpr = child.find(_NUMPR)
                if based_on is not None:
                    based[sid] = based_on.get(f"{W}val", "")
                if numpr is not None:
                    nid_el, ilvl_el = numpr.find(f"{W}numId"), numpr.find(f"{W}ilvl")
                    nid = nid_el.get(f"{W}val", "") if nid_el is not None else ""
                    ilvl = _int(ilvl_el.get(f"{W}val"), 0) if ilvl_el is not None else 0
                    out.style_num[sid] = (nid, ilvl)
            for sid in list(based):  # inherit numbering through basedOn chains
                seen = {sid}
                cur = sid
                while cur not in out.style_num and cur in based and based[cur] not in seen:
                    cur = based[cur]
                    seen.add(cur)
                if cur in out.style_num and sid not in out.style_num:
                    out.style_num[sid] = out.style_num[cur]
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (list, level) and return the rendered label, '' when none."""
        if num_id in ("", "0") or num_id not in self.nums:
            return ""
        aid, starts = self.nums[num_id]
        levels = self.abstract.get(aid)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in starts.items():
                counters[lv] = start - 1 if lv in levels else 0
                for deeper in [k for k in counters if k > lv]:
                    counters.pop(deeper)
        lvl = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or 0 <= ilvl <= restart:
                counters.pop(deeper)
        if lvl.fmt == "bullet" or lvl.fmt == "none":
            return ""
        text = lvl.text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in text:
                continue
            klvl = levels.get(k, Level())
            value = counters.get(k, klvl.start)
            fmt = "decimal" if (lvl.legal and k != ilvl) else klvl.fmt
            text = text.replace(token, format_number(value, fmt))
        if not text:
            return ""
        return text + (" " if lvl.suffix in ("tab", "space") else "")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _val(el: etree._Element, tag: str) -> str | None:
    child = el.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None


def _level(lvl: etree._Element) -> Level:
    restart = _val(lvl, "lvlRestart")
    legal = lvl.find(f"{W}isLgl")
    return Level(
        start=_int(_val(lvl, "start"), 1),
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        suffix=_val(lvl, "suff") or "tab",
        legal=legal is not None and legal.get(f"{W}val", "1") not in ("0", "false"),
        restart=(_int(restart, 0) - 1) if restart is not None else None,
    )
