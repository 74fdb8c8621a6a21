/* SPDX-License-Identifier: MIT */
/*
 * machiai-sim: the simulated office (docs/sim.md).
 *
 *   machiai-sim --scenario FILE [--days N] [--seed S] [--report OUT.json]
 *               [--update-every N] [--band-every N] [--waiting-every MIN]
 *               [--no-predictors]
 *               [--journal DIR [--truth OUT.json]]
 *   machiai-sim --scenario FILE --live URL --token T [--speed N] [--seed S]
 *               [--door-fifo PATH]
 *   machiai-sim --scenario FILE --check
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/civil.h"
#include "core/office.h"
#include "daemon/evjson.h"
#include "sim/engine.h"
#include "sim/evaluate.h"
#include "sim/live.h"
#include "sim/scenario.h"

#define SIM_MAX_DAYS 100000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: machiai-sim --scenario FILE [--days N] [--seed S] [--report OUT.json]\n"
		"                   [--update-every N] [--band-every N] [--waiting-every MIN]\n"
		"                   [--no-predictors]\n"
		"                   [--journal DIR [--truth OUT.json]]\n"
		"       machiai-sim --scenario FILE --live URL --token TOKEN [--speed N] [--seed S]\n"
		"                   [--door-fifo PATH]\n"
		"       machiai-sim --scenario FILE --check\n");
}

static int parse_long(const char *s, const char *what, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr,
			"machiai-sim: %s must be a whole number from %ld to %ld, not '%s'\n", what,
			min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_u64(const char *s, const char *what, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-') {
		fprintf(stderr, "machiai-sim: %s must be a whole number >= 0, not '%s'\n", what, s);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The journal of the simulated days, as machiaid writes it (one file per
 * local day), with the band the estimator gave each scored walk-in at issue;
 * and the simulator's own truth: every realised wait, issue to first call.
 */
struct journal_out {
	struct sim_eval *eval;
	const struct sim_scenario *sc;
	const char *dir;
	FILE *f;
	int32_t day;
	bool failed;
	struct journal_waits {
		double *v;
		int n, cap;
	} waits[CONFIG_MAX_CATEGORIES];
};

static int journal_sink(void *ctx, const struct office *o, const struct event *e)
{
	struct journal_out *j = ctx;
	int off = j->sc->cfg.utc_offset_minutes;
	struct event copy = *e;
	struct civil cv;
	char *line;
	int t;

	if (sim_eval_sink(j->eval, o, e) < 0)
		return -1;
	civil_from_ms(e->at, off, &cv);
	if (!j->f || cv.yyyymmdd != j->day) {
		char path[1024];

		if (j->f && fclose(j->f) != 0)
			j->failed = true;
		snprintf(path, sizeof(path), "%s/journal-%04d-%02d-%02d.jsonl", j->dir, cv.year,
			 cv.month, cv.day);
		j->f = fopen(path, "w");
		j->day = cv.yyyymmdd;
		if (!j->f) {
			fprintf(stderr, "machiai-sim: %s: cannot write\n", path);
			j->failed = true;
			return -1;
		}
	}
	if (e->type == EVENT_TICKET_ISSUE) {
		struct wait_band b;

		if (sim_eval_issue_band(j->eval, o->n_tickets - 1, &b)) {
			copy.has_wait = true;
			copy.wait_low = b.low;
			copy.wait_median = b.median;
			copy.wait_high = b.high;
			copy.wait_soon = b.soon;
		}
	}
	t = e->type == EVENT_TICKET_CALL ? office_ticket_find(o, e->ticket) : -1;
	if (t >= 0) {
		const struct office_ticket *tk = &o->tickets[t];
		struct journal_waits *w = &j->waits[tk->category];

		if (w->n == w->cap) {
			int cap = w->cap ? w->cap * 2 : 256;
			double *nv = realloc(w->v, sizeof(*nv) * (size_t)cap);

			if (!nv)
				return -1;
			w->v = nv;
			w->cap = cap;
		}
		w->v[w->n++] = (double)(tk->called_at - tk->issued_at) / 60000.0;
	}
	line = evjson_encode(&copy, off);
	if (!line || fprintf(j->f, "%s\n", line) < 0) {
		free(line);
		j->failed = true;
		return -1;
	}
	free(line);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The simulator's truth per category: n, mean, 90th percentile (as Excel's PERCENTILE.INC), max. */
static int journal_truth(struct journal_out *j, const char *path)
{
	json_t *arr = json_array(), *doc;
	int rc;

	for (int c = 0; c < j->sc->cfg.n_categories; c++) {
		struct journal_waits *w = &j->waits[c];
		double sum = 0, p90 = 0, pos;
		int lo;

		qsort(w->v, (size_t)w->n, sizeof(double), cmp_double);
		for (int i = 0; i < w->n; i++)
			sum += w->v[i];
		if (w->n) {
			pos = 0.9 * (w->n - 1);
			lo = (int)pos;
			p90 = lo + 1 < w->n ? w->v[lo] + (pos - lo) * (w->v[lo + 1] - w->v[lo])
					    : w->v[lo];
		}
		json_array_append_new(arr, json_pack("{s:s, s:i, s:f, s:f, s:f}", "id",
						     j->sc->cfg.categories[c].id, "n", w->n, "mean",
						     w->n ? sum / w->n : 0.0, "p90", p90, "max",
						     w->n ? w->v[w->n - 1] : 0.0));
	}
	doc = json_pack("{s:o}", "categories", arr);
	rc = doc && json_dump_file(doc, path, JSON_INDENT(2)) == 0 ? 0 : -1;
	json_decref(doc);
	return rc;
}

