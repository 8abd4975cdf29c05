"""HTML pages as portals publish them, with lxml.

The charset comes from a BOM, then `<meta charset>` / `http-equiv`, then strict UTF-8, then detection
(GB2312/GBK are read as GB18030, their superset). The report body is found inside the site's
navigation by descending from `<body>` into the child that holds most of the text that is not link
text. Tables become grids with `rowspan`/`colspan` (the HTML table algorithm); `<p>`, `<div>` and
`<br>` inside a cell become line breaks; `&nbsp;`-only cells are empty. A table whose cells hold
tables (page layout) or with a single column (a framed box) is unwrapped into its contents.
Origins carry the HTML source line.
"""

from __future__ import annotations

import re

from lxml import etree

from ogi.document.model import Block, Cell, Document, Origin, Paragraph, Table
from ogi.errors import UnreadableInput
from ogi.readers.encoding import decode_bom, guess_decode
from ogi.readers.registry import ReadOptions

_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"<!ENTITY", re.IGNORECASE)
_WS_RE = re.compile(r"[ \t\r\n\f\v\u200b\ufeff]+")
_DIGITS_RE = re.compile(r"\d+")
_IGNORABLE = dict.fromkeys(map(ord, " \t\r\n\f\v\u00a0\u3000\u200b\ufeff"))
_STRIP = " \t\r\n\u00a0\u3000\u200b\ufeff"

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button",
              "textarea", "svg", "canvas", "head")
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                         "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
                         "center", "form", "fieldset", "address", "figure", "figcaption", "hr", "caption",
                         "tr", "td", "th", "tbody", "thead", "tfoot", "body", "html", "font-block"})
_CELL_BREAKS = _BLOCK_TAGS | {"table", "br"}
_MAX_SPAN = 1000
_GB_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
               "cp936": "gb18030", "gb18030": "gb18030", "hz-gb-2312": "gb18030"}


def decode_html(data: bytes, source: str) -> str:
    """A byte-order mark, then the <meta> charset (GB2312/GBK read as GB18030), then a guess."""
    text = decode_bom(data)
    if text is not None:
        return text
    m = _META_RE.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        encoding = _GB_ALIASES.get(name, name)
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    text = guess_decode(data)
    return text if text is not None else data.decode("gb18030", errors="replace")


