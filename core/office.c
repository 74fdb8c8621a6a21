/* SPDX-License-Identifier: MIT */
#include "core/office.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/civil.h"

#define MS_PER_MINUTE 60000LL

static int fail(struct office_error *err, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct office_error *err, const char *code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

static void window_reset(struct office *o, int w)
{
	const struct config_window *cw = &o->cfg->windows[w];
	struct office_window *ow = &o->windows[w];

	memset(ow, 0, sizeof(*ow));
	ow->open = cw->open;
	memcpy(ow->categories, cw->categories, sizeof(ow->categories));
	ow->n_categories = cw->n_categories;
	ow->ticket = -1;
}

struct office *office_new(const struct config *cfg)
{
	struct office *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->cfg = cfg;
	o->service = EVENT_SERVICE_OPEN;
	memcpy(o->notice, cfg->notice, sizeof(o->notice));
	for (int w = 0; w < cfg->n_windows; w++)
		window_reset(o, w);
	for (int c = 0; c < cfg->n_categories; c++)
		o->next_number[c] = cfg->categories[c].first;
	o->door_open = true;
	return o;
}

void office_free(struct office *o)
{
	free(o);
}

void office_label(const struct office *o, int c, int number, char *buf, size_t size)
{
	const struct config_category *cc = &o->cfg->categories[c];

	snprintf(buf, size, "%s%0*d", cc->prefix, cc->digits, number);
}

int office_next_number(const struct office *o, int c)
{
	int n = o->next_number[c];

	return n > o->cfg->categories[c].last ? -1 : n;
}

_Static_assert(OFFICE_TICKET_HASH >= 2 * OFFICE_MAX_TICKETS && OFFICE_MAX_TICKETS < INT16_MAX,
	       "the label index must stay at most half full and hold every index");

/* FNV-1a of @label: the first slot of the label index to look at. */
static unsigned office_label_slot(const char *label)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)label; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h & (OFFICE_TICKET_HASH - 1);
}

int office_ticket_find(const struct office *o, const char *label)
{
	for (unsigned k = office_label_slot(label);; k = (k + 1) & (OFFICE_TICKET_HASH - 1)) {
		int i = o->ticket_hash[k] - 1;

		if (i < 0)
			return -1;
		if (strcmp(o->tickets[i].label, label) == 0)
			return i;
	}
}

/* Today's ticket @i into the label index (its label is not there yet). */
static void office_label_add(struct office *o, int i)
{
	unsigned k = office_label_slot(o->tickets[i].label);

	while (o->ticket_hash[k])
		k = (k + 1) & (OFFICE_TICKET_HASH - 1);
	o->ticket_hash[k] = (int16_t)(i + 1);
}

int office_reservation_find(const struct office *o, const char *id)
{
	for (int i = 0; i < o->n_reservations; i++) {
		if (strcmp(o->reservations[i].id, id) == 0)
			return i;
	}
	return -1;
}

int office_waiting(const struct office *o, int c)
{
	int n = 0;

	for (int i = 0; i < o->n_tickets; i++) {
		if (o->tickets[i].category == c && o->tickets[i].state == TICKET_WAITING)
			n++;
	}
	return n;
}

static bool window_serves(const struct office_window *ow, int c)
{
	for (int i = 0; i < ow->n_categories; i++) {
		if (ow->categories[i] == c)
			return true;
	}
	return false;
}

/* A checked-in reservation ticket whose slot has not started yet. */
static bool ticket_is_early(const struct office *o, const struct office_ticket *t, int64_t now)
{
	return t->reservation >= 0 && o->reservations[t->reservation].slot_start > now;
}

/* Oldest waiting walk-in (or started reservation) of category c, or -1. */
static int oldest_of(const struct office *o, int c, int64_t now)
{
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *t = &o->tickets[i];

		if (t->state == TICKET_WAITING && t->category == c && !ticket_is_early(o, t, now))
			return i;
	}
	return -1;
}

