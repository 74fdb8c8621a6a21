/* SPDX-License-Identifier: MIT */
#include "core/doorcount.h"

#include <math.h>
#include <string.h>

#define MS_PER_MINUTE 60000.0
#define PRIOR_G_WEIGHT 100.0 /* g's pull toward people in per ticket: a sample of 10 holders */
#define PRIOR_WEIGHT 0.01 /* h and V's pull toward 0: negligible beside the data */
#define NOISE_PEOPLE2 4.0 /* prior variance of one sample, people² (2 people) */
#define NOISE_N 3.0 /* its weight, in samples */

/* Whether the count of @o can be right, given @holders implied inside. */
static bool door_trusted(const struct door_fit *f, const struct office *o, int tickets,
			 double holders)
{
	if (o->sensor_fault || o->occupancy_corrections != 0)
		return false;
	if (o->occupancy - (o->people_in - o->people_out) != f->base) /* clamped at 0 */
		return false;
	/* Every holder passes the door; a few may be counted late. */
	if (tickets >= DOOR_MIN_TICKETS && o->people_in < 0.9 * tickets - 2.0)
		return false;
	return !(o->occupancy == 0 && holders >= 3.0);
}

/* 3x3 inverse of @a into @inv (adjugate over determinant). Return: false when singular. */
static bool invert3(const double a[3][3], double inv[3][3])
{
	double c00 = a[1][1] * a[2][2] - a[1][2] * a[2][1];
	double c01 = a[1][2] * a[2][0] - a[1][0] * a[2][2];
	double c02 = a[1][0] * a[2][1] - a[1][1] * a[2][0];
	double det = a[0][0] * c00 + a[0][1] * c01 + a[0][2] * c02;

	if (!(fabs(det) > 1e-12))
		return false;
	inv[0][0] = c00 / det;
	inv[1][0] = c01 / det;
	inv[2][0] = c02 / det;
	inv[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
	inv[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
	inv[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
	inv[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
	inv[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
	inv[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
	return true;
}

/* The walk-ins gone beyond the away share at hazard @h, of the @n waiting. */
static double gone_at(const struct door_fit *f, int n, double h, double *slope)
{
	double sum = 0.0, d = 0.0;

	for (int i = 0; i < n; i++) {
		double e = exp(-h * f->w[i]);

		sum += f->stay[i] * (1.0 - e);
		d += f->stay[i] * f->w[i] * e;
	}
	if (slope)
		*slope = d;
	return sum;
}

bool door_fit_update(struct door_fit *f, const struct office *o, int64_t now, const double *away,
		     struct door_signal *out)
{
	const int n_cat = o->cfg->n_categories;
	double holders = 0.0, minutes = 0.0, all = 0.0;
	int n = 0;

	if (f->day != o->day) {
		memset(f->xx, 0, sizeof(f->xx));
		memset(f->xy, 0, sizeof(f->xy));
		f->yy = 0.0;
		f->n = 0;
		f->slot = -1;
		f->untrusted = false;
		f->base = o->occupancy - (o->people_in - o->people_out);
		f->has = false;
		f->seq = 0;
		f->at = 0;
		f->day = o->day;
	}
	if (f->untrusted || !o->day_open)
		return false;
	if (f->seq == o->seq && f->at == now) {
		if (f->has)
			*out = f->last;
		return f->has;
	}
	f->seq = o->seq;
	f->at = now;
	f->has = false;
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *tk = &o->tickets[i];
		int c = tk->category;

		if (tk->state == TICKET_SERVING ||
		    (tk->state == TICKET_DONE && tk->ended_at > now - DOOR_LEAVE_MS)) {
			holders += 1.0;
			continue;
		}
		if (tk->state != TICKET_WAITING && tk->state != TICKET_CALLED)
			continue;
		if (tk->reservation >= 0 || c < 0 || c >= n_cat || tk->issued_at <= 0) {
			holders += 1.0;
			continue;
		}
		int64_t end = tk->state == TICKET_CALLED ? tk->called_at : now;
		double w =
			end > tk->issued_at ? (double)(end - tk->issued_at) / MS_PER_MINUTE : 0.0;

		f->w[n] = w;
		f->stay[n] = 1.0 - away[c];
		holders += f->stay[n];
		minutes += f->stay[n] * w;
		all += f->stay[n];
		n++;
	}
	if (!door_trusted(f, o, o->n_tickets, holders)) {
		f->untrusted = true;
		return false;
	}
	if (o->n_tickets < DOOR_MIN_TICKETS)
		return false;
	int64_t slot = now / DOOR_SAMPLE_MS;
	double y = o->occupancy, x[3] = { holders, minutes, 1.0 };

	if (slot != f->slot) {
		f->slot = slot;
		for (int a = 0; a < 3; a++) {
			for (int b = 0; b < 3; b++)
				f->xx[a][b] += x[a] * x[b];
			f->xy[a] += x[a] * y;
		}
		f->yy += y * y;
		f->n++;
	}
	if (f->n < DOOR_MIN_SAMPLES || n == 0)
		return false;

	/* The fit, shrunk toward g = people in per ticket, h = 0, V = 0. */
	double g0 = (double)o->people_in / o->n_tickets;
	double lam[3] = { PRIOR_G_WEIGHT, PRIOR_WEIGHT, PRIOR_WEIGHT }, prior[3] = { g0, 0.0, 0.0 };
	double a[3][3], rhs[3], inv[3][3], beta[3];

	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 3; j++)
			a[i][j] = f->xx[i][j] + (i == j ? lam[i] : 0.0);
		rhs[i] = f->xy[i] + lam[i] * prior[i];
	}
	if (!invert3(a, inv))
		return false;
	for (int i = 0; i < 3; i++)
		beta[i] = inv[i][0] * rhs[0] + inv[i][1] * rhs[1] + inv[i][2] * rhs[2];
	double g = beta[0], v = beta[2];

	if (!(g >= 1.0))
		g = 1.0; /* at least the holder */
	/* The residual variance per sample, shrunk toward NOISE_PEOPLE2. */
	double rss = f->yy;

	for (int i = 0; i < 3; i++) {
		rss -= 2.0 * beta[i] * f->xy[i];
		for (int j = 0; j < 3; j++)
			rss += beta[i] * beta[j] * f->xx[i][j];
	}
	if (rss < 0.0)
		rss = 0.0;
	double s2 = (rss + NOISE_N * NOISE_PEOPLE2) / (f->n - 3 + NOISE_N);
	double gone = holders - (y - v) / g;

	/* L's variance: the count now, and the fit's g and V, whose samples share
	 * most of their people within one mean wait (DOOR_SAMPLE_MS apart). */
	double grad[3] = { (y - v) / (g * g), 0.0, 1.0 / g }, q = 0.0;

	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			q += grad[i] * inv[i][j] * grad[j];
	double mean_wait = all > 0.0 ? minutes / all : 0.0;
	double shared = fmax(1.0, mean_wait * MS_PER_MINUTE / DOOR_SAMPLE_MS);
	double var_gone = s2 / (g * g) + shared * s2 * q;

	/* The hazard at which the walk-ins now waiting have lost L. */
	double lo = 0.0, hi = 1.0, slope = 0.0;

	if (gone <= 0.0) {
		hi = 0.0;
	} else if (gone >= gone_at(f, n, hi, NULL)) {
		lo = hi;
	} else {
		for (int it = 0; it < 50; it++) {
			double mid = 0.5 * (lo + hi);

			if (gone_at(f, n, mid, NULL) < gone)
				lo = mid;
			else
				hi = mid;
		}
	}
	out->hazard = 0.5 * (lo + hi);
	gone_at(f, n, out->hazard, &slope);
	if (slope < minutes * 1e-3)
		slope = minutes * 1e-3; /* nearly all gone: the slope says little */
	out->gone = gone;
	out->var = slope > 0.0 ? var_gone / (slope * slope) : INFINITY;
	f->last = *out;
	f->has = true;
	return true;
}
