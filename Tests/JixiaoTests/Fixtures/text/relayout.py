#!/usr/bin/env python3
"""Re-lays the cell-per-line example filings as other extractions write tables: one row per line
with tab-separated cells (a wrapped cell continues on the next line) and pipe-separated rows
(multi-line cells as <br>). Run from the package root; writes beside this script."""
import pathlib

HERE = pathlib.Path(__file__).parent
SOURCES = ["yunnan-chenggong-2021-project", "hebei-chengde-2021-department", "hebei-tangshan-lunan-projects"]


def rows_and_lines(text):
    """Yields ('row', [cells]) for tab-prefixed cell lines grouped by blank lines (a line without
    the tab continues the cell above) and ('line', text) for everything else."""
    row = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            row = row or []
            row.append(line[1:])
            continue
        if row is not None and line.strip():
            row[-1] += "\n" + line
            continue
        if row is not None:
            yield "row", row
            row = None
        yield "line", line
    if row is not None:
        yield "row", row


def relayout(text, style):
    """Rows follow each other without the blank lines between them."""
    items = list(rows_and_lines(text))
    out = []
    for index, (kind, item) in enumerate(items):
        between_rows = 0 < index < len(items) - 1 and items[index - 1][0] == "row" and items[index + 1][0] == "row"
        if kind == "line" and between_rows and not item.strip():
            continue
        if kind == "line":
            out.append(item)
        elif len(item) == 1:
            out.append("\t" + item[0])
        elif style == "pipe":
            out.append("| " + " | ".join(cell.replace("\n", "<br>") for cell in item) + " |")
        else:
            out.append("\t".join(item))
    return "\n".join(out)


for name in SOURCES:
    text = (HERE / "../../../../Examples" / f"{name}.txt").read_text(encoding="utf-8")
    for style in ("rows", "pipe"):
        (HERE / f"{name}.{style}.txt").write_text(relayout(text, style), encoding="utf-8")
