/* SPDX-License-Identifier: MIT */
/*
 * The feed publisher (feed/publisher.h) inside machiaid: its sockets and
 * timer on the daemon's loop (daemon/loop.h), the status document of every
 * change of the state (daemon/state.h) published, its spool in
 * STATE_DIR/feed, its errors in the daemon's log.
 */
#ifndef MACHIAI_FEED_DAEMONFEED_H
#define MACHIAI_FEED_DAEMONFEED_H

#include <stddef.h>

#include <jansson.h>

struct loop;
struct state;
struct config;
struct daemonfeed;

/**
 * daemonfeed_new() - publish @cfg's office from @s on loop @l. @l, @s and
 * @cfg must outlive the returned object, which must be freed before the
 * loop is.
 * Return: the feed, or NULL: with @err empty when [feed] url is not set
 * (nothing to publish), with @err set when the publisher cannot start (bad
 * URL, spool folder unusable, ...).
 */
struct daemonfeed *daemonfeed_new(struct loop *l, struct state *s, const struct config *cfg,
				  char *err, size_t errsize);

/** daemonfeed_free() - stop publishing; NULL is fine. */
void daemonfeed_free(struct daemonfeed *df);

/**
 * daemonfeed_health() - feed_publisher_health() for /v1/status; a new
 * reference, or NULL when @df is NULL.
 */
json_t *daemonfeed_health(struct daemonfeed *df);

#endif
