/* SPDX-License-Identifier: MIT */
/*
 * The status client: GET URL with libcurl's multi interface, following
 * redirects. An answer of type text/event-stream is parsed as Server-Sent
 * Events and every "status" event's data handed to a callback; one of type
 * application/json (the daemon's /v1/status) is handed over whole and asked
 * for again every STREAM_POLL_MS. Never blocks: the caller's loop calls
 * stream_wait() with its own timeout and stream_step() after it. Lost
 * connections are retried with back-off (1 s doubling to 30 s, or the
 * server's "retry:"); why the last attempt failed is kept for the screen.
 */
#ifndef MACHIAI_DISPLAY_STREAM_H
#define MACHIAI_DISPLAY_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STREAM_POLL_MS 2000 /* a plain status document is asked for this often */
#define STREAM_ANSWER_MS 10000 /* a server that has not answered in this long: timeout */

/* Why the client has no status; STREAM_OK once one has been answered. */
enum stream_problem {
	STREAM_OK,
	STREAM_CONNECTING, /* the first attempt is under way */
	STREAM_REFUSED, /* nothing listens at that address and port */
	STREAM_NO_HOST, /* the host name is not known */
	STREAM_NOT_FOUND, /* HTTP 404 */
	STREAM_NOT_STATUS, /* an answer that is neither an event stream nor JSON */
	STREAM_TIMEOUT, /* no connection or no answer in time */
	STREAM_FAILED, /* anything else: see stream_problem_detail() */
};

/** typedef stream_status_fn - a "status" event arrived with @data (@len bytes). */
typedef void (*stream_status_fn)(void *ctx, const char *data, size_t len);

struct stream;

/**
 * stream_new() - a client of @url (copied) that calls @fn with @ctx.
 * It connects on the first stream_step().
 * Return: the client, to be freed with stream_free(), or NULL.
 */
struct stream *stream_new(const char *url, stream_status_fn fn, void *ctx);

/** stream_free() - disconnect and free @s; NULL is fine. */
void stream_free(struct stream *s);

/**
 * stream_wait() - wait at most @timeout_ms for network activity on @s.
 * Return: 0, or -1 on a libcurl error.
 */
int stream_wait(struct stream *s, int timeout_ms);

/**
 * stream_step() - do what can be done without blocking at monotonic time
 * @now_ms: read data, deliver events, notice lost connections, reconnect
 * when the back-off has passed.
 */
void stream_step(struct stream *s, int64_t now_ms);

/** stream_last_data_ms() - monotonic time of the last bytes received (heartbeats too), 0 if never. */
int64_t stream_last_data_ms(const struct stream *s);

/** stream_connected() - whether a connection is up and has answered 200. */
bool stream_connected(const struct stream *s);

/**
 * stream_problem() - why @s has no status now; STREAM_OK while it is
 * answered (a poll between its requests included).
 */
enum stream_problem stream_problem(const struct stream *s);

/**
 * stream_problem_detail() - the last failure in words ("HTTP 500", libcurl's
 * message), "" when none; valid until the next stream_step().
 */
const char *stream_problem_detail(const struct stream *s);

/** stream_url() - the URL asked for (after stream_url_normalize()). */
const char *stream_url(const struct stream *s);

/**
 * stream_url_normalize() - the URL to ask for @source: "http://" is added
 * when it names no scheme ("HOST:PORT", as a person types the daemon's
 * address), and "/v1/stream" when it has no path (or "/"). Into @out (@size
 * bytes).
 * Return: 0, or -1 when @source is empty or the result does not fit.
 */
int stream_url_normalize(const char *source, char *out, size_t size);

/**
 * stream_url_like() - whether @source looks like a URL or HOST:PORT rather
 * than a file name: it names a scheme, or is a host name or address and a
 * port, with or without a path.
 */
bool stream_url_like(const char *source);

#endif
