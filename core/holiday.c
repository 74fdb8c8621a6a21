/* SPDX-License-Identifier: MIT */
#include "core/holiday.h"

#include <stddef.h>

#include "core/civil.h"

/*
 * The approximation of the equinox days valid from 1980 to 2099 (the day of
 * 20.8431 + 0.242194 (Y - 1980) - floor((Y - 1980) / 4) for spring, 23.2488
 * for autumn), in millionths so that no floating point is involved.
 */
static int equinox_day(int year, long base_millionths)
{
	long n = year - HOLIDAY_FIRST_YEAR;

	return (int)((base_millionths + 242194L * n) / 1000000L - n / 4);
}

int holiday_vernal_equinox(int year)
{
	return equinox_day(year, 20843100L);
}

int holiday_autumnal_equinox(int year)
{
	return equinox_day(year, 23248800L);
}

/* The day of the month of the @nth Monday of @year-@month. */
static int nth_monday(int year, int month, int nth)
{
	int first = civil_weekday(year * 10000 + month * 100 + 1);
	int day = 1 + (8 - first) % 7;

	return day + 7 * (nth - 1);
}

/* A holiday named by the law (国民の祝日) or a one-off day set by its own law. */
static const struct holiday *named_holiday(int32_t date)
{
	static const struct holiday ganjitsu = { "元日", "New Year's Day" },
				    seijin = { "成人の日", "Coming of Age Day" },
				    kenkoku = { "建国記念の日", "National Foundation Day" },
				    tenno = { "天皇誕生日", "The Emperor's Birthday" },
				    shunbun = { "春分の日", "Vernal Equinox Day" },
				    showa = { "昭和の日", "Showa Day" },
				    midori = { "みどりの日", "Greenery Day" },
				    kenpo = { "憲法記念日", "Constitution Memorial Day" },
				    kodomo = { "こどもの日", "Children's Day" },
				    umi = { "海の日", "Marine Day" },
				    yama = { "山の日", "Mountain Day" },
				    keiro = { "敬老の日", "Respect for the Aged Day" },
				    shubun = { "秋分の日", "Autumnal Equinox Day" },
				    taiiku = { "体育の日", "Health and Sports Day" },
				    sports = { "スポーツの日", "Sports Day" },
				    bunka = { "文化の日", "Culture Day" },
				    kinro = { "勤労感謝の日", "Labor Thanksgiving Day" },
				    taiso = { "昭和天皇の大喪の礼",
					      "State Funeral of Emperor Showa" },
				    sokuirei = { "即位礼正殿の儀", "Enthronement Ceremony" },
				    kekkon = { "結婚の儀", "Wedding of the Crown Prince" },
				    sokui = { "天皇の即位の日", "Emperor's Enthronement Day" };
	int y = date / 10000, m = date / 100 % 100, d = date % 100;

	switch (m) {
	case 1:
		if (d == 1)
			return &ganjitsu;
		if (y < 2000 ? d == 15 : d == nth_monday(y, 1, 2))
			return &seijin;
		break;
	case 2:
		if (d == 11)
			return &kenkoku;
		if (d == 23 && y >= 2020)
			return &tenno;
		if (y == 1989 && d == 24)
			return &taiso;
		break;
	case 3:
		if (d == holiday_vernal_equinox(y))
			return &shunbun;
		break;
	case 4:
		if (d == 29)
			return y <= 1988 ? &tenno : y <= 2006 ? &midori : &showa;
		break;
	case 5:
		if (y == 2019 && d == 1)
			return &sokui;
		if (d == 3)
			return &kenpo;
		if (d == 4 && y >= 2007)
			return &midori;
		if (d == 5)
			return &kodomo;
		break;
	case 6:
		if (y == 1993 && d == 9)
			return &kekkon;
		break;
	case 7:
		if (y == 2020)
			return d == 23 ? &umi : d == 24 ? &sports : NULL;
		if (y == 2021)
			return d == 22 ? &umi : d == 23 ? &sports : NULL;
		if (y >= 1996 && y <= 2002 && d == 20)
			return &umi;
		if (y >= 2003 && d == nth_monday(y, 7, 3))
			return &umi;
		break;
	case 8:
		if (y == 2020)
			return d == 10 ? &yama : NULL;
		if (y == 2021)
			return d == 8 ? &yama : NULL;
		if (y >= 2016 && d == 11)
			return &yama;
		break;
	case 9:
		if (y < 2003 ? d == 15 : d == nth_monday(y, 9, 3))
			return &keiro;
		if (d == holiday_autumnal_equinox(y))
			return &shubun;
		break;
	case 10:
		if (y == 2020 || y == 2021)
			break;
		if (y < 2000 ? d == 10 : d == nth_monday(y, 10, 2))
			return y < 2020 ? &taiiku : &sports;
		break;
	case 11:
		if (y == 1990 && d == 12)
			return &sokuirei;
		if (d == 3)
			return &bunka;
		if (d == 23)
			return &kinro;
		break;
	case 12:
		if (d == 23 && y >= 1989 && y <= 2018)
			return &tenno;
		break;
	}
	if (date == 20191022)
		return &sokuirei;
	return NULL;
}

static bool in_range(int32_t date)
{
	int y = date / 10000;

	return y >= HOLIDAY_FIRST_YEAR && y <= HOLIDAY_LAST_YEAR;
}

/* The date @n days before @date (n >= 0). */
static int32_t days_before(int32_t date, int n)
{
	int64_t ms = civil_to_ms(date, 12 * 60, 0) - (int64_t)n * 86400000LL;
	struct civil c;

	civil_from_ms(ms, 0, &c);
	return c.yyyymmdd;
}

/*
 * 振替休日: until 2006 the Monday after a holiday on a Sunday; from 2007 the
 * first day after a Sunday holiday that is not itself a holiday.
 */
static bool substitute(int32_t date)
{
	int32_t prev = days_before(date, 1);

	if (date / 10000 < 2007)
		return named_holiday(prev) && civil_weekday(prev) == 0;
	for (int n = 1; n <= 7; n++) {
		int32_t d = days_before(date, n);

		if (!named_holiday(d))
			return false;
		if (civil_weekday(d) == 0)
			return true;
	}
	return false;
}

bool holiday_get(int32_t yyyymmdd, struct holiday *out)
{
	static const struct holiday furikae = { "振替休日", "Substitute Holiday" },
				    kokumin = { "国民の休日", "Citizens' Holiday" };
	const struct holiday *h;

	if (!in_range(yyyymmdd))
		return false;
	h = named_holiday(yyyymmdd);
	if (!h && substitute(yyyymmdd))
		h = &furikae;
	/* 国民の休日: a weekday between two holidays of the law. */
	if (!h && yyyymmdd >= 19860101 && civil_weekday(yyyymmdd) != 0 &&
	    named_holiday(days_before(yyyymmdd, 1)) && named_holiday(civil_next_day(yyyymmdd)))
		h = &kokumin;
	if (h && out)
		*out = *h;
	return h != NULL;
}
