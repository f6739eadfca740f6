#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, then starts Postgres and Redis (if
# down), a Kafka 3.9 broker, the topics and every service that exists, on local defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/build.sh
node deploy/local/dist/cli.js up "$@"
