/* SPDX-License-Identifier: MIT */
/*
 * The status document of docs/status.md: the one builder that the local API
 * (GET /v1/status, /v1/stream), the feed publisher and the display's data
 * all come from.
 */
#ifndef MACHIAI_FEED_STATUS_H
#define MACHIAI_FEED_STATUS_H

#include <jansson.h>
#include <stdint.h>

#include "core/office.h"

/* What the document is made from. */
struct status_input {
	const struct office *office; /* required; its cfg too */
	int64_t now; /* ms since the epoch: generated_at, today's hours */
};

/**
 * status_build() - the status document for @in.
 * Return: a new JSON object (caller decrefs), or NULL when out of memory.
 */
json_t *status_build(const struct status_input *in);

/**
 * status_dumps() - the status document as compact UTF-8 JSON text.
 * Return: a string to free() by the caller, or NULL when out of memory.
 */
char *status_dumps(const struct status_input *in);

/**
 * status_category_wait() - the "wait" member of category @c, as in
 * categories[].wait of docs/status.md.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *status_category_wait(const struct status_input *in, int c);

/**
 * status_format_time() - @ms as "2026-11-23T10:15:03+09:00" at the office's
 * offset, into @buf (at least 32 bytes).
 */
void status_format_time(const struct office *o, int64_t ms, char *buf, size_t size);

#endif
