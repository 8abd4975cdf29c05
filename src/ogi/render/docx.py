"""The report as a DOCX in the national layout and the look of a Chinese official document:
A4 with GB/T 9704 margins, a 方正小标宋 title, 黑体 part headings, 仿宋 body with a two-character
first-line indent, the three tables with real merged cells (w:gridSpan / w:vMerge), and page
numbers "— N —" in the footer.

python-docx builds the document; the tables are written as WordprocessingML directly, which is
several times faster than python-docx's cell-merging API and gives exactly the printed grid.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ogi.render import fonts
from ogi.render.layout import Block, Grid, GridCell, document_blocks

_TWIPS_PER_MM = 1440 / 25.4
# Column widths in twips per table (text width 8844 twips on A4 with 28/26 mm margins).
_WIDTHS = {
    "active": [2844, 2000, 2000, 2000],
    "requests": [660, 1080, 2064, *([720] * 7)],
    "appeals": [589] * 14 + [598],
}


def _set_fonts(rpr_parent: Any, east_asia: str, latin: str = fonts.LATIN) -> None:
    """Set w:rFonts on a run or a style (python-docx sets only ascii/hAnsi through `font.name`)."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def _run(paragraph: Paragraph, text: str, east_asia: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    _set_fonts(run._r, east_asia)


def _para(doc: Any, text: str, *, font: str, size: float, align: WD_ALIGN_PARAGRAPH | None = None,
          indent: bool = False, space_after: float = 0.0) -> Paragraph:
    p: Paragraph = doc.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        fmt.alignment = align
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if space_after:
        fmt.space_after = Pt(space_after)
    _run(p, text, font, size)
    return p


def _cell_xml(cell: GridCell | None, width: int, colspan: int, vmerge: str | None) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if colspan > 1:
        props.append(f'<w:gridSpan w:val="{colspan}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
    props.append('<w:vAlign w:val="center"/>')
    text = cell.text if cell is not None and vmerge != "continue" else ""
    align = "both" if cell is not None and cell.kind == "note" else "center"
    size = int(fonts.TABLE_PT * 2)
    ppr = (f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
           f'<w:jc w:val="{align}"/></w:pPr>')
    run = ""
    if text:
        east = fonts.HEADING[0] if cell is not None and cell.kind == "head" else fonts.BODY[0]
        run = (f'<w:r><w:rPr><w:rFonts w:ascii="{fonts.LATIN}" w:hAnsi="{fonts.LATIN}" w:eastAsia="{east}" '
               f'w:cs="{fonts.LATIN}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
               f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p>{ppr}{run}</w:p></w:tc>"


def table_xml(grid: Grid) -> str:
    """WordprocessingML of a grid: one w:tc per printed cell, w:gridSpan for column spans and
    w:vMerge restart/continue for row spans (the continuation cells are empty, as Word writes them)."""
    widths = _WIDTHS[grid.key]
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="40" w:type="dxa"/><w:right w:w="40" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>']
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    # Cells continuing a row span: (row, col) -> the cell above that started it.
    continuing: dict[tuple[int, int], GridCell] = {}
    for r, placed in enumerate(grid.placed()):
        starts = dict(placed)
        for col, cell in placed:
            for dr in range(1, cell.rowspan):
                continuing[(r + dr, col)] = cell
        header = r < grid.header_rows
        trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
        out.append(f"<w:tr>{trpr}")
        col = 0
        while col < grid.columns:
            start = starts.get(col)
            if start is not None:
                span = start.colspan
                out.append(_cell_xml(start, sum(widths[col:col + span]), span,
                                     "restart" if start.rowspan > 1 else None))
            elif (r, col) in continuing:
                above = continuing[(r, col)]
                span = above.colspan
                out.append(_cell_xml(above, sum(widths[col:col + span]), span, "continue"))
            else:  # pragma: no cover - grids from layout.py fill every position
                span = 1
                out.append(_cell_xml(None, widths[col], 1, None))
            col += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _page_number_footer(section: Any) -> None:
    footer = section.footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", fonts.PAGE_NUMBER[0], fonts.PAGE_NUMBER_PT)
    size = int(fonts.PAGE_NUMBER_PT * 2)
    rpr = (f'<w:rPr><w:rFonts w:ascii="{fonts.LATIN}" w:hAnsi="{fonts.LATIN}" '
           f'w:eastAsia="{fonts.PAGE_NUMBER[0]}"/><w:sz w:val="{size}"/></w:rPr>')
    for xml in (f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}>{rpr}<w:t>1</w:t></w:r>',
                f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'):
        p._p.append(parse_xml(xml))
    _run(p, " —", fonts.PAGE_NUMBER[0], fonts.PAGE_NUMBER_PT)


def _setup(doc: Any, meta: dict[str, Any]) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(fonts.PAGE_MM[0]), Mm(fonts.PAGE_MM[1])
    section.top_margin = Mm(fonts.MARGINS_MM["top"])
    section.bottom_margin = Mm(fonts.MARGINS_MM["bottom"])
    section.left_margin = Mm(fonts.MARGINS_MM["left"])
    section.right_margin = Mm(fonts.MARGINS_MM["right"])
    section.footer_distance = Mm(28 - 7)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(fonts.BODY_PT)
    _set_fonts(normal.element, fonts.BODY[0])
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(fonts.LINE_PT)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _page_number_footer(section)
    props = doc.core_properties
    agency = meta.get("agency") or ""
    props.title = f"{agency}{meta.get('year') or ''}年政府信息公开工作年度报告"
    props.author = agency
    props.language = "zh-CN"


def _heading(doc: Any, text: str) -> None:
    p = _para(doc, text, font=fonts.HEADING[0], size=fonts.BODY_PT, indent=True)
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    p.paragraph_format.keep_with_next = True


def _block(doc: Any, block: Block) -> None:
    body = doc.element.body
    if block.kind == "title":
        p = _para(doc, block.text, font=fonts.TITLE[0], size=fonts.TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                  space_after=fonts.LINE_PT)
        p.paragraph_format.line_spacing = Pt(fonts.TITLE_PT * 1.6)
    elif block.kind == "subtitle":
        p = _para(doc, block.text, font=fonts.TITLE[0], size=fonts.TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.line_spacing = Pt(fonts.TITLE_PT * 1.6)
    elif block.kind == "heading":
        _heading(doc, block.text)
    elif block.kind == "para":
        _para(doc, block.text, font=fonts.BODY[0], size=fonts.BODY_PT, indent=True)
    elif block.kind == "table":
        assert block.grid is not None
        # Insert before the body's final w:sectPr, like python-docx's own add_table.
        body._insert_tbl(parse_xml(table_xml(block.grid)))
        doc.add_paragraph().paragraph_format.line_spacing = Pt(fonts.TABLE_PT)
    elif block.kind in ("signature", "date"):
        p = _para(doc, block.text, font=fonts.BODY[0], size=fonts.BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(4 * fonts.BODY_PT)
        if block.kind == "signature":
            p.paragraph_format.space_before = Pt(2 * fonts.LINE_PT)
            p.paragraph_format.keep_with_next = True


def render_docx(data: dict[str, Any]) -> bytes:
    """The report `data` (`ogi.annual-report/1`, layout 2021) as DOCX bytes."""
    doc = Document()
    _setup(doc, data.get("meta") or {})
    for block in document_blocks(data):
        _block(doc, block)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
