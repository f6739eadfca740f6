#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lockfile, so the two
# README commands work from a fresh clone. Install scripts of dependencies stay blocked except
# those approved in package.json "allowScripts" (none are needed: native parts ship prebuilt).
set -euo pipefail
cd "$(dirname "$0")/../.."

stamp=node_modules/.churn-install-stamp
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
echo "installing npm dependencies (npm ci)..."
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
