# SPDX-License-Identifier: MIT
# core/: pure logic, libc (and inih for parsing the config from a buffer).
CORE_SRCS := $(sort $(wildcard core/*.c))
