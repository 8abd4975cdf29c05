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
from collections.abc import Iterable
from itertools import repeat
from typing import cast

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
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what lxml refuses to set as text
_IGNORABLE = dict.fromkeys(map(ord, " \t\r\n\f\v\u00a0\u3000\u200b\ufeff"))
_STRIP = " \t\r\n\u00a0\u3000\u200b\ufeff"

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button",
              "textarea", "svg", "canvas", "head")
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                         "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
                         "center", "form", "fieldset", "address", "figure", "figcaption", "hr", "caption",
                         "tr", "td", "th", "tbody", "thead", "tfoot", "body", "html", "font-block"})
_CELL_BREAKS = _BLOCK_TAGS | {"table", "br"}
_CELL_BREAK_TAGS = tuple(sorted(_CELL_BREAKS))
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


_TEXT_NODES = etree.XPath(".//text()", smart_strings=False)
_LINK_TEXT_NODES = etree.XPath(".//a//text()", smart_strings=False)  # a node-set: nested links count once
_HEAVY_CHILDREN = etree.XPath("*[string-length() >= $least]")


def _stripped_length(texts: Iterable[str]) -> int:
    """Characters of the texts, each stripped (the iteration stays in C)."""
    return sum(map(len, map(str.strip, texts, repeat(_STRIP))))


def _weight(el: etree._Element) -> int:
    """Characters of text outside links (navigation is mostly links), each text node stripped on its own;
    lxml gathers the text nodes (one per `.text` / `.tail`: the reader merges them where it removes nodes)."""
    if el.tag == "a":
        return 0
    n = len(el)
    if not n:
        return len((el.text or "").strip(_STRIP))
    if n <= 4 and not any(len(c) for c in el):  # a <p> of a few <span>s: cheaper in Python than a query
        return len((el.text or "").strip(_STRIP)) + sum(
            (0 if c.tag == "a" else len((c.text or "").strip(_STRIP))) + len((c.tail or "").strip(_STRIP))
            for c in el)
    total = _stripped_length(cast("list[str]", _TEXT_NODES(el)))
    if next(el.iterdescendants("a"), None) is not None:
        total -= _stripped_length(cast("list[str]", _LINK_TEXT_NODES(el)))
    return total


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


def _child_weights(node: etree._Element, children: list[etree._Element], own: int, derive: int) -> list[int]:
    """The weight of each child of `node` (weighing `own`); the one at `derive` (likely the heaviest) comes
    from `own` rather than a walk of its subtree, so the descent from <body> costs about one walk of the page."""
    weights = [0 if i == derive else _weight(c) for i, c in enumerate(children)]
    if children[derive].tag != "a":  # own = node's text + each child's weight and tail
        direct = len((node.text or "").strip(_STRIP)) + _stripped_length(c.tail or "" for c in children)
        weights[derive] = own - direct - sum(weights)
    return weights


def find_body(root: etree._Element, merged: bool = True) -> etree._Element:
    """The element holding the report: descend while one child holds most of the non-link text.
    `merged`: no two text nodes are adjacent (else the weights are counted in Python)."""
    body = root.find(".//body")
    node = body if body is not None else root
    slow = None if merged else _weights(node)
    own = _weight(node) if slow is None else slow.get(node, 0)
    for _ in range(200):
        children = [c for c in node if isinstance(c.tag, str)]
        if not children or own == 0:
            break
        if slow is None:
            # A child's weight is at most the length of its text: when none reaches 3/4 of the weight, stop.
            heavy = cast("list[etree._Element]", _HEAVY_CHILDREN(node, least=0.75 * own))
            if not heavy:
                break
            weights = _child_weights(node, children, own, children.index(heavy[0]))
        else:
            weights = [slow.get(c, 0) for c in children]
        at = max(range(len(children)), key=weights.__getitem__)
        best = children[at]
        if weights[at] < 0.75 * own:
            break
        if any(i != at and w > 0 and (c.tag == "table" or _has_table(c))
               for i, (c, w) in enumerate(zip(children, weights, strict=True))):
            break  # a table beside the text belongs to the report too
        node, own = best, weights[at]
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


