/* SPDX-License-Identifier: MIT */
/*
 * The daemon's state: the office (core/office.h), its journal and its clock.
 * Every change goes through state_commit(): the events are checked on a copy
 * of the office, written to the journal (fdatasync), and only then become
 * the state; listeners (the event stream, the feed publisher) are told after.
 */
#ifndef MACHIAI_DAEMON_STATE_H
#define MACHIAI_DAEMON_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/event.h"
#include "core/office.h"
#include "daemon/clock.h"
#include "daemon/journal.h"
#include "daemon/timesync.h"
#include "daemon/status.h"

#define STATE_MAX_LISTENERS 8

struct kiosk;
#define STATE_COMMIT_MAX 16 /* events in one change */

struct state {
	const struct config *cfg; /* not owned */
	struct office *office; /* the state clients are told about */
	struct office *scratch; /* where commits are checked */
	struct journal *journal;
	struct status_source *status; /* waits and levels of the status document */
	struct clock clock;
	bool journal_failing; /* the last append failed */
	bool clock_checked; /* --clock-check: is the system clock set? */
	struct timesync timesync;
	bool clock_set; /* true unless checked and found unset */
	char last_due_error[256]; /* last refused time-driven event, logged once */
	struct kiosk *kiosk; /* print jobs and the printer's state (daemon/kiosk.h), or NULL */
	struct {
		void (*cb)(void *arg, const struct state *s);
		void *arg;
	} listeners[STATE_MAX_LISTENERS];
	int n_listeners;
};

/* Why a commit failed. */
struct state_error {
	int http; /* 409 refused by the office, 503 journal failure */
	const char *code; /* "window_closed", ..., "journal_failed" */
	char message[256];
};

/**
 * state_new() - a state for @cfg (which must outlive it) journaling into
 * @state_dir with clock @clock. Today's journal (by @clock) is replayed,
 * reporting to stderr, and its torn tail, if any, is cut off.
 * Return: the state, to be freed with state_free(), or NULL after logging why.
 */
struct state *state_new(const struct config *cfg, const char *state_dir, const struct clock *clock);

/** state_free() - free @s; NULL is fine. */
void state_free(struct state *s);

/**
 * state_now() - the time now for events: the clock, but never earlier than
 * the last event applied (the core sees time move forward only).
 */
int64_t state_now(const struct state *s);

/**
 * state_commit() - apply @n (1..STATE_COMMIT_MAX) events @evs in order as
 * one change: all or none. On success they are in the journal, on disk, and in s->office, each
 * logged one line; then the listeners run.
 * Return: 0, or -1 with @err filled and the state unchanged.
 */
int state_commit(struct state *s, const struct event *evs, int n, struct state_error *err);

/**
 * state_tick() - commit the time-driven events due now (office_due(): day
 * opening and closing, reservations past their grace time), one by one;
 * then refresh the waits and levels when they are due, telling the
 * listeners when they changed.
 */
void state_tick(struct state *s);

/**
 * state_status() - fill @in for a status document of now (daemon/status.h),
 * bringing waits and levels up to date first.
 */
void state_status(struct state *s, struct status_input *in);

/**
 * state_clock_check() - from now on, look whether the system clock is set
 * (daemon/timesync.h) with @t's sources, now and on every state_tick() until
 * it is; the status document says "clock_set": false meanwhile.
 */
void state_clock_check(struct state *s, const struct timesync *t);

/**
 * state_listener_add() - call @cb(@arg, @s) after every commit, and when
 * the waits or levels change with time alone.
 * Return: 0, or -1 when STATE_MAX_LISTENERS are registered.
 */
int state_listener_add(struct state *s, void (*cb)(void *arg, const struct state *s), void *arg);

/**
 * state_notify() - call the listeners: the status document changed outside
 * the office (the printer's state, a call for staff); seq stays the same.
 */
void state_notify(struct state *s);

/**
 * state_describe() - a short text for the log of @ev applied to @o (before
 * it is applied), e.g. "ticket.call A-012 window 1", into @buf.
 */
void state_describe(const struct office *o, const struct event *ev, char *buf, size_t size);

#endif
