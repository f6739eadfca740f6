#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, type-checks and lints everything,
# then runs every project's tests, unit and integration, and the fault scenarios (tools/chaos).
# Integration tests get Kafka, Postgres and Redis from the local stack (started here when down,
# and stopped again at the end) or from testcontainers where a Docker engine answers.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# CI recomputes everything instead of trusting results cached by earlier runs on the machine.
if [[ -n "${CI:-}" ]]; then export NX_SKIP_NX_CACHE=true; fi

bash tools/scripts/build.sh
bash tools/scripts/ensure-chromium.sh
npx nx run-many -t typecheck lint --parallel=2 --outputStyle=stream

kafka_was_down=false
node -e "require('./deploy/local/dist').kafkaStatus().then((s) => process.exit(s.state === 'stopped' ? 1 : 0))" || kafka_was_down=true
if [[ "${TEST_INFRA:-}" == local || ! -S /var/run/docker.sock ]]; then
  node deploy/local/dist/cli.js up --infra-only
  if $kafka_was_down; then trap 'node deploy/local/dist/cli.js down' EXIT; fi
fi

npx nx run-many -t test --parallel=1 --outputStyle=stream -- --ci
# The fault scenarios start, stop and restart a Kafka, Postgres and Redis of their own.
npx nx run @churn/chaos:chaos --outputStyle=stream -- --ci
