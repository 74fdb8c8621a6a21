/* SPDX-License-Identifier: MIT */
#include "core/config.h"

#include <string.h>

int config_category_index(const struct config *cfg, const char *id)
{
	for (int i = 0; i < cfg->n_categories; i++) {
		if (strcmp(cfg->categories[i].id, id) == 0)
			return i;
	}
	return -1;
}

int config_window_index(const struct config *cfg, const char *id)
{
	for (int i = 0; i < cfg->n_windows; i++) {
		if (strcmp(cfg->windows[i].id, id) == 0)
			return i;
	}
	return -1;
}
