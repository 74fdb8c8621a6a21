/* SPDX-License-Identifier: MIT */
/* The feed documents, the NGSI entities and the request signature. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/civil.h"
#include "core/config.h"
#include "core/event.h"
#include "core/office.h"
#include "feed/feeddoc.h"
#include "feed/ngsi.h"
#include "feed/publisher.h"

#define FIXTURE "tests/feed/status.json"

static int64_t now(void)
{
	return civil_to_ms(20261123, 10 * 60 + 15, 540) + 7000;
}

static json_t *fixture(void)
{
	json_error_t e;
	json_t *doc = json_load_file(FIXTURE, JSON_REJECT_DUPLICATES, &e);

	if (!doc)
		fail_msg("%s:%d: %s", FIXTURE, e.line, e.text);
	return doc;
}

static void test_status_from_fixture(void **state)
{
	char err[256] = "";
	json_t *st = fixture();
	json_t *doc = feeddoc_status(st, now(), 540, 120, err, sizeof(err));
	json_t *c0;
	char *s;

	(void)state;
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "version")), FEEDDOC_VERSION);
	assert_string_equal(json_string_value(json_object_get(doc, "last_updated")),
			    "2026-11-23T10:15:07+09:00");
	assert_int_equal(json_integer_value(json_object_get(doc, "ttl")), 120);
	assert_int_equal(json_integer_value(json_object_get(doc, "seq")), 42);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(doc, "service"), "status")),
		"Open");
	assert_int_equal(json_array_size(json_object_get(doc, "categories")), 6);
	assert_int_equal(json_array_size(json_object_get(doc, "windows")), 10);
	c0 = json_array_get(json_object_get(doc, "categories"), 0);
	assert_int_equal(json_integer_value(json_object_get(c0, "waiting")), 12);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c0, "wait"), "median")),
			 15);
	/* every language of the sign */
	assert_string_equal(json_string_value(json_object_get(json_object_get(c0, "name"), "ko")),
			    "증명서");
	assert_null(json_object_get(doc, "calls"));
	assert_null(json_object_get(doc, "queues"));
	assert_null(json_object_get(c0, "last_issued"));
	/* the ticket holders' lists: A's from "queues", empty ones for the others */
	assert_int_equal(json_array_size(json_object_get(c0, "queue")), 12);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c0, "queue"), 0), "ticket")),
			    "A-031");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c0, "calls"), 0), "window")),
			    "2");
	assert_int_equal(json_array_size(json_object_get(c0, "no_shows")), 1);
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(c0, "reservations"), 0), "booked")),
			 2);
	assert_int_equal(json_array_size(json_object_get(
				 json_array_get(json_object_get(doc, "categories"), 1), "queue")),
			 0);
	s = json_dumps(doc, JSON_COMPACT);
	assert_true(strlen(s) <= FEEDDOC_BUDGET_BASE + 12 * FEEDDOC_BUDGET_PER_WAITING);
	free(s);
	json_decref(doc);
	json_decref(st);
}

