# SPDX-License-Identifier: MIT
# Unit tests: one program per core module, cmocka. Each folder adds its own
# tests and integration scripts in its module.mk as well.
# make demo: started and stopped with Ctrl-C as at a terminal.
CHECK_SCRIPTS += tests/demo/demo.sh
