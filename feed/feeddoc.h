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

#include "core/estimator.h"
#include "core/forecast.h"
#include "core/office.h"

#define FEEDDOC_VERSION "1.0"
#define FEEDDOC_CALLS_MAX 10 /* recent calls per category in the feed */
#define FEEDDOC_NO_SHOWS_MAX 200 /* today's no-shows per category, newest first */
#define FEEDDOC_SLOTS_MAX 64 /* reservation slots per category */
#define FEEDDOC_FORECAST_DATES 7 /* dates in forecast.json, today first */
/* Size budget of status.json (docs/feed.md): a base for 16 categories and 32
 * windows, plus each waiting ticket's entry. */
#define FEEDDOC_BUDGET_BASE 8192
#define FEEDDOC_BUDGET_PER_WAITING 64

/**
 * feeddoc_status() - the feed's status document for the daemon's @status.
 * @status:   the daemon's status document (docs/status.md); not modified
 * @now_ms:   publication time, becomes last_updated
 * @offset_min: UTC offset of the office for the ISO 8601 times
 * @ttl_s:    seconds after last_updated before a reader must treat it as stale
 * @err:      on failure, a message with the JSON path that was wrong
 * Only public fields are copied: names in the sign's languages, and from the
 * optional "queues" member (feeddoc_queues()) the waiting numbers with their
 * bands, the recent calls, the no-shows and reservation slots as counts; no
 * reservation ids and no personal data.
 *
 * Return: a new reference the caller must json_decref(), or NULL with @err set.
 */
json_t *feeddoc_status(const json_t *status, int64_t now_ms, int offset_min, int ttl_s, char *err,
		       size_t errsize);

/**
 * feeddoc_queues() - what a ticket holder needs, per category of @o at @now,
 * for the "queues" member of the status document handed to feeddoc_status():
 * an object keyed by category id, each with
 *   "waiting":      the waiting tickets in calling order, each with its band:
 *                   @tickets (@n of them) as estimator_waiting() gives them,
 *                   category by category in calling order; null figures
 *                   where the band's basis is WAIT_BASIS_NONE;
 *   "calls":        the latest FEEDDOC_CALLS_MAX first calls, newest first,
 *                   with the window and the time;
 *   "no_shows":     today's tickets called and not answered, newest first;
 *   "reservations": booked slots not yet checked in, as counts per slot.
 * Return: a new reference, or NULL when out of memory.
 */
json_t *feeddoc_queues(const struct office *o, const struct ticket_band *tickets, int n,
		       int64_t now);

/**
 * feeddoc_discovery() - the discovery file (feed.json) listing the files
 * published for office @office_id under @base (FEED_URL/offices/OFFICE_ID/).
 * Return: a new reference, or NULL when out of memory.
 */
json_t *feeddoc_discovery(const char *base, const char *office_id, int64_t now_ms, int offset_min,
			  int ttl_s, int ngsi);

/**
 * feeddoc_forecast() - forecast.json for @fc (core/forecast.h): the usual
 * day of each weekday, and the FEEDDOC_FORECAST_DATES dates from @now_ms's
 * on under the calendar @cfg (NULL: every date open and ordinary), those
 * after a long closure marked and their slots scaled.
 * Return: a new reference, or NULL when out of memory.
 */
json_t *feeddoc_forecast(const struct forecast *fc, const struct config *cfg, const char *office_id,
			 int64_t now_ms, int offset_min, int ttl_s);

#endif
