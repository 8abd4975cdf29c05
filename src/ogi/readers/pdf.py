"""PDF with a text layer. pypdfium2 (pdfium, C++) opens the file, finds pages without text and gives the
characters and the ruling lines (path objects), converted to exactly the geometry pdfplumber/pdfminer
would give (character boxes by pdfminer's font descent, lines / rectangles / curves by pdfminer's path
rules), about five times faster. A document where that conversion is not exact (rotated or skewed
text, rotated or shifted pages, Type3 fonts, characters without Unicode, fonts not found by name) is
read with pdfplumber itself.

- Tables come from ruling lines (pdfplumber's lattice finder); each cell's box gives its grid position,
  so merged cells get row and column spans. Where lines are missing, rows of text whose pieces are
  separated by wide gaps and line up in columns become a table (text alignment).
- A table that continues on the next page (same left and right edges, nothing between) is joined into
  one grid, dropping header rows the next page repeats; an empty cell continuing a merged label across
  the break joins that label.
- Vertical text (one character per line) is joined into one line.
- Page numbers in the top and bottom bands are removed, and so are running headers and footers: text
  (page numbers aside) repeated at the same height on every page of a two-page document, or on at least
  three pages and half of them, in a band or short. Lines are joined into paragraphs by indentation,
  line length and spacing.
- A single-column "table" (a framed box of text) is read as text.
- A PDF without text is reported as scanned (OCR is not built in); a page or an area holding only
  an image is noted, so a table printed as an image is missing, never zero.

Provenance: page and box (x0, top, x1, bottom in PDF points from the top left) for every cell and
paragraph.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ogi.document.model import Block, Cell, Document, Origin, Paragraph, Table
from ogi.errors import UnreadableInput
from ogi.readers.registry import ReadOptions

MAX_PAGES = 300
TIME_BUDGET_SECONDS = 120.0
_MIN_TEXT_CHARS = 20  # a page with fewer text characters has no usable text layer
_SAME_HEIGHT = 4.0  # points: a running header or footer is printed at the same height on every page
_PAGE_NUMBER_RE = re.compile(
    r"^[\s\-—－–―_·•]*(第\s*)?[0-9０-９ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{1,4}(\s*页)?([\s/／]*共?\s*[0-9０-９]{1,4}\s*页?)?[\s\-—－–―_·•]*$"
    r"|^(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?$",
    re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")
_NUMERIC_RE = re.compile(r"^[\s\u00a0\u3000]*[+\-]?[0-9０-９][0-9０-９,，.．]*[\s\u00a0\u3000]*$")
_CJK_RE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    chunks: list[tuple[str, float, float]] = field(default_factory=list)  # text pieces split at wide gaps


@dataclass(slots=True)
class PCell:
    text: str
    box: Box
    page: int


@dataclass(slots=True)
class Piece:
    """Part of a table on one page: its cells and its row boundaries."""

    cells: list[PCell]
    box: Box
    page: int
    ys: list[float]


@dataclass(slots=True)
class PTable:
    pieces: list[Piece]

    @property
    def box(self) -> Box:
        return self.pieces[-1].box


# --- characters to lines --------------------------------------------------------------------------------
def _row(cell: Cell) -> int:
    return cell.row or 0  # a cell's row and col are always set (an origin's need not be)


def _col(cell: Cell) -> int:
    return cell.col or 0


def _center(c: dict[str, Any]) -> float:
    return (float(c["top"]) + float(c["bottom"])) / 2


def chars_to_lines(chars: list[dict[str, Any]], page: int, gap_factor: float = 1.6) -> list[Line]:
    """Group characters into lines (by their vertical centre) and pieces of a line split at wide gaps."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (_center(c), float(c["x0"])))
    groups: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    center = 0.0
    for c in ordered:
        cc = _center(c)
        size = float(c.get("size") or (float(c["bottom"]) - float(c["top"]))) or 10.0
        if current and abs(cc - center) <= max(1.5, 0.45 * size):
            current.append(c)
        else:
            if current:
                groups.append(current)
            current = [c]
            center = cc
    if current:
        groups.append(current)
    lines: list[Line] = []
    for group in groups:
        group.sort(key=lambda c: float(c["x0"]))
        size = Counter(round(float(c.get("size") or 10.0), 1) for c in group).most_common(1)[0][0]
        parts: list[str] = []
        chunks: list[tuple[str, float, float]] = []
        chunk: list[str] = []
        chunk_x0 = float(group[0]["x0"])
        prev_x1: float | None = None
        last_x1 = chunk_x0
        for c in group:
            text = str(c["text"])
            x0, x1 = float(c["x0"]), float(c["x1"])
            if prev_x1 is not None:
                gap = x0 - prev_x1
                if gap > gap_factor * size:
                    chunks.append(("".join(chunk).strip(), chunk_x0, last_x1))
                    chunk, chunk_x0 = [], x0
                    parts.append(" ")
                elif gap > 0.25 * size and text.strip():
                    parts.append(" ")
                    chunk.append(" ")
            parts.append(text)
            chunk.append(text)
            if text.strip():
                last_x1 = x1
            prev_x1 = x1 if text.strip() else max(prev_x1 or x0, x0)
        chunks.append(("".join(chunk).strip(), chunk_x0, last_x1))
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if not text:
            continue
        visible = [c for c in group if str(c["text"]).strip()]
        lines.append(Line(text=text, x0=float(visible[0]["x0"]), x1=max(float(c["x1"]) for c in visible),
                          top=min(float(c["top"]) for c in visible), bottom=max(float(c["bottom"]) for c in visible),
                          size=size, page=page, chunks=[ch for ch in chunks if ch[0]]))
    return lines


