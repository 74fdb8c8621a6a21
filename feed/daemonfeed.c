/* SPDX-License-Identifier: MIT */
#include "feed/daemonfeed.h"

#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/config.h"
#include "core/office.h"
#include "daemon/clock.h"
#include "daemon/log.h"
#include "daemon/loop.h"
#include "daemon/state.h"
#include "feed/feeddoc.h"
#include "feed/publisher.h"
#include "daemon/status.h"

struct daemonfeed {
	struct loop *loop;
	struct state *state;
	struct feed_publisher *pub;
	char spool[CONFIG_PATH_MAX + 8];
	uint64_t last_call_seq; /* calls up to this one were told to the publisher */
	bool calls_seen;
	bool held; /* nothing published: the system clock is not set */
	bool dirty; /* the office changed since the document was last built */
	int64_t built_at; /* when it was last built (office time, ms); 0 = never */
	int64_t gap_ms; /* build at most once per [feed] min_gap: the publisher sends no faster */
};

static void daemonfeed_log(void *ctx, const char *msg)
{
	(void)ctx;
	log_warn("feed: %s", msg);
}

static void daemonfeed_fd(void *arg, int fd, uint32_t rev)
{
	struct daemonfeed *df = arg;

	if (!df->pub)
		return;
	short ev = (short)((rev & LOOP_IN ? POLLIN : 0) | (rev & LOOP_OUT ? POLLOUT : 0) |
			   (rev & LOOP_ERR ? POLLERR : 0) | (rev & LOOP_HUP ? POLLHUP : 0));

	feed_publisher_fd_ready(df->pub, fd, ev, state_now(df->state));
}

static void daemonfeed_watch(void *ctx, int fd, short events)
{
	struct daemonfeed *df = ctx;
	uint32_t want = (events & POLLIN ? LOOP_IN : 0) | (events & POLLOUT ? LOOP_OUT : 0);

	if (!events) {
		loop_fd_remove(df->loop, fd);
		return;
	}
	if (loop_fd_add(df->loop, fd, want, daemonfeed_fd, df) < 0 &&
	    (errno != EEXIST || loop_fd_modify(df->loop, fd, want) < 0))
		log_err("feed: cannot watch socket %d: %s", fd, strerror(errno));
}

static void daemonfeed_build(struct daemonfeed *df);

/* Whether a document may be built at @now (a clock set back counts as due). */
static bool daemonfeed_due(const struct daemonfeed *df, int64_t now)
{
	return now < df->built_at || now - df->built_at >= df->gap_ms;
}

/* Before every wait: a document held back by the gap, the publisher's timed
 * work, and how long the loop may sleep. */
static int64_t daemonfeed_prepare(void *arg)
{
	struct daemonfeed *df = arg;
	int64_t now = state_now(df->state), wait;

	if (!df->pub)
		return -1;
	if (df->dirty && daemonfeed_due(df, now))
		daemonfeed_build(df);
	feed_publisher_run(df->pub, NULL, 0, now);
	wait = feed_publisher_timeout(df->pub, now);
	if (df->dirty && (wait < 0 || df->built_at + df->gap_ms - now < wait))
		wait = df->built_at + df->gap_ms - now;
	return clock_real_ms(&df->state->clock, wait);
}

/* Tell the publisher the waits of the tickets called since the last change
 * (first calls only; the calls before start-up were told before). */
static void daemonfeed_calls(struct daemonfeed *df)
{
	const struct office *o = df->state->office;

	if (o->call_seq < df->last_call_seq)
		df->last_call_seq = 0; /* a new day numbers calls afresh */
	for (int i = o->n_calls - 1; df->calls_seen && i >= 0; i--) {
		const struct office_call *c = &o->calls[i];

		if (c->seq <= df->last_call_seq || c->recall || c->ticket < 0 ||
		    c->ticket >= o->n_tickets)
			continue;
		feed_publisher_called(df->pub, o->tickets[c->ticket].issued_at, c->at);
	}
	df->last_call_seq = o->call_seq;
	df->calls_seen = true;
}

/*
 * The status document with what ticket holders need ("queues",
 * feeddoc_queues()), handed to the publisher.
 */
static void daemonfeed_build(struct daemonfeed *df)
{
	struct status_input in;
	json_t *doc, *queues;

	df->dirty = false;
	df->built_at = state_now(df->state);
	state_status(df->state, &in);
	doc = status_build(&in);
	if (!doc)
		return;
	queues = in.source ? feeddoc_queues(df->state->office, in.source->tickets,
					    in.source->n_tickets, in.now)
			   : NULL;
	if (!queues || json_object_set_new(doc, "queues", queues) < 0) {
		json_decref(doc);
		return;
	}
	feed_publisher_status_set(df->pub, doc, in.now);
	json_decref(doc);
}

static void daemonfeed_changed(void *arg, const struct state *s)
{
	struct daemonfeed *df = arg;

	(void)s;
	if (!df->pub)
		return;
	if (!df->state->clock_set) {
		/* Residents would be shown wrong times: wait for the clock. */
		if (!df->held)
			log_warn("feed: nothing is published until the clock is set");
		df->held = true;
		return;
	}
	if (df->held)
		log_info("feed: the clock is set; publishing");
	df->held = false;
	daemonfeed_calls(df);
	df->dirty = true;
	if (daemonfeed_due(df, state_now(df->state)))
		daemonfeed_build(df);
}

struct daemonfeed *daemonfeed_new(struct loop *l, struct state *s, const struct config *cfg,
				  char *err, size_t errsize)
{
	struct feed_publisher_config pc;
	struct daemonfeed *df;

	err[0] = '\0';
	if (!cfg->feed_url[0])
		return NULL;
	df = calloc(1, sizeof(*df));
	if (!df) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	df->loop = l;
	df->state = s;
	df->gap_ms = (int64_t)cfg->feed_min_gap_s * 1000;
	snprintf(df->spool, sizeof(df->spool), "%s/feed", cfg->state_dir);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	feed_publisher_config_from(&pc, cfg, df->spool);
	pc.log = daemonfeed_log;
	pc.watch = daemonfeed_watch;
	pc.watch_ctx = df;
	df->pub = feed_publisher_new(&pc, err, errsize);
	if (!df->pub)
		goto err_free_df;
	if (state_listener_add(s, daemonfeed_changed, df) < 0 ||
	    loop_hook_add(l, daemonfeed_prepare, df) < 0) {
		/* A callback may be registered and cannot be taken back: @df
		 * stays allocated (once, at start-up), its callbacks idle. */
		snprintf(err, errsize, "no room for another loop hook or state listener");
		feed_publisher_free(df->pub);
		df->pub = NULL;
		curl_global_cleanup();
		return NULL;
	}
	daemonfeed_changed(df, s);
	return df;

err_free_df:
	curl_global_cleanup();
	free(df);
	return NULL;
}

void daemonfeed_free(struct daemonfeed *df)
{
	if (!df)
		return;
	feed_publisher_free(df->pub);
	curl_global_cleanup();
	free(df);
}

json_t *daemonfeed_health(struct daemonfeed *df)
{
	return df ? feed_publisher_health(df->pub, state_now(df->state)) : NULL;
}
