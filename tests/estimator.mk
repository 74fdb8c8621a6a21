# SPDX-License-Identifier: MIT
# Unit tests of the wait estimator, the door count as a leaving signal, congestion levels and
# the random generator.
TESTS += test_estimator test_doorcount test_level test_rng
test_estimator_SRCS := tests/test_estimator.c $(CORE_SRCS)
test_estimator_PKGS := cmocka inih
test_estimator_LIBS := -lm
test_doorcount_SRCS := tests/test_doorcount.c $(CORE_SRCS)
test_doorcount_PKGS := cmocka inih
test_doorcount_LIBS := -lm
test_level_SRCS := tests/test_level.c $(CORE_SRCS)
test_level_PKGS := cmocka inih
test_level_LIBS := -lm
test_rng_SRCS := tests/test_rng.c $(CORE_SRCS)
test_rng_PKGS := cmocka inih
test_rng_LIBS := -lm