def cell_text(chars: list[dict[str, Any]]) -> str:
    """Text of one table cell: lines joined by "\n"; vertical text (a character per line) joined."""
    lines = chars_to_lines(chars, 0, gap_factor=1e9)
    if not lines:
        return ""
    texts = [ln.text for ln in lines]
    if len(texts) >= 3 and all(len(t.replace(" ", "")) <= 2 for t in texts):
        return "".join(t.replace(" ", "") for t in texts)
    upright = sum(1 for c in chars if c.get("upright", True))
    if upright < len(chars) / 2:  # rotated text: characters run top to bottom
        ordered = sorted(chars, key=lambda c: (round(float(c["x0"])), float(c["top"])))
        return "".join(str(c["text"]) for c in ordered).strip()
    return "\n".join(texts)


# --- grid from cell boxes -------------------------------------------------------------------------------
def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    best = 0
    for i, b in enumerate(bounds):
        if abs(b - v) < abs(bounds[best] - v):
            best = i
    return best


def build_table(t: PTable, source: str, index: int) -> Table:
    """One grid from the pieces of a table. Column lines are shared by all pieces; a piece whose first
    row holds no number while the row before the page break does continues that row (a row broken
    across pages): its text joins the cells above."""
    tol = 3.0
    xs = _cluster([v for p in t.pieces for c in p.cells for v in (c.box[0], c.box[2])], tol)
    rows: list[list[Cell]] = []
    placed: list[Cell] = []
    for p_i, piece in enumerate(t.pieces):
        ys = piece.ys
        located = []
        for c in piece.cells:
            r0, r1 = _index(ys, c.box[1]), _index(ys, c.box[3])
            c0, c1 = _index(xs, c.box[0]), _index(xs, c.box[2])
            if r1 > r0 and c1 > c0:
                located.append((r0, r1, c0, c1, c))
        first_numeric = any(_NUMERIC_RE.match(c.text) for r0, _, _, _, c in located if r0 == 0)
        last_numeric = bool(rows) and any(_NUMERIC_RE.match(c.text) for c in rows[-1])
        broken_row = p_i > 0 and not first_numeric and last_numeric
        base = len(rows) - (1 if broken_row else 0)
        piece_rows: dict[int, list[Cell]] = {}
        for r0, r1, c0, c1, c in located:
            row, col = base + r0, c0
            if p_i > 0 and r0 == 0 and (broken_row or not c.text.strip()):
                # The rest of a cell from the page before (a broken row, or a merged label going on).
                above = next((x for x in placed if x.col == col and _row(x) < len(rows) <= _row(x) + x.rowspan + 1
                              and _row(x) + x.rowspan >= base + 1 and x.colspan == c1 - c0), None)
                if above is not None and (broken_row or (above.rowspan > 1 and above.text.strip())):
                    if c.text.strip():
                        above.text = f"{above.text}\n{c.text}" if above.text else c.text
                    above.rowspan = max(above.rowspan, base + r1 - _row(above))
                    continue
            cell = Cell(c.text, row, col, source, table=index, page=c.page, bbox=c.box, rowspan=r1 - r0,
                        colspan=c1 - c0)
            piece_rows.setdefault(base + r0, []).append(cell)
            placed.append(cell)
        if broken_row and base + 0 in piece_rows:
            rows[-1] = sorted(rows[-1] + piece_rows.pop(base), key=_col)
        start = 1 if broken_row else 0
        for r in range(start, len(ys) - 1):
            rows.append(sorted(piece_rows.get(base + r, []), key=_col))
    first = t.pieces[0]
    return Table(rows=rows, origin=Origin(source, page=first.page, bbox=first.box), index=index)


# --- one page ------------------------------------------------------------------------------------------
def _inside(c: dict[str, Any], box: Box) -> bool:
    cx = (float(c["x0"]) + float(c["x1"])) / 2
    cy = _center(c)
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _ruled_tables(tables: list[Any], chars: list[dict[str, Any]], page_no: int) -> tuple[list[Piece], list[Box]]:
    """Tables drawn with lines. Returns the pieces and the boxes of single-column frames (read as text)."""
    pieces: list[Piece] = []
    frames: list[Box] = []
    for t in tables:
        boxes: list[Box] = [tuple(map(float, b)) for b in t.cells]  # type: ignore[misc]
        if not boxes:
            continue
        xs = _cluster([v for b in boxes for v in (b[0], b[2])], 3.0)
        if len(xs) <= 2:
            frames.append(tuple(map(float, t.bbox)))  # type: ignore[arg-type]
            continue
        ys = _cluster([v for b in boxes for v in (b[1], b[3])], 3.0)
        buckets = _bucket_chars(chars, boxes)
        cells = [PCell(cell_text(buckets[i]), b, page_no) for i, b in enumerate(boxes)]
        piece = _peel_frame_rows(Piece(cells=cells, box=tuple(map(float, t.bbox)), page=page_no, ys=ys),  # type: ignore[arg-type]
                                 xs)
        if piece is not None:
            pieces.append(piece)
    return pieces, frames


