/* SPDX-License-Identifier: MIT */
#include "sim/evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

#define MS_PER_MIN 60000.0
#define ALL_METHODS ((1u << SIM_METHODS) - 1)
#define JUMP_BIG 5 /* minutes: a jump this large or larger is counted apart */
#define MAX_UPDATES 2000 /* per ticket */
#define COLD_TICKETS 30 /* the first bands of a day: the office knows nothing of today yet */
#define MAX_SHOWN 4000 /* per-ticket bands kept per ticket */

/* One band estimator_waiting() gave a waiting ticket (unrounded minutes). */
struct shown_band {
	int64_t at;
	double p05, p10, p50, p90, p95;
};

/* Sums over per-ticket bands (a band each, or a ticket each: its bands' means). */
struct band_acc {
	double n, in80, in90, width80, width90, err50;
};

/* One recorded update of a waiting ticket. */
struct update {
	int64_t at;
	double pred[SIM_METHODS];
	unsigned has;
};

/* A measured ticket while it waits. */
struct track {
	bool active;
	bool updates; /* record updates for this one */
	int64_t issued;
	int hour, category;
	double pred[SIM_METHODS];
	unsigned has;
	bool has_band;
	int low, median, high; /* shown, whole minutes */
	double p10, p90; /* unrounded */
	double p05, p95; /* the 90% band, unrounded */
	bool soon; /* the band said "next, at a free window" */
	bool cold; /* among the first COLD_TICKETS bands of the day */
	struct update *u;
	int n_u, cap_u;
	int shown[SIM_METHODS]; /* last figure shown, minutes */
	unsigned shown_has;
	int64_t shown_at;
	struct shown_band *sb; /* its bands from estimator_waiting() while it waits */
	int n_sb, cap_sb;
};

struct jump_acc {
	double n, sum_abs, big;
};

struct sim_eval {
	const struct sim_scenario *sc;
	struct estimator *est;
	double true_minutes[CONFIG_MAX_CATEGORIES];
	int update_every, band_every;
	bool predict; /* false: realised waits only */
	const struct sim_day *day;

	struct track *tracks; /* OFFICE_MAX_TICKETS, indexed like office.tickets */
	int n_measured_today;
	int n_bands_today;

	/* Realised waits. */
	double issued, walk_ins, measured, censored, no_shows, done, checkins;
	double wait_sum, wait_sum2, wait_max;
	double hour_n[24], hour_sum[24];
	double excluded; /* measured tickets some method gave no figure for */
	double no_figure[SIM_METHODS];
	double peak_occupancy_sum;
	int peak_occupancy_today;
	int days;
	/* Day by day (days are independent): for the standard error of the mean wait. */
	double day_n, day_sum, sum_d2; /* today's count and sum; sum of squared residual terms */
	double days_n2, days_ns, days_s2; /* sums of n_i^2, n_i s_i, s_i^2 over days */

	struct sim_acc issue[SIM_METHODS], update[SIM_METHODS];
	struct sim_acc hour[SIM_METHODS][24];
	struct sim_acc cat[SIM_METHODS][CONFIG_MAX_CATEGORIES];
	struct jump_acc jump[SIM_METHODS];
	double band_n, band_in, band_width; /* p10..p90, unrounded */
	double shown_in, shown_width; /* low..high as shown, whole minutes */
	double band_hour_n[24], band_hour_in[24];
	double band90_in, band90_width; /* p05..p95, unrounded (same tickets as band_n) */
	double band90_hour_in[24];
	double soon_n, soon_in,
		soon90_in; /* bands that said "soon" (0-0), and how many were right */
	/* Tickets that waited (called after a wait > 0): coverage and width of
	 * their bands, and the error of the point estimate. */
	double wait_n, wait_in, wait90_in, wait_width, wait90_width;
	double wait_below, wait_above; /* outside the 80% band: below p10, above p90 */
	struct sim_acc wait_acc;
	/* The first COLD_TICKETS bands of each day. */
	double cold_n, cold_in, cold90_in, cold_wait_n, cold_wait_in;
	double gave_up, cancelled; /* holders gone before the call; of them, withdrawn */

	/* Every waiting ticket's own band (estimator_waiting()), at most once
	 * every waiting_every_ms at events that change the queue; scored at the
	 * ticket's call against the remaining wait. */
	int64_t waiting_every_ms; /* -1: off; 0: at every such event */
	int64_t waiting_last;
	struct ticket_band *tb; /* OFFICE_MAX_TICKETS */
	double waiting_calls, waiting_none; /* calls; bands with no figure (not scored) */
	struct band_acc pt_band, pt_ticket;
};

static const enum estimator_method methods[SIM_METHODS] = {
	[SIM_METHOD_MACHIAI] = ESTIMATOR_POINT, [SIM_METHOD_ORACLE] = ESTIMATOR_ORACLE,
	[SIM_METHOD_QL] = ESTIMATOR_QL,		[SIM_METHOD_LES] = ESTIMATOR_LES,
	[SIM_METHOD_HOL] = ESTIMATOR_HOL,
};

const char *sim_method_name(enum sim_method m)
{
	static const char *const names[SIM_METHODS] = { "machiai", "oracle", "ql", "les", "hol" };

	return names[m];
}