int office_next_ticket(const struct office *o, int w, int64_t now)
{
	const struct office_window *ow = &o->windows[w];
	int best = -1;

	/* Reservations whose slot has started go first, earliest slot first. */
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *t = &o->tickets[i];

		if (t->state != TICKET_WAITING || t->reservation < 0 ||
		    !window_serves(ow, t->category) || ticket_is_early(o, t, now))
			continue;
		if (best < 0 || o->reservations[t->reservation].slot_start <
					o->reservations[o->tickets[best].reservation].slot_start)
			best = i;
	}
	if (best >= 0)
		return best;

	switch (o->cfg->windows[w].rule) {
	case CONFIG_RULE_LONGEST:
		for (int i = 0; i < o->n_tickets; i++) {
			const struct office_ticket *t = &o->tickets[i];

			if (t->state == TICKET_WAITING && window_serves(ow, t->category) &&
			    !ticket_is_early(o, t, now))
				return i;
		}
		break;
	case CONFIG_RULE_PRIORITY:
		for (int k = 0; k < ow->n_categories; k++) {
			best = oldest_of(o, ow->categories[k], now);
			if (best >= 0)
				return best;
		}
		break;
	case CONFIG_RULE_FIFO:
		for (int k = 0; k < ow->n_categories; k++) {
			int pos = (ow->rr_next + k) % ow->n_categories;

			best = oldest_of(o, ow->categories[pos], now);
			if (best >= 0)
				return best;
		}
		break;
	}

	/* Nobody else: a checked-in reservation may be called before its slot. */
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *t = &o->tickets[i];

		if (t->state == TICKET_WAITING && window_serves(ow, t->category))
			return i;
	}
	return -1;
}

static int find_window(const struct office *o, const char *id, struct office_error *err)
{
	int w = config_window_index(o->cfg, id);

	if (w < 0)
		fail(err, "unknown_window", "there is no window '%s'", id);
	return w;
}

static int need_day_open(const struct office *o, struct office_error *err)
{
	if (!o->day_open)
		return fail(err, "day_closed", "the office day is not open");
	return 0;
}

static const char *state_name(enum ticket_state s)
{
	static const char *const names[] = {
		[TICKET_WAITING] = "waiting", [TICKET_CALLED] = "called",
		[TICKET_SERVING] = "serving", [TICKET_DONE] = "done",
		[TICKET_NO_SHOW] = "no-show", [TICKET_CANCELLED] = "cancelled",
	};
	return names[s];
}

static void push_call(struct office *o, int ticket, int w, int64_t at, bool recall)
{
	memmove(&o->calls[1], &o->calls[0], sizeof(o->calls[0]) * (OFFICE_RECENT_CALLS - 1));
	o->calls[0].seq = ++o->call_seq;
	o->calls[0].ticket = ticket;
	o->calls[0].window = w;
	o->calls[0].at = at;
	o->calls[0].recall = recall;
	if (o->n_calls < OFFICE_RECENT_CALLS)
		o->n_calls++;
}

/* Ends the window's current ticket in state @end at @at. */
static void window_finish(struct office *o, int w, enum ticket_state end, int64_t at)
{
	struct office_window *ow = &o->windows[w];
	struct office_ticket *t = &o->tickets[ow->ticket];

	t->state = end;
	t->ended_at = at;
	if (end == TICKET_DONE)
		o->counts[t->category].done++;
	else if (end == TICKET_NO_SHOW)
		o->counts[t->category].no_show++;
	else if (end == TICKET_CANCELLED)
		o->counts[t->category].cancelled++;
	if (at > ow->busy_since)
		ow->busy_ms += (double)(at - ow->busy_since);
	ow->ticket = -1;
}

static int apply_day_open(struct office *o, const struct event *ev, struct office_error *err)
{
	int64_t day_start;

	if (ev->day < 19700101 || ev->day > 99991231 || ev->day % 100 < 1 || ev->day % 100 > 31 ||
	    ev->day / 100 % 100 < 1 || ev->day / 100 % 100 > 12)
		return fail(err, "bad_day", "day %d is not a date YYYYMMDD", (int)ev->day);
	if (o->day_open)
		return fail(err, "day_open", "the day %d is still open", (int)o->day);
	if (ev->day < o->day)
		return fail(err, "bad_day", "day %d is before the current day %d", (int)ev->day,
			    (int)o->day);
	o->day_open = true;
	o->service = EVENT_SERVICE_OPEN;
	if (ev->day == o->day)
		return 0; /* reopened the same day: numbering goes on */

	o->day = ev->day;
	o->n_tickets = 0;
	memset(o->ticket_hash, 0, sizeof(o->ticket_hash));
	o->n_calls = 0;
	memset(o->counts, 0, sizeof(o->counts));
	for (int c = 0; c < o->cfg->n_categories; c++)
		o->next_number[c] = o->cfg->categories[c].first;
	for (int w = 0; w < o->cfg->n_windows; w++)
		window_reset(o, w);
	o->people_in = 0;
	o->people_out = 0;
	o->occupancy_corrections = 0;

	/* Keep only reservations for this day or later. */
	day_start = civil_to_ms(ev->day, 0, o->cfg->utc_offset_minutes);
	int kept = 0;
	for (int i = 0; i < o->n_reservations; i++) {
		struct office_reservation r = o->reservations[i];

		if (r.slot_start < day_start || r.state != RESERVATION_BOOKED)
			continue;
		r.ticket = -1;
		o->reservations[kept++] = r;
	}
	o->n_reservations = kept;
	return 0;
}

