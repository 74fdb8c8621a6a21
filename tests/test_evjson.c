/* SPDX-License-Identifier: MIT */
/* Events as JSON lines: every type round-trips exactly; bad lines say where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/evjson.h"

#define T0 INT64_C(1795392000123) /* 2026-11-23T09:00:00.123+09:00 */

/* One event of type @t with every field its type carries set. */
static void fill(struct event *ev, enum event_type t)
{
	event_init(ev, t, T0 + (int64_t)t * 1000);
	switch (t) {
	case EVENT_DAY_OPEN:
	case EVENT_DAY_CLOSE:
		ev->day = 20261123;
		break;
	case EVENT_TICKET_ISSUE:
		snprintf(ev->category, sizeof(ev->category), "A");
		ev->number = 12;
		snprintf(ev->reservation, sizeof(ev->reservation), "R-2026-0001");
		break;
	case EVENT_TICKET_CALL:
		snprintf(ev->window, sizeof(ev->window), "1");
		snprintf(ev->ticket, sizeof(ev->ticket), "A-012");
		break;
	case EVENT_TICKET_RECALL:
	case EVENT_TICKET_SERVE:
	case EVENT_TICKET_DONE:
	case EVENT_TICKET_NO_SHOW:
		snprintf(ev->window, sizeof(ev->window), "window-%d", (int)t);
		break;
	case EVENT_TICKET_CANCEL:
		snprintf(ev->ticket, sizeof(ev->ticket), "B-101");
		break;
	case EVENT_RESERVATION_BOOK:
		snprintf(ev->reservation, sizeof(ev->reservation), "R1");
		snprintf(ev->category, sizeof(ev->category), "B");
		ev->slot_start = T0 + 3600000;
		ev->slot_end = T0 + 5400000;
		break;
	case EVENT_RESERVATION_CANCEL:
	case EVENT_RESERVATION_EXPIRE:
		snprintf(ev->reservation, sizeof(ev->reservation), "R%d", (int)t);
		break;
	case EVENT_WINDOW_SET:
		snprintf(ev->window, sizeof(ev->window), "3");
		ev->has_open = true;
		ev->open = false;
		ev->has_categories = true;
		ev->n_categories = 2;
		snprintf(ev->categories[0], sizeof(ev->categories[0]), "B");
		snprintf(ev->categories[1], sizeof(ev->categories[1]), "A");
		break;
	case EVENT_NOTICE_SET:
		snprintf(ev->text[LANG_JA], sizeof(ev->text[LANG_JA]),
			 "本日は\"混雑\"\nしています");
		snprintf(ev->text[LANG_EN], sizeof(ev->text[LANG_EN]), "Busy today");
		snprintf(ev->text[LANG_JA_EASY], sizeof(ev->text[LANG_JA_EASY]), "こんでいます");
		break;
	case EVENT_SERVICE_SET:
		ev->service = EVENT_SERVICE_SUSPENDED;
		break;
	case EVENT_DOOR:
		ev->open = true;
		break;
	case EVENT_PEOPLE:
		ev->count = -1;
		break;
	case EVENT_OCCUPANCY_RESET:
		ev->count = -7;
		break;
	case EVENT_SENSOR:
		snprintf(ev->sensor, sizeof(ev->sensor), "beams");
		ev->ok = false;
		break;
	default:
		fail_msg("no test event for type %d", (int)t);
	}
}

static void test_round_trip_every_type(void **state)
{
	(void)state;
	for (int t = 0; t < EVENT_TYPE_COUNT; t++) {
		struct event in, out;
		char err[EVJSON_ERROR_MAX] = "";
		char *line;

		fill(&in, (enum event_type)t);
		line = evjson_encode(&in, 540);
		assert_non_null(line);
		assert_null(strchr(line, '\n'));
		if (evjson_decode(line, strlen(line), &out, err, sizeof(err)) != 0)
			fail_msg("%s: %s: %s", event_type_name(t), line, err);
		if (memcmp(&in, &out, sizeof(in)) != 0)
			fail_msg("%s does not round-trip: %s", event_type_name(t), line);
		free(line);
	}
}

/* Optional fields left out stay out, and come back unset. */
static void test_round_trip_optional(void **state)
{
	struct event in, out;
	char err[EVJSON_ERROR_MAX];
	char *line;

	(void)state;
	event_init(&in, EVENT_WINDOW_SET, T0);
	snprintf(in.window, sizeof(in.window), "2");
	in.has_open = true;
	in.open = true;
	line = evjson_encode(&in, 540);
	assert_string_equal(line, "{\"type\":\"window.set\",\"at\":1795392000123,"
				  "\"time\":\"2026-11-23T09:00:00.123+09:00\",\"window\":\"2\","
				  "\"open\":true}");
	assert_int_equal(evjson_decode(line, strlen(line), &out, err, sizeof(err)), 0);
	assert_memory_equal(&in, &out, sizeof(in));
	free(line);

	event_init(&in, EVENT_TICKET_ISSUE, T0);
	snprintf(in.category, sizeof(in.category), "B");
	in.number = 7;
	line = evjson_encode(&in, -300);
	assert_string_equal(line, "{\"type\":\"ticket.issue\",\"at\":1795392000123,"
				  "\"time\":\"2026-11-22T19:00:00.123-05:00\",\"category\":\"B\","
				  "\"number\":7}");
	assert_int_equal(evjson_decode(line, strlen(line), &out, err, sizeof(err)), 0);
	assert_memory_equal(&in, &out, sizeof(in));
	free(line);
}

