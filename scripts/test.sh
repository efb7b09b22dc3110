#!/usr/bin/env bash
# The whole test suite: Swift unit, property and command tests, then the checks made with
# readers nobody here wrote (Python's PyYAML and openpyxl), then every fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --build-tests
swift test --skip-build
python3 -m pytest -q Tests/python
# Every fuzz target for a short time, so that a regression found before fails here (Fuzz/README.md).
if [ "${JIXIAO_FUZZ_SECONDS:-10}" != 0 ]; then
    bash scripts/fuzz.sh "${JIXIAO_FUZZ_SECONDS:-10}"
fi
