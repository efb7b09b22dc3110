"""Describes workbooks, as openpyxl reads them, in a plain dump that Benchmarks/c/form_floor.c
writes back with libxlsxwriter: the floor of writing the same forms in C, with none of Jixiao's
work around it (no YAML, no layout decisions, no hidden copy made: the cells are given).

    python3 form_cells.py DUMP FORM.xlsx...

Kept per sheet: its name and whether it is hidden, every cell's value (text or number) and look
(bold, font size, wrap, thin border, horizontal centring, locked, number format, fill), merged
ranges, column widths, row heights, list dropdowns and protection. Left out, as small beside the
rest: page set-up, print titles and the internal link of the index sheet (written as its text).

The dump is line-based; texts are given by their UTF-8 length so that they may hold line breaks:
    W <name>                               a workbook, written as OUTDIR/<name>
    F <id> <bold> <size> <wrap> <border> <centre> <locked> <fill or -> <format length> <format>
    S <hidden> <length> <name>             a sheet
    T <row> <col> <format id> <length> <text>
    N <row> <col> <format id> <number>
    B <row> <col> <format id>              a blank cell that carries a look
    M <r1> <c1> <r2> <c2> <format id>      a merged range (its first cell is written as a cell)
    K <col> <width>                        a column's width
    H <row> <height>                       a row's height
    V <r1> <c1> <r2> <c2> <length> <list or formula>   a dropdown (a formula starts with '=')
    P                                      the sheet is protected
    E                                      the workbook ends
"""
import pathlib
import sys

import openpyxl
from openpyxl.utils import column_index_from_string, range_boundaries


def look(cell):
    font, alignment = cell.font, cell.alignment
    fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
    fill = fill[-6:] if isinstance(fill, str) else "-"
    number_format = "" if cell.number_format == "General" else cell.number_format
    return (int(bool(font.b)), float(font.sz or 11), int(bool(alignment.wrap_text)),
            int(cell.border.left is not None and cell.border.left.style == "thin"),
            int(alignment.horizontal == "center"), int(cell.protection.locked is not False), fill, number_format)


def text(value):
    data = value.encode("utf-8")
    return f"{len(data)} ".encode() + data


def main():
    dump, forms = sys.argv[1], sys.argv[2:]
    looks = {}
    with open(dump, "wb") as out:
        for form in forms:
            out.write(f"W {pathlib.Path(form).name}\n".encode())
            book = openpyxl.load_workbook(form)
            for sheet in book.worksheets:
                out.write(b"S %d " % int(sheet.sheet_state != "visible") + text(sheet.title) + b"\n")
                for merged in sheet.merged_cells.ranges:
                    c1, r1, c2, r2 = merged.bounds
                    first = sheet.cell(r1, c1)
                    out.write(f"M {r1 - 1} {c1 - 1} {r2 - 1} {c2 - 1} {format_id(look(first), looks, out)}\n".encode())
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.__class__.__name__ == "MergedCell":
                            continue
                        if cell.value is None and not cell.has_style:
                            continue
                        style = format_id(look(cell), looks, out)
                        place = f"{cell.row - 1} {cell.column - 1} {style}"
                        if cell.value is None:
                            out.write(f"B {place}\n".encode())
                        elif isinstance(cell.value, (int, float)):
                            out.write(f"N {place} {cell.value!r}\n".encode())
                        else:
                            out.write(f"T {place} ".encode() + text(str(cell.value)) + b"\n")
                for letter, dimension in sheet.column_dimensions.items():
                    if dimension.width:
                        first, last = dimension.min or 0, dimension.max or 0
                        for column in range(first, last + 1) if first and last else [column_index_from_string(letter)]:
                            out.write(f"K {column - 1} {written_width(dimension.width)}\n".encode())
                for number, dimension in sheet.row_dimensions.items():
                    if dimension.height:
                        out.write(f"H {number - 1} {dimension.height}\n".encode())
                for validation in sheet.data_validations.dataValidation:
                    for ranged in validation.sqref.ranges:
                        c1, r1, c2, r2 = range_boundaries(ranged.coord)
                        formula = validation.formula1 or ""
                        value = formula[1:-1] if formula.startswith('"') else "=" + formula
                        out.write(f"V {r1 - 1} {c1 - 1} {r2 - 1} {c2 - 1} ".encode() + text(value) + b"\n")
                if sheet.protection.sheet:
                    out.write(b"P\n")
            out.write(b"E\n")
    print(f"{len(forms)} workbooks, {len(looks)} looks described in {dump}")


def written_width(stored):
    """The width to ask libxlsxwriter for: it stores a width with the padding of Excel's default
    font added (5 pixels at 7 pixels a character: 17 is stored as 17.7109375)."""
    return round(stored - 0.7109375, 4) if stored > 1.7109375 else stored


def format_id(key, looks, out):
    """The number of a look, written out the first time it is seen."""
    if key not in looks:
        looks[key] = len(looks)
        bold, size, wrap, border, centre, locked, fill, number_format = key
        out.write(f"F {looks[key]} {bold} {size} {wrap} {border} {centre} {locked} {fill} ".encode() + text(number_format) + b"\n")
    return looks[key]


if __name__ == "__main__":
    main()
