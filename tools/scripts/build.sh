#!/usr/bin/env bash
# Compiles every workspace project (TypeScript project references, incremental).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/ensure-deps.sh
npx tsc -b tsconfig.json
