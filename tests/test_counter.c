/* SPDX-License-Identifier: MIT */
/*
 * Beam counter, pulse counter and buttons, from edge traces. Each case is a
 * trace written as "A+0 B+100 A-300 B-400": beam (A outer, B inner; I/O the
 * pulse lines; K a button), + blocked/active or - clear, time in ms. The
 * expected outputs are written the same way: "+1@400" a crossing in,
 * "-1@400" out, "FA@2500" a fault raised on beam A, "fA@9000" cleared,
 * "P@10" a button press.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/counter.h"
#include "sensors/trace.h"

struct step {
	char line;
	bool level;
	int64_t at;
};

static int parse_trace(const char *s, struct step *steps, int max)
{
	int n = 0;
	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		assert_true(n < max);
		steps[n].line = s[0];
		assert_true(s[1] == '+' || s[1] == '-');
		steps[n].level = s[1] == '+';
		char *end;
		steps[n].at = strtoll(s + 2, &end, 10);
		assert_true(end != s + 2);
		s = end;
		n++;
	}
	return n;
}

static void out_append(char *buf, size_t size, const struct counter_out *o, int n)
{
	for (int i = 0; i < n; i++) {
		size_t len = strlen(buf);
		const char *sep = len ? " " : "";
		switch (o[i].kind) {
		case COUNTER_OUT_CROSSING:
			snprintf(buf + len, size - len, "%s%+d@%lld", sep, o[i].count,
				 (long long)o[i].at);
			break;
		case COUNTER_OUT_FAULT:
			snprintf(buf + len, size - len, "%s%c%c@%lld", sep, o[i].fault ? 'F' : 'f',
				 o[i].beam == COUNTER_BEAM_OUTER ? 'A' : 'B', (long long)o[i].at);
			break;
		case COUNTER_OUT_PRESS:
			snprintf(buf + len, size - len, "%sP@%lld", sep, (long long)o[i].at);
			break;
		}
	}
}

/* Runs @trace through a beam counter and a pulse counter and a button. */
static void run(const char *trace, char *got, size_t size, struct counter_beam_stats *stats)
{
	struct step steps[256];
	int n = parse_trace(trace, steps, 256);
	struct counter_timing t;
	counter_timing_defaults(&t);
	struct counter_beams c;
	counter_beams_init(&c, &t);
	struct counter_pulses p;
	counter_pulses_init(&p, 10);
	struct counter_button b;
	counter_button_init(&b, 10);
	struct counter_out out[COUNTER_OUT_MAX];
	got[0] = '\0';
	int64_t last = 0;
	for (int i = 0; i < n; i++) {
		int k = 0;
		switch (steps[i].line) {
		case 'A':
		case 'B':
			k = counter_beams_edge(&c, steps[i].line == 'A' ? 0 : 1, steps[i].level,
					       steps[i].at, out, COUNTER_OUT_MAX);
			break;
		case 'I':
		case 'O':
			k = counter_pulses_edge(&p, steps[i].line == 'I' ? 0 : 1, steps[i].level,
						steps[i].at, out, COUNTER_OUT_MAX);
			break;
		case 'K':
			k = counter_button_edge(&b, steps[i].level, steps[i].at, out,
						COUNTER_OUT_MAX);
			break;
		default:
			fail_msg("bad line %c", steps[i].line);
		}
		out_append(got, size, out, k);
		last = steps[i].at;
	}
	/* Let every timer run out, stepping from due time to due time. */
	for (int guard = 0; guard < 100; guard++) {
		int64_t due = counter_beams_due(&c);
		if (counter_pulses_due(&p) < due)
			due = counter_pulses_due(&p);
		if (counter_button_due(&b) < due)
			due = counter_button_due(&b);
		if (due == COUNTER_NEVER || due > last + 60000)
			break;
		out_append(got, size, out, counter_beams_advance(&c, due, out, COUNTER_OUT_MAX));
		out_append(got, size, out, counter_pulses_advance(&p, due, out, COUNTER_OUT_MAX));
		out_append(got, size, out, counter_button_advance(&b, due, out, COUNTER_OUT_MAX));
		/* Work due is done when advanced to: no busy loop. */
		assert_true(counter_beams_due(&c) > due);
		assert_true(counter_pulses_due(&p) > due);
		assert_true(counter_button_due(&b) > due);
	}
	if (stats)
		*stats = c.stats;
}

struct trace_case {
	const char *name;
	const char *trace;
	const char *want;
};

