/* SPDX-License-Identifier: MIT */
/*
 * The city feed documents (docs/feed.md): the public status document derived
 * from the daemon's status document (docs/status.md), the discovery file and
 * forecast.json. Pure transformations of JSON; no I/O.
 */
#ifndef MACHIAI_FEED_FEEDDOC_H
#define MACHIAI_FEED_FEEDDOC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/forecast.h"

#define FEEDDOC_VERSION "1.0"

/**
 * feeddoc_status() - the feed's status document for the daemon's @status.
 * @status:   the daemon's status document (docs/status.md); not modified
 * @now_ms:   publication time, becomes last_updated
 * @offset_min: UTC offset of the office for the ISO 8601 times
 * @ttl_s:    seconds after last_updated before a reader must treat it as stale
 * @err:      on failure, a message with the JSON path that was wrong
 * Only public fields are copied: no ticket history, no reservations, no
 * personal data; names in ja and en only.
 *
 * Return: a new reference the caller must json_decref(), or NULL with @err set.
 */
json_t *feeddoc_status(const json_t *status, int64_t now_ms, int offset_min, int ttl_s, char *err,
		       size_t errsize);

/**
 * feeddoc_discovery() - the discovery file (feed.json) listing the files
 * published for office @office_id under @base (FEED_URL/offices/OFFICE_ID/).
 * Return: a new reference, or NULL when out of memory.
 */
json_t *feeddoc_discovery(const char *base, const char *office_id, int64_t now_ms, int offset_min,
			  int ttl_s, int ngsi);

/**
 * feeddoc_forecast() - forecast.json for @fc (core/forecast.h).
 * Return: a new reference, or NULL when out of memory.
 */
json_t *feeddoc_forecast(const struct forecast *fc, const char *office_id, int64_t now_ms,
			 int offset_min, int ttl_s);

#endif