double sim_erlang_c(int s, double a)
{
	double b = 1;

	for (int k = 1; k <= s; k++)
		b = a * b / (k + a * b);
	return s * b / (s - a * (1 - b));
}

struct sim_eval *sim_eval_new(const struct sim_scenario *sc, uint64_t seed, int update_every,
			      int band_every, bool predict)
{
	struct sim_eval *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return NULL;
	ev->sc = sc;
	ev->predict = predict;
	ev->update_every = update_every < 1 ? 1 : update_every;
	ev->band_every = band_every < 1 ? 1 : band_every;
	ev->waiting_every_ms = -1;
	ev->tracks = calloc(OFFICE_MAX_TICKETS, sizeof(*ev->tracks));
	ev->est = estimator_new(&sc->cfg, seed);
	if (!ev->tracks || !ev->est) {
		sim_eval_free(ev);
		return NULL;
	}
	for (int c = 0; c < sc->cfg.n_categories; c++)
		ev->true_minutes[c] = sim_scenario_window_minutes(sc, c);
	return ev;
}

int sim_eval_set_waiting_every(struct sim_eval *ev, int minutes)
{
	if (minutes < -1)
		return -1;
	if (minutes >= 0 && !ev->tb) {
		ev->tb = calloc(OFFICE_MAX_TICKETS, sizeof(*ev->tb));
		if (!ev->tb)
			return -1;
	}
	ev->waiting_every_ms = minutes < 0 ? -1 : (int64_t)minutes * 60000;
	return 0;
}

static void tracks_clear(struct sim_eval *ev)
{
	for (int i = 0; i < OFFICE_MAX_TICKETS; i++) {
		free(ev->tracks[i].u);
		free(ev->tracks[i].sb);
		memset(&ev->tracks[i], 0, sizeof(ev->tracks[i]));
	}
}

void sim_eval_free(struct sim_eval *ev)
{
	if (!ev)
		return;
	if (ev->tracks)
		tracks_clear(ev);
	free(ev->tracks);
	free(ev->tb);
	estimator_free(ev->est);
	free(ev);
}

void sim_eval_day_begin(struct sim_eval *ev, const struct sim_day *d)
{
	ev->day = d;
	ev->n_measured_today = 0;
	ev->n_bands_today = 0;
	ev->peak_occupancy_today = 0;
	ev->waiting_last = INT64_MIN;
	tracks_clear(ev);
}

void sim_eval_day_end(struct sim_eval *ev)
{
	for (int i = 0; i < OFFICE_MAX_TICKETS; i++) {
		if (ev->tracks[i].active)
			ev->censored++;
	}
	tracks_clear(ev);
	ev->peak_occupancy_sum += ev->peak_occupancy_today;
	ev->days++;
	ev->days_n2 += ev->day_n * ev->day_n;
	ev->days_ns += ev->day_n * ev->day_sum;
	ev->days_s2 += ev->day_sum * ev->day_sum;
	ev->day_n = ev->day_sum = 0;
}

/* Point predictions of every method for waiting ticket @t at @now. */
static unsigned predict_all(struct sim_eval *ev, const struct office *o, int t, int64_t now,
			    double *pred, int *shown)
{
	unsigned has = 0;

	for (int m = 0; m < SIM_METHODS; m++) {
		struct wait_band b;

		if (estimator_predict(ev->est, o, methods[m], o->tickets[t].category, t, now,
				      ev->true_minutes, &b) ||
		    b.basis == WAIT_BASIS_NONE || b.point < 0)
			continue;
		pred[m] = b.point;
		shown[m] = b.median;
		has |= 1u << m;
	}
	return has;
}

static void acc_add(struct sim_acc *a, double e, double real)
{
	a->n++;
	a->sum_e += e;
	a->sum_e2 += e * e;
	a->sum_abs += fabs(e);
	a->sum_real += real;
}

static void on_issue(struct sim_eval *ev, const struct office *o, const struct event *e)
{
	const struct sim_scenario *sc = ev->sc;
	int t = o->n_tickets - 1;
	const struct sim_ticket *st = sim_day_ticket(ev->day, t);
	struct track *tr = &ev->tracks[t];
	struct civil cv;
	struct wait_band band;
	bool band_now;

	ev->issued++;
	if (!st || !st->walk_in) {
		ev->checkins++;
		return;
	}
	ev->walk_ins++;
	civil_from_ms(e->at, sc->cfg.utc_offset_minutes, &cv);
	if (cv.minute_of_day < sc->measure_from || cv.minute_of_day >= sc->measure_until)
		return;
	memset(tr, 0, sizeof(*tr));
	tr->active = true;
	tr->updates = ev->n_measured_today % ev->update_every == 0;
	band_now = ev->n_measured_today % ev->band_every == 0;
	ev->n_measured_today++;
	tr->issued = e->at;
	tr->hour = cv.hour;
	tr->category = o->tickets[t].category;
	if (ev->predict)
		tr->has = predict_all(ev, o, t, e->at, tr->pred, tr->shown);
	tr->shown_has = tr->has;
	tr->shown_at = e->at;
	if (!ev->predict || !band_now)
		return;
	if (estimator_ticket(ev->est, o, t, e->at, &band) == 0 && band.basis != WAIT_BASIS_NONE) {
		tr->has_band = true;
		tr->low = band.low;
		tr->median = band.median;
		tr->high = band.high;
		tr->p10 = band.p10;
		tr->p90 = band.p90;
		tr->p05 = band.p05;
		tr->p95 = band.p95;
		tr->soon = band.soon;
		tr->cold = ev->n_bands_today++ < COLD_TICKETS;
	}
}

