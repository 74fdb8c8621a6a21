/* SPDX-License-Identifier: MIT */
/*
 * The journal: appended lines are on disk when append returns; replay
 * rebuilds the exact state; a torn tail is reported and cut off; a damaged
 * line in the middle is reported and skipped without losing what follows;
 * one file per local day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/civil.h"
#include "daemon/evjson.h"
#include "daemon/journal.h"

#define MIN INT64_C(60000)
#define DAY1 20261123 /* a Monday */
#define DAY2 20261124
#define BADLINE "{\"type\":\"ticket.issue\",\"at\":1,\"category\":\"A\",\"numbr\":2}\n"

static struct config cfg;

struct fixture {
	char dir[64];
	char path[JOURNAL_PATH_MAX];
	struct journal *j;
	struct office *o; /* the state the events were applied to while written */
};

static void add_category(const char *id, const char *prefix)
{
	struct config_category *c = &cfg.categories[cfg.n_categories++];

	snprintf(c->id, sizeof(c->id), "%s", id);
	snprintf(c->name[LANG_JA], sizeof(c->name[LANG_JA]), "区分%s", id);
	snprintf(c->prefix, sizeof(c->prefix), "%s", prefix);
	c->digits = 3;
	c->first = 1;
	c->last = 999;
	c->service_minutes = 5;
}

