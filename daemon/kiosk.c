/* SPDX-License-Identifier: MIT */
#include "daemon/kiosk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/office.h"
#include "core/ticket.h"
#include "daemon/log.h"
#include "daemon/status.h"

#define KIOSK_TICK_MS 1000

/* Problems that stop printing; the others are warnings. */
#define KIOSK_FAULTS                                                                        \
	((1u << KIOSK_PAPER_OUT) | (1u << KIOSK_COVER_OPEN) | (1u << KIOSK_PRINTER_ERROR) | \
	 (1u << KIOSK_OFFLINE) | (1u << KIOSK_UNREACHABLE) | (1u << KIOSK_NO_REPORT))

static const char *const kiosk_problem_codes[KIOSK_PROBLEM_COUNT] = {
	[KIOSK_PAPER_OUT] = "paper_out",	   [KIOSK_COVER_OPEN] = "cover_open",
	[KIOSK_PRINTER_ERROR] = "error",	   [KIOSK_OFFLINE] = "offline",
	[KIOSK_UNREACHABLE] = "unreachable",	   [KIOSK_NO_REPORT] = "no_report",
	[KIOSK_PAPER_NEAR_END] = "paper_near_end",
};

struct kiosk {
	struct loop *loop;
	struct state *state;
	const struct config *cfg;
	struct loop_timer *timer;

	struct kiosk_job jobs[KIOSK_JOBS_MAX]; /* a ring: jobs[(first + i) % MAX] */
	int first, n_jobs;
	int seen_tickets; /* tickets of seen_day that have had their job */
	int32_t seen_day;

	bool hint_set, hint_print;
	enum lang hint_lang;

	bool reported; /* machiai-printer has reported since start */
	unsigned problems;
	int64_t report_mono; /* monotonic ms of the last report, or of the start */
	int64_t since; /* office time the printer's state last changed */

	bool help;
	int64_t help_at; /* office time */
	int64_t help_mono;
};

const char *kiosk_problem_code(int problem)
{
	return problem >= 0 && problem < KIOSK_PROBLEM_COUNT ? kiosk_problem_codes[problem] : NULL;
}

int kiosk_problem_from_code(const char *code)
{
	for (int i = 0; i < KIOSK_PROBLEM_COUNT; i++) {
		if (!strcmp(code, kiosk_problem_codes[i]))
			return i;
	}
	return -1;
}

/* The first fault of @problems in the order of enum kiosk_problem, or -1. */
static int kiosk_first_fault(unsigned problems)
{
	for (int i = 0; i < KIOSK_PROBLEM_COUNT; i++) {
		if (problems & KIOSK_FAULTS & (1u << i))
			return i;
	}
	return -1;
}

static struct kiosk_job *kiosk_job_at(struct kiosk *k, int i)
{
	return &k->jobs[(k->first + i) % KIOSK_JOBS_MAX];
}

/* A job for ticket @t of office @o; the oldest is forgotten when full. */
static void kiosk_job_add(struct kiosk *k, const struct office *o, int t)
{
	const struct office_ticket *tk = &o->tickets[t];
	struct status_input in;
	struct kiosk_job *j;
	int fault = kiosk_first_fault(k->problems);

	if (k->n_jobs == KIOSK_JOBS_MAX) {
		j = kiosk_job_at(k, 0);
		if (j->state == KIOSK_JOB_QUEUED)
			log_warn("printer: %s was never printed: %d jobs are waiting", j->ticket,
				 KIOSK_JOBS_MAX);
		k->first = (k->first + 1) % KIOSK_JOBS_MAX;
		k->n_jobs--;
	}
	j = kiosk_job_at(k, k->n_jobs++);
	memset(j, 0, sizeof(*j));
	snprintf(j->ticket, sizeof(j->ticket), "%s", tk->label);
	j->category = tk->category;
	j->lang = k->hint_set ? k->hint_lang : LANG_JA;
	j->issued_at = tk->issued_at;
	j->waiting_before = office_waiting(o, tk->category) - 1;
	/* The band of the source's runs for this state: the one the feed publishes. */
	state_status(k->state, &in);
	if (status_source_ticket(k->state->status, o, t, in.now, &j->wait) < 0) {
		memset(&j->wait, 0, sizeof(j->wait));
		j->wait.basis = WAIT_BASIS_NONE;
		j->wait.median = j->wait.low = j->wait.high = -1;
	}
	j->queued_mono = loop_monotonic_ms();
	j->problem = -1;
	/* A printer known to be out of paper now will not print it later: say so at once. */
	if (fault >= 0) {
		j->state = KIOSK_JOB_FAILED;
		j->problem = fault;
		log_warn("printer: %s not printed: %s", j->ticket, kiosk_problem_codes[fault]);
	}
}

