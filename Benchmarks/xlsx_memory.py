#!/usr/bin/env python3
"""Peak memory and time of reading a workbook with a very long sheet.

Writes workbooks of one sheet of N rows (or several such sheets) by hand (the XML streamed into a zip by Python's zipfile,
which is fast and holds nothing): column A an indicator name from the shared strings (1,000
distinct), column B a number. Each is read with `jixiao tables BOOK.xlsx`, which reads every cell
of every sheet and prints a line per row; the run checks that every row was printed and that the
last one reads as written, then prints a Markdown table of rows, sizes, time and the peak resident
memory of that process (`/usr/bin/time -v`). The target for a full sheet (1,048,576 rows) is
under 300 MB. `--format json` measures `jixiao tables --format json` (its output is not checked).
`--sheets 4` writes that many sheets of N rows each: memory should follow the largest sheet, not
the workbook.

    python3 Benchmarks/xlsx_memory.py [--jixiao PATH] [--rows 100000,1048576] [--sheets 1] [--format text|json]

Give `--jixiao` several times (comma-separated) to compare builds on the same workbooks.
"""
import argparse
import os
import re
import subprocess
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = [f"第{index}项产出数量指标" for index in range(1000)]

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
{sheets}\
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId0" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
{sheets}</Relationships>"""


def number(row):
    """Column B of a row: a number with up to two decimals."""
    return f"{row * 7 % 100000 / 100:g}"


def write_workbook(path, rows, sheets=1):
    """A workbook of `sheets` sheets (指标, 指标2, …) of `rows` rows each; sheet k is xl/worksheets/sheetk.xml."""
    numbers = range(1, sheets + 1)
    strings = "".join(f"<si><t>{name}</t></si>" for name in NAMES)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(
            f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for k in numbers)))
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK.format(sheets="".join(
            f'<sheet name="指标{k if k > 1 else ""}" sheetId="{k}" r:id="rId{k}"/>' for k in numbers)))
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(sheets="".join(
            f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>'
            for k in numbers)))
        book.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{rows * sheets}" uniqueCount="{len(NAMES)}">{strings}</sst>')
        for k in numbers:
            with book.open(f"xl/worksheets/sheet{k}.xml", "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for start in range(1, rows + 1, 10000):
                    sheet.write("".join(f'<row r="{row}"><c r="A{row}" t="s"><v>{row % len(NAMES)}</v></c><c r="B{row}"><v>{number(row)}</v></c></row>'
                                        for row in range(start, min(start + 10000, rows + 1))).encode())
                sheet.write(b"</sheetData></worksheet>")


def measure(jixiao, book, output_format, out):
    """Runs `jixiao tables` under /usr/bin/time -v: (seconds, peak RSS bytes, exit status, error text)."""
    start = time.monotonic()
    with open(out, "wb") as handle:
        run = subprocess.run(["/usr/bin/time", "-v", jixiao, "tables", book, "--format", output_format],
                             stdout=handle, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1)) * 1024
    errors = [line for line in run.stderr.splitlines() if not line.startswith("\t") and "Command exited" not in line]
    return seconds, peak, run.returncode, " ".join(errors)


def check(out, rows, sheets):
    """Whether the text output has every row of every sheet and the last one reads as written."""
    with open(out, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    last = f"  {rows}: {NAMES[rows % len(NAMES)]} | {number(rows)}"
    return len(lines) == (rows + 1) * sheets and lines[-1] == last


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jixiao", default=os.path.join(ROOT, ".build", "release", "jixiao"), help="one build, or several comma-separated")
    parser.add_argument("--rows", default="100000,1048576", help="rows of the sheet, comma-separated")
    parser.add_argument("--sheets", type=int, default=1, help="sheets of that many rows each")
    parser.add_argument("--format", default="text", choices=["text", "json"])
    parser.add_argument("--work", default=os.path.join(ROOT, "Benchmarks", ".work", "xlsx-memory"))
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    builds = options.jixiao.split(",")
    print("| sheets × rows | workbook | sheets' XML | build | time | peak memory | every row read |")
    print("|---|---|---|---|---|---|---|")
    for rows in sorted(int(part) for part in options.rows.split(",")):
        book = os.path.join(options.work, f"sheet-{rows}.xlsx" if options.sheets == 1 else f"sheets-{options.sheets}x{rows}.xlsx")
        if not os.path.exists(book):
            write_workbook(book, rows, options.sheets)
        with zipfile.ZipFile(book) as archive:
            inflated = sum(info.file_size for info in archive.infolist() if info.filename.startswith("xl/worksheets/"))
        for jixiao in builds:
            out = os.path.join(options.work, "out.txt")
            seconds, peak, status, error = measure(jixiao, book, options.format, out)
            read = ("exit 0" if options.format == "json" else ("yes" if check(out, rows, options.sheets) else "NO")) if status == 0 else f"exit {status}: {error}"
            print(f"| {options.sheets} × {rows:,} | {os.path.getsize(book) / 1e6:.1f} MB | {inflated / 1e6:.1f} MB | {jixiao} | {seconds:.1f} s | "
                  f"{peak / 1e6:.0f} MB | {read} |", flush=True)
            os.remove(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
