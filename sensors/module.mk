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

# The sensor path, for machiaid and machiai-sim: SENSORS_SRCS, linked with
# SENSORS_PKGS.
SENSORS_SRCS := sensors/sensors.c sensors/gpio.c sensors/simgpio.c sensors/trace.c
SENSORS_PKGS := libgpiod

TESTS += test_sensors
test_sensors_SRCS := tests/test_sensors.c tests/sensors/fixture.c $(SENSORS_SRCS) $(CORE_SRCS)
test_sensors_PKGS := cmocka inih $(SENSORS_PKGS)
test_sensors_LIBS := -lm

# make bench: bench/sensors.sh builds and runs $(BUILD)/bench_sensors.
BENCH_SCRIPTS += bench/sensors.sh
BENCH_SENSORS_SRCS := bench/sensors.c tests/sensors/fixture.c $(SENSORS_SRCS) $(CORE_SRCS)

$(BUILD)/bench_sensors: $(patsubst %.c,$(BUILD)/obj/%.o,$(BENCH_SENSORS_SRCS))
	@mkdir -p $(@D)
	$(CC) $(BASE_LDFLAGS) -o $@ $^ -lgpiod -linih -lm

# machiaid serves the sensor path on its loop (sensors/attach.h); this
# fragment is included after daemon/module.mk.
machiaid_SRCS += sensors/attach.c $(SENSORS_SRCS)
machiaid_PKGS += libgpiod
CHECK_SCRIPTS += tests/sensors/daemon.sh
