/* SPDX-License-Identifier: MIT */
/* Civil (calendar) time at a fixed UTC offset, from and to epoch milliseconds. */
#ifndef MACHIAI_CORE_CIVIL_H
#define MACHIAI_CORE_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct civil {
	int year, month, day; /* 2026, 1..12, 1..31 */
	int hour, minute, second, ms;
	int weekday; /* 0 = Sunday */
	int minute_of_day; /* hour * 60 + minute */
	int32_t yyyymmdd; /* 20261123 */
};

/** civil_from_ms() - the local civil time of @ms at UTC offset @offset_min minutes. */
void civil_from_ms(int64_t ms, int offset_min, struct civil *out);

/**
 * civil_to_ms() - epoch milliseconds of local date @yyyymmdd at
 * @minute_of_day (may exceed a day) at UTC offset @offset_min.
 */
int64_t civil_to_ms(int32_t yyyymmdd, int minute_of_day, int offset_min);

/** civil_next_day() - the date after @yyyymmdd. */
int32_t civil_next_day(int32_t yyyymmdd);

/**
 * civil_parse_date() - parse a calendar date "YYYY-MM-DD" (exactly ten characters, year
 * 1000..9999, month 1..12, day within that month) into *@yyyymmdd.
 * Return: 0, or -1 when @s is not such a date (*@yyyymmdd is then unchanged).
 */
int civil_parse_date(const char *s, int32_t *yyyymmdd);

/** civil_date_valid() - whether @yyyymmdd is a real date of the years 1000..9999. */
bool civil_date_valid(int32_t yyyymmdd);

/** civil_weekday() - weekday of @yyyymmdd, 0 = Sunday. */
int civil_weekday(int32_t yyyymmdd);

/**
 * civil_iso8601() - write @ms as "2026-11-23T10:15:03+09:00" to @buf.
 * @size must be at least 26.
 */
void civil_iso8601(int64_t ms, int offset_min, char *buf, size_t size);

/**
 * civil_parse_iso8601() - parse "YYYY-MM-DDTHH:MM:SS(.fff)?(Z|+HH:MM|-HH:MM)".
 * Return: 0 with *@ms set, or -1 when @s is not of that form.
 */
int civil_parse_iso8601(const char *s, int64_t *ms);

#endif
