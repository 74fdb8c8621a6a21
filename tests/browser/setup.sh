#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the browser tests' npm packages (from package-lock.json) once.
# Chromium itself comes from Debian (scripts/deps.sh test).
set -eu
cd "$(dirname "$0")"
# Suites run in parallel: one installs while the others wait.
exec 9>.setup.lock
flock 9
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.stamp ]; then
	npm ci --no-audit --no-fund --loglevel=error >&2
	touch node_modules/.stamp
fi
