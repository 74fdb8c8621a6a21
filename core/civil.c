/* SPDX-License-Identifier: MIT */
#include "core/civil.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define MS_PER_MINUTE 60000LL
#define MS_PER_DAY 86400000LL

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void civil_from_ms(int64_t ms, int offset_min, struct civil *out)
{
	int64_t local = ms + offset_min * MS_PER_MINUTE;
	int64_t days = floor_div(local, MS_PER_DAY);
	int64_t rest = local - days * MS_PER_DAY;

	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(rest / 3600000);
	out->minute = (int)(rest / 60000 % 60);
	out->second = (int)(rest / 1000 % 60);
	out->ms = (int)(rest % 1000);
	out->minute_of_day = out->hour * 60 + out->minute;
	out->weekday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	out->yyyymmdd = out->year * 10000 + out->month * 100 + out->day;
}

int64_t civil_to_ms(int32_t yyyymmdd, int minute_of_day, int offset_min)
{
	int64_t days = days_from_civil(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
	return days * MS_PER_DAY + (int64_t)(minute_of_day - offset_min) * MS_PER_MINUTE;
}

int32_t civil_next_day(int32_t yyyymmdd)
{
	struct civil c;

	civil_from_ms(civil_to_ms(yyyymmdd, 24 * 60, 0), 0, &c);
	return c.yyyymmdd;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

bool civil_date_valid(int32_t yyyymmdd)
{
	int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;

	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int civil_weekday(int32_t yyyymmdd)
{
	struct civil c;

	civil_from_ms(civil_to_ms(yyyymmdd, 0, 0), 0, &c);
	return c.weekday;
}

void civil_iso8601(int64_t ms, int offset_min, char *buf, size_t size)
{
	struct civil c;
	int off = offset_min < 0 ? -offset_min : offset_min;

	assert(size >= 26);
	civil_from_ms(ms, offset_min, &c);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year % 10000, c.month,
		 c.day, c.hour, c.minute, c.second, offset_min < 0 ? '-' : '+', off / 60 % 100,
		 off % 60);
}

static int parse_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int civil_parse_date(const char *s, int32_t *yyyymmdd)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || parse_digits(s, 4, &y) ||
	    parse_digits(s + 5, 2, &m) || parse_digits(s + 8, 2, &d))
		return -1;
	if (!civil_date_valid(y * 10000 + m * 100 + d))
		return -1;
	*yyyymmdd = y * 10000 + m * 100 + d;
	return 0;
}

int civil_parse_iso8601(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, sec, frac = 0, oh = 0, om = 0, sign = 1;
	const char *p;

	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	if (parse_digits(s, 4, &y) || parse_digits(s + 5, 2, &mo) || parse_digits(s + 8, 2, &d) ||
	    parse_digits(s + 11, 2, &h) || parse_digits(s + 14, 2, &mi) ||
	    parse_digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		int scale = 100;

		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9') {
			frac += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (parse_digits(p + 1, 2, &oh) || p[3] != ':' || parse_digits(p + 4, 2, &om))
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	*ms = days_from_civil(y, mo, d) * MS_PER_DAY + (int64_t)h * 3600000 +
	      (int64_t)mi * MS_PER_MINUTE + (int64_t)sec * 1000 + frac -
	      (int64_t)sign * (oh * 60 + om) * MS_PER_MINUTE;
	return 0;
}
