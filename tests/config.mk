# SPDX-License-Identifier: MIT
# machiai.conf: the parser (core/config.c), the file loader (daemon/confload.c)
# and their tests. Every program built from CORE_SRCS links inih.
TESTS += test_config test_config_files
test_config_SRCS := tests/test_config.c $(CORE_SRCS)
test_config_PKGS := cmocka inih
test_config_files_SRCS := tests/test_config_files.c daemon/confload.c $(CORE_SRCS)
test_config_files_PKGS := cmocka inih
# Every error message has its Japanese: reads the sources, so run from the top.
TESTS += test_config_ja
test_config_ja_SRCS := tests/test_config_ja.c
test_config_ja_PKGS := cmocka