static void on_update(struct sim_eval *ev, const struct office *o, int t, int64_t now)
{
	struct track *tr = &ev->tracks[t];
	struct update *u;
	int shown[SIM_METHODS];

	if (tr->n_u == tr->cap_u) {
		int cap = tr->cap_u ? tr->cap_u * 2 : 16;
		struct update *nu;

		if (cap > MAX_UPDATES)
			return;
		nu = realloc(tr->u, sizeof(*nu) * (size_t)cap);
		if (!nu)
			return;
		tr->u = nu;
		tr->cap_u = cap;
	}
	u = &tr->u[tr->n_u++];
	u->at = now;
	u->has = predict_all(ev, o, t, now, u->pred, shown);
	/* A jump: the change of the figure beyond the time that has passed. */
	for (int m = 0; m < SIM_METHODS; m++) {
		unsigned bit = 1u << m;
		double j;

		if (!(u->has & bit))
			continue;
		if (tr->shown_has & bit) {
			j = fabs(shown[m] -
				 (tr->shown[m] - (double)(now - tr->shown_at) / MS_PER_MIN));
			ev->jump[m].n++;
			ev->jump[m].sum_abs += j;
			if (j >= JUMP_BIG)
				ev->jump[m].big++;
		}
		tr->shown[m] = shown[m];
	}
	tr->shown_has = u->has;
	tr->shown_at = now;
}

/* Score the bands @tr was shown while it waited, now that it is called at @now. */
static void score_shown(struct sim_eval *ev, const struct track *tr, int64_t now)
{
	struct band_acc t = { 0 };

	if (tr->n_sb == 0)
		return;
	for (int k = 0; k < tr->n_sb; k++) {
		const struct shown_band *s = &tr->sb[k];
		double rem = (double)(now - s->at) / MS_PER_MIN;

		t.n++;
		t.in80 += rem >= s->p10 && rem <= s->p90;
		t.in90 += rem >= s->p05 && rem <= s->p95;
		t.width80 += s->p90 - s->p10;
		t.width90 += s->p95 - s->p05;
		t.err50 += s->p50 - rem;
	}
	ev->pt_band.n += t.n;
	ev->pt_band.in80 += t.in80;
	ev->pt_band.in90 += t.in90;
	ev->pt_band.width80 += t.width80;
	ev->pt_band.width90 += t.width90;
	ev->pt_band.err50 += t.err50;
	/* Each ticket counts once: the means over its own bands. */
	ev->pt_ticket.n++;
	ev->pt_ticket.in80 += t.in80 / t.n;
	ev->pt_ticket.in90 += t.in90 / t.n;
	ev->pt_ticket.width80 += t.width80 / t.n;
	ev->pt_ticket.width90 += t.width90 / t.n;
	ev->pt_ticket.err50 += t.err50 / t.n;
}

static void on_called(struct sim_eval *ev, int t, int64_t now)
{
	struct track *tr = &ev->tracks[t];
	double real = (double)(now - tr->issued) / MS_PER_MIN;

	tr->active = false;
	ev->measured++;
	ev->wait_sum += real;
	ev->wait_sum2 += real * real;
	if (real > ev->wait_max)
		ev->wait_max = real;
	ev->hour_n[tr->hour]++;
	ev->hour_sum[tr->hour] += real;
	ev->day_n++;
	ev->day_sum += real;
	if (!ev->predict)
		goto free_updates;
	for (int m = 0; m < SIM_METHODS; m++) {
		if (!(tr->has & (1u << m)))
			ev->no_figure[m]++;
	}
	if (tr->has_band) {
		long shown_real = lround(real);

		ev->band_n++;
		ev->band_hour_n[tr->hour]++;
		ev->band_width += tr->p90 - tr->p10;
		if (real >= tr->p10 && real <= tr->p90) {
			ev->band_in++;
			ev->band_hour_in[tr->hour]++;
		}
		ev->band90_width += tr->p95 - tr->p05;
		if (tr->soon) {
			ev->soon_n++;
			ev->soon_in += real >= tr->p10 && real <= tr->p90;
			ev->soon90_in += real >= tr->p05 && real <= tr->p95;
		}
		if (real >= tr->p05 && real <= tr->p95) {
			ev->band90_in++;
			ev->band90_hour_in[tr->hour]++;
		}
		ev->shown_width += tr->high - tr->low;
		if (shown_real >= tr->low && shown_real <= tr->high)
			ev->shown_in++;
		bool in80 = real >= tr->p10 && real <= tr->p90;
		bool in90 = real >= tr->p05 && real <= tr->p95;

		if (real > 0) {
			ev->wait_n++;
			ev->wait_in += in80;
			ev->wait_below += real < tr->p10;
			ev->wait_above += real > tr->p90;
			ev->wait90_in += in90;
			ev->wait_width += tr->p90 - tr->p10;
			ev->wait90_width += tr->p95 - tr->p05;
		}
		if (tr->cold) {
			ev->cold_n++;
			ev->cold_in += in80;
			ev->cold90_in += in90;
			if (real > 0) {
				ev->cold_wait_n++;
				ev->cold_wait_in += in80;
			}
		}
	}
	if (real > 0 && (tr->has & (1u << SIM_METHOD_MACHIAI)))
		acc_add(&ev->wait_acc, tr->pred[SIM_METHOD_MACHIAI] - real, real);
	if (tr->has != ALL_METHODS) {
		ev->excluded++;
	} else {
		for (int m = 0; m < SIM_METHODS; m++) {
			double e = tr->pred[m] - real;

			acc_add(&ev->issue[m], e, real);
			acc_add(&ev->hour[m][tr->hour], e, real);
			acc_add(&ev->cat[m][tr->category], e, real);
		}
	}
	score_shown(ev, tr, now);
	for (int k = 0; k < tr->n_u; k++) {
		const struct update *u = &tr->u[k];
		double rem = (double)(now - u->at) / MS_PER_MIN;

		if (u->has != ALL_METHODS)
			continue;
		for (int m = 0; m < SIM_METHODS; m++)
			acc_add(&ev->update[m], u->pred[m] - rem, rem);
	}
free_updates:
	free(tr->u);
	tr->u = NULL;
	tr->n_u = tr->cap_u = 0;
	free(tr->sb);
	tr->sb = NULL;
	tr->n_sb = tr->cap_sb = 0;
}

