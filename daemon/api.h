/* SPDX-License-Identifier: MIT */
/*
 * The local HTTP API (docs/api.md): libmicrohttpd driven by the daemon's
 * loop (no threads of its own), JSON in and out, Server-Sent Events for the
 * status stream, and the staff console's static files.
 */
#ifndef MACHIAI_DAEMON_API_H
#define MACHIAI_DAEMON_API_H

#include <stddef.h>
#include <stdint.h>

#include "daemon/loop.h"
#include "daemon/state.h"

#define API_BODY_MAX (16 * 1024) /* request bodies above this get 413 */
#define API_STREAMS_MAX 128 /* stream clients at once; more get 503 */
#define API_STREAM_BUFFER_MAX (256 * 1024) /* unsent bytes per client before it is dropped */
#define API_STREAM_SNDBUF (32 * 1024) /* kernel send buffer of a stream socket */
#define API_HEARTBEAT_MS 15000

struct api;
struct daemonfeed;
struct kiosk;

/* Where and how to serve. */
struct api_options {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
	const char *token; /* bearer token for writes; empty refuses every write */
	const char *console_dir; /* folder of web/console files, NULL or "" = not served */
	const char *kiosk_dir; /* folder of web/kiosk files, NULL or "" = not served */
	const char *kiosk_token; /* bearer token that may only issue tickets; empty = none */
	struct kiosk *kiosk; /* print jobs, the printer's state, the call for staff */
	struct daemonfeed *feed; /* its health is in /healthz under "feed"; NULL = none */
};

/**
 * api_new() - start serving on @opt->listen, registered with loop @l, on
 * state @s (both must outlive the api).
 * Return: the api, to be freed with api_free(), or NULL with a message in
 * @err (@errsize bytes).
 */
struct api *api_new(struct loop *l, struct state *s, const struct api_options *opt, char *err,
		    size_t errsize);

/** api_free() - close every connection, stop serving and free @a; NULL is fine. */
void api_free(struct api *a);

/** api_port() - the TCP port @a listens on (useful after port 0). */
uint16_t api_port(const struct api *a);

/** api_stream_clients() - number of stream clients connected now. */
int api_stream_clients(const struct api *a);

#endif
