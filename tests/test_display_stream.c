/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of display/stream.c's reading of --source: what counts as a
 * URL rather than a file, and the URL asked for (no network).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "display/stream.h"

static void test_url_like(void **state)
{
	static const char *const urls[] = {
		"http://192.168.1.20:8080", "https://sign.example:443/v1/stream",
		"192.168.1.20:8080",	    "machiai.local:8080",
		"localhost:8080/v1/status", "[::1]:8080",
		"[fd00::2]:8080/",
	};
	static const char *const files[] = {
		"status.json",
		"/run/machiai/status.json",
		"./a:b",
		"host:",
		"host:80x",
		":8080",
		"",
		"C:status.json",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		if (!stream_url_like(urls[i]))
			fail_msg("%s: not taken for a URL", urls[i]);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (stream_url_like(files[i]))
			fail_msg("%s: taken for a URL", files[i]);
	}
}

static void test_url_normalize(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "http://192.168.1.20:8080", "http://192.168.1.20:8080/v1/stream" },
		{ "http://192.168.1.20:8080/", "http://192.168.1.20:8080/v1/stream" },
		{ "192.168.1.20:8080", "http://192.168.1.20:8080/v1/stream" },
		{ "192.168.1.20:8080/v1/status", "http://192.168.1.20:8080/v1/status" },
		{ "https://a.example/v1/stream", "https://a.example/v1/stream" },
		{ "[::1]:8080", "http://[::1]:8080/v1/stream" },
	};
	char out[128], tiny[8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(stream_url_normalize(cases[i].in, out, sizeof(out)), 0);
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(stream_url_normalize("http://", out, sizeof(out)), -1);
	assert_int_equal(stream_url_normalize("", out, sizeof(out)), -1);
	assert_int_equal(stream_url_normalize("192.168.1.20:8080", tiny, sizeof(tiny)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_like),
		cmocka_unit_test(test_url_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
