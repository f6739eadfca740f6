#!/usr/bin/env bash
# The dashboard's browser test drives Debian's chromium through playwright-core (`npx playwright
# install` cannot download browsers here). Installs the package when it is missing, as root or
# through sudo; otherwise says what to install and fails.
set -euo pipefail
if command -v chromium > /dev/null 2>&1; then exit 0; fi
if ! command -v apt-get > /dev/null 2>&1; then
  echo "chromium is missing and there is no apt-get: install a Chromium and put it on PATH as 'chromium'" >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "installing chromium (Debian package) for the dashboard browser test..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium > /dev/null
