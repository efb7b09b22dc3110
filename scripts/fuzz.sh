#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader and the parsers under them (Fuzz/README.md).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET ...]
#
# Builds Fuzz/ with libFuzzer and AddressSanitizer (.build-fuzz/), then runs each target for
# SECONDS (60 by default) on its seeds: Examples/, the test fixtures and ../shared/corpora/ where
# present. New inputs go to .build-fuzz/corpus/TARGET, so later runs go on from there. Prints each
# target's processor time, executions per second and coverage, and adds them to
# .build-fuzz/ledger.tsv so that budgets can be summed over runs; exits 1 if any target crashed, hung, ran out of
# memory or broke a property, with the input kept under .build-fuzz/artifacts/ (minimise it with
# `JIXIAO_FUZZ_TARGET=T .build-fuzz/release/jixiao-fuzz -minimize_crash=1 FILE` and keep it as a
# regression test under Tests/). The time an input may take is wall-clock time, 20 s unless
# JIXIAO_FUZZ_TIMEOUT says otherwise: a long run at low priority (nice) on a busy machine needs more.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(text yaml xlsx xml docx html pdf target tables)
SHARED=$ROOT/../shared/corpora

echo "== building the fuzz targets (libFuzzer + AddressSanitizer)"
mkdir -p .build-fuzz
# A failed build stops here: the binary left from an earlier build would fuzz older code.
if ! JIXIAO_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product jixiao-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld > .build-fuzz/build.log 2>&1; then
    grep -E "error" .build-fuzz/build.log | head -20 >&2
    echo "the fuzz build failed (.build-fuzz/build.log)" >&2
    exit 1
fi
grep -E "warning: unre|Build" .build-fuzz/build.log || true
FUZZER=$ROOT/.build-fuzz/release/jixiao-fuzz
# The ledger names the commit each turn fuzzed ("+" when the tree had changes).
BUILT_FROM=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- Sources Fuzz Mappings Schemas 2>/dev/null)" ] || BUILT_FROM="$BUILT_FROM+"

