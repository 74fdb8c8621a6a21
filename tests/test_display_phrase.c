/* SPDX-License-Identifier: MIT */
/* Unit tests of display/phrase.c with the shipped locale files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "display/diag.h"
#include "display/locale.h"
#include "display/phrase.h"

static struct locale loc[LANG_COUNT];

static int load_locales(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		char path[128], *buf = malloc(LOCALE_MAX_SIZE);
		struct diag d = { .n = 0 };
		FILE *fp;
		size_t len;

		snprintf(path, sizeof(path), "display/locales/%s.json", lang_code((enum lang)l));
		fp = fopen(path, "rb");
		if (!fp || !buf)
			return -1;
		len = fread(buf, 1, LOCALE_MAX_SIZE, fp);
		fclose(fp);
		if (locale_parse(buf, len, &loc[l], &d) < 0)
			return -1;
		free(buf);
	}
	return 0;
}

static void test_ticket(void **state)
{
	static const struct {
		enum lang lang;
		const char *label, *read;
	} cases[] = {
		{ LANG_JA, "A-035", "エーの35番" },
		{ LANG_JA, "A035", "エーの35番" },
		{ LANG_JA, "b-7", "ビーの7番" },
		{ LANG_JA, "AB-120", "エービーの120番" },
		{ LANG_JA, "035", "35番" },
		{ LANG_JA, "A-000", "エーの0番" },
		{ LANG_JA, "A-100", "エーの100番" },
		{ LANG_JA, "W 12", "ダブリューの12番" },
		{ LANG_JA_EASY, "C-009", "シーの9ばん" },
		{ LANG_EN, "A-035", "Eh 35" },
		{ LANG_EN, "AB-035", "Eh Bee 35" },
		{ LANG_EN, "007", "7" },
		{ LANG_ZH_HANS, "A-035", "A35号" },
		{ LANG_KO, "A-035", "A 35번" },
		{ LANG_VI, "A-035", "A 35" },
		/* Not letters-then-digits: read as written. */
		{ LANG_JA, "A-03B", "A-03B" },
		{ LANG_EN, "A--35", "A--35" },
		{ LANG_EN, "A-", "A-" },
		{ LANG_EN, "", "" },
		{ LANG_EN, "整理券1", "整理券1" },
		{ LANG_EN, "A-12345678901234567", "A-12345678901234567" },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		phrase_ticket(&loc[cases[i].lang], cases[i].lang, cases[i].label, out, sizeof(out));
		assert_string_equal(out, cases[i].read);
	}
}

static void test_call(void **state)
{
	char out[PHRASE_MAX];

	(void)state;
	phrase_call(&loc[LANG_JA], LANG_JA, NULL, "A-035", "1番窓口", false, out, sizeof(out));
	assert_string_equal(out, "エーの35番の番号札をお持ちの方、1番窓口へお越しください。");
	phrase_call(&loc[LANG_JA], LANG_JA, "", "A-035", "こども家庭課の3番", true, out,
		    sizeof(out));
	assert_string_equal(out, "もう一度お呼びします。エーの35番の番号札をお持ちの方、"
				 "こども家庭課の3番へお越しください。");
	phrase_call(&loc[LANG_EN], LANG_EN, NULL, "A-035", "Window 1", true, out, sizeof(out));
	assert_string_equal(out, "Calling again. Ticket Eh 35, please go to Window 1.");
	/* A template from machiai.conf replaces the locale's. */
	phrase_call(&loc[LANG_EN], LANG_EN, "Number {ticket} to {window}, please.", "B-7", "Desk 4",
		    false, out, sizeof(out));
	assert_string_equal(out, "Number Bee 7 to Desk 4, please.");
	/* A cut that never splits a character. */
	phrase_call(&loc[LANG_JA], LANG_JA, NULL, "A-035", "1番窓口", false, out, 10);
	assert_string_equal(out, "エーの");
}

static void test_split(void **state)
{
	struct phrase_clause c[PHRASE_CLAUSES_MAX];
	int n;

	(void)state;
	n = phrase_split("もう一度お呼びします。エーの35番の方、1番窓口へお越しください。", c,
			 PHRASE_CLAUSES_MAX);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].text, "もう一度お呼びします。");
	assert_string_equal(c[1].text, "エーの35番の方、");
	assert_string_equal(c[2].text, "1番窓口へお越しください。");
	assert_true(c[0].pause_ms > c[1].pause_ms);
	n = phrase_split("  Ticket Eh 35, please go to Window 1.  ", c, PHRASE_CLAUSES_MAX);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].text, "Ticket Eh 35,");
	assert_string_equal(c[1].text, "please go to Window 1.");
	/* A comma or a point inside a number is not a clause mark. */
	n = phrase_split("Ticket 1,035 to window 2.5 now", c, PHRASE_CLAUSES_MAX);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].text, "Ticket 1,035 to window 2.5 now");
	/* At most max clauses: the rest goes into the last. */
	n = phrase_split("a, b, c, d.", c, 2);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].text, "a,");
	assert_string_equal(c[1].text, "b, c, d.");
	assert_int_equal(phrase_split("   ", c, PHRASE_CLAUSES_MAX), 0);
	assert_int_equal(phrase_split("", c, PHRASE_CLAUSES_MAX), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket),
		cmocka_unit_test(test_call),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, load_locales, NULL);
}
