/* SPDX-License-Identifier: MIT */
/*
 * The office calendar: the opening hours of any date, from [hours] and
 * [calendar] of machiai.conf and Japan's national holidays. A date line
 * decides its day; otherwise 年末年始 closes, then a national holiday
 * (unless holidays = open), then a recurring rule sets the day's hours, and
 * otherwise the weekday's hours apply (docs/config.md).
 */
#ifndef MACHIAI_CORE_CALENDAR_H
#define MACHIAI_CORE_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/holiday.h"

#define CALENDAR_HORIZON 400 /* days looked ahead for the next opening */

/* Why a day has the hours it has. */
enum calendar_kind {
	CALENDAR_WEEKLY, /* the weekday's hours; closed when that weekday has none */
	CALENDAR_SPECIAL, /* a date line or a recurring rule; closed when it says closed */
	CALENDAR_HOLIDAY, /* closed: a national holiday */
	CALENDAR_YEAR_END, /* closed: 年末年始 */
};

struct calendar_day {
	int32_t date; /* YYYYMMDD */
	int weekday; /* 0 = Sunday */
	struct config_hours hours; /* n == 0: closed */
	enum calendar_kind kind;
	bool is_holiday; /* a national holiday, open or not */
	struct holiday holiday; /* its names when is_holiday */
};

/** calendar_day_get() - the hours of local date @date (YYYYMMDD) and why. */
void calendar_day_get(const struct config *cfg, int32_t date, struct calendar_day *out);

/**
 * calendar_next_open() - the first day with hours from @date on (@date
 * included), within CALENDAR_HORIZON days, into @out.
 * Return: false when there is none (then @out is unchanged).
 */
bool calendar_next_open(const struct config *cfg, int32_t date, struct calendar_day *out);

/**
 * calendar_span_at() - index of the span of @day that contains @minute (minutes
 * after midnight, the span's end excluded), or -1.
 */
int calendar_span_at(const struct calendar_day *day, int minute);

/**
 * calendar_closed_before() - how many days in a row before @date the office
 * is closed (at most CALENDAR_HORIZON): 2 on the Monday after an ordinary
 * weekend, 6 on the first day after 年末年始 from 12/29 to 1/3.
 */
int calendar_closed_before(const struct config *cfg, int32_t date);

/** calendar_kind_name() - "weekly", "special", "holiday" or "year_end". */
const char *calendar_kind_name(enum calendar_kind kind);

/** calendar_day_before() - the date before @date. */
int32_t calendar_day_before(int32_t date);

#endif
