# SPDX-License-Identifier: MIT
# core/: pure logic. CORE_SRCS is defined in the top Makefile.
