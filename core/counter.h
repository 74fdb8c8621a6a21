/* SPDX-License-Identifier: MIT */
/*
 * Counting from timestamped edges: debounced lines, the two-beam people
 * counter (RESEARCH.md §3), the in/out pulse counter and buttons.
 * Pure: edges come in with their time in milliseconds since the epoch;
 * time-driven decisions (a beam blocked too long, a second beam that never
 * came) are taken by *_advance() at the time the caller passes, and *_due()
 * says when the next one is due, so that a poll loop knows how long to wait.
 *
 * Timings, all in milliseconds (docs/sensors.md):
 * - min_break (25): a beam must stay blocked this long for the break to
 *   count; shorter breaks are glitches (an insect, electrical noise, contact
 *   bounce) and are dropped.
 * - min_gap (75): a beam must stay clear this long for a break to end;
 *   shorter clears (legs, a swinging bag, bounce) join two breaks into one.
 *   A level change is thus confirmed min_break or min_gap after it happened,
 *   but it is dated at the moment it happened, and the two beams' confirmed
 *   changes are fed to the state machine in the order they happened.
 * - second (500): after the first beam clears with the second beam never
 *   broken, the second beam must be broken within this time; otherwise the
 *   passage is discarded (someone looked in and turned back).
 * - blocked (2500): a beam blocked continuously for this long raises the
 *   "blocked" fault; the passage under way is discarded, and the fault
 *   clears when the beam clears.
 *
 * State machine on the confirmed levels, S = 2A + B (A outer, B inner): a
 * passage starts when either beam is broken with both clear, and ends when
 * both are clear again after both were broken. It counts +1 when A was broken
 * first and B cleared last (0→2→3→1→0), −1 when B was first and A last
 * (0→1→3→2→0); a passage that starts and ends on the same beam is a turn-back
 * and counts nothing. A moment with both beams clear inside a passage (beams
 * further apart than a body) is accepted when the second beam follows within
 * `second`.
 */
#ifndef MACHIAI_CORE_COUNTER_H
#define MACHIAI_CORE_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#define COUNTER_NEVER INT64_MAX /* *_due() when nothing is pending */
#define COUNTER_OUT_MAX 8 /* outputs one call can produce, at most */

enum counter_beam {
	COUNTER_BEAM_OUTER, /* A: the street side */
	COUNTER_BEAM_INNER, /* B: the lobby side */
};

/* One line's level filtered: a change is confirmed once it has held. */
struct counter_debounce {
	bool level; /* confirmed level; true = active (blocked, pressed, open) */
	bool raw; /* last raw level seen */
	int64_t raw_at; /* when raw last changed */
	int hold_on_ms; /* how long the active level must hold */
	int hold_off_ms; /* how long the inactive level must hold */
	int glitches; /* changes that reverted before they held */
};

/**
 * counter_debounce_init() - a filter at confirmed @level that confirms a
 * change to active after @hold_on_ms and to inactive after @hold_off_ms.
 */
void counter_debounce_init(struct counter_debounce *d, bool level, int hold_on_ms, int hold_off_ms);

/**
 * counter_debounce_edge() - the raw line went to @level at @at. An edge to
 * the level the line already has (a lost edge in between) is ignored.
 */
void counter_debounce_edge(struct counter_debounce *d, bool level, int64_t at);

/** counter_debounce_pending() - whether an unconfirmed change is pending. */
bool counter_debounce_pending(const struct counter_debounce *d);

/** counter_debounce_due() - when the pending change confirms, or COUNTER_NEVER. */
int64_t counter_debounce_due(const struct counter_debounce *d);

/**
 * counter_debounce_advance() - confirm the pending change if it has held
 * until @now.
 * Return: true when the confirmed level changed; then *@at (if not NULL) is
 * the time the raw change happened.
 */
bool counter_debounce_advance(struct counter_debounce *d, int64_t now, int64_t *at);

struct counter_timing {
	int min_break_ms; /* default 25 */
	int min_gap_ms; /* default 75 */
	int second_ms; /* default 500 */
	int blocked_ms; /* default 2500 */
};

/** counter_timing_defaults() - the timings of RESEARCH.md §3. */
void counter_timing_defaults(struct counter_timing *t);

enum counter_out_kind {
	COUNTER_OUT_CROSSING, /* count: +1 in, -1 out */
	COUNTER_OUT_FAULT, /* beam, fault: blocked fault raised or cleared */
	COUNTER_OUT_PRESS, /* a button press */
};