/* The band shown at issue goes into the line and comes back; lines without it still read. */
static void test_issue_wait_band(void **state)
{
	static const char old[] = "{\"type\":\"ticket.issue\",\"at\":5,\"category\":\"A\","
				  "\"number\":3}";
	struct event in, out;
	char err[EVJSON_ERROR_MAX];
	char *line;

	(void)state;
	event_init(&in, EVENT_TICKET_ISSUE, T0);
	snprintf(in.category, sizeof(in.category), "A");
	in.number = 12;
	in.has_wait = true;
	in.wait_low = 10;
	in.wait_median = 15;
	in.wait_high = 25;
	line = evjson_encode(&in, 540);
	assert_string_equal(line, "{\"type\":\"ticket.issue\",\"at\":1795392000123,"
				  "\"time\":\"2026-11-23T09:00:00.123+09:00\",\"category\":\"A\","
				  "\"number\":12,\"wait\":{\"low\":10,\"median\":15,\"high\":25,"
				  "\"soon\":false}}");
	assert_int_equal(evjson_decode(line, strlen(line), &out, err, sizeof(err)), 0);
	assert_memory_equal(&in, &out, sizeof(in));
	free(line);

	assert_int_equal(evjson_decode(old, strlen(old), &out, err, sizeof(err)), 0);
	assert_false(out.has_wait);
	assert_int_equal(out.number, 3);
}

/* What Jansson alone makes of @line: 0 with @ev filled, or -1. */
static int decode_jansson(const char *line, size_t len, struct event *ev)
{
	char err[EVJSON_ERROR_MAX];
	json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	int rc;

	if (!obj)
		return -1;
	rc = evjson_from_json(obj, ev, err, sizeof(err));
	json_decref(obj);
	return rc;
}

/* evjson_decode() has a fast path for the lines it writes: it must accept
 * exactly what the Jansson path accepts, with the same event, on every line
 * of every type and on thousands of damaged copies of them. */
static void check_same(const char *line, size_t len)
{
	struct event a, b;
	char err[EVJSON_ERROR_MAX];
	int ra = evjson_decode(line, len, &a, err, sizeof(err));
	int rb = decode_jansson(line, len, &b);

	if (ra != rb)
		fail_msg("%.*s: decode %d, Jansson %d (%s)", (int)len, line, ra, rb, err);
	if (ra == 0 && memcmp(&a, &b, sizeof(a)) != 0)
		fail_msg("%.*s: decode and Jansson give different events", (int)len, line);
}

static void test_fast_path_agrees(void **state)
{
	static const char repl[] = "0\"}-x1:,{ e.\\";
	char mut[1024];
	int checked = 0;

	(void)state;
	for (int t = 0; t <= EVENT_TYPE_COUNT; t++) {
		struct event in;
		char *line;
		size_t n;

		fill(&in, (enum event_type)(t < EVENT_TYPE_COUNT ? t : EVENT_TICKET_ISSUE));
		if (t == EVENT_TYPE_COUNT) {
			in.has_wait = true;
			in.wait_low = 3;
			in.wait_median = 9;
			in.wait_high = 21;
		}
		line = evjson_encode(&in, 540);
		n = strlen(line);
		assert_true(n + 2 < sizeof(mut));
		check_same(line, n);
		for (size_t i = 0; i < n; i++) {
			/* without byte i */
			memcpy(mut, line, i);
			memcpy(mut + i, line + i + 1, n - i - 1);
			check_same(mut, n - 1);
			/* byte i replaced */
			for (const char *r = repl; *r; r++) {
				memcpy(mut, line, n);
				mut[i] = *r;
				check_same(mut, n);
				checked++;
			}
			/* a byte inserted before byte i */
			memcpy(mut, line, i);
			mut[i] = '1';
			memcpy(mut + i + 1, line + i, n - i);
			check_same(mut, n + 1);
		}
		free(line);
	}
	assert_true(checked > 10000);
}

static void test_time_is_optional_but_checked(void **state)
{
	static const char ok[] = "{\"type\":\"people\",\"at\":5,\"count\":1}";
	struct event ev;
	char err[EVJSON_ERROR_MAX];

	(void)state;
	assert_int_equal(evjson_decode(ok, strlen(ok), &ev, err, sizeof(err)), 0);
	assert_int_equal(ev.at, 5);
	assert_int_equal(ev.count, 1);
}