def _own_rows(table: etree._Element) -> tuple[list[etree._Element], int]:
    """The rows of a table (in <thead>, <tbody>, <tfoot> or not), and how many such sections it has."""
    rows: list[etree._Element] = []
    sections = 0
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            sections += 1
            rows.extend(r for r in child if r.tag == "tr")
    return rows, sections


def _own_cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def _has_table(el: etree._Element) -> bool:
    return next(el.iterdescendants("table"), None) is not None


def _is_layout_cell(td: etree._Element) -> bool:
    return _has_table(td)


def _is_layout_table(table: etree._Element) -> bool:
    return _is_layout_grid([_own_cells(r) for r in _own_rows(table)[0]], table)


def _is_layout_grid(cells_of: list[list[etree._Element]], table: etree._Element | None = None) -> bool:
    """Cells holding tables (page layout), or a single column (a framed box: no row of two cells, no cell
    spanning two columns)."""
    if (table is None or _has_table(table)) and any(_has_table(c) for cells in cells_of for c in cells):
        return True
    return all(len(cells) <= 1 for cells in cells_of) and all(
        _span(c, "colspan") <= 1 for cells in cells_of for c in cells)


def _span(el: etree._Element, attr: str) -> int:
    return _span_of(el.get(attr))


def _span_of(got: str | None) -> int:
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
            text = _norm("".join(self.buf))
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
        rows, sections = _own_rows(table)
        cells_of = [_own_cells(tr) for tr in rows]
        if _is_layout_grid(cells_of, table):
            for cells in cells_of:
                for td in cells:
                    self.walk(td)
                    self.flush()
            return
        index = self.tables
        self.tables += 1
        below: dict[int, set[int]] = {}  # columns covered by row spans from above, per row
        grid: list[list[Cell]] = []
        nrows = len(rows)
        source = self.source
        # Texts are taken on the guess that a cell holds no line break (<p>, <div>, <br> …) or is one block
        # holding no other: `singles` counts the second kind, and one count of the breaks in the whole table
        # checks the guess below (else the cells are read again line by line).
        singles = 0
        nested = False
        for r, cells in enumerate(cells_of):
            out: list[Cell] = []
            col = 0
            left = max(1, nrows - r)
            taken = below.get(r)
            for td in cells:
                raw = td.get("colspan")
                cs = _span_of(raw) if raw else 1
                if taken:
                    while col in taken:
                        col += 1
                raw = td.get("rowspan")
                rs = (left if raw.strip() == "0" else min(_span_of(raw), left)) if raw else 1
                if rs > 1:
                    for rr in range(r + 1, r + rs):
                        below.setdefault(rr, set()).update(range(col, col + cs))
                line = td.sourceline
                n = len(td)
                if not n:
                    text = td.text or ""
                    if text:  # _norm inline
                        text = text.strip(_STRIP)
                        if not text.isprintable() or "  " in text:
                            text = _WS_RE.sub(" ", text).strip(_STRIP)
                else:
                    nested = True
                    child = td[0]
                    tag = child.tag
                    if n == 1 and tag in _CELL_BREAKS:
                        singles += 1
                        before, after = td.text, child.tail
                        if tag != "br" and (not before or not before.translate(_IGNORABLE)) \
                                and (not after or not after.translate(_IGNORABLE)):
                            text = _norm(_text_of(child))  # one block (<p>) holding it all
                        else:
                            text = cell_text(td)
                    else:
                        text = _norm(_text_of(td))
                out.append(Cell(text, r, col, source, line if isinstance(line, int) else None, index,
                                rowspan=rs, colspan=cs))
                col += cs
            grid.append(out)
        # Every element of the table that breaks a line: the table, its sections, rows and cells, and the
        # single blocks counted above, unless a cell holds more.
        expected = 1 + sections + nrows + sum(map(len, cells_of)) + singles
        if nested and len(list(table.iter(*_CELL_BREAK_TAGS))) != expected:
            for out, cells in zip(grid, cells_of, strict=True):
                for cell, td in zip(out, cells, strict=True):
                    if len(td):
                        cell.text = cell_text(td)
        self.blocks.append(Table(rows=grid, origin=Origin(self.source, line=_line(table)), index=index))


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