/* Each malformed input is refused with the JSON path of the problem. */
static void test_status_errors(void **state)
{
	static const struct {
		const char *path; /* member to change */
		const char *json; /* new value; NULL = delete */
		const char *where;
	} cases[] = {
		{ "seq", NULL, "$.seq" },
		{ "seq", "-1", "$.seq" },
		{ "office", "{\"name\":{\"ja\":\"x\"}}", "$.office.id" },
		{ "service", "{\"status\":\"maybe\"}", "$.service.status" },
		{ "level", "{\"value\":7,\"code\":\"x\"}", "$.level" },
		{ "categories", "[{\"id\":\"A\",\"waiting\":-3}]", "$.categories[0]" },
		{ "categories", "[{\"id\":\"A\",\"waiting\":3,\"name\":{\"en\":\"x\"}}]",
		  "$.categories[0].name.ja" },
		{ "windows", "[{\"id\":\"1\",\"open\":\"yes\"}]", "$.windows[0]" },
		{ "occupancy", "{\"count\":\"many\",\"level\":{\"value\":0,\"code\":\"low\"}}",
		  "$.occupancy.count" },
		{ "queues", "[]", "$.queues" },
		{ "queues", "{\"A\":[]}", "$.queues.A" },
		{ "queues", "{\"A\":{\"waiting\":{}}}", "$.queues.A.waiting" },
		{ "queues",
		  "{\"A\":{\"waiting\":[{\"ticket\":\"A-1\",\"low\":-1,\"median\":2,\"high\":3}]}}",
		  "$.queues.A.waiting[0]" },
		{ "queues", "{\"A\":{\"waiting\":[{\"ticket\":\"A-1\",\"median\":2,\"high\":3}]}}",
		  "$.queues.A.waiting[0]" },
		{ "queues", "{\"A\":{\"calls\":[{\"ticket\":\"A-1\",\"window\":\"1\"}]}}",
		  "$.queues.A.calls[0]" },
		{ "queues", "{\"A\":{\"no_shows\":[{\"at\":\"2026-11-23T10:00:00+09:00\"}]}}",
		  "$.queues.A.no_shows[0]" },
		{ "queues",
		  "{\"A\":{\"reservations\":[{\"id\":\"R-1\",\"start\":\"2026-11-23T10:00:00+09:00\",\"end\":\"2026-11-23T10:30:00+09:00\",\"booked\":0}]}}",
		  "$.queues.A.reservations[0]" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[256] = "";
		json_t *st = fixture();

		if (cases[i].json)
			json_object_set_new(st, cases[i].path,
					    json_loads(cases[i].json, JSON_DECODE_ANY, NULL));
		else
			json_object_del(st, cases[i].path);
		assert_null(feeddoc_status(st, now(), 540, 120, err, sizeof(err)));
		if (!strstr(err, cases[i].where))
			fail_msg("case %zu: '%s' does not name %s", i, err, cases[i].where);
		json_decref(st);
	}
}

static void test_status_no_occupancy_no_notice(void **state)
{
	char err[256];
	json_t *st = fixture();
	json_t *doc;

	(void)state;
	json_object_set_new(st, "occupancy", json_null());
	json_object_del(json_object_get(st, "service"), "notice");
	json_object_set_new(json_object_get(st, "service"), "status", json_string("suspended"));
	doc = feeddoc_status(st, now(), 540, 60, err, sizeof(err));
	assert_non_null(doc);
	assert_true(json_is_null(json_object_get(doc, "occupancy")));
	assert_true(json_is_null(json_object_get(json_object_get(doc, "service"), "note")));
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(doc, "service"), "status")),
		"Suspended");
	json_decref(doc);
	json_decref(st);
}

/* A national holiday: the feed says why it is closed and when it opens next. */
static void test_status_holiday(void **state)
{
	json_error_t e;
	char err[256] = "";
	json_t *st = fixture(), *doc, *svc, *today, *next;

	(void)state;
	json_object_set_new(json_object_get(st, "service"), "status", json_string("closed"));
	json_object_set_new(
		json_object_get(st, "service"), "today",
		json_loads("{\"kind\":\"holiday\",\"weekday\":1,\"holiday\":{\"ja\":\"成人の日\","
			   "\"en\":\"Coming of Age Day\"}}",
			   0, &e));
	json_object_set_new(json_object_get(json_object_get(st, "service"), "hours"), "today",
			    json_null());
	doc = feeddoc_status(st, now(), 540, 60, err, sizeof(err));
	assert_non_null(doc);
	svc = json_object_get(doc, "service");
	today = json_object_get(svc, "today");
	next = json_object_get(svc, "next_opening");
	assert_string_equal(json_string_value(json_object_get(svc, "status")), "Closed");
	assert_string_equal(json_string_value(json_object_get(today, "kind")), "holiday");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(today, "holiday"), "ja")),
		"成人の日");
	assert_int_equal(json_array_size(json_object_get(today, "hours")), 0);
	assert_string_equal(json_string_value(json_object_get(next, "date")), "2026-11-24");
	assert_string_equal(json_string_value(json_object_get(next, "open")), "08:30");
	json_decref(doc);

	/* A bad time is refused with its path. */
	json_object_set_new(json_object_get(json_object_get(st, "service"), "hours"), "next",
			    json_loads("{\"date\":\"2026-11-24\",\"open\":\"8:30\",\"close\":"
				       "\"17:15\"}",
				       0, &e));
	assert_null(feeddoc_status(st, now(), 540, 60, err, sizeof(err)));
	assert_string_equal(err, "$.service.hours.next: expected open and close as HH:MM");
	json_decref(st);
}