static void add_window(const char *id, const char *cats)
{
	struct config_window *w = &cfg.windows[cfg.n_windows++];

	snprintf(w->id, sizeof(w->id), "%s", id);
	snprintf(w->label[LANG_JA], sizeof(w->label[LANG_JA]), "%s番窓口", id);
	w->rule = CONFIG_RULE_FIFO;
	w->open = true;
	for (const char *p = cats; *p; p++) {
		char one[2] = { *p, 0 };

		w->categories[w->n_categories++] = config_category_index(&cfg, one);
	}
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	memset(&cfg, 0, sizeof(cfg));
	cfg.utc_offset_minutes = 540;
	for (int d = 0; d < 7; d++) {
		cfg.hours[d].n = 1;
		cfg.hours[d].spans[0].start = 8 * 60 + 30;
		cfg.hours[d].spans[0].end = 17 * 60 + 15;
	}
	cfg.reservation_grace_minutes = 10;
	add_category("A", "A-");
	add_category("B", "B-");
	add_window("1", "A");
	add_window("2", "AB");
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_journal.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->j = journal_new(f->dir, cfg.utc_offset_minutes);
	assert_non_null(f->j);
	assert_int_equal(journal_path(f->j, DAY1, f->path, sizeof(f->path)), 0);
	f->o = office_new(&cfg);
	assert_non_null(f->o);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	journal_free(f->j);
	office_free(f->o);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int64_t at(int32_t day, int hour, int minute)
{
	return civil_to_ms(day, hour * 60 + minute, 540);
}

/* Apply @ev to the fixture's office and journal it, as the daemon does. */
static void put(struct fixture *f, const struct event *ev)
{
	struct office_error oerr;
	char err[256];

	if (office_apply(f->o, ev, &oerr) != 0)
		fail_msg("%s refused: %s", event_type_name(ev->type), oerr.message);
	if (journal_append(f->j, ev, err, sizeof(err)) != 0)
		fail_msg("append: %s", err);
}

static void put_day_open(struct fixture *f, int32_t day, int64_t t)
{
	struct event ev;

	event_init(&ev, EVENT_DAY_OPEN, t);
	ev.day = day;
	put(f, &ev);
}

static void put_issue(struct fixture *f, const char *cat, int64_t t)
{
	struct event ev;

	event_init(&ev, EVENT_TICKET_ISSUE, t);
	snprintf(ev.category, sizeof(ev.category), "%s", cat);
	ev.number = office_next_number(f->o, config_category_index(&cfg, cat));
	put(f, &ev);
}

static void put_window(struct fixture *f, enum event_type type, const char *w, int64_t t)
{
	struct event ev;

	event_init(&ev, type, t);
	snprintf(ev.window, sizeof(ev.window), "%s", w);
	if (type == EVENT_TICKET_CALL) {
		int i = office_next_ticket(f->o, config_window_index(&cfg, w), t);

		assert_true(i >= 0);
		snprintf(ev.ticket, sizeof(ev.ticket), "%s", f->o->tickets[i].label);
	}
	put(f, &ev);
}

/* A morning: open, 12 tickets, calls, recalls, no-shows, a notice, a window change. */
static void put_morning(struct fixture *f)
{
	struct event ev;
	int64_t t = at(DAY1, 8, 30);

	put_day_open(f, DAY1, t);
	for (int i = 0; i < 12; i++)
		put_issue(f, i % 3 ? "A" : "B", t + (i + 1) * MIN);
	put_window(f, EVENT_TICKET_CALL, "1", t + 20 * MIN);
	put_window(f, EVENT_TICKET_CALL, "2", t + 21 * MIN);
	put_window(f, EVENT_TICKET_RECALL, "2", t + 23 * MIN);
	put_window(f, EVENT_TICKET_SERVE, "1", t + 24 * MIN);
	put_window(f, EVENT_TICKET_DONE, "1", t + 30 * MIN);
	put_window(f, EVENT_TICKET_NO_SHOW, "2", t + 31 * MIN);
	put_window(f, EVENT_TICKET_CALL, "2", t + 32 * MIN);
	put_window(f, EVENT_TICKET_CALL, "1", t + 33 * MIN);
	event_init(&ev, EVENT_NOTICE_SET, t + 34 * MIN);
	snprintf(ev.text[LANG_JA], sizeof(ev.text[LANG_JA]), "混雑しています");
	put(f, &ev);
	event_init(&ev, EVENT_WINDOW_SET, t + 35 * MIN);
	snprintf(ev.window, sizeof(ev.window), "1");
	ev.has_open = true;
	ev.open = false;
	put(f, &ev);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void append_raw(const char *path, const char *bytes, size_t n)
{
	FILE *fp = fopen(path, "ab");

	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	fclose(fp);
}

static long file_size(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return (long)sb.st_size;
}

/* Replay @path into a new office, capturing the log; returns the office. */
static struct office *replay(const char *path, bool repair, struct journal_replay_stats *st,
			     char **log)
{
	struct office *o = office_new(&cfg);
	size_t loglen;
	FILE *mem = open_memstream(log, &loglen);

	assert_int_equal(journal_replay(path, o, repair, mem, st), 0);
	fclose(mem);
	return o;
}

/* The two offices hold the same state (the whole struct, but the cfg pointer is shared). */
static void assert_same_state(const struct office *a, const struct office *b)
{
	assert_int_equal(a->seq, b->seq);
	assert_int_equal(a->n_tickets, b->n_tickets);
	assert_memory_equal(a, b, sizeof(*a));
}

static void test_append_is_on_disk(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *text;

	put_day_open(f, DAY1, at(DAY1, 8, 30));
	put_issue(f, "A", at(DAY1, 8, 31));
	/* Read back through another descriptor, as after a crash. */
	text = slurp(f->path, &len);
	assert_string_equal(text,
			    "{\"type\":\"day.open\",\"at\":1795390200000,\"time\":"
			    "\"2026-11-23T08:30:00.000+09:00\",\"day\":\"2026-11-23\"}\n"
			    "{\"type\":\"ticket.issue\",\"at\":1795390260000,\"time\":"
			    "\"2026-11-23T08:31:00.000+09:00\",\"category\":\"A\",\"number\":1}\n");
	free(text);
}

static void test_replay_rebuilds_exact_state(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	struct office *o;
	char *log;

	put_morning(f);
	o = replay(f->path, true, &st, &log);
	assert_int_equal(st.applied, (int)f->o->seq);
	assert_int_equal(st.lines, st.applied);
	assert_int_equal(st.bad + st.refused, 0);
	assert_false(st.torn);
	assert_string_equal(log, "");
	assert_same_state(f->o, o);
	office_free(o);
	free(log);
}

static void test_missing_file_is_empty(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	struct office *o;
	char *log;

	o = replay(f->path, true, &st, &log);
	assert_int_equal(st.lines, 0);
	assert_int_equal(o->seq, 0);
	office_free(o);
	free(log);
}

static void test_torn_last_line(void **state)
{
	static const char *const tails[] = {
		"{\"type\":\"ticket.issue\",\"at\":17953", /* no newline */
		"{\"type\":\"ticket.issue\",\"at\":1795392000000,\"category\":\"A\",\"number\":99}",
		"\0\0\0\0\0\0\0\0\n", /* zeros after a power cut, with a newline */
		"garbage\n{\"type\"", /* two unreadable lines at the end */
	};
	static const size_t lens[] = { 0, 0, 9, 0 };

	for (size_t k = 0; k < sizeof(tails) / sizeof(tails[0]); k++) {
		struct fixture *f = *state;
		struct journal_replay_stats st;
		struct office *o;
		long good;
		char *log, expect[JOURNAL_PATH_MAX + 128];
		char err[128];
		struct event ev;

		if (k > 0) {
			teardown(state);
			setup(state);
			f = *state;
		}
		put_morning(f);
		good = file_size(f->path);
		append_raw(f->path, tails[k], lens[k] ? lens[k] : strlen(tails[k]));

		o = replay(f->path, true, &st, &log);
		assert_true(st.torn);
		assert_int_equal(st.torn_bytes, (long)(lens[k] ? lens[k] : strlen(tails[k])));
		assert_int_equal(st.applied, (int)f->o->seq);
		assert_int_equal(st.bad, 0);
		assert_same_state(f->o, o);
		snprintf(expect, sizeof(expect), "%s:%d: torn tail", f->path, (int)f->o->seq + 1);
		if (!strstr(log, expect))
			fail_msg("log \"%s\" lacks \"%s\"", log, expect);
		/* cut off: the file is back to its last good line */
		assert_int_equal(file_size(f->path), good);
		office_free(o);
		free(log);

		/* appends go on on a clean line, and the next replay is clean */
		event_init(&ev, EVENT_TICKET_ISSUE, at(DAY1, 9, 30));
		snprintf(ev.category, sizeof(ev.category), "B");
		ev.number = office_next_number(f->o, 1);
		assert_int_equal(office_apply(f->o, &ev, &(struct office_error){ 0 }), 0);
		assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), 0);
		o = replay(f->path, true, &st, &log);
		assert_false(st.torn);
		assert_same_state(f->o, o);
		office_free(o);
		free(log);
	}
}

