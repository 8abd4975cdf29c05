"""Agencies (机关/单位): their level inferred from the name, the names one body is printed under,
and which stored body a printed name means.

    >>> infer_level("岚皋县石门镇人民政府")
    'township'
    >>> name_key("岚皋县石门镇人民政府"), short_name("岚皋县石门镇人民政府")
    ('岚皋县石门镇', '石门镇')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Levels, from the top. `department` is a working body of a government (局, 委员会, 办公室 …).
LEVELS: tuple[str, ...] = ("ministry", "province", "city", "county", "department", "township", "street")
LEVEL_ZH: dict[str, str] = {
    "ministry": "国务院部门", "province": "省级政府", "city": "市级政府", "county": "县级政府",
    "department": "政府部门", "township": "乡镇", "street": "街道",
}
# Bodies that may make 规章 (立法法第九十一、九十三条): 国务院部门 and the governments of provinces,
# 设区的市 and 自治州. Rule M8 uses this.
RULE_MAKING_LEVELS = frozenset({"ministry", "province", "city"})

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
PROVINCES = (
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
    "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省",
    "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区", *MUNICIPALITIES,
)
_PROVINCE_SHORT = {p.removesuffix("省").removesuffix("市"): p for p in PROVINCES if len(p) <= 4}
_PROVINCE_SHORT |= {"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
                    "新疆": "新疆维吾尔自治区"}

_GOV_SUFFIXES = ("人民政府", "政府")
_STREET = re.compile(r"(街道办事处|街道办|街道)$")
_TOWNSHIP = re.compile(r"(镇|乡|苏木)$")
# One administrative segment: 安康市 / 岚皋县 / 巴州区 / 黔东南苗族侗族自治州 / 石门镇 / 城关街道 …
# (州 ends a segment unless 市/区/县 follow: 杭州市, 巴州区.)
_SEGMENT = re.compile(
    r".+?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|街道办事处|街道办|街道|苏木|省|市|州(?![市区县])|盟|县|区|旗|镇|乡)")
_DEPARTMENT_TAIL = re.compile(
    r"(部|委|局|厅|署|办|办公室|办公厅|委员会|中心|院|所|站|队|处|会|管委会|管理委员会|公司|集团|银行|馆|社|台)$")
_MINISTRY_PREFIX = ("中华人民共和国", "国家", "国务院", "中国", "中央", "海关总署")
_SPACES = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=1 << 16)  # pure; one name is cleaned many times while it is matched and stored
def clean_name(name: str) -> str:
    """The name without spaces, brackets normalised (（）→()), as stored."""
    return _SPACES.sub("", name).replace("（", "(").replace("）", ")").strip()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The name without the government suffix: 岚皋县石门镇人民政府 -> 岚皋县石门镇; 财政局 stays."""
    n = clean_name(name)
    for suffix in _GOV_SUFFIXES:
        if n.endswith(suffix) and len(n) > len(suffix):
            return n[: -len(suffix)]
    return n


def segments(name: str) -> tuple[list[str], str]:
    """The administrative segments a key starts with, and the rest: 岚皋县财政局 -> (['岚皋县'], '财政局')."""
    key = name_key(name)
    out: list[str] = []
    pos = 0
    while pos < len(key):
        m = _SEGMENT.match(key, pos)
        if m is None:
            break
        out.append(m.group(0))
        pos = m.end()
    return out, key[pos:]


@lru_cache(maxsize=1 << 16)
def short_name(name: str) -> str:
    """The last segment or the body's own name: 岚皋县石门镇人民政府 -> 石门镇; 岚皋县财政局 -> 财政局."""
    segs, rest = segments(name)
    if rest:
        return rest
    return segs[-1] if segs else name_key(name)


def infer_level(name: str) -> str | None:
    """The level of a body from its name, or None when the name does not tell."""
    n = clean_name(name)
    if not n:
        return None
    key = name_key(n)
    is_gov = key != n
    if _STREET.search(key):
        return "street"
    segs, rest = segments(n)
    if rest:
        if n.startswith(_MINISTRY_PREFIX) and not any(s in PROVINCES for s in segs[:1]):
            return "ministry"
        if not segs and _DEPARTMENT_TAIL.search(rest):
            return "ministry" if n.startswith(_MINISTRY_PREFIX) else "department"
        return "department" if _DEPARTMENT_TAIL.search(rest) or segs else None
    if not segs:
        return None
    last = segs[-1]
    if _TOWNSHIP.search(last):
        return "township"
    if last in PROVINCES:
        return "province"
    if last.endswith(("自治州", "地区", "盟")):
        return "city"
    if last.endswith(("县", "旗", "自治县", "自治旗")) or (last.endswith("区") and not last.endswith("自治区")):
        return "county"
    if last.endswith("市"):
        # 安康市 is a city; 湖南省浏阳市 or 安康市旬阳市 (a city inside a city or after a province that is
        # not its only segment) is county-level unless the name is just 省+市.
        if len(segs) >= 2 and (segs[-2].endswith("市") or segs[-2].endswith(("州", "地区", "盟"))):
            return "county"
        return "city"
    return "government" if is_gov else None