def _bucket_chars(chars: list[dict[str, Any]], boxes: list[Box]) -> dict[int, list[dict[str, Any]]]:
    """Each character into the first box (in the given order) holding its centre. Boxes are looked up
    by the horizontal band the centre falls in, not one by one."""
    buckets: dict[int, list[dict[str, Any]]] = {i: [] for i in range(len(boxes))}
    ys = sorted({v for b in boxes for v in (b[1], b[3])})
    at = [[i for i, b in enumerate(boxes) if b[1] <= y <= b[3]] for y in ys]
    between = [[i for i, b in enumerate(boxes) if b[1] <= lo and hi <= b[3]] for lo, hi in itertools.pairwise(ys)]
    for ch in chars:
        cy = _center(ch)
        k = bisect.bisect_left(ys, cy)
        if k < len(ys) and ys[k] == cy:
            candidates = at[k]
        elif 0 < k < len(ys):
            candidates = between[k - 1]
        else:
            continue
        cx = (float(ch["x0"]) + float(ch["x1"])) / 2
        for i in candidates:
            b = boxes[i]
            if b[0] <= cx <= b[2]:
                buckets[i].append(ch)
                break
    return buckets


def _peel_frame_rows(piece: Piece, xs: list[float]) -> Piece | None:
    """Rows made of one full-width cell at the top or bottom of a ruled area are text in a frame (a
    box drawn around paragraphs, often joined to a table below it), not table rows: two or more of them
    in a run, or empty ones, are given back to the text."""
    ys = piece.ys
    nrows = len(ys) - 1
    start_row = [_index(ys, c.box[1]) for c in piece.cells]

    def full_row(r: int) -> PCell | None:
        starting = [c for c, s in zip(piece.cells, start_row, strict=True) if s == r]
        if len(starting) != 1:
            return None
        c = starting[0]
        if _index(xs, c.box[0]) == 0 and _index(xs, c.box[2]) == len(xs) - 1 and _index(ys, c.box[3]) == r + 1:
            return c
        return None

    top = 0
    while top < nrows and full_row(top) is not None:
        top += 1
    if top < 2 and not all(not (c := full_row(r)) or not c.text for r in range(top)):
        top = 0
    bottom = nrows
    while bottom > top and (c := full_row(bottom - 1)) is not None:
        bottom -= 1
    if nrows - bottom < 2:
        bottom = nrows
        while bottom > top and (c := full_row(bottom - 1)) is not None and not c.text:
            bottom -= 1
    if top == 0 and bottom == nrows:
        return piece
    if bottom - top < 2:
        return None
    new_ys = ys[top:bottom + 1]
    cells = [c for c in piece.cells if new_ys[0] - 1 <= c.box[1] and c.box[3] <= new_ys[-1] + 1]
    return Piece(cells=cells, box=(piece.box[0], new_ys[0], piece.box[2], new_ys[-1]), page=piece.page, ys=new_ys)


def _aligned_tables(lines: list[Line], page_no: int) -> tuple[list[Piece], list[Line]]:
    """Tables without ruling lines: runs of lines split into pieces by wide gaps, in shared columns."""
    pieces: list[Piece] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j].chunks) >= 2:
            j += 1
        run = lines[i:j]
        numeric = sum(1 for ln in run for ch in ln.chunks if _NUMERIC_RE.match(ch[0]))
        if len(run) >= 2 and numeric >= 2 and any(len(ln.chunks) >= 3 for ln in run):
            # Label lines directly above (a wrapped label or a header) belong to the table too.
            pieces.append(_aligned_piece(run, page_no))
            i = j
            continue
        if j == i:
            rest.append(lines[i])
            i += 1
        else:
            rest.extend(run)
            i = j
    return pieces, rest