/* Every waiting ticket's band now, kept by its track until its call. */
static void on_waiting(struct sim_eval *ev, const struct office *o, int64_t now)
{
	int n = estimator_waiting(ev->est, o, now, NULL, ev->tb, OFFICE_MAX_TICKETS);

	ev->waiting_last = now;
	ev->waiting_calls++;
	if (n > OFFICE_MAX_TICKETS)
		n = OFFICE_MAX_TICKETS;
	for (int i = 0; i < n; i++) {
		const struct wait_band *b = &ev->tb[i].band;
		struct track *tr = &ev->tracks[ev->tb[i].ticket];
		struct shown_band *s;

		if (!tr->active)
			continue; /* not scored: a check-in, or outside the measured span */
		if (b->basis == WAIT_BASIS_NONE) {
			ev->waiting_none++;
			continue;
		}
		if (tr->n_sb == tr->cap_sb) {
			int cap = tr->cap_sb ? tr->cap_sb * 2 : 16;
			struct shown_band *nb;

			if (cap > MAX_SHOWN)
				continue;
			nb = realloc(tr->sb, sizeof(*nb) * (size_t)cap);
			if (!nb)
				continue;
			tr->sb = nb;
			tr->cap_sb = cap;
		}
		s = &tr->sb[tr->n_sb++];
		s->at = now;
		s->p05 = b->p05;
		s->p10 = b->p10;
		s->p50 = b->p50;
		s->p90 = b->p90;
		s->p95 = b->p95;
	}
}

/* Events after which the daemon refreshes the waiting tickets' bands. */
static bool changes_queue(enum event_type type)
{
	switch (type) {
	case EVENT_TICKET_ISSUE:
	case EVENT_TICKET_CALL:
	case EVENT_TICKET_DONE:
	case EVENT_TICKET_NO_SHOW:
	case EVENT_TICKET_CANCEL:
	case EVENT_RESERVATION_BOOK:
	case EVENT_RESERVATION_CANCEL:
	case EVENT_RESERVATION_EXPIRE:
	case EVENT_WINDOW_SET:
	case EVENT_SERVICE_SET:
		return true;
	default:
		return false;
	}
}

int sim_eval_sink(void *ctx, const struct office *o, const struct event *e)
{
	struct sim_eval *ev = ctx;
	int t;

	switch (e->type) {
	case EVENT_TICKET_ISSUE:
		on_issue(ev, o, e);
		break;
	case EVENT_TICKET_CALL:
		t = office_ticket_find(o, e->ticket);
		if (t >= 0 && ev->tracks[t].active) {
			const struct sim_ticket *st = sim_day_ticket(ev->day, t);

			if (st && e->at >= st->leaves_at)
				ev->gave_up++;
			on_called(ev, t, e->at);
		}
		for (int i = 0; i < o->n_tickets; i++) {
			if (ev->predict && ev->tracks[i].active && ev->tracks[i].updates)
				on_update(ev, o, i, e->at);
		}
		break;
	case EVENT_TICKET_DONE:
		ev->done++;
		break;
	case EVENT_TICKET_NO_SHOW:
		ev->no_shows++;
		break;
	case EVENT_TICKET_CANCEL:
		t = office_ticket_find(o, e->ticket);
		if (t >= 0 && ev->tracks[t].active) {
			ev->gave_up++;
			ev->cancelled++;
		}
		break;
	case EVENT_PEOPLE:
		if (o->occupancy > ev->peak_occupancy_today)
			ev->peak_occupancy_today = o->occupancy;
		break;
	default:
		break;
	}
	if (ev->predict && ev->waiting_every_ms >= 0 && changes_queue(e->type) &&
	    (ev->waiting_last == INT64_MIN || e->at - ev->waiting_last >= ev->waiting_every_ms))
		on_waiting(ev, o, e->at);
	return 0;
}

