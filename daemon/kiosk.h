/* SPDX-License-Identifier: MIT */
/*
 * The ticket-taking side of the lobby, as the daemon keeps it (docs/api.md):
 * a print job for every ticket issued while a printer is configured (from
 * the ticket event: the kiosk, the API and the GPIO buttons alike), the
 * printer's state as machiai-printer reports it, and the kiosk's call for
 * staff. Nothing here is office state: it is not journaled, and a print
 * that fails never undoes its ticket. machiaid does no printer I/O at all;
 * machiai-printer (printer/) prints and reports back through the API.
 */
#ifndef MACHIAI_DAEMON_KIOSK_H
#define MACHIAI_DAEMON_KIOSK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/estimator.h"
#include "core/event.h"
#include "core/lang.h"
#include "daemon/loop.h"
#include "daemon/state.h"

#define KIOSK_JOBS_MAX 64 /* jobs remembered, finished ones included; the oldest go first */
#define KIOSK_JOB_EXPIRE_MS 30000 /* a job not reported on this long (real time) has failed */
#define KIOSK_SILENT_MS 20000 /* no report from machiai-printer this long: "no_report" */
#define KIOSK_HELP_MS (10 * 60 * 1000) /* a call for staff not answered goes out after this */

/* What can be wrong with the printer; bits of kiosk_printer_problems(). */
enum kiosk_problem {
	KIOSK_PAPER_OUT,
	KIOSK_COVER_OPEN,
	KIOSK_PRINTER_ERROR, /* a cutter jam or another error the printer reports */
	KIOSK_OFFLINE, /* the printer says it is off line */
	KIOSK_UNREACHABLE, /* no connection, or no answer to a status query */
	KIOSK_NO_REPORT, /* machiai-printer has not reported for KIOSK_SILENT_MS */
	KIOSK_PAPER_NEAR_END, /* a warning: tickets still print */
	KIOSK_PROBLEM_COUNT
};

enum kiosk_job_state {
	KIOSK_JOB_QUEUED,
	KIOSK_JOB_PRINTED,
	KIOSK_JOB_FAILED,
};

/* One ticket to print, with what it says, as it was when it was issued. */
struct kiosk_job {
	char ticket[EVENT_TICKET_MAX];
	int category;
	enum lang lang; /* the visitor's language, LANG_JA when none was chosen */
	int64_t issued_at; /* office time, ms */
	int waiting_before;
	struct wait_band wait;
	enum kiosk_job_state state;
	int problem; /* why it failed: an enum kiosk_problem, or -1 */
	int64_t queued_mono; /* monotonic ms, for KIOSK_JOB_EXPIRE_MS */
};

struct kiosk;

/**
 * kiosk_new() - the kiosk side of state @s (which must outlive it), with a
 * timer on loop @l. It listens to @s: register it before the API, so that
 * the document a ticket's change sends already has its job. Tickets issued
 * before it (replayed from the journal) are not printed.
 * Return: the kiosk, to be freed with kiosk_free(), or NULL with errno set.
 */
struct kiosk *kiosk_new(struct loop *l, struct state *s);

/** kiosk_free() - free @k; NULL is fine. */
void kiosk_free(struct kiosk *k);

/**
 * kiosk_hint() - how the next ticket issued is to be printed: in language
 * @lang, or not at all (@print false, for a ticket machine with its own
 * printer). Holds for the tickets issued until kiosk_hint_clear().
 */
void kiosk_hint(struct kiosk *k, enum lang lang, bool print);

/** kiosk_hint_clear() - back to printing every ticket in Japanese only. */
void kiosk_hint_clear(struct kiosk *k);

/** kiosk_job_find() - the newest job of ticket @label today, or NULL. */
const struct kiosk_job *kiosk_job_find(const struct kiosk *k, const char *label);

/**
 * kiosk_job_result() - machiai-printer's word on ticket @label: printed, or
 * failed because of @problem (an enum kiosk_problem, -1 = not said).
 * Return: 0, or -1 when there is no such job.
 */
int kiosk_job_result(struct kiosk *k, const char *label, bool printed, int problem);

/**
 * kiosk_printer_report() - machiai-printer says the printer has the
 * problems of bit mask @problems (1 << enum kiosk_problem) now. Logged and
 * sent to the stream when they change.
 */
void kiosk_printer_report(struct kiosk *k, unsigned problems);

/** kiosk_problem_code() - "paper_out", ...; NULL when out of range. */
const char *kiosk_problem_code(int problem);

/** kiosk_problem_from_code() - the problem of @code, or -1. */
int kiosk_problem_from_code(const char *code);

/**
 * kiosk_help_set() - a visitor at the kiosk asks for staff (@on), or staff
 * have answered (@on false).
 */
void kiosk_help_set(struct kiosk *k, bool on);

/**
 * kiosk_printer_json() - the "printer" member of the status document
 * (docs/status.md): null when no printer is configured.
 * Return: a new JSON value, or NULL when out of memory.
 */
json_t *kiosk_printer_json(const struct kiosk *k);

/**
 * kiosk_kiosk_json() - the "kiosk" member of the status document: null when
 * no kiosk is configured.
 * Return: a new JSON value, or NULL when out of memory.
 */
json_t *kiosk_kiosk_json(const struct kiosk *k);

/**
 * kiosk_job_json() - job @j as GET /v1/printer/jobs/{ticket} answers it.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *kiosk_job_json(const struct kiosk *k, const struct kiosk_job *j);

/**
 * kiosk_jobs_json() - {"jobs": [...]}: the jobs still to print, oldest
 * first, as GET /v1/printer/jobs answers.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *kiosk_jobs_json(const struct kiosk *k);

/**
 * kiosk_setup_json() - what the kiosk page shows, as GET /v1/kiosk answers:
 * its categories in order with their pictograms, its languages, whether
 * it has a help button and a printer.
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *kiosk_setup_json(const struct kiosk *k);

#endif
