/* SPDX-License-Identifier: MIT */
/* Japanese era (和暦) of a Gregorian date: 令和8年 = 2026. */
#ifndef MACHIAI_CORE_WAREKI_H
#define MACHIAI_CORE_WAREKI_H

#include <stdint.h>

enum wareki_era {
	WAREKI_MEIJI, /* from 1868-01-25 (as commonly tabulated) */
	WAREKI_TAISHO, /* from 1912-07-30 */
	WAREKI_SHOWA, /* from 1926-12-25 */
	WAREKI_HEISEI, /* from 1989-01-08 */
	WAREKI_REIWA, /* from 2019-05-01 */
	WAREKI_ERA_COUNT
};

/**
 * wareki_from_date() - the era of local date @yyyymmdd and the year within
 * it (1 = 元年).
 * Return: 0 with *@era and *@year set, or -1 for dates before Meiji.
 */
int wareki_from_date(int32_t yyyymmdd, enum wareki_era *era, int *year);

/** wareki_era_code() - a stable ASCII name of @era: "meiji" ... "reiwa". */
const char *wareki_era_code(enum wareki_era era);

#endif
