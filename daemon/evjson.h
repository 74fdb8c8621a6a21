/* SPDX-License-Identifier: MIT */
/*
 * Events as JSON (the journal's line format, docs/api.md "Journal"):
 *
 *   {"type":"ticket.call","at":1763860503123,"time":"2026-11-23T10:15:03.123+09:00",
 *    "window":"1","ticket":"A-012"}
 *
 * "at" (epoch milliseconds) is the time; "time" is the same instant in local
 * time for people reading the file, and must agree with "at" when present.
 * Each type carries exactly its own fields; any other member is an error.
 */
#ifndef MACHIAI_DAEMON_EVJSON_H
#define MACHIAI_DAEMON_EVJSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/event.h"

#define EVJSON_LINE_MAX 8192 /* longest line accepted, bytes */
#define EVJSON_ERROR_MAX 192

/**
 * evjson_to_json() - @ev as a new JSON object; "time" is written at UTC
 * offset @offset_min. Return: a new reference, or NULL when out of memory.
 */
json_t *evjson_to_json(const struct event *ev, int offset_min);

/**
 * evjson_encode() - @ev as one compact JSON line without the newline.
 * Return: a string to free() by the caller, or NULL when out of memory.
 */
char *evjson_encode(const struct event *ev, int offset_min);

/**
 * evjson_from_json() - fill @ev from @obj.
 * Return: 0, or -1 with @err (@errsize bytes) naming the JSON path,
 * e.g. "$.window: expected a string". @ev is undefined on failure.
 */
int evjson_from_json(const json_t *obj, struct event *ev, char *err, size_t errsize);

/**
 * evjson_decode() - parse one line @buf of @len bytes (no newline needed;
 * duplicate keys are refused) into @ev.
 * Return: 0, or -1 with @err as for evjson_from_json(), or the parser's
 * "line:column: text" for malformed JSON.
 */
int evjson_decode(const char *buf, size_t len, struct event *ev, char *err, size_t errsize);

/**
 * evjson_format_time() - @ms as "2026-11-23T10:15:03.123+09:00" (with
 * milliseconds) at UTC offset @offset_min into @buf (at least 32 bytes).
 */
void evjson_format_time(int64_t ms, int offset_min, char *buf, size_t size);

/**
 * evjson_time_ok() - whether instant @ms can be written in a journal line at UTC
 * offset @offset_min and read back: from 1970-01-01T00:00:00Z up to the end of
 * 9999-12-31 both in UTC and in local time (the line's "time" has a four-digit year).
 */
bool evjson_time_ok(int64_t ms, int offset_min);

/**
 * evjson_event_times_ok() - whether every time of @ev (its "at", and the slot of a
 * reservation) passes evjson_time_ok() at @offset_min.
 */
bool evjson_event_times_ok(const struct event *ev, int offset_min);

#endif
