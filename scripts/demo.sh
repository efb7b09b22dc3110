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
# Each filing into the upload form of its province (the template named per example below).
mkdir -p out/xlsx
for pair in yunnan-chenggong-2021-project:yunnan-project hebei-chengde-2021-department:hebei-project-split \
            hebei-tangshan-lunan-projects:hebei-project-combined hubei-ezhou-2024-department:hubei-department \
            hunan-hengyang-2024-department:hunan-department; do
  base=${pair%%:*}
  template=${pair##*:}
  for yaml in out/yaml/"$base"*.yaml; do
    .build/release/jixiao convert "$yaml" --template "$template" -o "out/xlsx/$(basename "$yaml" .yaml).xlsx" --quiet
  done
done
echo "demo: wrote $(ls out/xlsx | wc -l) upload forms to out/xlsx/"