# Seeds: files copied into one folder per target (libFuzzer reads folders, not globs).
seed() {
    local target=$1; shift
    # Only the targets this run fuzzes (and the archives the XML target's seeds come from), so that
    # runs of different targets side by side leave each other's seeds alone.
    case " ${TARGETS[*]} " in
        *" $target "*) ;;
        *) case "$target:${TARGETS[*]}" in xlsx:*xml*|docx:*xml*) ;; *) return 0 ;; esac ;;
    esac
    local folder=.build-fuzz/seeds/$target
    rm -rf "$folder"; mkdir -p "$folder"
    for pattern in "$@"; do
        for file in $pattern; do
            [ -f "$file" ] && [ "$(stat -c %s "$file")" -le 1048576 ] && cp "$file" "$folder/$(echo "$file" | tr '/' '_')"
        done
    done
    # A short run (the test command's) starts from every n-th seed, at most 64: libFuzzer reads
    # all its seeds before it counts time, and 800 workbooks take minutes under the sanitizer.
    if [ "$SECONDS_EACH" -lt 60 ]; then
        local count; count=$(ls "$folder" | wc -l)
        if [ "$count" -gt 64 ]; then
            ls "$folder" | sort | awk -v step=$(( (count + 63) / 64 )) 'NR % step != 1 && step > 1' | (cd "$folder" && xargs -r rm -f)
        fi
    fi
    true
}
shopt -s nullglob globstar
seed text "Tests/RealFilings/*.txt" "Examples/*.txt" "Tests/JixiaoTests/Fixtures/**/*.txt"
seed pdf "Tests/RealFilings/*.txt" "Examples/*.txt"
seed yaml "Examples/*.yaml" "Tests/JixiaoTests/Fixtures/**/*.yaml" "Tests/RealFilings/*.key.yaml"
seed xlsx "Tests/JixiaoTests/Fixtures/**/*.xlsx" "$SHARED/xlsx-*/**/*.xlsx"
seed xml "Tests/JixiaoTests/Fixtures/**/*.xml"
seed docx "Examples/*.docx" "Tests/JixiaoTests/Fixtures/**/*.docx" "$SHARED/docx-*/**/*.docx"
seed html "Tests/JixiaoTests/Fixtures/**/*.html" "Tests/JixiaoTests/HTML/**/*.html"
seed target "Fuzz/seeds/target/*"
seed tables "Fuzz/seeds/tables/*"
# The XML parts of the workbooks and documents are the XML target's seeds.
if [ -d .build-fuzz/seeds/xml ] && [ -z "$(ls -A .build-fuzz/seeds/xml)" ]; then
    for archive in $(ls .build-fuzz/seeds/xlsx/* | head -150) $(ls .build-fuzz/seeds/docx/* | head -50); do
        python3 - "$archive" .build-fuzz/seeds/xml <<'EOF' || true
import sys, zipfile, os
try:
    with zipfile.ZipFile(sys.argv[1]) as archive:
        for item in [i for i in archive.infolist() if i.filename.endswith(".xml")][:4]:
            if item.filename.endswith(".xml") and item.file_size <= 262144:
                name = os.path.basename(sys.argv[1]) + "_" + item.filename.replace("/", "_")
                open(os.path.join(sys.argv[2], name), "wb").write(archive.read(item))
except Exception:
    pass
EOF
    done
fi

# A target's dictionaries, with every byte outside ASCII written \xNN as libFuzzer reads them.
dictionary() {
    local parts
    case $1 in
        text|pdf|target|tables) parts="domain" ;;
        yaml) parts="yaml domain" ;;
        xlsx|docx) parts="zip xml domain" ;;
        xml|html) parts="xml domain" ;;
    esac
    for part in $parts; do cat "Fuzz/dictionaries/$part.dict"; done | python3 -c '
import sys
for line in sys.stdin.buffer:
    print("".join(chr(b) if b < 128 else "\\x%02x" % b for b in line.rstrip(b"\n")))'
}

failed=()
printf '\n%-8s %8s %10s %10s %8s %8s  %s\n' target "cpu s" executions "exec/s" cov ft outcome
for target in "${TARGETS[@]}"; do
    corpus=.build-fuzz/corpus/$target artifacts=.build-fuzz/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    # This run's own files: two runs of one target at once (two budget loops) would otherwise
    # share a log and a time file and read each other's numbers. The log ends as $target.log.
    run=.build-fuzz/$target.$$
    dictionary "$target" > "$run.dict"
    log=$run.log
    set +e
    # The processor time the target used (user + system), which is what fuzzing budgets count:
    # on a busy machine it is less than the time the run took.
    TIMEFORMAT=%U+%S
    { time JIXIAO_FUZZ_TARGET=$target LSAN_OPTIONS=suppressions=$ROOT/Fuzz/lsan.supp "$FUZZER" "$corpus" ".build-fuzz/seeds/$target" \
        -max_total_time="$SECONDS_EACH" -timeout="${JIXIAO_FUZZ_TIMEOUT:-20}" -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=262144 \
        -dict="$run.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 ; } 2>"$run.cpu"
    status=$?
    set -e
    cpu=$(python3 -c "print(round($(tail -1 "$run.cpu"), 1))" 2>/dev/null || echo 0)
    mv -f "$log" ".build-fuzz/$target.log" && log=.build-fuzz/$target.log
    rm -f "$run.cpu" "$run.dict"
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || echo 0)
    speed=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || echo 0)
    coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
    outcome=ok
    if [ $status -ne 0 ]; then
        outcome="FAILED (exit $status): $(grep -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|property failed|Fatal error|SUMMARY' "$log" || true); log $log"
        failed+=("$target")
    fi
    cov=$(echo "$coverage" | awk '{print $2}') features=$(echo "$coverage" | awk '{print $4}')
    printf '%-8s %8.0f %10s %10s %8s %8s  %s\n' "$target" "$cpu" "${runs:-0}" "${speed:-0}" "$cov" "$features" "$outcome"
    printf '%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$cpu" "${runs:-0}" "$cov" "$features" "${outcome%%:*}" "$BUILT_FROM" >> .build-fuzz/ledger.tsv
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs under .build-fuzz/artifacts/)" >&2
    exit 1
fi
