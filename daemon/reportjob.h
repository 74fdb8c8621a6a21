/* SPDX-License-Identifier: MIT */
/*
 * A report computed off the daemon's loop (GET /v1/report): reading a year
 * of journals takes about a second, so it runs in a thread of its own at a
 * lower priority, and the loop hears of its end through an eventfd. The
 * loop's thread keeps answering the API, the sign and the sensors meanwhile.
 */
#ifndef MACHIAI_DAEMON_REPORTJOB_H
#define MACHIAI_DAEMON_REPORTJOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "daemon/loop.h"

#define REPORTJOB_TABLE_MAX 16

struct reportjob;

/* What to compute. */
struct reportjob_request {
	int32_t from, to; /* YYYYMMDD, inclusive */
	bool csv; /* a CSV table instead of the JSON document */
	char table[REPORTJOB_TABLE_MAX]; /* with csv */
};

/* What came out, valid once the job is done. */
struct reportjob_result {
	unsigned status; /* 200, or 400/500 with message */
	char *body; /* the JSON document or the CSV, owned by the job */
	size_t len;
	const char *type; /* Content-Type */
	char message[256]; /* when status is not 200 */
};

/**
 * reportjob_start() - start computing @req for the office of @cfg from the
 * journals in @state_dir (both must outlive the job), registered with loop
 * @l; @done(@arg, job) is called on the loop's thread when it is done.
 * Return: the job, to be freed with reportjob_free() (at the earliest in
 * @done), or NULL with errno set.
 */
struct reportjob *reportjob_start(struct loop *l, const struct config *cfg, const char *state_dir,
				  const struct reportjob_request *req,
				  void (*done)(void *arg, struct reportjob *job), void *arg);

/** reportjob_result() - the result of @job, once done. */
const struct reportjob_result *reportjob_result(const struct reportjob *job);

/**
 * reportjob_free() - stop @job's thread if it still runs (it stops at the
 * next day file), wait for it and free the job; @done is not called after
 * this. NULL is fine.
 */
void reportjob_free(struct reportjob *job);

#endif
