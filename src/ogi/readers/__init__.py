"""Readers turn a source file into the neutral document model. One module per format; the registry
chooses by content (magic bytes) first and by file name only where content cannot tell."""

from ogi.readers.registry import FORMATS, Format, ReadOptions, detect_format, read_bytes, read_document, register

__all__ = ["FORMATS", "Format", "ReadOptions", "detect_format", "read_bytes", "read_document", "register"]
