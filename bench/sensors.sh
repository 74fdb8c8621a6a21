#!/bin/sh
# SPDX-License-Identifier: MIT
# Sensor path figures: counting accuracy per direction on synthetic traces
# (single file, side-by-side pairs), the edge rate the path sustains with
# the simulated source, the day-end correction on simulated days.
# The edge rate on a real kernel (gpio-sim in qemu) is printed by
# make check-gpio. Usage: BUILD=build bench/sensors.sh [SEEDS]
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make -s BUILD="$BUILD" "$BUILD/bench_sensors" >/dev/null
"$BUILD/bench_sensors" "${1:-20}"
