/* SPDX-License-Identifier: MIT */
/*
 * The sign's Server-Sent Events parser (display/sse.c): the input is fed in
 * chunks whose sizes come from its first bytes, as a network would cut it;
 * every event's data stays within the parser's limit.
 */
#include "display/sse.h"
#include "fuzz/fuzz.h"

#define FUZZ_SSE_MAX 4096

static void fuzz_sse_event(void *ctx, const char *event, const char *data, size_t len)
{
	(void)ctx;
	FUZZ_CHECK(event && data);
	FUZZ_CHECK(len <= FUZZ_SSE_MAX);
	FUZZ_CHECK(data[len] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sse_parser *p = sse_parser_new(FUZZ_SSE_MAX);
	size_t at = size > 0 ? 1 : 0;
	unsigned cut = size > 0 ? data[0] : 0;

	FUZZ_CHECK(p);
	while (at < size) {
		size_t n = 1 + (cut % 61);

		if (n > size - at)
			n = size - at;
		sse_parser_feed(p, (const char *)data + at, n, fuzz_sse_event, NULL);
		at += n;
		cut = cut * 7 + 3;
	}
	sse_parser_free(p);
	return 0;
}
