/* SPDX-License-Identifier: MIT */
/*
 * The sensor path: the [gpio] lines of machiai.conf, from real GPIO
 * (sensors/gpio.h) or a simulated source (sensors/simgpio.h), through the
 * counters (core/counter.h) and the occupancy corrections
 * (core/occupancy.h), into events for the journal and office_apply().
 *
 * In the daemon's poll loop:
 *
 *	struct pollfd fds[SENSORS_MAX_FDS];
 *	int n = sensors_fds(s, fds, SENSORS_MAX_FDS);   (rebuild every turn)
 *	timeout = sensors_due(s) - now                   (and the loop's own)
 *	poll(...);
 *	k = sensors_process(s, now, evs, SENSORS_OUT_MAX);
 *	for each event: sensors_event_resolve(office, &ev), journal, office_apply
 *
 * sensors_process() never blocks: it reads whatever is readable, so calling
 * it after every wake-up (readable or timeout) is right. When the day closes
 * (just before or just after journalling EVENT_DAY_CLOSE: the office keeps
 * the closed day's figures until the next EVENT_DAY_OPEN), call
 * sensors_day_close(); after EVENT_DAY_OPEN, sensors_day_open(). After
 * replaying a journal, sensors_restore().
 *
 * Events produced:
 * - EVENT_DOOR (open), EVENT_PEOPLE (count ±1), EVENT_OCCUPANCY_RESET (count);
 * - EVENT_SENSOR (sensor "door", "beams", "counter" or "buttons"; ok): a
 *   line lost or back, a beam blocked for too long or clear again. The
 *   office keeps one fault: when a sensor recovers while another is still
 *   at fault, the other is reported again after it;
 * - EVENT_TICKET_ISSUE with category set and number 0 (a dispenser button),
 *   EVENT_TICKET_CALL with window set and ticket "" (a call-next button),
 *   EVENT_TICKET_RECALL with window set: sensors_event_resolve() fills in the
 *   number and the ticket from the office.
 * Every line of a button, the door and the pulse counter is debounced with
 * [gpio] debounce; buttons and pulse lines are active-low (a switch to
 * ground with a pull-up), door and beams as door_active_low/beam_active_low.
 */
#ifndef MACHIAI_SENSORS_SENSORS_H
#define MACHIAI_SENSORS_SENSORS_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/counter.h"
#include "core/event.h"
#include "core/occupancy.h"
#include "core/office.h"
#include "sensors/gpio.h"
#include "sensors/simgpio.h"

#define SENSORS_MAX_FDS (GPIO_MAX_LINES + 1)
#define SENSORS_OUT_MAX 64 /* events one sensors_process() call may produce */
#define SENSORS_NEVER INT64_MAX

struct sensors;

/* Edge path statistics, for the status page and the benchmarks. */
struct sensors_stats {
	uint64_t edges; /* level changes read */
	uint64_t lost, back; /* line losses and recoveries */
	uint64_t presses;
	const struct counter_beam_stats *beams; /* NULL without beams */
	const struct occupancy_stats *today;
};

/** sensors_configured() - whether @cfg has any [gpio] line at all. */
bool sensors_configured(const struct config *cfg);

/**
 * sensors_open() - request the lines @cfg configures on its gpio chip at
 * time @now (ms). A missing chip or line fails with a message in @err
 * naming the role, the chip and the line.
 * @cfg is kept (not owned) and must outlive the sensors.
 * Return: the sensors, to be closed with sensors_close(), or NULL.
 */
struct sensors *sensors_open(const struct config *cfg, int64_t now, char *err, size_t size);

/**
 * sensors_open_sim() - the same path fed by a simulated source, with the
 * lines of @cfg (chip and offsets are not used). The simulated door is open
 * from @now. @cmd_fd, when >= 0, is read for commands (sensors_command()),
 * one per line; it is not closed by sensors_close().
 * Return: the sensors, or NULL (message in @err).
 */
struct sensors *sensors_open_sim(const struct config *cfg, int64_t now, int cmd_fd, char *err,
				 size_t size);

/** sensors_close() - release the lines and free @s; NULL is fine. */
void sensors_close(struct sensors *s);

/**
 * sensors_fds() - the fds to poll for input (POLLIN), at most @max.
 * Return: the number written to @fds.
 */
int sensors_fds(const struct sensors *s, struct pollfd *fds, int max);

/** sensors_due() - when sensors_process() next has time-driven work (ms), or SENSORS_NEVER. */
int64_t sensors_due(const struct sensors *s);

/**
 * sensors_process() - read what is waiting, decide what is due by @now and
 * write the resulting events to @out (@max >= SENSORS_OUT_MAX), in order.
 * Return: the number of events written.
 */
int sensors_process(struct sensors *s, int64_t now, struct event *out, int max);

/**
 * sensors_event_resolve() - complete a button event from @o: the number of a
 * TICKET_ISSUE (office_next_number()), the ticket of a TICKET_CALL (the
 * window's office_next_ticket() at @ev's time).
 * Return: 0 when @ev is complete, -1 when there is nothing to do (nobody
 * waiting for that window, the number range used up, unknown id).
 */
int sensors_event_resolve(const struct office *o, struct event *ev);

/**
 * sensors_command() - drive the simulated source at @now: "walk in N",
 * "walk out N", "press ticket CAT", "press call WIN", "press recall WIN",
 * "door open", "door close", "lose ROLE", "back ROLE" (ROLE: door, beams,
 * counter). On real GPIO every command is refused.
 * Return: 0, or -1 with the reason in @err.
 */
int sensors_command(struct sensors *s, const char *cmd, int64_t now, char *err, size_t size);

/** sensors_sim() - the simulated source, or NULL on real GPIO. */
struct simgpio *sensors_sim(struct sensors *s);

/**
 * sensors_day_close() - the end-of-day reconciliation (occupancy_day_close()).
 * Return: 1 with an EVENT_OCCUPANCY_RESET in @out, or 0.
 */
int sensors_day_close(struct sensors *s, int64_t now, struct event *out);

/** sensors_day_open() - a new day: today's statistics restart. */
void sensors_day_open(struct sensors *s);

/** sensors_restore() - take over occupancy and door state from a replayed office. */
void sensors_restore(struct sensors *s, const struct office *o);

/** sensors_stats_get() - the path's statistics into @st. */
void sensors_stats_get(const struct sensors *s, struct sensors_stats *st);

#endif
