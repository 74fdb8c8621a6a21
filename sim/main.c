/* SPDX-License-Identifier: MIT */
/*
 * machiai-sim: the simulated office (docs/sim.md).
 *
 *   machiai-sim --scenario FILE [--days N] [--seed S] [--report OUT.json]
 *               [--update-every N] [--band-every N] [--no-predictors]
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
#include "sim/engine.h"
#include "sim/evaluate.h"
#include "sim/live.h"
#include "sim/scenario.h"

#define SIM_MAX_DAYS 100000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: machiai-sim --scenario FILE [--days N] [--seed S] [--report OUT.json]\n"
		"                   [--update-every N] [--band-every N] [--no-predictors]\n"
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

static int run_offline(const struct sim_scenario *sc, long days, uint64_t seed, const char *report,
		       long update_every, long band_every, bool predict)
{
	struct office *o = office_new(&sc->cfg);
	struct sim_eval *ev = sim_eval_new(sc, seed, (int)update_every, (int)band_every, predict);
	int32_t date = sim_scenario_next_date(sc, sc->start);
	json_t *js = NULL;
	int rc = 1;

	if (!o || !ev) {
		fprintf(stderr, "machiai-sim: out of memory\n");
		goto free_all;
	}
	for (long k = 0; k < days; k++) {
		struct sim_day *d = sim_day_new(sc, o, date, seed, sim_eval_sink, ev);
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *scenario = NULL, *report = NULL;
	struct live_options live = { .speed = 1 };
	struct sim_scenario *sc;
	struct sim_errors errs;
	long days = 1, update_every = 1, band_every = 1, speed = 1;
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
		case 'n':
			predict = false;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!scenario || optind != argc) {
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
		rc = run_offline(sc, days, seed, report, update_every, band_every, predict);
	free(sc);
	return rc;
}
