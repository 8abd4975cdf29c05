"""The report as one self-contained HTML page in the national layout (tables with rowspan/colspan),
styled as a Chinese official document; the same page, printed by WeasyPrint, is the PDF."""

from __future__ import annotations

from html import escape
from typing import Any

from ogi.render import fonts
from ogi.render.layout import Block, Grid, document_blocks

_COLUMN_WIDTHS = {  # per cent of the table width
    "active": [32, 22.6, 22.7, 22.7],
    "requests": [6, 11, 27, *([8.0] * 7)],
    "appeals": [6.66] * 15,
}


def css() -> str:
    m = fonts.MARGINS_MM
    return f"""
@page {{
  size: A4;
  margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm;
  @bottom-center {{
    content: "— " counter(page) " —";
    font-family: {fonts.css_family(fonts.PAGE_NUMBER)};
    font-size: {fonts.PAGE_NUMBER_PT}pt;
  }}
}}
html {{ font-family: {fonts.css_family(fonts.BODY)}; font-size: {fonts.BODY_PT}pt; color: #000; }}
body {{ margin: 0 auto; max-width: 156mm; line-height: {fonts.LINE_PT}pt; }}
h1, p.agency {{ font-family: {fonts.css_family(fonts.TITLE)}; font-size: {fonts.TITLE_PT}pt; font-weight: normal;
  text-align: center; line-height: {fonts.TITLE_PT * 1.6:.1f}pt; margin: 0; }}
h1 {{ margin-bottom: {fonts.LINE_PT}pt; }}
h2 {{ font-family: {fonts.css_family(fonts.HEADING)}; font-size: {fonts.BODY_PT}pt; font-weight: normal;
  text-indent: 2em; margin: 0; line-height: {fonts.LINE_PT}pt; break-after: avoid; }}
p {{ text-indent: 2em; text-align: justify; margin: 0; }}
p.signature, p.date {{ text-align: right; text-indent: 0; padding-right: 4em; }}
p.signature {{ margin-top: {2 * fonts.LINE_PT}pt; break-before: avoid; }}
p.date {{ break-before: avoid; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.5em 0 1em 0;
  font-size: {fonts.TABLE_PT}pt; line-height: 1.3; }}
table.requests {{ font-size: {fonts.SMALL_TABLE_PT}pt; }}
tr {{ break-inside: avoid; }}
table {{ break-inside: avoid; }}
td, th {{ border: 0.75pt solid #000; padding: 1.5pt 2pt; text-align: center; vertical-align: middle;
  font-weight: normal; word-break: break-all; }}
th {{ font-family: {fonts.css_family(fonts.HEADING)}; }}
td.note {{ text-align: justify; }}
@media screen {{ body {{ padding: 2em; }} }}
"""


def grid_html(grid: Grid) -> str:
    out = [f'<table class="{grid.key}"><colgroup>']
    out.extend(f'<col style="width:{w}%">' for w in _COLUMN_WIDTHS[grid.key])
    out.append("</colgroup><tbody>")
    for row in grid.rows:
        out.append("<tr>")
        for cell in row:
            tag = "th" if cell.kind == "head" else "td"
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.kind in ("note", "value"):
                attrs += f' class="{cell.kind}"'
            if cell.path:
                attrs += f' data-cell="{cell.path}"'
            out.append(f"<{tag}{attrs}>{escape(cell.text)}</{tag}>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _block_html(block: Block) -> str:
    if block.kind == "title":
        return f"<h1>{escape(block.text)}</h1>"
    if block.kind == "subtitle":
        return f'<p class="agency">{escape(block.text)}</p>'
    if block.kind == "heading":
        return f'<h2 id="{block.section}">{escape(block.text)}</h2>'
    if block.kind == "table":
        assert block.grid is not None
        return grid_html(block.grid)
    if block.kind in ("signature", "date"):
        return f'<p class="{block.kind}">{escape(block.text)}</p>'
    return f"<p>{escape(block.text)}</p>"


def render_html(data: dict[str, Any]) -> str:
    """The report `data` (`ogi.annual-report/1`, layout 2021) as an HTML page."""
    blocks = document_blocks(data)
    meta = data.get("meta") or {}
    title = f"{meta.get('agency') or ''}{meta.get('year') or ''}年政府信息公开工作年度报告"
    body = "\n".join(_block_html(b) for b in blocks)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>{css()}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