/* Levels the daemon does not know yet are null, not an error. */
static void test_status_unknown_levels(void **state)
{
	char err[256];
	json_t *st = fixture();
	json_t *doc;

	(void)state;
	json_object_set_new(st, "level", json_null());
	json_object_set_new(json_array_get(json_object_get(st, "categories"), 0), "level",
			    json_null());
	json_object_set_new(json_object_get(st, "occupancy"), "level", json_null());
	json_object_set_new(json_object_get(st, "occupancy"), "capacity", json_null());
	doc = feeddoc_status(st, now(), 540, 60, err, sizeof(err));
	if (!doc)
		fail_msg("%s", err);
	assert_true(json_is_null(json_object_get(doc, "level")));
	assert_true(json_is_null(
		json_object_get(json_array_get(json_object_get(doc, "categories"), 0), "level")));
	assert_true(json_is_null(json_object_get(json_object_get(doc, "occupancy"), "level")));
	json_decref(doc);
	json_decref(st);
}

static void test_ngsi(void **state)
{
	char err[256];
	json_t *st = fixture();
	json_t *ents = ngsi_entities(st, now(), 540, err, sizeof(err));
	json_t *a, *cf, *batch;

	(void)state;
	assert_non_null(ents);
	assert_int_equal(json_array_size(ents), 7);
	a = json_array_get(ents, 0);
	assert_string_equal(json_string_value(json_object_get(a, "id")),
			    "urn:ngsi-ld:QueueMonitor:131016-0001:A");
	assert_string_equal(json_string_value(json_object_get(a, "type")), "QueueMonitor");
	assert_int_equal(json_integer_value(json_object_get(a, "ticketsToServe")), 12);
	assert_int_equal(json_integer_value(json_object_get(a, "lastTicketIssued")), 42);
	assert_string_equal(json_string_value(json_object_get(a, "lastTicketIssuedLabel")),
			    "A-042");
	assert_int_equal(json_integer_value(json_object_get(a, "ticketServed")), 30);
	assert_string_equal(json_string_value(json_object_get(a, "serviceStatus")), "Open");
	cf = json_array_get(ents, 6);
	assert_string_equal(json_string_value(json_object_get(cf, "type")), "CrowdFlowObserved");
	assert_int_equal(json_integer_value(json_object_get(cf, "peopleCount")), 23);
	assert_true(json_is_false(json_object_get(cf, "congested")));
	assert_string_equal(json_string_value(json_object_get(cf, "dateObserved")),
			    "2026-11-23T10:15:07+09:00");
	batch = ngsi_batch(json_incref(ents));
	assert_string_equal(json_string_value(json_object_get(batch, "actionType")), "append");
	assert_ptr_equal(json_object_get(batch, "entities"), ents);
	json_decref(batch);
	json_decref(ents);
	json_decref(st);
}

/* Known answer, computed independently (Python hmac). */
static void test_sign(void **state)
{
	char sig[80];

	(void)state;
	assert_int_equal(feed_publisher_sign("key", "1795458000", "PUT", "/offices/x/status.json",
					     "{\"a\":1}", 7, sig, sizeof(sig)),
			 0);
	assert_string_equal(
		sig, "sha256=501e49d3fbfe3d404a9e88016a57c14d0c627afb27df8261bff48e2cdac3d98f");
	assert_int_equal(feed_publisher_sign("key", "1", "PUT", "/", "", 0, sig, 40), -1);
}

static void test_forecast_doc(void **state)
{
	struct forecast_sample s = { civil_to_ms(20261116, 9 * 60, 540), true, 10, 30 };
	struct forecast fc;
	json_t *doc, *mon;

	(void)state;
	assert_int_equal(forecast_build(&s, 1, now(), 540, 10, NULL, &fc), 0);
	doc = feeddoc_forecast(&fc, NULL, "131016-0001", now(), 540, 3600);
	assert_non_null(doc);
	mon = json_object_get(json_object_get(doc, "days"), "mon");
	assert_int_equal(json_array_size(mon), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(mon, 0), "start")),
			    "09:00");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(mon, 0), "score")), 100);
	assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "days"), "sun")), 0);
	json_decref(doc);
	doc = feeddoc_discovery("https://f.example/offices/x/", "x", now(), 540, 60, 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "data"), "files")),
			 3);
	json_decref(doc);
}

