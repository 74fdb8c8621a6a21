#!/bin/sh
# SPDX-License-Identifier: MIT
# The staff console in headless Chromium (tests/daemon/console.js), against
# the real daemon. Screenshots go to build/screenshots/.
. "$(dirname "$0")/lib.sh"

tests/browser/setup.sh
start_daemon
for c in A A B A; do
	expect "issue $c" "$(req POST /v1/tickets "{\"category\":\"$c\"}" | cut -d' ' -f1)" 201
done
mkdir -p build/screenshots
NODE_PATH=tests/browser/node_modules timeout 90 node tests/daemon/console.js "$URL" build/screenshots ||
	fail "console test"
finish
