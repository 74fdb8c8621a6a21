/* SPDX-License-Identifier: MIT */
#include "core/estimator.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/civil.h"
#include "core/doorcount.h"
#include "core/rng.h"

#define MS_PER_MINUTE 60000.0
#define SIM_MAX_ITEMS (OFFICE_MAX_TICKETS + OFFICE_MAX_RESERVATIONS + 1)
#define SIM_MAX_EVENTS (CONFIG_MAX_WINDOWS * (2 * CONFIG_MAX_BREAKS + 1) + OFFICE_MAX_RESERVATIONS)
#define RESIDUAL_MIN 0.1 /* remaining service of a ticket at a window, times m, at least */
#define RESIDUAL_MAX 3.0 /* and at most */
#define RESIDUAL_TAIL_MIN 0.05 /* below this P(S > elapsed), sample the remainder as exponential */
#define ARRIVAL_CAP 256 /* walk-ins to come, per category, in one forward run */
#define ARRIVAL_WINDOW 30.0 /* minutes of recent issues the arrival rate is taken from */
#define ARRIVAL_WINDOW_MIN 5.0 /* no rate from less than this */
#define ARRIVAL_HORIZON 240.0 /* minutes ahead at most */
#define SIM_MAX_QUEUED (SIM_MAX_ITEMS + CONFIG_MAX_CATEGORIES * ARRIVAL_CAP)
#define QUANTILE_LOW 0.10
#define QUANTILE_HIGH 0.90
#define QUANTILE_LOW90 0.05 /* the 90% band */
#define QUANTILE_HIGH90 0.95
#define SERVICE_FALLBACK 5.0 /* minutes, for a category configured without a service time */
#define NO_SHOW_K 3.0 /* prior weight of the no-show calling time, in no-shows */
#define AWAY_SHORT_WAIT \
	10.0 /* minutes: a no-show after a wait this short is "away", not impatience */
#define PATIENCE_PRIOR_MINUTES 30.0 /* prior waiting exposure per prior call, no no-show in it */
#define CAL_MIN 10 /* tickets that waited, for a day to count in the recalibration */
#define CAL_DAYS 20 /* the recalibration's running means cover about this many days */
#define CAL_EDGE80 1.3 /* the 80% band widens once recent days miss 1.3 times its share, */
#define CAL_EDGE90 1.6 /* the 90% band once they miss 1.6 times its share, */
#define CAL_AIM 1.05 /* and then by what brought each day to 1.05 times its share */
#define CAL_LATE_MS 120000 /* a category band up to this old is the band a ticket was taken with */
#define POOL_PRIOR_MINUTES \
	60.0 /* a category's leaving hazard: prior minutes at the office's rate */

/* A ticket (or expected reservation) in the forward run. */
struct sim_item {
	int64_t order; /* issue time, ms: the longest-waiting rule compares it */
	int seq; /* tie-break: issue order */
	int cat;
	double slot; /* reservations: minutes from now when it may be called */
	double weight; /* chance it is there: show-up (booked), staying (walk-in ahead); else 1 */
	bool checked_in; /* a reservation ticket already in the office */
};

struct sim_window {
	int cats[CONFIG_MAX_CATEGORIES]; /* served, in order */
	int n_cats;
	enum config_rule rule;
	int rr0; /* fifo rule: position to look at first, now */
	double open_from; /* minutes from now; INFINITY when closed for good */
	double closed_start[CONFIG_MAX_BREAKS], closed_end[CONFIG_MAX_BREAKS]; /* future breaks */
	int n_closed;
	int busy_cat0; /* category of the ticket at the window now, -1 when free */
	double elapsed0; /* minutes that ticket has been at the window */
};

struct res_sort {
	double slot;
	int item;
};

struct estimator {
	const struct config *cfg;
	uint64_t seed;
	double prior[CONFIG_MAX_CATEGORIES][7][24];
	double cv[CONFIG_MAX_CATEGORIES];
	int reps;

	/* One estimate's set-up, by sim_setup(). */
	double m[CONFIG_MAX_CATEGORIES]; /* mean service minutes used */
	int n_calls[CONFIG_MAX_CATEGORIES]; /* observed calls behind m */
	int64_t now; /* ms */
	struct sim_item items[SIM_MAX_QUEUED];
	int n_items;
	int target; /* item index of the ticket estimated */
	/* Walk-in items by category, issue order within: those waiting now from
	 * q_start[c] to q_real_end[c], then room for the walk-ins to come. */
	int queue[SIM_MAX_QUEUED];
	int q_start[CONFIG_MAX_CATEGORIES + 1];
	int q_real_end[CONFIG_MAX_CATEGORIES];
	double rate[CONFIG_MAX_CATEGORIES]; /* walk-ins to come per minute; 0 = not modelled */
	double rate_cv[CONFIG_MAX_CATEGORIES]; /* its uncertainty: 1 / sqrt(1 + issues behind it) */
	double rate_run[CONFIG_MAX_CATEGORIES]; /* Monte-Carlo run: the rate this replication */
	double p_cancel[CONFIG_MAX_CATEGORIES]; /* oracle: chance a waiting walk-in gives up */
	double h_cancel[CONFIG_MAX_CATEGORIES]; /* learned: withdrawals per minute waited */
	/* Learned today (not for the oracle): whether walk-ins ahead are thinned by
	 * their chance of being gone when called; the mean window time of a served
	 * call and of a no-show; the no-show share independent of the wait; the
	 * hazard of leaving per minute waited; the service CV for the Monte-Carlo;
	 * the uncertainty of the mean (CV of the factor theta). */
	bool thin;
	double m_serve[CONFIG_MAX_CATEGORIES], ns_cost[CONFIG_MAX_CATEGORIES];
	double away[CONFIG_MAX_CATEGORIES], hazard[CONFIG_MAX_CATEGORIES];
	double hazard_cv
		[CONFIG_MAX_CATEGORIES]; /* its uncertainty: 1 / sqrt(1 + no-shows behind it) */
	double hazard_run[CONFIG_MAX_CATEGORIES]; /* Monte-Carlo run: the hazard this replication */
	double cv_mc[CONFIG_MAX_CATEGORIES], param_cv[CONFIG_MAX_CATEGORIES];
	double arrival_end; /* minutes from now when issuing stops */
	int res[OFFICE_MAX_RESERVATIONS + 1]; /* reservation items by slot */
	struct res_sort res_tmp[OFFICE_MAX_RESERVATIONS + 1];
	int n_res;
	struct sim_window win[CONFIG_MAX_WINDOWS];
	int n_win;
	double events[SIM_MAX_EVENTS]; /* times (minutes from now) when capacity or work changes */
	int n_events;

	/* One forward run's state. */
	int q_head[CONFIG_MAX_CATEGORIES];
	int n_arrived[CONFIG_MAX_CATEGORIES]; /* walk-ins come so far */
	unsigned char gone[SIM_MAX_QUEUED]; /* Monte-Carlo run: walk-ins who give up */
	double next_arrival[CONFIG_MAX_CATEGORIES]; /* minutes from now */
	unsigned char res_done[OFFICE_MAX_RESERVATIONS + 1];
	int res_first;
	int rr[CONFIG_MAX_WINDOWS];
	bool busy[CONFIG_MAX_WINDOWS];
	double mean[CONFIG_MAX_WINDOWS]; /* point run: expected duration of the current service */
	double credit[CONFIG_MAX_WINDOWS]; /* point run: expected departures accrued */
	double done_at[CONFIG_MAX_WINDOWS]; /* Monte-Carlo run: end of the current service */
	double theta[CONFIG_MAX_CATEGORIES]; /* Monte-Carlo run: factor on m this replication */
	double ln_mu[CONFIG_MAX_CATEGORIES], ln_sigma[CONFIG_MAX_CATEGORIES]; /* its lognormal */
	double samples[ESTIMATOR_MAX_REPLICATIONS];

	/* The leaving model's fit (learn_leaving()), kept while today's calls are the same. */
	uint64_t leave_key;
	double fit_away[CONFIG_MAX_CATEGORIES], fit_h[CONFIG_MAX_CATEGORIES]; /* away, hazard */
	double leave_w[OFFICE_MAX_TICKETS];
	unsigned char leave_ns[OFFICE_MAX_TICKETS];
	struct door_fit door; /* today's door count (door_leaving()) */

	/* The recalibration from recent days (calib_update(), calib_day()): the
	 * raw band (5%, 10%, 50%, 90%, 95%) each ticket was taken with today,
	 * from estimator_ticket() at its issue or the category's band just
	 * before; today's misses and shifts so far; the running means of past
	 * days' and the shifts in use today, in minutes. */
	int32_t fc_day;
	int fc_scan; /* tickets looked at for a category band so far */
	bool fc_has[OFFICE_MAX_TICKETS];
	double fc[OFFICE_MAX_TICKETS][5];
	bool cat_has[CONFIG_MAX_CATEGORIES];
	int64_t cat_at[CONFIG_MAX_CATEGORIES];
	int cat_nt[CONFIG_MAX_CATEGORIES]; /* tickets issued when it was made */
	double cat_q[CONFIG_MAX_CATEGORIES][5];
	uint64_t cal_key;
	bool day_counts; /* today has CAL_MIN tickets that waited, so far */
	double day_miss[2]; /* today's share outside the raw band: 80%, 90% */
	double day_shift[5]; /* what would have brought today to CAL_AIM, by quantile */
	int n_days; /* past days in the running means */
	double mean_miss[2], mean_shift[5];
	double cal[5]; /* shifts in use: lower 5%, lower 10%, median, upper 90%, upper 95% */
	double cal_s[OFFICE_MAX_TICKETS];

