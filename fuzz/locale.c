/* SPDX-License-Identifier: MIT */
/*
 * The sign's locale files (display/locale.c), and every text of a locale
 * taken expanded by locale_format() into a small buffer: the result is cut
 * at a character, never inside one.
 */
#include <stdbool.h>
#include <string.h>

#include "display/locale.h"
#include "fuzz/fuzz.h"

/* Whether @s is valid UTF-8 (the shortest form; no surrogates). */
static bool fuzz_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : 4;

		for (int i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
		}
		s += n;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "date", "open", "close", "ticket", "window" };
	static const char *const values[] = { "11月24日(火)", "08:30", "17:15", "A-012", "3番" };
	static struct locale loc;
	static struct diag d;
	char out[40];

	memset(&d, 0, sizeof(d));
	if (locale_parse((const char *)data, size, &loc, &d) != 0)
		return 0;
	for (int k = 0; k < LOC_KEY_COUNT; k++) {
		FUZZ_CHECK(memchr(loc.text[k], '\0', sizeof(loc.text[k])));
		locale_format(loc.text[k], out, sizeof(out), names, values, 5);
		FUZZ_CHECK(strlen(out) < sizeof(out));
		if (fuzz_utf8((const unsigned char *)loc.text[k]))
			FUZZ_CHECK(fuzz_utf8((const unsigned char *)out));
	}
	return 0;
}
