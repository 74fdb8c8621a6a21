/* SPDX-License-Identifier: MIT */
/*
 * A print job as machiaid hands it out (GET /v1/printer/jobs, docs/api.md):
 * everything the ticket says, as it was when the ticket was issued. Parsed
 * with Jansson; every error names its JSON path.
 */
#ifndef MACHIAI_PRINTER_JOB_H
#define MACHIAI_PRINTER_JOB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/lang.h"

#define JOB_TICKET_MAX 32
#define JOB_QR_MAX (CONFIG_URL_MAX + 64)

struct job {
	char ticket[JOB_TICKET_MAX]; /* "A-035" */
	char category[LANG_COUNT][CONFIG_NAME_MAX]; /* "" where not given */
	char office[LANG_COUNT][CONFIG_NAME_MAX];
	enum lang lang; /* the visitor's language */
	int32_t day; /* YYYYMMDD of issue, local */
	int minute_of_day; /* time of issue, local */
	int waiting_before;
	int wait_low, wait_high; /* minutes; -1 when there is no basis */
	bool soon;
	int away_until; /* minute of the day, -1 = no "not before" line */
	char qr[JOB_QR_MAX]; /* "" = no QR code */
};

/**
 * job_parse() - one job object @in (at JSON path @path) into @j.
 * Return: 0, or -1 with "PATH: message" in @err (@errsize bytes).
 */
int job_parse(json_t *in, const char *path, struct job *j, char *err, size_t errsize);

#endif