static void test_torn_tail_kept_without_repair(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	struct office *o;
	long size;
	char *log;

	put_morning(f);
	append_raw(f->path, "{\"ty", 4);
	size = file_size(f->path);
	o = replay(f->path, false, &st, &log);
	assert_true(st.torn);
	assert_int_equal(file_size(f->path), size);
	assert_non_null(strstr(log, "ignored"));
	office_free(o);
	free(log);
}

/* A damaged line in the middle is reported with its line and skipped; what follows is kept. */
static void test_bad_line_in_the_middle(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	struct office *o;
	long size;
	char *log, expect[JOURNAL_PATH_MAX + 128];

	put_day_open(f, DAY1, at(DAY1, 8, 30));
	put_issue(f, "A", at(DAY1, 8, 31));
	append_raw(f->path, BADLINE, strlen(BADLINE));
	put_issue(f, "A", at(DAY1, 8, 33));
	put_window(f, EVENT_TICKET_CALL, "1", at(DAY1, 8, 40));
	size = file_size(f->path);

	o = replay(f->path, true, &st, &log);
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.bad, 1);
	assert_int_equal(st.applied, 4);
	assert_false(st.torn);
	assert_int_equal(file_size(f->path), size); /* nothing cut */
	assert_same_state(f->o, o);
	snprintf(expect, sizeof(expect), "%s:3: not a valid event, skipped: $.numbr: unknown field",
		 f->path);
	if (!strstr(log, expect))
		fail_msg("log \"%s\" lacks \"%s\"", log, expect);
	office_free(o);
	free(log);
}

static void test_refused_event_reported(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	struct office *o;
	char *log, expect[JOURNAL_PATH_MAX + 128];
	char err[128];
	struct event ev;

	put_day_open(f, DAY1, at(DAY1, 8, 30));
	/* Written but refused by the office: a call of a ticket nobody took. */
	event_init(&ev, EVENT_TICKET_CALL, at(DAY1, 8, 35));
	snprintf(ev.window, sizeof(ev.window), "1");
	snprintf(ev.ticket, sizeof(ev.ticket), "A-500");
	assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), 0);
	put_issue(f, "A", at(DAY1, 8, 36));

	o = replay(f->path, true, &st, &log);
	assert_int_equal(st.refused, 1);
	assert_int_equal(st.applied, 2);
	assert_same_state(f->o, o);
	snprintf(expect, sizeof(expect), "%s:2: ticket.call refused, skipped: unknown_ticket",
		 f->path);
	if (!strstr(log, expect))
		fail_msg("log \"%s\" lacks \"%s\"", log, expect);
	office_free(o);
	free(log);
}

