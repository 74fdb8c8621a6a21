/* SPDX-License-Identifier: MIT */
/*
 * A Server-Sent Events parser (the WHATWG "event stream" format): bytes in,
 * dispatched events out. Pure: no I/O. Lines end in LF, CR or CRLF; comment
 * lines (":...") are heartbeats; "data:" lines are joined with LF.
 */
#ifndef MACHIAI_DISPLAY_SSE_H
#define MACHIAI_DISPLAY_SSE_H

#include <stdbool.h>
#include <stddef.h>

#define SSE_EVENT_MAX 32 /* event type, NUL included */

/**
 * typedef sse_event_fn - called once per dispatched event with its type
 * ("message" when none was given) and data (@len bytes, NUL-terminated).
 * Events whose data exceeded the parser's cap are dropped, not delivered.
 */
typedef void (*sse_event_fn)(void *ctx, const char *event, const char *data, size_t len);

struct sse_parser;

/**
 * sse_parser_new() - a parser keeping at most @max_data bytes of data per
 * event.
 * Return: the parser, to be freed with sse_parser_free(), or NULL.
 */
struct sse_parser *sse_parser_new(size_t max_data);

/** sse_parser_free() - free @p; NULL is fine. */
void sse_parser_free(struct sse_parser *p);

/** sse_parser_reset() - forget any partial line and event (a new connection). */
void sse_parser_reset(struct sse_parser *p);

/**
 * sse_parser_feed() - parse @len bytes of @buf, calling @fn for each event
 * completed by them.
 */
void sse_parser_feed(struct sse_parser *p, const char *buf, size_t len, sse_event_fn fn, void *ctx);

/** sse_parser_retry_ms() - the last "retry:" value received, or -1. */
long sse_parser_retry_ms(const struct sse_parser *p);

/** sse_parser_dropped() - events dropped because their data was too large. */
unsigned sse_parser_dropped(const struct sse_parser *p);

#endif
