# SPDX-License-Identifier: MIT
# make check-gpio: the sensor path on a real kernel (gpio-sim in qemu), see
# tests/gpio/check.sh and docs/sensors.md. Needs scripts/deps.sh gpio.
# gpiotest is linked statically so that the initramfs needs no libraries.
# Included after module.mk (sorted), whose SENSORS_SRCS it uses.

.PHONY: check-gpio
GPIOTEST_SRCS := tests/gpio/gpiotest.c tests/sensors/fixture.c $(SENSORS_SRCS) $(CORE_SRCS)

build/gpio/gpiotest: $(patsubst %.c,build/obj/%.o,$(GPIOTEST_SRCS))
	@mkdir -p $(@D)
	$(CC) -static -o $@ $^ -lgpiod -linih -lm

check-gpio:
	scripts/deps.sh gpio
	$(MAKE) BUILD=build SAN=0 build/gpio/gpiotest
	tests/gpio/check.sh build