static int run_offline(const struct sim_scenario *sc, long days, uint64_t seed, const char *report,
		       long update_every, long band_every, long waiting_every, bool predict,
		       const char *journal, const char *truth)
{
	struct office *o = office_new(&sc->cfg);
	struct sim_eval *ev = sim_eval_new(sc, seed, (int)update_every, (int)band_every, predict);
	struct journal_out *jo = calloc(1, sizeof(*jo));
	int32_t date = sim_scenario_next_date(sc, sc->start);
	json_t *js = NULL;
	int rc = 1;

	if (!o || !ev || !jo || sim_eval_set_waiting_every(ev, (int)waiting_every)) {
		fprintf(stderr, "machiai-sim: out of memory\n");
		goto free_all;
	}
	jo->eval = ev;
	jo->sc = sc;
	jo->dir = journal;
	for (long k = 0; k < days; k++) {
		struct sim_day *d = journal ? sim_day_new(sc, o, date, seed, journal_sink, jo)
					    : sim_day_new(sc, o, date, seed, sim_eval_sink, ev);
		char err[256];

		if (!d) {
			fprintf(stderr, "machiai-sim: out of memory\n");
			goto free_all;
		}
		sim_eval_day_begin(ev, d);
		if (sim_day_run(d, err, sizeof(err))) {
			fprintf(stderr, "machiai-sim: %s, day %d: %s\n", sc->name, (int)date, err);
			sim_day_free(d);
			goto free_all;
		}
		sim_eval_day_end(ev);
		sim_day_free(d);
		date = sim_scenario_next_date(sc, civil_next_day(date));
	}
	if (jo->f && fclose(jo->f) != 0)
		jo->failed = true;
	jo->f = NULL;
	if (jo->failed) {
		fprintf(stderr, "machiai-sim: cannot write the journal in %s\n", journal);
		goto free_all;
	}
	if (truth && journal_truth(jo, truth) < 0) {
		fprintf(stderr, "machiai-sim: cannot write %s\n", truth);
		goto free_all;
	}
	sim_eval_print(ev, stdout);
	if (report) {
		js = sim_eval_json(ev, (int)days, seed);
		if (!js || json_dump_file(js, report, JSON_INDENT(2) | JSON_SORT_KEYS)) {
			fprintf(stderr, "machiai-sim: cannot write %s\n", report);
			goto free_all;
		}
	}
	rc = 0;
free_all:
	if (jo) {
		if (jo->f)
			fclose(jo->f);
		for (int c = 0; c < CONFIG_MAX_CATEGORIES; c++)
			free(jo->waits[c].v);
		free(jo);
	}
	json_decref(js);
	sim_eval_free(ev);
	office_free(o);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 'f' },
		{ "days", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "report", required_argument, NULL, 'r' },
		{ "update-every", required_argument, NULL, 'u' },
		{ "live", required_argument, NULL, 'l' },
		{ "token", required_argument, NULL, 't' },
		{ "speed", required_argument, NULL, 'x' },
		{ "door-fifo", required_argument, NULL, 'g' },
		{ "check", no_argument, NULL, 'c' },
		{ "no-predictors", no_argument, NULL, 'n' },
		{ "band-every", required_argument, NULL, 'b' },
		{ "waiting-every", required_argument, NULL, 'w' },
		{ "journal", required_argument, NULL, 'J' },
		{ "truth", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *scenario = NULL, *report = NULL, *journal = NULL, *truth = NULL;
	struct live_options live = { .speed = 1 };
	struct sim_scenario *sc;
	struct sim_errors errs;
	long days = 1, update_every = 1, band_every = 1, waiting_every = -1, speed = 1;
	uint64_t seed = 1;
	bool check = false, predict = true;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			scenario = optarg;
			break;
		case 'd':
			if (parse_long(optarg, "--days", 1, SIM_MAX_DAYS, &days))
				return 2;
			break;
		case 's':
			if (parse_u64(optarg, "--seed", &seed))
				return 2;
			break;
		case 'r':
			report = optarg;
			break;
		case 'u':
			if (parse_long(optarg, "--update-every", 1, 1000, &update_every))
				return 2;
			break;
		case 'l':
			live.url = optarg;
			break;
		case 't':
			live.token = optarg;
			break;
		case 'x':
			if (parse_long(optarg, "--speed", 1, 3600, &speed))
				return 2;
			live.speed = (double)speed;
			break;
		case 'g':
			live.door_fifo = optarg;
			break;
		case 'c':
			check = true;
			break;
		case 'b':
			if (parse_long(optarg, "--band-every", 1, 1000, &band_every))
				return 2;
			break;
		case 'w':
			if (parse_long(optarg, "--waiting-every", 0, 1440, &waiting_every))
				return 2;
			break;
		case 'n':
			predict = false;
			break;
		case 'J':
			journal = optarg;
			break;
		case 'T':
			truth = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!scenario || optind != argc || (truth && !journal) || (journal && live.url)) {
		usage(stderr);
		return 2;
	}
	sc = malloc(sizeof(*sc));
	if (!sc) {
		fprintf(stderr, "machiai-sim: out of memory\n");
		return 1;
	}
	if (sim_scenario_load(scenario, sc, &errs)) {
		for (int i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.e[i]);
		if (errs.dropped)
			fprintf(stderr, "%s: %d more errors\n", scenario, errs.dropped);
		free(sc);
		return 2;
	}
	if (check)
		rc = 0;
	else if (live.url)
		rc = live_run(sc, &live, seed);
	else
		rc = run_offline(sc, days, seed, report, update_every, band_every, waiting_every,
				 predict, journal, truth);
	free(sc);
	return rc;
}