	/* estimator_waiting(): the waiting tickets of the category whose call
	 * times the runs record (-1 in track_of for an item not tracked). */
	int n_track;
	int track_item[SIM_MAX_ITEMS]; /* item index of each tracked ticket */
	int track_of[SIM_MAX_QUEUED]; /* tracked index of each item, or -1 */
	double track_point[SIM_MAX_ITEMS]; /* point run: its call time, -1 when never */
	double track_run[SIM_MAX_ITEMS]; /* this replication: its call time, -1 when never */
	int n_track_left; /* this run: tracked tickets not called yet */
	double run_t; /* this run: the time of the current calls */
};

struct estimator *estimator_new(const struct config *cfg, uint64_t seed)
{
	struct estimator *est = calloc(1, sizeof(*est));

	if (!est)
		return NULL;
	est->cfg = cfg;
	est->seed = seed;
	est->reps = ESTIMATOR_REPLICATIONS;
	for (int c = 0; c < CONFIG_MAX_CATEGORIES; c++) {
		double m = c < cfg->n_categories ? cfg->categories[c].service_minutes : 0.0;

		if (!(m > 0.0))
			m = SERVICE_FALLBACK;
		for (int d = 0; d < 7; d++) {
			for (int h = 0; h < 24; h++)
				est->prior[c][d][h] = m;
		}
		est->cv[c] = ESTIMATOR_SERVICE_CV;
	}
	return est;
}

void estimator_free(struct estimator *est)
{
	free(est);
}

int estimator_set_prior(struct estimator *est, int c, int weekday, int hour, double minutes)
{
	if (c < 0 || c >= est->cfg->n_categories || weekday < -1 || weekday > 6 || hour < -1 ||
	    hour > 23 || !(minutes > 0.0) || !isfinite(minutes))
		return -1;
	for (int d = 0; d < 7; d++) {
		if (weekday >= 0 && d != weekday)
			continue;
		for (int h = 0; h < 24; h++) {
			if (hour >= 0 && h != hour)
				continue;
			est->prior[c][d][h] = minutes;
		}
	}
	return 0;
}

double estimator_get_prior(const struct estimator *est, int c, int weekday, int hour)
{
	assert(c >= 0 && c < CONFIG_MAX_CATEGORIES && weekday >= 0 && weekday < 7 && hour >= 0 &&
	       hour < 24);
	return est->prior[c][weekday][hour];
}

int estimator_set_cv(struct estimator *est, int c, double cv)
{
	if (c < 0 || c >= est->cfg->n_categories || !(cv >= 0.0) || cv > 5.0)
		return -1;
	est->cv[c] = cv;
	return 0;
}

int estimator_set_replications(struct estimator *est, int n)
{
	if (n < 1 || n > ESTIMATOR_MAX_REPLICATIONS)
		return -1;
	est->reps = n;
	return 0;
}

/* Sums of window time per call of today's finished tickets, per category. */
static void service_sums(const struct office *o, double sum[CONFIG_MAX_CATEGORIES],
			 int n[CONFIG_MAX_CATEGORIES])
{
	for (int c = 0; c < CONFIG_MAX_CATEGORIES; c++) {
		sum[c] = 0.0;
		n[c] = 0;
	}
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];

		if (tk->state != TICKET_DONE && tk->state != TICKET_NO_SHOW)
			continue;
		if (tk->called_at <= 0 || tk->ended_at < tk->called_at || tk->category < 0 ||
		    tk->category >= CONFIG_MAX_CATEGORIES)
			continue;
		sum[tk->category] += (double)(tk->ended_at - tk->called_at) / MS_PER_MINUTE;
		n[tk->category]++;
	}
}

static double prior_at(const struct estimator *est, int c, int64_t now)
{
	struct civil cv;

	civil_from_ms(now, est->cfg->utc_offset_minutes, &cv);
	return est->prior[c][cv.weekday][cv.hour];
}

static double shrink(double prior, double sum, int n)
{
	return (ESTIMATOR_SHRINK_K * prior + sum) / (ESTIMATOR_SHRINK_K + n);
}

double estimator_service(const struct estimator *est, const struct office *o, int c, int64_t now,
			 int *n_calls)
{
	double sum[CONFIG_MAX_CATEGORIES];
	int n[CONFIG_MAX_CATEGORIES];

	assert(c >= 0 && c < est->cfg->n_categories);
	service_sums(o, sum, n);
	if (n_calls)
		*n_calls = n[c];
	return shrink(prior_at(est, c, now), sum[c], n[c]);
}

double estimator_show_up(const struct office *o)
{
	int in = 0, out = 0;

	for (int r = 0; r < o->n_reservations; r++) {
		if (o->reservations[r].state == RESERVATION_CHECKED_IN)
			in++;
		else if (o->reservations[r].state == RESERVATION_NO_SHOW)
			out++;
	}
	return (ESTIMATOR_SHRINK_K * ESTIMATOR_SHOW_UP + in) / (ESTIMATOR_SHRINK_K + in + out);
}