def _aligned_piece(run: list[Line], page_no: int) -> Piece:
    spans = sorted((x0, x1) for ln in run for _, x0, x1 in ln.chunks)
    columns: list[list[float]] = []
    for x0, x1 in spans:  # merge overlapping horizontal extents into columns
        if columns and x0 <= columns[-1][1] + 2:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    bounds = [columns[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(columns)] + \
             [columns[-1][1] + 1]
    ys = [run[0].top - 1] + [(a.bottom + b.top) / 2 for a, b in itertools.pairwise(run)] + [run[-1].bottom + 1]
    cells: list[PCell] = []
    for r, ln in enumerate(run):
        for text, x0, x1 in ln.chunks:
            c0 = max(k for k, b in enumerate(bounds[:-1]) if b <= x0 + 0.5)
            c1 = min(k for k, b in enumerate(bounds) if k > c0 and b >= x1 - 0.5) if x1 - 0.5 <= bounds[-1] \
                else len(bounds) - 1
            cells.append(PCell(text, (bounds[c0], ys[r], bounds[c1], ys[r + 1]), page_no))
        # empty positions stay empty cells so that columns keep their places
        taken = {max(k for k, b in enumerate(bounds[:-1]) if b <= x0 + 0.5) for _, x0, _ in ln.chunks}
        for k in range(len(bounds) - 1):
            if k not in taken and not any(c.box[0] < bounds[k] + 0.1 < c.box[2] for c in cells
                                          if c.box[1] == ys[r]):
                cells.append(PCell("", (bounds[k], ys[r], bounds[k + 1], ys[r + 1]), page_no))
    box = (bounds[0], ys[0], bounds[-1], ys[-1])
    return Piece(cells=cells, box=box, page=page_no, ys=ys)


# --- the document --------------------------------------------------------------------------------------
@dataclass(slots=True)
class _PageData:
    """What the layout needs of a page, in pdfplumber's terms (top-left origin, PDF points): characters
    (text, x0, x1, top, bottom, size, upright), ruling edges (lines, rectangle sides and curve segments
    as pdfplumber's table finder takes them) and the boxes of images."""

    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    images: list[Box]


class _NotLikePdfminer(Exception):
    """pdfium's view of this document cannot be turned into pdfminer's geometry exactly."""


def _failure(source: str, exc: BaseException, maybe_encrypted: bool = False) -> UnreadableInput:
    if maybe_encrypted and ("password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower()):
        return UnreadableInput(source, "PDF 已加密（受密码保护），请先去除密码",
                               "the PDF is password-protected (encrypted)")
    return UnreadableInput(source, f"PDF 无法解析（{type(exc).__name__}）",
                           f"the PDF cannot be parsed ({type(exc).__name__}: {exc})")


def _open_pdfium(data: bytes, source: str) -> Any:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableInput(source, "PDF 已加密（受密码保护），请先去除密码",
                                  "the PDF is password-protected (encrypted)") from None
        raise UnreadableInput(source, f"PDF 已损坏或不完整（{exc}）",
                              f"the PDF is corrupt or truncated ({exc})") from None
    n = len(pdf)
    if n == 0:
        pdf.close()
        raise UnreadableInput(source, "PDF 没有页面", "the PDF has no pages")
    if n > MAX_PAGES:
        pdf.close()
        raise UnreadableInput(source, f"PDF 共{n}页，超过年度报告可能的页数上限（{MAX_PAGES}页），未读取",
                              f"the PDF has {n} pages, more than a report can have (limit {MAX_PAGES}); not read")
    return pdf


def read_pdf(data: bytes, source: str, options: ReadOptions) -> Document:
    started = time.monotonic()
    pdf = _open_pdfium(data, source)
    try:
        counts, pages = _read_pdfium(pdf, data, source, started)
    finally:
        pdf.close()
    if sum(counts) < _MIN_TEXT_CHARS or all(c < _MIN_TEXT_CHARS for c in counts):
        raise UnreadableInput(source, "扫描版 PDF（没有文字层），需要先做文字识别（OCR），本工具暂不支持",
                              "a scanned PDF (no text layer): it needs OCR, which is not supported yet")
    if pages is None:  # pdfium's geometry would differ from pdfminer's here: read with pdfplumber
        pages = _read_pdfplumber(data, source, started)
    doc = Document(source=source, format="pdf")
    page_lines: list[list[Line]] = []
    page_tables: list[list[Piece]] = []
    for page_no, page in enumerate(pages, start=1):
        if time.monotonic() - started > TIME_BUDGET_SECONDS:
            raise UnreadableInput(source, f"PDF 处理超时（{int(TIME_BUDGET_SECONDS)}秒，读到第{page_no}页）",
                                  f"PDF processing exceeded {int(TIME_BUDGET_SECONDS)} s (at page {page_no})")
        if counts[page_no - 1] < _MIN_TEXT_CHARS:
            if page.images:
                doc.notes.append(f"第{page_no}页没有文字层（可能是扫描图片），其中的内容未读取")
            page_lines.append([])
            page_tables.append([])
            continue
        try:
            pieces, _frames = _ruled_tables(_find_tables(page), page.chars, page_no)
            outside = [c for c in page.chars if not any(_inside(c, p.box) for p in pieces)]
            lines = chars_to_lines(outside, page_no)
            aligned, lines = _aligned_tables(lines, page_no)
        except (ValueError, KeyError, TypeError, AttributeError, AssertionError, RecursionError) as exc:
            raise _failure(source, exc) from None
        _note_images(page, page_no, doc)
        page_lines.append(lines)
        page_tables.append(sorted(pieces + aligned, key=lambda p: p.box[1]))
    _drop_running_lines(page_lines, [p.height for p in pages])
    doc.blocks = _assemble(page_lines, page_tables, source)
    return doc


def _kept(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in chars if str(c.get("text", "")).strip() or c.get("text") == " "]


class _EdgePage:
    """What pdfplumber's TableFinder reads of a page for the "lines" strategies."""

    def __init__(self, page: _PageData) -> None:
        self.edges = page.edges
        self.bbox = (0.0, 0.0, page.width, page.height)


def _find_tables(page: _PageData) -> list[Any]:
    """pdfplumber's lattice table finder (default settings) on the page's ruling edges."""
    if not page.edges:
        return []
    from pdfplumber.table import TableFinder

    return list(TableFinder(_EdgePage(page), {}).tables)  # type: ignore[arg-type]


# --- pages through pdfplumber (pdfminer): the reference geometry, slow -------------------------------------
def _read_pdfplumber(data: bytes, source: str, started: float) -> list[_PageData]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    out: list[_PageData] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page_no, page in enumerate(pdf.pages, start=1):
                if time.monotonic() - started > TIME_BUDGET_SECONDS:
                    raise UnreadableInput(source, f"PDF 处理超时（{int(TIME_BUDGET_SECONDS)}秒，读到第{page_no}页）",
                                          f"PDF processing exceeded {int(TIME_BUDGET_SECONDS)} s (at page {page_no})")
                images = [(float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"]))
                          for im in page.images]
                out.append(_PageData(float(page.width), float(page.height), _kept(page.chars), list(page.edges),
                                     images))
                page.flush_cache()
    except UnreadableInput:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError, AssertionError, RecursionError) as exc:
        raise _failure(source, exc) from None
    except Exception as exc:  # pdfminer raises many private exception types on damaged files
        raise _failure(source, exc, maybe_encrypted=True) from None
    return out


# --- pages through pdfium: the same geometry, read by pdfium's C++ parser ------------------------------------
def _read_pdfium(pdf: Any, data: bytes, source: str, started: float) -> tuple[list[int], list[_PageData] | None]:
    """The count of text characters of every page, and the pages in pdfminer's geometry — or None when
    some page has what the conversion does not reproduce exactly (rotated or skewed text, a rotated or
    shifted page, unknown font metrics, characters without Unicode): pdfplumber reads those."""
    import pypdfium2 as pdfium

    counts: list[int] = []
    pages: list[_PageData] | None = []
    try:
        fonts = _pdfminer_fonts(data)
    except Exception:  # pdfminer's many error types: pdfplumber reads the file, or says why it cannot
        pages = None
        fonts = {}
    for i in range(len(pdf)):
        if time.monotonic() - started > TIME_BUDGET_SECONDS:
            raise UnreadableInput(source, f"PDF 处理超时（{int(TIME_BUDGET_SECONDS)}秒，读到第{i + 1}页）",
                                  f"PDF processing exceeded {int(TIME_BUDGET_SECONDS)} s (at page {i + 1})")
        try:
            page = pdf[i]
        except pdfium.PdfiumError as exc:
            raise _failure(source, exc) from None
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                counts.append(sum(1 for ch in text if not ch.isspace()))
                if pages is not None:
                    try:
                        pages.append(_pdfium_page(page, textpage, fonts))
                    except _NotLikePdfminer:
                        pages = None
            finally:
                textpage.close()
        finally:
            page.close()
    return counts, pages


_Matrix = tuple[float, float, float, float, float, float]


def _mul(m1: _Matrix, m2: _Matrix) -> _Matrix:
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _pdfium_page(page: Any, textpage: Any, fonts: dict[bytes, set[_FontInfo | None]]) -> _PageData:
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() % 360:
        raise _NotLikePdfminer
    x0, y0, x1, y1 = page.get_mediabox()
    if x0 or y0:
        raise _NotLikePdfminer
    width, height = float(x1 - x0), float(y1 - y0)
    chars = _pdfium_chars(pdfium_c, textpage.raw, height, fonts)
    edges: list[dict[str, Any]] = []
    images: list[Box] = []
    _pdfium_objects(pdfium_c, page.raw, height, edges, images)
    return _PageData(width, height, chars, edges, images)


def _pdfium_chars(pdfium_c: Any, tp: Any, height: float, fonts: dict[bytes, set[_FontInfo | None]]) \
        -> list[dict[str, Any]]:
    """Characters with pdfminer's boxes, from pdfium's origin (the pen position; for vertical writing
    the glyph's corner), font size, text matrix and the advance width of the PDF's width tables
    (FPDFFont_GetGlyphWidth; negative: the vertical advance of vertical writing). pdfminer's box of
    horizontal writing is the advance by (its own) descent + font size; of vertical writing (default
    vertical metrics), the font-size square half a size left of the pen."""
    import ctypes

    n = pdfium_c.FPDFText_CountChars(tp)
    out: list[dict[str, Any]] = []
    box = pdfium_c.FS_RECTF()
    m = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    width = ctypes.c_float()
    per_font: dict[int, tuple[float | None, bool]] = {}
    advances: dict[tuple[int, int, float], float] = {}
    name = ctypes.create_string_buffer(512)
    for i in range(n):
        if pdfium_c.FPDFText_IsGenerated(tp, i):
            continue
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        if code == 0 or pdfium_c.FPDFText_HasUnicodeMapError(tp, i) == 1:
            raise _NotLikePdfminer  # pdfminer writes "(cid:N)" where pdfium has no Unicode
        text = chr(code)
        if not (text.strip() or text == " "):
            continue
        size = float(pdfium_c.FPDFText_GetFontSize(tp, i))
        if size <= 0 or not pdfium_c.FPDFText_GetMatrix(tp, i, m) or not pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy):
            raise _NotLikePdfminer
        a, d = _f32(m.a), _f32(m.d)
        if m.b != 0 or m.c != 0 or a <= 0 or d <= 0:
            raise _NotLikePdfminer  # rotated, skewed or mirrored text
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(tp, i))
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        known = per_font.get(key)
        if known is None:
            length = pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
            base = name.raw[:length - 1] if 0 < length <= len(name) else b""
            candidates = fonts.get(base) or fonts.get(_unsubset(base)) or {None}
            descents = {c[0] for c in candidates if c is not None and not c[1]}
            known = (descents.pop() if len(descents) == 1 and None not in candidates else None,
                     (0.0, True) in candidates)
            per_font[key] = known
        advance = advances.get((key, code, size))
        if advance is None:
            if not pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), width):
                raise _NotLikePdfminer
            advance = advances[(key, code, size)] = _f32(width.value)
        descent, vertical_known = known
        if advance >= 0:  # horizontal writing
            if descent is None:
                raise _NotLikePdfminer  # a font pdfminer measures otherwise, or one name for two fonts
            bottom = oy.value + d * (descent * size)
            top = oy.value + d * (descent * size + size)
            char_size = top - bottom
            x0, x1 = ox.value, ox.value + a * advance
        else:
            # pdfium's loose box of vertical writing: left = origin + (vx - 500) / 1000 * size (unscaled).
            if not vertical_known or not pdfium_c.FPDFText_GetLooseCharBox(tp, i, box):
                raise _NotLikePdfminer
            char_size = a * size
            x0 = ox.value + a * (500 + (float(box.left) - ox.value) * 1000 / size) * size / 1000 - 0.5 * char_size
            x1 = x0 + char_size
            top = oy.value + d * size
            bottom = top + d * advance
        out.append({"text": text, "x0": x0, "x1": x1, "top": height - top, "bottom": height - bottom,
                    "size": char_size, "upright": True})
    return out


