#!/usr/bin/env bash
# Records the checksum of every released artefact in Schemas/released.sha256, keeping the lines
# of those already locked. Run it once when a new version is released; a released file that no
# longer matches its line is a change to fix, not to relock (ReleasedArtefactTests checks it).
set -euo pipefail
cd "$(dirname "$0")/../Schemas"
for file in $(grep -l '^status: released' */*.yaml ../Mappings/*.yaml | sort); do
  grep -q "  $file\$" released.sha256 || sha256sum "$file" >> released.sha256
done
sha256sum --check --quiet released.sha256