bool sim_eval_issue_band(const struct sim_eval *ev, int t, struct wait_band *out)
{
	const struct track *tr;

	if (t < 0 || t >= OFFICE_MAX_TICKETS)
		return false;
	tr = &ev->tracks[t];
	if (!tr->active || !tr->has_band)
		return false;
	memset(out, 0, sizeof(*out));
	out->low = tr->low;
	out->high = tr->high;
	out->median = tr->median;
	out->soon = tr->soon;
	out->basis = WAIT_BASIS_LEARNED;
	return true;
}

const struct sim_acc *sim_eval_acc(const struct sim_eval *ev, enum sim_method method)
{
	return &ev->issue[method];
}

static double rmse(const struct sim_acc *a)
{
	return a->n > 0 ? sqrt(a->sum_e2 / a->n) : NAN;
}

/* A number, or null when it is not finite. */
static json_t *num(double x)
{
	return isfinite(x) ? json_real(round(x * 10000) / 10000) : json_null();
}

static json_t *acc_json(const struct sim_acc *a, const struct sim_acc *oracle)
{
	double mean = a->n > 0 ? a->sum_real / a->n : NAN;

	return json_pack("{s:f,s:o,s:o,s:o,s:o,s:o,s:o}", "n", a->n, "rmse", num(rmse(a)), "mae",
			 num(a->n > 0 ? a->sum_abs / a->n : NAN), "bias",
			 num(a->n > 0 ? a->sum_e / a->n : NAN), "mean_wait", num(mean),
			 "rmse_over_mean", num(rmse(a) / mean), "efficiency",
			 num(rmse(a) / rmse(oracle)));
}

/* The means of @a over its n, as JSON. */
static json_t *band_acc_json(const struct band_acc *a)
{
	double n = a->n;

	return json_pack(
		"{s:f,s:o,s:o,s:o,s:o,s:o}", "n", n, "coverage80", num(n > 0 ? a->in80 / n : NAN),
		"coverage90", num(n > 0 ? a->in90 / n : NAN), "width80",
		num(n > 0 ? a->width80 / n : NAN), "width90", num(n > 0 ? a->width90 / n : NAN),
		"median_bias", num(n > 0 ? a->err50 / n : NAN));
}

/* Every waiting ticket's band at updates, or null when not asked for. */
static json_t *per_ticket_json(const struct sim_eval *ev)
{
	if (ev->waiting_every_ms < 0 || !ev->predict)
		return json_null();
	return json_pack("{s:f,s:f,s:f,s:o,s:o}", "every_minutes",
			 (double)ev->waiting_every_ms / MS_PER_MIN, "updates", ev->waiting_calls,
			 "no_figure", ev->waiting_none, "bands", band_acc_json(&ev->pt_band),
			 "tickets", band_acc_json(&ev->pt_ticket));
}

/* The stationary M/M/s check, when the scenario is one. */
static json_t *theory_json(const struct sim_eval *ev)
{
	const struct sim_scenario *sc = ev->sc;
	const struct sim_category *cat = &sc->cat[0];
	double lambda = 0, mu, a, wq, mean, mse_oracle, mse_ql, se = NAN;
	int wd = -1;

	if (sc->cfg.n_categories != 1 || cat->service_dist != SIM_DIST_EXPONENTIAL ||
	    sc->walk_mean > 0 || cat->no_show > 0 || cat->patience_mean > 0 ||
	    cat->reservations_per_day > 0 || ev->measured == 0)
		return json_null();
	for (int w = 0; w < sc->cfg.n_windows; w++) {
		if (sc->cfg.windows[w].n_breaks > 0 || !sc->cfg.windows[w].open)
			return json_null();
	}
	for (int d = 0; d < 7 && wd < 0; d++) {
		if (sc->weekdays[d])
			wd = d;
	}
	for (int m = sc->measure_from; m < sc->measure_until; m++) {
		double r = sim_scenario_rate(sc, 0, wd, m + 0.5);

		if (lambda > 0 && fabs(r - lambda) > 1e-9 * lambda)
			return json_null(); /* the rate is not constant */
		lambda = r;
	}
	mu = 1.0 / cat->service_mean;
	a = lambda / mu;
	if (a >= sc->cfg.n_windows)
		return json_null();
	wq = sim_erlang_c(sc->cfg.n_windows, a) / (sc->cfg.n_windows * mu - lambda);
	mean = ev->wait_sum / ev->measured;
	/* Ratio estimator over independent days: var = sum (s_i - mean n_i)^2 / (D (D-1) nbar^2). */
	if (ev->days > 1) {
		double nbar = ev->measured / ev->days;
		double ss = ev->days_s2 - 2 * mean * ev->days_ns + mean * mean * ev->days_n2;

		se = sqrt(ss / ((double)ev->days * (ev->days - 1) * nbar * nbar));
	}
	mse_oracle = ev->issue[SIM_METHOD_ORACLE].sum_e2;
	mse_ql = ev->issue[SIM_METHOD_QL].sum_e2;
	return json_pack("{s:i,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "servers",
			 sc->cfg.n_windows, "rho", num(a / sc->cfg.n_windows), "erlang_c_wait",
			 num(wq), "simulated_wait", num(mean), "simulated_wait_se", num(se),
			 "wait_rel_diff", num((mean - wq) / wq), "wait_rel_se", num(se / wq),
			 "mse_les_over_oracle", num(ev->issue[SIM_METHOD_LES].sum_e2 / mse_oracle),
			 "mse_hol_over_oracle", num(ev->issue[SIM_METHOD_HOL].sum_e2 / mse_oracle),
			 "mse_les_over_ql", num(ev->issue[SIM_METHOD_LES].sum_e2 / mse_ql),
			 "mse_ql_over_oracle", num(mse_ql / mse_oracle));
}