static double norm_cdf(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

/*
 * Expected remaining service of a ticket that has been at a window for
 * @e minutes, service lognormal with mean @m and CV @cv:
 * E[S - e | S > e] = m * Phi((mu + s^2 - ln e) / s) / Phi((mu - ln e) / s) - e,
 * kept within [RESIDUAL_MIN, RESIDUAL_MAX] * m so that a ticket left open
 * by mistake does not stall the estimate. *@tail gets P(S > e).
 */
static double residual_mean(double m, double cv, double e, double *tail)
{
	double r;

	*tail = 1.0;
	if (e <= 0.0) {
		r = m;
	} else if (cv <= 0.0) {
		*tail = e < m ? 1.0 : 0.0;
		r = m - e;
	} else {
		double mu, s;

		rng_lognormal_params(m, cv, &mu, &s);
		double le = log(e);

		*tail = norm_cdf((mu - le) / s);
		if (*tail < 1e-12)
			r = RESIDUAL_MAX * m;
		else
			r = m * norm_cdf((mu + s * s - le) / s) / *tail - e;
	}
	if (r < RESIDUAL_MIN * m)
		r = RESIDUAL_MIN * m;
	if (r > RESIDUAL_MAX * m)
		r = RESIDUAL_MAX * m;
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_res(const void *a, const void *b)
{
	const struct res_sort *x = a, *y = b;

	if (x->slot != y->slot)
		return (x->slot > y->slot) - (x->slot < y->slot);
	return (x->item > y->item) - (x->item < y->item);
}

static bool window_serves(const int *cats, int n, int c)
{
	for (int i = 0; i < n; i++) {
		if (cats[i] == c)
			return true;
	}
	return false;
}

/* Whether a window serving @c is open now. */
static bool pool_open(const struct office *o, int c)
{
	for (int w = 0; w < o->cfg->n_windows; w++) {
		const struct office_window *ow = &o->windows[w];

		if (ow->open && window_serves(ow->categories, ow->n_categories, c))
			return true;
	}
	return false;
}

static void add_item(struct estimator *est, int64_t order, int seq, int cat, double slot,
		     double weight, bool checked_in)
{
	struct sim_item *it = &est->items[est->n_items++];

	it->checked_in = checked_in;
	it->order = order;
	it->seq = seq;
	it->cat = cat;
	it->slot = slot;
	it->weight = weight;
}

static void add_event(struct estimator *est, double t)
{
	if (t > 0.0 && isfinite(t) && est->n_events < SIM_MAX_EVENTS)
		est->events[est->n_events++] = t;
}

static void setup_window(struct estimator *est, const struct office *o, int w, int64_t now,
			 double now_min)
{
	const struct config_window *cw = &est->cfg->windows[w];
	const struct office_window *ow = &o->windows[w];
	struct sim_window *sw = &est->win[w];
	double reopen = INFINITY;

	memcpy(sw->cats, ow->categories, sizeof(sw->cats));
	sw->n_cats = ow->n_categories;
	sw->rule = cw->rule;
	sw->rr0 = ow->n_categories > 0 ? ow->rr_next % ow->n_categories : 0;
	sw->n_closed = 0;
	if (!ow->open) {
		/* Closed now: it comes back only at the end of a planned break it is in. */
		for (int b = 0; b < cw->n_breaks; b++) {
			if (cw->breaks[b].start <= now_min && now_min < cw->breaks[b].end)
				reopen = cw->breaks[b].end - now_min;
		}
	}
	sw->open_from = ow->open ? 0.0 : reopen;
	for (int b = 0; b < cw->n_breaks && isfinite(sw->open_from); b++) {
		double s = cw->breaks[b].start - now_min, e = cw->breaks[b].end - now_min;

		if (s > sw->open_from) {
			sw->closed_start[sw->n_closed] = s;
			sw->closed_end[sw->n_closed] = e;
			sw->n_closed++;
			add_event(est, s);
			add_event(est, e);
		}
	}
	add_event(est, sw->open_from);

	sw->busy_cat0 = -1;
	sw->elapsed0 = 0.0;
	if (ow->ticket >= 0 && ow->ticket < o->n_tickets) {
		const struct office_ticket *tk = &o->tickets[ow->ticket];

		if (tk->state == TICKET_CALLED || tk->state == TICKET_SERVING) {
			sw->busy_cat0 = tk->category;
			if (ow->busy_since > 0 && ow->busy_since < now)
				sw->elapsed0 = (double)(now - ow->busy_since) / MS_PER_MINUTE;
		}
	}
}

/*
 * Walk-ins yet to come matter where a window takes categories in turn or by
 * priority: a later ticket of another category can be called first. Their
 * rate is today's issues of the last ARRIVAL_WINDOW minutes; they come until
 * closing time, ARRIVAL_HORIZON minutes at most.
 */
static void setup_arrivals(struct estimator *est, const struct office *o, int c, int64_t now,
			   double now_min, int32_t date)
{
	const struct config *cfg = est->cfg;
	struct calendar_day day;
	int span_i;
	bool shared = false;

	memset(est->rate, 0, sizeof(est->rate));
	for (int w = 0; w < cfg->n_windows; w++) {
		const struct office_window *ow = &o->windows[w];

		if (cfg->windows[w].rule != CONFIG_RULE_LONGEST && ow->n_categories > 1 &&
		    window_serves(ow->categories, ow->n_categories, c))
			shared = true;
	}
	calendar_day_get(cfg, date, &day);
	span_i = calendar_span_at(&day, (int)now_min);
	if (!shared || span_i < 0)
		return;
	double span = now_min - day.hours.spans[span_i].start;

	if (span > ARRIVAL_WINDOW)
		span = ARRIVAL_WINDOW;
	/* Tickets are issued until the span ends: closing time or a midday closure. */
	est->arrival_end = day.hours.spans[span_i].end - now_min;
	if (est->arrival_end > ARRIVAL_HORIZON)
		est->arrival_end = ARRIVAL_HORIZON;
	if (span < ARRIVAL_WINDOW_MIN || est->arrival_end <= 0.0)
		return;
	int64_t since = now - (int64_t)(span * MS_PER_MINUTE);
	int count[CONFIG_MAX_CATEGORIES] = { 0 };

	for (int i = o->n_tickets - 1; i >= 0 && o->tickets[i].issued_at > since; i--) {
		const struct office_ticket *tk = &o->tickets[i];

		if (tk->reservation < 0 && tk->category >= 0 && tk->category < cfg->n_categories &&
		    tk->issued_at <= now)
			count[tk->category]++;
	}
	for (int k = 0; k < cfg->n_categories; k++) {
		if (k != c) {
			est->rate[k] = count[k] / span;
			est->rate_cv[k] = 1.0 / sqrt(1.0 + count[k]);
		}
	}
}

/*
 * The leaving model of one category from today's called walk-ins: a holder
 * is gone when called with chance away + (1 - away) * (1 - exp(-h * w))
 * after a wait w (away: stepped out whatever the wait, the no-show share
 * after short waits; h: the hazard of giving up per minute waited). Nobody
 * says when they left: a no-show tells only that the holder left some time
 * within w, a served ticket that the holder stayed all of w. h maximises the
 * likelihood of exactly that (interval-censored), with @prior_minutes of
 * prior waiting holding @prior_h * @prior_minutes leavings (a Poisson
 * term); the likelihood is concave in h: bisection on its derivative.
 */
static double learn_hazard(const double *w, const unsigned char *ns, int n, double away,
			   double prior_h, double prior_minutes)
{
	double sum_done_w = 0.0, lo = 0.0, hi = 1.0;
	int n_ns = 0;

	for (int i = 0; i < n; i++) {
		if (ns[i])
			n_ns++;
		else
			sum_done_w += w[i];
	}
	if (n_ns == 0 && prior_h <= 0.0)
		return 0.0;
	for (int it = 0; it < 50; it++) {
		double mid = 0.5 * (lo + hi);
		double g = -sum_done_w - prior_minutes + prior_h * prior_minutes / mid;

		for (int i = 0; i < n; i++) {
			if (ns[i] && w[i] > 0.0) {
				double e = exp(-mid * w[i]);
				double den = 1.0 - (1.0 - away) * e;

				g += den > 1e-300 ? (1.0 - away) * w[i] * e / den : 1e300;
			}
		}
		if (g > 0.0)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* What today's finished walk-ins of each category tell (learn_today()). */
struct today_stats {
	int n_done, n_ns, n_short, n_ns_short, n_long, n_ns_long;
	double sum_done, sum2_done, sum_ns, exposure; /* exposure: minutes waited, long waits */
};

/*
 * The door count as a second witness of leaving (core/doorcount.h): its
 * office-wide hazard and each category's no-show fit are weighed by their
 * precision. The fit's variance is a Poisson rate's, max(1, excess
 * no-shows) / exposure², its exposure the minutes of long waits plus
 * POOL_PRIOR_MINUTES. An untrusted or young count changes nothing.
 */
static void door_leaving(struct estimator *est, const struct office *o, int64_t now,
			 const struct today_stats *st)
{
	struct door_signal sig;

	if (!door_fit_update(&est->door, o, now, est->away, &sig) || !(sig.var > 0.0) ||
	    !isfinite(sig.var))
		return;
	for (int c = 0; c < est->cfg->n_categories; c++) {
		const struct today_stats *x = &st[c];
		double excess =
			x->n_ns_short + x->n_ns_long - est->away[c] * (x->n_short + x->n_long);
		double e = x->exposure + POOL_PRIOR_MINUTES;
		double var = fmax(1.0, excess) / (e * e);

		est->hazard[c] =
			(est->hazard[c] / var + sig.hazard / sig.var) / (1.0 / var + 1.0 / sig.var);
		est->hazard_run[c] = est->hazard[c];
	}
}

/*
 * Learn from today's finished tickets, per category: the mean window time of
 * a served call (shrunk to the prior) and of a no-show (shrunk to
 * ESTIMATOR_NO_SHOW_MINUTES), the CV of served calls (shrunk to the
 * configured CV), and the chance a walk-in is gone when called after a wait
 * w: away + (1 - away) * (1 - exp(-hazard * w)), with away the no-show share
 * after short waits and hazard the further no-shows per minute waited, both
 * shrunk toward 0 (the prior mean already holds the usual no-shows). With no
 * call yet today this is the plain effective service time.
 */
static void learn_today(struct estimator *est, const struct office *o, int64_t now, int weekday,
			int hour)
{
	const struct config *cfg = est->cfg;
	struct today_stats st[CONFIG_MAX_CATEGORIES];
	const double k = ESTIMATOR_SHRINK_K;
	/* The leaving model is refitted only when a walk-in has been called or
	 * has finished since the last fit. */
	uint64_t key = (uint64_t)o->day * 1000003u + (uint64_t)o->n_tickets;
	bool refit = false;

	for (int c = 0; c < cfg->n_categories; c++)
		key = key * 31u + (uint64_t)o->counts[c].called * 7u +
		      (uint64_t)o->counts[c].no_show * 3u + o->counts[c].done;
	refit = key != est->leave_key;
	est->leave_key = key;
	memset(st, 0, sizeof(st));
	/* Withdrawn tickets: the rate per minute waited, over every walk-in's wait today
	 * (to its call, its withdrawal, or now). */
	double n_cancel[CONFIG_MAX_CATEGORIES] = { 0 }, exposure[CONFIG_MAX_CATEGORIES] = { 0 };

	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];
		int64_t end = tk->state == TICKET_WAITING     ? now
			      : tk->state == TICKET_CANCELLED ? tk->ended_at
							      : tk->called_at;

		if (tk->reservation >= 0 || tk->category < 0 || tk->category >= cfg->n_categories ||
		    tk->issued_at <= 0 || end < tk->issued_at)
			continue;
		exposure[tk->category] += (double)(end - tk->issued_at) / MS_PER_MINUTE;
		n_cancel[tk->category] += tk->state == TICKET_CANCELLED;
	}
	for (int c = 0; c < cfg->n_categories; c++)
		est->h_cancel[c] = n_cancel[c] / (exposure[c] + k * PATIENCE_PRIOR_MINUTES);
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];
		struct today_stats *x;

		if (tk->state != TICKET_DONE && tk->state != TICKET_NO_SHOW)
			continue;
		if (tk->called_at <= 0 || tk->ended_at < tk->called_at || tk->category < 0 ||
		    tk->category >= cfg->n_categories)
			continue;
		x = &st[tk->category];
		double s = (double)(tk->ended_at - tk->called_at) / MS_PER_MINUTE;
		bool ns = tk->state == TICKET_NO_SHOW;

		if (ns) {
			x->n_ns++;
			x->sum_ns += s;
		} else {
			x->n_done++;
			x->sum_done += s;
			x->sum2_done += s * s;
		}
		if (tk->reservation >= 0 || tk->issued_at <= 0 || tk->called_at < tk->issued_at)
			continue;
		double w = (double)(tk->called_at - tk->issued_at) / MS_PER_MINUTE;

		if (w <= AWAY_SHORT_WAIT) {
			x->n_short++;
			x->n_ns_short += ns;
		} else {
			x->n_long++;
			x->n_ns_long += ns;
			x->exposure += w;
		}
	}
	/* All categories together first: each category's own fit is shrunk
	 * toward it (a category with few calls yet, or long service, has seen
	 * few no-shows). */
	double pool_h = 0.0;

	if (refit) {
		int n = 0, n_short = 0, n_ns_short = 0;

		for (int c = 0; c < cfg->n_categories; c++) {
			n_short += st[c].n_short;
			n_ns_short += st[c].n_ns_short;
		}
		for (int i = 0; i < o->n_tickets; i++) {
			const struct office_ticket *tk = &o->tickets[i];

			if ((tk->state != TICKET_DONE && tk->state != TICKET_NO_SHOW) ||
			    tk->category < 0 || tk->category >= cfg->n_categories ||
			    tk->reservation >= 0 || tk->issued_at <= 0 ||
			    tk->called_at < tk->issued_at)
				continue;
			est->leave_w[n] = (double)(tk->called_at - tk->issued_at) / MS_PER_MINUTE;
			est->leave_ns[n] = tk->state == TICKET_NO_SHOW;
			n++;
		}
		pool_h = learn_hazard(est->leave_w, est->leave_ns, n, n_ns_short / (k + n_short),
				      0.0, PATIENCE_PRIOR_MINUTES);
	}
	for (int c = 0; c < cfg->n_categories && refit; c++) {
		int n = 0;

		est->fit_away[c] = st[c].n_ns_short / (k + st[c].n_short);

		for (int i = 0; i < o->n_tickets; i++) {
			const struct office_ticket *tk = &o->tickets[i];

			if ((tk->state != TICKET_DONE && tk->state != TICKET_NO_SHOW) ||
			    tk->category != c || tk->reservation >= 0 || tk->issued_at <= 0 ||
			    tk->called_at < tk->issued_at)
				continue;
			est->leave_w[n] = (double)(tk->called_at - tk->issued_at) / MS_PER_MINUTE;
			est->leave_ns[n] = tk->state == TICKET_NO_SHOW;
			n++;
		}
		est->fit_h[c] = learn_hazard(est->leave_w, est->leave_ns, n, est->fit_away[c],
					     pool_h, POOL_PRIOR_MINUTES);
	}
	for (int c = 0; c < cfg->n_categories; c++) {
		const struct today_stats *x = &st[c];
		double prior = est->prior[c][weekday][hour];
		double c0 = fmin(ESTIMATOR_NO_SHOW_MINUTES, prior);

		est->m_serve[c] = shrink(prior, x->sum_done, x->n_done);
		est->ns_cost[c] = (NO_SHOW_K * c0 + x->sum_ns) / (NO_SHOW_K + x->n_ns);
		est->away[c] = est->fit_away[c];
		est->hazard[c] = est->fit_h[c];
		/* The no-shows beyond the away share, the evidence behind h. */
		double excess =
			x->n_ns_short + x->n_ns_long - est->away[c] * (x->n_short + x->n_long);

		est->hazard_cv[c] = 1.0 / sqrt(1.0 + (excess > 0.0 ? excess : 0.0));
		est->hazard_run[c] = est->hazard[c];
		double cv0 = est->cv[c], cv2 = cv0 * cv0;

		if (x->n_done >= 2 && x->sum_done > 0.0) {
			double mean = x->sum_done / x->n_done;
			double var = (x->sum2_done - x->n_done * mean * mean) / (x->n_done - 1);

			if (var < 0.0)
				var = 0.0;
			cv2 = (k * cv2 + (x->n_done - 1) * var / (mean * mean)) /
			      (k + x->n_done - 1);
		}
		est->cv_mc[c] = sqrt(cv2);
		/* The shrunk mean's error: the prior's share of the prior's
		 * uncertainty, and the sampling error of the calls seen. */
		int n = x->n_done + x->n_ns;
		double wp = k / (k + n);

		est->param_cv[c] = sqrt(wp * wp * ESTIMATOR_PRIOR_CV * ESTIMATOR_PRIOR_CV +
					n * cv2 / ((k + n) * (k + n)));
	}
	door_leaving(est, o, now, st);
}

