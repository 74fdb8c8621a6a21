/* SPDX-License-Identifier: MIT */
/*
 * A simulated GPIO source: the same struct gpio_edge as the real lines, from
 * level changes scheduled in advance. For the demo, the simulator and the
 * tests: walk people through the door (sensors/trace.h makes their beam
 * edges, bounce included), press buttons, open the door, lose a line.
 * Edges come out of simgpio_read() once their time has come; simgpio_due()
 * says when the next one is, for a poll loop's timeout.
 */
#ifndef MACHIAI_SENSORS_SIMGPIO_H
#define MACHIAI_SENSORS_SIMGPIO_H

#include <stdbool.h>
#include <stdint.h>

#include "sensors/gpio.h"

#define SIMGPIO_MAX_PENDING 100000 /* scheduled edges; more are refused */

struct simgpio;

/**
 * simgpio_new() - @n_lines simulated lines (<= GPIO_MAX_LINES), all
 * inactive.
 * Return: the source, to be freed with simgpio_free(), or NULL.
 */
struct simgpio *simgpio_new(int n_lines);

/** simgpio_free() - free @s; NULL is fine. */
void simgpio_free(struct simgpio *s);

/** simgpio_value() - the level line @line has once every scheduled edge has come. */
bool simgpio_value(const struct simgpio *s, int line);

/**
 * simgpio_set() - schedule line @line to go to @active at @at (ms). Edges
 * of one line come out in the order they were scheduled when at the same time.
 * Return: 0, or -1 when the queue is full or @line is out of range.
 */
int simgpio_set(struct simgpio *s, int line, bool active, int64_t at);

/**
 * simgpio_press() - a button press on @line at @at held for @hold_ms, with
 * @bounces bounces on press and on release (within 2 ms).
 * Return: 0, or -1 when the queue is full.
 */
int simgpio_press(struct simgpio *s, int line, int64_t at, int hold_ms, int bounces);

/**
 * simgpio_walk() - @n people walking through the beams @outer and @inner in
 * direction @dir (+1 in, -1 out), single file, from @at, with the
 * realistic spacing and noise of sensors/trace.h, seeded by @seed.
 * Return: the time the last of them clears the beams, or -1 when the
 * queue is full.
 */
int64_t simgpio_walk(struct simgpio *s, int outer, int inner, int dir, int n, int64_t at,
		     uint64_t seed);

/**
 * simgpio_lose() / simgpio_back() - line @line stops answering at @at, or
 * comes back at @at, with the level it has after every edge scheduled so
 * far (simgpio_value()).
 * Return: 0, or -1 when the queue is full.
 */
int simgpio_lose(struct simgpio *s, int line, int64_t at);
int simgpio_back(struct simgpio *s, int line, int64_t at);

/**
 * simgpio_read() - the edges due by @now, in time order, at most @max.
 * Return: the number written to @out.
 */
int simgpio_read(struct simgpio *s, int64_t now, struct gpio_edge *out, int max);

/** simgpio_due() - the time of the next scheduled edge, or INT64_MAX. */
int64_t simgpio_due(const struct simgpio *s);

/** simgpio_pending() - the number of edges scheduled and not yet read. */
int simgpio_pending(const struct simgpio *s);

#endif
