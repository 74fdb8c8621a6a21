/* SPDX-License-Identifier: MIT */
/*
 * A small office wired with every kind of sensor, shared by the sensor
 * tests on the simulated source and on gpio-sim lines in qemu.
 * Lines: 0 door, 1 outer beam, 2 inner beam, 3 ticket button (category A),
 * 4 call-next button (window W1), 5 recall button (window W1).
 */
#ifndef MACHIAI_TESTS_SENSORS_FIXTURE_H
#define MACHIAI_TESTS_SENSORS_FIXTURE_H

#include <stdint.h>

#include "core/config.h"
#include "core/office.h"
#include "sensors/sensors.h"

#define FIXTURE_DAY 20261123 /* a Monday */

/* What came out of the sensor path, counted. */
struct fixture_tally {
	int in, out; /* EVENT_PEOPLE */
	int doors_open, doors_closed;
	int issued, called, recalled; /* applied to the office */
	int unresolved; /* button events with nothing to do */
	int faults, recoveries; /* EVENT_SENSOR */
	int resets, correction;
	int refused; /* events office_apply() refused */
};

/** fixture_config() - fill @cfg; lines on @chip. */
void fixture_config(struct config *cfg, const char *chip);

/**
 * fixture_apply() - resolve, apply to @o and tally @n events of @ev.
 */
void fixture_apply(struct office *o, struct event *ev, int n, struct fixture_tally *t);

/** fixture_day_open() - open FIXTURE_DAY in @o at @at. */
void fixture_day_open(struct office *o, int64_t at);

#endif
