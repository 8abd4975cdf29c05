"""Recognising the national labels by meaning: folded keywords, tolerant of brackets, spaces, quotes,
numbering styles and the known wording variants."""

from __future__ import annotations

from functools import lru_cache

from ogi.document.text import fold

# Part 三 rows: (key, keywords any of which identifies the row's own label). Order matters only where
# one label contains another's keyword; none of these do.
_REQUEST_ROW_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("本年新收",)),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年",)),
    ("granted", ("予以公开",)),
    ("partly_granted", ("部分公开",)),
    ("denied_state_secret", ("国家秘密",)),
    ("denied_law_prohibited", ("禁止公开",)),
    ("denied_security_stability", ("三安全一稳定", "危及")),
    ("denied_third_party", ("第三方",)),
    ("denied_internal_affairs", ("内部事务",)),
    ("denied_process_info", ("过程性",)),
    ("denied_enforcement_file", ("执法案卷",)),
    ("denied_query", ("行政查询",)),
    ("unable_not_held", ("不掌握",)),
    ("unable_needs_creation", ("另行制作", "没有现成")),
    ("unable_unclear", ("仍不明确", "补正后")),
    ("rejected_petition", ("信访", "举报投诉")),
    ("rejected_duplicate", ("重复申请",)),
    ("rejected_publication", ("出版物",)),
    ("rejected_excessive", ("大量反复",)),
    ("rejected_confirmation", ("重新出具", "确认或")),
    ("other_no_correction", ("不补正",)),
    ("other_unpaid_fee", ("缴纳费用", "收费通知")),
)
_OTHER_LEAVES = frozenset({"3其他", "其他", "(3)其他", "3)其他"})
_TOTAL_LEAVES = frozenset({"(七)总计", "七总计", "总计", "合计", "(七)合计"})

REQUEST_GROUPS: tuple[tuple[str, str], ...] = (
    ("办理结果", "results"),
    ("不予公开", "denied"),
    ("无法提供", "unable"),
    ("不予处理", "rejected"),
    ("其他处理", "other"),
)


@lru_cache(maxsize=8192)
def request_group(folded: str) -> str | None:
    """Which group heading a label cell names (（三）不予公开 ...), if it is only a group heading."""
    for word, group in REQUEST_GROUPS:
        if word in folded and len(folded) <= len(word) + 6:
            return group
    return None


@lru_cache(maxsize=8192)
def match_request_row(folded_leaf: str, group: str | None) -> str | None:
    """The part-三 row key a folded leaf label names, or None."""
    for key, words in _REQUEST_ROW_KEYWORDS:
        for w in words:
            if w in folded_leaf:
                return key
    if folded_leaf in _OTHER_LEAVES and group == "other":
        return "other_other"
    if folded_leaf in _TOTAL_LEAVES:
        return "total_processed"
    if "其他处理" in folded_leaf and len(folded_leaf) <= 8:
        return "other"
    return None


# Part 三 header columns.
_REQUEST_COLUMN_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("自然人", "natural_person"),
    ("商业企业", "commercial"),
    ("科研机构", "research"),
    ("社会公益", "social_welfare"),
    ("法律服务", "legal_services"),
    ("总计", "total"),
    ("合计", "total"),
)
ORG_GROUP = "@org"


@lru_cache(maxsize=8192)
def match_request_column(folded: str) -> str | None:
    if folded == "其他" or folded == "其他组织":
        return "other_org"
    if "法人或其他组织" in folded or folded == "法人":
        return ORG_GROUP
    for word, key in _REQUEST_COLUMN_KEYWORDS:
        if word in folded and len(folded) <= len(word) + 4:
            return key
    return None


# Part 四.
@lru_cache(maxsize=8192)
def match_appeal_group(folded: str) -> str | None:
    if "直接起诉" in folded:
        return "litigation_direct"
    if "复议后起诉" in folded:
        return "litigation_after_review"
    if folded.startswith("行政复议") and len(folded) <= 6:
        return "review"
    if folded.startswith("行政诉讼") and len(folded) <= 6:
        return "litigation"
    return None


_APPEAL_OUTCOME_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("维持", "upheld"),
    ("纠正", "corrected"),
    ("其他结果", "other"),
    ("审结", "pending"),
    ("总计", "total"),
    ("合计", "total"),
)


@lru_cache(maxsize=8192)
def match_appeal_outcome(folded: str) -> str | None:
    if len(folded) > 8:
        return None
    for word, key in _APPEAL_OUTCOME_KEYWORDS:
        if word in folded:
            return key
    return None


# Part 二.
@lru_cache(maxsize=8192)
def match_active_row(folded: str) -> str | None:
    if folded.startswith("第二十条") or folded.startswith("信息内容"):
        return None
    if folded == "规章" or (folded.startswith("规章") and len(folded) <= 6):
        return "rules"
    if "规范性文件" in folded:
        return "normative_documents"
    if "其他对外管理服务" in folded:
        return "other_services"
    if "行政许可" in folded:
        return "licensing"
    if "行政处罚" in folded:
        return "penalty"
    if "行政强制" in folded:
        return "coercion"
    if "事业性收费" in folded:
        return "fees"
    if "集中采购" in folded:
        return "procurement"
    return None


_ACTIVE_COLUMN_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("制发", "issued"),  # 本年制发件数, also printed 本年新制发件数
    ("废止", "repealed"),
    ("现行有效", "in_force"),
    ("新制作", "made"),
    ("新公开", "published"),
    ("对外公开总", "total_public"),
    ("上一年项目", "prev_items"),
    ("增/减", "delta"),
    ("增减", "delta"),
    ("处理决定", "decisions"),
    ("收费金额", "amount"),
    ("采购项目", "projects"),
    ("采购总金额", "amount"),
    ("金额", "amount"),
)
ACTIVE_2019_COLUMNS = frozenset({"made", "published", "total_public", "prev_items", "delta", "projects"})
ACTIVE_2021_COLUMNS = frozenset({"issued", "repealed", "in_force"})


@lru_cache(maxsize=8192)
def match_active_column(folded: str) -> str | None:
    for word, key in _ACTIVE_COLUMN_KEYWORDS:
        if word in folded:
            return key
    return None


@lru_cache(maxsize=4096)
def same_label(printed: str, national: str) -> bool:
    """True when a printed label says the same as the national one, numbering and brackets aside."""
    return _strip_numbering(fold(printed)) == _strip_numbering(fold(national))


def _strip_numbering(folded: str) -> str:
    i = 0
    while i < len(folded) and (folded[i] in "()一二三四五六七八九十0123456789"):
        i += 1
    return folded[i:] if i < len(folded) else folded