static int apply_day_close(struct office *o, const struct event *ev, struct office_error *err)
{
	if (need_day_open(o, err))
		return -1;
	if (ev->day != o->day)
		return fail(err, "bad_day", "day %d is not the open day %d", (int)ev->day,
			    (int)o->day);
	for (int w = 0; w < o->cfg->n_windows; w++) {
		if (o->windows[w].ticket >= 0)
			window_finish(o, w, TICKET_CANCELLED, ev->at);
	}
	for (int i = 0; i < o->n_tickets; i++) {
		struct office_ticket *t = &o->tickets[i];

		if (t->state == TICKET_WAITING) {
			t->state = TICKET_CANCELLED;
			t->ended_at = ev->at;
			o->counts[t->category].cancelled++;
		}
	}
	o->day_open = false;
	return 0;
}

bool office_between_spans(const struct office *o, int64_t at, int *reopen)
{
	struct civil c;
	struct calendar_day day;

	civil_from_ms(at, o->cfg->utc_offset_minutes, &c);
	calendar_day_get(o->cfg, c.yyyymmdd, &day);
	for (int i = 1; i < day.hours.n; i++) {
		if (c.minute_of_day >= day.hours.spans[i - 1].end &&
		    c.minute_of_day < day.hours.spans[i].start) {
			*reopen = day.hours.spans[i].start;
			return true;
		}
	}
	return false;
}

static int apply_issue(struct office *o, const struct event *ev, struct office_error *err)
{
	const struct config_category *cc;
	struct office_ticket *t;
	int c, r = -1, reopen;
	char label[EVENT_TICKET_MAX];

	if (need_day_open(o, err))
		return -1;
	if (o->service != EVENT_SERVICE_OPEN)
		return fail(err, "suspended", "issuing tickets is suspended");
	if (office_between_spans(o, ev->at, &reopen))
		return fail(err, "midday_closed", "reception is closed until %02d:%02d",
			    reopen / 60, reopen % 60);
	c = config_category_index(o->cfg, ev->category);
	if (c < 0)
		return fail(err, "unknown_category", "there is no category '%s'", ev->category);
	cc = &o->cfg->categories[c];
	if (ev->number < cc->first || ev->number > cc->last)
		return fail(err, "bad_number", "number %d is outside category %s's range %d-%d",
			    ev->number, cc->id, cc->first, cc->last);
	office_label(o, c, ev->number, label, sizeof(label));
	if (office_ticket_find(o, label) >= 0)
		return fail(err, "duplicate_number", "ticket %s was already issued today", label);
	if (o->n_tickets >= OFFICE_MAX_TICKETS)
		return fail(err, "too_many_tickets", "the day's limit of %d tickets is reached",
			    OFFICE_MAX_TICKETS);
	if (ev->reservation[0]) {
		r = office_reservation_find(o, ev->reservation);
		if (r < 0)
			return fail(err, "unknown_reservation", "there is no reservation '%s'",
				    ev->reservation);
		if (o->reservations[r].state != RESERVATION_BOOKED)
			return fail(err, "bad_state", "reservation %s is not waiting for check-in",
				    ev->reservation);
		if (o->reservations[r].category != c)
			return fail(err, "bad_category", "reservation %s is for category %s",
				    ev->reservation,
				    o->cfg->categories[o->reservations[r].category].id);
	}

	t = &o->tickets[o->n_tickets];
	memset(t, 0, sizeof(*t));
	copy_str(t->label, sizeof(t->label), label);
	t->number = ev->number;
	t->category = c;
	t->state = TICKET_WAITING;
	t->window = -1;
	t->reservation = r;
	t->issued_at = ev->at;
	if (r >= 0) {
		o->reservations[r].state = RESERVATION_CHECKED_IN;
		o->reservations[r].ticket = o->n_tickets;
	}
	office_label_add(o, o->n_tickets);
	o->n_tickets++;
	if (ev->number >= o->next_number[c])
		o->next_number[c] = ev->number + 1;
	o->counts[c].issued++;
	return 0;
}