static json_t *realised_json(const struct sim_eval *ev, int days)
{
	json_t *hours = json_array();
	double mean = ev->measured > 0 ? ev->wait_sum / ev->measured : NAN;
	double var = ev->measured > 1
			     ? (ev->wait_sum2 - ev->measured * mean * mean) / (ev->measured - 1)
			     : NAN;

	for (int h = 0; h < 24; h++) {
		if (ev->hour_n[h] > 0)
			json_array_append_new(hours,
					      json_pack("{s:i,s:f,s:o}", "hour", h, "n",
							ev->hour_n[h], "mean_wait",
							num(ev->hour_sum[h] / ev->hour_n[h])));
	}
	return json_pack("{s:f,s:f,s:f,s:o,s:f,s:f,s:f,s:f,s:f,s:o,s:o,s:o,s:o,s:o}", "tickets",
			 ev->issued, "gave_up", ev->gave_up, "cancelled", ev->cancelled,
			 "tickets_per_day", num(days > 0 ? ev->issued / days : NAN), "walk_ins",
			 ev->walk_ins, "checkins", ev->checkins, "measured", ev->measured,
			 "censored", ev->censored, "no_shows", ev->no_shows, "mean_wait", num(mean),
			 "sd_wait", num(sqrt(var)), "max_wait", num(ev->wait_max),
			 "peak_occupancy_mean", num(days > 0 ? ev->peak_occupancy_sum / days : NAN),
			 "by_hour", hours);
}

json_t *sim_eval_json(const struct sim_eval *ev, int days, uint64_t seed)
{
	const struct sim_scenario *sc = ev->sc;
	json_t *root, *ms, *band, *bh, *band90, *bh90, *waited, *cold;

	ms = json_object();
	for (int m = 0; m < SIM_METHODS; m++) {
		json_t *hours = json_array(), *cats = json_array(), *jm;

		for (int h = 0; h < 24; h++) {
			json_t *x;

			if (ev->hour[m][h].n == 0)
				continue;
			x = acc_json(&ev->hour[m][h], &ev->hour[SIM_METHOD_ORACLE][h]);
			json_object_set_new(x, "hour", json_integer(h));
			json_array_append_new(hours, x);
		}
		for (int c = 0; c < sc->cfg.n_categories; c++) {
			json_t *x = acc_json(&ev->cat[m][c], &ev->cat[SIM_METHOD_ORACLE][c]);

			json_object_set_new(x, "category", json_string(sc->cfg.categories[c].id));
			json_array_append_new(cats, x);
		}
		jm = json_pack("{s:f,s:o,s:o}", "n", ev->jump[m].n, "mean_abs",
			       num(ev->jump[m].n > 0 ? ev->jump[m].sum_abs / ev->jump[m].n : NAN),
			       "share_5min_or_more",
			       num(ev->jump[m].n > 0 ? ev->jump[m].big / ev->jump[m].n : NAN));
		json_object_set_new(
			ms, sim_method_name(m),
			json_pack("{s:o,s:o,s:o,s:o,s:o,s:f}", "issue",
				  acc_json(&ev->issue[m], &ev->issue[SIM_METHOD_ORACLE]), "update",
				  acc_json(&ev->update[m], &ev->update[SIM_METHOD_ORACLE]),
				  "by_hour", hours, "by_category", cats, "jumps", jm, "no_figure",
				  ev->no_figure[m]));
	}
	bh = json_array();
	bh90 = json_array();
	for (int h = 0; h < 24; h++) {
		if (ev->band_hour_n[h] == 0)
			continue;
		json_array_append_new(bh, json_pack("{s:i,s:f,s:o}", "hour", h, "n",
						    ev->band_hour_n[h], "coverage",
						    num(ev->band_hour_in[h] / ev->band_hour_n[h])));
		json_array_append_new(bh90,
				      json_pack("{s:i,s:f,s:o}", "hour", h, "n", ev->band_hour_n[h],
						"coverage",
						num(ev->band90_hour_in[h] / ev->band_hour_n[h])));
	}
	band = json_pack("{s:f,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o}", "n", ev->band_n, "coverage",
			 num(ev->band_n > 0 ? ev->band_in / ev->band_n : NAN), "mean_width",
			 num(ev->band_n > 0 ? ev->band_width / ev->band_n : NAN), "shown_coverage",
			 num(ev->band_n > 0 ? ev->shown_in / ev->band_n : NAN), "shown_mean_width",
			 num(ev->band_n > 0 ? ev->shown_width / ev->band_n : NAN), "by_hour", bh,
			 "soon_n", ev->soon_n, "soon_coverage",
			 num(ev->soon_n > 0 ? ev->soon_in / ev->soon_n : NAN), "waiting_coverage",
			 num(ev->band_n > ev->soon_n
				     ? (ev->band_in - ev->soon_in) / (ev->band_n - ev->soon_n)
				     : NAN));
	band90 = json_pack("{s:f,s:o,s:o,s:o,s:o}", "n", ev->band_n, "coverage",
			   num(ev->band_n > 0 ? ev->band90_in / ev->band_n : NAN), "mean_width",
			   num(ev->band_n > 0 ? ev->band90_width / ev->band_n : NAN), "by_hour",
			   bh90, "waiting_coverage",
			   num(ev->band_n > ev->soon_n
				       ? (ev->band90_in - ev->soon90_in) / (ev->band_n - ev->soon_n)
				       : NAN));
	waited = json_pack("{s:f,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "n", ev->wait_n, "below80",
			   num(ev->wait_n > 0 ? ev->wait_below / ev->wait_n : NAN), "above80",
			   num(ev->wait_n > 0 ? ev->wait_above / ev->wait_n : NAN), "coverage80",
			   num(ev->wait_n > 0 ? ev->wait_in / ev->wait_n : NAN), "coverage90",
			   num(ev->wait_n > 0 ? ev->wait90_in / ev->wait_n : NAN), "width80",
			   num(ev->wait_n > 0 ? ev->wait_width / ev->wait_n : NAN), "width90",
			   num(ev->wait_n > 0 ? ev->wait90_width / ev->wait_n : NAN), "rmse",
			   num(rmse(&ev->wait_acc)), "bias",
			   num(ev->wait_acc.n > 0 ? ev->wait_acc.sum_e / ev->wait_acc.n : NAN),
			   "mean_wait",
			   num(ev->wait_acc.n > 0 ? ev->wait_acc.sum_real / ev->wait_acc.n : NAN));
	cold = json_pack("{s:i,s:f,s:o,s:o,s:f,s:o}", "tickets_per_day", COLD_TICKETS, "n",
			 ev->cold_n, "coverage80",
			 num(ev->cold_n > 0 ? ev->cold_in / ev->cold_n : NAN), "coverage90",
			 num(ev->cold_n > 0 ? ev->cold90_in / ev->cold_n : NAN), "waited_n",
			 ev->cold_wait_n, "waited_coverage80",
			 num(ev->cold_wait_n > 0 ? ev->cold_wait_in / ev->cold_wait_n : NAN));
	root = json_pack("{s:s,s:s,s:i,s:I,s:i,s:i,s:o,s:f,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
			 "scenario", sc->name, "description", sc->description, "days", days, "seed",
			 (json_int_t)seed, "update_every", ev->update_every, "band_every",
			 ev->band_every, "realised", realised_json(ev, days), "excluded",
			 ev->excluded, "methods", ms, "band80", band, "band90", band90, "waited",
			 waited, "cold_start", cold, "per_ticket", per_ticket_json(ev), "theory",
			 theory_json(ev));
	return root;
}

