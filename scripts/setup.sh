#!/usr/bin/env bash
# Installs what Jixiao needs that is missing: the C libraries (apt-get) and, with --test, the
# independent checkers the tests use (Python's openpyxl, python-calamine, PyYAML, python-docx and html5lib,
# schemathesis, Selenium with Chromium, pytest, LibreOffice).
# Safe to run again.
set -euo pipefail

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# poppler-utils (pdftotext) reads PDFs; LibreOffice Writer (soffice), where installed, reads .doc and .wps.
packages=(pkg-config libyaml-dev libxlsxwriter-dev libxml2-dev poppler-utils)
# For the tests, LibreOffice opens and converts the XLSX outputs, converts .doc and prints Word
# documents to PDF; a CJK font and pdftoppm render them; qpdf encrypts a PDF.
# Headless Chromium (with its driver) opens the page of `jixiao serve` as a clerk would.
[ $want_test = 1 ] && packages+=(libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-zenhei qpdf chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no Swift toolchain on PATH; install Swift 6 (swift.org) first" >&2
  exit 1
fi

if [ $want_test = 1 ]; then
  if ! python3 -c "import python_calamine" >/dev/null 2>&1; then
    # PyPI only (Rust-built); without it the conformance test against calamine cannot run.
    echo "setup: installing python-calamine for the tests"
    python3 -m pip install --quiet --disable-pip-version-check python-calamine 2>/dev/null || echo "setup: python-calamine could not be installed" >&2
  fi
  if ! python3 -c "import schemathesis, selenium" >/dev/null 2>&1; then
    # PyPI only: schemathesis checks `jixiao serve` against its OpenAPI document, Selenium drives
    # Chromium through its page (each test is skipped without them).
    echo "setup: installing schemathesis and selenium for the tests"
    python3 -m pip install --quiet --disable-pip-version-check schemathesis selenium 2>/dev/null || echo "setup: schemathesis or selenium could not be installed" >&2
  fi
  if ! python3 -c "import openpyxl, yaml, pytest, docx, html5lib" >/dev/null 2>&1; then
    echo "setup: installing openpyxl, PyYAML, python-docx, html5lib and pytest for the tests"
    python3 -m pip install --quiet --disable-pip-version-check openpyxl pyyaml python-docx html5lib pytest 2>/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-openpyxl python3-yaml python3-docx python3-html5lib python3-pytest >/dev/null; }
  fi
fi