/*
 * The dates under the default calendar from Monday 2026-11-23 (勤労感謝の日):
 * closed that day; Tuesday follows Saturday to Monday, 3 days more than a
 * Tuesday usually does: its 09:00 slot (5 waiting, 12 min) times
 * 1 + 3 * 0.2129231 = 1.6387692 is 8.2 waiting, 20 min, score 82 against
 * Monday's 10.
 */
static void test_forecast_dates(void **state)
{
	struct forecast_sample s[] = {
		{ civil_to_ms(20261116, 9 * 60, 540), true, 10, 30 },
		{ civil_to_ms(20261117, 9 * 60, 540), true, 5, 12 },
	};
	struct config *cfg = malloc(sizeof(*cfg));
	struct forecast fc;
	json_t *doc, *dates, *tue, *slot;

	(void)state;
	assert_non_null(cfg);
	config_defaults(cfg);
	assert_int_equal(forecast_build(s, 2, now(), 540, 10, cfg, &fc), 0);
	doc = feeddoc_forecast(&fc, cfg, "131016-0001", now(), 540, 3600);
	assert_non_null(doc);
	dates = json_object_get(doc, "dates");
	assert_int_equal(json_array_size(dates), FEEDDOC_FORECAST_DATES);
	assert_string_equal(json_string_value(json_object_get(json_array_get(dates, 0), "date")),
			    "2026-11-23");
	assert_true(json_is_false(json_object_get(json_array_get(dates, 0), "open")));
	assert_int_equal(json_array_size(json_object_get(json_array_get(dates, 0), "slots")), 0);
	tue = json_array_get(dates, 1);
	assert_string_equal(json_string_value(json_object_get(tue, "weekday")), "tue");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(tue, "after_closure"),
							    "closed_days")),
			 3);
	assert_true(json_real_value(json_object_get(json_object_get(tue, "after_closure"),
						    "factor")) == 1.64);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(tue, "after_closure"), "basis")),
		"default");
	slot = json_array_get(json_object_get(tue, "slots"), 0);
	assert_true(json_real_value(json_object_get(slot, "waiting")) == 8.2);
	assert_int_equal(json_integer_value(json_object_get(slot, "wait_minutes")), 20);
	assert_int_equal(json_integer_value(json_object_get(slot, "score")), 82);
	/* Wednesday is an ordinary day: no mark, the weekday's own slots. */
	assert_true(json_is_null(json_object_get(json_array_get(dates, 2), "after_closure")));
	assert_true(json_is_null(json_object_get(json_array_get(dates, 6), "after_closure")));
	/* The usual Tuesday stays as it was. */
	slot = json_array_get(json_object_get(json_object_get(doc, "days"), "tue"), 0);
	assert_int_equal(json_integer_value(json_object_get(slot, "score")), 50);
	assert_true(json_real_value(json_object_get(
			    json_object_get(json_object_get(doc, "basis"), "after_closure"),
			    "per_day")) == 0.213);
	json_decref(doc);
	free(cfg);
}

/* The [feed] keys of machiai.conf reach the publisher's configuration. */
static void test_config_from(void **state)
{
	static const char conf[] =
		"[office]\nid = 131016-0001\nname = みなと区役所\n"
		"timezone = +09:00\n"
		"[feed]\nurl = https://feed.example.jp/machiai\ntoken = abc\n"
		"hmac_key = 0123456789abcdef0123\ninterval = 30\nmin_gap = 2\n"
		"history_interval = 120\n"
		"[category A]\nname = 証明書\n[window 1]\nlabel = 1番\ncategories = A\n";
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct config_errors *errs = calloc(1, sizeof(*errs));
	struct feed_publisher_config pc;

	(void)state;
	if (config_parse(conf, sizeof(conf) - 1, cfg, errs) != 0)
		fail_msg("line %d: %s", errs->e[0].line, errs->e[0].message);
	feed_publisher_config_from(&pc, cfg, "/var/lib/machiai/feed");
	assert_string_equal(pc.url, "https://feed.example.jp/machiai");
	assert_string_equal(pc.office_id, "131016-0001");
	assert_string_equal(pc.token, "abc");
	assert_string_equal(pc.hmac_key, "0123456789abcdef0123");
	assert_string_equal(pc.spool_dir, "/var/lib/machiai/feed");
	assert_int_equal(pc.offset_min, 540);
	assert_int_equal(pc.interval_s, 30);
	assert_int_equal(pc.min_gap_s, 2);
	assert_int_equal(pc.history_interval_s, 120);
	assert_false(pc.ngsi);
	free(errs);
	free(cfg);
}

