/* SPDX-License-Identifier: MIT */
#include "core/lang.h"

#include <assert.h>
#include <string.h>

static const char *const lang_codes[LANG_COUNT] = {
	[LANG_JA] = "ja", [LANG_EN] = "en", [LANG_ZH_HANS] = "zh-Hans",
	[LANG_KO] = "ko", [LANG_VI] = "vi", [LANG_JA_EASY] = "ja-easy",
};

const char *lang_code(enum lang l)
{
	assert(l < LANG_COUNT);
	return lang_codes[l];
}

int lang_from_code(const char *code)
{
	for (int i = 0; i < LANG_COUNT; i++) {
		if (strcmp(code, lang_codes[i]) == 0)
			return i;
	}
	return -1;
}