# The regions infer_region tries, grouped by the first two characters of the name they start with.
_REGION_HEADS: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}
for _full in PROVINCES:
    _REGION_HEADS.setdefault(_full[:2], ([], []))[0].append(_full)
for _short, _full in _PROVINCE_SHORT.items():
    _REGION_HEADS.setdefault(_short[:2], ([], []))[1].append((_short, _full))


def infer_region(name: str) -> str | None:
    """The province-level region a name starts with: 陕西省安康市 -> 陕西省; 北京市海淀区 -> 北京市."""
    n = clean_name(name)
    fulls, shorts = _REGION_HEADS.get(n[:2], ([], []))  # one look-up, not a test of every region
    for p in fulls:
        if n.startswith(p):
            return p
    for short, full in shorts:
        if n.startswith(short) and not n.startswith(full):
            rest = n[len(short):]
            if rest.startswith(("省", "市", "自治区")):
                return full
    return None


def name_variants(name: str, parent_names: tuple[str, ...] = ()) -> list[str]:
    """Names one body is likely printed under: 石门镇 with parent 岚皋县 ->
    石门镇, 石门镇人民政府, 岚皋县石门镇, 岚皋县石门镇人民政府."""
    key = name_key(name)
    out = [clean_name(name), key]
    level = infer_level(name)
    gov = level in {"province", "city", "county", "township"} or clean_name(name) != key
    if gov:
        out.append(key + "人民政府")
    for parent in parent_names:
        pkey = name_key(parent)
        if pkey and not key.startswith(pkey):
            out.append(pkey + key)
            if gov:
                out.append(pkey + key + "人民政府")
    return list(dict.fromkeys(n for n in out if n))


@dataclass(slots=True)
class AgencyIndex:
    """Which stored agency a printed name means. Names map to agency ids; an unknown name matches a
    known body when one name is the other with region segments in front (石门镇 ~ 岚皋县石门镇), and the
    report's text decides between several such bodies (the county named in the body of the report)."""

    names: dict[str, int] = field(default_factory=dict)  # every known variant -> id
    keys: dict[int, str] = field(default_factory=dict)  # id -> fullest name key
    by_short: dict[str, set[int]] = field(default_factory=dict)
    # Temporary (negative) ids of bodies not stored yet -> the names added under them (`remap` on storing).
    temporary: dict[int, list[str]] = field(default_factory=dict)

    def new_id(self) -> int:
        """A temporary id for a body that is not stored yet (negative; `remap` gives it its stored id)."""
        return -len(self.temporary) - 1

    def add(self, agency_id: int, name: str) -> None:
        name = clean_name(name)
        if agency_id < 0:
            self.temporary.setdefault(agency_id, []).append(name)
        self.names[name] = agency_id
        key = name_key(name)
        self.names.setdefault(key, agency_id)
        if len(key) > len(self.keys.get(agency_id, "")):
            self.keys[agency_id] = key
        self.by_short.setdefault(short_name(name), set()).add(agency_id)

    def match(self, name: str, text: str = "") -> int | None:
        """The id the name means, or None when it is new or cannot be told apart."""
        name = clean_name(name)
        if name in self.names:
            return self.names[name]
        key = name_key(name)
        if key in self.names:
            return self.names[key]
        candidates = []
        for agency_id in self.by_short.get(short_name(name), ()):
            known = self.keys[agency_id]
            longer, shorter = (known, key) if len(known) >= len(key) else (key, known)
            if longer.endswith(shorter):
                prefix = longer[: -len(shorter)]
                _, rest = segments(prefix)
                if not rest:  # the difference is whole region segments
                    candidates.append((agency_id, prefix))
        if len(candidates) == 1:
            return candidates[0][0]
        named = [a for a, prefix in candidates if prefix and name_key(prefix) in text]
        return named[0] if len(named) == 1 else None

    def remap(self, ids: dict[int, int]) -> None:
        """Replace temporary ids by the stored ones (every temporary id must be in `ids`)."""
        for temp, names in self.temporary.items():
            real = ids[temp]
            for name in names:
                for variant in (name, name_key(name)):
                    if self.names.get(variant) == temp:
                        self.names[variant] = real
                ids_short = self.by_short.get(short_name(name))
                if ids_short is not None and temp in ids_short:
                    ids_short.discard(temp)
                    ids_short.add(real)
            if temp in self.keys:
                self.keys[real] = self.keys.pop(temp)
        self.temporary.clear()
