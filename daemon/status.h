/* SPDX-License-Identifier: MIT */
/*
 * The status document of docs/status.md: the one builder that the local API
 * (GET /v1/status, /v1/stream), the feed publisher and the display's data
 * all come from.
 */
#ifndef MACHIAI_DAEMON_STATUS_H
#define MACHIAI_DAEMON_STATUS_H

#include <jansson.h>
#include <stdint.h>

#include "core/estimator.h"
#include "core/level.h"
#include "core/office.h"

#define STATUS_REFRESH_MS 60000 /* waits and levels are recomputed at least this often */

/*
 * The derived figures of the document: wait bands from the estimator
 * (core/estimator.h) and congestion levels with hysteresis (core/level.h),
 * computed once per change of the office and at least every
 * STATUS_REFRESH_MS, and kept for every document built in between.
 */
struct status_source {
	struct estimator *est;
	struct wait_band waits[CONFIG_MAX_CATEGORIES];
	/* Every waiting ticket's band from the same runs, category by category
	 * in calling order (estimator_waiting()); OFFICE_MAX_TICKETS of room. */
	struct ticket_band *tickets;
	int n_tickets;
	struct level_state category_level[CONFIG_MAX_CATEGORIES];
	struct level_state overall; /* worse of wait and occupancy, with hysteresis */
	int by_wait, by_occupancy; /* raw levels behind the overall one */
	int occupancy_level; /* raw occupancy level */
	uint64_t seq; /* office->seq they were computed for */
	int64_t at; /* when; 0 = never */
};

/* What the document is made from. */
struct status_input {
	const struct office *office; /* required; its cfg too */
	int64_t now; /* ms since the epoch: generated_at, today's hours */
	const struct status_source *source; /* NULL: waits and levels unknown */
	bool clock_unset; /* the system clock is known not to be set */
	const struct kiosk *kiosk; /* the printer and the kiosk (daemon/kiosk.h); NULL = none */
};

/**
 * status_source_new() - derived figures for offices of @cfg (which must
 * outlive them); @seed seeds the estimator's Monte-Carlo runs.
 * Return: the source, to be freed with status_source_free(), or NULL when
 * out of memory.
 */
struct status_source *status_source_new(const struct config *cfg, uint64_t seed);

/** status_source_free() - free @src; NULL is fine. */
void status_source_free(struct status_source *src);

/**
 * status_source_update() - recompute the waits and levels of @src for @o at
 * @now when @o changed since the last time or STATUS_REFRESH_MS have passed.
 * Return: true when any wait or level in the document changed.
 */
bool status_source_update(struct status_source *src, const struct office *o, int64_t now);

/**
 * status_build() - the status document for @in.
 * Return: a new JSON object (caller decrefs), or NULL when out of memory.
 */
json_t *status_build(const struct status_input *in);

/**
 * status_dumps() - the status document as compact UTF-8 JSON text.
 * Return: a string to free() by the caller, or NULL when out of memory.
 */
char *status_dumps(const struct status_input *in);

/**
 * status_category_wait() - the "wait" member of category @c, as in
 * categories[].wait of docs/status.md.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *status_category_wait(const struct status_input *in, int c);

/**
 * status_band_json() - @w in the form of categories[].wait; NULL or
 * WAIT_BASIS_NONE give the "none" form with null figures.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *status_band_json(const struct wait_band *w);

/**
 * status_source_ticket() - the remaining wait of waiting ticket @t (an index
 * into o->tickets) at @now: its band from @src's runs when they are of @o's
 * present state and not older than STATUS_REFRESH_MS (the band the feed
 * publishes for it), otherwise estimator_ticket() at @now.
 * Return: 0 with *@out filled (WAIT_BASIS_NONE for a ticket not waiting);
 * -1 when @t is out of range.
 */
int status_source_ticket(struct status_source *src, const struct office *o, int t, int64_t now,
			 struct wait_band *out);

/**
 * status_ticket_wait() - status_source_ticket() in the form of
 * categories[].wait.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *status_ticket_wait(struct status_source *src, const struct office *o, int t, int64_t now);

/**
 * status_names_json() - text per language as in office.name: "ja" always,
 * the others when not empty.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *status_names_json(const char (*text)[CONFIG_NAME_MAX]);

/**
 * status_calendar_json() - the office's days from @from to @to (YYYYMMDD,
 * both included) as GET /v1/calendar answers them (docs/api.md): each day's
 * date, weekday, whether reception opens, why (kind), the national holiday's
 * names and the spans. A new reference, NULL when out of memory.
 */
json_t *status_calendar_json(const struct config *cfg, int32_t from, int32_t to);

/**
 * status_format_time() - @ms as "2026-11-23T10:15:03+09:00" at the office's
 * offset, into @buf (at least 32 bytes).
 */
void status_format_time(const struct office *o, int64_t ms, char *buf, size_t size);

#endif
