/* SPDX-License-Identifier: MIT */
/*
 * Japan's national holidays (国民の祝日に関する法律), computed for any date
 * from 1980 to 2099: the fixed and Happy-Monday days, 春分の日 and 秋分の日
 * by the approximation the Cabinet Office's list agrees with, 振替休日,
 * 国民の休日, and the one-off days the law set in past years. No table is
 * read at run time.
 */
#ifndef MACHIAI_CORE_HOLIDAY_H
#define MACHIAI_CORE_HOLIDAY_H

#include <stdbool.h>
#include <stdint.h>

#define HOLIDAY_FIRST_YEAR 1980
#define HOLIDAY_LAST_YEAR 2099

/* A holiday's names: static strings, valid for the life of the program. */
struct holiday {
	const char *ja; /* "春分の日", "振替休日" */
	const char *en; /* "Vernal Equinox Day", "Substitute Holiday" */
};

/**
 * holiday_get() - whether local date @yyyymmdd is a national holiday (a
 * 国民の祝日, a 振替休日 or a 国民の休日); when it is and @out is not NULL,
 * *@out gets its names. Dates outside HOLIDAY_FIRST_YEAR..HOLIDAY_LAST_YEAR
 * are never holidays.
 */
bool holiday_get(int32_t yyyymmdd, struct holiday *out);

/** holiday_vernal_equinox() - the day in March of 春分の日 in @year (1980..2099). */
int holiday_vernal_equinox(int year);

/** holiday_autumnal_equinox() - the day in September of 秋分の日 in @year (1980..2099). */
int holiday_autumnal_equinox(int year);

#endif