static const struct trace_case cases[] = {
	{ "entry", "A+0 B+100 A-300 B-400", "+1@400" },
	{ "exit", "B+0 A+100 B-300 A-400", "-1@400" },
	{ "entry then exit", "A+0 B+100 A-300 B-400 B+2000 A+2100 B-2300 A-2400",
	  "+1@400 -1@2400" },
	{ "turn-back in the middle", "A+0 B+100 B-200 A-300", "" },
	{ "turn-back from the inside", "B+0 A+100 A-250 B-400", "" },
	{ "look-in on the outer beam only", "A+0 A-200", "" },
	{ "beams apart: second within 500 ms", "A+0 A-200 B+450 B-650", "+1@650" },
	{ "beams apart: second too late", "A+0 A-200 B+800 B-1000", "" },
	{ "glitch shorter than min break", "A+0 A-10 B+50 B-60", "" },
	{ "legs: a short clear joins the break", "A+0 A-100 A+140 B+200 A-350 B-450", "+1@450" },
	{ "legs: a short clear on the last beam ends nothing", "A+0 B+100 A-300 B-400 B+440 B-500",
	  "+1@500" },
	{ "a clear longer than min gap ends the break", "A+0 B+100 A-300 B-400 B+480 B-500",
	  "+1@400" },
	{ "wobble, still entering", "A+0 B+100 A-300 A+500 A-600 B-700", "+1@700" },
	{ "two people close together", "A+0 B+100 A-300 B-400 A+500 B+600 A-800 B-900",
	  "+1@400 +1@900" },
	{ "two people in opposite directions", "A+0 B+100 A-300 B-400 B+480 A+580 B-780 A-880",
	  "+1@400 -1@880" },
	{ "bounce on every edge",
	  "A+0 A-1 A+2 A-3 A+4 B+100 B-101 B+102 A-300 A+301 A-302 A+303 A-304 B-400 B+401 "
	  "B-402",
	  "+1@402" },
	{ "stuck beam raises and clears the fault",
	  "A+0 B+1000 B-1200 B+3000 B-3200 A-9000 A+10000 B+10100 A-10300 B-10400",
	  "FA@2500 fA@9000 +1@10400" },
	{ "person standing in the door", "A+0 B+100 A-3000 B-3100",
	  "FA@2500 FB@2600 fA@3000 fB@3100" },
	{ "pulse counter in and out", "I+0 I-50 O+1000 O-1050 I+2000 I-2050",
	  "+1@0 -1@1000 +1@2000" },
	{ "pulse counter with bounce", "I+0 I-2 I+4 I-60 I+61 I-63", "+1@4" },
	{ "pulse shorter than debounce", "O+0 O-5", "" },
	{ "button press, held 5 s", "K+0 K-5000", "P@0" },
	{ "button bounce on press and release", "K+0 K-1 K+2 K-3 K+4 K-300 K+301 K-302", "P@4" },
	{ "two presses", "K+0 K-100 K+500 K-600", "P@0 P@500" },
};

static void test_traces(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[512];
		run(cases[i].trace, got, sizeof(got), NULL);
		if (strcmp(got, cases[i].want) != 0) {
			print_error("%s: got \"%s\", want \"%s\"\n", cases[i].name, got,
				    cases[i].want);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

static void test_stats(void **state)
{
	(void)state;
	struct counter_beam_stats s;
	char got[256];
	run("A+0 B+100 B-200 A-300 A+1000 A-1200 A+3000 A-3010", got, sizeof(got), &s);
	assert_string_equal(got, "");
	assert_int_equal(s.turn_backs, 1);
	assert_int_equal(s.timeouts, 1);
	assert_int_equal(s.glitches, 1);
	run("A+0 B+1000 B-1200 A-9000", got, sizeof(got), &s);
	assert_int_equal(s.spoiled, 1);
}

static void test_debounce(void **state)
{
	(void)state;
	struct counter_debounce d;
	counter_debounce_init(&d, false, 25, 75);
	assert_false(counter_debounce_pending(&d));
	assert_true(counter_debounce_due(&d) == COUNTER_NEVER);
	counter_debounce_edge(&d, true, 1000);
	assert_true(counter_debounce_due(&d) == 1025);
	assert_false(counter_debounce_advance(&d, 1024, NULL));
	int64_t at = 0;
	assert_true(counter_debounce_advance(&d, 1025, &at));
	assert_true(d.level);
	assert_true(at == 1000);
	counter_debounce_edge(&d, true, 1100); /* same level: a lost edge */
	assert_false(counter_debounce_pending(&d));
	counter_debounce_edge(&d, false, 1200);
	assert_true(counter_debounce_due(&d) == 1275);
	counter_debounce_edge(&d, true, 1230);
	assert_false(counter_debounce_pending(&d));
	assert_int_equal(d.glitches, 1);
}

/* Edges older than the newest are taken at the newest time. */
static void test_out_of_order(void **state)
{
	(void)state;
	char got[128];
	run("A+1000 B+1100 A-900 B-1400", got, sizeof(got), NULL);
	assert_string_equal(got, "+1@1400");
}

/* Synthetic traces: single file must be counted right at least 99% of the time. */
static void test_synthetic_single_file(void **state)
{
	(void)state;
	struct trace_params tp;
	trace_params_defaults(&tp);
	struct trace_result r;
	assert_int_equal(trace_run(&tp, 500, TRACE_SINGLE, 42, &r), 0);
	print_message("single file: in %d/%d, out %d/%d\n", r.counted_in, r.true_in, r.counted_out,
		      r.true_out);
	assert_true(r.true_in > 200 && r.true_out > 200);
	assert_true(r.counted_in * 100 >= r.true_in * 99);
	assert_true(r.counted_out * 100 >= r.true_out * 99);
	assert_int_equal(r.false_in + r.false_out, 0);
	assert_true(r.turn_backs > 0);
}

/* Side-by-side pairs: the beams see one body. Counted once, never wrongly. */
static void test_synthetic_pairs(void **state)
{
	(void)state;
	struct trace_params tp;
	trace_params_defaults(&tp);
	struct trace_result r;
	assert_int_equal(trace_run(&tp, 300, TRACE_PAIRS, 43, &r), 0);
	print_message("pairs: in %d/%d, out %d/%d\n", r.counted_in, r.true_in, r.counted_out,
		      r.true_out);
	assert_true(r.counted_in * 100 >= r.true_in * 45);
	assert_true(r.counted_out * 100 >= r.true_out * 45);
	assert_int_equal(r.false_in + r.false_out, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_traces),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_debounce),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_synthetic_single_file),
		cmocka_unit_test(test_synthetic_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