/*
 * Set up the forward run for ticket @t of @o, or, when @t < 0, for a ticket
 * of category @c taken at @now. Service means from @true_minutes when given,
 * else learned. Return: 0, or -1 when @t is not waiting.
 */
static int sim_setup(struct estimator *est, const struct office *o, int c, int t, int64_t now,
		     const double *true_minutes)
{
	const struct config *cfg = est->cfg;
	struct civil cv;
	double sum[CONFIG_MAX_CATEGORIES];

	civil_from_ms(now, cfg->utc_offset_minutes, &cv);
	double now_min = cv.minute_of_day + (cv.second + cv.ms / 1000.0) / 60.0;

	service_sums(o, sum, est->n_calls);
	for (int k = 0; k < cfg->n_categories; k++) {
		est->m[k] = true_minutes ? true_minutes[k]
					 : shrink(est->prior[k][cv.weekday][cv.hour], sum[k],
						  est->n_calls[k]);
		if (!(est->m[k] > 0.0))
			est->m[k] = 1.0 / 60.0;
		/* Today's cancellations among the tickets whose fate is known, shrunk toward 0. */
		const struct office_day_counts *n = &o->counts[k];

		est->p_cancel[k] = n->cancelled / (ESTIMATOR_SHRINK_K + n->called + n->cancelled);
	}
	est->thin = !true_minutes;
	if (est->thin)
		learn_today(est, o, now, cv.weekday, cv.hour);

	est->n_items = 0;
	est->target = -1;
	est->n_track = 0;
	est->n_res = 0;
	est->n_events = 0;
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];

		if (tk->state != TICKET_WAITING || tk->category < 0 ||
		    tk->category >= cfg->n_categories)
			continue;
		if (i == t)
			est->target = est->n_items;
		double slot = -1.0;

		if (tk->reservation >= 0 && tk->reservation < o->n_reservations) {
			slot = (double)(o->reservations[tk->reservation].slot_start - now) /
			       MS_PER_MINUTE;
			if (slot < 0.0)
				slot = 0.0;
			est->res_tmp[est->n_res].slot = slot;
			est->res_tmp[est->n_res].item = est->n_items;
			est->n_res++;
			add_event(est, slot);
		}
		/* A walk-in ahead may give up: for the oracle it counts with the
		 * chance it stays; the learned model draws it at its call. */
		double stays = slot < 0.0 && i != t && !est->thin
				       ? 1.0 - est->p_cancel[tk->category]
				       : 1.0;

		add_item(est, tk->issued_at, i, tk->category, slot, stays, slot >= 0.0);
	}
	if (t >= 0 && est->target < 0)
		return -1;

	/* Booked reservations are expected at their slot with their show-up probability. */
	double show_up = estimator_show_up(o);
	int64_t grace = (int64_t)cfg->reservation_grace_minutes * 60000;

	for (int r = 0; r < o->n_reservations; r++) {
		const struct office_reservation *rv = &o->reservations[r];

		if (rv->state != RESERVATION_BOOKED || rv->category < 0 ||
		    rv->category >= cfg->n_categories || rv->slot_start + grace < now)
			continue;
		double slot = (double)(rv->slot_start - now) / MS_PER_MINUTE;

		if (slot < 0.0)
			slot = 0.0;
		est->res_tmp[est->n_res].slot = slot;
		est->res_tmp[est->n_res].item = est->n_items;
		est->n_res++;
		add_event(est, slot);
		add_item(est, rv->slot_start, OFFICE_MAX_TICKETS + r, rv->category, slot, show_up,
			 false);
	}
	if (t < 0) {
		est->target = est->n_items;
		add_item(est, now, o->n_tickets, c, -1.0, 1.0, false);
	}

	est->now = now;
	setup_arrivals(est, o, c, now, now_min, cv.yyyymmdd);

	/* Walk-in queues: a stable counting sort by category keeps issue order;
	 * each category's walk-ins to come follow its queue. */
	memset(est->q_start, 0, sizeof(est->q_start));
	for (int i = 0; i < est->n_items; i++) {
		if (est->items[i].slot < 0.0)
			est->q_start[est->items[i].cat + 1]++;
	}
	for (int k = 0; k < CONFIG_MAX_CATEGORIES; k++) {
		est->q_real_end[k] = est->q_start[k] + est->q_start[k + 1];
		est->q_start[k + 1] = est->q_real_end[k] + (est->rate[k] > 0.0 ? ARRIVAL_CAP : 0);
	}
	int fill[CONFIG_MAX_CATEGORIES];

	memcpy(fill, est->q_start, sizeof(fill));
	int n_now = est->n_items;

	for (int i = 0; i < n_now; i++) {
		if (est->items[i].slot < 0.0)
			est->queue[fill[est->items[i].cat]++] = i;
	}
	for (int k = 0; k < CONFIG_MAX_CATEGORIES; k++) {
		for (int j = 0; est->rate[k] > 0.0 && j < ARRIVAL_CAP; j++) {
			est->queue[est->q_real_end[k] + j] = est->n_items;
			add_item(est, now, SIM_MAX_ITEMS + k * ARRIVAL_CAP + j, k, -1.0, 1.0,
				 false);
		}
	}

	qsort(est->res_tmp, (size_t)est->n_res, sizeof(est->res_tmp[0]), cmp_res);
	for (int k = 0; k < est->n_res; k++)
		est->res[k] = est->res_tmp[k].item;

	est->n_win = cfg->n_windows;
	for (int w = 0; w < cfg->n_windows; w++)
		setup_window(est, o, w, now, now_min);
	qsort(est->events, (size_t)est->n_events, sizeof(double), cmp_double);
	return 0;
}

/* The gap to the next walk-in of category @k: its mean, or exponential when @r is given. */
static double arrival_gap(const struct estimator *est, int k, struct rng *r)
{
	return r ? rng_exponential(r, 1.0 / est->rate_run[k]) : 1.0 / est->rate[k];
}

static void run_reset(struct estimator *est, struct rng *r)
{
	memset(est->gone, 0, (size_t)est->n_items);
	for (int k = 0; k < CONFIG_MAX_CATEGORIES; k++) {
		est->q_head[k] = est->q_start[k];
		est->n_arrived[k] = 0;
		est->next_arrival[k] = est->rate[k] > 0.0 ? arrival_gap(est, k, r) : INFINITY;
	}
	memset(est->res_done, 0, (size_t)est->n_res);
	est->res_first = 0;
	for (int w = 0; w < est->n_win; w++) {
		est->rr[w] = est->win[w].rr0;
		est->busy[w] = est->win[w].busy_cat0 >= 0;
		est->credit[w] = 0.0;
	}
}

