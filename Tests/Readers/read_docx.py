#!/usr/bin/env python3
"""Reads a .docx with python-docx, as a real reader sees it, and prints it as JSON for the Swift tests.

Usage: read_docx.py FILE.docx
Prints {"core", "section", "styles", "body"}: the body in document order, each item a paragraph
(text, style name, effective alignment) or a table (rows of cell texts).
"""
import json
import sys

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

EMU_PER_MM = 36000


def effective_alignment(paragraph):
    """The paragraph's own alignment, else the first one up its style chain."""
    if paragraph.alignment is not None:
        return paragraph.alignment
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
        style = style.base_style
    return None


def alignment_name(alignment):
    """CENTER, RIGHT…: an enum's name from 1.0 on; before, str() gives "CENTER (1)"."""
    if alignment is None:
        return None
    return getattr(alignment, "name", None) or str(alignment).split(" ")[0]


def style_view(style):
    r_fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    return {
        "eastAsiaFont": r_fonts.get(qn("w:eastAsia")) if r_fonts is not None else None,
        "asciiFont": style.font.name,
        "sizePoints": style.font.size.pt if style.font.size is not None else None,
        "bold": bool(style.font.bold),
        "alignment": alignment_name(style.paragraph_format.alignment),
    }


def body_items(document):
    # The body's children in document order; walked directly rather than with iter_inner_content, which
    # python-docx has only from 1.0 (Debian's python3-docx is older).
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            yield {"kind": "paragraph", "text": paragraph.text, "style": paragraph.style.name,
                   "alignment": alignment_name(effective_alignment(paragraph))}
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            yield {"kind": "table", "rows": [[cell.text for cell in row.cells] for row in table.rows]}


def main(path):
    document = docx.Document(path)
    section = document.sections[0]
    view = {
        "core": {"title": document.core_properties.title, "author": document.core_properties.author},
        "section": {name: round(getattr(section, name) / EMU_PER_MM, 1) for name in (
            "page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")},
        "styles": {name: style_view(document.styles[name]) for name in (
            "Normal", "Title", "Heading 1", "Heading 2", "Signature", "Table Text")},
        "body": list(body_items(document)),
    }
    json.dump(view, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
