#!/usr/bin/env bash
# Benchmarks: builds Jixiao in release mode and the C floor, generates the corpus, and measures
# Jixiao against the Python pipelines a user would write and against plain C, in one run.
#   bash Benchmarks/run.sh [--filings N] [--export-rows N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 -c "import yaml, xlsxwriter, openpyxl, docx" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check pyyaml xlsxwriter openpyxl python-docx
# The Rust-backed peers (PyPI wheels): python-calamine reading, rustpy-xlsxwriter writing; fastexcel
# (calamine with Arrow columns, through pyarrow) is measured where it installs.
python3 -c "import python_calamine, rustpy_xlsxwriter" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check python-calamine rustpy-xlsxwriter
python3 -c "import fastexcel, pyarrow" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check fastexcel pyarrow \
  || echo "run.sh: fastexcel could not be installed; it is left out" >&2
swift build -c release --product jixiao
mkdir -p Benchmarks/.work
# Any C compiler: gcc where installed, else the clang that comes with Swift.
compiler=${CC:-$(command -v gcc || command -v clang || echo cc)}
"$compiler" -O2 -o Benchmarks/.work/export_floor Benchmarks/c/export_floor.c $(pkg-config --cflags --libs yaml-0.1 xlsxwriter)
"$compiler" -O2 -o Benchmarks/.work/form_floor Benchmarks/c/form_floor.c $(pkg-config --cflags --libs xlsxwriter)
"$compiler" -O2 -o Benchmarks/.work/yaml_floor Benchmarks/c/yaml_floor.c $(pkg-config --cflags --libs yaml-0.1)
python3 Benchmarks/bench.py "$@"
# Writing forms in interleaved rounds, processor time, with the bound the libraries set on the 5x goal.
python3 Benchmarks/interleaved.py --rounds 5
# Accuracy on real filings against hand-made keys (a debug build is what the tests use).
swift build --product jixiao
python3 Benchmarks/accuracy.py --quiet
# The same filings laid out as Word documents, web pages and (with LibreOffice and poppler) PDFs.
formats=docx,html
command -v soffice >/dev/null && command -v pdftotext >/dev/null && formats=$formats,pdf
python3 Benchmarks/container_accuracy.py --quiet --formats "$formats"
# Long texts: peak memory and time against the input's size.
python3 Benchmarks/text_memory.py
# A large web page: peak memory (the target: under 500 MB at 20 MB).
python3 Benchmarks/html_memory.py
# A workbook with a full sheet (1,048,576 rows), and four quarter-size sheets: peak memory (the target: under 300 MB).
python3 Benchmarks/xlsx_memory.py
python3 Benchmarks/xlsx_memory.py --sheets 4 --rows 262144
# The hand-written XML scanner against libxml2 on the same workbook parts.
python3 Benchmarks/xml_parsers.py
# jixiao serve under load from a second process (wrk, Debian's package).
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
python3 Benchmarks/serve_load.py
