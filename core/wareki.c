/* SPDX-License-Identifier: MIT */
#include "core/wareki.h"

#include <assert.h>

static const struct {
	int32_t start; /* first day, YYYYMMDD */
	const char *code;
} wareki_eras[WAREKI_ERA_COUNT] = {
	[WAREKI_MEIJI] = { 18680125, "meiji" }, [WAREKI_TAISHO] = { 19120730, "taisho" },
	[WAREKI_SHOWA] = { 19261225, "showa" }, [WAREKI_HEISEI] = { 19890108, "heisei" },
	[WAREKI_REIWA] = { 20190501, "reiwa" },
};

int wareki_from_date(int32_t yyyymmdd, enum wareki_era *era, int *year)
{
	for (int e = WAREKI_ERA_COUNT - 1; e >= 0; e--) {
		if (yyyymmdd >= wareki_eras[e].start) {
			*era = (enum wareki_era)e;
			*year = yyyymmdd / 10000 - wareki_eras[e].start / 10000 + 1;
			return 0;
		}
	}
	return -1;
}

const char *wareki_era_code(enum wareki_era era)
{
	assert(era < WAREKI_ERA_COUNT);
	return wareki_eras[era].code;
}
