"""Keys of the canonical export (report-schema.md) with the national printed labels (国办公开办函〔2021〕30号).

This module is the single place where keys meet labels: extraction, rules, renderers and the store
all take them from here.
"""

from __future__ import annotations

SCHEMA_ID = "ogi.annual-report/1"

SECTION_KEYS: tuple[str, ...] = ("overview", "active_disclosure", "requests", "appeals", "problems", "other")

# Part number, printed title, short title used in messages.
SECTION_TITLES: dict[str, tuple[str, str, str]] = {
    "overview": ("一", "总体情况", "Overview"),
    "active_disclosure": ("二", "主动公开政府信息情况", "Proactive disclosure"),
    "requests": ("三", "收到和处理政府信息公开申请情况", "Requests received and handled"),
    "appeals": ("四", "政府信息公开行政复议、行政诉讼情况", "Administrative review and litigation"),
    "problems": ("五", "存在的主要问题及改进情况", "Main problems and improvements"),
    "other": ("六", "其他需要报告的事项", "Other matters"),
}

# --- part 二 -------------------------------------------------------------------------------------------
# (key, printed row label) per layout; column keys per block follow.
ACTIVE_KEYS_2021: tuple[str, ...] = (
    "rules.issued", "rules.repealed", "rules.in_force",
    "normative_documents.issued", "normative_documents.repealed", "normative_documents.in_force",
    "licensing", "penalty", "coercion", "fees",
)
ACTIVE_KEYS_2019: tuple[str, ...] = (
    "rules.made", "rules.published", "rules.total_public",
    "normative_documents.made", "normative_documents.published", "normative_documents.total_public",
    "licensing.prev_items", "licensing.delta", "licensing.decisions",
    "other_services.prev_items", "other_services.delta", "other_services.decisions",
    "penalty.prev_items", "penalty.delta", "penalty.decisions",
    "coercion.prev_items", "coercion.delta", "coercion.decisions",
    "fees.prev_items", "fees.delta",
    "procurement.projects", "procurement.amount",
)
ACTIVE_ROW_LABELS: dict[str, str] = {
    "rules": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
ACTIVE_COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount": "本年收费金额（单位：万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_public": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "delta": "本年增/减",
    "projects": "采购项目数量",
}
# Block headings of part 二 (2021): 第二十条第（X）项 and the rows under each.
ACTIVE_BLOCKS_2021: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("rules", "normative_documents"), ("issued", "repealed", "in_force")),
    ("第二十条第（五）项", ("licensing",), ("decisions",)),
    ("第二十条第（六）项", ("penalty", "coercion"), ("decisions",)),
    ("第二十条第（八）项", ("fees",), ("amount",)),
)

# --- part 三 -------------------------------------------------------------------------------------------
REQUEST_COLUMNS: tuple[str, ...] = (
    "natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total",
)
REQUEST_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
APPLICANT_COLUMNS: tuple[str, ...] = REQUEST_COLUMNS[:-1]

# (key, group label or "", printed leaf label)
REQUEST_ROW_LABELS: tuple[tuple[str, str, str], ...] = (
    ("new", "", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果", "（一）予以公开"),
    ("partly_granted", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("denied_law_prohibited", "", "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", "", "3.危及“三安全一稳定”"),
    ("denied_third_party", "", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "", "5.属于三类内部事务信息"),
    ("denied_process_info", "", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "", "7.属于行政执法案卷"),
    ("denied_query", "", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "", "3.补正后申请内容仍不明确"),
    ("rejected_petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("rejected_duplicate", "", "2.重复申请"),
    ("rejected_publication", "", "3.要求提供公开出版物"),
    ("rejected_excessive", "", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "", "3.其他"),
    ("total_processed", "", "（七）总计"),
    ("carried_forward", "", "四、结转下年度继续办理"),
)
REQUEST_ROWS: tuple[str, ...] = tuple(k for k, _, _ in REQUEST_ROW_LABELS)
REQUEST_LABELS: dict[str, str] = {k: label for k, _, label in REQUEST_ROW_LABELS} | {"other": "（六）其他处理"}
OUTCOME_ROWS_2021: tuple[str, ...] = REQUEST_ROWS[2:23]
OUTCOME_ROWS_2019: tuple[str, ...] = (*REQUEST_ROWS[2:20], "other")
OTHER_SUB_ROWS: tuple[str, ...] = ("other_no_correction", "other_unpaid_fee", "other_other")

# --- part 四 -------------------------------------------------------------------------------------------
APPEAL_GROUPS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
APPEAL_GROUP_LABELS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}
APPEAL_OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
APPEAL_OUTCOME_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


_ZH_LABELS: dict[str, str] = {}  # every finding names its cells in Chinese: each path is labelled once


def cell_label(path: str, lang: str = "zh") -> str:
    """A cell's printed name for messages: 'requests.granted.total' -> '（一）予以公开 · 总计'."""
    if lang != "zh":
        return _cell_label(path, lang)
    label = _ZH_LABELS.get(path)
    if label is None:
        label = _ZH_LABELS[path] = _cell_label(path, "zh")
    return label


def _cell_label(path: str, lang: str) -> str:
    parts = path.split(".")
    if parts[0] == "requests" and len(parts) == 3:
        if lang == "en":
            return f"part 3 {parts[1]} / {parts[2]}"
        return f"{REQUEST_LABELS.get(parts[1], parts[1])} · {REQUEST_COLUMN_LABELS.get(parts[2], parts[2])}"
    if parts[0] == "appeals" and len(parts) == 3:
        if lang == "en":
            return f"part 4 {parts[1]} / {parts[2]}"
        return f"{APPEAL_GROUP_LABELS.get(parts[1], parts[1])} · {APPEAL_OUTCOME_LABELS.get(parts[2], parts[2])}"
    if parts[0] == "active" and len(parts) >= 2:
        if lang == "en":
            return "part 2 " + ".".join(parts[1:])
        row = ACTIVE_ROW_LABELS.get(parts[1], parts[1])
        if len(parts) == 3:
            return f"{row} · {ACTIVE_COLUMN_LABELS.get(parts[2], parts[2])}"
        return row
    return path
