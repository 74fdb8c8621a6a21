/* SPDX-License-Identifier: MIT */
/* Unit tests of display/errors.c: the config-error file of systemd/check-config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/errors.h"

static struct errors *parse(const char *buf, size_t len)
{
	static struct errors e;

	assert_int_equal(errors_parse(buf, len, &e), 0);
	return &e;
}

static void test_lines(void **state)
{
	static const char in[] =
		"/boot/firmware/machiai.conf:12: [windows] count: expected a whole number "
		"1..64, got \"ten\"\n"
		"\n"
		"   \n"
		"machiai.conf:7: 窓口 \"1\": unknown key\n"
		"/boot/firmware/machiai.conf: the file is missing (copy machiai.conf onto the SD "
		"card's boot partition)\n"
		"no file at all, just words: 12:30: here";
	struct errors *e = parse(in, sizeof(in) - 1);

	(void)state;
	assert_int_equal(e->total, 4);
	assert_int_equal(e->n, 4);
	assert_int_equal(e->replaced, 0);
	assert_int_equal(e->e[0].line, 12);
	assert_string_equal(e->e[0].text,
			    "[windows] count: expected a whole number 1..64, got \"ten\"");
	assert_int_equal(e->e[1].line, 7);
	assert_string_equal(e->e[1].text, "窓口 \"1\": unknown key");
	/* No line number: the whole line, without the folders. */
	assert_int_equal(e->e[2].line, 0);
	assert_string_equal(e->e[2].text, "machiai.conf: the file is missing (copy machiai.conf "
					  "onto the SD card's boot partition)");
	/* A colon and a number inside a message are not a line number. */
	assert_int_equal(e->e[3].line, 0);
	assert_string_equal(e->e[3].text, "no file at all, just words: 12:30: here");
}

/* machiaid --check-config --lang en,ja: each error's Japanese under it. */
static void test_japanese(void **state)
{
	static const char in[] =
		"/boot/firmware/machiai.conf:8: digits: '３' has full-width characters; write it "
		"half-width: 3\r\n"
		"\tja: digits: 「３」に全角の文字があります。半角で「3」と書いてください\r\n"
		"/boot/firmware/machiai.conf:9: capacity: 'many' is not a whole number\n"
		"\tzh-Hans: not kept\n"
		"/boot/firmware/machiai.conf: the file is missing\n"
		"\tja: machiai.conf がありません\n"
		"\tja: \xff\n"
		"  indented, not a language: an error of its own\n";
	struct errors *e = parse(in, sizeof(in) - 1);

	(void)state;
	assert_int_equal(e->total, 4);
	assert_int_equal(e->e[0].line, 8);
	assert_string_equal(e->e[0].text, "digits: '３' has full-width characters; write it "
					  "half-width: 3");
	assert_string_equal(e->e[0].ja,
			    "digits: 「３」に全角の文字があります。半角で「3」と書いてください");
	assert_int_equal(e->e[1].line, 9);
	assert_string_equal(e->e[1].ja, "");
	/* no line: the file's name in front, as in the English; the last ja wins */
	assert_string_equal(e->e[2].text, "machiai.conf: the file is missing");
	assert_string_equal(e->e[2].ja, "machiai.conf: \xef\xbf\xbd");
	assert_int_equal(e->replaced, 1);
	assert_string_equal(e->e[3].text, "  indented, not a language: an error of its own");
	assert_string_equal(e->e[3].ja, "");
}

static void test_bom_crlf(void **state)
{
	static const char in[] = "\xef\xbb\xbf/b/machiai.conf:3: a\r\n/b/machiai.conf:40: b\r\n";
	struct errors *e = parse(in, sizeof(in) - 1);

	(void)state;
	assert_int_equal(e->total, 2);
	assert_int_equal(e->e[0].line, 3);
	assert_string_equal(e->e[0].text, "a");
	assert_int_equal(e->e[1].line, 40);
	assert_string_equal(e->e[1].text, "b");
}

static void test_bad_bytes(void **state)
{
	/* Latin-1, a cut sequence, an overlong '/', a surrogate, a NUL, an escape, a tab. */
	static const char in[] = "f:1: caf\xe9 \xe3\x81 \xc0\xaf \xed\xa0\x80 a\0b\x1b[1m\tc";
	struct errors *e = parse(in, sizeof(in) - 1);

	(void)state;
	assert_int_equal(e->total, 1);
	assert_int_equal(e->e[0].line, 1);
	assert_string_equal(e->e[0].text, "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd "
					  "\xef\xbf\xbd\xef\xbf\xbd "
					  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd a b [1m c");
	assert_int_equal(e->replaced, 10);
}

static void test_empty_and_many(void **state)
{
	size_t size = 200 * 40, len = 0;
	char *buf = malloc(size);
	struct errors *e;

	(void)state;
	e = parse("", 0);
	assert_int_equal(e->total, 0);
	e = parse("\r\n \n\t\n", 6);
	assert_int_equal(e->total, 0);
	assert_non_null(buf);
	for (int i = 1; i <= 200; i++)
		len += (size_t)snprintf(buf + len, size - len, "m.conf:%d: error %d\n", i, i);
	e = parse(buf, len);
	assert_int_equal(e->total, 200);
	assert_int_equal(e->n, ERRORS_MAX);
	assert_int_equal(e->e[ERRORS_MAX - 1].line, ERRORS_MAX);
	free(buf);
}

static void test_long_line(void **state)
{
	size_t len = ERRORS_TEXT_MAX * 3;
	char *buf = malloc(len);
	struct errors *e;
	size_t n;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "f:9: ", 5);
	for (size_t i = 5; i + 3 <= len; i += 3)
		memcpy(buf + i, "語", 3);
	e = parse(buf, len - (len - 5) % 3);
	n = strlen(e->e[0].text);
	/* Cut at a character: whole 3-byte characters only. */
	assert_true(n < ERRORS_TEXT_MAX);
	assert_int_equal(n % 3, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),	       cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_japanese),       cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_empty_and_many), cmocka_unit_test(test_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