static bool window_open_at(const struct sim_window *sw, double t)
{
	if (t < sw->open_from)
		return false;
	for (int i = 0; i < sw->n_closed; i++) {
		if (t >= sw->closed_start[i] && t < sw->closed_end[i])
			return false;
	}
	return true;
}

/*
 * A tracked ticket is called (or, gone in this run, passed over) at
 * est->run_t: record it in @dst, once.
 */
static void track_call(struct estimator *est, int it, double *dst)
{
	int k = est->track_of[it];

	if (k >= 0 && dst[k] < 0.0) {
		dst[k] = est->run_t;
		est->n_track_left--;
	}
}

static void track_reset(struct estimator *est, double *dst)
{
	for (int k = 0; k < est->n_track; k++)
		dst[k] = -1.0;
	est->n_track_left = est->n_track;
}

/* The first walk-in of category @c who is there, or -1. */
static int queue_head(struct estimator *est, int c, double *track)
{
	while (est->q_head[c] < est->q_real_end[c] + est->n_arrived[c]) {
		int it = est->queue[est->q_head[c]];

		if (!est->gone[it])
			return it;
		if (track)
			track_call(est, it, track);
		est->q_head[c]++;
	}
	return -1;
}

/*
 * Queue the walk-ins come by @t (at their mean spacing, or a Poisson stream
 * when @r is given). Return: the time of the next one, INFINITY for none.
 */
static double sim_arrivals(struct estimator *est, double t, struct rng *r)
{
	double next = INFINITY;

	for (int k = 0; k < est->cfg->n_categories; k++) {
		while (est->next_arrival[k] <= t) {
			int it = est->queue[est->q_real_end[k] + est->n_arrived[k]];

			est->items[it].order =
				est->now + (int64_t)(est->next_arrival[k] * MS_PER_MINUTE);
			est->n_arrived[k]++;
			est->next_arrival[k] += arrival_gap(est, k, r);
			if (est->next_arrival[k] > est->arrival_end ||
			    est->n_arrived[k] >= ARRIVAL_CAP)
				est->next_arrival[k] = INFINITY;
		}
		if (est->next_arrival[k] < next)
			next = est->next_arrival[k];
	}
	return next;
}

/*
 * The item window @w calls at time @t by its calling rule, taken off its
 * queue; -1 when nobody it serves can be called. A reservation whose slot
 * has started comes first, the earliest slot first (office_next_ticket()).
 */
static int res_take(struct estimator *est, int k)
{
	est->res_done[k] = 1;
	while (est->res_first < est->n_res && est->res_done[est->res_first])
		est->res_first++;
	return est->res[k];
}

static int sim_pick(struct estimator *est, int w, double t, double *track)
{
	const struct sim_window *sw = &est->win[w];

	for (int k = est->res_first; k < est->n_res; k++) {
		int it = est->res[k];

		if (est->items[it].slot > t)
			break;
		if (!est->res_done[k] && window_serves(sw->cats, sw->n_cats, est->items[it].cat))
			return res_take(est, k);
	}

	int best = -1, best_cat = -1;

	switch (sw->rule) {
	case CONFIG_RULE_LONGEST:
		for (int i = 0; i < sw->n_cats; i++) {
			int it = queue_head(est, sw->cats[i], track);

			if (it < 0)
				continue;
			if (best < 0 || est->items[it].order < est->items[best].order ||
			    (est->items[it].order == est->items[best].order &&
			     est->items[it].seq < est->items[best].seq)) {
				best = it;
				best_cat = sw->cats[i];
			}
		}
		break;
	case CONFIG_RULE_PRIORITY:
		for (int i = 0; i < sw->n_cats && best < 0; i++) {
			best = queue_head(est, sw->cats[i], track);
			best_cat = sw->cats[i];
		}
		break;
	case CONFIG_RULE_FIFO:
		for (int j = 0; j < sw->n_cats && best < 0; j++) {
			int pos = (est->rr[w] + j) % sw->n_cats;

			best = queue_head(est, sw->cats[pos], track);
			best_cat = sw->cats[pos];
			if (best >= 0)
				est->rr[w] = (pos + 1) % sw->n_cats;
		}
		break;
	}
	if (best >= 0) {
		est->q_head[best_cat]++;
		return best;
	}
	/* Nobody else: a checked-in reservation may be called before its slot. */
	for (int k = est->res_first; k < est->n_res; k++) {
		int it = est->res[k];

		if (!est->res_done[k] && est->items[it].checked_in &&
		    window_serves(sw->cats, sw->n_cats, est->items[it].cat))
			return res_take(est, k);
	}
	return -1;
}

/* The chance walk-in @it, called @t minutes from now, is gone by then, with
 * the hazard of the point run or of this Monte-Carlo replication. */
static double gone_chance(const struct estimator *est, int it, double t, bool run)
{
	const struct sim_item *x = &est->items[it];

	if (!est->thin || x->slot >= 0.0 || it == est->target)
		return 0.0;
	double waited = (double)(est->now - x->order) / MS_PER_MINUTE + t;
	int c = x->cat;

	if (waited < 0.0)
		waited = 0.0;
	double h = run ? est->hazard_run[c] : est->hazard[c];

	return est->away[c] + (1.0 - est->away[c]) * (1.0 - exp(-h * waited));
}

/* The chance walk-in @it, still there now, has withdrawn its ticket by @t. */
static double cancel_chance(const struct estimator *est, int it, double t)
{
	const struct sim_item *x = &est->items[it];

	if (!est->thin || x->slot >= 0.0 || it == est->target || x->seq >= SIM_MAX_ITEMS ||
	    est->h_cancel[x->cat] <= 0.0)
		return 0.0; /* not a walk-in waiting now */
	double came = (double)(x->order - est->now) / MS_PER_MINUTE;
	double dt = t - (came > 0.0 ? came : 0.0);

	return dt > 0.0 ? 1.0 - exp(-est->h_cancel[x->cat] * dt) : 0.0;
}

/*
 * The item window @w calls at @t (sim_pick()), tracked calls recorded; in a
 * Monte-Carlo run (@r given) a walk-in who has withdrawn by then is passed
 * over, as the office does.
 */
static int pick_call(struct estimator *est, int w, double t, double *track, struct rng *r)
{
	for (;;) {
		int it = sim_pick(est, w, t, track);

		if (it >= 0 && track)
			track_call(est, it, track);
		if (it < 0 || !r)
			return it;
		double p = cancel_chance(est, it, t);

		if (p <= 0.0 || rng_uniform(r) >= p)
			return it;
	}
}

static double next_event_after(const struct estimator *est, int *ev, double t)
{
	while (*ev < est->n_events && est->events[*ev] <= t)
		(*ev)++;
	return *ev < est->n_events ? est->events[*ev] : INFINITY;
}

/*
 * The point run: departures come one at a time, each after the expected
 * time 1 / sum(1 / mean) over the busy windows (exponential departures, the
 * QL assumption); the window due the most departs. Breaks, reopenings and
 * reservation slots are applied at their times. Tracked tickets
 * (estimator_waiting()) get their call times in est->track_point; the run
 * goes on past the target until they are all called.
 * Return: minutes until the target is called, or -1 when it never is.
 */
static double sim_point(struct estimator *est)
{
	double t = 0.0, hazard = 0.0, target_t = -1.0;
	int ev = 0;
	int guard = 2 * (est->n_items + est->n_events + est->n_win) + 16;
	double *track = est->n_track > 0 ? est->track_point : NULL;

	run_reset(est, NULL);
	track_reset(est, est->track_point);
	for (int w = 0; w < est->n_win; w++) {
		if (est->busy[w]) {
			int c = est->win[w].busy_cat0;
			double tail;

			est->mean[w] =
				residual_mean(est->m[c], est->cv[c], est->win[w].elapsed0, &tail);
		}
	}
	while (guard-- > 0) {
		double arrival = sim_arrivals(est, t, NULL);

		est->run_t = t;
		for (int w = 0; w < est->n_win; w++) {
			if (est->busy[w] || !window_open_at(&est->win[w], t))
				continue;
			int it = pick_call(est, w, t, track, NULL);

			if (it == est->target) {
				if (est->n_track_left <= 0)
					return t;
				/* The new ticket is only asked about: the others'
				 * runs go on as if it were not there. */
				target_t = t;
				it = pick_call(est, w, t, track, NULL);
			}
			if (it < 0)
				continue;
			est->busy[w] = true;
			int c = est->items[it].cat;

			if (est->thin) {
				double p = gone_chance(est, it, t, false);

				est->mean[w] = ((1.0 - p) * est->m_serve[c] + p * est->ns_cost[c]) *
					       est->items[it].weight *
					       (1.0 - cancel_chance(est, it, t));
			} else {
				est->mean[w] = est->m[c] * est->items[it].weight;
			}
			est->credit[w] = 0.0;
		}

		double next = fmin(next_event_after(est, &ev, t), arrival);
		double rate = 0.0;

		for (int w = 0; w < est->n_win; w++) {
			if (est->busy[w])
				rate += 1.0 / est->mean[w];
		}
		if (target_t >= 0.0 && est->n_track_left <= 0)
			return target_t;
		if (rate <= 0.0) {
			if (!isfinite(next))
				return target_t;
			t = next;
			continue;
		}
		double dt = (1.0 - hazard) / rate;
		bool departs = t + dt <= next;

		if (departs) {
			hazard = 0.0;
		} else {
			dt = next - t;
			hazard += rate * dt;
		}
		int due = -1;

		for (int w = 0; w < est->n_win; w++) {
			if (!est->busy[w])
				continue;
			est->credit[w] += dt / est->mean[w];
			if (due < 0 || est->credit[w] > est->credit[due])
				due = w;
		}
		t += dt;
		if (departs)
			est->busy[due] = false;
	}
	return target_t;
}

