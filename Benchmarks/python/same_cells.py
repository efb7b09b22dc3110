"""Compares the cells (values and merged ranges of every sheet) of pairs of workbooks with openpyxl:
the check that a benchmark's competitors wrote the same thing.

    python3 same_cells.py [--values-only] A.xlsx B.xlsx [A2.xlsx B2.xlsx ...]

--values-only compares values alone, blanks (text of spaces only) as empty: for a writer that
cannot lay out merged ranges (rustpy-xlsxwriter, see form_pipeline.py).

The `digest` and `canonical` rows of Jixiao's hidden `_jixiao` sheet are left out: a hash of each
form sheet's cells that Jixiao keeps to know, when it reads the form back, that nobody edited it,
and the revision of the layout its copy is written in. The Python pipelines do not write them (a
script would not need them), so Jixiao does that little more work.
"""
import sys

import openpyxl


def cells(path, values_only=False):
    book = openpyxl.load_workbook(path)
    result = {}
    for sheet in book.worksheets:
        digests = {row[0].row for row in sheet.iter_rows() if sheet.title == "_jixiao" and row[0].value in ("digest", "canonical")}
        values = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row
                  if c.value not in (None, "") and c.row not in digests
                  and not (values_only and isinstance(c.value, str) and not c.value.strip(" "))}
        result[sheet.title] = (values, [] if values_only else sorted(str(r) for r in sheet.merged_cells.ranges))
    return result


def main():
    arguments = sys.argv[1:]
    values_only = arguments[:1] == ["--values-only"]
    if values_only:
        arguments = arguments[1:]
    pairs = list(zip(arguments[::2], arguments[1::2]))
    different = 0
    for left, right in pairs:
        a, b = cells(left, values_only), cells(right, values_only)
        if a != b:
            different += 1
            for title in sorted(set(a) | set(b)):
                if a.get(title) != b.get(title):
                    va, ma = a.get(title, ({}, []))
                    vb, mb = b.get(title, ({}, []))
                    diff = [(k, va.get(k), vb.get(k)) for k in sorted(set(va) | set(vb)) if va.get(k) != vb.get(k)]
                    print(f"{left} vs {right}: sheet {title}: {len(diff)} cells differ, e.g. {diff[:3]}; merges equal: {ma == mb}")
    print(f"{len(pairs) - different} of {len(pairs)} pairs have the same cells")
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
