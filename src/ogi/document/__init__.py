"""The neutral document model every reader produces: paragraphs and table grids with positions."""

from ogi.document.model import Block, Cell, Document, Origin, Paragraph, Table

__all__ = ["Block", "Cell", "Document", "Origin", "Paragraph", "Table"]