static int apply_call(struct office *o, const struct event *ev, struct office_error *err)
{
	struct office_window *ow;
	struct office_ticket *t;
	int w, i;

	if (need_day_open(o, err))
		return -1;
	w = find_window(o, ev->window, err);
	if (w < 0)
		return -1;
	ow = &o->windows[w];
	if (!ow->open)
		return fail(err, "window_closed", "window %s is closed", ev->window);
	i = office_ticket_find(o, ev->ticket);
	if (i < 0)
		return fail(err, "unknown_ticket", "there is no ticket '%s' today", ev->ticket);
	t = &o->tickets[i];
	if (t->state != TICKET_WAITING)
		return fail(err, "bad_state", "ticket %s is %s, not waiting", t->label,
			    state_name(t->state));
	if (!window_serves(ow, t->category))
		return fail(err, "wrong_window", "window %s does not serve category %s", ev->window,
			    o->cfg->categories[t->category].id);

	/* Calling the next one finishes the window's current ticket. */
	if (ow->ticket >= 0)
		window_finish(o, w, TICKET_DONE, ev->at);
	t->state = TICKET_CALLED;
	t->window = w;
	t->called_at = ev->at;
	ow->ticket = i;
	ow->busy_since = ev->at;
	ow->calls++;
	for (int k = 0; k < ow->n_categories; k++) {
		if (ow->categories[k] == t->category)
			ow->rr_next = (k + 1) % ow->n_categories;
	}
	o->counts[t->category].called++;
	push_call(o, i, w, ev->at, false);
	return 0;
}

/* The window of @ev with its current ticket in one of the states of @mask. */
static int window_with_ticket(struct office *o, const struct event *ev, unsigned mask,
			      const char *action, struct office_error *err)
{
	int w = find_window(o, ev->window, err);
	const struct office_ticket *t;

	if (w < 0)
		return -1;
	if (o->windows[w].ticket < 0)
		return fail(err, "no_ticket", "window %s has no ticket to %s", ev->window, action);
	t = &o->tickets[o->windows[w].ticket];
	if (!(mask & (1u << t->state)))
		return fail(err, "bad_state", "ticket %s at window %s is %s; cannot %s", t->label,
			    ev->window, state_name(t->state), action);
	return w;
}

static int apply_window_action(struct office *o, const struct event *ev, struct office_error *err)
{
	const unsigned called = 1u << TICKET_CALLED, serving = 1u << TICKET_SERVING;
	struct office_ticket *t;
	int w;

	if (need_day_open(o, err))
		return -1;
	switch (ev->type) {
	case EVENT_TICKET_RECALL:
		w = window_with_ticket(o, ev, called, "recall", err);
		if (w < 0)
			return -1;
		t = &o->tickets[o->windows[w].ticket];
		t->recalls++;
		push_call(o, o->windows[w].ticket, w, ev->at, true);
		return 0;
	case EVENT_TICKET_SERVE:
		w = window_with_ticket(o, ev, called, "start serving", err);
		if (w < 0)
			return -1;
		t = &o->tickets[o->windows[w].ticket];
		t->state = TICKET_SERVING;
		t->served_at = ev->at;
		return 0;
	case EVENT_TICKET_DONE:
		w = window_with_ticket(o, ev, called | serving, "finish", err);
		if (w < 0)
			return -1;
		window_finish(o, w, TICKET_DONE, ev->at);
		return 0;
	case EVENT_TICKET_NO_SHOW:
		w = window_with_ticket(o, ev, called, "mark as no-show", err);
		if (w < 0)
			return -1;
		window_finish(o, w, TICKET_NO_SHOW, ev->at);
		return 0;
	default:
		assert(!"not a window action");
		return -1;
	}
}

