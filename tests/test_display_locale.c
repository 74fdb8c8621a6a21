/* SPDX-License-Identifier: MIT */
/* Unit tests of display/locale.c and display/layout.c with the shipped files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "display/layout.h"
#include "display/locale.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(128 * 1024);

	assert_non_null(fp);
	assert_non_null(buf);
	*len = fread(buf, 1, 128 * 1024, fp);
	fclose(fp);
	return buf;
}

static void test_format(void **state)
{
	static const char *const names[] = { "low", "high" };
	const char *values[] = { "10", "20" };
	char out[64];

	(void)state;
	locale_format("約{low}〜{high}分", out, sizeof(out), names, values, 2);
	assert_string_equal(out, "約10〜20分");
	locale_format("{high}-{low}{other}{", out, sizeof(out), names, values, 2);
	assert_string_equal(out, "20-10{other}{");
	/* Cut at a character boundary: "約" is 3 bytes. */
	locale_format("約約約{low}", out, 8, names, values, 2);
	assert_string_equal(out, "約約");
	values[0] = "約約";
	locale_format("約{low}", out, 8, names, values, 2);
	assert_string_equal(out, "約約");
	locale_format("ab{low}", out, 8, names, values, 2);
	assert_string_equal(out, "ab約");
	locale_format("", out, sizeof(out), names, values, 2);
	assert_string_equal(out, "");
}

static void test_shipped_locales(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		char path[128];
		struct locale *loc = malloc(sizeof(*loc));
		struct diag d = { .n = 0 };
		size_t len;
		char *buf;

		assert_non_null(loc);
		snprintf(path, sizeof(path), "display/locales/%s.json", lang_code((enum lang)l));
		buf = slurp(path, &len);
		if (locale_parse(buf, len, loc, &d) != 0)
			diag_print(&d, path, stderr);
		assert_int_equal(d.n, 0);
		assert_true(loc->text[LOC_STALE][0] != '\0');
		assert_non_null(strstr(loc->text[LOC_STALE], "{time}"));
		assert_true(loc->weekdays[6][0] != '\0');
		free(buf);
		free(loc);
	}
}

static void test_shipped_layouts(void **state)
{
	static const char *const files[] = { "layouts/landscape.json", "layouts/portrait.json",
					     "layouts/hd720.json" };
	static const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1280, 720 } };

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct layout lay;
		struct diag d = { .n = 0 };
		size_t len;
		char *buf = slurp(files[i], &len);

		assert_int_equal(layout_parse(buf, len, &lay, &d), 0);
		assert_int_equal(lay.width, sizes[i][0]);
		assert_int_equal(lay.height, sizes[i][1]);
		for (int w = 0; w < LAYOUT_WIDGET_COUNT; w++)
			assert_true(lay.box[w].present);
		free(buf);
	}
}

static void test_errors_collected(void **state)
{
	const char *bad = "{\"lang_name\": 5, \"nonsense\": \"x\", \"people\": \"{m}\"}";
	struct locale *loc = malloc(sizeof(*loc));
	struct diag d = { .n = 0 };

	(void)state;
	assert_non_null(loc);
	assert_int_equal(locale_parse(bad, strlen(bad), loc, &d), -1);
	/* Three problems in the keys given, then every key missing. */
	assert_string_equal(d.msg[0], "$.lang_name: must be a string");
	assert_string_equal(d.msg[1], "$.nonsense: unknown key");
	assert_string_equal(d.msg[2], "$.people: unknown placeholder {m}");
	assert_string_equal(d.msg[3], "$.people: placeholder {n} missing");
	assert_int_equal(d.n, DIAG_MAX);
	assert_true(d.dropped > 0);
	free(loc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_shipped_locales),
		cmocka_unit_test(test_shipped_layouts),
		cmocka_unit_test(test_errors_collected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