static void kiosk_on_change(void *arg, const struct state *s)
{
	struct kiosk *k = arg;
	const struct office *o = s->office;

	if (o->day != k->seen_day) {
		k->seen_day = o->day;
		k->seen_tickets = 0;
	}
	for (int t = k->seen_tickets; t < o->n_tickets; t++) {
		if (!k->hint_set || k->hint_print)
			kiosk_job_add(k, o, t);
	}
	k->seen_tickets = o->n_tickets;
}

static void kiosk_set_problems(struct kiosk *k, unsigned problems)
{
	char list[160] = "";
	size_t n = 0;

	if (problems == k->problems)
		return;
	for (int i = 0; i < KIOSK_PROBLEM_COUNT; i++) {
		if (problems & (1u << i))
			n += (size_t)snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0,
					      "%s%s", n ? ", " : "", kiosk_problem_codes[i]);
	}
	if (problems)
		log_warn("printer: %s", list);
	else
		log_info("printer: ok");
	k->problems = problems;
	k->since = state_now(k->state);
	state_notify(k->state);
}

static void kiosk_on_tick(void *arg)
{
	struct kiosk *k = arg;
	int64_t now = loop_monotonic_ms();
	bool changed = false;

	for (int i = 0; i < k->n_jobs; i++) {
		struct kiosk_job *j = kiosk_job_at(k, i);

		if (j->state == KIOSK_JOB_QUEUED && now - j->queued_mono >= KIOSK_JOB_EXPIRE_MS) {
			j->state = KIOSK_JOB_FAILED;
			j->problem = k->reported ? KIOSK_UNREACHABLE : KIOSK_NO_REPORT;
			log_warn("printer: %s not printed within %d s", j->ticket,
				 KIOSK_JOB_EXPIRE_MS / 1000);
			changed = true;
		}
	}
	if (k->help && now - k->help_mono >= KIOSK_HELP_MS) {
		log_info("kiosk: the call for staff went out unanswered");
		k->help = false;
		changed = true;
	}
	if (config_printer_set(k->cfg) && now - k->report_mono >= KIOSK_SILENT_MS &&
	    !(k->problems & (1u << KIOSK_NO_REPORT))) {
		kiosk_set_problems(k, 1u << KIOSK_NO_REPORT);
		return;
	}
	if (changed)
		state_notify(k->state);
}

struct kiosk *kiosk_new(struct loop *l, struct state *s)
{
	struct kiosk *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->loop = l;
	k->state = s;
	k->cfg = s->cfg;
	k->seen_day = s->office->day;
	k->seen_tickets = s->office->n_tickets;
	k->report_mono = loop_monotonic_ms();
	k->since = state_now(s);
	k->timer = loop_timer_add(l, KIOSK_TICK_MS, KIOSK_TICK_MS, kiosk_on_tick, k);
	if (!k->timer || state_listener_add(s, kiosk_on_change, k) < 0) {
		loop_timer_remove(l, k->timer);
		free(k);
		errno = ENOSPC;
		return NULL;
	}
	s->kiosk = k;
	return k;
}

void kiosk_free(struct kiosk *k)
{
	if (!k)
		return;
	loop_timer_remove(k->loop, k->timer);
	if (k->state->kiosk == k)
		k->state->kiosk = NULL;
	free(k);
}

void kiosk_hint(struct kiosk *k, enum lang lang, bool print)
{
	k->hint_set = true;
	k->hint_lang = lang;
	k->hint_print = print;
}

void kiosk_hint_clear(struct kiosk *k)
{
	k->hint_set = false;
}

const struct kiosk_job *kiosk_job_find(const struct kiosk *k, const char *label)
{
	for (int i = k->n_jobs - 1; i >= 0; i--) {
		const struct kiosk_job *j = &k->jobs[(k->first + i) % KIOSK_JOBS_MAX];

		if (!strcmp(j->ticket, label))
			return j;
	}
	return NULL;
}

int kiosk_job_result(struct kiosk *k, const char *label, bool printed, int problem)
{
	struct kiosk_job *j = (struct kiosk_job *)kiosk_job_find(k, label);

	if (!j)
		return -1;
	j->state = printed ? KIOSK_JOB_PRINTED : KIOSK_JOB_FAILED;
	j->problem = printed ? -1 : problem;
	if (printed)
		log_info("printer: %s printed", j->ticket);
	else
		log_warn("printer: %s not printed: %s", j->ticket,
			 problem >= 0 ? kiosk_problem_codes[problem] : "failed");
	state_notify(k->state);
	return 0;
}

void kiosk_printer_report(struct kiosk *k, unsigned problems)
{
	k->reported = true;
	k->report_mono = loop_monotonic_ms();
	kiosk_set_problems(k, problems & ((1u << KIOSK_PROBLEM_COUNT) - 1));
}

