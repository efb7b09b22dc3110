#!/usr/bin/env bash
# Fuzzes until each target has had its budget of processor time, in turns of scripts/fuzz.sh:
#
#   bash scripts/fuzz-budget.sh [TURN_SECONDS] TARGET:CPU_SECONDS ...
#   bash scripts/fuzz-budget.sh 600 text:3600 xml:3600 pdf:1200
#
# The targets take turns (TURN_SECONDS of wall-clock time each, 600 by default), so that all of
# them have had some fuzzing whenever the run is stopped. Processor time is summed from the
# ledger (.build-fuzz/ledger.tsv) over the turns this run made; each turn's commit is in the
# ledger. Meant to run at low priority beside other work:
#
#   JIXIAO_FUZZ_TIMEOUT=60 nice -n 19 bash scripts/fuzz-budget.sh 600 text:3600 xlsx:3600
#
# Stops at the first turn that finds a problem (its input is kept under .build-fuzz/artifacts/).
set -euo pipefail
cd "$(dirname "$0")/.."
TURN=600
if [[ ${1:-} =~ ^[0-9]+$ ]]; then TURN=$1; shift; fi
# libFuzzer reads -max_total_time=0 as no limit at all.
[ "$TURN" -gt 0 ] || { echo "TURN_SECONDS must be above 0" >&2; exit 64; }
[ $# -gt 0 ] || { echo "usage: fuzz-budget.sh [TURN_SECONDS] TARGET:CPU_SECONDS ..." >&2; exit 64; }
declare -A goal used
order=()
for item in "$@"; do
    [[ $item =~ ^[a-z]+:[0-9]+$ ]] || { echo "not TARGET:CPU_SECONDS: $item" >&2; exit 64; }
    goal[${item%%:*}]=${item##*:} used[${item%%:*}]=0
    order+=("${item%%:*}")
done
mkdir -p .build-fuzz && touch .build-fuzz/ledger.tsv
while :; do
    remaining=()
    for target in "${order[@]}"; do
        [ "${used[$target]}" -lt "${goal[$target]}" ] && remaining+=("$target")
    done
    [ ${#remaining[@]} -gt 0 ] || break
    for target in "${remaining[@]}"; do
        before=$(wc -l < .build-fuzz/ledger.tsv)
        bash scripts/fuzz.sh "$TURN" "$target"
        # The turn's processor time: the ledger line fuzz.sh just added.
        spent=$(tail -n +"$((before + 1))" .build-fuzz/ledger.tsv | awk -F'\t' -v t="$target" '$2 == t { s += $3 } END { print s + 0 }')
        # A turn that counted no processor time would make the loop endless.
        [ "$spent" -gt 0 ] || { echo "== $target: the turn counted no processor time; stopping" >&2; exit 1; }
        used[$target]=$(( used[$target] + spent ))
        echo "== $target: ${used[$target]} of ${goal[$target]} processor seconds"
    done
done
echo "== every target has had its budget:"
for target in "${order[@]}"; do echo "   $target ${used[$target]} s (goal ${goal[$target]} s)"; done
