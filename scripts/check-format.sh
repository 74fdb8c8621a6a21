#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails if clang-format would change any tracked or new C file.
set -eu
cd "$(dirname "$0")/.."
files=$( (git ls-files -co --exclude-standard '*.c' '*.h' 2>/dev/null ||
	find . -name '*.[ch]' -not -path './build/*') | sort -u)
[ -n "$files" ] || exit 0
bad=""
for f in $files; do
	[ -f "$f" ] || continue
	if ! clang-format --style=file "$f" | cmp -s - "$f"; then
		bad="$bad $f"
	fi
done
if [ -n "$bad" ]; then
	echo "check-format: clang-format would change:$bad" >&2
	echo "check-format: run 'make format'" >&2
	exit 1
fi
echo "check-format: $(echo "$files" | wc -l) files formatted"
