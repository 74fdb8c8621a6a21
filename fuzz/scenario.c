/* SPDX-License-Identifier: MIT */
/*
 * The simulator's scenarios (sim/scenario.c): a scenario taken gives finite,
 * non-negative arrival rates all day.
 */
#include <math.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "sim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sim_scenario sc;
	static struct sim_errors errs;

	memset(&errs, 0, sizeof(errs));
	if (sim_scenario_parse((const char *)data, size, "fuzz.json", &sc, &errs) != 0) {
		FUZZ_CHECK(errs.n > 0);
		return 0;
	}
	for (int c = 0; c < sc.cfg.n_categories; c++) {
		for (int wd = 0; wd < 7; wd++) {
			for (double m = 0; m < 24 * 60; m += 37) {
				double r = sim_scenario_rate(&sc, c, wd, m);

				FUZZ_CHECK(isfinite(r) && r >= 0);
			}
		}
	}
	return 0;
}
