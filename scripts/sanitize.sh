#!/usr/bin/env bash
# The Swift test suite under sanitizers, each build in its own folder (.build-SANITIZERS):
#   bash scripts/sanitize.sh [address|thread ...]
# By default two runs: AddressSanitizer (with LeakSanitizer) over every test, then ThreadSanitizer
# over the tests of the parallel batch, stream and export. Exits 1 on any finding.
# UndefinedBehaviorSanitizer is not among them: Swift 6.3's compiler refuses -sanitize=undefined
# on Linux ("unsupported option"), Swift itself traps on overflow, bounds and nil in every build,
# and the C code Jixiao runs (libyaml, libxlsxwriter, libxml2, zlib) comes compiled from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(address thread)
for run in "${RUNS[@]}"; do
    flags=() filter=()
    for sanitizer in ${run//+/ }; do flags+=(--sanitize="$sanitizer"); done
    [ "$run" = thread ] && filter=(--filter "BatchConvertTests|ExportCommandTests|StreamPiecesTests")
    echo "== swift test ${flags[*]} ${filter[*]}"
    started=$(date +%s)
    # A finding stops the test process with a report; halt_on_error makes UBSan do the same.
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp TSAN_OPTIONS=halt_on_error=1 \
        swift test --scratch-path ".build-${run//+/-}" "${flags[@]}" "${filter[@]}"
    echo "== $run: no findings ($(( $(date +%s) - started )) s)"
done
