/* SPDX-License-Identifier: MIT */
/*
 * NGSI entities in key-values form for a FIWARE context broker (Smart Data
 * Models): one QueueMonitor per category and one CrowdFlowObserved for the
 * entrance door when a people counter is configured. Pure JSON; no I/O.
 */
#ifndef MACHIAI_FEED_NGSI_H
#define MACHIAI_FEED_NGSI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/**
 * ngsi_entities() - the entities for the daemon's @status (docs/status.md)
 * at @now_ms, as an array. Entity ids are
 * urn:ngsi-ld:QueueMonitor:OFFICE_ID:CATEGORY_ID and
 * urn:ngsi-ld:CrowdFlowObserved:OFFICE_ID:entrance.
 * Return: a new reference, or NULL with @err set (JSON path).
 */
json_t *ngsi_entities(const json_t *status, int64_t now_ms, int offset_min, char *err,
		      size_t errsize);

/**
 * ngsi_batch() - wrap @entities (a reference is taken) as the body of
 * NGSI-v2 POST /v2/op/update?options=keyValues with actionType "append".
 * Return: a new reference.
 */
json_t *ngsi_batch(json_t *entities);

#endif
