/* SPDX-License-Identifier: MIT */
/*
 * Office statistics from the journal (docs/report.md): the events of a date
 * range are folded through a core office (core/office.h), so that calls,
 * recalls, no-shows and the day's close mean exactly what they mean on the
 * appliance, and each finished day is added to tables per category, per
 * window, per half-hour of the day, per day and per half-hour of the week:
 * tickets issued, called, served, no-shows, cancelled and still waiting at
 * close; waits from issue to first call and service from call to done
 * (mean, median, 90th percentile, max); waits over the office's target;
 * windows open and their utilisation; peak occupancy; reservations kept and
 * missed; and how honest the sign was: the share of realised waits inside
 * the band shown when the ticket was issued, and how often まもなく was shown
 * to someone who then waited more than REPORT_SOON_LATE_MINUTES.
 *
 * Pure: no clock, no I/O; the edge (daemon/reportfile.h) reads the files and
 * passes each event in, day by day, in order.
 */
#ifndef MACHIAI_CORE_REPORT_H
#define MACHIAI_CORE_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/event.h"
#include "core/office.h"

#define REPORT_SLOTS 48 /* half-hours of a day */
#define REPORT_SLOT_MINUTES 30
#define REPORT_SOON_LATE_MINUTES 10 /* まもなく, then a wait longer than this */
#define REPORT_MAX_DAYS 3700 /* about ten years */
#define REPORT_SERIES_MAX (16 * 1024 * 1024) /* values per series */

/* Minutes, one value per ticket; grows as needed up to REPORT_SERIES_MAX. */
struct report_series {
	double *v;
	int n, cap;
	bool full; /* a value was dropped at the cap */
};

/* Summary of a series: all NAN (JSON null) when it is empty. */
struct report_summary {
	int n;
	double mean, median, p90, max;
};

/* One row of a table. */
struct report_row {
	int issued, called, served, no_show, cancelled, closed_waiting, recalls;
	int over_target; /* called after waiting longer than the target */
	int band_n, band_in; /* called tickets with a band at issue; inside it */
	int soon_n, soon_late; /* of those, まもなく shown; then waited too long */
	int res_booked, res_kept, res_missed, res_cancelled;
	int peak_occupancy;
	int64_t peak_at; /* when the peak was first reached, ms; 0 = never */
	double open_ms, busy_ms; /* window time open, and busy with a ticket */
	int days; /* days that contribute to this row */
	struct report_series wait, service;
};

struct report_day {
	int32_t date; /* YYYYMMDD */
	bool closed_by_journal; /* the journal had the day's close */
	struct report_row row;
};

struct report {
	const struct config *cfg; /* not owned; must outlive the report */
	int target_minutes;

	struct report_row total;
	struct report_row categories[CONFIG_MAX_CATEGORIES]; /* parallel to cfg->categories */
	struct report_row windows[CONFIG_MAX_WINDOWS]; /* parallel to cfg->windows */
	struct report_row slots[REPORT_SLOTS]; /* by half-hour of the local day */
	struct report_row week[7][REPORT_SLOTS]; /* weekday (0 = Sunday) by half-hour */
	int weekdays[7]; /* days reported per weekday */
	struct report_day *days; /* in the order they came */
	int n_days;
	int refused; /* events the office refused (the edge reports where) */
	bool too_many_days; /* days past REPORT_MAX_DAYS were left out */

	/* Working state. */
	struct office *office;
	struct report_band {
		bool has, soon;
		int low, median, high;
	} * bands; /* OFFICE_MAX_TICKETS, parallel to office->tickets */
	bool *closed_waiting; /* OFFICE_MAX_TICKETS */
	int64_t open_since[CONFIG_MAX_WINDOWS]; /* 0 = closed now */
	int64_t last_at;
	bool day_pending; /* a day has events not yet added to the tables */
	bool day_closed;
};

/**
 * report_new() - an empty report for @cfg with wait target
 * cfg->report_target_wait minutes. @cfg must outlive the report.
 * Return: the report, to be freed with report_free(), or NULL when out of
 * memory.
 */
struct report *report_new(const struct config *cfg);

/** report_free() - free @r and everything it holds; NULL is fine. */
void report_free(struct report *r);

/**
 * report_add() - fold event @ev (events in journal order) into @r.
 * Return: 0; -1 when the office refused it, with the reason in @err (the
 * report goes on without the event: the edge names the file and line).
 */
int report_add(struct report *r, const struct event *ev, struct office_error *err);

/**
 * report_add_before() - an event @ev of a day before the range, which
 * starts on @from (YYYYMMDD): reservations booked then for a slot on or
 * after @from, and their cancellations, are kept (so that their check-ins
 * in the range are known); everything else is ignored, and nothing counts.
 * Only before the range's first event.
 */
void report_add_before(struct report *r, const struct event *ev, int32_t from);

/**
 * report_day_end() - the journal of the current day ends here (end of its
 * file): a day still open is closed at its last event, as if the office had
 * closed then, and the day is added to the tables. Idempotent.
 */
void report_day_end(struct report *r);

/**
 * report_summarise() - the summary of @s (sorts @s). Percentiles interpolate
 * between the two nearest values, as Excel's PERCENTILE.INC.
 */
void report_summarise(struct report_series *s, struct report_summary *out);

/**
 * report_utilisation() - busy time over open time of @row, 0..1 (busy time
 * beyond the open time counts as open time); NAN when it was never open.
 */
double report_utilisation(const struct report_row *row);

/** report_slot() - the half-hour of the local day of @ms at UTC offset @offset_min. */
int report_slot(int64_t ms, int offset_min);

#endif