static int apply_cancel(struct office *o, const struct event *ev, struct office_error *err)
{
	int i;

	if (need_day_open(o, err))
		return -1;
	i = office_ticket_find(o, ev->ticket);
	if (i < 0)
		return fail(err, "unknown_ticket", "there is no ticket '%s' today", ev->ticket);
	if (o->tickets[i].state != TICKET_WAITING)
		return fail(err, "bad_state", "ticket %s is %s, not waiting", ev->ticket,
			    state_name(o->tickets[i].state));
	o->tickets[i].state = TICKET_CANCELLED;
	o->tickets[i].ended_at = ev->at;
	o->counts[o->tickets[i].category].cancelled++;
	return 0;
}

static int apply_book(struct office *o, const struct event *ev, struct office_error *err)
{
	struct office_reservation *r;
	int c;

	if (!ev->reservation[0])
		return fail(err, "bad_reservation", "a reservation needs an id");
	if (office_reservation_find(o, ev->reservation) >= 0)
		return fail(err, "duplicate_reservation", "reservation '%s' already exists",
			    ev->reservation);
	c = config_category_index(o->cfg, ev->category);
	if (c < 0)
		return fail(err, "unknown_category", "there is no category '%s'", ev->category);
	if (ev->slot_end <= ev->slot_start)
		return fail(err, "bad_slot", "the slot of reservation '%s' ends before it starts",
			    ev->reservation);
	if (o->day && ev->slot_start < civil_to_ms(o->day, 0, o->cfg->utc_offset_minutes))
		return fail(err, "bad_slot", "the slot of reservation '%s' is before today",
			    ev->reservation);
	if (o->n_reservations >= OFFICE_MAX_RESERVATIONS)
		return fail(err, "too_many_reservations", "the limit of %d reservations is reached",
			    OFFICE_MAX_RESERVATIONS);
	r = &o->reservations[o->n_reservations++];
	memset(r, 0, sizeof(*r));
	copy_str(r->id, sizeof(r->id), ev->reservation);
	r->category = c;
	r->slot_start = ev->slot_start;
	r->slot_end = ev->slot_end;
	r->state = RESERVATION_BOOKED;
	r->ticket = -1;
	return 0;
}

static int apply_reservation_end(struct office *o, const struct event *ev, struct office_error *err)
{
	int r = office_reservation_find(o, ev->reservation);

	if (r < 0)
		return fail(err, "unknown_reservation", "there is no reservation '%s'",
			    ev->reservation);
	if (o->reservations[r].state != RESERVATION_BOOKED)
		return fail(err, "bad_state", "reservation %s is not waiting for check-in",
			    ev->reservation);
	o->reservations[r].state =
		ev->type == EVENT_RESERVATION_CANCEL ? RESERVATION_CANCELLED : RESERVATION_NO_SHOW;
	return 0;
}

static int apply_window_set(struct office *o, const struct event *ev, struct office_error *err)
{
	int cats[CONFIG_MAX_CATEGORIES];
	struct office_window *ow;
	int w = find_window(o, ev->window, err);

	if (w < 0)
		return -1;
	ow = &o->windows[w];
	if (ev->has_categories) {
		if (ev->n_categories < 1 || ev->n_categories > CONFIG_MAX_CATEGORIES)
			return fail(err, "bad_categories", "a window serves 1 to %d categories",
				    CONFIG_MAX_CATEGORIES);
		for (int k = 0; k < ev->n_categories; k++) {
			cats[k] = config_category_index(o->cfg, ev->categories[k]);
			if (cats[k] < 0)
				return fail(err, "unknown_category", "there is no category '%s'",
					    ev->categories[k]);
			for (int j = 0; j < k; j++) {
				if (cats[j] == cats[k])
					return fail(err, "bad_categories",
						    "category '%s' is listed twice",
						    ev->categories[k]);
			}
		}
		memcpy(ow->categories, cats, sizeof(cats[0]) * ev->n_categories);
		ow->n_categories = ev->n_categories;
		ow->rr_next = 0;
	}
	if (ev->has_open)
		ow->open = ev->open;
	return 0;
}

