/* SPDX-License-Identifier: MIT */
/*
 * The config-error file the sign shows (display/errors.c): any bytes give
 * messages of valid UTF-8 without control characters.
 */
#include <string.h>

#include "display/errors.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct errors e;

	FUZZ_CHECK(errors_parse((const char *)data, size, &e) == 0);
	FUZZ_CHECK(e.n >= 0 && e.n <= ERRORS_MAX && e.n <= e.total);
	for (int i = 0; i < e.n; i++) {
		const unsigned char *s = (const unsigned char *)e.e[i].text;

		FUZZ_CHECK(memchr(s, '\0', ERRORS_TEXT_MAX));
		for (; *s; s++)
			FUZZ_CHECK(*s >= 0x20 && *s != 0x7f);
	}
	return 0;
}
