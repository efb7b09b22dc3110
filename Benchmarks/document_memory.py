#!/usr/bin/env python3
"""Peak memory and time of reading large documents.

Generates each input of the list below (a hundred filings bound into one Word document made with
python-docx, the same printed to a PDF of about 200 pages by LibreOffice, …), converts each with
`jixiao convert INPUT -o OUT.yaml`, and prints a Markdown table of the input, its size, the
filings and indicator rows read, the time and the peak resident memory. The peak is that of the conversion's whole process tree (jixiao and
the tools it runs, such as pdftotext, whichever is largest); the target is under 500 MB.

    python3 Benchmarks/document_memory.py [--jixiao PATH] [--only NAME,...]

A new case is one entry in INPUTS: a name and a function that writes the input into a folder and
returns its path and a description.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A department's filings bound into one document: each project's table runs over two pages
# (about 25 rows a page), 100 of them make some 200 pages. (LibreOffice lays out one table of
# thousands of rows too slowly to make the PDF.)
FILINGS = 100
ROWS_PER_FILING = 45


def bound_filings_docx(folder):
    """The filings one after another, each with its title, project name and a table whose level
    cells are merged down and whose header row repeats on every page."""
    from docx import Document
    from docx.oxml import OxmlElement

    path = os.path.join(folder, "bound-filings.docx")
    description = f"Word document, {FILINGS} filings of {ROWS_PER_FILING} indicator rows"
    if os.path.exists(path):
        return path, description
    document = Document()
    document.sections[0].header.paragraphs[0].text = "某某区2024年项目支出绩效目标汇编"
    for filing in range(1, FILINGS + 1):
        if filing > 1:
            document.add_page_break()
        document.add_paragraph(f"第{filing}号项目2024年项目支出绩效目标表")
        document.add_paragraph(f"项目名称：城区道路清扫保洁第{filing}标段")
        table = document.add_table(rows=ROWS_PER_FILING + 1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["一级指标", "二级指标", "三级指标", "指标值"]):
            cell.text = text
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        table.cell(1, 0).text, table.cell(1, 1).text = "产出指标", "数量指标"
        for row in range(1, ROWS_PER_FILING + 1):
            table.cell(row, 2).text = f"清扫保洁道路第{row}段"
            table.cell(row, 3).text = f"≥{row * filing}平方米"
        table.cell(1, 0).merge(table.cell(ROWS_PER_FILING, 0))
        table.cell(1, 1).merge(table.cell(ROWS_PER_FILING, 1))
    document.save(path)
    return path, description


def bound_filings_pdf(folder):
    docx, _ = bound_filings_docx(folder)
    path = os.path.join(folder, "bound-filings.pdf")
    if not os.path.exists(path):
        profile = "file://" + os.path.join(folder, "profile")
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", folder, docx],
                       check=True, capture_output=True, timeout=1800)
    pages = next(line.split()[-1] for line in subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout.splitlines()
                 if line.startswith("Pages:"))
    return path, f"PDF printed by LibreOffice, {pages} pages, {FILINGS} filings of {ROWS_PER_FILING} indicator rows"


# The inputs measured, in order: (name, generator).
INPUTS = [
    ("docx", bound_filings_docx),
    ("pdf", bound_filings_pdf),
]


def measure(jixiao, path, out):
    """Runs one conversion and returns (seconds, peak RSS bytes of its process tree)."""
    start = time.monotonic()
    process = subprocess.Popen([jixiao, "convert", path, "-o", out, "--quiet"])
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"jixiao convert {path} failed with exit status {process.returncode}")
    # ru_maxrss (kilobytes) covers the child and the children it waited for: the largest of them.
    return time.monotonic() - start, usage.ru_maxrss * 1024


def read_back(path):
    """How many filings and indicator rows the output holds (PyYAML reads it)."""
    import yaml

    with open(path, encoding="utf-8") as handle:
        filings = [filing for filing in yaml.safe_load_all(handle) if filing]
    return len(filings), sum(len(filing.get("indicators", [])) for filing in filings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jixiao", default=os.path.join(ROOT, ".build", "release", "jixiao"))
    parser.add_argument("--only", help="names of the inputs to measure, comma-separated: " + ", ".join(name for name, _ in INPUTS))
    parser.add_argument("--work", default=os.path.join(ROOT, "Benchmarks", ".work", "document-memory"))
    options = parser.parse_args()
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed to print the PDF: bash scripts/setup.sh --test", file=sys.stderr)
        return 1
    os.makedirs(options.work, exist_ok=True)
    chosen = set(options.only.split(",")) if options.only else None
    print("| input | size | filings, rows read | time | peak memory |")
    print("|---|---|---|---|---|")
    for name, generate in INPUTS:
        if chosen is not None and name not in chosen:
            continue
        path, description = generate(options.work)
        seconds, peak = measure(options.jixiao, path, path + ".yaml")
        filings, rows = read_back(path + ".yaml")
        print(f"| {description} | {os.path.getsize(path) / 1e6:.1f} MB | {filings}, {rows} | {seconds:.1f} s | {peak / 1e6:.0f} MB |", flush=True)
        os.remove(path + ".yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
