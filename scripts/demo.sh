#!/usr/bin/env bash
# The main job on the bundled example filings: install what is missing, build, and convert every
# filing in Examples/ into out/ (canonical YAML, one file per filing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product jixiao
rm -rf out && mkdir -p out
.build/release/jixiao convert Examples/*.txt --out-dir out/yaml
echo "demo: wrote $(ls out/yaml | wc -l) filings to out/yaml/"