struct counter_out {
	enum counter_out_kind kind;
	int64_t at; /* when it happened (the clear that ended a passage, ...) */
	int count;
	int beam; /* enum counter_beam, FAULT */
	bool fault; /* FAULT: true raised, false cleared */
};

/* Statistics of a beam counter, for reports and tests. */
struct counter_beam_stats {
	int ins, outs; /* passages counted */
	int turn_backs; /* passages that started and ended on the same beam */
	int timeouts; /* first beam only, second never broken in time */
	int spoiled; /* passages discarded by a blocked fault */
	int glitches; /* changes dropped by the filters */
};

struct counter_beams {
	struct counter_timing t;
	struct counter_debounce beam[2];
	bool level[2]; /* levels as the state machine has seen them */
	int64_t blocked_since[2];
	bool fault[2];

	bool active; /* a passage is under way */
	bool spoiled; /* ... and will be discarded */
	int first; /* the beam that started it */
	bool seen[2]; /* the beams broken during it */
	bool waiting; /* both clear, waiting for the second beam */
	int64_t wait_until;
	int64_t now; /* time advanced to */

	struct counter_beam_stats stats;
};

/** counter_beams_init() - a beam counter with both beams clear, timings @t. */
void counter_beams_init(struct counter_beams *c, const struct counter_timing *t);

/**
 * counter_beams_edge() - raw edge of @beam to @blocked at @at. Everything
 * due before @at is decided first. Edges must come in time order (an older
 * time is taken as the newest time seen).
 * Return: the number of outputs written to @out (at most @max, which must be
 * at least COUNTER_OUT_MAX).
 */
int counter_beams_edge(struct counter_beams *c, int beam, bool blocked, int64_t at,
		       struct counter_out *out, int max);

/**
 * counter_beams_advance() - decide everything due by @now: confirmed level
 * changes, the second-beam timeout, blocked faults.
 * Return: the number of outputs written to @out (@max >= COUNTER_OUT_MAX).
 */
int counter_beams_advance(struct counter_beams *c, int64_t now, struct counter_out *out, int max);

/** counter_beams_due() - when counter_beams_advance() next has work, or COUNTER_NEVER. */
int64_t counter_beams_due(const struct counter_beams *c);

/*
 * The commercial counter's alternative: one pulse line per direction. Each
 * confirmed pulse (active for the debounce time, after an inactive level held
 * as long) counts one crossing.
 */
struct counter_pulses {
	struct counter_debounce line[2]; /* 0 = in, 1 = out */
};

/** counter_pulses_init() - a pulse counter with both lines inactive. */
void counter_pulses_init(struct counter_pulses *p, int debounce_ms);

/**
 * counter_pulses_edge() - raw edge of line @which (0 in, 1 out) to @active
 * at @at.
 * Return: outputs (crossings) written to @out, @max >= COUNTER_OUT_MAX.
 */
int counter_pulses_edge(struct counter_pulses *p, int which, bool active, int64_t at,
			struct counter_out *out, int max);

/** counter_pulses_advance() - confirm pulses due by @now; as counter_pulses_edge(). */
int counter_pulses_advance(struct counter_pulses *p, int64_t now, struct counter_out *out, int max);

/** counter_pulses_due() - when counter_pulses_advance() next has work. */
int64_t counter_pulses_due(const struct counter_pulses *p);

/*
 * A push button: one press per confirmed press; holding it down does not
 * repeat, and bounce on press or release is filtered out.
 */
struct counter_button {
	struct counter_debounce d;
};

/** counter_button_init() - a released button with debounce @debounce_ms. */
void counter_button_init(struct counter_button *b, int debounce_ms);

/**
 * counter_button_edge() - raw edge to @pressed at @at.
 * Return: outputs (presses) written to @out, @max >= COUNTER_OUT_MAX.
 */
int counter_button_edge(struct counter_button *b, bool pressed, int64_t at, struct counter_out *out,
			int max);

/** counter_button_advance() - confirm a press due by @now; as counter_button_edge(). */
int counter_button_advance(struct counter_button *b, int64_t now, struct counter_out *out, int max);

/** counter_button_due() - when counter_button_advance() next has work. */
int64_t counter_button_due(const struct counter_button *b);

#endif
