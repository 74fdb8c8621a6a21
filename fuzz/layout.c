/* SPDX-License-Identifier: MIT */
/* The sign's layout files (display/layout.c): a layout taken fits its canvas. */
#include <string.h>

#include "display/layout.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct layout lay;
	static struct diag d;

	memset(&d, 0, sizeof(d));
	if (layout_parse((const char *)data, size, &lay, &d) != 0) {
		FUZZ_CHECK(d.n > 0);
		return 0;
	}
	FUZZ_CHECK(lay.width > 0 && lay.height > 0);
	FUZZ_CHECK(lay.rotate == 0 || lay.rotate == 90 || lay.rotate == 180 || lay.rotate == 270);
	return 0;
}