int office_apply(struct office *o, const struct event *ev, struct office_error *err)
{
	int rc = 0;

	err->code = NULL;
	err->message[0] = '\0';
	switch (ev->type) {
	case EVENT_DAY_OPEN:
		rc = apply_day_open(o, ev, err);
		break;
	case EVENT_DAY_CLOSE:
		rc = apply_day_close(o, ev, err);
		break;
	case EVENT_TICKET_ISSUE:
		rc = apply_issue(o, ev, err);
		break;
	case EVENT_TICKET_CALL:
		rc = apply_call(o, ev, err);
		break;
	case EVENT_TICKET_RECALL:
	case EVENT_TICKET_SERVE:
	case EVENT_TICKET_DONE:
	case EVENT_TICKET_NO_SHOW:
		rc = apply_window_action(o, ev, err);
		break;
	case EVENT_TICKET_CANCEL:
		rc = apply_cancel(o, ev, err);
		break;
	case EVENT_RESERVATION_BOOK:
		rc = apply_book(o, ev, err);
		break;
	case EVENT_RESERVATION_CANCEL:
	case EVENT_RESERVATION_EXPIRE:
		rc = apply_reservation_end(o, ev, err);
		break;
	case EVENT_WINDOW_SET:
		rc = apply_window_set(o, ev, err);
		break;
	case EVENT_NOTICE_SET:
		memcpy(o->notice, ev->text, sizeof(o->notice));
		break;
	case EVENT_SERVICE_SET:
		if (need_day_open(o, err))
			return -1;
		if (ev->service != EVENT_SERVICE_OPEN && ev->service != EVENT_SERVICE_SUSPENDED)
			return fail(err, "bad_service", "unknown service state %d",
				    (int)ev->service);
		o->service = ev->service;
		break;
	case EVENT_DOOR:
		o->door_open = ev->open;
		break;
	case EVENT_PEOPLE:
		if (ev->count > 0)
			o->people_in += ev->count;
		else
			o->people_out -= ev->count;
		o->occupancy += ev->count;
		if (o->occupancy < 0)
			o->occupancy = 0;
		break;
	case EVENT_OCCUPANCY_RESET:
		o->occupancy_corrections += ev->count;
		o->occupancy += ev->count;
		if (o->occupancy < 0)
			o->occupancy = 0;
		break;
	case EVENT_SENSOR:
		o->sensor_fault = !ev->ok;
		copy_str(o->sensor_fault_name, sizeof(o->sensor_fault_name),
			 ev->ok ? "" : ev->sensor);
		break;
	default:
		return fail(err, "bad_event", "unknown event type %d", (int)ev->type);
	}
	if (rc)
		return rc;
	o->seq++;
	o->last_at = ev->at;
	return 0;
}

int office_due(const struct office *o, int64_t now, struct event *out, int max)
{
	const struct config *cfg = o->cfg;
	struct civil c;
	struct calendar_day day;
	bool open_now, day_open = o->day_open;
	int n = 0;

	civil_from_ms(now, cfg->utc_offset_minutes, &c);
	calendar_day_get(cfg, c.yyyymmdd, &day);
	/* The day lasts from its first opening to its last closing, midday closures included. */
	open_now = day.hours.n > 0 && c.minute_of_day >= day.hours.spans[0].start &&
		   c.minute_of_day < day.hours.spans[day.hours.n - 1].end;

	if (day_open && (c.yyyymmdd != o->day || !open_now) && n < max) {
		event_init(&out[n], EVENT_DAY_CLOSE, now);
		out[n++].day = o->day;
		day_open = false;
	}
	if (!day_open && open_now && c.yyyymmdd != o->day && n < max) {
		event_init(&out[n], EVENT_DAY_OPEN, now);
		out[n++].day = c.yyyymmdd;
		day_open = true;
	}
	if (!day_open || n > 0)
		return n; /* expiries are looked at once the day's state has settled */
	for (int i = 0; i < o->n_reservations && n < max; i++) {
		const struct office_reservation *r = &o->reservations[i];

		if (r->state == RESERVATION_BOOKED &&
		    now >= r->slot_start + cfg->reservation_grace_minutes * MS_PER_MINUTE) {
			event_init(&out[n], EVENT_RESERVATION_EXPIRE, now);
			copy_str(out[n].reservation, sizeof(out[n].reservation), r->id);
			n++;
		}
	}
	return n;
}