def _weights(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of text outside links per element (navigation is mostly links)."""
    out: dict[etree._Element, int] = {}

    def rec(el: etree._Element) -> int:
        if el.tag == "a":  # nothing inside a link counts (elements not in the map weigh 0)
            out[el] = 0
            return 0
        total = len((el.text or "").strip(_STRIP))
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if len(child):
                total += rec(child)
            elif child.tag == "a":
                out[child] = 0
            else:  # a leaf, inline (no call)
                weight = out[child] = len((child.text or "").strip(_STRIP))
                total += weight
            tail = child.tail
            if tail:
                total += len(tail.strip(_STRIP))
        out[el] = total
        return total

    rec(root)
    return out


def find_body(root: etree._Element) -> etree._Element:
    """The element holding the report: descend while one child holds most of the non-link text."""
    body = root.find(".//body")
    node = body if body is not None else root
    weight = _weights(node)
    for _ in range(200):
        children = [c for c in node if isinstance(c.tag, str)]
        own = weight.get(node, 0)
        if not children or own == 0:
            break
        best = max(children, key=lambda c: weight.get(c, 0))
        if weight.get(best, 0) < 0.75 * own:
            break
        if any(c is not best and weight.get(c, 0) > 0 and (c.tag == "table" or _has_table(c)) for c in children):
            break  # a table beside the text belongs to the report too
        node = best
    # Never stop inside a data table: the report is what holds the table.
    while node.tag in ("tr", "tbody", "thead", "tfoot") or (node.tag in ("td", "th") and not _is_layout_cell(node)):
        parent = node.getparent()
        if parent is None:
            break
        node = parent
    if node.tag == "table" and not _is_layout_table(node):
        parent = node.getparent()
        node = parent if parent is not None else node
    return node


def _own_rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _own_cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def _has_table(el: etree._Element) -> bool:
    return next(el.iterdescendants("table"), None) is not None


def _is_layout_cell(td: etree._Element) -> bool:
    return _has_table(td)


def _is_layout_table(table: etree._Element) -> bool:
    return _is_layout_grid([_own_cells(r) for r in _own_rows(table)], table)


def _is_layout_grid(cells_of: list[list[etree._Element]], table: etree._Element | None = None,
                    colspans: list[list[int]] | None = None) -> bool:
    """Cells holding tables (page layout), or a single column (a framed box)."""
    if (table is None or _has_table(table)) and any(_has_table(c) for cells in cells_of for c in cells):
        return True
    if colspans is None:
        colspans = [[_span(c, "colspan") for c in cells] for cells in cells_of]
    return max((sum(spans) for spans in colspans), default=0) <= 1


def _span(el: etree._Element, attr: str) -> int:
    got = el.get(attr)
    if not got:
        return 1
    raw = got.strip()
    m = _DIGITS_RE.match(raw)
    if not m:
        return 1
    return max(1, min(int(m.group()), _MAX_SPAN))


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.line: int | None = None
        self.tables = 0

    def flush(self) -> None:
        if self.buf:
            text = _WS_RE.sub(" ", "".join(self.buf)).strip(_STRIP)
            if text:
                self.blocks.append(Paragraph(text=text, origin=Origin(self.source, line=self.line)))
            self.buf = []
        self.line = None

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip(_STRIP):
                self.line = line
            self.buf.append(text)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if tag:
            self.add(el.text, _line(el))
            for child in el:
                self.walk(child)
                self.add(child.tail, _line(child))
        if block:
            self.flush()

    def table(self, table: etree._Element) -> None:
        rows = _own_rows(table)
        cells_of = [_own_cells(tr) for tr in rows]
        colspans = [[_span(c, "colspan") if c.get("colspan") else 1 for c in cells] for cells in cells_of]
        if _is_layout_grid(cells_of, table, colspans):
            for cells in cells_of:
                for td in cells:
                    self.walk(td)
                    self.flush()
            return
        index = self.tables
        self.tables += 1
        occupied: set[tuple[int, int]] = set()
        grid: list[list[Cell]] = []
        nrows = len(rows)
        source = self.source
        for r, (cells, spans) in enumerate(zip(cells_of, colspans, strict=True)):
            out: list[Cell] = []
            col = 0
            left = max(1, nrows - r)
            for td, cs in zip(cells, spans, strict=True):
                while (r, col) in occupied:
                    col += 1
                raw_rs = td.get("rowspan")
                rs = (left if raw_rs.strip() == "0" else min(_span(td, "rowspan"), left)) if raw_rs else 1
                if rs > 1 or cs > 1:
                    occupied.update((rr, cc) for rr in range(r, r + rs) for cc in range(col, col + cs))
                else:
                    occupied.add((r, col))
                line = td.sourceline
                origin = Origin(source, line=line if isinstance(line, int) else None, table=index, row=r, col=col)
                out.append(Cell(text=cell_text(td), row=r, col=col, origin=origin, rowspan=rs, colspan=cs))
                col += cs
            grid.append(out)
        self.blocks.append(Table(rows=grid, origin=Origin(self.source, line=_line(table)), index=index))


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


def _ignorable(text: str) -> bool:
    """Text that a line flush drops: only whitespace, NBSP, U+3000, zero-width spaces."""
    return not text.translate(_IGNORABLE)


def _text_of(el: etree._Element) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def cell_text(td: etree._Element) -> str:
    """Text of a table cell, a line per block (`<p>`, `<div>` …) or `<br>`."""
    if not len(td):
        return _WS_RE.sub(" ", td.text or "").strip(_STRIP)
    breaks = [el for el in td.iterdescendants() if el.tag in _CELL_BREAKS]
    if not breaks:
        return _WS_RE.sub(" ", _text_of(td)).strip(_STRIP)
    if len(breaks) == 1 and len(td) == 1 and td[0] is breaks[0] and breaks[0].tag != "br" \
            and _ignorable(td.text or "") and _ignorable(breaks[0].tail or ""):
        return _WS_RE.sub(" ", _text_of(breaks[0])).strip(_STRIP)  # one block (<p>) holding it all
    # Usual case: each break is a block holding no further break, and text between them is blank.
    # Each such block is a line of its own.
    if len(breaks) == 1 or not any(el.tag in _CELL_BREAKS for b in breaks for el in b.iterdescendants()):
        whole = _text_of(td)
        inner = [_text_of(b) for b in breaks]
        if len(whole.translate(_IGNORABLE)) == sum(len(t.translate(_IGNORABLE)) for t in inner):
            return "\n".join(line for t in inner if (line := _WS_RE.sub(" ", t).strip(_STRIP)))
    return _cell_text_walk(td)


def _cell_text_walk(td: etree._Element) -> str:
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _WS_RE.sub(" ", "".join(buf)).strip(_STRIP)
        if text:
            lines.append(text)
        buf.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            flush()
            return
        block = tag in _BLOCK_TAGS or tag == "table"
        if block:
            flush()
        if tag:
            buf.append(el.text or "")
            for child in el:
                walk(child)
                buf.append(child.tail or "")
        if block:
            flush()

    buf.append(td.text or "")
    for child in td:
        walk(child)
        buf.append(child.tail or "")
    flush()
    return "\n".join(lines)


def read_html(data: bytes, source: str, options: ReadOptions) -> Document:
    text = decode_html(data, source)
    if _ENTITY_RE.search(text[:65536]):
        raise UnreadableInput(source, "网页含有实体声明（<!ENTITY），疑为XML实体炸弹，已拒绝",
                              "the page declares entities (<!ENTITY): possible XML entity bomb, refused")
    text = _XML_DECL_RE.sub("", text, count=1)
    try:
        # lxml.html's own parser, without its Python element classes (a Python call per element touched).
        root = etree.fromstring(text, etree.HTMLParser())
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInput(source, f"网页无法解析（{exc}）", f"the HTML cannot be parsed ({exc})") from None
    for bad in list(root.iter(*_DROP_TAGS)):
        parent = bad.getparent()
        if parent is not None:
            if bad.tail:  # keep the text after a dropped element
                prev = bad.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + bad.tail
                else:
                    parent.text = (parent.text or "") + bad.tail
            parent.remove(bad)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    body = find_body(root)
    walker = _Walker(source)
    walker.walk(body)
    walker.flush()
    return Document(source=source, format="html", blocks=walker.blocks)
