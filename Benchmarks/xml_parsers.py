#!/usr/bin/env python3
"""libxml2 against the hand-written XML scanner, on the same workbook parts, in one run.

Compiles `Benchmarks/xml/main.swift` with the scanner of `Sources/Jixiao/XLSX/XMLScanner.swift`
(swiftc -O, linked to the system's libxml2) and runs it on two sets of parts:
- every worksheet and shared-strings part of the conformance corpora
  (`../shared/corpora/xlsx-excel/`, `xlsx-calamine/`), as stored, each read several times;
- the one sheet of a 1,048,576-row workbook (`Benchmarks/xlsx_memory.py` writes it).
Each parser is fed each part in 64 KiB pieces, as the reader inflates it, and does the reader's
work per cell (r=, t= and s=, the value's text as a Swift string). The best of the rounds is
printed per parser with what it found, which must agree, then what each does with hostile and
odd documents (billion laughs, an external entity, a control-character reference).

    python3 Benchmarks/xml_parsers.py [--rounds 5]
"""
import argparse
import glob
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import xlsx_memory  # noqa: E402


def corpus_parts(folder):
    """The corpus's sheet and shared-strings parts written out; their paths."""
    paths = []
    books = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpora", "xlsx-excel", "*.xlsx")))
    books += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpora", "xlsx-calamine", "*.xlsx")))
    for book in books:
        try:
            archive = zipfile.ZipFile(book)
            names = [name for name in archive.namelist()
                     if name.lower().endswith(".xml") and ("worksheets/" in name.lower() or "sharedstrings" in name.lower())]
            for name in names:
                path = os.path.join(folder, os.path.basename(book) + "-" + name.replace("/", "-"))
                with open(path, "wb") as handle:
                    handle.write(archive.read(name))
                paths.append(path)
        except (zipfile.BadZipFile, RuntimeError, zipfile.LargeZipFile, OSError):
            continue  # damaged or encrypted: no parts to read
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(ROOT, "Benchmarks", ".work", "xml-parsers"))
    options = parser.parse_args()
    os.makedirs(os.path.join(options.work, "parts"), exist_ok=True)
    program = os.path.join(options.work, "xml-parsers")
    subprocess.run(["swiftc", "-O", "-wmo", "-import-objc-header", os.path.join(ROOT, "Benchmarks", "xml", "libxml2.h"),
                    "-I", "/usr/include/libxml2", "-lxml2", os.path.join(ROOT, "Sources", "Jixiao", "XLSX", "XMLScanner.swift"),
                    os.path.join(ROOT, "Benchmarks", "xml", "main.swift"), "-o", program], check=True)

    corpus = os.path.join(options.work, "corpus.txt")
    with open(corpus, "w") as handle:
        handle.write("\n".join(corpus_parts(os.path.join(options.work, "parts"))))
    book = os.path.join(options.work, "sheet-1048576.xlsx")
    if not os.path.exists(book):
        xlsx_memory.write_workbook(book, 1_048_576)
    sheet = os.path.join(options.work, "sheet-1048576.xml")
    with zipfile.ZipFile(book) as archive, open(sheet, "wb") as handle:
        handle.write(archive.read("xl/worksheets/sheet1.xml"))
    long_sheet = os.path.join(options.work, "long.txt")
    with open(long_sheet, "w") as handle:
        handle.write(sheet)

    print("## The conformance corpora's sheets and shared strings", flush=True)
    subprocess.run([program, corpus, str(options.rounds * 4)], check=True)
    print("\n## One sheet of 1,048,576 rows", flush=True)
    subprocess.run([program, long_sheet, str(options.rounds)], check=True)
    print("\n## Hostile and odd documents", flush=True)
    subprocess.run([program, "--cases"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