static void office_event(struct office *o, struct event *ev)
{
	struct office_error err;

	if (office_apply(o, ev, &err) != 0)
		fail_msg("event %s refused: %s", event_type_name(ev->type), err.message);
}

static void office_do(struct office *o, enum event_type type, int64_t t, const char *window)
{
	struct event ev;

	event_init(&ev, type, t);
	if (window)
		snprintf(ev.window, sizeof(ev.window), "%s", window);
	office_event(o, &ev);
}

/* A-001 and so on, or the check-in of reservation @res. */
static void office_issue(struct office *o, const char *res, int64_t t)
{
	struct event ev;

	event_init(&ev, EVENT_TICKET_ISSUE, t);
	snprintf(ev.category, sizeof(ev.category), "A");
	ev.number = office_next_number(o, 0);
	if (res)
		snprintf(ev.reservation, sizeof(ev.reservation), "%s", res);
	office_event(o, &ev);
}

static void office_book(struct office *o, const char *id, int64_t t, int64_t start, int64_t end)
{
	struct event ev;

	event_init(&ev, EVENT_RESERVATION_BOOK, t);
	snprintf(ev.reservation, sizeof(ev.reservation), "%s", id);
	snprintf(ev.category, sizeof(ev.category), "A");
	ev.slot_start = start;
	ev.slot_end = end;
	office_event(o, &ev);
}

static void office_call(struct office *o, const char *window, const char *label, int64_t t)
{
	struct event ev;

	event_init(&ev, EVENT_TICKET_CALL, t);
	snprintf(ev.window, sizeof(ev.window), "%s", window);
	snprintf(ev.ticket, sizeof(ev.ticket), "%s", label);
	office_event(o, &ev);
}

static const char *item_str(const json_t *arr, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(arr, i), key));
}

/*
 * The ticket holders' lists from a real office: calling order with a
 * reservation before and after its slot starts, the bands given per ticket,
 * calls with windows, no-shows, reservation slots as counts only.
 */