_F32: dict[float, float] = {}


def _f32(value: float) -> float:
    """A float pdfium computed in single precision, as the decimal it stands for (0.05, not 0.0500000007)."""
    got = _F32.get(value)
    if got is None:
        if len(_F32) > 100_000:
            _F32.clear()
        got = _F32[value] = float(f"{value:.7g}")
    return got


def _unsubset(name: bytes) -> bytes:
    """A font name without its subset tag ("ABCDEF+")."""
    return name[7:] if len(name) > 7 and name[6:7] == b"+" and name[:6].isupper() and name[:6].isalpha() else name


_FontInfo = tuple[float, bool]  # pdfminer's descent per unit of font size, vertical writing


def _pdfminer_fonts(data: bytes) -> dict[bytes, set[_FontInfo | None]]:
    """What pdfminer measures characters by, for every font the pages and their forms use, by BaseFont
    name: the descent (pdfminer takes it from the font descriptor, or the AFM of the standard 14 fonts,
    where pdfium may take the font program's) and the writing mode. None for a name two different
    fonts share and for fonts measured otherwise (Type3; vertical fonts with their own metrics)."""
    from pdfminer.cmapdb import CMapDB
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdffont import PDFCIDFont
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, dict_value, list_value, num_value, resolve1
    from pdfminer.psparser import PSLiteral, literal_name

    def measure(spec: dict[str, Any]) -> _FontInfo | None:  # PDFResourceManager.get_font
        subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
        if subtype == "Type0":
            sub = dict(dict_value(list_value(spec["DescendantFonts"])[0]))
            for k in ("Encoding", "ToUnicode"):
                if k in spec:
                    sub[k] = resolve1(spec[k])
            return measure(sub)
        if subtype == "Type3":
            return None
        if subtype in ("CIDFontType0", "CIDFontType2"):
            try:
                vertical = CMapDB.get_cmap(PDFCIDFont._get_cmap_name(spec, False)).is_vertical()
            except CMapDB.CMapNotFound:
                vertical = False
            if vertical:  # pdfminer's horizontal offset is half the font size unless W2 gives one
                return (0.0, True) if "W2" not in spec else None
            descriptor = dict_value(spec.get("FontDescriptor", {}))
        else:  # Type1, MMType1, TrueType and anything else: PDFType1Font
            basefont = literal_name(spec["BaseFont"]) if "BaseFont" in spec else "unknown"
            if basefont in FONT_METRICS:
                descriptor = FONT_METRICS[basefont][0]
            else:
                descriptor = dict_value(spec.get("FontDescriptor", {}))
        descent = float(num_value(descriptor.get("Descent", 0)))
        return (-descent if descent > 0 else descent) * 0.001, False

    out: dict[bytes, set[_FontInfo | None]] = {}
    done: set[int] = set()

    def resources(res: Any, depth: int) -> None:
        res = dict_value(res)
        if id(res) in done or depth > 10:
            return
        done.add(id(res))
        for ref in dict_value(res.get("Font", {})).values():
            spec = dict_value(ref)
            raw = resolve1(spec.get("BaseFont"))
            name = raw.name if isinstance(raw, PSLiteral) else raw
            key = name.encode() if isinstance(name, str) else name if isinstance(name, bytes) else b""
            info = measure(spec)
            out.setdefault(key, set()).add(info)
            if _unsubset(key) != key:
                out.setdefault(_unsubset(key), set()).add(info)
        for xobj in dict_value(res.get("XObject", {})).values():
            stream = resolve1(xobj)
            if isinstance(stream, PDFStream) and literal_name(stream.get("Subtype")) == "Form" \
                    and "Resources" in stream:
                resources(stream["Resources"], depth + 1)

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    for page in PDFPage.create_pages(doc):
        if page.resources:
            resources(page.resources, 0)
    return out