void kiosk_help_set(struct kiosk *k, bool on)
{
	if (on == k->help)
		return;
	k->help = on;
	if (on) {
		k->help_at = state_now(k->state);
		k->help_mono = loop_monotonic_ms();
		log_warn("kiosk: a visitor asks for staff");
	} else {
		log_info("kiosk: staff answered the call");
	}
	state_notify(k->state);
}

/* ---- JSON ---- */

static json_t *kiosk_time(const struct kiosk *k, int64_t ms)
{
	char buf[40];

	status_format_time(k->state->office, ms, buf, sizeof(buf));
	return json_string(buf);
}

json_t *kiosk_printer_json(const struct kiosk *k)
{
	json_t *problems, *out;
	const char *st = "ok";
	int queued = 0;

	if (!k || !config_printer_set(k->cfg))
		return json_null();
	problems = json_array();
	for (int i = 0; problems && i < KIOSK_PROBLEM_COUNT; i++) {
		if (k->problems & (1u << i))
			json_array_append_new(problems, json_string(kiosk_problem_codes[i]));
	}
	for (int i = 0; i < k->n_jobs; i++)
		queued += k->jobs[(k->first + i) % KIOSK_JOBS_MAX].state == KIOSK_JOB_QUEUED;
	if (k->problems & KIOSK_FAULTS)
		st = "fault";
	else if (k->problems)
		st = "warning";
	else if (!k->reported)
		st = "unknown";
	out = json_pack("{s:s, s:o, s:o, s:i}", "state", st, "problems", problems, "since",
			kiosk_time(k, k->since), "queued", queued);
	return out;
}

json_t *kiosk_kiosk_json(const struct kiosk *k)
{
	if (!k || !k->cfg->kiosk_token[0])
		return json_null();
	return json_pack("{s:b, s:o}", "help", k->help, "help_at",
			 k->help ? kiosk_time(k, k->help_at) : json_null());
}

json_t *kiosk_job_json(const struct kiosk *k, const struct kiosk_job *j)
{
	static const char *const states[] = { [KIOSK_JOB_QUEUED] = "queued",
					      [KIOSK_JOB_PRINTED] = "printed",
					      [KIOSK_JOB_FAILED] = "failed" };
	const struct config *cfg = k->cfg;
	const struct config_category *cat = &cfg->categories[j->category];
	char qr[CONFIG_URL_MAX + 64], hhmm[8];
	int away = ticket_away_until(j->issued_at, cfg->utc_offset_minutes, &j->wait,
				     cfg->printer_away_minutes);

	if (away >= 0)
		snprintf(hhmm, sizeof(hhmm), "%02d:%02d", away / 60 % 100, away % 60);
	return json_pack("{s:s, s:s, s:o, s:{s:s, s:o, s:s}, s:s, s:o, s:i, s:o, s:o, s:o, s:o}",
			 "ticket", j->ticket, "state", states[j->state], "problem",
			 j->problem >= 0 ? json_string(kiosk_problem_codes[j->problem])
					 : json_null(),
			 "category", "id", cat->id, "name", status_names_json(cat->name), "icon",
			 cat->icon[0] ? cat->icon : "ticket", "lang", lang_code(j->lang),
			 "issued_at", kiosk_time(k, j->issued_at), "waiting_before",
			 j->waiting_before, "wait", status_band_json(&j->wait), "away_until",
			 away >= 0 ? json_string(hhmm) : json_null(), "qr",
			 ticket_qr_url(cfg->status_page_url, j->ticket, qr, sizeof(qr)) == 0
				 ? json_string(qr)
				 : json_null(),
			 "office", status_names_json(cfg->office_name));
}

json_t *kiosk_jobs_json(const struct kiosk *k)
{
	json_t *arr = json_array();

	for (int i = 0; arr && i < k->n_jobs; i++) {
		const struct kiosk_job *j = &k->jobs[(k->first + i) % KIOSK_JOBS_MAX];

		if (j->state == KIOSK_JOB_QUEUED)
			json_array_append_new(arr, kiosk_job_json(k, j));
	}
	return json_pack("{s:o}", "jobs", arr);
}

json_t *kiosk_setup_json(const struct kiosk *k)
{
	const struct config *cfg = k->cfg;
	json_t *cats = json_array(), *langs = json_array();

	for (int i = 0; cats && i < cfg->n_kiosk_categories; i++) {
		const struct config_category *c = &cfg->categories[cfg->kiosk_categories[i]];

		json_array_append_new(cats, json_pack("{s:s, s:s}", "id", c->id, "icon",
						      c->icon[0] ? c->icon : "ticket"));
	}
	for (int i = 0; langs && i < cfg->n_kiosk_languages; i++)
		json_array_append_new(langs, json_string(lang_code(cfg->kiosk_languages[i])));
	return json_pack("{s:b, s:o, s:o, s:b, s:b}", "enabled", cfg->kiosk_token[0] != '\0',
			 "categories", cats, "languages", langs, "help", cfg->kiosk_help, "printer",
			 config_printer_set(cfg));
}
