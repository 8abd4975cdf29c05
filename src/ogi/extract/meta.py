"""Agency, year and publication date from the title, the preamble and the closing signature."""

from __future__ import annotations

import re

from ogi.document.model import Document, Paragraph
from ogi.document.text import clean, squash
from ogi.extract.sections import is_page_number, match_part_heading
from ogi.model.report import Meta

_TITLE_RE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2}|[二][〇○零O０][一二三四五六七八九〇○零O０]{2})\s*年度?(?P<post>.*)$"
)
_REPORT_WORDS = ("年度报告", "工作报告", "年报")
_DATE_RE = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2}))$"
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0, "０": 0}
_CN_DATE_RE = re.compile(
    r"^(?P<y>[〇○零O０一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日$"
)
_PERIOD_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|－|~)")
_SIGNATURE_MAX = 30
_PUNCT = set("，。；：,.;:！？!?（）()《》")


def _cn_number(text: str) -> int:
    """十二 -> 12, 二十三 -> 23, 三十一 -> 31, 九 -> 9."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def parse_date(text: str) -> str | None:
    """'2024年1月23日' or '二〇二四年一月二十三日' -> '2024-01-23'; anything else None."""
    t = squash(text)
    m = _DATE_RE.match(t)
    if m:
        y, mo, d = int(m["y"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"])
    else:
        m = _CN_DATE_RE.match(t)
        if not m:
            return None
        y = int("".join(str(_CN_DIGITS[c]) for c in m["y"]))
        mo, d = _cn_number(m["m"]), _cn_number(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _year(text: str) -> int:
    """'2023' or '二〇二三' -> 2023."""
    return int(text) if text.isdigit() and text.isascii() else int("".join(str(_CN_DIGITS[c]) for c in text))


def _is_title(text: str) -> bool:
    return "政府信息公开" in text and any(w in text for w in _REPORT_WORDS) and len(text) <= 80


def _agency_from_title(title: str) -> str | None:
    t = clean(title)
    m = _TITLE_RE.match(t)
    if not m:
        return None
    pre = m["pre"].strip().removeprefix("关于").removesuffix("关于").strip(" 《“\"")
    if "政府信息公开" in pre:  # "XX政府信息公开工作2023年度报告": the year comes after the subject
        pre = pre[: pre.index("政府信息公开")].strip(" 《“\"")
    if pre:
        return pre
    post = m["post"]
    cut = post.rfind("政府信息公开")
    name = post[:cut].strip(" 《“\"") if cut > 0 else ""
    return name or None


def _looks_like_name(text: str) -> bool:
    return 2 <= len(text) <= _SIGNATURE_MAX and not (_PUNCT & set(text)) and not any(ch.isdigit() for ch in text)


def extract_meta(doc: Document, source: str) -> tuple[Meta, set[int]]:
    """Meta, and the indexes of closing blocks (signature, date) that belong to no part."""
    meta = Meta(source=source)
    paragraphs = [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]
    # Title: among the first paragraphs before any part heading.
    head: list[tuple[int, Paragraph]] = []
    for i, p in paragraphs[:8]:
        if match_part_heading(p.text):
            break
        head.append((i, p))
    for k, (_, p) in enumerate(head):
        if not _is_title(p.text):
            continue
        m = _TITLE_RE.match(clean(p.text))
        if m:
            meta.year = _year(m["year"])
            meta.year_origin = p.origin
        agency = _agency_from_title(p.text)
        if agency:
            meta.agency, meta.agency_origin = agency, p.origin
        else:
            for _, before in reversed(head[:k]):
                if _looks_like_name(before.text.strip()):
                    meta.agency, meta.agency_origin = before.text.strip(), before.origin
                    break
        break
    # Closing lines: page numbers, a date, a signature just above it.
    trailer: set[int] = set()
    tail = [(i, p) for i, p in paragraphs[-6:] if not is_page_number(p.text)]
    for pos in range(len(tail) - 1, -1, -1):
        i, p = tail[pos]
        date = parse_date(p.text)
        if date is None:
            continue
        meta.publish_date, meta.date_origin = date, p.origin
        trailer.add(i)
        for j, q in reversed(tail[:pos]):
            if _looks_like_name(q.text.strip()) and not match_part_heading(q.text):
                trailer.add(j)
                if meta.agency is None:
                    meta.agency, meta.agency_origin = q.text.strip(), q.origin
            break
        break
    if meta.publish_date is None:
        # Some reports print the date under the title instead.
        for i, p in head:
            date = parse_date(p.text)
            if date:
                meta.publish_date, meta.date_origin = date, p.origin
                trailer.add(i)
                break
    if meta.year is None:
        for _, p in paragraphs[:12]:
            m = _PERIOD_RE.search(p.text)
            if m:
                meta.year, meta.year_origin = int(m.group(1)), p.origin
                break
    return meta, trailer
