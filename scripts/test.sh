#!/usr/bin/env bash
# The whole test suite: Swift unit, property and command tests, then the checks made with
# readers nobody here wrote (Python's PyYAML and openpyxl).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --build-tests
swift test --skip-build
python3 -m pytest -q Tests/python