/* Remaining service of a ticket at a window, sampled given its elapsed time. */
static double sample_residual(struct rng *r, double m, double cv, double e)
{
	double tail;
	double mean = residual_mean(m, cv, e, &tail);

	if (e <= 0.0)
		return rng_lognormal(r, m, cv);
	if (cv > 0.0 && tail >= RESIDUAL_TAIL_MIN) {
		for (int i = 0; i < 64; i++) {
			double s = rng_lognormal(r, m, cv);

			if (s > e)
				return s - e;
		}
	}
	return rng_exponential(r, mean);
}

/*
 * Monte-Carlo replication: minutes until the target is called, or -1.
 * Tracked tickets (estimator_waiting()) get their call times in
 * est->track_run; the run goes on past the target until they are all
 * called, on random numbers that are then given back, so that the next
 * replication draws what it would have drawn without them.
 */
static double sim_replicate(struct estimator *est, struct rng *r, const double param_cv[])
{
	double t = 0.0, target_t = -1.0;
	int ev = 0;
	int guard = 2 * (est->n_items + est->n_events + est->n_win) + 16;
	double *track = est->n_track > 0 ? est->track_run : NULL;
	struct rng saved;

	for (int c = 0; c < est->cfg->n_categories; c++) {
		est->rate_run[c] = est->rate[c];
		if (est->rate[c] > 0.0)
			est->rate_run[c] *= rng_lognormal(r, 1.0, est->rate_cv[c]);
	}
	run_reset(est, r);
	track_reset(est, est->track_run);
	for (int c = 0; c < est->cfg->n_categories; c++) {
		est->theta[c] = param_cv[c] > 0.0 ? rng_lognormal(r, 1.0, param_cv[c]) : 1.0;
		if (est->thin && est->hazard[c] > 0.0)
			est->hazard_run[c] =
				est->hazard[c] * rng_lognormal(r, 1.0, est->hazard_cv[c]);
		rng_lognormal_params((est->thin ? est->m_serve[c] : est->m[c]) * est->theta[c],
				     est->thin ? est->cv_mc[c] : est->cv[c], &est->ln_mu[c],
				     &est->ln_sigma[c]);
	}
	for (int k = 0; k < est->n_res; k++) {
		const struct sim_item *it = &est->items[est->res[k]];

		if (it->weight < 1.0 && rng_uniform(r) >= it->weight)
			est->res_done[k] = 1;
	}
	for (int c = 0; c < est->cfg->n_categories; c++) {
		for (int q = est->q_start[c];
		     !est->thin && est->p_cancel[c] > 0.0 && q < est->q_real_end[c]; q++) {
			int it = est->queue[q];

			est->gone[it] = it != est->target && rng_uniform(r) < est->p_cancel[c];
		}
	}
	while (est->res_first < est->n_res && est->res_done[est->res_first])
		est->res_first++;
	for (int w = 0; w < est->n_win; w++) {
		if (est->busy[w]) {
			int c = est->win[w].busy_cat0;

			est->done_at[w] = sample_residual(r, est->m[c] * est->theta[c], est->cv[c],
							  est->win[w].elapsed0);
		}
	}
	while (guard-- > 0) {
		double arrival = sim_arrivals(est, t, r);

		est->run_t = t;
		for (int w = 0; w < est->n_win; w++) {
			if (est->busy[w] || !window_open_at(&est->win[w], t))
				continue;
			int it = pick_call(est, w, t, track, r);

			if (it == est->target) {
				if (est->n_track_left <= 0)
					return t;
				/* The new ticket is only asked about: the others'
				 * runs go on as if it were not there. */
				target_t = t;
				saved = *r;
				it = pick_call(est, w, t, track, r);
			}
			if (it < 0)
				continue;
			int c = est->items[it].cat;

			est->busy[w] = true;
			if (est->thin && rng_uniform(r) < gone_chance(est, it, t, true))
				est->done_at[w] = t + est->ns_cost[c];
			else
				est->done_at[w] =
					t + exp(est->ln_mu[c] + est->ln_sigma[c] * rng_normal(r));
		}
		double next = fmin(next_event_after(est, &ev, t), arrival);

		for (int w = 0; w < est->n_win; w++) {
			if (est->busy[w] && est->done_at[w] < next)
				next = est->done_at[w];
		}
		if ((target_t >= 0.0 && est->n_track_left <= 0) || !isfinite(next))
			break;
		t = next;
		for (int w = 0; w < est->n_win; w++) {
			if (est->busy[w] && est->done_at[w] <= t)
				est->busy[w] = false;
		}
	}
	if (target_t >= 0.0)
		*r = saved;
	return target_t;
}

static double quantile(const double *sorted, int n, double p)
{
	double x = p * (n - 1);
	int i = (int)floor(x);

	if (i >= n - 1)
		return sorted[n - 1];
	return sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]);
}

static void band_none(struct wait_band *out)
{
	memset(out, 0, sizeof(*out));
	out->median = out->low = out->high = -1;
	out->basis = WAIT_BASIS_NONE;
	out->point = -1.0;
	out->p10 = out->p50 = out->p90 = -1.0;
	out->p05 = out->p95 = -1.0;
}

static int at_least_one(double minutes)
{
	long v = lround(minutes);

	return v < 1 ? 1 : v > 100000 ? 100000 : (int)v;
}

static void band_point(struct wait_band *out, double point, enum wait_basis basis)
{
	memset(out, 0, sizeof(*out));
	out->point = out->p10 = out->p50 = out->p90 = point;
	out->p05 = out->p95 = point;
	out->median = out->low = out->high = at_least_one(point);
	out->basis = basis;
}

/*
 * The Monte-Carlo seed: the estimator's seed and what is asked about, not the
 * time or the event count, so that successive estimates share their random
 * numbers and the band moves only when the office does.
 */
static uint64_t mix_seed(uint64_t seed, int c, int t)
{
	uint64_t st = seed;
	uint64_t h = rng_splitmix64(&st);

	st = h ^ ((uint64_t)(uint32_t)c << 32 | (uint32_t)(t + 1));
	return rng_splitmix64(&st);
}

/* The category of the estimate, or -1 when there is nothing to estimate. */
static int target_category(const struct office *o, int c, int t)
{
	if (t >= 0) {
		if (t >= o->n_tickets || o->tickets[t].state != TICKET_WAITING)
			return -1;
		return o->tickets[t].category;
	}
	return c;
}

static double cal_shift(double q, double d)
{
	double x = q + d;

	return x > 0.0 ? x : 0.0;
}

/*
 * The band of the @n sampled waits @samples (sorted here) around the point
 * run's @point. A band holds its share of the runs. When the runs that call
 * the ticket at once (wait 0) are more than the lower tail, the band starts
 * at 0 and its top is the quantile that leaves the same share out above.
 * @raw (may be NULL) gets the 5%, 10%, 50%, 90% and 95% quantiles before
 * the recalibration @cal (may be NULL: none) moves them.
 */
static void band_from(struct wait_band *out, double *samples, int n, double point,
		      enum wait_basis basis, const double *cal, double *raw)
{
	band_none(out);
	if (n <= 0 || point < 0.0)
		return;
	qsort(samples, (size_t)n, sizeof(double), cmp_double);
	out->point = point;
	int n0 = 0;

	while (n0 < n && samples[n0] <= 0.0)
		n0++;
	double share0 = (double)n0 / n;

	out->p50 = quantile(samples, n, 0.5);
	out->p10 = share0 > QUANTILE_LOW ? 0.0 : quantile(samples, n, QUANTILE_LOW);
	out->p90 = quantile(samples, n,
			    share0 > QUANTILE_LOW ? QUANTILE_HIGH - QUANTILE_LOW : QUANTILE_HIGH);
	out->p05 = share0 > QUANTILE_LOW90 ? 0.0 : quantile(samples, n, QUANTILE_LOW90);
	out->p95 = quantile(samples, n,
			    share0 > QUANTILE_LOW90 ? QUANTILE_HIGH90 - QUANTILE_LOW90
						    : QUANTILE_HIGH90);
	if (raw) {
		raw[0] = out->p05;
		raw[1] = out->p10;
		raw[2] = out->p50;
		raw[3] = out->p90;
		raw[4] = out->p95;
	}
	out->basis = basis;
	out->soon = point == 0.0;
	if (cal && !out->soon) {
		/* Recalibrated, each quantile on its own, kept in order. */
		out->p05 = cal_shift(out->p05, -cal[0]);
		out->p10 = cal_shift(out->p10, -cal[1]);
		out->p50 = cal_shift(out->p50, cal[2]);
		out->p90 = cal_shift(out->p90, cal[3]);
		out->p95 = cal_shift(out->p95, cal[4]);
		if (out->p10 > out->p50)
			out->p10 = out->p50;
		if (out->p05 > out->p10)
			out->p05 = out->p10;
		if (out->p90 < out->p50)
			out->p90 = out->p50;
		if (out->p95 < out->p90)
			out->p95 = out->p90;
	}
	if (out->soon) {
		out->median = out->low = out->high = 1;
		return;
	}
	out->median = at_least_one(out->p50);
	double lo = floor(out->p10);
	double hi = ceil(out->p90);

	out->low = lo < 1.0 ? 1 : lo > out->median ? out->median : (int)lo;
	out->high = hi < out->median ? out->median : hi > 100000.0 ? 100000 : (int)hi;
}

