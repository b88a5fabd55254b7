#!/usr/bin/env bash
# npm run mutation [area ...]: StrykerJS over each mutation area (mutation/areas.cjs; default all),
# under Node 24 (Stryker needs Node 22+), then mutation/REPORT.md from the areas' results
# (mutation/incremental/<area>.json). Incremental: a re-run tests only what changed since the last.
set -euo pipefail
cd "$(dirname "$0")/.."
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
areas=("$@")
if [ ${#areas[@]} -eq 0 ]; then
  mapfile -t areas < <(node -p 'Object.keys(require("./mutation/areas.cjs")).join("\n")')
fi
for area in "${areas[@]}"; do
  echo "mutation: area $area"
  MUTATION_AREA="$area" scripts/with-node24.sh npx stryker run stryker.config.mjs
done
npm run -s build:tools
node build/tools/scripts/mutation-report.js