def _ignorable(text: str) -> bool:
    """Text that a line flush drops: only whitespace, NBSP, U+3000, zero-width spaces."""
    return not text.translate(_IGNORABLE)


def _norm(text: str) -> str:
    """Runs of whitespace as one space, stripped. Stripping first gives the same; the regular expression
    runs only where it can change something (a control or format character, a no-break space, two spaces)."""
    text = text.strip(_STRIP)
    return text if text.isprintable() and "  " not in text else _WS_RE.sub(" ", text).strip(_STRIP)


def _text_of(el: etree._Element) -> str:
    """All text inside `el` (not its tail); a leaf, or an element around one leaf (<p><span>), without
    serialising."""
    n = len(el)
    if not n:
        return el.text or ""
    if n == 1:
        leaf = el[0]
        if not len(leaf) and isinstance(leaf.tag, str):
            return (el.text or "") + (leaf.text or "") + (leaf.tail or "")
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def cell_text(td: etree._Element) -> str:
    """Text of a table cell, a line per block (`<p>`, `<div>` …) or `<br>`."""
    if not len(td):
        return _norm(td.text or "")
    breaks = [el for el in td.iterdescendants() if el.tag in _CELL_BREAKS]
    if not breaks:
        return _norm(_text_of(td))
    if len(breaks) == 1 and len(td) == 1 and td[0] is breaks[0] and breaks[0].tag != "br" \
            and _ignorable(td.text or "") and _ignorable(breaks[0].tail or ""):
        return _norm(_text_of(breaks[0]))  # one block (<p>) holding it all
    # Usual case: each break is a block holding no further break, and text between them is blank.
    # Each such block is a line of its own.
    if len(breaks) == 1 or not any(el.tag in _CELL_BREAKS for b in breaks for el in b.iterdescendants()):
        whole = _text_of(td)
        inner = [_text_of(b) for b in breaks]
        if len(whole.translate(_IGNORABLE)) == sum(len(t.translate(_IGNORABLE)) for t in inner):
            return "\n".join(line for t in inner if (line := _norm(t)))
    return _cell_text_walk(td)


def _cell_text_walk(td: etree._Element) -> str:
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _norm("".join(buf))
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


def _drop_elements(root: etree._Element) -> bool:
    """Remove script, style … with their text; the text after each joins the text before it in one text node,
    as the weights of `find_body` count text nodes. False when lxml would refuse the joined text (a control
    character): the rest are removed leaving their tails apart, and the weights are counted per `.text` /
    `.tail` in Python."""
    for bad in list(root.iter(*_DROP_TAGS)):
        parent = bad.getparent()
        if parent is not None:
            tail = bad.tail
            if tail:  # keep the text after a dropped element
                prev = bad.getprevious()
                joined = ((prev.tail if prev is not None else parent.text) or "") + tail
                if _NOT_XML.search(joined):  # (lxml would drop the old text, then raise)
                    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
                    return False
                if prev is not None:
                    prev.tail = joined
                else:
                    parent.text = joined
            parent.remove(bad)  # with its tail, now joined to the text before
    return True


def read_html(data: bytes, source: str, options: ReadOptions) -> Document:
    text = decode_html(data, source)
    if _ENTITY_RE.search(text[:65536]):
        raise UnreadableInput(source, "网页含有实体声明（<!ENTITY），疑为XML实体炸弹，已拒绝",
                              "the page declares entities (<!ENTITY): possible XML entity bomb, refused")
    text = _XML_DECL_RE.sub("", text, count=1)
    try:
        # lxml.html's own parser, without its Python element classes (a Python call per element touched).
        # Comments and processing instructions are left out, the text around each one text node.
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True))
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInput(source, f"网页无法解析（{exc}）", f"the HTML cannot be parsed ({exc})") from None
    body = find_body(root, _drop_elements(root))
    walker = _Walker(source)
    walker.walk(body)
    walker.flush()
    return Document(source=source, format="html", blocks=walker.blocks)