/*
 * The day that ended goes into the running means (over the last CAL_DAYS
 * days that count, as an average while there are fewer), and the bands of
 * the new day are widened by the mean shifts of each band whose recent days
 * missed beyond the edge of its range: the 80% band more than CAL_EDGE80
 * times its share (1.3 * 20% = 26%: a band holding 75% of waits, the bottom
 * of its range, misses 25%, plus about one standard deviation of a 20-day
 * mean), the 90% band more than CAL_EDGE90 times (16%).
 */
static void calib_day(struct estimator *est)
{
	const int lo_q[2] = { 1, 0 }, hi_q[2] = { 3, 4 };
	const double edge[2] = { 2.0 * QUANTILE_LOW * CAL_EDGE80,
				 2.0 * QUANTILE_LOW90 * CAL_EDGE90 };

	if (est->day_counts) {
		est->n_days++;
		double k = est->n_days < CAL_DAYS ? est->n_days : CAL_DAYS;

		for (int b = 0; b < 2; b++)
			est->mean_miss[b] += (est->day_miss[b] - est->mean_miss[b]) / k;
		for (int q = 0; q < 5; q++)
			est->mean_shift[q] += (est->day_shift[q] - est->mean_shift[q]) / k;
	}
	est->day_counts = false;
	memset(est->day_miss, 0, sizeof(est->day_miss));
	memset(est->day_shift, 0, sizeof(est->day_shift));
	memset(est->cal, 0, sizeof(est->cal));
	for (int b = 0; b < 2 && est->n_days > 0; b++) {
		if (est->mean_miss[b] <= edge[b])
			continue;
		est->cal[lo_q[b]] = est->mean_shift[lo_q[b]];
		est->cal[hi_q[b]] = est->mean_shift[hi_q[b]];
	}
}

/* The shifts in use today, or NULL when none. */
static const double *calib_shifts(const struct estimator *est)
{
	for (int q = 0; q < 5; q++)
		if (est->cal[q] > 0.0)
			return est->cal;
	return NULL;
}

/* A new day: forget yesterday's bands, after learning from them. */
static void forecast_day(struct estimator *est, const struct office *o)
{
	if (est->fc_day == o->day)
		return;
	calib_day(est);
	est->fc_day = o->day;
	est->fc_scan = 0;
	memset(est->fc_has, 0, sizeof(est->fc_has));
	memset(est->cat_has, 0, sizeof(est->cat_has));
	est->cal_key = UINT64_MAX;
}

/*
 * The walk-ins taken since the last look get the band of their category
 * made just before they were taken (within CAL_LATE_MS, and before they were
 * issued), unless estimator_ticket() gave them one at issue.
 */
static void forecast_attach(struct estimator *est, const struct office *o)
{
	for (int i = est->fc_scan; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];
		int c = tk->category;

		if (est->fc_has[i] || tk->reservation >= 0 || c < 0 ||
		    c >= est->cfg->n_categories || !est->cat_has[c] || est->cat_nt[c] > i ||
		    est->cat_at[c] > tk->issued_at || est->cat_at[c] < tk->issued_at - CAL_LATE_MS)
			continue;
		memcpy(est->fc[i], est->cat_q[c], sizeof(est->fc[i]));
		est->fc_has[i] = true;
	}
	est->fc_scan = o->n_tickets;
}

/* The (n + 1) * p-th smallest of @n values @v (sorted here): the conformal quantile. */
static double conformal(double *v, int n, double p)
{
	int k = (int)ceil((n + 1) * p) - 1;

	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/*
 * Today's part of the recalibration, from today's walk-ins that waited
 * (called after a wait > 0) and whose band at issue is known, among those
 * taken before the longest-waiting ticket still waiting (so that long waits
 * are not left out because they have not ended yet). For each band, the
 * share of their realised waits outside it, and in minutes how far each fell
 * below the band's 10% (5%) quantile and above its 90% (95%): when more
 * than CAL_AIM times the band's share fell outside, the shifts are the
 * conformal quantiles of these that leave the tails beyond their share
 * CAL_AIM of the share in all, in proportion to how far beyond they are
 * (conformalized quantile regression). Minutes, not a factor: a factor
 * would spend the width on the longest waits, the widest bands already.
 * Only ever wider, and the median stays. What today's waits say is used
 * from the next day on (calib_day()), with the recent days': a single day
 * is too few waits to tell a band too narrow from a bad day, and widening
 * on bad days spends width that the days in between do not need.
 */
static void calib_update(struct estimator *est, const struct office *o)
{
	int64_t cut = INT64_MAX;
	uint64_t key;

	forecast_day(est, o);
	forecast_attach(est, o);
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];

		if (tk->state == TICKET_WAITING && tk->reservation < 0) {
			cut = tk->issued_at;
			break;
		}
	}
	key = (uint64_t)cut ^ ((uint64_t)o->n_tickets << 40);
	for (int c = 0; c < est->cfg->n_categories; c++)
		key = key * 31u + (uint64_t)o->counts[c].called;
	if (key == est->cal_key)
		return;
	est->cal_key = key;
	/* Each band (80%: quantiles 1 and 3; 90%: 0 and 4) on its own. */
	const int lo_q[2] = { 1, 0 }, hi_q[2] = { 3, 4 };
	const double alpha[2] = { QUANTILE_LOW, QUANTILE_LOW90 };
	for (int b = 0; b < 2; b++) {
		double *s_lo = est->cal_s, *s_hi = est->cal_s + OFFICE_MAX_TICKETS / 2;
		int miss_lo = 0, miss_hi = 0, n = 0;

		for (int i = 0; i < o->n_tickets && n < OFFICE_MAX_TICKETS / 2; i++) {
			const struct office_ticket *tk = &o->tickets[i];

			if (!est->fc_has[i] || tk->reservation >= 0 || tk->issued_at >= cut ||
			    tk->called_at <= tk->issued_at || est->fc[i][2] <= 0.0)
				continue; /* not waited, or the band said "next" */
			double y = (double)(tk->called_at - tk->issued_at) / MS_PER_MINUTE;

			s_lo[n] = est->fc[i][lo_q[b]] - y;
			s_hi[n] = y - est->fc[i][hi_q[b]];
			miss_lo += s_lo[n] > 0.0;
			miss_hi += s_hi[n] > 0.0;
			n++;
		}
		if (n < CAL_MIN)
			continue;
		double m_lo = (double)miss_lo / n, m_hi = (double)miss_hi / n, a = alpha[b];

		est->day_counts = true;
		est->day_miss[b] = m_lo + m_hi;
		est->day_shift[lo_q[b]] = est->day_shift[hi_q[b]] = 0.0;
		if (m_lo + m_hi <= 2.0 * a * CAL_AIM)
			continue;
		double excess = m_lo + m_hi - 2.0 * a * CAL_AIM;
		double r_lo = m_lo > a ? m_lo - a : 0.0, r_hi = m_hi > a ? m_hi - a : 0.0;
		double t_lo = m_lo - excess * r_lo / (r_lo + r_hi);
		double t_hi = m_hi - excess * r_hi / (r_lo + r_hi);
		double d_lo = r_lo > 0.0 ? conformal(s_lo, n, 1.0 - t_lo) : 0.0;
		double d_hi = r_hi > 0.0 ? conformal(s_hi, n, 1.0 - t_hi) : 0.0;

		est->day_shift[lo_q[b]] = d_lo > 0.0 ? d_lo : 0.0;
		est->day_shift[hi_q[b]] = d_hi > 0.0 ? d_hi : 0.0;
	}
}

/* A band for ticket @t at @now is the one it was given at its issue. */
static bool at_issue(const struct office *o, int t, int64_t now)
{
	return now - o->tickets[t].issued_at <= CAL_LATE_MS / 2;
}

/* Keep the raw band @raw: a ticket's at its issue, or a category's now. */
static void record_forecast(struct estimator *est, const struct office *o, int c, int t,
			    int64_t now, const double raw[5])
{
	if (t >= 0) {
		if (!est->fc_has[t] && o->tickets[t].reservation < 0 && at_issue(o, t, now)) {
			memcpy(est->fc[t], raw, sizeof(est->fc[t]));
			est->fc_has[t] = true;
		}
		return;
	}
	est->cat_has[c] = true;
	est->cat_at[c] = now;
	est->cat_nt[c] = o->n_tickets;
	memcpy(est->cat_q[c], raw, sizeof(est->cat_q[c]));
}

static int estimate(struct estimator *est, const struct office *o, int c, int t, int64_t now,
		    struct wait_band *out)
{
	int cat = target_category(o, c, t);

	band_none(out);
	if (cat < 0 || !o->day_open || !pool_open(o, cat))
		return 0;
	if (sim_setup(est, o, cat, t, now, NULL) < 0)
		return 0;
	double point = sim_point(est);

	if (point < 0.0)
		return 0;

	struct rng r;
	int n = 0;

	rng_seed(&r, mix_seed(est->seed, c, t));
	for (int i = 0; i < est->reps; i++) {
		double s = sim_replicate(est, &r, est->param_cv);

		if (s >= 0.0)
			est->samples[n++] = s;
	}
	calib_update(est, o);
	double raw[5];
	/* A band for a new ticket takes the recalibration's shifts; one for a
	 * ticket that has waited a while is the model's (estimator_waiting()). */
	bool fresh = t < 0 || at_issue(o, t, now);

	band_from(out, est->samples, n, point,
		  est->n_calls[cat] >= ESTIMATOR_LEARNED_MIN ? WAIT_BASIS_LEARNED
							     : WAIT_BASIS_PRIOR,
		  fresh ? calib_shifts(est) : NULL, raw);
	if (out->basis != WAIT_BASIS_NONE)
		record_forecast(est, o, c, t, now, raw);
	return 0;
}

