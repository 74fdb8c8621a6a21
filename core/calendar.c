/* SPDX-License-Identifier: MIT */
#include "core/calendar.h"

#include <string.h>

#include "core/civil.h"

static bool is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int32_t calendar_day_before(int32_t date)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;

	if (d > 1)
		return date - 1;
	if (m > 1)
		return y * 10000 + (m - 1) * 100 + month_days(y, m - 1);
	return (y - 1) * 10000 + 1231;
}

static bool in_year_end(const struct config *cfg, int32_t date)
{
	int md = date % 10000;

	if (!cfg->year_end_from)
		return false;
	if (cfg->year_end_from <= cfg->year_end_to)
		return md >= cfg->year_end_from && md <= cfg->year_end_to;
	return md >= cfg->year_end_from || md <= cfg->year_end_to;
}

static bool recurring_match(const struct config_recurring *r, int32_t date, int weekday)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	unsigned week = 1u << ((d - 1) / 7);

	if (r->weekday != weekday || !(r->months & (1u << (m - 1))))
		return false;
	if (d + 7 > month_days(y, m))
		week |= CONFIG_WEEK_LAST;
	return (r->weeks & week) != 0;
}

void calendar_day_get(const struct config *cfg, int32_t date, struct calendar_day *out)
{
	memset(out, 0, sizeof(*out));
	out->date = date;
	out->weekday = civil_weekday(date);
	out->is_holiday = holiday_get(date, &out->holiday);
	for (int i = 0; i < cfg->n_dates; i++) {
		if (cfg->dates[i].date == date) {
			out->kind = CALENDAR_SPECIAL;
			out->hours = cfg->dates[i].hours;
			return;
		}
	}
	if (in_year_end(cfg, date)) {
		out->kind = CALENDAR_YEAR_END;
		return;
	}
	if (out->is_holiday && cfg->holidays_closed) {
		out->kind = CALENDAR_HOLIDAY;
		return;
	}
	for (int i = 0; i < cfg->n_recurring; i++) {
		if (recurring_match(&cfg->recurring[i], date, out->weekday)) {
			out->kind = CALENDAR_SPECIAL;
			out->hours = cfg->recurring[i].hours;
			return;
		}
	}
	out->kind = CALENDAR_WEEKLY;
	out->hours = cfg->hours[out->weekday];
}

bool calendar_next_open(const struct config *cfg, int32_t date, struct calendar_day *out)
{
	struct calendar_day day;

	for (int i = 0; i < CALENDAR_HORIZON; i++, date = civil_next_day(date)) {
		calendar_day_get(cfg, date, &day);
		if (day.hours.n > 0) {
			*out = day;
			return true;
		}
	}
	return false;
}

int calendar_span_at(const struct calendar_day *day, int minute)
{
	for (int i = 0; i < day->hours.n; i++) {
		if (minute >= day->hours.spans[i].start && minute < day->hours.spans[i].end)
			return i;
	}
	return -1;
}

int calendar_closed_before(const struct config *cfg, int32_t date)
{
	struct calendar_day day;
	int n = 0;

	for (date = calendar_day_before(date); n < CALENDAR_HORIZON; n++) {
		calendar_day_get(cfg, date, &day);
		if (day.hours.n > 0)
			break;
		date = calendar_day_before(date);
	}
	return n;
}

const char *calendar_kind_name(enum calendar_kind kind)
{
	switch (kind) {
	case CALENDAR_WEEKLY:
		return "weekly";
	case CALENDAR_SPECIAL:
		return "special";
	case CALENDAR_HOLIDAY:
		return "holiday";
	case CALENDAR_YEAR_END:
		return "year_end";
	}
	return "weekly";
}
