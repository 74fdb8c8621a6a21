/* SPDX-License-Identifier: MIT */
/*
 * Occupancy: which door and people events to journal, with the corrections
 * of RESEARCH.md §3. Pure: time comes in with the calls.
 *
 * The split with the office model (core/office.h):
 * - this module DECIDES: it turns door changes and counted crossings into
 *   events, drops crossings while the door is shut (beyond the grace), and
 *   emits the resets (idle after hours, end of day);
 * - office_apply() FOLDS what was decided: EVENT_PEOPLE adds its count and
 *   clamps at 0, EVENT_OCCUPANCY_RESET sets occupancy to 0 and adds its count
 *   to occupancy_corrections, EVENT_DOOR sets door_open.
 * The module keeps its own copy of the occupancy with the same arithmetic,
 * so it never needs the office; after a restart the caller hands it the
 * replayed office's figures with occupancy_restore().
 *
 * Corrections:
 * - never below 0: an out with nobody inside is still journalled (the
 *   office counts it in people_out and clamps), and counted in .clamped;
 * - door: with a door switch, crossings count while the door reads open and
 *   for door_grace_s after it closed; later ones are dropped (.ignored);
 * - idle reset: outside the opening hours, with the door shut (or no door
 *   switch), no crossing or door change for OCCUPANCY_IDLE_MS and people
 *   still counted inside → EVENT_OCCUPANCY_RESET;
 * - day end: occupancy_day_close() resets what is left, so every day closes
 *   at 0 and the correction is on record.
 * EVENT_OCCUPANCY_RESET's count is the correction applied: minus the
 * occupancy it cleared (-3 when the count said 3 people were still inside).
 */
#ifndef MACHIAI_CORE_OCCUPANCY_H
#define MACHIAI_CORE_OCCUPANCY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/event.h"

#define OCCUPANCY_IDLE_MS (30 * 60 * 1000LL) /* quiet time before an after-hours reset */
#define OCCUPANCY_NEVER INT64_MAX

struct occupancy_stats {
	int ins, outs; /* crossings journalled today */
	int ignored; /* crossings dropped: door shut beyond the grace */
	int clamped; /* outs journalled with nobody counted inside */
	int resets; /* EVENT_OCCUPANCY_RESET emitted today */
	int correction; /* sum of their counts */
};

struct occupancy {
	const struct config *cfg; /* not owned */
	bool has_door;
	bool door_open; /* true when there is no door switch */
	int64_t door_closed_at;
	int count; /* people inside, as office_apply() folds it */
	int64_t last_activity; /* last crossing or door change, ms */
	struct occupancy_stats today;
};

/**
 * occupancy_init() - an empty lobby for @cfg (kept, not owned; must outlive
 * @o). @has_door: a door switch is configured; until its first reading the
 * door counts as open.
 */
void occupancy_init(struct occupancy *o, const struct config *cfg, bool has_door);

/**
 * occupancy_restore() - take over the figures of a replayed journal:
 * @count people inside, door @door_open, last event at @at.
 */
void occupancy_restore(struct occupancy *o, int count, bool door_open, int64_t at);

/**
 * occupancy_door() - the door switch reads @open at @at.
 * Return: 1 with an EVENT_DOOR in @out when the state changed, else 0.
 */
int occupancy_door(struct occupancy *o, bool open, int64_t at, struct event *out);

/**
 * occupancy_crossing() - the counter counted @delta (+1 in, -1 out) at @at.
 * Return: 1 with an EVENT_PEOPLE in @out, or 0 when the crossing is dropped
 * because the door was shut.
 */
int occupancy_crossing(struct occupancy *o, int delta, int64_t at, struct event *out);

/**
 * occupancy_advance() - time-driven corrections due by @now.
 * Return: 1 with an EVENT_OCCUPANCY_RESET in @out (idle after hours), else 0.
 */
int occupancy_advance(struct occupancy *o, int64_t now, struct event *out);

/** occupancy_due() - when occupancy_advance() may next have work, or OCCUPANCY_NEVER. */
int64_t occupancy_due(const struct occupancy *o);

/**
 * occupancy_day_close() - end-of-day reconciliation at @at: the day closes
 * at 0. Call it when the day closes, just before or just after journalling
 * EVENT_DAY_CLOSE (office_apply() keeps the closed day's figures until the
 * next EVENT_DAY_OPEN). Today's statistics are kept until
 * occupancy_day_open().
 * Return: 1 with an EVENT_OCCUPANCY_RESET in @out when people were still
 * counted inside, else 0.
 */
int occupancy_day_close(struct occupancy *o, int64_t at, struct event *out);

/** occupancy_day_open() - a new day: clear today's statistics. */
void occupancy_day_open(struct occupancy *o);

/**
 * occupancy_percent() - @count as a percentage of @capacity, for the
 * congestion level; -1 when @capacity is 0 (no occupancy level).
 */
int occupancy_percent(int count, int capacity);

#endif
