"""Reports built for the reader tests, independent of the project's own renderer.

`report_data` invents a consistent 2021-layout report with a non-zero value in every row and column;
`national_tables` lays its three tables out as printed (merged cells as spans); the writers put the
same report into DOCX (python-docx, and raw XML by hand), HTML in several portal styles and XLSX.
Labels are typed here, not taken from ogi's schema.
"""

from __future__ import annotations

import html
import io
import random
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")
OUTCOMES = (
    "granted", "partly_granted",
    "denied_state_secret", "denied_law_prohibited", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_other",
)
GROUPS = ("review", "litigation_direct", "litigation_after_review")
APPEAL_KEYS = ("upheld", "corrected", "other", "pending", "total")

# (key, group label, leaf label) — the national part 三 rows.
ROWS: tuple[tuple[str, str, str], ...] = (
    ("granted", "", "（一）予以公开"),
    ("partly_granted", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("denied_law_prohibited", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied_process_info", "（三）不予公开", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("denied_query", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("rejected_petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("rejected_duplicate", "（五）不予处理", "2.重复申请"),
    ("rejected_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("rejected_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "（六）其他处理", "3.其他"),
    ("total_processed", "", "（七）总计"),
)
HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
SECTION_KEYS = ("overview", "active_disclosure", "requests", "appeals", "problems", "other")


def report_data(seed: int, *, agency: str = "云溪县自然资源局", year: int = 2024) -> dict[str, Any]:
    """Consistent data: every part-三 row and column, every appeal cell and every part-二 cell non-zero."""
    rng = random.Random(seed)
    req: dict[str, dict[str, int]] = {r: {c: rng.randint(1, 40) for c in COLS} for r in OUTCOMES}
    req["total_processed"] = {c: sum(req[r][c] for r in OUTCOMES) for c in COLS}
    req["carried_over"] = {c: rng.randint(1, 9) for c in COLS}
    req["carried_forward"] = {c: rng.randint(1, 9) for c in COLS}
    req["new"] = {c: req["total_processed"][c] + req["carried_forward"][c] - req["carried_over"][c] for c in COLS}
    for row in req.values():
        row["total"] = sum(row[c] for c in COLS)
    order = ["new", "carried_over", *OUTCOMES, "total_processed", "carried_forward"]
    appeals: dict[str, dict[str, int]] = {}
    for g in GROUPS:
        parts = {k: rng.randint(1, 19) for k in APPEAL_KEYS[:4]}
        appeals[g] = {**parts, "total": sum(parts.values())}
    fees = Decimal(rng.randint(101, 99_999)) / 100
    if fees == fees.to_integral_value():
        fees += Decimal("0.5")
    day = rng.randint(10, 28)
    sections = {
        "overview": f"（一）主动公开。全年主动公开政府信息{rng.randint(100, 999)}条。\n"
                    f"（二）依申请公开。全年收到申请{req['new']['total']}件。",
        "active_disclosure": None,
        "requests": None,
        "appeals": None,
        "problems": "一是公开内容不够全面。二是解读形式较为单一。",
        "other": f"本机关全年发出收费通知{rng.randint(1, 9)}件，收取信息处理费{rng.randint(1, 9)}00元。",
    }
    return {
        "layout": "2021",
        "meta": {"agency": agency, "year": year, "publish_date": f"{year + 1}-01-{day:02d}"},
        "sections": sections,
        "active": {
            "rules": {k: rng.randint(1, 30) for k in ("issued", "repealed", "in_force")},
            "normative_documents": {k: rng.randint(1, 90) for k in ("issued", "repealed", "in_force")},
            "licensing": rng.randint(1, 90_000),
            "penalty": rng.randint(1, 9_000),
            "coercion": rng.randint(1, 900),
            "fees": fees,
        },
        "requests": {r: {c: req[r][c] for c in (*COLS, "total")} for r in order},
        "appeals": appeals,
    }


def to_expected(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of `Report.to_dict()` a reader test compares."""
    active = dict(data["active"])
    fees = active["fees"]
    active["fees"] = float(fees) if isinstance(fees, Decimal) else fees
    return {"layout": data["layout"], "active": active, "requests": data["requests"], "appeals": data["appeals"],
            "agency": data["meta"]["agency"], "year": data["meta"]["year"],
            "publish_date": data["meta"]["publish_date"]}


def got_of(report_dict: dict[str, Any]) -> dict[str, Any]:
    active = dict(report_dict["active"])
    fees = active.get("fees")
    active["fees"] = float(fees) if fees is not None and not isinstance(fees, int) else fees
    return {"layout": report_dict["layout"], "active": active, "requests": report_dict["requests"],
            "appeals": report_dict["appeals"], "agency": report_dict["meta"]["agency"],
            "year": report_dict["meta"]["year"], "publish_date": report_dict["meta"]["publish_date"]}


# --- table layouts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class C:
    """A printed cell: top-left position, spans, text ("\n" = a new paragraph in the cell)."""

    r: int
    c: int
    text: str
    rs: int = 1
    cs: int = 1


@dataclass(frozen=True)
class Grid:
    nrows: int
    ncols: int
    cells: tuple[C, ...]


def _fmt(value: Any) -> str:
    return str(value)


def active_grid(data: dict[str, Any], *, halfwidth: bool = False) -> Grid:
    a = data["active"]
    br = (lambda s: s.replace("（", "(").replace("）", ")")) if halfwidth else (lambda s: s)
    cells: list[C] = []
    r = 0

    def block(title: str, header: list[str], rows: list[tuple[str, list[Any]]]) -> None:
        nonlocal r
        cells.append(C(r, 0, br(title), cs=4))
        r += 1
        cells.append(C(r, 0, "信息内容"))
        if len(header) == 1:
            cells.append(C(r, 1, br(header[0]), cs=3))
        else:
            cells.extend(C(r, 1 + i, h) for i, h in enumerate(header))
        r += 1
        for label, values in rows:
            cells.append(C(r, 0, label))
            if len(values) == 1:
                cells.append(C(r, 1, _fmt(values[0]), cs=3))
            else:
                cells.extend(C(r, 1 + i, _fmt(v)) for i, v in enumerate(values))
            r += 1

    cols3 = ("issued", "repealed", "in_force")
    block("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
          [("规章", [a["rules"][k] for k in cols3]),
           ("行政规范性文件", [a["normative_documents"][k] for k in cols3])])
    block("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [a["licensing"]])])
    block("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [a["penalty"]]), ("行政强制", [a["coercion"]])])
    block("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [a["fees"]])])
    return Grid(r, 4, tuple(cells))


def requests_grid(data: dict[str, Any], *, split_words: bool = False) -> Grid:
    q = data["requests"]
    cells: list[C] = [
        C(0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3),
        C(0, 3, "申请人情况", cs=7),
        C(1, 3, "自\n然\n人" if split_words else "自然人", rs=2),
        C(1, 4, "法人或其他组织", cs=5),
        C(1, 9, "总计", rs=2),
    ]
    subs = ("商业\n企业", "科研\n机构", "社会公益\n组织", "法律服务\n机构", "其他") if split_words else \
        ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    cells.extend(C(2, 4 + i, s) for i, s in enumerate(subs))

    def values(r: int, key: str) -> None:
        cells.extend(C(r, 3 + i, _fmt(q[key][c])) for i, c in enumerate((*COLS, "total")))

    cells.append(C(3, 0, "一、本年新收政府信息公开申请数量", cs=3))
    values(3, "new")
    cells.append(C(4, 0, "二、上年结转政府信息公开申请数量", cs=3))
    values(4, "carried_over")
    first = 5
    cells.append(C(first, 0, "三、本年度办理结果", rs=len(ROWS)))
    r = first
    i = 0
    while i < len(ROWS):
        key, group, leaf = ROWS[i]
        if not group:
            cells.append(C(r, 1, leaf, cs=2))
            values(r, key)
            r += 1
            i += 1
            continue
        n = sum(1 for _, g, _ in ROWS if g == group)
        cells.append(C(r, 1, group, rs=n))
        for j in range(n):
            key, _, leaf = ROWS[i + j]
            cells.append(C(r + j, 2, leaf))
            values(r + j, key)
        r += n
        i += n
    cells.append(C(r, 0, "四、结转下年度继续办理", cs=3))
    values(r, "carried_forward")
    return Grid(r + 1, 10, tuple(cells))


def appeals_grid(data: dict[str, Any], *, split_words: bool = False) -> Grid:
    labels = ("结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计") if split_words else \
        ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    cells = [C(0, 0, "行政复议", cs=5), C(0, 5, "行政诉讼", cs=10)]
    cells.extend(C(1, i, s, rs=2) for i, s in enumerate(labels))
    cells += [C(1, 5, "未经复议直接起诉", cs=5), C(1, 10, "复议后起诉", cs=5)]
    cells.extend(C(2, 5 + i, s) for i, s in enumerate(labels * 2))
    values = [data["appeals"][g][k] for g in GROUPS for k in APPEAL_KEYS]
    cells.extend(C(3, i, _fmt(v)) for i, v in enumerate(values))
    return Grid(4, 15, tuple(cells))


def national_grids(data: dict[str, Any], **kw: bool) -> dict[str, Grid]:
    split = kw.get("split_words", False)
    return {"active_disclosure": active_grid(data, halfwidth=kw.get("halfwidth", False)),
            "requests": requests_grid(data, split_words=split), "appeals": appeals_grid(data, split_words=split)}


def outline(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The report in reading order: ('title', text), ('p', text), ('h', text), ('table', Grid)."""
    meta = data["meta"]
    grids = national_grids(data)
    y, m, d = (int(x) for x in meta["publish_date"].split("-"))
    out: list[tuple[str, Any]] = [
        ("title", f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"),
        ("p", "本报告依据《中华人民共和国政府信息公开条例》编制，"
              f"所列数据统计期限为{meta['year']}年1月1日至12月31日。"),
    ]
    for heading, key in zip(HEADINGS, SECTION_KEYS, strict=True):
        out.append(("h", heading))
        text = data["sections"].get(key)
        if text:
            out.extend(("p", line) for line in text.split("\n"))
        if key in grids:
            out.append(("table", grids[key]))
    out.append(("p", meta["agency"]))
    out.append(("p", f"{y}年{m}月{d}日"))
    return out


def expected_sections(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (data["sections"].get(k) or "") for k in SECTION_KEYS}


# --- DOCX with python-docx ---------------------------------------------------------------------------
def to_docx(data: dict[str, Any], *, borders: bool = True, grids: dict[str, Grid] | None = None) -> bytes:
    import docx

    document = docx.Document()
    items = outline(data)
    if grids is not None:
        items = [(k, grids.get(_grid_key(items, i), v) if k == "table" else v) for i, (k, v) in enumerate(items)]
    for kind, value in items:
        if kind == "table":
            _docx_table(document, value, borders)
        elif kind == "title":
            document.add_heading(value, level=1)
        else:
            document.add_paragraph(value)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _grid_key(items: list[tuple[str, Any]], i: int) -> str:
    seen = sum(1 for k, _ in items[:i] if k == "table")
    return ("active_disclosure", "requests", "appeals")[seen]


def _docx_table(document: Any, grid: Grid, borders: bool) -> None:
    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    if borders:
        table.style = "Table Grid"
    for cell in grid.cells:
        target = table.cell(cell.r, cell.c)
        if cell.rs > 1 or cell.cs > 1:
            target = target.merge(table.cell(cell.r + cell.rs - 1, cell.c + cell.cs - 1))
        lines = cell.text.split("\n")
        target.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            target.add_paragraph(line)


# --- DOCX by hand: raw WordprocessingML ---------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'numbering" Target="numbering.xml"/></Relationships>'
)
# numId 1: level 0 "一、" (chineseCounting), level 1 "（一）" (chineseCounting); numId 2: "%1." decimal.
NUMBERING_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
    '<w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
    '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + "".join(f'<w:num w:numId="{i}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
              '<w:startOverride w:val="1"/></w:lvlOverride></w:num>' for i in range(3, 8)) +
    "</w:numbering>"
)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'


def raw_p(text: str = "", *, num: tuple[int, int] | None = None, runs: str | None = None) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{ppr}{runs if runs is not None else _run(text)}</w:p>"


def raw_table(grid: Grid, *, cell_runs: dict[tuple[int, int], str] | None = None,
              leaf_numbering: bool = False) -> str:
    """A w:tbl with gridSpan / vMerge written as Word writes them (continuation cells present)."""
    at = {(c.r, c.c): c for c in grid.cells}
    covered: dict[tuple[int, int], C] = {}
    for c in grid.cells:
        for r in range(c.r + 1, c.r + c.rs):
            covered[(r, c.c)] = c
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid>']
    out += ['<w:gridCol w:w="800"/>'] * grid.ncols
    out.append("</w:tblGrid>")
    list_id = 2  # each group of numbered leaves is a new list (w:num) restarting at 1
    for r in range(grid.nrows):
        out.append("<w:tr>")
        col = 0
        while col < grid.ncols:
            if (r, col) in at:
                c = at[(r, col)]
                props = (f'<w:gridSpan w:val="{c.cs}"/>' if c.cs > 1 else "") + \
                        ('<w:vMerge w:val="restart"/>' if c.rs > 1 else "")
                if cell_runs and (r, col) in cell_runs:
                    paras = cell_runs[(r, col)]
                else:
                    lines = c.text.split("\n")
                    numbered = leaf_numbering and c.c == 2 and r > 4 and lines[0][:1].isdigit()
                    if numbered:
                        # "1.属于国家秘密" with the "1." coming from numbering (restarted per group).
                        if lines[0].startswith("1."):
                            list_id += 1
                        paras = raw_p(lines[0].split(".", 1)[1], num=(list_id, 0))
                    else:
                        paras = "".join(raw_p(line) for line in lines)
                out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
                col += c.cs
            elif (r, col) in covered:
                c = covered[(r, col)]
                span = f'<w:gridSpan w:val="{c.cs}"/>' if c.cs > 1 else ""
                out.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                col += c.cs
            else:
                covering = next(x for x in grid.cells if x.r == r and x.c < col < x.c + x.cs)
                raise AssertionError(f"bad grid at {r},{col} ({covering})")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def raw_docx(body: str, *, numbering: str | None = NUMBERING_XML, extra_ns: str = "") -> bytes:
    ns = (f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:v="urn:schemas-microsoft-com:vml" ' + extra_ns)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}>'
                f"<w:body>{body}<w:sectPr/></w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
        if numbering is not None:
            zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
            zf.writestr("word/numbering.xml", numbering)
    return buf.getvalue()


def textbox(paragraphs: str) -> str:
    """A DrawingML text box with its VML fallback, as Word 2010+ writes it (same text twice)."""
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


# --- HTML in portal styles ---------------------------------------------------------------------------
def html_table(grid: Grid, style: str) -> str:
    at = {(c.r, c.c): c for c in grid.cells}
    rows = []
    for r in range(grid.nrows):
        tds = []
        for col in range(grid.ncols):
            c = at.get((r, col))
            if c is None:
                continue
            attrs = (f' rowspan="{c.rs}"' if c.rs > 1 else "") + (f' colspan="{c.cs}"' if c.cs > 1 else "")
            text = html.escape(c.text)
            if style == "word":  # Word "save as web page": <p class=MsoNormal><span> with &nbsp; padding
                inner = "".join(f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt;font-family:'
                                f'宋体">&nbsp;{line}&nbsp;</span></p>' for line in text.split("\n"))
                tds.append(f'<td width="60" valign="center" style="border:solid windowtext 1.0pt"{attrs}>{inner}</td>')
            elif style == "br":
                tds.append(f"<td{attrs}>{text.replace(chr(10), '<br/>')}</td>")
            else:
                tag = "th" if r < 2 else "td"
                tds.append(f"<{tag}{attrs}><span>{text.replace(chr(10), '<br>')}</span></{tag}>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    if style == "th":
        return "<table border='1'><thead>" + "".join(rows[:2]) + "</thead><tbody>" + "".join(rows[2:]) + \
            "</tbody></table>"
    return '<table border="1" cellspacing="0" cellpadding="0">' + "".join(rows) + "</table>"


def to_html(data: dict[str, Any], style: str, charset: str = "utf-8", *, meta_charset: bool = True,
            one_table: bool = False) -> bytes:
    """A portal page: navigation, breadcrumbs, the article, a footer."""
    body: list[str] = []
    pending: list[Grid] = []
    for kind, value in outline(data):
        if kind == "table":
            if one_table:
                pending.append(value)
            else:
                body.append(html_table(value, style))
            continue
        if kind == "title":
            body.append(f"<h1 class='title'>{html.escape(value)}</h1>")
        elif style == "word":
            body.append(f"<p class='MsoNormal' style='text-indent:2em'><span>{html.escape(value)}</span></p>")
        elif style == "br":
            body.append(f"{html.escape(value)}<br/>")
        else:
            body.append(f"<div class='para'>{html.escape(value)}</div>")
    if one_table:
        # All three tables stacked in one <table> (one grid of the widest width), after the text.
        body.append(_stacked(pending))
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta_charset else ""
    nav = "".join(f"<li><a href='/l{i}.html'>栏目{i}：政务公开 信息公开指南</a></li>" for i in range(12))
    page = (
        f"<!DOCTYPE html><html><head>{meta}<title>{html.escape(outline(data)[0][1])}_政府信息公开</title>"
        "<script>var x = '<table><tr><td>1</td></tr></table>';</script><style>td{border:1px}</style></head><body>"
        f"<div class='header'><ul class='nav'>{nav}</ul></div>"
        "<div class='crumb'>当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>"
        "<table class='layout' width='100%'><tr><td class='side'><ul><li>机构概况</li><li>法规文件</li></ul></td>"
        f"<td class='main'><div class='article' id='zoom'>{''.join(body)}</div></td></tr></table>"
        "<div class='footer'>主办单位：某某人民政府办公室 | 网站标识码1234567890 | 备案号：某ICP备12345678号</div>"
        "</body></html>"
    )
    return page.encode(charset)


def _stacked(grids: list[Grid]) -> str:
    width = 15
    rows: list[str] = []
    for grid in grids:
        at = {(c.r, c.c): c for c in grid.cells}
        for r in range(grid.nrows):
            tds = []
            for col in range(grid.ncols):
                c = at.get((r, col))
                if c is None:
                    continue
                cs = c.cs
                if col + c.cs == grid.ncols:
                    cs += width - grid.ncols  # stretch the last cell to the common width
                attrs = (f' rowspan="{c.rs}"' if c.rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<td{attrs}>{html.escape(c.text).replace(chr(10), '<br>')}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<table border='1'>" + "".join(rows) + "</table>"


# --- XLSX ----------------------------------------------------------------------------------------------
def to_xlsx(data: dict[str, Any], *, one_sheet: bool = True) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "年度报告"
    row = 1
    for kind, value in outline(data):
        if kind != "table":
            ws.cell(row=row, column=1, value=value)
            row += 1
            continue
        grid: Grid = value
        for c in grid.cells:
            text: Any = c.text
            if text.replace(".", "", 1).isdigit():
                text = float(text) if "." in text else int(text)
            ws.cell(row=row + c.r, column=1 + c.c, value=text)
            if c.rs > 1 or c.cs > 1:
                ws.merge_cells(start_row=row + c.r, start_column=1 + c.c,
                               end_row=row + c.r + c.rs - 1, end_column=1 + c.c + c.cs - 1)
        row += grid.nrows
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