int estimator_category(struct estimator *est, const struct office *o, int c, int64_t now,
		       struct wait_band *out)
{
	if (c < 0 || c >= est->cfg->n_categories)
		return -1;
	return estimate(est, o, c, -1, now, out);
}

int estimator_ticket(struct estimator *est, const struct office *o, int t, int64_t now,
		     struct wait_band *out)
{
	if (t < 0 || t >= o->n_tickets)
		return -1;
	return estimate(est, o, -1, t, now, out);
}

/* Calling order of tracked tickets: the point run's call time, never-called last, then issue order. */
struct track_order {
	double t;
	int seq, k;
};

static int cmp_track(const void *a, const void *b)
{
	const struct track_order *x = a, *y = b;
	bool nx = x->t < 0.0, ny = y->t < 0.0;

	if (nx != ny)
		return nx ? 1 : -1;
	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Put @tb at slot @i of @out when there is room. */
static void put_band(struct ticket_band *out, size_t n, size_t i, const struct ticket_band *tb)
{
	if (out && i < n)
		out[i] = *tb;
}

/*
 * One category of estimator_waiting(): the new-ticket band in *@cat_band and
 * the bands of its waiting tickets from slot *@total of @out on.
 * Return: 0, or -1 when out of memory.
 */
static int waiting_category(struct estimator *est, const struct office *o, int c, int64_t now,
			    struct wait_band *cat_band, struct ticket_band *out, size_t n,
			    size_t *total, double **buf, size_t *buf_len)
{
	struct ticket_band tb;
	size_t first = *total;

	band_none(cat_band);
	memset(&tb, 0, sizeof(tb));
	tb.category = c;
	band_none(&tb.band);
	if (!o->day_open || !pool_open(o, c) || sim_setup(est, o, c, -1, now, NULL) < 0) {
		/* No figure: the tickets in issue order. */
		for (int i = 0; i < o->n_tickets; i++) {
			if (o->tickets[i].state != TICKET_WAITING || o->tickets[i].category != c)
				continue;
			tb.ticket = i;
			tb.position = (int)(*total - first) + 1;
			put_band(out, n, (*total)++, &tb);
		}
		return 0;
	}
	for (int i = 0; i < est->n_items; i++) {
		const struct sim_item *x = &est->items[i];

		est->track_of[i] = -1;
		if (i != est->target && x->cat == c && x->seq < o->n_tickets) {
			est->track_of[i] = est->n_track;
			est->track_item[est->n_track++] = i;
		}
	}
	for (int i = est->n_items; i < SIM_MAX_QUEUED; i++)
		est->track_of[i] = -1;
	size_t need = (size_t)est->n_track * (size_t)est->reps;

	if (need > *buf_len) {
		double *nb = realloc(*buf, need * sizeof(double));

		if (!nb)
			return -1;
		*buf = nb;
		*buf_len = need;
	}
	int *cnt = calloc((size_t)est->n_track + 1, sizeof(int));

	if (!cnt)
		return -1;
	double point = sim_point(est);
	struct rng r;
	int ns = 0;

	rng_seed(&r, mix_seed(est->seed, c, -1));
	for (int i = 0; i < est->reps; i++) {
		double s = sim_replicate(est, &r, est->param_cv);

		if (s >= 0.0)
			est->samples[ns++] = s;
		for (int k = 0; k < est->n_track; k++) {
			if (est->track_run[k] >= 0.0)
				(*buf)[(size_t)k * est->reps + cnt[k]++] = est->track_run[k];
		}
	}
	enum wait_basis basis =
		est->n_calls[c] >= ESTIMATOR_LEARNED_MIN ? WAIT_BASIS_LEARNED : WAIT_BASIS_PRIOR;

	double raw[5];

	calib_update(est, o);
	const double *cal = calib_shifts(est);

	band_from(cat_band, est->samples, ns, point, basis, cal, raw);
	if (cat_band->basis != WAIT_BASIS_NONE)
		record_forecast(est, o, c, -1, now, raw);

	struct track_order *ord = malloc(((size_t)est->n_track + 1) * sizeof(*ord));

	if (!ord) {
		free(cnt);
		return -1;
	}
	for (int k = 0; k < est->n_track; k++) {
		ord[k].t = est->track_point[k];
		ord[k].seq = est->items[est->track_item[k]].seq;
		ord[k].k = k;
	}
	qsort(ord, (size_t)est->n_track, sizeof(*ord), cmp_track);
	for (int j = 0; j < est->n_track; j++) {
		int k = ord[j].k;

		tb.ticket = ord[j].seq;
		tb.position = j + 1;
		/* The model's band: the recalibration's shifts were learned on
		 * whole waits from the issue, not on what remains of one, and
		 * measured, they made these bands too wide (docs/estimator.md). */
		band_from(&tb.band, *buf + (size_t)k * est->reps, cnt[k], est->track_point[k],
			  basis, NULL, NULL);
		put_band(out, n, (*total)++, &tb);
	}
	free(ord);
	free(cnt);
	return 0;
}

int estimator_waiting(struct estimator *est, const struct office *o, int64_t now,
		      struct wait_band *categories, struct ticket_band *out, size_t n)
{
	double *buf = NULL;
	size_t buf_len = 0, total = 0;
	int rc = 0;

	for (int c = 0; c < est->cfg->n_categories && rc == 0; c++) {
		struct wait_band cat_band;

		rc = waiting_category(est, o, c, now, &cat_band, out, n, &total, &buf, &buf_len);
		if (categories)
			categories[c] = cat_band;
	}
	free(buf);
	if (rc < 0)
		return -1;
	return total > (size_t)INT32_MAX ? INT32_MAX : (int)total;
}

/* Categories served together with @c by the windows open now. */
static void pool_of(const struct office *o, int c, bool pool[CONFIG_MAX_CATEGORIES])
{
	memset(pool, 0, sizeof(bool) * CONFIG_MAX_CATEGORIES);
	pool[c] = true;
	for (int w = 0; w < o->cfg->n_windows; w++) {
		const struct office_window *ow = &o->windows[w];

		if (!ow->open || !window_serves(ow->categories, ow->n_categories, c))
			continue;
		for (int i = 0; i < ow->n_categories; i++)
			pool[ow->categories[i]] = true;
	}
}

static double predict_ql(const struct estimator *est, const struct office *o, int c, int t,
			 int64_t now)
{
	double s = 0.0;
	int ahead = 0;

	for (int w = 0; w < o->cfg->n_windows; w++) {
		const struct office_window *ow = &o->windows[w];

		if (ow->open && window_serves(ow->categories, ow->n_categories, c))
			s += 1.0 / ow->n_categories;
	}
	for (int i = 0; i < o->n_tickets && (t < 0 || i < t); i++) {
		if (o->tickets[i].state == TICKET_WAITING && o->tickets[i].category == c)
			ahead++;
	}
	return (ahead + 1) * estimator_service(est, o, c, now, NULL) / s;
}

static double predict_les(const struct office *o, int c, int t, int64_t now)
{
	bool pool[CONFIG_MAX_CATEGORIES];
	int last = -1;

	pool_of(o, c, pool);
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];

		if (tk->called_at <= 0 || !pool[tk->category])
			continue;
		if (last < 0 || tk->called_at > o->tickets[last].called_at)
			last = i;
	}
	if (last < 0)
		return -1.0;
	double les =
		(double)(o->tickets[last].called_at - o->tickets[last].issued_at) / MS_PER_MINUTE;

	if (t >= 0)
		les -= (double)(now - o->tickets[t].issued_at) / MS_PER_MINUTE;
	return les > 0.0 ? les : 0.0;
}

static double predict_hol(const struct office *o, int c, int t, int64_t now)
{
	bool pool[CONFIG_MAX_CATEGORIES];

	pool_of(o, c, pool);
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];

		if (tk->state != TICKET_WAITING || !pool[tk->category])
			continue;
		/* Tickets are in issue order: the first waiting is the head of the line. */
		double hol = (double)(now - tk->issued_at) / MS_PER_MINUTE;

		if (t >= 0)
			hol -= (double)(now - o->tickets[t].issued_at) / MS_PER_MINUTE;
		return hol > 0.0 ? hol : 0.0;
	}
	return 0.0;
}

int estimator_predict(struct estimator *est, const struct office *o, enum estimator_method method,
		      int c, int t, int64_t now, const double *true_minutes, struct wait_band *out)
{
	if ((t < 0 && (c < 0 || c >= est->cfg->n_categories)) || t >= o->n_tickets ||
	    (method == ESTIMATOR_ORACLE && !true_minutes))
		return -1;
	int cat = target_category(o, c, t);
	double point = -1.0;
	enum wait_basis basis = WAIT_BASIS_LEARNED;

	band_none(out);
	if (cat < 0 || !o->day_open || !pool_open(o, cat))
		return 0;
	switch (method) {
	case ESTIMATOR_POINT:
	case ESTIMATOR_ORACLE:
		if (sim_setup(est, o, cat, t, now,
			      method == ESTIMATOR_ORACLE ? true_minutes : NULL) < 0)
			return 0;
		point = sim_point(est);
		if (method == ESTIMATOR_POINT && est->n_calls[cat] < ESTIMATOR_LEARNED_MIN)
			basis = WAIT_BASIS_PRIOR;
		break;
	case ESTIMATOR_QL:
		point = predict_ql(est, o, cat, t, now);
		break;
	case ESTIMATOR_LES:
		point = predict_les(o, cat, t, now);
		break;
	case ESTIMATOR_HOL:
		point = predict_hol(o, cat, t, now);
		break;
	}
	if (point < 0.0)
		return 0;
	band_point(out, point, basis);
	out->soon = method == ESTIMATOR_POINT && point == 0.0;
	return 0;
}
