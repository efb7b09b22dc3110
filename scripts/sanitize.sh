#!/usr/bin/env bash
# The Swift test suite under sanitizers, each in its own build folder:
#   bash scripts/sanitize.sh [address|undefined|thread ...]
# address and undefined run every test; thread runs the tests of the parallel batch and export.
# Exits 1 on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
SANITIZERS=("$@")
[ ${#SANITIZERS[@]} -gt 0 ] || SANITIZERS=(address undefined thread)
for sanitizer in "${SANITIZERS[@]}"; do
    echo "== swift test --sanitize=$sanitizer"
    filter=()
    [ "$sanitizer" = thread ] && filter=(--filter "BatchConvertTests|ExportCommandTests|StreamPiecesTests")
    # A finding stops the test process with a report; halt_on_error makes UBSan do the same.
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp TSAN_OPTIONS=halt_on_error=1 \
        swift test --scratch-path ".build-$sanitizer" --sanitize="$sanitizer" "${filter[@]}"
done
