/* SPDX-License-Identifier: MIT */
/*
 * GPIO input lines through libgpiod 1.6 (v1 API). This header does not
 * include gpiod.h, and gpio.c is the only file in the tree that does: a port
 * to libgpiod v2 is that one file.
 *
 * Each line is requested for both edges with the kernel's timestamps; its
 * event fd goes into the caller's poll loop (gpio_set_fds()). A line whose
 * chip goes away at run time (poll error, read error such as ENODEV) is
 * reported once as lost, released, and tried again with back-off (1 s
 * doubling to 60 s) until it comes back.
 */
#ifndef MACHIAI_SENSORS_GPIO_H
#define MACHIAI_SENSORS_GPIO_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

#define GPIO_MAX_LINES 48
#define GPIO_CONSUMER "machiaid"

/* What to request. Pointers are borrowed for gpio_set_open() only. */
struct gpio_line_spec {
	const char *chip; /* "gpiochip0", "/dev/gpiochip0", a label or a number */
	const struct config_line *line; /* offset or name */
	bool active_low;
	int bias; /* 0 as-is, 1 pull-up, 2 pull-down, 3 disabled (config.h gpio_bias) */
	const char *what; /* the line's role for messages: "door", "beam_outer", ... */
};

enum gpio_edge_kind {
	GPIO_EDGE_LEVEL, /* the line went to @active */
	GPIO_EDGE_LOST, /* the line stopped answering; no more edges until BACK */
	GPIO_EDGE_BACK, /* the line is requested again; @active is its level now */
};

/* One input change: from the kernel (gpio.c) or simulated (simgpio.h). */
struct gpio_edge {
	enum gpio_edge_kind kind;
	int line; /* index into the specs the set was opened with */
	bool active; /* logical level, active-low already applied */
	int64_t at; /* ms since the epoch */
};

struct gpio_set;

/**
 * gpio_set_open() - request the @n lines of @specs (n <= GPIO_MAX_LINES).
 * A chip or line that cannot be
 * had ends the call with a message in @err naming the role, the chip and the
 * line, e.g. "door: line 17 on chip gpiochip0: no such line (chip has 8)".
 * Return: the set, to be closed with gpio_set_close(), or NULL.
 */
struct gpio_set *gpio_set_open(const struct gpio_line_spec *specs, int n, char *err, size_t size);

/** gpio_set_close() - release every line and free @s; NULL is fine. */
void gpio_set_close(struct gpio_set *s);

/** gpio_set_value() - the logical level line @i had when it was last requested. */
bool gpio_set_value(const struct gpio_set *s, int i);

/**
 * gpio_set_fds() - the event fds of the lines that are up, as POLLIN
 * entries in @fds (at most @max). They change when a line is lost or comes
 * back: rebuild the poll set after every gpio_set_read().
 * Return: the number of entries written.
 */
int gpio_set_fds(const struct gpio_set *s, struct pollfd *fds, int max);

/**
 * gpio_set_read() - without blocking, read the edges waiting on every line
 * (in time order), report lines lost, and try again lines whose retry is due
 * by @now (ms). Reads at most @max outputs; what is left stays readable.
 * Return: the number of outputs written to @out.
 */
int gpio_set_read(struct gpio_set *s, int64_t now, struct gpio_edge *out, int max);

/** gpio_set_due() - when a lost line is next tried again, or INT64_MAX. */
int64_t gpio_set_due(const struct gpio_set *s);

#endif
