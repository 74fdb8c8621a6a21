/* SPDX-License-Identifier: MIT */
/* machiai.conf: core/config.c's parser on any bytes. */
#include <string.h>

#include "core/config.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	static struct config_errors errs;
	int rc;

	memset(&errs, 0, sizeof(errs));
	rc = config_parse((const char *)data, size, &cfg, &errs);
	FUZZ_CHECK(errs.n >= 0 && errs.n <= CONFIG_MAX_ERRORS);
	if (rc == 0) {
		/* A config taken is one the rest of the daemon can index with. */
		FUZZ_CHECK(cfg.n_categories >= 1 && cfg.n_categories <= CONFIG_MAX_CATEGORIES);
		FUZZ_CHECK(cfg.n_windows >= 0 && cfg.n_windows <= CONFIG_MAX_WINDOWS);
		for (int w = 0; w < cfg.n_windows; w++) {
			for (int i = 0; i < cfg.windows[w].n_categories; i++) {
				int c = cfg.windows[w].categories[i];

				FUZZ_CHECK(c >= 0 && c < cfg.n_categories);
			}
		}
	} else {
		FUZZ_CHECK(errs.n > 0);
	}
	for (int i = 0; i < errs.n; i++)
		FUZZ_CHECK(memchr(errs.e[i].message, '\0', sizeof(errs.e[i].message)));
	return 0;
}