static void test_queues(void **state)
{
	static const char conf[] = "[office]\nid = 131016-0001\nname = みなと区役所\n"
				   "timezone = +09:00\n[hours]\nmon = 08:30-17:15\n"
				   "[category A]\nname = 証明書\nprefix = A-\ndigits = 3\n"
				   "[category B]\nname = 住所\nprefix = B-\ndigits = 3\n"
				   "[window 1]\nlabel = 1番\ncategories = A\n"
				   "[window 3]\nlabel = 3番\ncategories = A, B\n";
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct config_errors *errs = calloc(1, sizeof(*errs));
	struct ticket_band *tb = calloc(OFFICE_MAX_TICKETS, sizeof(*tb));
	struct estimator *est = estimator_new(cfg, 7);
	int64_t t0 = civil_to_ms(20261123, 9 * 60, 540), min = 60000;
	int n;
	struct office *o;
	json_t *q, *a, *doc, *st;
	char *s, err[256];

	(void)state;
	if (config_parse(conf, sizeof(conf) - 1, cfg, errs) != 0)
		fail_msg("line %d: %s", errs->e[0].line, errs->e[0].message);
	o = office_new(cfg);
	assert_non_null(o);
	{
		struct event ev;

		event_init(&ev, EVENT_DAY_OPEN, t0);
		ev.day = 20261123;
		office_event(o, &ev);
	}
	office_book(o, "R-secret-1", t0, t0 + 60 * min, t0 + 90 * min);
	office_book(o, "R-secret-2", t0, t0 + 60 * min, t0 + 90 * min);
	office_book(o, "R-secret-3", t0, t0 + 120 * min, t0 + 150 * min);
	for (int i = 0; i < 5; i++)
		office_issue(o, NULL, t0 + i * min); /* A-001 .. A-005 */
	office_issue(o, "R-secret-1", t0 + 6 * min); /* A-006, checked in before its slot */
	office_call(o, "1", "A-001", t0 + 10 * min);
	office_do(o, EVENT_TICKET_NO_SHOW, t0 + 12 * min, "1");
	office_call(o, "3", "A-002", t0 + 13 * min);
	office_call(o, "1", "A-003", t0 + 14 * min);

	/* The estimator's order and bands, as they are. */
	n = estimator_waiting(est, o, t0 + 15 * min, NULL, tb, OFFICE_MAX_TICKETS);
	assert_int_equal(n, 3);
	q = feeddoc_queues(o, tb, n, t0 + 15 * min);
	assert_non_null(q);
	a = json_object_get(json_object_get(q, "A"), "waiting");
	assert_int_equal(json_array_size(a), 3);
	for (int k = 0; k < n; k++) {
		const json_t *item = json_array_get(a, (size_t)tb[k].position - 1);

		assert_string_equal(item_str(a, (size_t)tb[k].position - 1, "ticket"),
				    o->tickets[tb[k].ticket].label);
		assert_int_equal(json_integer_value(json_object_get(item, "low")), tb[k].band.low);
		assert_int_equal(json_integer_value(json_object_get(item, "high")),
				 tb[k].band.high);
		assert_true(tb[k].band.low <= tb[k].band.median &&
			    tb[k].band.median <= tb[k].band.high);
	}
	assert_string_equal(item_str(a, 0, "ticket"), "A-004");
	assert_string_equal(item_str(a, 2, "ticket"), "A-006"); /* its slot is still to come */
	/* Without a band (no estimate): null figures. */
	tb[0].band.basis = WAIT_BASIS_NONE;
	json_decref(q);
	q = feeddoc_queues(o, tb, n, t0 + 15 * min);
	a = json_object_get(json_object_get(q, "A"), "waiting");
	assert_true(json_is_null(json_object_get(json_array_get(a, 0), "median")));
	a = json_object_get(json_object_get(q, "A"), "calls");
	assert_int_equal(json_array_size(a), 3);
	assert_string_equal(item_str(a, 0, "ticket"), "A-003");
	assert_string_equal(item_str(a, 1, "window"), "3");
	assert_string_equal(item_str(a, 1, "at"), "2026-11-23T09:13:00+09:00");
	a = json_object_get(json_object_get(q, "A"), "no_shows");
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(item_str(a, 0, "ticket"), "A-001");
	a = json_object_get(json_object_get(q, "A"), "reservations");
	assert_int_equal(json_array_size(a), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(a, 0), "booked")), 1);
	assert_string_equal(item_str(a, 1, "start"), "2026-11-23T11:00:00+09:00");
	assert_int_equal(json_array_size(json_object_get(json_object_get(q, "B"), "waiting")), 0);

	/* Through the feed document: no reservation id anywhere. */
	st = fixture();
	json_object_set_new(st, "queues", q);
	doc = feeddoc_status(st, now(), 540, 120, err, sizeof(err));
	assert_non_null(doc);
	s = json_dumps(doc, JSON_COMPACT);
	assert_null(strstr(s, "secret"));
	assert_non_null(strstr(s, "\"queue\":[{\"ticket\":\"A-004\""));
	free(s);
	json_decref(doc);
	json_decref(st);

	/* Once the slot has started the reservation goes first. */
	n = estimator_waiting(est, o, t0 + 61 * min, NULL, tb, OFFICE_MAX_TICKETS);
	q = feeddoc_queues(o, tb, n, t0 + 61 * min);
	a = json_object_get(json_object_get(q, "A"), "waiting");
	assert_string_equal(item_str(a, 0, "ticket"), "A-006");
	assert_int_equal(json_array_size(json_object_get(json_object_get(q, "A"), "reservations")),
			 2);
	json_decref(q);

	office_free(o);
	estimator_free(est);
	free(tb);
	free(errs);
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_from_fixture),
		cmocka_unit_test(test_status_errors),
		cmocka_unit_test(test_status_no_occupancy_no_notice),
		cmocka_unit_test(test_status_holiday),
		cmocka_unit_test(test_status_unknown_levels),
		cmocka_unit_test(test_ngsi),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_forecast_doc),
		cmocka_unit_test(test_forecast_dates),
		cmocka_unit_test(test_config_from),
		cmocka_unit_test(test_queues),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
