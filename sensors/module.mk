# SPDX-License-Identifier: MIT
# sensors/: GPIO inputs (door, people counter, buttons) into core events.
# gpio.c is the only file that includes gpiod.h.

TESTS += test_counter test_occupancy
test_counter_SRCS := tests/test_counter.c sensors/trace.c $(CORE_SRCS)
test_counter_PKGS := cmocka inih
test_counter_LIBS := -lm
test_occupancy_SRCS := tests/test_occupancy.c $(CORE_SRCS)
test_occupancy_PKGS := cmocka inih
test_occupancy_LIBS := -lm
