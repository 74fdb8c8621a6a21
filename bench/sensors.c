/* SPDX-License-Identifier: MIT */
/*
 * Figures of the sensor path (bench/sensors.sh):
 * 1. counting accuracy per direction on synthetic traces (sensors/trace.h):
 *    single file, and side-by-side pairs;
 * 2. the edge rate the path (simulated source → counters → occupancy →
 *    events) sustains on this CPU;
 * 3. the end-of-day correction on simulated ward-office days.
 * Usage: bench_sensors [SEEDS]   (default 20)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/civil.h"
#include "sensors/sensors.h"
#include "sensors/trace.h"
#include "tests/sensors/fixture.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double pct(int a, int b)
{
	return b ? 100.0 * a / b : 0.0;
}

static void accuracy(const char *name, enum trace_mode mode, double p_close, bool hard, int seeds,
		     int n)
{
	struct trace_params p;
	trace_params_defaults(&p);
	p.p_close = p_close;
	if (hard) {
		/* Long leg gaps (beyond min gap) and followers at a hand's breadth. */
		p.p_leg_gap = 0.4;
		p.leg_gap_max_ms = 120;
		p.close_min_m = 0.1;
		p.speed_sd = 0.4;
	}
	struct trace_result sum = { 0 };
	double worst_in = 100, worst_out = 100;
	for (int s = 0; s < seeds; s++) {
		struct trace_result r;
		if (trace_run(&p, n, mode, 1000 + (uint64_t)s, &r) < 0) {
			fprintf(stderr, "bench_sensors: out of memory\n");
			exit(1);
		}
		sum.true_in += r.true_in;
		sum.true_out += r.true_out;
		sum.counted_in += r.counted_in;
		sum.counted_out += r.counted_out;
		sum.false_in += r.false_in;
		sum.false_out += r.false_out;
		sum.turn_backs += r.turn_backs;
		sum.edges += r.edges;
		if (pct(r.counted_in, r.true_in) < worst_in)
			worst_in = pct(r.counted_in, r.true_in);
		if (pct(r.counted_out, r.true_out) < worst_out)
			worst_out = pct(r.counted_out, r.true_out);
	}
	printf("accuracy %-28s in %6d/%6d = %6.2f%% (worst seed %6.2f%%), false in %d;"
	       " out %6d/%6d = %6.2f%% (worst seed %6.2f%%), false out %d;"
	       " turn-backs %d, edges %d\n",
	       name, sum.counted_in, sum.true_in, pct(sum.counted_in, sum.true_in), worst_in,
	       sum.false_in, sum.counted_out, sum.true_out, pct(sum.counted_out, sum.true_out),
	       worst_out, sum.false_out, sum.turn_backs, sum.edges);
}

/* The sensor path fed from the simulated source as fast as it goes. */
static void edge_rate(void)
{
	static struct config cfg;
	static struct event evs[SENSORS_OUT_MAX];
	char err[256];
	fixture_config(&cfg, "sim");
	int64_t t0 = civil_to_ms(FIXTURE_DAY, 9 * 60, 540);
	struct sensors *s = sensors_open_sim(&cfg, t0, -1, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "bench_sensors: %s\n", err);
		exit(1);
	}
	long people = 0, events = 0;
	double busy = 0;
	int64_t t = t0;
	for (int round = 0; round < 20; round++) {
		/* 2000 people per round, half in, half out. */
		int64_t end = simgpio_walk(sensors_sim(s), 1, 2, 1, 1000, t, 7 + (uint64_t)round);
		end = simgpio_walk(sensors_sim(s), 1, 2, -1, 1000, end + 2000, 9 + (uint64_t)round);
		people += 2000;
		double a = now_s();
		for (;;) {
			int64_t due = sensors_due(s);
			if (due > end + 10000)
				break;
			events += sensors_process(s, due, evs, SENSORS_OUT_MAX);
		}
		busy += now_s() - a;
		t = end + 10000;
	}
	struct sensors_stats st;
	sensors_stats_get(s, &st);
	printf("edge rate (simulated source, this CPU): %llu edges (%ld people, bounce included) "
	       "in %.3f s = %.0f edges/s; %ld events; counted in %d, out %d\n",
	       (unsigned long long)st.edges, people, busy, (double)st.edges / busy, events,
	       st.beams->ins, st.beams->outs);
	sensors_close(s);
}