static void test_bad_lines(void **state)
{
	static const struct {
		const char *line;
		const char *error;
	} cases[] = {
		{ "", "1:0:" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1", "1:" },
		{ "[1,2]", "$: expected an object" },
		{ "{\"at\":1}", "$.type: missing" },
		{ "{\"type\":7,\"at\":1}", "$.type: expected a string" },
		{ "{\"type\":\"ticket.eat\",\"at\":1}", "$.type: unknown event type" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1,\"count\":2}", "duplicate" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1,\"colour\":2}",
		  "$.colour: unknown field" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1,\"window\":\"1\"}",
		  "$.window: not a field of this event type" },
		{ "{\"type\":\"people\",\"count\":1}", "$.at: missing" },
		{ "{\"type\":\"people\",\"at\":\"now\",\"count\":1}", "$.at: expected an integer" },
		{ "{\"type\":\"people\",\"at\":-5,\"count\":1}", "$.at: -5 is out of range" },
		{ "{\"type\":\"people\",\"at\":1}", "$.count: missing" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1.5}", "$.count: expected an integer" },
		{ "{\"type\":\"people\",\"at\":1,\"time\":\"2026-11-23T09:00:00+09:00\",\"count\":1}",
		  "$.time: does not match $.at" },
		{ "{\"type\":\"people\",\"at\":1,\"time\":\"yesterday\",\"count\":1}",
		  "$.time: expected an ISO 8601 time" },
		{ "{\"type\":\"day.open\",\"at\":1,\"day\":\"2026-02-30\"}",
		  "$.day: expected a date YYYY-MM-DD" },
		{ "{\"type\":\"day.open\",\"at\":1,\"day\":20261123}", "$.day: expected a string" },
		{ "{\"type\":\"ticket.call\",\"at\":1,\"window\":\"1\"}", "$.ticket: missing" },
		{ "{\"type\":\"ticket.call\",\"at\":1,\"window\":\"\",\"ticket\":\"A-1\"}",
		  "$.window: empty" },
		{ "{\"type\":\"ticket.call\",\"at\":1,\"window\":\"1\",\"ticket\":\"A-0000000000000001\"}",
		  "$.ticket: longer than 15 bytes" },
		{ "{\"type\":\"ticket.issue\",\"at\":1,\"category\":\"A\",\"number\":-1}",
		  "$.number: -1 is out of range" },
		{ "{\"type\":\"ticket.issue\",\"at\":1,\"category\":\"A\",\"number\":1,\"wait\":5}",
		  "$.wait: expected an object" },
		{ "{\"type\":\"ticket.issue\",\"at\":1,\"category\":\"A\",\"number\":1,"
		  "\"wait\":{\"low\":9,\"median\":5,\"high\":20,\"soon\":false}}",
		  "$.wait: expected low <= median <= high" },
		{ "{\"type\":\"ticket.issue\",\"at\":1,\"category\":\"A\",\"number\":1,"
		  "\"wait\":{\"low\":1,\"median\":5,\"high\":20}}",
		  "$.wait.soon: expected true or false" },
		{ "{\"type\":\"ticket.issue\",\"at\":1,\"category\":\"A\",\"number\":1,"
		  "\"wait\":{\"low\":1,\"median\":5,\"high\":20,\"soon\":true,\"p\":1}}",
		  "$.wait.p: unknown field" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1,\"wait\":{}}",
		  "$.wait: not a field of this event type" },
		{ "{\"type\":\"window.set\",\"at\":1,\"window\":\"1\",\"open\":1}",
		  "$.open: expected true or false" },
		{ "{\"type\":\"window.set\",\"at\":1,\"window\":\"1\",\"categories\":[\"A\",2]}",
		  "$.categories[1]: expected a string" },
		{ "{\"type\":\"notice.set\",\"at\":1,\"text\":{\"fr\":\"bonjour\"}}",
		  "$.text.fr: unknown language" },
		{ "{\"type\":\"notice.set\",\"at\":1,\"text\":{\"en\":null}}",
		  "$.text.en: expected a string" },
		{ "{\"type\":\"service.set\",\"at\":1,\"service\":\"closed\"}",
		  "$.service: expected \"open\" or \"suspended\"" },
		{ "{\"type\":\"sensor\",\"at\":1,\"sensor\":\"beams\"}", "$.ok: missing" },
		{ "{\"type\":\"people\",\"at\":1,\"count\":1}\0", "NUL byte" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct event ev;
		char err[EVJSON_ERROR_MAX] = "";
		size_t len = strlen(cases[i].line);

		if (strstr(cases[i].error, "NUL"))
			len++;
		if (evjson_decode(cases[i].line, len, &ev, err, sizeof(err)) == 0)
			fail_msg("accepted: %s", cases[i].line);
		if (!strstr(err, cases[i].error))
			fail_msg("%s: error \"%s\", expected \"%s\"", cases[i].line, err,
				 cases[i].error);
	}
}

static void test_overlong_line(void **state)
{
	size_t n = EVJSON_LINE_MAX + 10;
	char *line = malloc(n);
	struct event ev;
	char err[EVJSON_ERROR_MAX];

	(void)state;
	memset(line, ' ', n);
	assert_int_equal(evjson_decode(line, n, &ev, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than"));
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_every_type),
		cmocka_unit_test(test_round_trip_optional),
		cmocka_unit_test(test_issue_wait_band),
		cmocka_unit_test(test_fast_path_agrees),
		cmocka_unit_test(test_time_is_optional_but_checked),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_overlong_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
