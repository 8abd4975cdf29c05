"""DOCX (Office Open XML word-processing) reader, straight from the package XML with lxml.

What it handles: table grids with horizontal (`w:gridSpan`) and vertical (`w:vMerge`) merges and
`w:gridBefore` offsets; layout tables (a table whose cells hold tables, or a one-column box) unwrapped
into their contents; text in text boxes and shapes (`w:txbxContent`, once even when Word stores a
fallback copy); tracked changes (insertions kept, deletions and moved-away text dropped); hidden text
dropped; content controls; and Word's automatic numbering rendered as printed ("五、", "（一）", "1.").
Line breaks inside a paragraph start a new paragraph outside tables and a new line inside a cell.

DOCX carries no pages or lines, so paragraphs have no line number; cells carry table/row/col.
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from ogi.document.model import Block, Cell, Document, Origin, Paragraph, Table
from ogi.errors import UnreadableInput
from ogi.readers._numbering import Numbering, parse_styles
from ogi.readers._safe import SafeZip, parse_xml
from ogi.readers.registry import ReadOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_DOC = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

# Elements whose content is never printed text.
_SKIP = frozenset(f"{W}{t}" for t in ("del", "moveFrom", "delText", "instrText", "rPr", "pPr", "fldData",
                                      "footnoteReference", "endnoteReference", "commentReference",
                                      "delInstrText", "sectPr", "tblPr", "tcPr", "trPr"))
_CONTAINERS = frozenset(f"{W}{t}" for t in ("ins", "moveTo", "customXml", "smartTag", "sdtContent", "hyperlink",
                                            "fldSimple", "bdo", "dir", "r", "drawing", "pict", "object"))
_SPACE_RUN_RE = re.compile(r"[ \t]+")
_VAL = f"{W}val"
_TBL, _TCPR, _TRPR, _TBLGRID, _GRIDCOL = f"{W}tbl", f"{W}tcPr", f"{W}trPr", f"{W}tblGrid", f"{W}gridCol"
_GRIDSPAN, _GRIDBEFORE, _VMERGE = f"{W}gridSpan", f"{W}gridBefore", f"{W}vMerge"


def main_part(z: SafeZip) -> str:
    """The main document part named by the package relationships (word/document.xml by default)."""
    if z.has("_rels/.rels"):
        rels = z.xml("_rels/.rels")
        for rel in rels.iter(f"{_REL}Relationship"):
            if rel.get("Type") in (_OFFICE_DOC, _STRICT_DOC):
                target = (rel.get("Target") or "").lstrip("/")
                if z.has(target):
                    return target
    return "word/document.xml"


def _part_near(main: str, name: str) -> str:
    return posixpath.join(posixpath.dirname(main), name)


class _Walker:
    def __init__(self, source: str, numbering: Numbering) -> None:
        self.source = source
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0
        self.depth = 0

    # --- block level ------------------------------------------------------------------------------
    def container(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag in (f"{W}sdt",):
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.container(content)
            elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}sdtContent"):
                self.container(child)
            elif tag == f"{MC}AlternateContent":
                chosen = _choose(child)
                if chosen is not None:
                    self.container(chosen)

    def paragraph(self, p: etree._Element) -> None:
        text, boxes = self.paragraph_text(p)
        for line in text.split("\n"):
            line = _SPACE_RUN_RE.sub(" ", line).strip()
            if line:
                self.blocks.append(Paragraph(text=line, origin=Origin(self.source)))
        for box in boxes:
            self.nested(box)

    def nested(self, el: etree._Element) -> None:
        self.depth += 1
        if self.depth < 30:
            self.container(el)
        self.depth -= 1

    def paragraph_text(self, p: etree._Element) -> tuple[str, list[etree._Element]]:
        pieces: list[str] = []
        boxes: list[etree._Element] = []
        _runs(p, pieces, boxes)
        text = "".join(pieces)
        label = self._number(p)
        if label and text.strip():
            text = label + text.lstrip()
        return text, boxes

    def _number(self, p: etree._Element) -> str:
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        numpr = ppr.find(f"{W}numPr")
        num_id: str | None = None
        ilvl: int | None = None
        if numpr is not None:
            nid = numpr.find(f"{W}numId")
            lvl = numpr.find(f"{W}ilvl")
            if nid is not None:
                num_id = nid.get(f"{W}val", "")
            if lvl is not None:
                try:
                    ilvl = int(lvl.get(f"{W}val", "0"))
                except ValueError:
                    ilvl = 0
        style = ppr.find(f"{W}pStyle")
        if style is not None and (num_id is None or ilvl is None):
            sid = style.get(f"{W}val", "")
            if sid in self.numbering.style_num:
                snid, slvl = self.numbering.style_num[sid]
                num_id = snid if num_id is None else num_id
                ilvl = slvl if ilvl is None else ilvl
        if num_id is None:
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    # --- tables -----------------------------------------------------------------------------------
    def table(self, tbl: etree._Element) -> None:
        rows = _rows(tbl)
        # Per row: gridBefore and its cells with (span, w:vMerge element), each looked up once.
        layout: list[tuple[int, list[tuple[etree._Element, int, etree._Element | None]]]] = []
        for tr in rows:
            cells = []
            for tc in _cells(tr):
                tcpr = tc.findall(_TCPR)
                cells.append((tc, _span_of(tcpr), _first(tcpr, _VMERGE)))
            layout.append((_grid_before(tr), cells))
        grid_cols = sum(1 for g in tbl.iterchildren(_TBLGRID) for _ in g.iterchildren(_GRIDCOL))
        widest = max((sum(span for _, span, _ in cs) + before for before, cs in layout), default=0)
        nested = any(next(tc.iter(_TBL), None) is not None for _, cs in layout for tc, _, _ in cs)
        if nested or max(grid_cols, widest) <= 1:
            # A layout table or a framed box: its contents are ordinary blocks.
            for _, cs in layout:
                for tc, _, vmerge in cs:
                    if vmerge is not None and _continues(vmerge):
                        continue
                    self.nested(tc)
            return
        index = self.tables
        self.tables += 1
        grid: list[list[Cell]] = []
        owner: dict[int, Cell] = {}  # grid column -> the cell whose area covers it in the row above
        for r, (before, cs) in enumerate(layout):
            out: list[Cell] = []
            col = before
            for tc, span, vmerge in cs:
                above = owner.get(col)
                if vmerge is not None and _continues(vmerge) and above is not None and above.col == col \
                        and (above.row or 0) + above.rowspan == r:
                    above.rowspan += 1
                    col += span
                    continue
                text = self.cell_text(tc)
                cell = Cell(text, r, col, self.source, table=index, colspan=span)
                out.append(cell)
                for c in range(col, col + span):
                    owner[c] = cell
                col += span
            grid.append(out)
        self.blocks.append(Table(rows=grid, origin=Origin(self.source, table=index), index=index))

    def cell_text(self, tc: etree._Element) -> str:
        lines: list[str] = []
        for child in _block_children(tc):
            if child.tag == f"{W}p":
                text, boxes = self.paragraph_text(child)
                lines.extend(_SPACE_RUN_RE.sub(" ", t).strip() for t in text.split("\n"))
                for box in boxes:
                    lines.extend(self.cell_text(box).split("\n"))
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return "\n".join(lines)


def _block_children(el: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in el:
        if child.tag in (f"{W}p", f"{W}tbl"):
            out.append(child)
        elif child.tag in (f"{W}sdt",):
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_block_children(content))
        elif child.tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}txbxContent"):
            out.extend(_block_children(child))
    return out


def _choose(alt: etree._Element) -> etree._Element | None:
    """The first mc:Choice of an mc:AlternateContent (Word writes the same text box again in the
    fallback), or the fallback when there is no choice."""
    choice = alt.find(f"{MC}Choice")
    return choice if choice is not None else alt.find(f"{MC}Fallback")


def _runs(el: etree._Element, pieces: list[str], boxes: list[etree._Element]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            pieces.append(child.text or "")
        elif tag == f"{W}r":
            rpr = child.find(f"{W}rPr")
            if rpr is not None and _on(rpr.find(f"{W}vanish")):
                continue
            _runs(child, pieces, boxes)
        elif tag == f"{W}tab" or tag == f"{W}ptab":
            pieces.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            pieces.append("\n")
        elif tag == f"{W}noBreakHyphen":
            pieces.append("-")
        elif tag == f"{W}txbxContent":
            boxes.append(child)
        elif tag == f"{MC}AlternateContent":
            chosen = _choose(child)
            if chosen is not None:
                _runs(chosen, pieces, boxes)
        elif tag in _CONTAINERS or tag == f"{W}sdt" or not tag.startswith(W):
            # Drawings, VML shapes and other wrappers: look inside for runs and text boxes.
            _runs(child, pieces, boxes)


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(f"{W}val", "true") not in ("0", "false", "off")


def _rows(tbl: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in tbl:
        if child.tag == f"{W}tr":
            trpr = child.find(f"{W}trPr")
            if trpr is not None and trpr.find(f"{W}del") is not None:
                continue  # a deleted row (tracked change)
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent", f"{W}ins"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                out.extend(_rows(inner))
    return out


def _cells(tr: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in tr:
        if child.tag == f"{W}tc":
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                out.extend(_cells(inner))
    return out


def _first(parents: list[etree._Element], tag: str) -> etree._Element | None:
    """The first `tag` child of any of `parents` (ElementPath's "parent/tag", without its cost)."""
    for parent in parents:
        found = parent.find(tag)
        if found is not None:
            return found
    return None


def _span_of(tcpr: list[etree._Element]) -> int:
    gs = _first(tcpr, _GRIDSPAN)
    try:
        return max(1, min(int(gs.get(_VAL, "1")), 1000)) if gs is not None else 1
    except ValueError:
        return 1


def _grid_before(tr: etree._Element) -> int:
    gb = _first(tr.findall(_TRPR), _GRIDBEFORE)
    try:
        return max(0, min(int(gb.get(_VAL, "0")), 1000)) if gb is not None else 0
    except ValueError:
        return 0


def _continues(vm: etree._Element) -> bool:
    return vm.get(_VAL, "continue") != "restart"


def read_docx(data: bytes, source: str, options: ReadOptions) -> Document:
    z = SafeZip(data, source, "DOCX")
    main = main_part(z)
    if not z.has(main):
        raise UnreadableInput(source, "DOCX文件缺少正文部件（word/document.xml）",
                              "the DOCX file has no main document part (word/document.xml)")
    root = z.xml(main)
    numbering_xml = _optional(z, _part_near(main, "numbering.xml"))
    styles_xml = None
    styles_name = _part_near(main, "styles.xml")
    if numbering_xml is not None and z.has(styles_name):  # styles matter only for numbering
        styles_xml = parse_styles(z.read(styles_name), z.source, f"DOCX（{styles_name}）")
    walker = _Walker(source, Numbering.parse(numbering_xml, styles_xml))
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadableInput(source, "DOCX正文为空或不是Word文档", "the DOCX body is missing (not a Word document?)")
    walker.container(body)
    return Document(source=source, format="docx", blocks=walker.blocks)


def _optional(z: SafeZip, name: str) -> etree._Element | None:
    return parse_xml(z.read(name), z.source, f"DOCX（{name}）") if z.has(name) else None