void sim_eval_print(const struct sim_eval *ev, FILE *f)
{
	const struct sim_scenario *sc = ev->sc;
	const struct sim_acc *oracle = &ev->issue[SIM_METHOD_ORACLE];
	double mean = ev->measured > 0 ? ev->wait_sum / ev->measured : NAN;

	fprintf(f, "### %s\n\n", sc->name);
	if (sc->description[0])
		fprintf(f, "%s\n\n", sc->description);
	fprintf(f,
		"%d days, %.1f tickets/day, %.0f scored (%.0f censored, %.0f without a figure "
		"from every method); realised wait mean %.1f min, max %.0f min\n\n",
		ev->days, ev->days > 0 ? ev->issued / ev->days : 0.0, ev->issue[0].n, ev->censored,
		ev->excluded, mean, ev->wait_max);
	fprintf(f, "| method | RMSE | MAE | bias | RMSE/mean | vs oracle | RMSE at updates | "
		   "mean jump | jumps >= 5 min |\n");
	fprintf(f, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (int m = 0; m < SIM_METHODS; m++) {
		const struct sim_acc *a = &ev->issue[m];
		const struct jump_acc *j = &ev->jump[m];

		fprintf(f, "| %s | %.2f | %.2f | %+.2f | %.3f | %.3f | %.2f | %.2f | %.1f%% |\n",
			sim_method_name(m), rmse(a), a->n > 0 ? a->sum_abs / a->n : NAN,
			a->n > 0 ? a->sum_e / a->n : NAN, rmse(a) / mean, rmse(a) / rmse(oracle),
			rmse(&ev->update[m]), j->n > 0 ? j->sum_abs / j->n : NAN,
			j->n > 0 ? 100.0 * j->big / j->n : NAN);
	}
	fprintf(f,
		"\nmachiai 10-90%% band at issue (n = %.0f): coverage %.1f%%, mean width %.1f min; "
		"as shown in whole minutes: coverage %.1f%%, mean width %.1f min; "
		"5-95%% band: coverage %.1f%%, mean width %.1f min\n\n",
		ev->band_n, ev->band_n > 0 ? 100.0 * ev->band_in / ev->band_n : NAN,
		ev->band_n > 0 ? ev->band_width / ev->band_n : NAN,
		ev->band_n > 0 ? 100.0 * ev->shown_in / ev->band_n : NAN,
		ev->band_n > 0 ? ev->shown_width / ev->band_n : NAN,
		ev->band_n > 0 ? 100.0 * ev->band90_in / ev->band_n : NAN,
		ev->band_n > 0 ? ev->band90_width / ev->band_n : NAN);
	fprintf(f,
		"Tickets that waited (n = %.0f): 80%% band coverage %.1f%%, mean width %.1f min; "
		"90%% band coverage %.1f%%, mean width %.1f min; machiai RMSE %.2f, bias %+.2f min. "
		"First %d bands of each day: 80%% coverage %.1f%% (%.1f%% of those that waited).\n\n",
		ev->wait_n, ev->wait_n > 0 ? 100.0 * ev->wait_in / ev->wait_n : NAN,
		ev->wait_n > 0 ? ev->wait_width / ev->wait_n : NAN,
		ev->wait_n > 0 ? 100.0 * ev->wait90_in / ev->wait_n : NAN,
		ev->wait_n > 0 ? ev->wait90_width / ev->wait_n : NAN, rmse(&ev->wait_acc),
		ev->wait_acc.n > 0 ? ev->wait_acc.sum_e / ev->wait_acc.n : NAN, COLD_TICKETS,
		ev->cold_n > 0 ? 100.0 * ev->cold_in / ev->cold_n : NAN,
		ev->cold_wait_n > 0 ? 100.0 * ev->cold_wait_in / ev->cold_wait_n : NAN);
	if (ev->waiting_every_ms >= 0 && ev->predict) {
		const struct band_acc *b = &ev->pt_band, *t = &ev->pt_ticket;

		if (ev->waiting_every_ms == 0)
			fprintf(f,
				"Per ticket, every update (after every event that changes the queue");
		else
			fprintf(f,
				"Per ticket, every update (after events that change the queue, at "
				"most once every %.0f simulated minute%s",
				(double)ev->waiting_every_ms / MS_PER_MIN,
				ev->waiting_every_ms == 60000 ? "" : "s");
		fprintf(f,
			"; each waiting ticket's own band from estimator_waiting(), %.0f bands of "
			"%.0f tickets): averaged per ticket, 80%% band coverage %.1f%%, mean width "
			"%.1f min; 90%% band coverage %.1f%%, mean width %.1f min; median bias "
			"%+.2f min. Per band shown: 80%% %.1f%%, 90%% %.1f%%, median bias %+.2f min.\n\n",
			b->n, t->n, t->n > 0 ? 100.0 * t->in80 / t->n : NAN,
			t->n > 0 ? t->width80 / t->n : NAN, t->n > 0 ? 100.0 * t->in90 / t->n : NAN,
			t->n > 0 ? t->width90 / t->n : NAN, t->n > 0 ? t->err50 / t->n : NAN,
			b->n > 0 ? 100.0 * b->in80 / b->n : NAN,
			b->n > 0 ? 100.0 * b->in90 / b->n : NAN, b->n > 0 ? b->err50 / b->n : NAN);
	}
	fprintf(f, "| hour | n | mean wait |");
	for (int m = 0; m < SIM_METHODS; m++)
		fprintf(f, " %s RMSE |", sim_method_name(m));
	fprintf(f, " 80%% band coverage | 90%% band coverage |\n| --- | --- | --- |");
	for (int m = 0; m <= SIM_METHODS + 1; m++)
		fprintf(f, " --- |");
	fprintf(f, "\n");
	for (int h = 0; h < 24; h++) {
		if (ev->hour[0][h].n == 0)
			continue;
		fprintf(f, "| %02d | %.0f | %.1f |", h, ev->hour[0][h].n,
			ev->hour[0][h].sum_real / ev->hour[0][h].n);
		for (int m = 0; m < SIM_METHODS; m++)
			fprintf(f, " %.2f |", rmse(&ev->hour[m][h]));
		fprintf(f, " %.1f%% | %.1f%% |\n",
			ev->band_hour_n[h] > 0 ? 100.0 * ev->band_hour_in[h] / ev->band_hour_n[h]
					       : NAN,
			ev->band_hour_n[h] > 0 ? 100.0 * ev->band90_hour_in[h] / ev->band_hour_n[h]
					       : NAN);
	}
	fprintf(f, "\n| category | n | mean wait |");
	for (int m = 0; m < SIM_METHODS; m++)
		fprintf(f, " %s RMSE |", sim_method_name(m));
	fprintf(f, "\n| --- | --- | --- |");
	for (int m = 0; m < SIM_METHODS; m++)
		fprintf(f, " --- |");
	fprintf(f, "\n");
	for (int c = 0; c < sc->cfg.n_categories; c++) {
		if (ev->cat[0][c].n == 0)
			continue;
		fprintf(f, "| %s | %.0f | %.1f |", sc->cfg.categories[c].id, ev->cat[0][c].n,
			ev->cat[0][c].sum_real / ev->cat[0][c].n);
		for (int m = 0; m < SIM_METHODS; m++)
			fprintf(f, " %.2f |", rmse(&ev->cat[m][c]));
		fprintf(f, "\n");
	}
	fprintf(f, "\n");
}
