#!/usr/bin/env python3
"""Prints every sheet of an .xlsx workbook as JSON, read by openpyxl (a reader the project did not write).

Usage: read_xlsx.py BOOK.xlsx
Output: [{"name": sheet name, "rows": [[cell text, ...], ...]}, ...]
Cells are text: None as "", whole numbers without ".0"; a row ends at its last non-empty cell and
empty rows are left out, as the project's XLSXReader reports them.
"""
import json
import sys

import openpyxl


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def main(path):
    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            cells = [text(value) for value in row]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                rows.append(cells)
        sheets.append({"name": sheet.title, "rows": rows})
    json.dump(sheets, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
