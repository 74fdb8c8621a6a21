/* SPDX-License-Identifier: MIT */
#include "core/report.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

#define MS_PER_MIN 60000.0
#define SLOT_MS (REPORT_SLOT_MINUTES * 60000LL)

static void series_push(struct report_series *s, double v)
{
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 64;
		double *nv;

		if (cap > REPORT_SERIES_MAX)
			cap = REPORT_SERIES_MAX;
		if (cap <= s->n) {
			s->full = true;
			return;
		}
		nv = realloc(s->v, sizeof(*nv) * (size_t)cap);
		if (!nv) {
			s->full = true;
			return;
		}
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

static void row_free(struct report_row *row)
{
	free(row->wait.v);
	free(row->service.v);
	memset(row, 0, sizeof(*row));
}

struct report *report_new(const struct config *cfg)
{
	struct report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->cfg = cfg;
	r->target_minutes = cfg->report_target_wait;
	r->office = office_new(cfg);
	r->bands = calloc(OFFICE_MAX_TICKETS, sizeof(*r->bands));
	r->closed_waiting = calloc(OFFICE_MAX_TICKETS, sizeof(*r->closed_waiting));
	if (!r->office || !r->bands || !r->closed_waiting) {
		report_free(r);
		return NULL;
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	row_free(&r->total);
	for (int i = 0; i < CONFIG_MAX_CATEGORIES; i++)
		row_free(&r->categories[i]);
	for (int i = 0; i < CONFIG_MAX_WINDOWS; i++)
		row_free(&r->windows[i]);
	for (int i = 0; i < REPORT_SLOTS; i++) {
		row_free(&r->slots[i]);
		for (int d = 0; d < 7; d++)
			row_free(&r->week[d][i]);
	}
	for (int i = 0; i < r->n_days; i++)
		row_free(&r->days[i].row);
	free(r->days);
	office_free(r->office);
	free(r->bands);
	free(r->closed_waiting);
	free(r);
}

int report_slot(int64_t ms, int offset_min)
{
	struct civil c;

	civil_from_ms(ms, offset_min, &c);
	return c.minute_of_day / REPORT_SLOT_MINUTES;
}

/* The rows a ticket, window or moment of the current day adds to. */
struct rows {
	struct report_row *r[5]; /* day, half-hour, weekday's half-hour, and two more */
	int n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void report_summarise(struct report_series *s, struct report_summary *out)
{
	double sum = 0, pos;
	int lo;

	out->n = s->n;
	if (s->n == 0) {
		out->mean = out->median = out->p90 = out->max = NAN;
		return;
	}
	qsort(s->v, (size_t)s->n, sizeof(double), cmp_double);
	for (int i = 0; i < s->n; i++)
		sum += s->v[i];
	out->mean = sum / s->n;
	out->max = s->v[s->n - 1];
	pos = 0.5 * (s->n - 1);
	lo = (int)pos;
	out->median = lo + 1 < s->n ? s->v[lo] + (pos - lo) * (s->v[lo + 1] - s->v[lo]) : s->v[lo];
	pos = 0.9 * (s->n - 1);
	lo = (int)pos;
	out->p90 = lo + 1 < s->n ? s->v[lo] + (pos - lo) * (s->v[lo + 1] - s->v[lo]) : s->v[lo];
}

double report_utilisation(const struct report_row *row)
{
	if (row->open_ms <= 0)
		return NAN;
	return row->busy_ms >= row->open_ms ? 1.0 : row->busy_ms / row->open_ms;
}

static struct report_day *current_day(struct report *r)
{
	return r->n_days > 0 ? &r->days[r->n_days - 1] : NULL;
}

/* Adds the time [@a, @b) to the open (@busy false) or busy time of @w's rows, split by half-hour. */
static void add_interval(struct report *r, int w, int64_t a, int64_t b, bool busy)
{
	struct report_day *d = current_day(r);
	int off = r->cfg->utc_offset_minutes;
	int64_t day0 = civil_to_ms(r->office->day, 0, off);
	int weekday = civil_weekday(r->office->day);

	if (!d || b <= a)
		return;
	while (a < b) {
		int64_t k = (a - day0) / SLOT_MS;
		int64_t end = day0 + (k + 1) * SLOT_MS;
		double ms;
		struct report_row *rows[5];
		int n = 0;

		if (a < day0)
			k = -1;
		if (end > b || k < 0 || k >= REPORT_SLOTS)
			end = b;
		ms = (double)(end - a);
		rows[n++] = &r->total;
		rows[n++] = &r->windows[w];
		rows[n++] = &d->row;
		if (k >= 0 && k < REPORT_SLOTS) {
			rows[n++] = &r->slots[k];
			rows[n++] = &r->week[weekday][k];
		}
		for (int i = 0; i < n; i++) {
			if (busy)
				rows[i]->busy_ms += ms;
			else
				rows[i]->open_ms += ms;
		}
		a = end;
	}
}

/* Open time of the windows: follows each window's open state and the day's. */
static void track_open(struct report *r, int64_t at)
{
	const struct office *o = r->office;

	for (int w = 0; w < r->cfg->n_windows; w++) {
		bool open = o->day_open && o->windows[w].open;

		if (open && !r->open_since[w]) {
			r->open_since[w] = at;
		} else if (!open && r->open_since[w]) {
			add_interval(r, w, r->open_since[w], at, false);
			r->open_since[w] = 0;
		}
	}
}

/* The rows of the day, the half-hour and the weekday's half-hour of @at, plus @extra. */
static struct rows time_rows(struct report *r, int64_t at, struct report_row *extra)
{
	struct rows rs = { .n = 0 };
	int k = report_slot(at, r->cfg->utc_offset_minutes);
	int weekday = civil_weekday(r->office->day);

	rs.r[rs.n++] = &current_day(r)->row;
	rs.r[rs.n++] = &r->slots[k];
	rs.r[rs.n++] = &r->week[weekday][k];
	if (extra)
		rs.r[rs.n++] = extra;
	return rs;
}

#define FOR_ROWS(rs, row) for (int i_ = 0; i_ < (rs).n && ((row) = (rs).r[i_]); i_++)

/* Counts an event happening at @at for category @c (and window @w, or -1). */
static void count_at(struct report *r, int64_t at, int c, int w, size_t field)
{
	struct report_row *targets[6];
	struct rows rs = time_rows(r, at, NULL);
	int n = 0;

	targets[n++] = &r->total;
	targets[n++] = &r->categories[c];
	if (w >= 0)
		targets[n++] = &r->windows[w];
	for (int i = 0; i < rs.n; i++)
		targets[n++] = rs.r[i];
	for (int i = 0; i < n; i++)
		(*(int *)((char *)targets[i] + field))++;
}

/* Adds today's ticket @t: waits, service, band honesty. */
static void harvest_ticket(struct report *r, int t)
{
	const struct office_ticket *tk = &r->office->tickets[t];
	const struct report_band *b = &r->bands[t];
	struct report_row *rows[7];
	struct rows rs;
	int n = 0;

	rows[n++] = &r->total;
	rows[n++] = &r->categories[tk->category];
	if (tk->window >= 0)
		rows[n++] = &r->windows[tk->window];
	rs = time_rows(r, tk->issued_at, NULL);
	for (int i = 0; i < rs.n; i++)
		rows[n++] = rs.r[i];
	if (r->closed_waiting[t]) {
		for (int i = 0; i < n; i++)
			rows[i]->closed_waiting++;
	}
	if (tk->state == TICKET_DONE)
		count_at(r, tk->ended_at, tk->category, tk->window,
			 offsetof(struct report_row, served));
	else if (tk->state == TICKET_NO_SHOW)
		count_at(r, tk->ended_at, tk->category, tk->window,
			 offsetof(struct report_row, no_show));
	if (!tk->called_at)
		return;
	double wait = (double)(tk->called_at - tk->issued_at) / MS_PER_MIN;
	long shown = lround(wait);

	for (int i = 0; i < n; i++) {
		struct report_row *row = rows[i];

		series_push(&row->wait, wait);
		row->recalls += tk->recalls;
		if (wait > r->target_minutes)
			row->over_target++;
		if (b->has) {
			row->band_n++;
			if (shown >= b->low && shown <= b->high)
				row->band_in++;
			if (b->soon) {
				row->soon_n++;
				if (wait > REPORT_SOON_LATE_MINUTES)
					row->soon_late++;
			}
		}
		if (tk->state == TICKET_DONE && tk->ended_at >= tk->called_at)
			series_push(&row->service,
				    (double)(tk->ended_at - tk->called_at) / MS_PER_MIN);
	}
	if (tk->window >= 0 && tk->ended_at > tk->called_at)
		add_interval(r, tk->window, tk->called_at, tk->ended_at, true);
}

/* Adds today's reservation @i, when its slot is today. */
static void harvest_reservation(struct report *r, int i, int64_t day0, int64_t day1)
{
	const struct office_reservation *res = &r->office->reservations[i];
	struct rows rs;
	struct report_row *row;

	if (res->slot_start < day0 || res->slot_start >= day1)
		return;
	rs = time_rows(r, res->slot_start, &r->categories[res->category]);
	rs.r[rs.n++] = &r->total;
	FOR_ROWS(rs, row)
	{
		row->res_booked++;
		if (res->state == RESERVATION_CHECKED_IN)
			row->res_kept++;
		else if (res->state == RESERVATION_NO_SHOW)
			row->res_missed++;
		else if (res->state == RESERVATION_CANCELLED)
			row->res_cancelled++;
	}
}

/* The current day's tickets and reservations into the tables. */
static void harvest_day(struct report *r)
{
	const struct office *o = r->office;
	int off = r->cfg->utc_offset_minutes;
	int64_t day0 = civil_to_ms(o->day, 0, off);
	int64_t day1 = civil_to_ms(civil_next_day(o->day), 0, off);
	struct report_day *d = current_day(r);

	if (!r->day_pending || !d)
		return;
	for (int t = 0; t < o->n_tickets; t++)
		harvest_ticket(r, t);
	for (int i = 0; i < o->n_reservations; i++)
		harvest_reservation(r, i, day0, day1);
	r->day_pending = false;
}

/* A new day's row, and the day counted in every table it touches. */
static int start_day(struct report *r, int32_t date)
{
	struct report_day *d;
	int weekday = civil_weekday(date);

	if (r->n_days >= REPORT_MAX_DAYS) {
		r->too_many_days = true;
		return -1;
	}
	if (r->n_days % 64 == 0) {
		struct report_day *nd = realloc(r->days, sizeof(*nd) * (size_t)(r->n_days + 64));

		if (!nd)
			return -1;
		r->days = nd;
	}
	d = &r->days[r->n_days++];
	memset(d, 0, sizeof(*d));
	d->date = date;
	d->row.days = 1;
	r->total.days++;
	for (int c = 0; c < r->cfg->n_categories; c++)
		r->categories[c].days++;
	for (int w = 0; w < r->cfg->n_windows; w++)
		r->windows[w].days++;
	for (int k = 0; k < REPORT_SLOTS; k++) {
		r->slots[k].days++;
		r->week[weekday][k].days++;
	}
	r->weekdays[weekday]++;
	memset(r->bands, 0, sizeof(*r->bands) * OFFICE_MAX_TICKETS);
	memset(r->closed_waiting, 0, sizeof(*r->closed_waiting) * OFFICE_MAX_TICKETS);
	r->day_pending = true;
	r->day_closed = false;
	return 0;
}

static void occupancy_peak(struct report *r, int64_t at)
{
	struct rows rs = time_rows(r, at, &r->total);
	struct report_row *row;
	int occ = r->office->occupancy;

	FOR_ROWS(rs, row)
	{
		if (occ > row->peak_occupancy) {
			row->peak_occupancy = occ;
			row->peak_at = at;
		}
	}
}

void report_add_before(struct report *r, const struct event *ev, int32_t from)
{
	struct office_error err;

	if (r->n_days || r->office->day)
		return;
	if ((ev->type == EVENT_RESERVATION_BOOK &&
	     ev->slot_start >= civil_to_ms(from, 0, r->cfg->utc_offset_minutes)) ||
	    ev->type == EVENT_RESERVATION_CANCEL)
		office_apply(r->office, ev, &err);
}

void report_day_end(struct report *r)
{
	if (r->office->day_open) {
		struct event ev;
		struct office_error err;

		event_init(&ev, EVENT_DAY_CLOSE, r->last_at);
		ev.day = r->office->day;
		report_add(r, &ev, &err);
		if (current_day(r))
			current_day(r)->closed_by_journal = false;
	}
	harvest_day(r);
}

int report_add(struct report *r, const struct event *ev, struct office_error *err)
{
	struct office *o = r->office;
	int t = -1;
	bool new_day = false;

	if (ev->type == EVENT_DAY_OPEN) {
		new_day = ev->day != o->day;
		if (new_day && o->day_open)
			report_day_end(r);
		else if (new_day)
			harvest_day(r);
	}
	if (ev->type == EVENT_DAY_CLOSE && o->day_open && ev->day == o->day) {
		for (int i = 0; i < o->n_tickets; i++)
			r->closed_waiting[i] = o->tickets[i].state == TICKET_WAITING;
	}
	if (office_apply(o, ev, err) < 0) {
		r->refused++;
		return -1;
	}
	r->last_at = ev->at;
	if (ev->type == EVENT_DAY_OPEN && (new_day || !current_day(r)) &&
	    start_day(r, ev->day) < 0) {
		/* Past REPORT_MAX_DAYS: the day is folded but not reported. */
		r->day_pending = false;
	}
	if (!r->day_pending) {
		track_open(r, ev->at);
		return 0;
	}
	switch (ev->type) {
	case EVENT_TICKET_ISSUE:
		t = o->n_tickets - 1;
		if (ev->has_wait) {
			r->bands[t].has = true;
			r->bands[t].soon = ev->wait_soon;
			r->bands[t].low = ev->wait_low;
			r->bands[t].median = ev->wait_median;
			r->bands[t].high = ev->wait_high;
		}
		count_at(r, ev->at, o->tickets[t].category, -1,
			 offsetof(struct report_row, issued));
		break;
	case EVENT_TICKET_CALL:
		/* The window's ticket now (a call finishes its previous one: office_apply() did it). */
		t = o->windows[config_window_index(r->cfg, ev->window)].ticket;
		count_at(r, ev->at, o->tickets[t].category, o->tickets[t].window,
			 offsetof(struct report_row, called));
		break;
	case EVENT_TICKET_CANCEL:
		t = office_ticket_find(o, ev->ticket);
		count_at(r, ev->at, o->tickets[t].category, -1,
			 offsetof(struct report_row, cancelled));
		break;
	case EVENT_PEOPLE:
	case EVENT_OCCUPANCY_RESET:
		occupancy_peak(r, ev->at);
		break;
	case EVENT_DAY_CLOSE:
		r->day_closed = true;
		current_day(r)->closed_by_journal = true;
		break;
	default:
		break;
	}
	track_open(r, ev->at);
	return 0;
}
