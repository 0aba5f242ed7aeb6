#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the dashboard's browser test (Debian packages; Selenium comes from Maven).
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver
