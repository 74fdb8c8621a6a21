/* SPDX-License-Identifier: MIT */
/*
 * The door count as a leaving signal (docs/estimator.md, "The door count").
 * Holders who give up walk out long before their numbers are called, so the
 * people counted inside fall short of what the waiting tickets imply. Each
 * day's samples of the count (one per DOOR_SAMPLE_MS at most) fit
 *
 *     occupancy = g · (H − h · S) + V
 *
 * by least squares (shrunk toward g = people in per ticket, V = 0): H the
 * holders the office's tickets imply inside (waiting and called walk-ins
 * less their away share, waiting check-ins, tickets being served, tickets
 * done within DOOR_LEAVE_MS), S their minutes waited, g the people per
 * holder, V the people inside without a ticket. The holders gone now are
 * then L = H − (occupancy − V) / g, and the door's hazard is the h at which
 * the waiting walk-ins' chance of being gone adds up to L.
 *
 * A count that cannot be right is not used for the rest of the day: a
 * sensor fault, any OCCUPANCY_RESET, a count that was clamped at 0 (its
 * occupancy no longer people_in - people_out plus what it was at the first
 * look of the day: people inside before the day opened), fewer
 * people in than 90% of the tickets taken less 2 (every holder passes the
 * door), or nobody counted inside while 3 or more holders wait.
 *
 * Pure: no clock, no I/O; the time comes in as @now (ms since the epoch).
 */
#ifndef MACHIAI_CORE_DOORCOUNT_H
#define MACHIAI_CORE_DOORCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/office.h"

#define DOOR_SAMPLE_MS (5 * 60000) /* at most one sample of the count per this time */
#define DOOR_LEAVE_MS 60000 /* a served holder is taken to be inside this long after done */
#define DOOR_MIN_SAMPLES 4 /* samples before the count says anything */
#define DOOR_MIN_TICKETS 5 /* tickets taken before the count is judged */

/* What the door count says now. */
struct door_signal {
	double gone; /* L: holders gone among the walk-ins waiting now, beyond the away share */
	double hazard; /* the office-wide hazard of leaving that gives L, per minute waited */
	double var; /* the variance of that hazard */
};

/* One day's samples of the door count, and whether it can be trusted. */
struct door_fit {
	int32_t day; /* YYYYMMDD the samples are of; 0 before the first */
	bool untrusted; /* the count was found wrong today: not used again today */
	int base; /* occupancy - (people_in - people_out) at the first look today */
	int64_t slot; /* the last sample's DOOR_SAMPLE_MS slot */
	int n; /* samples */
	double xx[3][3], xy[3], yy; /* sums over samples: x = (H, S, 1), y = occupancy */
	uint64_t seq; /* office seq and time of the last answer, which is kept */
	int64_t at;
	bool has;
	struct door_signal last;
	double w[OFFICE_MAX_TICKETS]; /* working memory: waits of the walk-ins now */
	double stay[OFFICE_MAX_TICKETS]; /* and their chance of not being away */
};

/**
 * door_fit_update() - sample the door count of @o at @now into @f (a new
 * day starts over) and say what it tells. @away gives each category's
 * away share (the holders who step out at once) by the no-show fit. Asked
 * again with the same office state (its seq) and @now, it answers as before
 * without working it out again.
 * @f must start zeroed.
 * Return: true with *@out filled; false when the count is not trusted today
 * or has too few samples yet (*@out untouched).
 */
bool door_fit_update(struct door_fit *f, const struct office *o, int64_t now, const double *away,
		     struct door_signal *out);

#endif
