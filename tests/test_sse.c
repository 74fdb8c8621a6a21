/* SPDX-License-Identifier: MIT */
/* Unit tests of display/sse.c, the Server-Sent Events parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "display/sse.h"

struct got {
	int n;
	char event[8][SSE_EVENT_MAX];
	char data[8][256];
};

static void on_event(void *ctx, const char *event, const char *data, size_t len)
{
	struct got *g = ctx;

	assert_true(g->n < 8);
	assert_int_equal(strlen(data), len);
	snprintf(g->event[g->n], sizeof(g->event[0]), "%s", event);
	snprintf(g->data[g->n], sizeof(g->data[0]), "%s", data);
	g->n++;
}

static void feed_all(struct sse_parser *p, const char *s, struct got *g)
{
	sse_parser_feed(p, s, strlen(s), on_event, g);
}

static void test_status_event(void **state)
{
	struct sse_parser *p = sse_parser_new(1024);
	struct got g = { 0 };

	(void)state;
	feed_all(p, "event: status\ndata: {\"seq\":1}\n\n", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.event[0], "status");
	assert_string_equal(g.data[0], "{\"seq\":1}");
	sse_parser_free(p);
}

static void test_byte_by_byte_crlf(void **state)
{
	const char *s = "event:status\r\ndata:a\r\ndata: b\r\n\r\n: ping\r\n\r\n";
	struct sse_parser *p = sse_parser_new(1024);
	struct got g = { 0 };

	(void)state;
	for (size_t i = 0; i < strlen(s); i++)
		sse_parser_feed(p, s + i, 1, on_event, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.event[0], "status");
	assert_string_equal(g.data[0], "a\nb");
	sse_parser_free(p);
}

static void test_comments_and_ping(void **state)
{
	struct sse_parser *p = sse_parser_new(1024);
	struct got g = { 0 };

	(void)state;
	feed_all(p, ": heartbeat\n\nevent: ping\ndata: \n\n", &g);
	/* A comment alone dispatches nothing; "ping" with empty data is an event. */
	assert_int_equal(g.n, 1);
	assert_string_equal(g.event[0], "ping");
	assert_string_equal(g.data[0], "");
	sse_parser_free(p);
}

static void test_cr_only_and_default_type(void **state)
{
	struct sse_parser *p = sse_parser_new(1024);
	struct got g = { 0 };

	(void)state;
	feed_all(p, "data: x\r\rdata: y\n\n", &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.event[0], "message");
	assert_string_equal(g.data[0], "x");
	assert_string_equal(g.data[1], "y");
	sse_parser_free(p);
}

static void test_no_data_no_event(void **state)
{
	struct sse_parser *p = sse_parser_new(1024);
	struct got g = { 0 };

	(void)state;
	feed_all(p, "event: status\n\n\n\nid: 7\n\n", &g);
	assert_int_equal(g.n, 0);
	/* The type does not leak into the next event. */
	feed_all(p, "data: z\n\n", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.event[0], "message");
	sse_parser_free(p);
}

static void test_too_large_is_dropped(void **state)
{
	struct sse_parser *p = sse_parser_new(8);
	struct got g = { 0 };

	(void)state;
	feed_all(p, "event: status\ndata: 0123456789abcdef0123456789\n\n", &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(sse_parser_dropped(p), 1);
	feed_all(p, "data: 1234\ndata: 5678\n\n", &g); /* 9 bytes with the LF */
	assert_int_equal(g.n, 0);
	assert_int_equal(sse_parser_dropped(p), 2);
	feed_all(p, "data: ok\n\n", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.data[0], "ok");
	sse_parser_free(p);
}

static void test_retry_and_reset(void **state)
{
	struct sse_parser *p = sse_parser_new(64);
	struct got g = { 0 };

	(void)state;
	assert_int_equal(sse_parser_retry_ms(p), -1);
	feed_all(p, "retry: 2500\n", &g);
	assert_int_equal(sse_parser_retry_ms(p), 2500);
	feed_all(p, "retry: 12x\nretry: -5\n", &g);
	assert_int_equal(sse_parser_retry_ms(p), 2500);
	/* A connection lost mid-event: nothing of it survives a reset. */
	feed_all(p, "event: status\ndata: half", &g);
	sse_parser_reset(p);
	feed_all(p, "\n\ndata: whole\n\n", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.event[0], "message");
	assert_string_equal(g.data[0], "whole");
	sse_parser_free(p);
}

static void test_field_without_colon_and_space(void **state)
{
	struct sse_parser *p = sse_parser_new(64);
	struct got g = { 0 };

	(void)state;
	feed_all(p, "data\ndata:  two spaces\n\n", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.data[0], "\n two spaces");
	sse_parser_free(NULL);
	sse_parser_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_event),
		cmocka_unit_test(test_byte_by_byte_crlf),
		cmocka_unit_test(test_comments_and_ping),
		cmocka_unit_test(test_cr_only_and_default_type),
		cmocka_unit_test(test_no_data_no_event),
		cmocka_unit_test(test_too_large_is_dropped),
		cmocka_unit_test(test_retry_and_reset),
		cmocka_unit_test(test_field_without_colon_and_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