/*
 * A line is written only if it reads back: the last millisecond of 9999 in the
 * office's time (+09:00) is written and replayed; the last of 9999 UTC, which is
 * 10000-01-01 at +09:00, and a reservation slot there are refused with a message.
 */
static void test_times_round_trip(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	int64_t last_local = civil_to_ms(99991231, 24 * 60, 540) - 1;
	char err[128], path[JOURNAL_PATH_MAX];
	struct event ev;
	struct office *o;
	char *log;

	event_init(&ev, EVENT_DAY_OPEN, last_local);
	ev.day = 99991231;
	assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), 0);
	assert_int_equal(journal_path(f->j, 99991231, path, sizeof(path)), 0);
	o = replay(path, true, &st, &log);
	assert_int_equal(st.applied, 1);
	assert_int_equal(o->last_at, last_local);
	office_free(o);
	free(log);

	event_init(&ev, EVENT_PEOPLE, INT64_C(253402300799999));
	ev.count = 1;
	assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), -1);
	assert_string_equal(
		err, "the event's time cannot be written: times run from 1970 to the end of 9999");
	event_init(&ev, EVENT_RESERVATION_BOOK, at(DAY1, 8, 30));
	snprintf(ev.reservation, sizeof(ev.reservation), "R1");
	snprintf(ev.category, sizeof(ev.category), "A");
	ev.slot_start = last_local;
	ev.slot_end = last_local + 1;
	assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), -1);
	ev.slot_start = -1;
	ev.slot_end = at(DAY1, 9, 0);
	assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), -1);
	ev.slot_start = at(DAY1, 9, 0);
	ev.slot_end = at(DAY1, 9, 30);
	assert_int_equal(journal_append(f->j, &ev, err, sizeof(err)), 0);
}

static void test_daily_rotation(void **state)
{
	struct fixture *f = *state;
	struct journal_replay_stats st;
	struct event ev;
	char path2[JOURNAL_PATH_MAX];
	struct office *o;
	char *log;

	put_morning(f);
	event_init(&ev, EVENT_DAY_CLOSE, at(DAY1, 17, 15));
	ev.day = DAY1;
	put(f, &ev);
	put_day_open(f, DAY2, at(DAY2, 8, 30));
	put_issue(f, "A", at(DAY2, 8, 31));
	put_issue(f, "B", at(DAY2, 8, 32));

	assert_int_equal(journal_path(f->j, DAY2, path2, sizeof(path2)), 0);
	assert_non_null(strstr(path2, "/journal-2026-11-24.jsonl"));
	assert_non_null(strstr(f->path, "/journal-2026-11-23.jsonl"));

	/* Day 2's file alone rebuilds day 2: same numbers, A-001 again. */
	o = replay(path2, true, &st, &log);
	assert_int_equal(st.applied, 3);
	assert_int_equal(o->n_tickets, 2);
	assert_string_equal(o->tickets[0].label, "A-001");
	assert_int_equal(o->day, DAY2);
	assert_int_equal(o->n_tickets, f->o->n_tickets);
	assert_memory_equal(o->tickets, f->o->tickets, sizeof(o->tickets[0]) * 2);
	office_free(o);
	free(log);

	/* Day 1's file ends with its close. */
	o = replay(f->path, true, &st, &log);
	assert_false(o->day_open);
	assert_int_equal(o->day, DAY1);
	office_free(o);
	free(log);
}

/* A write that fails (a full disk) is refused and leaves the file as it was. */
static void test_failed_write_refused(void **state)
{
	struct fixture *f = *state;
	char path[JOURNAL_PATH_MAX];
	struct journal *j;
	struct event ev;
	char err[256] = "";

	assert_int_equal(journal_path(f->j, DAY1, path, sizeof(path)), 0);
	if (symlink("/dev/full", path) != 0)
		fail_msg("symlink %s", path);
	j = journal_new(f->dir, 540);
	event_init(&ev, EVENT_PEOPLE, at(DAY1, 9, 0));
	ev.count = 1;
	assert_int_equal(journal_append(j, &ev, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot write the journal"));
	journal_free(j);

	j = journal_new("/nonexistent/machiai", 540);
	assert_int_equal(journal_append(j, &ev, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot open the journal"));
	journal_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_is_on_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_rebuilds_exact_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_last_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail_kept_without_repair, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_line_in_the_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_event_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daily_rotation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_times_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
