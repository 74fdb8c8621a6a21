/* SPDX-License-Identifier: MIT */
#include "sim/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

#define MS_PER_MIN 60000.0
#define SIM_MAX_ITEMS 65536 /* pending happenings; more is a scenario error */
#define SIM_MAX_VISITORS 8000
#define SIM_OPENING_SPREAD 2.0 /* minutes over which the opening queue takes tickets */
#define SIM_DUE_EVERY (60 * 1000) /* ms between looks at office_due() */

enum item_kind {
	ITEM_DUE, /* office_due(): opening, closing, reservation expiry */
	ITEM_ARRIVAL, /* a: category; walk-in takes a ticket */
	ITEM_CHECKIN, /* a: reservation index; booked citizen takes a ticket */
	ITEM_BREAK_START, /* a: window */
	ITEM_BREAK_END, /* a: window */
	ITEM_SERVE, /* a: window; the called citizen reaches the window */
	ITEM_DONE, /* a: window */
	ITEM_RECALL, /* a: window */
	ITEM_NO_SHOW, /* a: window */
	ITEM_PEOPLE_OUT, /* a: people */
	ITEM_GIVE_UP, /* a: ticket; its holder's patience runs out */
	ITEM_VISITOR, /* someone without a ticket comes in */
	ITEM_CANCEL, /* a: ticket; its holder, gone, withdraws it */
	ITEM_CLOSE_START, /* a: window; staff called away, unannounced */
	ITEM_CLOSE_END, /* a: window */
	ITEM_BOOK, /* a: booking; booked on the spot during the day */
};

struct item {
	int64_t at;
	uint64_t seq;
	enum item_kind kind;
	int a;
};

struct booking {
	char id[EVENT_RESERVATION_MAX];
	int category;
	int slot; /* minute of day */
};

struct sim_day {
	const struct sim_scenario *sc;
	struct office *o;
	int32_t date;
	int weekday;
	int64_t midnight; /* ms of 00:00 local */
	sim_sink_fn sink;
	void *ctx;

	struct rng r_arrival, r_customer, r_window, r_door;
	struct rng r_extra; /* closures, groups, cancellations, mixtures, on-the-spot booking */

	struct item *heap;
	int n_items, cap_items;
	uint64_t seq;

	struct sim_ticket tickets[OFFICE_MAX_TICKETS];
	int group[OFFICE_MAX_TICKETS]; /* people who came in with the ticket */
	struct booking *bookings;
	int n_bookings;
	int checkins_pending;
	bool opened, over;
	bool in_break[CONFIG_MAX_WINDOWS], in_closure[CONFIG_MAX_WINDOWS];
};

static int64_t ms_at(const struct sim_day *d, double minute)
{
	return d->midnight + (int64_t)llround(minute * MS_PER_MIN);
}

static void heap_swap(struct item *a, struct item *b)
{
	struct item t = *a;

	*a = *b;
	*b = t;
}