static uint64_t rng_state;

static double uniform(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

/* Schedules one passage (a person, or a pair side by side) at @at. */
static void passage(struct simgpio *sim, enum trace_mode mode, int dir, int64_t at, uint64_t seed)
{
	struct trace_params p;
	trace_params_defaults(&p);
	p.dir = dir;
	p.p_turn = 0;
	struct trace t;
	if (trace_generate(&p, 1, mode, seed, &t) < 0)
		exit(1);
	for (int i = 0; i < t.n_edges; i++)
		simgpio_set(sim, t.edges[i].beam == COUNTER_BEAM_OUTER ? 1 : 2, t.edges[i].blocked,
			    at + (t.edges[i].at_us - 1000000) / 1000);
	trace_free(&t);
}

/* Hourly weight of arrivals, 08:00-18:00 (RESEARCH.md §2: 12-14 busiest). */
static const double hour_weight[10] = { 0.3, 0.9, 1.1, 1.3, 1.5, 1.5, 1.0, 0.8, 0.5, 0.0 };

/*
 * One ward-office day: @visitors people come in between 08:30 and 17:00
 * and leave 5-90 minutes later; a share come as couples, who pass the door
 * side by side or one after the other (each way at random). Runs it through the sensor path, door open 08:25 to
 * 17:45, and closes the day.
 */
static void day(int visitors, double pair_share, uint64_t seed, int *in, int *out, int *corr,
		int *clamped, int *true_n)
{
	static struct config cfg;
	static struct event evs[SENSORS_OUT_MAX];
	char err[256];
	fixture_config(&cfg, "sim");
	int64_t open = civil_to_ms(FIXTURE_DAY, 8 * 60 + 25, 540);
	int64_t shut = civil_to_ms(FIXTURE_DAY, 17 * 60 + 45, 540);
	struct sensors *s = sensors_open_sim(&cfg, open, -1, err, sizeof(err));
	if (!s)
		exit(1);
	struct simgpio *sim = sensors_sim(s);
	rng_state = seed;
	double total = 0;
	for (int h = 0; h < 10; h++)
		total += hour_weight[h];
	*true_n = 0;
	struct plan {
		int64_t at;
		int dir;
		enum trace_mode mode;
	} *plan = calloc((size_t)visitors * 4, sizeof(*plan));
	int n_plan = 0;
	if (!plan)
		exit(1);
	for (int v = 0; v < visitors;) {
		/* Arrival hour by weight, minute uniform; keep within 08:30-17:00. */
		double x = uniform() * total;
		int h = 0;
		while (h < 9 && x > hour_weight[h]) {
			x -= hour_weight[h];
			h++;
		}
		int minute = (8 + h) * 60 + (int)(uniform() * 60);
		if (minute < 8 * 60 + 30 || minute >= 17 * 60)
			continue;
		int64_t arrive =
			civil_to_ms(FIXTURE_DAY, minute, 540) + (int64_t)(uniform() * 60000);
		int64_t leave = arrive + (int64_t)((5 + uniform() * 85) * 60000);
		if (leave > shut - 60000)
			leave = shut - 60000 - (int64_t)(uniform() * 600000);
		bool pair = uniform() < pair_share && v + 1 < visitors;
		enum trace_mode mode = pair ? TRACE_PAIRS : TRACE_SINGLE;
		/* A couple comes and goes side by side, or one after the other,
		 * each way independently. */
		for (int way = 0; way < 2; way++) {
			int dir = way == 0 ? 1 : -1;
			int64_t t = way == 0 ? arrive : leave;
			if (pair && uniform() < 0.5) {
				plan[n_plan++] = (struct plan){ t, dir, TRACE_SINGLE };
				plan[n_plan++] =
					(struct plan){ t + 3000 + (int64_t)(uniform() * 30000), dir,
						       TRACE_SINGLE };
			} else {
				plan[n_plan++] = (struct plan){ t, dir, mode };
			}
		}
		v += pair ? 2 : 1;
		*true_n += pair ? 2 : 1;
	}
	/* In time order, and one passage through the door at a time: whoever
	 * comes within 1.5 s of the one before waits. */
	for (int i = 1; i < n_plan; i++) {
		struct plan x = plan[i];
		int j = i - 1;
		while (j >= 0 && plan[j].at > x.at) {
			plan[j + 1] = plan[j];
			j--;
		}
		plan[j + 1] = x;
	}
	for (int i = 0; i < n_plan; i++) {
		if (i > 0 && plan[i].at < plan[i - 1].at + 1500)
			plan[i].at = plan[i - 1].at + 1500;
		passage(sim, plan[i].mode, plan[i].dir, plan[i].at, seed * 1000003 + (uint64_t)i);
	}
	free(plan);
	simgpio_set(sim, 0, false, shut);
	struct office *o = office_new(&cfg);
	fixture_day_open(o, open);
	struct fixture_tally t = { 0 };
	int64_t close_at = civil_to_ms(FIXTURE_DAY, 23 * 60 + 59, 540);
	for (;;) {
		int64_t due = sensors_due(s);
		if (due > close_at)
			break;
		fixture_apply(o, evs, sensors_process(s, due, evs, SENSORS_OUT_MAX), &t);
	}
	struct event ev;
	if (sensors_day_close(s, close_at, &ev))
		fixture_apply(o, &ev, 1, &t);
	*in = t.in;
	*out = t.out;
	*corr = t.correction;
	struct sensors_stats st;
	sensors_stats_get(s, &st);
	*clamped = st.today->clamped;
	if (o->occupancy != 0) {
		fprintf(stderr, "bench_sensors: the day did not close at 0\n");
		exit(1);
	}
	office_free(o);
	sensors_close(s);
}

static void days(const char *name, double pair_share, int seeds)
{
	long sum_in = 0, sum_out = 0, sum_abs = 0, sum_true = 0, sum_clamped = 0;
	int worst = 0;
	for (int i = 0; i < seeds; i++) {
		int in, out, corr, clamped, n;
		day(325, pair_share, 77 + (uint64_t)i, &in, &out, &corr, &clamped, &n);
		sum_in += in;
		sum_out += out;
		sum_abs += abs(corr);
		sum_clamped += clamped;
		sum_true += n;
		if (abs(corr) > abs(worst))
			worst = corr;
	}
	printf("day end %-20s %d days, %ld visitors/day: counted in %.1f, out %.1f per day; "
	       "correction at close %.1f people per day on average (largest %d); "
	       "outs clamped at 0 during the day %.1f per day\n",
	       name, seeds, sum_true / seeds, (double)sum_in / seeds, (double)sum_out / seeds,
	       (double)sum_abs / seeds, worst, (double)sum_clamped / seeds);
}

int main(int argc, char **argv)
{
	int seeds = 20;
	if (argc > 1) {
		char *end;
		long v = strtol(argv[1], &end, 10);
		if (*end || v < 1 || v > 1000) {
			fprintf(stderr, "usage: bench_sensors [SEEDS 1..1000]\n");
			return 2;
		}
		seeds = (int)v;
	}
	accuracy("single file (30% close)", TRACE_SINGLE, 0.3, false, seeds, 1000);
	accuracy("single file (no followers)", TRACE_SINGLE, 0.0, false, seeds, 1000);
	accuracy("single file, hard (50% close)", TRACE_SINGLE, 0.5, true, seeds, 1000);
	accuracy("pairs side by side", TRACE_PAIRS, 0.0, false, seeds, 1000);
	edge_rate();
	days("single file only", 0.0, seeds / 2 > 0 ? seeds / 2 : 1);
	days("20% as couples", 0.20, seeds / 2 > 0 ? seeds / 2 : 1);
	return 0;
}
