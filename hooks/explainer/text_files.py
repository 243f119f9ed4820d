"""Bytes of a contributor's file in, text out; where they are not UTF-8, the line and column say so."""

from __future__ import annotations

import codecs

from .problems import Problem

BYTE_ORDER_MARK = "\ufeff"  # as text; what a few editors put at the start of a UTF-8 file


def not_utf8(shown: str, error: UnicodeDecodeError) -> Problem:
    """Where a file stops being UTF-8, and the byte value there (never the text around it)."""
    data = error.object
    line_start = data.rfind(b"\n", 0, error.start) + 1
    line = data.count(b"\n", 0, error.start) + 1
    col = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
    return Problem(shown, line, col, f"the file is not UTF-8 text (byte 0x{data[error.start]:02X} here is not UTF-8); save it as UTF-8")


def page_text(data: bytes, shown: str) -> tuple[str, Problem | None]:
    """A page's Markdown as MkDocs reads it (UTF-8, a byte-order mark dropped). Where it is not UTF-8, the
    text with U+FFFD for each byte that is not, and the problem: the page is still shown and checked."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("utf-8", "replace"), not_utf8(shown, error)
