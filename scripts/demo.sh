#!/usr/bin/env bash
# The main job on the bundled example filings: install what is missing, build, and convert every
# filing in Examples/ into out/ (canonical YAML, one file per filing, and provincial upload forms).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product jixiao
# Shell completion (bash, zsh, fish) and the man page of the command just built.
bash scripts/setup.sh --shell-files
rm -rf out && mkdir -p out
.build/release/jixiao convert Examples/*.txt Examples/*.docx --out-dir out/yaml
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
# A Word filing (Examples/hubei-qingshan-2020-project.docx: corpus filing 01 laid out from its
# key by Benchmarks/containers.py) straight into an upload form, its merged level cells read as such.
.build/release/jixiao convert Examples/hubei-qingshan-2020-project.docx --template yunnan-project \
  -o out/xlsx/hubei-qingshan-2020-project.xlsx --quiet
echo "demo: wrote $(ls out/xlsx | wc -l) upload forms to out/xlsx/ (one from the Word filing in Examples/)"
