"""The report as PDF: the HTML page printed by WeasyPrint (Pango shapes the Chinese; the CJK fonts
are subset and embedded). LibreOffice is not needed for this path."""

from __future__ import annotations

import logging
from typing import Any

from ogi.render.html import render_html


def render_pdf(data: dict[str, Any]) -> bytes:
    """The report `data` (`ogi.annual-report/1`, layout 2021) as PDF bytes."""
    from weasyprint import HTML  # imported late: WeasyPrint takes ~0.3 s to import

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(string=render_html(data)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
