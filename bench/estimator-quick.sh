#!/bin/sh
# SPDX-License-Identifier: MIT
# The estimator benchmark in a few seconds, for make check: it runs, its reports
# are complete and a seed repeats. No accuracy target is checked here.
exec "$(dirname "$0")/estimator.sh" --quick
