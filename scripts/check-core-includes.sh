#!/bin/sh
# SPDX-License-Identifier: MIT
# core/ is pure: it must not include SDL, libgpiod, libcurl, Jansson or
# libmicrohttpd headers (DESIGN.md "The core is pure").
set -eu
cd "$(dirname "$0")/.."
bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](SDL2?/|SDL[_.]|gpiod|curl/|jansson|microhttpd)' \
	core/*.c core/*.h 2>/dev/null || true)
if [ -n "$bad" ]; then
	echo "core/ must stay pure; these includes are not allowed:" >&2
	echo "$bad" >&2
	exit 1
fi
echo "check-core-includes: core/ includes none of SDL, gpiod, curl, jansson, microhttpd"
