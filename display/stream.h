/* SPDX-License-Identifier: MIT */
/*
 * The status stream client: GET URL with libcurl's multi interface, parse
 * Server-Sent Events, hand every "status" event's data to a callback.
 * Never blocks: the caller's loop calls stream_wait() with its own timeout
 * and stream_step() after it. Lost connections are retried with back-off
 * (1 s doubling to 30 s, or the server's "retry:").
 */
#ifndef MACHIAI_DISPLAY_STREAM_H
#define MACHIAI_DISPLAY_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
