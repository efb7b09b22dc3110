#!/usr/bin/env bash
# Records the reader's current accuracy on Tests/RealFilings as the floor the tests hold it to
# (Tests/RealFilings/accuracy-floor.json). Run after an improvement, never to hide a drop.
set -euo pipefail
cd "$(dirname "$0")/.."
scores=$(mktemp)
trap 'rm -f "$scores"' EXIT
python3 Benchmarks/accuracy.py --quiet --json "$scores" Tests/RealFilings >/dev/null
python3 - "$scores" <<'PY'
import json, os, sys
with open(sys.argv[1], encoding="utf-8") as handle:
    scores = json.load(handle)
floor = {"exact_share": int(scores["exact"] / scores["rows"] * 1000) / 1000,
         "files": {os.path.basename(f["file"]): f["exact"] for f in scores["files"]}}
with open("Tests/RealFilings/accuracy-floor.json", "w", encoding="utf-8") as handle:
    json.dump(floor, handle, ensure_ascii=False, indent=1)
    handle.write("\n")
print(f"floor: {scores['exact']}/{scores['rows']} rows exact ({floor['exact_share']:.1%})")
PY
