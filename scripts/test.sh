#!/usr/bin/env bash
# The whole test suite: Swift unit, property and command tests under AddressSanitizer (and the
# parallel ones under ThreadSanitizer too), then the checks made with readers nobody here wrote
# (Python's PyYAML and openpyxl) on the plain build and a share of them on the release build, then
# every fuzz target briefly.
#
#   JIXIAO_SANITIZERS=0   the Swift tests on the plain build instead (quicker: no sanitizer builds)
#   JIXIAO_FUZZ_SECONDS=N each fuzz target for N seconds (10 by default; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
if [ "${JIXIAO_SANITIZERS:-1}" = 0 ]; then
    swift build --build-tests
    swift test --skip-build
else
    # The Python tests below run the plain debug build of the command.
    swift build --product jixiao
    bash scripts/sanitize.sh address thread
fi
python3 -m pytest -q Tests/python
# A share of the same checks on the release build, whose optimiser and allocator (mimalloc,
# Package.swift) the debug build does not have: forms, canonical YAML, real filings, memory.
swift build -c release --product jixiao
JIXIAO_BUILD=release python3 -m pytest -q Tests/python/test_release_build.py Tests/python/test_xlsx_openpyxl.py \
    Tests/python/test_canonical_yaml.py Tests/python/test_xlsx_form_copy.py Tests/python/test_real_filings.py \
    Tests/python/test_form_memory.py
# Every fuzz target for a short time, so that a regression found before fails here (Fuzz/README.md).
if [ "${JIXIAO_FUZZ_SECONDS:-10}" != 0 ]; then
    bash scripts/fuzz.sh "${JIXIAO_FUZZ_SECONDS:-10}"
fi
