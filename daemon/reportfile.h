/* SPDX-License-Identifier: MIT */
/*
 * Reading the journals of a date range into a report (core/report.h): the
 * files STATE_DIR/journal-YYYY-MM-DD.jsonl of each day, line by line. A line
 * that is not a valid event, an event the office refuses and a torn last
 * line are skipped and listed with their file and line; the rest of the day
 * is reported. Used by machiaid's GET /v1/report and by machiai-report.
 */
#ifndef MACHIAI_DAEMON_REPORTFILE_H
#define MACHIAI_DAEMON_REPORTFILE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/report.h"

#define REPORTFILE_SKIPS_MAX 200 /* listed; more are only counted */
#define REPORTFILE_RANGE_MAX 3660 /* days in one report */
#define REPORTFILE_BOOKING_DAYS 90 /* days before the range read for reservations booked ahead */

struct reportfile_skip {
	char file[40]; /* "journal-2026-11-24.jsonl" */
	int line; /* 1-based */
	char reason[200];
};

/* What was read. */
struct reportfile_result {
	int files; /* day files read */
	int lines; /* lines read */
	int skipped; /* lines skipped, listed or not */
	int n_skips;
	struct reportfile_skip skips[REPORTFILE_SKIPS_MAX];
};

/**
 * reportfile_parse_date() - "YYYY-MM-DD" of a real date into *@out (YYYYMMDD).
 * Return: 0, or -1 when @s is not one.
 */
int reportfile_parse_date(const char *s, int32_t *out);

/**
 * reportfile_read() - fold the journals of the days @from to @to (YYYYMMDD,
 * inclusive) in folder @dir into @r, filling @res. A missing day file is a
 * day the office did not open. Reservations booked up to
 * REPORTFILE_BOOKING_DAYS days before @from for a slot in the range are read
 * too (report_add_before()), quietly. @stop (may be NULL) is looked at
 * between day files: when another thread sets it, the reading stops.
 * Return: 0, or -1 with a message in @err (@errsize bytes) when the range is
 * wrong (@to before @from, longer than REPORTFILE_RANGE_MAX days), @dir
 * cannot be read or @stop was set.
 */
int reportfile_read(const char *dir, int32_t from, int32_t to, struct report *r,
		    struct reportfile_result *res, const atomic_bool *stop, char *err,
		    size_t errsize);

#endif
