"""Compares the cells (values and merged ranges of every sheet) of pairs of workbooks with openpyxl:
the check that a benchmark's competitors wrote the same thing.

    python3 same_cells.py A.xlsx B.xlsx [A2.xlsx B2.xlsx ...]
"""
import sys

import openpyxl


def cells(path):
    book = openpyxl.load_workbook(path)
    result = {}
    for sheet in book.worksheets:
        values = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value not in (None, "")}
        result[sheet.title] = (values, sorted(str(r) for r in sheet.merged_cells.ranges))
    return result


def main():
    pairs = list(zip(sys.argv[1::2], sys.argv[2::2]))
    different = 0
    for left, right in pairs:
        a, b = cells(left), cells(right)
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