static bool item_before(const struct item *a, const struct item *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static int push(struct sim_day *d, int64_t at, enum item_kind kind, int a)
{
	int i;

	if (d->n_items == d->cap_items) {
		int cap = d->cap_items ? d->cap_items * 2 : 1024;
		struct item *h;

		if (cap > SIM_MAX_ITEMS)
			return -1;
		h = realloc(d->heap, sizeof(*h) * (size_t)cap);
		if (!h)
			return -1;
		d->heap = h;
		d->cap_items = cap;
	}
	i = d->n_items++;
	d->heap[i] = (struct item){ .at = at, .seq = d->seq++, .kind = kind, .a = a };
	while (i > 0 && item_before(&d->heap[i], &d->heap[(i - 1) / 2])) {
		heap_swap(&d->heap[i], &d->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	return 0;
}

static struct item pop(struct sim_day *d)
{
	struct item top = d->heap[0];
	int i = 0;

	d->heap[0] = d->heap[--d->n_items];
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;

		if (l < d->n_items && item_before(&d->heap[l], &d->heap[m]))
			m = l;
		if (r < d->n_items && item_before(&d->heap[r], &d->heap[m]))
			m = r;
		if (m == i)
			break;
		heap_swap(&d->heap[i], &d->heap[m]);
		i = m;
	}
	return top;
}

static void seed_stream(struct rng *r, uint64_t seed, int32_t date, uint64_t stream)
{
	uint64_t s = seed ^ ((uint64_t)(uint32_t)date << 20) ^ (stream << 56);

	rng_seed(r, rng_splitmix64(&s));
}

int32_t sim_scenario_next_date(const struct sim_scenario *sc, int32_t date)
{
	for (int i = 0; i < 7; i++) {
		int wd = civil_weekday(date);

		if (sc->weekdays[wd] && sc->cfg.hours[wd].n > 0)
			return date;
		date = civil_next_day(date);
	}
	return date;
}

double sim_service_draw(const struct sim_scenario *sc, int c, struct rng *r)
{
	const struct sim_category *cat = &sc->cat[c];

	if (cat->long_share > 0 && rng_uniform(r) < cat->long_share)
		return rng_lognormal(r, cat->long_mean, cat->long_cv);
	if (cat->service_dist == SIM_DIST_EXPONENTIAL)
		return rng_exponential(r, cat->service_mean);
	return rng_lognormal(r, cat->service_mean, cat->service_cv);
}

int sim_arrivals_draw(const struct sim_scenario *sc, int c, int weekday, struct rng *r, double *out,
		      int max)
{
	const struct sim_category *cat = &sc->cat[c];
	const struct sim_profile *p = cat->has_profile ? &cat->profile : &sc->profile;
	int open = sc->cfg.hours[weekday].n ? sc->cfg.hours[weekday].spans[0].start : -1;
	double lmax, t;
	int n = 0;

	if (open < 0 || cat->per_day <= 0)
		return 0;
	if (sim_profile_integral(p, open, sc->last_ticket) <= 0)
		return 0;
	/* The profile's peak bounds the rate everywhere. */
	lmax = cat->per_day * sc->day_factor * sc->weekday_factor[weekday] *
	       sim_profile_max(p, open, sc->last_ticket) /
	       sim_profile_integral(p, open, sc->last_ticket);
	if (lmax <= 0)
		return 0;
	t = open;
	while (n < max) {
		t += rng_exponential(r, 1.0 / lmax);
		if (t >= sc->last_ticket)
			break;
		if (rng_uniform(r) * lmax < sim_scenario_rate(sc, c, weekday, t))
			out[n++] = t;
	}
	return n;
}

static double lognormal_or_fixed(struct rng *r, double mean, double cv)
{
	return mean <= 0 ? 0 : rng_lognormal(r, mean, cv);
}

static int fail(char *err, size_t size, const char *what, const struct office_error *oe)
{
	snprintf(err, size, "%s: %s (%s)", what, oe ? oe->message : "", oe ? oe->code : "");
	return -1;
}

/* Applies @ev to the office and shows it to the sink. */
static int apply(struct sim_day *d, const struct event *ev, char *err, size_t size)
{
	struct office_error oe;

	if (office_apply(d->o, ev, &oe))
		return fail(err, size, event_type_name(ev->type), &oe);
	if (d->sink && d->sink(d->ctx, d->o, ev)) {
		snprintf(err, size, "stopped after %s", event_type_name(ev->type));
		return -1;
	}
	return 0;
}

static int people(struct sim_day *d, int64_t at, int count, char *err, size_t size)
{
	struct event ev;

	for (int i = 0; i < abs(count); i++) {
		event_init(&ev, EVENT_PEOPLE, at);
		ev.count = count > 0 ? 1 : -1;
		if (apply(d, &ev, err, size))
			return -1;
	}
	return 0;
}

static void window_id(const struct sim_day *d, int w, struct event *ev)
{
	snprintf(ev->window, sizeof(ev->window), "%s", d->sc->cfg.windows[w].id);
}

static int window_event(struct sim_day *d, enum event_type type, int w, int64_t at, char *err,
			size_t size)
{
	struct event ev;

	event_init(&ev, type, at);
	window_id(d, w, &ev);
	return apply(d, &ev, err, size);
}

static int set_window_open(struct sim_day *d, int w, bool open, int64_t at, char *err, size_t size)
{
	struct event ev;

	event_init(&ev, EVENT_WINDOW_SET, at);
	window_id(d, w, &ev);
	ev.has_open = true;
	ev.open = open;
	return apply(d, &ev, err, size);
}

/* A citizen takes a ticket of category @c (with booking @b, or -1). */
static int take_ticket(struct sim_day *d, int c, int b, int64_t at, char *err, size_t size)
{
	const struct sim_scenario *sc = d->sc;
	struct sim_ticket *st;
	struct event ev;
	int number = office_next_number(d->o, c), t, group;

	if (number < 0 || d->o->n_tickets >= OFFICE_MAX_TICKETS || !d->o->day_open)
		return 0; /* no more tickets today: the citizen goes home */
	group = 1 + (int)rng_poisson(&d->r_door, sc->companions);
	if (people(d, at, group, err, size))
		return -1;
	event_init(&ev, EVENT_TICKET_ISSUE, at);
	snprintf(ev.category, sizeof(ev.category), "%s", sc->cfg.categories[c].id);
	ev.number = number;
	if (b >= 0)
		snprintf(ev.reservation, sizeof(ev.reservation), "%s", d->bookings[b].id);
	t = d->o->n_tickets;
	st = &d->tickets[t];
	st->walk_in = b < 0;
	st->service = sim_service_draw(sc, c, &d->r_customer);
	st->away = rng_uniform(&d->r_customer) < sc->cat[c].no_show;
	st->leaves_at = INT64_MAX;
	if (sc->cat[c].patience_mean > 0 && b < 0)
		st->leaves_at = at + (int64_t)llround(rng_exponential(&d->r_customer,
								      sc->cat[c].patience_mean) *
						      MS_PER_MIN);
	d->group[t] = group;
	if (apply(d, &ev, err, size))
		return -1;
	/* Who will not be there when called leaves: now, or when patience runs out;
	 * some of those who give up withdraw the ticket as they go. */
	if (st->away)
		return push(d, at + (int64_t)MS_PER_MIN, ITEM_PEOPLE_OUT, group);
	if (st->leaves_at != INT64_MAX) {
		if (sc->cat[c].cancel_share > 0 &&
		    rng_uniform(&d->r_extra) < sc->cat[c].cancel_share &&
		    push(d, st->leaves_at, ITEM_CANCEL, t))
			return -1;
		return push(d, st->leaves_at, ITEM_GIVE_UP, t);
	}
	return 0;
}

/* Every free open window calls the next ticket by its rule. */
static int try_calls(struct sim_day *d, int64_t now, char *err, size_t size)
{
	const struct sim_scenario *sc = d->sc;

	if (!d->o->day_open)
		return 0;
	for (int w = 0; w < sc->cfg.n_windows; w++) {
		const struct office_window *ow = &d->o->windows[w];
		const struct sim_ticket *st;
		struct event ev;
		int t;

		if (!ow->open || ow->ticket >= 0)
			continue;
		t = office_next_ticket(d->o, w, now);
		if (t < 0)
			continue;
		event_init(&ev, EVENT_TICKET_CALL, now);
		window_id(d, w, &ev);
		snprintf(ev.ticket, sizeof(ev.ticket), "%s", d->o->tickets[t].label);
		if (apply(d, &ev, err, size))
			return -1;
		st = &d->tickets[t];
		if (st->away || now >= st->leaves_at) {
			int64_t lost = (int64_t)llround(sc->no_show_minutes * MS_PER_MIN);

			if (sc->recall && lost > 0 && push(d, now + lost / 2, ITEM_RECALL, w))
				goto full;
			if (push(d, now + lost, ITEM_NO_SHOW, w))
				goto full;
		} else {
			double walk = lognormal_or_fixed(&d->r_window, sc->walk_mean, sc->walk_cv);
			int64_t serve = now + (int64_t)llround(walk * MS_PER_MIN);

			if (push(d, serve, ITEM_SERVE, w))
				goto full;
			if (push(d, serve + (int64_t)llround(st->service * MS_PER_MIN), ITEM_DONE,
				 w))
				goto full;
		}
	}
	return 0;
full:
	snprintf(err, size, "more than %d pending happenings", SIM_MAX_ITEMS);
	return -1;
}

/* Booking @b is made at @now; the citizen comes to check in, or not. */
static int book_one(struct sim_day *d, int b, int64_t now, char *err, size_t size)
{
	const struct sim_scenario *sc = d->sc;
	int slot = d->bookings[b].slot;
	struct event ev;

	event_init(&ev, EVENT_RESERVATION_BOOK, now);
	snprintf(ev.reservation, sizeof(ev.reservation), "%s", d->bookings[b].id);
	snprintf(ev.category, sizeof(ev.category), "%s",
		 sc->cfg.categories[d->bookings[b].category].id);
	ev.slot_start = ms_at(d, slot);
	ev.slot_end = ms_at(d, slot + sc->slot_minutes);
	if (apply(d, &ev, err, size))
		return -1;
	if (rng_uniform(&d->r_customer) < sc->show_up) {
		double arrive =
			slot + sc->punctual_mean + sc->punctual_sd * rng_normal(&d->r_customer);
		int64_t at = ms_at(d, arrive);

		if (at <= now)
			at = now + 1;
		if (push(d, at, ITEM_CHECKIN, b))
			return -1;
		d->checkins_pending++;
	}
	return 0;
}

static int book_reservations(struct sim_day *d, int64_t now, char *err, size_t size)
{
	const struct sim_scenario *sc = d->sc;
	int slots = (sc->slots_until - sc->slots_from) / sc->slot_minutes;
	int total = 0, n[CONFIG_MAX_CATEGORIES] = { 0 };

	for (int c = 0; c < sc->cfg.n_categories; c++) {
		n[c] = (int)rng_poisson(&d->r_customer, sc->cat[c].reservations_per_day);
		total += n[c];
	}
	if (total == 0 || slots <= 0)
		return 0;
	if (total > OFFICE_MAX_RESERVATIONS)
		total = OFFICE_MAX_RESERVATIONS;
	d->bookings = calloc((size_t)total, sizeof(*d->bookings));
	if (!d->bookings) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	int *taken = calloc((size_t)slots, sizeof(int));

	if (!taken) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	for (int c = 0; c < sc->cfg.n_categories; c++) {
		for (int k = 0; k < n[c] && d->n_bookings < total; k++) {
			int i = (int)rng_below(&d->r_customer, (uint64_t)slots);

			/* A full slot: the next one with room, else no booking. */
			for (int j = 0; sc->slot_capacity > 0 && j < slots; j++) {
				if (taken[(i + j) % slots] < sc->slot_capacity) {
					i = (i + j) % slots;
					break;
				}
			}
			if (sc->slot_capacity > 0 && taken[i] >= sc->slot_capacity)
				continue;
			taken[i]++;
			int b = d->n_bookings++;

			snprintf(d->bookings[b].id, sizeof(d->bookings[b].id), "R%d-%03d",
				 (int)d->date, b + 1);
			d->bookings[b].category = c;
			d->bookings[b].slot = sc->slots_from + i * sc->slot_minutes;
			if (sc->same_day > 0 && rng_uniform(&d->r_extra) < sc->same_day) {
				/* Booked on the spot, between opening and 15 minutes before the slot. */
				double open = sc->cfg.hours[d->weekday].spans[0].start;
				double last = d->bookings[b].slot - 15.0;

				if (last > open) {
					double t = open + rng_uniform(&d->r_extra) * (last - open);

					if (push(d, ms_at(d, t), ITEM_BOOK, b)) {
						free(taken);
						return -1;
					}
					d->checkins_pending++;
					continue;
				}
			}
			if (book_one(d, b, now, err, size)) {
				free(taken);
				return -1;
			}
		}
	}
	free(taken);
	return 0;
}

/* The day has opened at @now: schedule its arrivals, breaks and bookings. */
static int day_opened(struct sim_day *d, int64_t now, char *err, size_t size)
{
	const struct sim_scenario *sc = d->sc;
	double *times;
	double total = 0, queue_mean;
	int64_t queue;

	d->opened = true;
	times = malloc(sizeof(*times) * OFFICE_MAX_TICKETS);
	if (!times)
		goto oom;
	for (int c = 0; c < sc->cfg.n_categories; c++) {
		int n = sim_arrivals_draw(sc, c, d->weekday, &d->r_arrival, times,
					  OFFICE_MAX_TICKETS);

		for (int i = 0; i < n; i++) {
			if (push(d, ms_at(d, times[i]), ITEM_ARRIVAL, c))
				goto full;
		}
		total += sc->cat[c].per_day;
	}
	free(times);
	times = NULL;

	/* The queue at the door at opening takes its tickets first. */
	queue_mean = sc->opening_queue * sc->day_factor * sc->weekday_factor[d->weekday];
	queue = rng_poisson(&d->r_arrival, queue_mean);
	for (int64_t i = 0; i < queue && total > 0; i++) {
		double u = rng_uniform(&d->r_arrival) * total;
		int c = 0;

		while (c < sc->cfg.n_categories - 1 && u >= sc->cat[c].per_day) {
			u -= sc->cat[c].per_day;
			c++;
		}
		if (push(d,
			 now + (int64_t)(SIM_OPENING_SPREAD * MS_PER_MIN * (double)i /
					 (double)queue),
			 ITEM_ARRIVAL, c))
			goto full;
	}

	for (int w = 0; w < sc->cfg.n_windows; w++) {
		const struct config_window *cw = &sc->cfg.windows[w];

		for (int k = 0; k < cw->n_breaks; k++) {
			int64_t from = ms_at(d, cw->breaks[k].start);

			if (push(d, from < now ? now : from, ITEM_BREAK_START, w) ||
			    push(d, ms_at(d, cw->breaks[k].end), ITEM_BREAK_END, w))
				goto full;
		}
	}

	/* Unannounced closures: staff called away from a window for a while. */
	for (int w = 0; w < sc->cfg.n_windows && sc->closures > 0; w++) {
		double open = sc->cfg.hours[d->weekday].spans[0].start;
		int64_t k = rng_poisson(&d->r_extra, sc->closures);

		if (!sc->cfg.windows[w].open)
			continue;
		for (int64_t i = 0; i < k; i++) {
			double from = open + rng_uniform(&d->r_extra) * (sc->last_ticket - open);
			double len = rng_lognormal(&d->r_extra, sc->closure_minutes, 0.5);

			if (push(d, ms_at(d, from), ITEM_CLOSE_START, w) ||
			    push(d, ms_at(d, from + len), ITEM_CLOSE_END, w))
				goto full;
		}
	}

	/* Groups: a bus or a school class, taking tickets within a few minutes. */
	if (sc->groups > 0 && total > 0) {
		double open = sc->cfg.hours[d->weekday].spans[0].start;
		int64_t k = rng_poisson(&d->r_extra, sc->groups * sc->day_factor *
							     sc->weekday_factor[d->weekday]);

		for (int64_t g = 0; g < k; g++) {
			double t0 = open + rng_uniform(&d->r_extra) * (sc->last_ticket - 30 - open);
			int64_t n = 1 + rng_poisson(&d->r_extra, sc->group_size - 1);

			for (int64_t i = 0; i < n; i++) {
				double u = rng_uniform(&d->r_extra) * total;
				int c = 0;

				while (c < sc->cfg.n_categories - 1 && u >= sc->cat[c].per_day) {
					u -= sc->cat[c].per_day;
					c++;
				}
				if (push(d, ms_at(d, t0 + 3.0 * rng_uniform(&d->r_extra)),
					 ITEM_ARRIVAL, c))
					goto full;
			}
		}
	}

	/* Visitors without a ticket, in proportion to the ticket traffic. */
	if (sc->visitors > 0) {
		double t = sc->cfg.hours[d->weekday].spans[0].start, rate = 0;
		int n = 0;

		for (int c = 0; c < sc->cfg.n_categories; c++)
			rate += sc->cat[c].per_day;
		rate *= sc->visitors * sc->day_factor * sc->weekday_factor[d->weekday] /
			(sc->last_ticket - t);
		while (rate > 0 && n++ < SIM_MAX_VISITORS) {
			t += rng_exponential(&d->r_door, 1.0 / rate);
			if (t >= sc->last_ticket)
				break;
			if (push(d, ms_at(d, t), ITEM_VISITOR, 0))
				goto full;
		}
	}
	return book_reservations(d, now, err, size);
oom:
	snprintf(err, size, "out of memory");
	return -1;
full:
	free(times);
	snprintf(err, size, "more than %d pending happenings", SIM_MAX_ITEMS);
	return -1;
}

/* Ends the day: everyone still inside goes out. */
static int day_over(struct sim_day *d, int64_t at, char *err, size_t size)
{
	d->over = true;
	return people(d, at, -d->o->occupancy, err, size);
}

static int do_due(struct sim_day *d, int64_t now, char *err, size_t size)
{
	struct event due[16];
	int n = office_due(d->o, now, due, 16);

	for (int i = 0; i < n; i++) {
		if (apply(d, &due[i], err, size))
			return -1;
		if (due[i].type == EVENT_DAY_OPEN && day_opened(d, now, err, size))
			return -1;
		if (due[i].type == EVENT_DAY_CLOSE && d->opened)
			return day_over(d, now, err, size);
	}
	if (d->opened && !d->o->day_open)
		return day_over(d, now, err, size);
	return push(d, now + SIM_DUE_EVERY, ITEM_DUE, 0);
}

/* After the last ticket, with nobody waiting or served and nobody to come. */
static bool day_done(const struct sim_day *d, int64_t now)
{
	const struct office *o = d->o;

	if (!d->opened || now < ms_at(d, d->sc->last_ticket) || d->checkins_pending > 0)
		return false;
	for (int w = 0; w < d->sc->cfg.n_windows; w++) {
		if (o->windows[w].ticket >= 0)
			return false;
	}
	for (int t = 0; t < o->n_tickets; t++) {
		if (o->tickets[t].state == TICKET_WAITING)
			return false;
	}
	return true;
}

static int process(struct sim_day *d, const struct item *it, char *err, size_t size)
{
	int w = it->a, r;

	if (it->kind == ITEM_DUE)
		return do_due(d, it->at, err, size);
	if (!d->o->day_open)
		return 0;
	switch (it->kind) {
	case ITEM_ARRIVAL:
		return take_ticket(d, it->a, -1, it->at, err, size);
	case ITEM_CHECKIN:
		d->checkins_pending--;
		r = office_reservation_find(d->o, d->bookings[it->a].id);
		if (r < 0 || d->o->reservations[r].state != RESERVATION_BOOKED)
			return 0; /* expired: too late */
		return take_ticket(d, d->bookings[it->a].category, it->a, it->at, err, size);
	case ITEM_BREAK_START:
	case ITEM_BREAK_END:
	case ITEM_CLOSE_START:
	case ITEM_CLOSE_END: {
		/* Breaks and closures are those of a window that opens with the day;
		 * staff open the others. It is open outside both. */
		bool was;

		if (!d->sc->cfg.windows[w].open)
			return 0;
		was = !d->in_break[w] && !d->in_closure[w];
		if (it->kind == ITEM_BREAK_START || it->kind == ITEM_BREAK_END)
			d->in_break[w] = it->kind == ITEM_BREAK_START;
		else
			d->in_closure[w] = it->kind == ITEM_CLOSE_START;
		if (d->sc->closures <= 0) /* as always: every break event is applied */
			return set_window_open(d, w, it->kind == ITEM_BREAK_END, it->at, err, size);
		if (was == (!d->in_break[w] && !d->in_closure[w]))
			return 0;
		return set_window_open(d, w, was ? false : true, it->at, err, size);
	}
	case ITEM_CANCEL: {
		struct event ev;

		if (it->a >= d->o->n_tickets || d->o->tickets[it->a].state != TICKET_WAITING)
			return 0;
		event_init(&ev, EVENT_TICKET_CANCEL, it->at);
		snprintf(ev.ticket, sizeof(ev.ticket), "%s", d->o->tickets[it->a].label);
		return apply(d, &ev, err, size);
	}
	case ITEM_BOOK:
		d->checkins_pending--;
		return book_one(d, it->a, it->at, err, size);
	case ITEM_SERVE:
		return window_event(d, EVENT_TICKET_SERVE, w, it->at, err, size);
	case ITEM_DONE:
		if (push(d, it->at + (int64_t)llround(d->sc->leave_minutes * MS_PER_MIN),
			 ITEM_PEOPLE_OUT, d->group[d->o->windows[w].ticket]))
			return -1;
		return window_event(d, EVENT_TICKET_DONE, w, it->at, err, size);
	case ITEM_RECALL:
		return window_event(d, EVENT_TICKET_RECALL, w, it->at, err, size);
	case ITEM_NO_SHOW:
		return window_event(d, EVENT_TICKET_NO_SHOW, w, it->at, err, size);
	case ITEM_PEOPLE_OUT:
		return people(d, it->at, -it->a, err, size);
	case ITEM_GIVE_UP: {
		/* A holder called in time was served and goes out after service. */
		int64_t called = d->o->tickets[it->a].called_at;

		if (called > 0 && called < it->at)
			return 0;
		return people(d, it->at, -d->group[it->a], err, size);
	}
	case ITEM_VISITOR:
		if (people(d, it->at, 1, err, size))
			return -1;
		return push(d,
			    it->at +
				    (int64_t)llround(lognormal_or_fixed(&d->r_door,
									d->sc->visit_minutes, 0.6) *
						     MS_PER_MIN),
			    ITEM_PEOPLE_OUT, 1);
	case ITEM_DUE:
		break;
	}
	return 0;
}

struct sim_day *sim_day_new(const struct sim_scenario *sc, struct office *o, int32_t date,
			    uint64_t seed, sim_sink_fn sink, void *ctx)
{
	struct sim_day *d = calloc(1, sizeof(*d));
	int open;

	if (!d)
		return NULL;
	d->sc = sc;
	d->o = o;
	d->date = date;
	d->weekday = civil_weekday(date);
	d->midnight = civil_to_ms(date, 0, sc->cfg.utc_offset_minutes);
	d->sink = sink;
	d->ctx = ctx;
	seed_stream(&d->r_arrival, seed, date, 1);
	seed_stream(&d->r_customer, seed, date, 2);
	seed_stream(&d->r_window, seed, date, 3);
	seed_stream(&d->r_door, seed, date, 4);
	seed_stream(&d->r_extra, seed, date, 5);
	open = sc->cfg.hours[d->weekday].n ? sc->cfg.hours[d->weekday].spans[0].start : -1;
	if (open < 0) {
		d->over = true;
		return d;
	}
	if (push(d, ms_at(d, open), ITEM_DUE, 0)) {
		sim_day_free(d);
		return NULL;
	}
	return d;
}

void sim_day_free(struct sim_day *d)
{
	if (!d)
		return;
	free(d->heap);
	free(d->bookings);
	free(d);
}

int64_t sim_day_next_at(const struct sim_day *d)
{
	if (d->over || d->n_items == 0)
		return INT64_MAX;
	return d->heap[0].at;
}

int sim_day_step(struct sim_day *d, char *err, size_t size)
{
	int64_t now = sim_day_next_at(d);

	if (now == INT64_MAX)
		return 0;
	while (!d->over && d->n_items > 0 && d->heap[0].at == now) {
		struct item it = pop(d);

		if (process(d, &it, err, size))
			return -1;
		if (!d->over && try_calls(d, now, err, size))
			return -1;
	}
	if (!d->over && day_done(d, now)) {
		struct event ev;

		event_init(&ev, EVENT_DAY_CLOSE, now);
		ev.day = d->o->day;
		if (apply(d, &ev, err, size))
			return -1;
		return day_over(d, now, err, size);
	}
	return 0;
}

int sim_day_run(struct sim_day *d, char *err, size_t size)
{
	while (sim_day_next_at(d) != INT64_MAX) {
		if (sim_day_step(d, err, size))
			return -1;
	}
	return 0;
}

const struct sim_ticket *sim_day_ticket(const struct sim_day *d, int t)
{
	if (t < 0 || t >= d->o->n_tickets)
		return NULL;
	return &d->tickets[t];
}

int32_t sim_day_date(const struct sim_day *d)
{
	return d->date;
}