_PATH_RE = re.compile(r"m[^m]+")


def _pdfium_objects(pdfium_c: Any, page: Any, height: float, edges: list[dict[str, Any]], images: list[Box]) -> None:
    """Ruling edges and image boxes from the page objects (form XObjects included), in pdfplumber's
    order: edges of lines, then of rectangles, then of curves, each in content order."""
    import ctypes

    from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    m = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    path_type, image_type, form_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, \
        pdfium_c.FPDF_PAGEOBJ_FORM
    move, bezier = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO

    def walk(objects: list[Any], parent: _Matrix | None, depth: int) -> None:
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (path_type, image_type, form_type):
                continue
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
                raise _NotLikePdfminer
            own = (_f32(m.a), _f32(m.b), _f32(m.c), _f32(m.d), _f32(m.e), _f32(m.f))
            full = _mul(own, parent) if parent is not None else own
            if kind == form_type:
                if depth < 20:
                    inner = pdfium_c.FPDFFormObj_CountObjects(obj)
                    walk([pdfium_c.FPDFFormObj_GetObject(obj, k) for k in range(inner)], full, depth + 1)
            elif kind == image_type:
                a, b, c, d, e, f = full
                xs = (e, a + e, c + e, a + c + e)
                ys = (f, b + f, d + f, b + d + f)
                images.append((min(xs), height - max(ys), max(xs), height - min(ys)))
            else:
                if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
                    raise _NotLikePdfminer
                if not fill.value and not stroke.value:
                    continue  # "n": a clipping path, never painted
                ops: list[tuple[str, tuple[float, float]]] = []
                count = pdfium_c.FPDFPath_CountSegments(obj)
                k = 0
                while k < count:
                    seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
                    kind_s = pdfium_c.FPDFPathSegment_GetType(seg)
                    if kind_s == bezier:  # three points: two control points and the end
                        seg = pdfium_c.FPDFPath_GetPathSegment(obj, min(k + 2, count - 1))
                        k += 2
                    if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                        raise _NotLikePdfminer
                    px, py = _f32(x.value), _f32(y.value)
                    a, b, c, d, e, f = full
                    op = "m" if kind_s == move else ("c" if kind_s == bezier else "l")
                    ops.append((op, (px * a + py * c + e, px * b + py * d + f)))
                    if pdfium_c.FPDFPathSegment_GetClose(seg):
                        ops.append(("h", ops[0][1]))
                    k += 1
                _paint_path(ops, height, lines, rects, curves)

    walk([pdfium_c.FPDFPage_GetObject(page, k) for k in range(pdfium_c.FPDFPage_CountObjects(page))], None, 0)
    edges.extend(line_to_edge(o) for o in lines)
    for o in rects:
        edges.extend(rect_to_edges(o))
    for o in curves:
        edges.extend(curve_to_edges(o))


