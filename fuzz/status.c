/* SPDX-License-Identifier: MIT */
/*
 * The sign's status document parser (display/status.c): a document taken
 * holds only what the renderer may index with (dates, levels, counts).
 */
#include "core/civil.h"
#include "display/status.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct status st;
	char err[256];

	if (status_parse((const char *)data, size, &st, err, sizeof(err)) != 0)
		return 0;
	FUZZ_CHECK(st.day == 0 || civil_date_valid(st.day));
	FUZZ_CHECK(!st.next.set || civil_date_valid(st.next.date));
	FUZZ_CHECK(st.level >= 0 && st.level <= 3);
	FUZZ_CHECK(st.n_categories >= 0 && st.n_categories <= STATUS_MAX_CATEGORIES);
	FUZZ_CHECK(st.n_windows >= 0 && st.n_windows <= STATUS_MAX_WINDOWS);
	FUZZ_CHECK(st.n_languages >= 0 && st.n_languages <= LANG_COUNT);
	for (int i = 0; i < st.n_languages; i++)
		FUZZ_CHECK(st.languages[i] >= 0 && st.languages[i] < LANG_COUNT);
	for (int i = 0; i < st.n_categories; i++)
		FUZZ_CHECK(st.categories[i].level >= 0 && st.categories[i].level <= 3);
	return 0;
}