def _paint_path(ops: list[tuple[str, tuple[float, float]]], height: float, lines: list[dict[str, Any]],
                rects: list[dict[str, Any]], curves: list[dict[str, Any]]) -> None:
    """pdfminer's PDFLayoutAnalyzer.paint_path: a path becomes a line, a rectangle or a curve."""
    shape = "".join(op for op, _ in ops)
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        for sub in _PATH_RE.finditer(shape):
            _paint_path(ops[sub.start():sub.end()], height, lines, rects, curves)
        return
    pts = [ops[0][1] if op == "h" else pt for op, pt in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        lines.append(_plumber_obj("line", [pts[0], pts[1]], height))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            (ax, ay), (bx, by) = pts[0], pts[2]
            rects.append(_plumber_obj("rect", [(ax, ay), (bx, ay), (bx, by), (ax, by)], height))
        else:
            curves.append(_plumber_obj("curve", pts, height))
    else:
        curves.append(_plumber_obj("curve", pts, height))


def _plumber_obj(kind: str, pts: list[tuple[float, float]], height: float) -> dict[str, Any]:
    """The fields of a pdfplumber line / rect / curve that its edge functions read."""
    x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
    x1, y1 = max(p[0] for p in pts), max(p[1] for p in pts)
    top = height - y1
    obj: dict[str, Any] = {"object_type": kind, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0,
                           "height": y1 - y0, "top": top, "bottom": height - y0, "doctop": top}
    if kind == "curve":
        obj["pts"] = [(px, height - py) for px, py in pts]
    return obj
def _note_images(page: _PageData, page_no: int, doc: Document) -> None:
    area = page.width * page.height
    for box in page.images:
        if (box[2] - box[0]) * (box[3] - box[1]) < 0.05 * area:
            continue
        if not any(_inside(c, box) for c in page.chars):
            doc.notes.append(f"第{page_no}页有一幅图片（可能是以图片形式插入的表格），其中的内容未读取")


def _running_key(text: str) -> str:
    """A line's text with page numbers (any digits) and spaces taken out: "第 3 页" and "第4页" match."""
    return _DIGITS_RE.sub("#", text.replace(" ", ""))


def _drop_running_lines(page_lines: list[list[Line]], heights: list[float]) -> None:
    """Remove page numbers, and running headers and footers: a line whose text (page numbers aside)
    comes back at the same height on several pages — on every page of a two-page document, otherwise
    on at least three pages and at least half of them — when it sits in the top or bottom band of the
    page, or is short. A line printed twice at one height (the agency's name over the title on the
    first page and as the signature at the top of the last) is not a running line."""
    pages = len(page_lines)
    at: dict[str, list[tuple[int, float]]] = {}  # key -> (page, top) of every line with it
    for p, lines in enumerate(page_lines):
        for ln in lines:
            at.setdefault(_running_key(ln.text), []).append((p, ln.top))
    need = 2 if pages == 2 else max(3, (pages + 1) // 2)
    for p, lines in enumerate(page_lines):
        h = heights[p] if p < len(heights) else 842.0
        kept = []
        for ln in lines:
            band = ln.top < 0.1 * h or ln.bottom > 0.9 * h
            if band and _PAGE_NUMBER_RE.match(ln.text):
                continue
            if pages >= 2 and (band or (pages >= 3 and len(ln.text) <= 40)):
                repeats = {q for q, top in at[_running_key(ln.text)] if abs(top - ln.top) <= _SAME_HEIGHT}
                if len(repeats) >= need:
                    continue
            kept.append(ln)
        lines[:] = kept


def _assemble(page_lines: list[list[Line]], page_tables: list[list[Piece]], source: str) -> list[Block]:
    # Body margins: the most common left edge and the right edge of full lines.
    all_lines = [ln for lines in page_lines for ln in lines]
    left = Counter(round(ln.x0) for ln in all_lines).most_common(1)[0][0] if all_lines else 0.0
    right = sorted(ln.x1 for ln in all_lines)[int(len(all_lines) * 0.9)] if all_lines else 0.0
    items: list[tuple[int, float, Line | Piece]] = []
    for p, lines in enumerate(page_lines):
        items.extend((p, ln.top, ln) for ln in lines)
        items.extend((p, piece.box[1], piece) for piece in page_tables[p])
    items.sort(key=lambda it: (it[0], it[1]))
    blocks: list[Block | int] = []  # an int stands for a table still being joined across pages
    tables: list[PTable] = []
    para: list[Line] = []

    def flush() -> None:
        if para:
            text = ""
            for ln in para:
                if text and text[-1].isascii() and text[-1].isalnum() and ln.text[:1].isascii() \
                        and ln.text[:1].isalnum():
                    text += " "
                text += ln.text
            first = para[0]
            same = [ln for ln in para if ln.page == first.page]
            box = (min(ln.x0 for ln in same), first.top, max(ln.x1 for ln in same), max(ln.bottom for ln in same))
            blocks.append(Paragraph(text=text.strip(), origin=Origin(source, page=first.page, bbox=box)))
            para.clear()

    last: Line | Piece | None = None
    for _, _, item in items:
        if isinstance(item, Piece):
            flush()
            if isinstance(last, Piece) and _continues(tables[-1], item):
                _append_piece(tables[-1], item)
            else:
                tables.append(PTable([item]))
                blocks.append(len(tables) - 1)
            last = item
            continue
        if para and not _same_paragraph(para[-1], item, left, right):
            flush()
        para.append(item)
        last = item
    flush()
    return [build_table(tables[b], source, b) if isinstance(b, int) else b for b in blocks]


def _continues(prev: PTable, piece: Piece) -> bool:
    last = prev.pieces[-1]
    if piece.page != last.page + 1:
        return False
    return abs(last.box[0] - piece.box[0]) <= 6 and abs(last.box[2] - piece.box[2]) <= 6


def _append_piece(prev: PTable, piece: Piece) -> None:
    """Join the next page's part, without the header rows it repeats."""
    first = prev.pieces[0]

    def row_texts(p: Piece, r: int) -> list[str]:
        return [c.text for c in sorted(p.cells, key=lambda c: c.box[0]) if _index(p.ys, c.box[1]) == r]

    repeated = 0
    while repeated < min(len(first.ys), len(piece.ys)) - 2:
        a, b = row_texts(first, repeated), row_texts(piece, repeated)
        if not a or a != b or all(_NUMERIC_RE.match(t) or not t for t in a):
            break
        repeated += 1
    if repeated:
        cut = piece.ys[repeated]
        piece = Piece(cells=[c for c in piece.cells if c.box[1] >= cut - 1], box=piece.box, page=piece.page,
                      ys=piece.ys[repeated:])
    prev.pieces.append(piece)


def _same_paragraph(prev: Line, ln: Line, left: float, right: float) -> bool:
    size = max(prev.size, ln.size, 1.0)
    if abs(prev.size - ln.size) > 1.5:
        return False
    if ln.page == prev.page:
        gap = ln.top - prev.bottom
        if gap > 1.2 * size or gap < -0.5 * size:
            return False
    if prev.x1 < right - 2 * size:  # the line above ended early
        return False
    if ln.x0 > left + 1.2 * size:  # indented: a new paragraph
        return False
    return not (prev.x0 > left + 3 * size and ln.x0 <= left + 1.2 * size and prev.page == ln.page
                and abs(prev.x0 - ln.x0) > 3 * size and _CJK_RE.search(prev.text) is None)
